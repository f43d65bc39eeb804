import { Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ExposedWebApp, ExposedWebAppProps, Gateway, HttpMethod, IGateway, PathMatchType, RedirectScheme, RouteOptions, StringMatchType,
  UpgradeGuard,
} from '../../lib';
import { expectError, expectWellFormed, find, findAll, newChart, synth } from '../support/synth';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';
const WEB = "ExposedWebApp 'test/web': invalid";

/** An app in namespace `shop` behind a Gateway `public` of namespace `gateway`, owned elsewhere. */
function build(route: Partial<RouteOptions> = {}, props: Partial<ExposedWebAppProps> = {}) {
  const chart = newChart({ namespace: 'shop' });
  const gateway = Gateway.fromGatewayName(chart, 'gw', 'public', 'gateway');
  const app = new ExposedWebApp(chart, 'web', { image: IMAGE, route: { parents: [{ gateway }], ...route }, ...props });
  return { chart, gateway, app, manifests: () => synth(chart) };
}

function routeOf(out: any[], name = 'web'): any {
  return find(out.filter(m => m.kind === 'HTTPRoute'), 'HTTPRoute', name);
}

describe('ExposedWebApp route: the HTTPRoute', () => {
  test('attaches to the Gateway and forwards every request to the Service, by its port number', () => {
    const { app, manifests } = build();
    const out = manifests();
    const route = routeOf(out);
    expect(route.apiVersion).toEqual('gateway.networking.k8s.io/v1');
    expect(route.metadata).toMatchObject({ name: 'web', namespace: 'shop', labels: app.labels });
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gateway' }],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] }],
    });
    expect(app.route).toBeDefined();
    expectWellFormed(out);
    expect(out).toMatchSnapshot();
  });

  test('the backend follows serviceName and servicePort', () => {
    const route = routeOf(build({}, { serviceName: 'httpd-service', servicePort: 8080 }).manifests());
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'httpd-service', port: 8080 }]);
  });

  test('several hosts and paths to one app: one line each', () => {
    const route = routeOf(build({ hostnames: ['shop.example.com', '*.shop.example.com'], paths: ['/shop', '/cart'] }).manifests());
    expect(route.spec.hostnames).toEqual(['shop.example.com', '*.shop.example.com']);
    expect(route.spec.rules).toEqual([{
      matches: [{ path: { type: 'PathPrefix', value: '/shop' } }, { path: { type: 'PathPrefix', value: '/cart' } }],
      backendRefs: [{ name: 'web', port: 80 }],
    }]);
  });

  test('rules: path types, header, query and method matches, names', () => {
    const route = routeOf(build({
      rules: [
        { name: 'api', matches: [{ path: '/api', pathType: PathMatchType.EXACT, method: HttpMethod.POST }] },
        {
          matches: [{
            path: '^/v[0-9]+/',
            pathType: PathMatchType.REGULAR_EXPRESSION,
            headers: [{ name: 'x-tenant', value: 'acme' }, { name: 'x-env', value: 'prod|stage', type: StringMatchType.REGULAR_EXPRESSION }],
            queryParams: [{ name: 'debug', value: '1' }],
          }],
        },
      ],
    }).manifests());
    expect(route.spec.rules[0]).toEqual({
      name: 'api', matches: [{ path: { type: 'Exact', value: '/api' }, method: 'POST' }], backendRefs: [{ name: 'web', port: 80 }],
    });
    expect(route.spec.rules[1].matches).toEqual([{
      path: { type: 'RegularExpression', value: '^/v[0-9]+/' },
      headers: [{ name: 'x-tenant', value: 'acme' }, { name: 'x-env', value: 'prod|stage', type: 'RegularExpression' }],
      queryParams: [{ name: 'debug', value: '1' }],
    }]);
  });

  test('filters: header modifiers, a rewrite of the matched prefix, timeouts from the rule or the route', () => {
    const route = routeOf(build({
      timeout: Duration.seconds(30),
      rules: [
        {
          paths: ['/old'],
          requestHeaders: { set: { 'x-forwarded-prefix': '/old' }, add: { 'x-via': 'gateway' }, remove: ['x-debug'] },
          responseHeaders: { set: { 'strict-transport-security': 'max-age=31536000' } },
          rewrite: { pathPrefix: '/new', hostname: 'internal.example.com' },
          timeout: Duration.minutes(2),
          backendTimeout: Duration.millis(1500),
        },
        { paths: ['/'] },
      ],
    }).manifests());
    expect(route.spec.rules[0].filters).toEqual([
      { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-forwarded-prefix', value: '/old' }], add: [{ name: 'x-via', value: 'gateway' }], remove: ['x-debug'] } },
      { type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'strict-transport-security', value: 'max-age=31536000' }] } },
      { type: 'URLRewrite', urlRewrite: { hostname: 'internal.example.com', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/new' } } },
    ]);
    expect(route.spec.rules[0].timeouts).toEqual({ request: '2m', backendRequest: '1s500ms' });
    expect(route.spec.rules[1].timeouts).toEqual({ request: '30s' });
  });

  test('a redirect rule answers at the Gateway and has no backends (a CEL rule of the CRD)', () => {
    const route = routeOf(build({
      rules: [
        { paths: ['/blog'], redirect: { hostname: 'blog.example.com', scheme: RedirectScheme.HTTPS, pathPrefix: '/', permanent: true } },
        { matches: [{ path: '/legacy', pathType: PathMatchType.EXACT }], redirect: { path: '/new', port: 8443 } },
        {},
      ],
    }).manifests());
    expect(route.spec.rules[0]).toEqual({
      matches: [{ path: { type: 'PathPrefix', value: '/blog' } }],
      filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', hostname: 'blog.example.com', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' }, statusCode: 301 } }],
    });
    expect(route.spec.rules[1].filters[0].requestRedirect).toEqual({ port: 8443, path: { type: 'ReplaceFullPath', replaceFullPath: '/new' }, statusCode: 302 });
    expect(route.spec.rules[1].backendRefs).toBeUndefined();
    expect(route.spec.rules[2].backendRefs).toEqual([{ name: 'web', port: 80 }]);
  });

  test('httpsRedirect: a second HTTPRoute on the HTTP listener redirects every request to https, permanently', () => {
    const chart = newChart({ namespace: 'shop' });
    const gateway = Gateway.fromGatewayName(chart, 'gw', 'public', 'gateway');
    const app = new ExposedWebApp(chart, 'web', {
      image: IMAGE,
      route: { parents: [{ gateway, sectionName: 'https' }], hostnames: ['shop.example.com'], httpsRedirect: { parents: [{ gateway, sectionName: 'http' }] } },
    });
    const out = synth(chart);
    const redirect = routeOf(out, 'web-https-redirect');
    expect(redirect.spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'http' }],
      hostnames: ['shop.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    });
    expect(routeOf(out).spec.parentRefs).toEqual([{ name: 'public', namespace: 'gateway', sectionName: 'https' }]);
    expect(app.httpsRedirectRoute).toBeDefined();
  });

  test('httpsRedirect may answer 302 and name a port', () => {
    const chart = newChart();
    const gateway = Gateway.fromGatewayName(chart, 'gw', 'public');
    new ExposedWebApp(chart, 'web', {
      image: IMAGE,
      route: { parents: [{ gateway, sectionName: 'https' }], httpsRedirect: { parents: [{ gateway, sectionName: 'http' }], permanent: false, port: 8443 } },
    });
    expect(routeOf(synth(chart), 'web-https-redirect').spec.rules[0].filters[0].requestRedirect).toEqual({ scheme: 'https', port: 8443, statusCode: 302 });
  });

  test('a route in the Gateway\'s namespace refers to the Service across namespaces, with a ReferenceGrant in the app\'s', () => {
    const { app, manifests } = build({ namespace: 'gateway', name: 'shop-web' });
    const out = manifests();
    const route = routeOf(out, 'shop-web');
    expect(route.metadata.namespace).toEqual('gateway');
    expect(route.spec.parentRefs).toEqual([{ name: 'public' }]);
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'web', namespace: 'shop', port: 80 }]);
    const grant = find(out, 'ReferenceGrant');
    expect(grant.metadata).toMatchObject({ name: 'web-from-gateway', namespace: 'shop' });
    expect(grant.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'gateway' }],
      to: [{ group: '', kind: 'Service', name: 'web' }],
    });
    expect(app.referenceGrants).toHaveLength(1);
    expectWellFormed(out);
  });

  test('an Ingress and a route side by side: both reach the same Service (a migration)', () => {
    const out = build({}, { ingress: { hosts: ['shop.example.com'] } }).manifests();
    expect(find(out, 'Ingress').spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'web', port: { number: 80 } });
    expect(routeOf(out).spec.rules[0].backendRefs).toEqual([{ name: 'web', port: 80 }]);
    expect(out.map(m => m.kind)).toEqual(['Deployment', 'Service', 'Ingress', 'HTTPRoute']);
  });

  test('route annotations and name', () => {
    const route = routeOf(build({ name: 'storefront', annotations: { 'example.com/owner': 'shop' } }).manifests(), 'storefront');
    expect(route.metadata.annotations).toEqual({ 'example.com/owner': 'shop' });
  });

  test('two listeners of one Gateway, each named', () => {
    const chart = newChart();
    const gateway = Gateway.fromGatewayName(chart, 'gw', 'public');
    new ExposedWebApp(chart, 'web', { image: IMAGE, route: { parents: [{ gateway, sectionName: 'a' }, { gateway, sectionName: 'b', port: 8443 }] } });
    expect(routeOf(synth(chart)).spec.parentRefs).toEqual([{ name: 'public', sectionName: 'a' }, { name: 'public', sectionName: 'b', port: 8443 }]);
  });
});

