import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { absolutePath, dnsLabel, expectErrorNaming, hostName, runChart, settings, synthOnce, webAppProps } from './arbitraries';
import {
  AllowedRoutes, CanaryOptions, CanaryTraffic, ExposedWebApp, ExposedWebAppProps, Gateway, GatewayProtocol, HttpMethod, IGateway, PathMatchType,
  RedirectScheme, RouteOptions, RouteRule,
} from '../../lib';
import { mapSelectorMatches, selectorMatches } from '../../lib/checks/manifest';
import { expectWellFormed } from '../support/synth';

/**
 * Random routes and canaries on random valid apps: the output is always valid against the
 * Gateway API schemas (strict, v1.4 and v1.6) and ManifestChecks, stable and canary pods are
 * never selected by each other's Service, and the stable objects are the same bytes with and
 * without the canary.
 */

const headerName = fc.stringMatching(/^x-h[a-z]{1,6}$/);
const headerValue = fc.stringMatching(/^[a-z0-9]{1,10}$/);
const seconds = fc.integer({ min: 1, max: 600 });

const match = fc.record({
  path: absolutePath,
  pathType: fc.constantFrom(PathMatchType.PATH_PREFIX, PathMatchType.EXACT, PathMatchType.REGULAR_EXPRESSION),
  headers: fc.uniqueArray(fc.record({ name: headerName, value: headerValue }), { maxLength: 3, selector: h => h.name }),
  method: fc.option(fc.constantFrom(...Object.values(HttpMethod)), { nil: undefined }),
}).map(m => ({
  path: m.pathType === PathMatchType.REGULAR_EXPRESSION ? `^${m.path}/[0-9]+` : m.path,
  pathType: m.pathType,
  headers: m.headers.length > 0 ? m.headers : undefined,
  method: m.method,
}));

const rule: fc.Arbitrary<RouteRule> = fc.record({
  shape: fc.constantFrom('paths', 'matches', 'default', 'redirect'),
  paths: fc.uniqueArray(absolutePath, { minLength: 1, maxLength: 3 }),
  matches: fc.array(match, { minLength: 1, maxLength: 3 }),
  setHeader: fc.option(fc.tuple(headerName, headerValue), { nil: undefined }),
  removeHeader: fc.boolean(),
  rewrite: fc.constantFrom(undefined, 'host', 'prefix'),
  timeout: fc.option(fc.tuple(seconds, fc.integer({ min: 0, max: 100 })), { nil: undefined }),
}).map(r => {
  const paths = r.shape === 'paths' || r.shape === 'redirect' ? r.paths : undefined;
  const oneprefix = paths?.length === 1;
  const requestHeaders = r.setHeader || r.removeHeader
    ? { set: r.setHeader ? { [r.setHeader[0]]: r.setHeader[1] } : undefined, remove: r.removeHeader ? ['x-internal'] : undefined } : undefined;
  return {
    paths,
    matches: r.shape === 'matches' ? r.matches : undefined,
    requestHeaders,
    redirect: r.shape === 'redirect' ? (oneprefix ? { pathPrefix: '/moved', permanent: true } : { scheme: RedirectScheme.HTTPS }) : undefined,
    rewrite: r.shape === 'redirect' || !r.rewrite ? undefined
      : r.rewrite === 'prefix' && oneprefix ? { pathPrefix: '/' } : { hostname: 'internal.example.com' },
    timeout: r.timeout ? Duration.seconds(r.timeout[0]) : undefined,
    backendTimeout: r.timeout ? Duration.seconds(Math.max(1, Math.floor(r.timeout[0] * r.timeout[1] / 100))) : undefined,
  };
});

const traffic = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map(p => CanaryTraffic.percent(p)),
  fc.integer({ min: 1, max: 9999 }).map(n => CanaryTraffic.percent(n / 100)),
  fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 1000 })).map(([s, c]) => CanaryTraffic.weights(s, c)),
);

