import { ApiObject, App, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  ConfigMapInjection, ExposedWebApp, ExposedWebAppProps, ExternalTrafficPolicy, Gateway, HealthChecks, InjectionTarget, SessionAffinity,
} from '../lib';
import { configKey, configValue, RUNS, SEED, webAppProps } from './property/arbitraries';
import { withChildMovesRefused } from './support/child-moves';
import { expectWellFormed, find, newChart, synth } from './support/synth';
import { looksSecret } from '../lib/shared/config-data';

/**
 * An ExposedWebApp and a ConfigMapInjection write each manifest from plain data until its
 * cdk8s-plus part is read (lib/shared/pod-template.ts). These tests hold the two forms to the
 * same YAML, byte for byte and in the same order, for random props, injections and reads:
 * any parts, alone or together, read before the injections (which then go to cdk8s-plus
 * directly) or after (they are replayed, and the data moves into the cdk8s-plus ConfigMap).
 */

/** Options the shared generator leaves out, each valid for any props it makes. */
const extras = fc.record({
  serviceName: fc.option(fc.constantFrom('httpd-service', 'hello-svc'), { nil: undefined }),
  namespace: fc.option(fc.constantFrom('shop', 'team-a'), { nil: undefined }),
  portName: fc.option(fc.constantFrom('web', 'http-alt'), { nil: undefined }),
  labels: fc.option(fc.constant({ tier: 'edge' }), { nil: undefined }),
  command: fc.option(fc.constant<string[]>(['/bin/app', '--serve']), { nil: undefined }),
  strategy: fc.constantFrom(undefined, 'recreate', 'rolling'),
  revisionHistoryLimit: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  minReady: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  affinity: fc.boolean(),
  security: fc.record({
    readOnlyRootFilesystem: fc.boolean(), automountServiceAccountToken: fc.boolean(), addBind: fc.boolean(), lowPorts: fc.boolean(),
  }),
  resources: fc.option(
    fc.record({ cpu: fc.integer({ min: 10, max: 500 }), mem: fc.integer({ min: 16, max: 512 }), disk: fc.boolean() }),
    { nil: undefined },
  ),
  probes: fc.constantFrom('keep', 'startup', 'custom'),
  ingressExtras: fc.record({ className: fc.boolean(), defaultBackend: fc.boolean(), exact: fc.boolean(), annotate: fc.boolean() }),
  routes: fc.option(fc.record({
    elsewhere: fc.boolean(), grpc: fc.boolean(), redirect: fc.boolean(), canary: fc.boolean(), header: fc.boolean(), bare: fc.boolean(),
  }), { nil: undefined }),
});

/** A Gateway owned elsewhere, for the routes of the generated apps (a reference writes nothing, wherever it is). */
const PUBLIC = Gateway.fromGatewayName(new Chart(new App(), 'refs'), 'public', 'public', 'gateway');

type Extras = typeof extras extends fc.Arbitrary<infer T> ? T : never;