describe('moving from an Ingress to a Gateway', () => {
  const step = (ingress: boolean, route: boolean) => {
    const chart = newChart({ namespace: 'shop' });
    const gateway = Gateway.fromGatewayName(chart, 'gw', 'public', 'gateway');
    new ExposedWebApp(chart, 'web', {
      image: IMAGE,
      ingress: ingress ? { hosts: ['shop.example.com'], ingressClassName: 'nginx' } : undefined,
      route: route ? { parents: [{ gateway }], hostnames: ['shop.example.com'] } : undefined,
      networkPolicy: {},
    });
    return synth(chart);
  };
  const [before, both, after] = [step(true, false), step(true, true), step(false, true)];

  test('run both, then drop the Ingress: the upgrade guard finds nothing, the Deployment and Service never change', () => {
    expect(UpgradeGuard.compare(before, both)).toEqual([]);
    expect(UpgradeGuard.compare(both, after)).toEqual([]);
    for (const kind of ['Deployment', 'Service']) {
      expect(new Set([before, both, after].map(out => JSON.stringify(find(out, kind))))).toEqual(new Set([JSON.stringify(find(before, kind))]));
    }
  });

  test('while both run, the NetworkPolicy admits the ingress controller and the Gateway; afterwards the Gateway only', () => {
    const from = (out: any[]) => find(out, 'NetworkPolicy').spec.ingress[0].from.map((p: any) => p.namespaceSelector.matchLabels['kubernetes.io/metadata.name']);
    expect([before, both, after].map(from)).toEqual([['ingress-nginx'], ['ingress-nginx', 'gateway'], ['gateway']]);
  });
});

