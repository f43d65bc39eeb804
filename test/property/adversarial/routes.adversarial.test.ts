import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { gatewayHost, grpcRule, headerMatch, httpRule, timeout, traffic } from './gateway-api';
import {
  checkRun, edgy, FUZZ_TIMEOUT, fuzzRuns, garbage, given, image, labelKey, listOf, maybe, mostly, name, port, rarelyGarbage, urlPath, withGarbage,
} from './harness';
import { AllowedRoutes, ExposedWebApp, Gateway, GatewayProtocol, IGateway, RouteParent } from '../../../lib';

/**
 * ExposedWebApp's `route`, `grpcRoute` (with `httpsRedirect`) and `canary` under adversarial
 * input, attached to a Gateway of the app or to one owned elsewhere: each run ends in our error
 * naming the prop the user passed, or in YAML the strict validator (the Gateway API CRD
 * schemas of v1.4 and v1.6 included) and ManifestChecks accept.
 */

/** Which Gateway a parent names: the app's, the reference, or garbage in its place. */
const parentSpec = rarelyGarbage(fc.record({
  gateway: fc.oneof({ weight: 10, arbitrary: fc.constantFrom('app', 'ref') }, { weight: 1, arbitrary: garbage }),
  sectionName: edgy2(fc.constantFrom('https', 'https', 'http'), fc.constantFrom(undefined, 'nope', 'HTTP', 'a.b', '')),
  port: maybe(fc.oneof(fc.constantFrom(80, 443), port)),
}, { requiredKeys: ['gateway'] }));

function edgy2<T>(valid: fc.Arbitrary<T>, edges: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: edges });
}

const parents = edgy2(fc.array(parentSpec, { minLength: 1, maxLength: 2 }), fc.oneof(fc.constant([]), garbage));

const annotations = fc.dictionary(fc.oneof(labelKey, fc.constant('Bad Key')), fc.string({ maxLength: 4 }), { maxKeys: 2 });

const routeProps = rarelyGarbage(fc.record({
  parents: mostly(parents),
  hostnames: maybe(listOf(gatewayHost, 3, 16)),
  // The HTTPS redirect route is named `<name>-https-redirect`: 238 characters is the most that fits.
  name: maybe(edgy(name, fc.constantFrom('a'.repeat(238), 'a'.repeat(239), 'a'.repeat(253), 'a'.repeat(254)))),
  namespace: maybe(fc.constantFrom('gateway', 'shop', 'Bad_NS')),
  annotations: maybe(annotations),
  paths: maybe(listOf(urlPath, 3, 64)),
  rules: maybe(listOf(httpRule, 3, 16)),
  timeout: maybe(timeout),
  backendTimeout: maybe(timeout),
  // Mostly the plain-HTTP listener of the app's Gateway: the route's parents mostly name its HTTPS one.
  httpsRedirect: maybe(rarelyGarbage(fc.record({ parents: mostly(edgy2(fc.constant([{ gateway: 'app', sectionName: 'http' }]), parents)), permanent: maybe(fc.boolean()), port: maybe(port) }, { requiredKeys: ['parents'] }))),
}, { requiredKeys: ['parents'] }));

const grpcProps = rarelyGarbage(fc.record({
  parents: mostly(parents),
  hostnames: maybe(listOf(gatewayHost, 3, 16)),
  name: maybe(name),
  namespace: maybe(fc.constantFrom('gateway', 'shop')),
  annotations: maybe(annotations),
  services: maybe(listOf(fc.constantFrom('shop.v1.Cart', 'shop.v1.Orders', 'a b', '1x', ''), 3, 16)),
  rules: maybe(listOf(grpcRule, 3, 16)),
}, { requiredKeys: ['parents'] }));

const canaryProps = rarelyGarbage(fc.record({
  image: mostly(image),
  replicas: maybe(fc.oneof(fc.integer({ min: -1, max: 4 }), fc.constantFrom(1.5, NaN, Infinity))),
  traffic: maybe(traffic),
  header: maybe(fc.oneof(fc.constant({ name: 'x-canary', value: 'always' }), headerMatch)),
  withInjections: maybe(fc.boolean()),
}, { requiredKeys: ['image'] }));