function withExtras(props: ExposedWebAppProps, x: Extras): ExposedWebAppProps {
  const exposed = props.serviceType !== kplus.ServiceType.CLUSTER_IP;
  const sec = props.security ?? {};
  return {
    ...props,
    serviceName: x.serviceName,
    // A route in another namespace needs the app's to be known.
    namespace: x.routes?.elsewhere ? x.namespace ?? 'shop' : x.namespace,
    portName: x.portName,
    labels: x.labels,
    command: x.command,
    strategy: x.strategy === 'recreate' ? kplus.DeploymentStrategy.recreate()
      : x.strategy === 'rolling' ? kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1) }) : undefined,
    revisionHistoryLimit: x.revisionHistoryLimit,
    minReady: x.minReady === undefined ? undefined : Duration.seconds(x.minReady),
    sessionAffinity: x.affinity ? SessionAffinity.CLIENT_IP : undefined,
    externalTrafficPolicy: exposed && x.affinity ? ExternalTrafficPolicy.LOCAL : undefined,
    loadBalancerClass: props.serviceType === kplus.ServiceType.LOAD_BALANCER && x.affinity ? 'service.k8s.aws/nlb' : undefined,
    security: {
      ...sec,
      readOnlyRootFilesystem: x.security.readOnlyRootFilesystem,
      automountServiceAccountToken: x.security.automountServiceAccountToken,
      addCapabilities: x.security.addBind ? [kplus.Capability.NET_BIND_SERVICE] : undefined,
      allowPrivilegedPorts: x.security.lowPorts || undefined,
    },
    resourcePreset: x.resources ? undefined : props.resourcePreset,
    resources: x.resources ? {
      cpu: { request: kplus.Cpu.millis(x.resources.cpu), limit: kplus.Cpu.millis(x.resources.cpu * 2) },
      memory: { request: Size.mebibytes(x.resources.mem), limit: Size.mebibytes(x.resources.mem * 2) },
      ephemeralStorage: x.resources.disk ? { request: Size.gibibytes(1), limit: Size.gibibytes(2) } : undefined,
    } : undefined,
    healthChecks: x.probes === 'startup' ? HealthChecks.http({ path: '/healthz', startupTimeout: Duration.minutes(1) })
      : x.probes === 'custom' ? HealthChecks.custom({ readiness: kplus.Probe.fromCommand(['true']), liveness: kplus.Probe.fromTcpSocket({ port: 8081 }) })
        : props.healthChecks,
    ingress: props.ingress ? {
      ...props.ingress,
      ingressClassName: x.ingressExtras.className ? 'nginx' : undefined,
      defaultBackend: x.ingressExtras.defaultBackend,
      pathType: x.ingressExtras.exact ? kplus.HttpIngressPathType.EXACT : undefined,
      annotations: x.ingressExtras.annotate ? { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' } : undefined,
    } : undefined,
    // Routes, their grant and the canary are plain data in both forms; the canary copies the stable Deployment of either.
    route: x.routes ? {
      parents: [{ gateway: PUBLIC, sectionName: 'https' }],
      hostnames: ['shop.example.com'],
      paths: ['/', '/api'],
      namespace: x.routes.elsewhere ? 'gateway' : undefined,
      httpsRedirect: x.routes.redirect ? { parents: [{ gateway: PUBLIC, sectionName: 'http' }] } : undefined,
    } : undefined,
    grpcRoute: x.routes?.grpc ? { parents: [{ gateway: PUBLIC, sectionName: 'https' }], services: ['shop.v1.Cart'] } : undefined,
    canary: x.routes?.canary ? {
      image: 'nginx:1.27.4', header: x.routes.header ? { name: 'x-canary', value: 'always' } : undefined, withInjections: !x.routes.bare,
    } : undefined,
  };
}

/** Injections of one ConfigMap into the app's main container. */
const injections = fc.record({
  literals: fc.dictionary(configKey.filter(k => !looksSecret(k)), configValue, { minKeys: 1, maxKeys: 4 }),
  env: fc.boolean(),
  prefix: fc.option(fc.constantFrom('CFG_', 'APP_'), { nil: undefined }),
  files: fc.option(fc.record({ items: fc.boolean(), mode: fc.option(fc.constantFrom(0o400, 0o644), { nil: undefined }) }), { nil: undefined }),
  file: fc.boolean(),
  secondConfigMap: fc.boolean(),
});

type Plan = typeof injections extends fc.Arbitrary<infer T> ? T : never;

/** The parts an ExposedWebApp builds as cdk8s-plus objects when read. */
const PARTS = ['deployment', 'service', 'ingress', 'autoscaler', 'mainContainer', 'workload'] as const;
type Part = typeof PARTS[number];

/** What reading a part builds, by kind: the part, and what its cdk8s-plus object refers to. */
const BUILDS: { [part in Part]: string[] } = {
  deployment: ['Deployment'],
  mainContainer: ['Deployment'],
  workload: ['Deployment'],
  service: ['Service'],
  ingress: ['Service', 'Ingress'],
  autoscaler: ['Deployment', 'HorizontalPodAutoscaler'],
};