describe('ExposedWebApp grpcRoute: the GRPCRoute', () => {
  function grpc(props: Partial<ExposedWebAppProps>) {
    const chart = newChart({ namespace: 'shop' });
    const gateway: IGateway = Gateway.fromGatewayName(chart, 'gw', 'public', 'gateway');
    const app = new ExposedWebApp(chart, 'api', { image: IMAGE, ...props, grpcRoute: { ...props.grpcRoute, parents: [{ gateway }] } });
    return { app, out: synth(chart) };
  }

  test('services as a one-liner; the Service port speaks h2c to the pods', () => {
    const { app, out } = grpc({ grpcRoute: { parents: [], services: ['shop.v1.Cart', 'shop.v1.Checkout'] } as any });
    const route = find(out, 'GRPCRoute');
    expect(route.apiVersion).toEqual('gateway.networking.k8s.io/v1');
    expect(route.spec.rules).toEqual([{
      matches: [{ method: { service: 'shop.v1.Cart' } }, { method: { service: 'shop.v1.Checkout' } }],
      backendRefs: [{ name: 'api', port: 80 }],
    }]);
    expect(find(out, 'Service').spec.ports[0].appProtocol).toEqual('kubernetes.io/h2c');
    expect(app.grpcRoute).toBeDefined();
    expectWellFormed(out);
  });

  test('rules with method and header matches and header filters', () => {
    const { out } = grpc({
      grpcRoute: {
        parents: [],
        rules: [{
          name: 'writes',
          matches: [{ service: 'shop.v1.Cart', method: 'AddItem' }, { method: 'Delete.*', type: StringMatchType.REGULAR_EXPRESSION, headers: [{ name: 'x-tenant', value: 'acme' }] }],
          requestHeaders: { set: { 'x-route': 'writes' } },
        }, {}],
      } as any,
    });
    const rules = find(out, 'GRPCRoute').spec.rules;
    expect(rules[0]).toEqual({
      name: 'writes',
      matches: [
        { method: { service: 'shop.v1.Cart', method: 'AddItem' } },
        { method: { type: 'RegularExpression', method: 'Delete.*' }, headers: [{ name: 'x-tenant', value: 'acme' }] },
      ],
      filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-route', value: 'writes' }] } }],
      backendRefs: [{ name: 'api', port: 80 }],
    });
    expect(rules[1]).toEqual({ backendRefs: [{ name: 'api', port: 80 }] });
  });

  test('an app serving HTTP and gRPC gets both routes', () => {
    const chart = newChart();
    const gateway = Gateway.fromGatewayName(chart, 'gw', 'public');
    new ExposedWebApp(chart, 'api', { image: IMAGE, route: { parents: [{ gateway }] }, grpcRoute: { parents: [{ gateway }] } });
    expect(synth(chart).filter(m => m.apiVersion.startsWith('gateway')).map(m => m.kind)).toEqual(['HTTPRoute', 'GRPCRoute']);
  });

  test('the Service of an app without gRPC declares no appProtocol', () => {
    expect(find(build().manifests(), 'Service').spec.ports[0].appProtocol).toBeUndefined();
  });

  test('a grpcRoute in another namespace gets its own grant entry', () => {
    const chart = newChart({ namespace: 'shop' });
    const gateway = Gateway.fromGatewayName(chart, 'gw', 'public');
    new ExposedWebApp(chart, 'api', {
      image: IMAGE,
      route: { parents: [{ gateway }], namespace: 'edge' },
      grpcRoute: { parents: [{ gateway }], namespace: 'edge' },
    });
    const grants = findAll(synth(chart), 'ReferenceGrant');
    expect(grants).toHaveLength(1);
    expect(grants[0].spec.from.map((f: any) => f.kind)).toEqual(['HTTPRoute', 'GRPCRoute']);
  });
});