const appProps = withGarbage(fc.record({
  name: maybe(name),
  namespace: maybe(fc.constantFrom('shop', 'gateway')),
  // Mostly a route, often a canary: the props under test.
  route: fc.option(routeProps, { nil: undefined, freq: 4 }),
  grpcRoute: maybe(grpcProps),
  canary: fc.option(canaryProps, { nil: undefined, freq: 2 }),
  // What a canary and routes meet elsewhere in the app: an Ingress beside them, the policy, the autoscaler and budget of the stable track.
  replicas: maybe(fc.integer({ min: 1, max: 4 })),
  serviceType: maybe(fc.constantFrom(...Object.values(kplus.ServiceType))),
  ingress: maybe(fc.record({ hosts: maybe(fc.array(gatewayHost, { maxLength: 2 })) }, { requiredKeys: [] })),
  networkPolicy: maybe(fc.record({
    allowSameNamespace: maybe(fc.boolean()),
    gatewayDataPlaneNamespaces: maybe(listOf(fc.oneof(fc.constantFrom('envoy-gateway-system', 'gateway'), name), 2, 2)),
    allowFromCidrs: maybe(fc.constantFrom(['10.0.0.0/8'], ['0.0.0.0/0'])),
  }, { requiredKeys: [] })),
  autoscaling: maybe(fc.record({ maxReplicas: fc.integer({ min: 1, max: 5 }), minReplicas: maybe(fc.integer({ min: 1, max: 3 })) }, { requiredKeys: ['maxReplicas'] })),
  disruptionBudget: maybe(fc.constantFrom(
    { maxUnavailable: kplus.PercentOrAbsolute.absolute(1) }, { minAvailable: kplus.PercentOrAbsolute.percent(50) })),
}, { requiredKeys: [] }));

const gatewayPlan = fc.record({
  namespace: fc.constantFrom('gateway', 'shop'),
  // Valid listeners only: their edges are the Gateway test's; here the routes are under test.
  hostname: fc.constantFrom(undefined, '*.example.com', 'shop.example.com'),
  allowed: fc.constantFrom('all', 'all', 'same', 'shop'),
  refNamespace: maybe(fc.constantFrom('gateway', 'edge')),
});

type GatewayPlan = typeof gatewayPlan extends fc.Arbitrary<infer T> ? T : never;

/** The app's Gateway (`http` on 80, `https` on 443) and a reference to one owned elsewhere. */
function gateways(chart: Chart, plan: GatewayPlan): { app: IGateway; ref: IGateway } {
  const allowedRoutes = plan.allowed === 'all' ? AllowedRoutes.allNamespaces()
    : plan.allowed === 'shop' ? AllowedRoutes.fromNamespaces(['shop']) : AllowedRoutes.sameNamespace();
  const app = new Gateway(chart, 'gw', {
    name: 'public',
    namespace: plan.namespace,
    gatewayClassName: 'eg',
    listeners: [
      { name: 'http', hostname: plan.hostname, allowedRoutes },
      { name: 'https', protocol: GatewayProtocol.HTTPS, hostname: plan.hostname, certificates: [{ secretName: 'tls' }], allowedRoutes },
    ],
  });
  return { app, ref: Gateway.fromGatewayName(chart, 'ref', 'shared', plan.refNamespace) };
}

/** The parents as the user would write them: specs naming 'app' or 'ref' become those Gateways. */
function materialize(list: unknown, gws: { app: IGateway; ref: IGateway }): RouteParent[] {
  if (!Array.isArray(list)) return list as any;
  return list.map(p => (p !== null && typeof p === 'object' && (p.gateway === 'app' || p.gateway === 'ref') ? { ...p, gateway: gws[p.gateway as 'app' | 'ref'] } : p));
}