/** Parts read before the injections and after them, in order; and whether and when the ConfigMap is read. */
const reads = fc.record({
  before: fc.shuffledSubarray([...PARTS]),
  after: fc.shuffledSubarray([...PARTS]),
  configMap: fc.constantFrom('none', 'before', 'after'),
});
type Reads = typeof reads extends fc.Arbitrary<infer T> ? T : never;
const PLAIN: Reads = { before: [], after: [], configMap: 'none' };

/** The cdk8s-plus objects built under a chart, by kind, sorted. */
function plusKinds(chart: Chart): string[] {
  const kinds: [Function, string][] = [[kplus.Deployment, 'Deployment'], [kplus.Service, 'Service'], [kplus.Ingress, 'Ingress'],
    [kplus.HorizontalPodAutoscaler, 'HorizontalPodAutoscaler'], [kplus.ConfigMap, 'ConfigMap']];
  return chart.node.findAll().flatMap(c => kinds.filter(([type]) => c instanceof type).map(([, kind]) => kind)).sort();
}

/** Whether the props give the app this part (an Ingress and an autoscaler are optional). */
function given(props: ExposedWebAppProps, part: Part): boolean {
  return (part !== 'ingress' || props.ingress !== undefined) && (part !== 'autoscaler' || props.autoscaling !== undefined);
}

/** Reads a part; a part the props give must come back, the same object on every read. */
function readPart(web: ExposedWebApp, props: ExposedWebAppProps, part: Part): void {
  const first = web[part];
  expect(first !== undefined).toBe(given(props, part));
  expect(web[part]).toBe(first);
}

/** A resolver that changes nothing: with it, every object takes cdk8s's standard path to JSON (see `RenderedApiObject`). */
const NO_OP_RESOLVER = { resolve: () => undefined };

function build(props: ExposedWebAppProps, plan: Plan, read: Reads, standardPath = false) {
  const chart = standardPath ? new Chart(Testing.app({ resolvers: [NO_OP_RESOLVER] }), 'test') : newChart();
  const web = new ExposedWebApp(chart, 'web', props);
  read.before.forEach(part => readPart(web, props, part));
  const keys = Object.keys(plan.literals).sort();
  const cm = new ConfigMapInjection(chart, 'cfg', { literals: plan.literals, namespace: props.namespace });
  if (read.configMap === 'before') expect(cm.configMap).toBeInstanceOf(kplus.ConfigMap);
  const target = InjectionTarget.fromPattern(web);
  if (plan.env) cm.injectEnv(target, { variables: { ONE: keys[0] } });
  if (plan.prefix) cm.injectAllEnv(target, { prefix: plan.prefix });
  if (plan.files) {
    cm.mountFiles(target, {
      path: '/config/app',
      items: plan.files.items ? [{ key: keys[0], path: 'conf/first' }] : undefined,
      defaultMode: plan.files.mode,
    });
  }
  if (plan.file) cm.mountFile(target, { key: keys[keys.length - 1], path: '/opt/app/app.conf' });
  if (plan.secondConfigMap) {
    const other = new ConfigMapInjection(chart, 'other', { literals: { mode: 'prod' }, namespace: props.namespace });
    other.mountFiles(target, { path: '/config/other' });
  }
  cm.addLiteral('late', 'added after the injections');
  read.after.forEach(part => readPart(web, props, part));
  if (read.configMap === 'after') expect(cm.configMap).toBeInstanceOf(kplus.ConfigMap);
  // Only what was read is built (and what it refers to), and only once.
  const expected = new Set([...read.before, ...read.after].flatMap(part => (given(props, part) ? BUILDS[part] : [])));
  if (read.configMap !== 'none') expected.add('ConfigMap');
  expect(plusKinds(chart)).toEqual([...expected].sort());
  return Testing.synth(chart);
}