const plan = fc.record({
  gatewayInApp: fc.boolean(),
  gatewayNamespace: fc.constantFrom('gateway', 'edge'),
  appNamespace: fc.constantFrom('shop', 'team-a'),
  routeInGatewayNamespace: fc.boolean(),
  wildcardListener: fc.boolean(),
  hostnames: fc.uniqueArray(hostName, { maxLength: 3 }),
  rules: fc.option(fc.array(rule, { minLength: 1, maxLength: 4 }), { nil: undefined }),
  grpc: fc.option(fc.uniqueArray(fc.tuple(dnsLabel(6), fc.stringMatching(/^[A-Z][a-z]{1,8}$/)).map(([p, s]) => `${p.replace(/-/g, '_')}.v1.${s}`),
    { minLength: 1, maxLength: 3 }), { nil: undefined }),
  httpsRedirect: fc.boolean(),
  dataPlane: fc.option(fc.constant('envoy-gateway-system'), { nil: undefined }),
  canary: fc.option(fc.record({
    traffic,
    replicas: fc.integer({ min: 1, max: 3 }),
    header: fc.boolean(),
    withInjections: fc.boolean(),
  }), { nil: undefined }),
});

type Plan = typeof plan extends fc.Arbitrary<infer T> ? T : never;

function parentsIn(chart: Chart, p: Plan, routeNamespace: string): { https: IGateway; http: IGateway } {
  if (!p.gatewayInApp) {
    const gateway = Gateway.fromGatewayName(chart, 'gw', 'public', p.gatewayNamespace);
    return { https: gateway, http: gateway };
  }
  const allowedRoutes = routeNamespace === p.gatewayNamespace ? AllowedRoutes.sameNamespace() : AllowedRoutes.fromNamespaces([routeNamespace]);
  const hostname = p.wildcardListener ? '*.example.com' : undefined;
  const gateway = new Gateway(chart, 'gw', {
    name: 'public',
    namespace: p.gatewayNamespace,
    gatewayClassName: 'eg',
    listeners: [
      { name: 'http', hostname, allowedRoutes },
      { name: 'https', protocol: GatewayProtocol.HTTPS, hostname, certificates: [{ secretName: 'wildcard' }], allowedRoutes },
    ],
  });
  return { https: gateway, http: gateway };
}

/** The app of a plan, with or without its canary; `check` runs the schema checks on the output. */
function build(base: ExposedWebAppProps, p: Plan, withCanary: boolean, check = true) {
  const chart = runChart();
  const routeNamespace = p.routeInGatewayNamespace ? p.gatewayNamespace : p.appNamespace;
  const { http, https } = parentsIn(chart, p, routeNamespace);
  const route: RouteOptions = {
    parents: [{ gateway: https, sectionName: 'https' }],
    hostnames: p.hostnames,
    rules: p.rules,
    namespace: p.routeInGatewayNamespace ? p.gatewayNamespace : undefined,
    httpsRedirect: p.httpsRedirect ? { parents: [{ gateway: http, sectionName: 'http' }] } : undefined,
  };
  const canary: CanaryOptions | undefined = withCanary && p.canary ? {
    image: 'registry.local:5000/team/web:2.0.0',
    traffic: p.canary.traffic,
    replicas: p.canary.replicas,
    header: p.canary.header ? { name: 'x-canary', value: 'always' } : undefined,
    withInjections: p.canary.withInjections,
  } : undefined;
  const app = new ExposedWebApp(chart, 'web', {
    ...base,
    namespace: p.appNamespace,
    route,
    grpcRoute: p.grpc ? { parents: [{ gateway: https, sectionName: 'https' }], services: p.grpc, namespace: route.namespace } : undefined,
    canary,
    // A NodePort or LoadBalancer app's policy must name client networks: only one generated with them gets a data plane.
    networkPolicy: base.networkPolicy || (p.dataPlane && base.serviceType === kplus.ServiceType.CLUSTER_IP)
      ? { ...base.networkPolicy, gatewayDataPlaneNamespaces: p.dataPlane ? [p.dataPlane] : undefined } : undefined,
  });
  return { app, out: check ? synthOnce(chart) : Testing.synth(chart) };
}

const stable = (out: any[], kind: string, name: string) => JSON.stringify(out.find(m => m.kind === kind && m.metadata.name === name));

