import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  CanaryOptions, CanaryTraffic, ConfigMapInjection, ExposedWebApp, ExposedWebAppProps, Gateway, InjectionTarget, UpgradeGuard,
} from '../../lib';
import { mapSelectorMatches } from '../../lib/checks/manifest';
import { expectError, expectWellFormed, find, newChart, synth } from '../support/synth';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';
const NEXT = 'nginxinc/nginx-unprivileged:1.27.4-alpine';
const WEB = "ExposedWebApp 'test/web': invalid";

function build(canary?: Partial<CanaryOptions>, props: Partial<ExposedWebAppProps> = {}) {
  const chart = newChart({ namespace: 'shop' });
  const gateway = Gateway.fromGatewayName(chart, 'gw', 'public', 'gateway');
  const app = new ExposedWebApp(chart, 'web', {
    image: IMAGE,
    route: { parents: [{ gateway }], hostnames: ['shop.example.com'] },
    canary: canary && { image: NEXT, ...canary },
    ...props,
  });
  return { chart, app, out: synth(chart) };
}

const byName = (out: any[], kind: string, name: string) => find(out.filter(m => m.metadata.name === name), kind, name);

describe('canary track', () => {
  const { app, out } = build({});

  test('its own Deployment and Service beside the stable ones; the route splits 90/10 by default', () => {
    expect(out.map(m => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Deployment/web', 'Service/web', 'HTTPRoute/web', 'Deployment/web-canary', 'Service/web-canary',
    ]);
    expect(find(out, 'HTTPRoute').spec.rules[0].backendRefs).toEqual([
      { name: 'web', port: 80, weight: 90 },
      { name: 'web-canary', port: 80, weight: 10 },
    ]);
    expectWellFormed(out);
    expect(out).toMatchSnapshot();
  });

  test('the canary runs its image and replica count, with everything else of the stable pod template', () => {
    const stable = byName(out, 'Deployment', 'web');
    const canary = byName(out, 'Deployment', 'web-canary');
    expect(canary.spec.replicas).toEqual(1);
    expect(canary.spec.template.spec.containers[0].image).toEqual(NEXT);
    const { image: _a, ...stableContainer } = stable.spec.template.spec.containers[0];
    const { image: _b, ...canaryContainer } = canary.spec.template.spec.containers[0];
    expect(canaryContainer).toEqual(stableContainer);
    expect({ ...canary.spec.template.spec, containers: [] }).toEqual({ ...stable.spec.template.spec, containers: [] });
    expect(canary.spec.strategy).toEqual(stable.spec.strategy);
  });

  test('selectors are disjoint: neither Service selects the other\'s pods', () => {
    const stablePods = byName(out, 'Deployment', 'web').spec.template.metadata.labels;
    const canaryPods = byName(out, 'Deployment', 'web-canary').spec.template.metadata.labels;
    const stableSelector = byName(out, 'Service', 'web').spec.selector;
    const canarySelector = byName(out, 'Service', 'web-canary').spec.selector;
    expect(mapSelectorMatches(stableSelector, stablePods)).toBe(true);
    expect(mapSelectorMatches(canarySelector, canaryPods)).toBe(true);
    expect(mapSelectorMatches(stableSelector, canaryPods)).toBe(false);
    expect(mapSelectorMatches(canarySelector, stablePods)).toBe(false);
    expect(canaryPods).toMatchObject({ 'app.kubernetes.io/instance': 'web-canary', 'cdk8s-patterns.io/track': 'canary', 'app.kubernetes.io/name': 'web' });
    expect(app.canarySelectorLabels).toEqual(canarySelector);
    expect(byName(out, 'Deployment', 'web-canary').spec.selector.matchLabels).toEqual(canarySelector);
  });

  test('the stable objects are byte for byte the same with and without a canary', () => {
    const { out: without } = build(undefined);
    for (const kind of ['Deployment', 'Service']) {
      expect(JSON.stringify(byName(out, kind, 'web'))).toEqual(JSON.stringify(byName(without, kind, 'web')));
    }
    expect(find(without, 'HTTPRoute').spec.rules[0].backendRefs).toEqual([{ name: 'web', port: 80 }]);
  });

  test('adding, reweighting, promoting and removing a canary: the upgrade guard finds nothing', () => {
    const steps = [
      build(undefined).out,
      build({}).out,
      build({ traffic: CanaryTraffic.percent(50) }).out,
      build({}, { image: NEXT }).out,
      build(undefined, { image: NEXT }).out,
    ];
    for (let i = 1; i < steps.length; i++) expect(UpgradeGuard.compare(steps[i - 1], steps[i])).toEqual([]);
  });
});