describe('plain and cdk8s-plus renderings of an ExposedWebApp and a ConfigMapInjection', () => {
  test('are byte-identical for random props and injections, whichever parts are read, before or after the injections', () => {
    fc.assert(fc.property(webAppProps, extras, injections, reads, reads, (base, x, plan, first, second) => {
      const props = withExtras(base, x);
      const plain = JSON.stringify(build(props, plan, PLAIN));
      expect(JSON.stringify(build(props, plan, first))).toEqual(plain);
      // RenderedApiObject's one-copy rendering and cdk8s's standard one agree.
      expect(JSON.stringify(build(props, plan, second, true))).toEqual(plain);
    }), { seed: SEED, numRuns: Math.ceil(RUNS / 2), endOnFailure: true });
  });

  test('every part read alone, before and after an injection, writes the plain YAML', () => {
    const props: ExposedWebAppProps = {
      image: 'nginx:1.27.3',
      ingress: { hosts: ['shop.example.com'], tlsSecretName: 'shop-tls' },
      autoscaling: { maxReplicas: 3 },
      disruptionBudget: {},
      networkPolicy: {},
      route: { parents: [{ gateway: PUBLIC, sectionName: 'https' }], httpsRedirect: { parents: [{ gateway: PUBLIC, sectionName: 'http' }] } },
      canary: { image: 'nginx:1.27.4' },
    };
    const plan: Plan = { literals: { mode: 'prod' }, env: true, prefix: 'CFG_', files: { items: false, mode: undefined }, file: false, secondConfigMap: false };
    const plain = JSON.stringify(build(props, plan, PLAIN));
    for (const part of PARTS) {
      for (const when of ['before', 'after'] as const) {
        const read: Reads = { ...PLAIN, [when]: [part] };
        expect([part, when, JSON.stringify(build(props, plan, read))]).toEqual([part, when, plain]);
        expect([part, when, JSON.stringify(build(props, plan, read, true))]).toEqual([part, when, plain]);
      }
    }
  });

  test('when the construct node keeps its children otherwise, read parts keep their place by dependencies', () => {
    // The order cdk8s writes comes from moving the children that followed a plain manifest
    // after the part built in its place; where that cannot be done, dependencies give it.
    withChildMovesRefused(() => fc.assert(fc.property(webAppProps, extras, injections, reads, (base, x, plan, read) => {
      const props = withExtras(base, x);
      expect(JSON.stringify(build(props, plan, read))).toEqual(JSON.stringify(build(props, plan, PLAIN)));
    }), { seed: SEED, numRuns: Math.ceil(RUNS / 4), endOnFailure: true }));
  });

  test('a plain app builds no cdk8s-plus objects, and reading a part builds it and what it refers to, once, under the plain id', () => {
    const ids: { [kind: string]: string } = { Deployment: 'Deployment', Service: 'Service', Ingress: 'Ingress', HorizontalPodAutoscaler: 'Autoscaler' };
    for (const read of PARTS) {
      const chart = newChart();
      const web = new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3', ingress: {}, autoscaling: { maxReplicas: 3 } });
      expect(plusKinds(chart)).toEqual([]);
      const plainIds = Object.values(ids).map(id => web.node.findChild(id));
      const first = web[read];
      expect(first).toBeDefined();
      expect([read, plusKinds(chart)]).toEqual([read, [...BUILDS[read]].sort()]);
      expect(web[read]).toBe(first);
      expect(plusKinds(chart)).toEqual([...BUILDS[read]].sort());
      // Each built object takes the id of the plain manifest it replaces; the others stay.
      Object.entries(ids).forEach(([kind, id], i) => {
        const child = web.node.findChild(id);
        if (BUILDS[read].includes(kind)) {
          expect(child).not.toBe(plainIds[i]);
          expect(child).toBeInstanceOf(kplus.Resource);
        } else {
          expect(child).toBe(plainIds[i]);
        }
      });
    }
  });

  test('an app without an Ingress or autoscaler has none to read, and reading them builds nothing', () => {
    const chart = newChart();
    const web = new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3' });
    expect(web.ingress).toBeUndefined();
    expect(web.autoscaler).toBeUndefined();
    expect(chart.node.findAll().some(c => c instanceof kplus.Resource)).toBe(false);
  });

  test('customising a part after injections keeps the injections and adds the change', () => {
    const chart = newChart();
    const web = new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3' });
    const cm = new ConfigMapInjection(chart, 'cfg', { literals: { mode: 'prod' } });
    cm.injectEnv(InjectionTarget.fromPattern(web), { variables: { MODE: 'mode' } });
    web.mainContainer.env.addVariable('EXTRA', kplus.EnvValue.fromValue('1'));
    const out = synth(chart);
    const pod = find(out, 'Deployment').spec.template;
    expect(pod.spec.containers[0].env).toEqual([
      { name: 'MODE', valueFrom: { configMapKeyRef: { key: 'mode', name: 'cfg' } } },
      { name: 'EXTRA', value: '1' },
    ]);
    expect(pod.metadata.annotations['checksum/config']).toEqual(`cfg:${cm.checksum}`);
    expectWellFormed(out);
  });

  test('a child of the app that a user gave the id of an absent part keeps its place when parts are read', () => {
    const synthWith = (read: boolean) => {
      const chart = newChart();
      const web = new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3', ingress: {}, disruptionBudget: {} });
      new ApiObject(web, 'Autoscaler', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra' } });
      if (read) void web.ingress;
      return synth(chart).map(o => o.kind);
    };
    expect(synthWith(true)).toEqual(synthWith(false));
    expect(synthWith(false)).toEqual(['Deployment', 'Service', 'Ingress', 'PodDisruptionBudget', 'ConfigMap']);
  });

  test('a JSON patch on the read Deployment applies with the pattern\'s own', () => {
    const chart = newChart();
    const web = new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3', revisionHistoryLimit: 3 });
    ApiObject.of(web.deployment).addJsonPatch(JsonPatch.add('/spec/paused', true));
    const deployment = find(synth(chart), 'Deployment');
    expect(deployment.spec.paused).toBe(true);
    // The pattern's own patches still apply with it.
    expect(deployment.spec.revisionHistoryLimit).toBe(3);
    expect(Object.keys(deployment.spec.template.metadata.labels)).not.toContain('cdk8s.io/metadata.addr');
  });

  test('an injection that conflicts is refused the same way in both forms', () => {
    for (const buildParts of [false, true]) {
      const chart = newChart();
      const web = new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3', env: { MODE: 'dev' } });
      if (buildParts) void web.deployment;
      const cm = new ConfigMapInjection(chart, 'cfg', { literals: { mode: 'prod' } });
      expect(() => cm.injectEnv(InjectionTarget.fromPattern(web), { variables: { MODE: 'mode' } })).toThrow(
        "ConfigMapInjection 'test/cfg': invalid injectEnv.variables \"MODE\": container \"app\" of Deployment \"web\" already gets MODE from its own env; two sources for one variable would silently shadow each other");
    }
  });
});

describe('a ConfigMapInjection as a plain manifest', () => {
  test('is an IConfigMap that cdk8s-plus workloads reference by name, without building its cdk8s-plus ConfigMap', () => {
    const chart = newChart();
    const cm = new ConfigMapInjection(chart, 'settings', { literals: { mode: 'prod', empty: '' } });
    const pod = new kplus.Pod(chart, 'pod', { containers: [{ image: 'nginx:1.27.3', envFrom: [kplus.Env.fromConfigMap(cm)] }] });
    void pod;
    const out = Testing.synth(chart);
    expect(find(out, 'ConfigMap')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', labels: cm.labels },
      // Kept although a value is empty; cdk8s-plus alone would drop all-empty data.
      data: { empty: '', mode: 'prod' },
      immutable: false,
    });
    expect(find(out, 'Pod').spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'settings' } }]);
    expect([cm.apiVersion, cm.kind, cm.apiGroup, cm.resourceType, cm.resourceName]).toEqual(['v1', 'ConfigMap', '', 'configmaps', 'settings']);
    expect(chart.node.findAll().some(c => c instanceof kplus.ConfigMap)).toBe(false);
  });

  test('data added through the cdk8s-plus ConfigMap counts in the checksum and the synth checks', () => {
    const chart = newChart();
    const cm = new ConfigMapInjection(chart, 'settings', { literals: { mode: 'prod' } });
    const before = cm.checksum;
    cm.configMap.addData('extra', 'x');
    expect(cm.keys).toEqual(['extra', 'mode']);
    expect(cm.checksum).not.toEqual(before);
    expect(find(synth(chart), 'ConfigMap').data).toEqual({ extra: 'x', mode: 'prod' });
  });
});