describe('routes and canaries, random', () => {
  test('valid for the Gateway API schemas and ManifestChecks; selectors disjoint; stable objects untouched by the canary', () => {
    fc.assert(fc.property(webAppProps, plan, (base, p) => {
      const { app, out } = build(base, p, true);
      expectWellFormed(out);
      expect(out.filter(m => m.kind === 'HTTPRoute').length).toEqual(p.httpsRedirect ? 2 : 1);
      if (p.canary) {
        const pods = (name: string) => out.find(m => m.kind === 'Deployment' && m.metadata.name === name).spec.template.metadata.labels;
        const selector = (name: string) => out.find(m => m.kind === 'Service' && m.metadata.name === name).spec.selector;
        expect(mapSelectorMatches(selector(app.serviceName), pods(app.name))).toBe(true);
        expect(mapSelectorMatches(selector(`${app.serviceName}-canary`), pods(`${app.name}-canary`))).toBe(true);
        expect(mapSelectorMatches(selector(app.serviceName), pods(`${app.name}-canary`))).toBe(false);
        expect(mapSelectorMatches(selector(`${app.serviceName}-canary`), pods(app.name))).toBe(false);
        // Every other selector of either track stays on its own pods: the Deployments' own, the
        // stable budget's, and each track's NetworkPolicy (which would otherwise open the other's pods).
        const stablePods = pods(app.name);
        const canaryPods = pods(`${app.name}-canary`);
        const selectorOf = (m: any) => (m.kind === 'NetworkPolicy' ? m.spec.podSelector : m.spec.selector);
        const owners = out.filter(m => ['Deployment', 'PodDisruptionBudget', 'NetworkPolicy'].includes(m.kind));
        for (const m of owners) {
          const canaryTrack = m.metadata.name === `${app.name}-canary`;
          const [own, other] = canaryTrack ? [canaryPods, stablePods] : [stablePods, canaryPods];
          expect([m.kind, m.metadata.name, selectorMatches(selectorOf(m), own)]).toEqual([m.kind, m.metadata.name, true]);
          expect([m.kind, m.metadata.name, selectorMatches(selectorOf(m), other)]).toEqual([m.kind, m.metadata.name, false]);
        }
        // The stable Service's selector is exactly the stable pods' selector labels, with or without the canary.
        expect(selector(app.serviceName)).toEqual(app.selectorLabels);
        // Compared byte for byte with the checked output above: checking it again would prove nothing more.
        const without = build(base, p, false, false);
        expect(without.app.selectorLabels).toEqual(app.selectorLabels);
        for (const [kind, name] of [['Deployment', app.name], ['Service', app.serviceName], ['PodDisruptionBudget', app.name],
          ['HorizontalPodAutoscaler', app.name], ['NetworkPolicy', app.name], ['Ingress', app.name]]) {
          expect(stable(out, kind, name)).toEqual(stable(without.out, kind, name));
        }
      }
    }), settings);
  });

  /** One field made invalid, with the prop the error must name. */
  type Change = [string, (route: RouteOptions) => RouteOptions, CanaryOptions | undefined];
  const change = (prop: string, f: (route: RouteOptions) => RouteOptions, canary?: CanaryOptions): Change => [prop, f, canary];
  const invalid: fc.Arbitrary<Change> = fc.oneof(
    fc.constant(change('route.hostnames[0]', r => ({ ...r, hostnames: ['10.1.2.3'] }))),
    absolutePath.map(path => change('route.paths[0]', r => ({ ...r, paths: [path.slice(1)] }))),
    fc.stringMatching(/^[A-Z][A-Za-z]{0,8}$/).map(s => change('route.parents[0].sectionName', r => ({ ...r, parents: [{ ...r.parents[0], sectionName: s }] }))),
    fc.stringMatching(/^x [a-z]{1,5}$/).map(h => change('route.rules[0].matches[0].headers[0].name',
      r => ({ ...r, paths: undefined, rules: [{ matches: [{ headers: [{ name: h, value: '1' }] }] }] }))),
    seconds.map(s => change('route.backendTimeout', r => ({ ...r, timeout: Duration.seconds(s), backendTimeout: Duration.seconds(s + 1) }))),
    fc.integer({ min: -1000, max: -1 }).map(w => change('canary.traffic.stable', r => r, { image: 'web:2.0.0', traffic: CanaryTraffic.weights(w, 1) })),
    fc.integer({ min: 101, max: 1000 }).map(w => change('canary.traffic', r => r, { image: 'web:2.0.0', traffic: CanaryTraffic.percent(w) })),
  );

  test('one invalid field gives one error naming it', () => {
    fc.assert(fc.property(webAppProps, invalid, (base, [prop, bend, canary]) => {
      const chart = runChart();
      const gateway = Gateway.fromGatewayName(chart, 'gw', 'public', 'gateway');
      expectErrorNaming(() => new ExposedWebApp(chart, 'web', {
        ...base, namespace: 'shop', route: bend({ parents: [{ gateway }], paths: ['/'] }), canary,
      }), 'ExposedWebApp', 'test/web', prop);
    }), settings);
  });
});