describe('canary traffic', () => {
  const weights = (canary: Partial<CanaryOptions>) => find(build(canary).out, 'HTTPRoute').spec.rules[0].backendRefs.map((b: any) => b.weight);
  test.each([
    [CanaryTraffic.percent(25), [75, 25]],
    [CanaryTraffic.percent(0.5), [995, 5]],
    [CanaryTraffic.percent(12.3456), [876544, 123456]],
    [CanaryTraffic.percent(0), [100, 0]],
    [CanaryTraffic.percent(100), [0, 100]],
    [CanaryTraffic.weights(3, 1), [3, 1]],
    [CanaryTraffic.weights(0, 1_000_000), [0, 1_000_000]],
  ])('%# gives the weights %j', (traffic, expected) => {
    expect(weights({ traffic })).toEqual(expected);
  });
});

describe('canary opt-in header', () => {
  test('each forwarding rule gets a twin, after the rules, that sends the header\'s requests to the canary alone', () => {
    const chart = newChart({ namespace: 'shop' });
    const gateway = Gateway.fromGatewayName(chart, 'gw', 'public');
    new ExposedWebApp(chart, 'web', {
      image: IMAGE,
      route: {
        parents: [{ gateway }],
        rules: [
          { name: 'api', paths: ['/api'] },
          { paths: ['/old'], redirect: { path: '/new' } },
          { matches: [{ path: '/', headers: [{ name: 'x-tenant', value: 'acme' }] }] },
        ],
      },
      canary: { image: NEXT, header: { name: 'x-canary', value: 'always' } },
    });
    const rules = find(synth(chart), 'HTTPRoute').spec.rules;
    expect(rules).toHaveLength(5);
    expect(rules[3]).toEqual({
      name: 'api-canary',
      matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'x-canary', value: 'always' }] }],
      backendRefs: [{ name: 'web-canary', port: 80 }],
    });
    expect(rules[4].matches[0].headers).toEqual([{ name: 'x-tenant', value: 'acme' }, { name: 'x-canary', value: 'always' }]);
    expect(rules[1].backendRefs).toBeUndefined();
  });

  test('a gRPC rule without matches gets a twin matching the header alone', () => {
    const chart = newChart();
    const gateway = Gateway.fromGatewayName(chart, 'gw', 'public');
    new ExposedWebApp(chart, 'web', { image: IMAGE, grpcRoute: { parents: [{ gateway }] }, canary: { image: NEXT, header: { name: 'x-canary', value: 'always' } } });
    expect(find(synth(chart), 'GRPCRoute').spec.rules[1]).toEqual({
      matches: [{ headers: [{ name: 'x-canary', value: 'always' }] }],
      backendRefs: [{ name: 'web-canary', port: 80 }],
    });
  });
});