describe('ExposedWebApp route: what the API server would refuse, refused at construction', () => {
  const gatewayIn = (chart: Chart) => Gateway.fromGatewayName(chart, 'gw', 'public');
  const withRoute = (route: Partial<RouteOptions>) => () => {
    const chart = newChart();
    new ExposedWebApp(chart, 'web', { image: IMAGE, route: { parents: [{ gateway: gatewayIn(chart) }], ...route } });
  };

  test('a redirect and a rewrite in one rule', () => {
    expectError(withRoute({ rules: [{ redirect: { scheme: RedirectScheme.HTTPS }, rewrite: { path: '/x' } }] }),
      `${WEB} route.rules[0].rewrite {"path":"/x"}: cannot be combined with 'redirect': a redirect answers the request, so nothing is forwarded to rewrite`);
  });

  test('a prefix replacement without exactly one PathPrefix match', () => {
    expectError(withRoute({ rules: [{ paths: ['/a', '/b'], rewrite: { pathPrefix: '/c' } }] }),
      `${WEB} route.rules[0].rewrite.pathPrefix "/c": needs the rule to have exactly one match, of type PATH_PREFIX: the prefix it replaces`);
  });

  test('a backend timeout longer than the request timeout', () => {
    expectError(withRoute({ timeout: Duration.seconds(10), backendTimeout: Duration.seconds(20) }),
      `${WEB} route.backendTimeout "20s": must not be longer than the request timeout (10s), which includes it`);
  });

  test('one Gateway twice without listener names', () => {
    expectError(() => {
      const chart = newChart();
      const gateway = gatewayIn(chart);
      new ExposedWebApp(chart, 'web', { image: IMAGE, route: { parents: [{ gateway }, { gateway, sectionName: 'b' }] } });
    }, `${WEB} route.parents[0].sectionName null: must be given: Gateway "public" is named more than once, so each reference must name its listener`);
  });

  test('a route namespace while the app has none', () => {
    expectError(withRoute({ namespace: 'gateway' }),
      `${WEB} route.namespace "gateway": needs the app's own namespace ('namespace' or the chart's): the route refers to the app's Service across namespaces, by namespace`);
  });

  test('17 rules', () => {
    expectError(withRoute({ rules: Array.from({ length: 17 }, (_, i) => ({ paths: [`/p${i}`] })) }),
      `${WEB} route.rules 17: holds 17 rules; the Gateway API allows at most 16`);
  });

  test('more than 128 matches in all', () => {
    expectError(withRoute({ rules: Array.from({ length: 3 }, (_, r) => ({ paths: Array.from({ length: 60 }, (__, i) => `/r${r}/p${i}`) })) }),
      `${WEB} route.rules 180: hold 180 matches in all; a route allows at most 128`);
  });

  test('the service type plays no part: a NodePort app can have a route too', () => {
    expect(() => withRoute({})).not.toThrow();
    const chart = newChart();
    new ExposedWebApp(chart, 'web', { image: IMAGE, serviceType: kplus.ServiceType.NODE_PORT, route: { parents: [{ gateway: gatewayIn(chart) }] } });
    expect(routeOf(synth(chart)).spec.rules[0].backendRefs).toEqual([{ name: 'web', port: 80 }]);
  });
});