function withParents(options: any, gws: { app: IGateway; ref: IGateway }): any {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return options;
  const out = { ...options, parents: materialize(options.parents, gws) };
  if (out.httpsRedirect !== null && typeof out.httpsRedirect === 'object' && !Array.isArray(out.httpsRedirect)) {
    out.httpsRedirect = { ...out.httpsRedirect, parents: materialize(out.httpsRedirect.parents, gws) };
  }
  return out;
}

describe('ExposedWebApp routes and canary under adversarial input', () => {
  test('route / grpcRoute / httpsRedirect / canary: our error naming the prop, or valid YAML', () => {
    const drawn = fc.oneof({ weight: 20, arbitrary: appProps }, { weight: 1, arbitrary: garbage });
    // Valid runs that reached what is under test: a canary, a gRPC route, an HTTPS redirect.
    const reached = { canary: 0, grpcRoute: 0, httpsRedirect: 0 };
    fuzzRuns('ExposedWebApp routes', fc.tuple(drawn, gatewayPlan), ([props, plan], outcome) => {
      const roots = given(props, ['image']);
      const before = outcome.valid;
      checkRun(outcome, 'ExposedWebApp', roots, chart => {
        const gws = gateways(chart, plan);
        const p = props !== null && typeof props === 'object' && !Array.isArray(props)
          ? { ...props, route: withParents(props.route, gws), grpcRoute: withParents(props.grpcRoute, gws) } : props;
        new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3', ...p } as any);
      });
      if (outcome.valid > before) {
        if (props?.canary) reached.canary++;
        if (props?.grpcRoute) reached.grpcRoute++;
        if (props?.route?.httpsRedirect) reached.httpsRedirect++;
      }
    });
    expect(reached.canary).toBeGreaterThan(0);
    expect(reached.grpcRoute).toBeGreaterThan(0);
    expect(reached.httpsRedirect).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);

  test('names the library derives from the user\'s (the HTTPS redirect route, canary header twins): our error naming the prop, or valid YAML', () => {
    const length = fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 230, max: 254 }));
    const plan = fc.record({
      routeName: maybe(length),
      ruleNames: fc.array(fc.oneof(length.map(n => 'r'.repeat(n)), fc.constantFrom('api', 'api-canary', 'api-canary-canary')), { minLength: 1, maxLength: 3 }),
      redirect: fc.boolean(),
      header: fc.boolean(),
    });
    fuzzRuns('ExposedWebApp derived route names', plan, (p, outcome) => {
      checkRun(outcome, 'ExposedWebApp', ['route', 'canary'], chart => {
        const gateway = Gateway.fromGatewayName(chart, 'ref', 'shared', 'gateway');
        new ExposedWebApp(chart, 'web', {
          image: 'nginx:1.27.3',
          route: {
            name: p.routeName === undefined ? undefined : 'n'.repeat(p.routeName),
            parents: [{ gateway, sectionName: 'https' }],
            rules: p.ruleNames.map((ruleName, i) => ({ name: ruleName, paths: [`/p${i}`] })),
            httpsRedirect: p.redirect ? { parents: [{ gateway, sectionName: 'http' }] } : undefined,
          },
          canary: { image: 'nginx:1.27.4', header: p.header ? { name: 'x-canary', value: 'always' } : undefined },
        });
      });
    });
  }, FUZZ_TIMEOUT);

  test('an HTTP rule alone: every rule shape ends in our error naming route.rules[0], or valid YAML', () => {
    fuzzRuns('ExposedWebApp route rule', fc.tuple(httpRule, maybe(timeout)), ([rule, routeTimeout], outcome) => {
      checkRun(outcome, 'ExposedWebApp', ['route'], chart => {
        const gateway = Gateway.fromGatewayName(chart, 'ref', 'shared', 'gateway');
        new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3', route: { parents: [{ gateway }], rules: [rule], timeout: routeTimeout } });
      });
    });
  }, FUZZ_TIMEOUT);
});