describe('canary and the rest of the app', () => {
  test('injections reach the canary too, unless withInjections is false', () => {
    const inject = (withInjections?: boolean) => {
      const chart = newChart({ namespace: 'shop' });
      const gateway = Gateway.fromGatewayName(chart, 'gw', 'public');
      const app = new ExposedWebApp(chart, 'web', { image: IMAGE, route: { parents: [{ gateway }] }, canary: { image: NEXT, withInjections } });
      new ConfigMapInjection(chart, 'cfg', { literals: { mode: 'prod' }, namespace: 'shop' }).injectAllEnv(InjectionTarget.fromPattern(app));
      const out = synth(chart);
      expectWellFormed(out);
      return byName(out, 'Deployment', 'web-canary').spec.template;
    };
    const withConfig = inject(undefined);
    expect(withConfig.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'cfg' } }]);
    expect(withConfig.metadata.annotations['checksum/config']).toMatch(/^cfg:/);
    const bare = inject(false);
    expect(bare.spec.containers[0].envFrom).toBeUndefined();
    expect(bare.metadata.annotations).toBeUndefined();
    expect(bare.spec.containers[0].image).toEqual(NEXT);
  });

  test('changes made through the app\'s parts reach the canary', () => {
    const chart = newChart();
    const gateway = Gateway.fromGatewayName(chart, 'gw', 'public');
    const app = new ExposedWebApp(chart, 'web', { image: IMAGE, route: { parents: [{ gateway }] }, canary: { image: NEXT } });
    app.mainContainer.env.addVariable('LOG_LEVEL', kplus.EnvValue.fromValue('debug'));
    const canary = byName(synth(chart), 'Deployment', 'web-canary');
    expect(canary.spec.template.spec.containers[0].env).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
  });

  test('with autoscaling, a disruption budget and a network policy: the canary keeps its replicas, has no budget, and a policy of its own', () => {
    const { app, out } = build({ replicas: 2 }, {
      autoscaling: { maxReplicas: 5 }, disruptionBudget: {}, networkPolicy: { allowFromNamespaces: ['monitoring'] },
    });
    expect(byName(out, 'Deployment', 'web-canary').spec.replicas).toEqual(2);
    expect(out.filter(m => m.kind === 'PodDisruptionBudget').map(m => m.metadata.name)).toEqual(['web']);
    expect(out.filter(m => m.kind === 'HorizontalPodAutoscaler').map(m => m.metadata.name)).toEqual(['web']);
    const stablePolicy = byName(out, 'NetworkPolicy', 'web');
    const canaryPolicy = byName(out, 'NetworkPolicy', 'web-canary');
    expect(canaryPolicy.spec.podSelector.matchLabels).toEqual(app.canarySelectorLabels);
    expect(canaryPolicy.spec.ingress).toEqual(stablePolicy.spec.ingress);
    expect(canaryPolicy.spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
    ]);
    expectWellFormed(out);
  });

  test('the plain and the cdk8s-plus forms write the same canary', () => {
    const render = (parts: boolean) => {
      const chart = newChart();
      const gateway = Gateway.fromGatewayName(chart, 'gw', 'public');
      const app = new ExposedWebApp(chart, 'web', { image: IMAGE, route: { parents: [{ gateway }] }, canary: { image: NEXT } });
      if (parts) expect(app.deployment).toBeInstanceOf(kplus.Deployment);
      return JSON.stringify(Testing.synth(chart));
    };
    expect(render(true)).toEqual(render(false));
  });
});

describe('canary checks', () => {
  test('a canary needs a route', () => {
    expectError(() => new ExposedWebApp(newChart(), 'web', { image: IMAGE, canary: { image: NEXT } }),
      `${WEB} canary "${NEXT}": needs a 'route' or 'grpcRoute': traffic is split by the route's backend weights, and an Ingress has no portable weights`);
  });

  test('a canary image is pinned like the app\'s', () => {
    expectError(() => build({ image: 'nginx:latest' }),
      `${WEB} canary.image "nginx:latest": must carry a tag other than 'latest' (e.g. "nginx:1.25.3") or a digest, so every rollout runs the same code; set 'allowMutableImageTag' to accept it`);
  });

  test('weights and percentages the API server would refuse', () => {
    expectError(() => build({ traffic: CanaryTraffic.weights(-1, 10) }), `${WEB} canary.traffic.stable -1: must be a whole number within 0-1000000`);
    expectError(() => build({ traffic: CanaryTraffic.weights(0, 0) }),
      `${WEB} canary.traffic [0,0]: must not both be zero: a rule whose backends all weigh 0 answers every request with an error`);
    expectError(() => build({ traffic: CanaryTraffic.percent(100.5) }), `${WEB} canary.traffic 100.5: must be a percentage within 0-100 with at most four decimals`);
    expectError(() => build({ traffic: CanaryTraffic.percent(0.00001) }), `${WEB} canary.traffic 0.00001: must be a percentage within 0-100 with at most four decimals`);
  });

  test('the opt-in header must not be tested by the route already', () => {
    const chart = newChart();
    const gateway = Gateway.fromGatewayName(chart, 'gw', 'public');
    expectError(() => new ExposedWebApp(chart, 'web', {
      image: IMAGE,
      route: { parents: [{ gateway }], rules: [{ matches: [{ headers: [{ name: 'X-Canary', value: 'no' }] }] }] },
      canary: { image: NEXT, header: { name: 'x-canary', value: 'always' } },
    }), `${WEB} canary.header "x-canary": is already matched by route.rules[0].matches[0]; the canary's opt-in header must be one the routes do not test`);
  });

  test('a canary name beyond 63 characters', () => {
    const name = 'a'.repeat(57);
    expectError(() => build({}, { name }),
      `${WEB} canary "${name}-canary": names the canary Deployment, which is longer than 63 characters; shorten the app's name`);
  });
});
