import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AllowedRoutes, ExposedWebApp, Gateway, GatewayListenerOptions, GatewayProtocol, IGateway, RouteKind, RouteOptions,
} from '../../lib';
import { expectSynthError, expectWellFormed, synth, validateApp } from '../support/synth';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';
const WEB = "ExposedWebApp 'shop/web': invalid";
const HTTP: GatewayListenerOptions = { name: 'http', hostname: '*.example.com', allowedRoutes: AllowedRoutes.allNamespaces() };
const HTTPS: GatewayListenerOptions = {
  name: 'https',
  protocol: GatewayProtocol.HTTPS,
  hostname: '*.example.com',
  certificates: [{ secretName: 'wildcard' }],
  allowedRoutes: AllowedRoutes.fromNamespaces(['shop']),
};

/** A platform chart with a Gateway, and an app chart whose route names it. */
function build(route: (gateway: IGateway) => Partial<RouteOptions> = () => ({}), listeners = [HTTP, HTTPS], appNamespace = 'shop') {
  const app = Testing.app();
  const platform = new Chart(app, 'platform', { namespace: 'gateway' });
  const gateway = new Gateway(platform, 'public', { gatewayClassName: 'eg', listeners });
  const shop = new Chart(app, 'shop', { namespace: appNamespace });
  new ExposedWebApp(shop, 'web', {
    image: IMAGE,
    route: { parents: [{ gateway, sectionName: 'https' }], hostnames: ['shop.example.com'], ...route(gateway) },
  });
  return { app, platform, shop, gateway };
}

describe('route wiring to a Gateway of the app, checked at synth', () => {
  test('a route that fits passes, with its redirect, and so do the manifest checks', () => {
    const { platform, shop } = build(gateway => ({ httpsRedirect: { parents: [{ gateway, sectionName: 'http' }] } }));
    expect(() => validateApp(shop)).not.toThrow();
    expectWellFormed([...synth(platform), ...synth(shop)]);
  });

  test('a listener the Gateway lacks', () => {
    const { shop } = build(gateway => ({ parents: [{ gateway, sectionName: 'htps' }] }));
    expectSynthError(shop, `${WEB} route.parents[0].sectionName "htps": Gateway "public" ('platform/public') has no such listener; it has "http", "https"`);
  });

  test('a listener added after the route is found', () => {
    const { shop, gateway } = build(g => ({ parents: [{ gateway: g, sectionName: 'admin' }], hostnames: [] }));
    (gateway as Gateway).addListener({ name: 'admin', port: 8080, allowedRoutes: AllowedRoutes.allNamespaces() });
    expect(() => validateApp(shop)).not.toThrow();
  });

  test('a port no selected listener takes', () => {
    const { shop } = build(gateway => ({ parents: [{ gateway, sectionName: 'https', port: 8443 }] }));
    expectSynthError(shop, `${WEB} route.parents[0].port 8443: no listener of Gateway "public" ('platform/public') named "https" takes this port`);
  });

  test('host names outside the listener\'s', () => {
    const { shop } = build(() => ({ hostnames: ['shop.example.org'] }));
    expectSynthError(shop, `${WEB} route.hostnames ["shop.example.org"]: none of ["shop.example.org"] falls under the host name "*.example.com" of listener "https" (HTTPS :443, *.example.com), so the listener does not accept the route; use host names under the listener's, or attach to another listener`);
  });

  test('a namespace the listener does not admit', () => {
    const { shop } = build(() => ({}), [HTTP, HTTPS], 'blog');
    expectSynthError(shop, 'ExposedWebApp \'shop/web\': invalid route.parents[0] {"gateway":"public","sectionName":"https"}: listener "https" (HTTPS :443, *.example.com) admits only routes of namespaces matching {"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"In","values":["shop"]}]}, not "blog", so the route would not attach; move the route (route.namespace) or widen the listener\'s allowedRoutes');
  });

  test('allowedRoutes Same: a route of another namespace is refused; one moved into the Gateway\'s namespace attaches', () => {
    const same = { ...HTTPS, allowedRoutes: AllowedRoutes.sameNamespace() };
    expectSynthError(build(() => ({}), [same]).shop,
      `${WEB} route.parents[0] {"gateway":"public","sectionName":"https"}: listener "https" (HTTPS :443, *.example.com) admits only routes of the Gateway's own namespace "gateway" (allowedRoutes from Same), not "shop", so the route would not attach; move the route (route.namespace) or widen the listener's allowedRoutes`);
    const moved = build(() => ({ namespace: 'gateway' }), [same]);
    expect(() => validateApp(moved.shop)).not.toThrow();
    expectWellFormed([...synth(moved.platform), ...synth(moved.shop)]);
  });

  test('a kind the listener does not admit', () => {
    const { shop } = build(() => ({}), [{ ...HTTPS, allowedKinds: [RouteKind.GRPC_ROUTE] }]);
    expectSynthError(shop, `${WEB} route.parents[0] {"gateway":"public","sectionName":"https"}: listener "https" (HTTPS :443, *.example.com) admits only GRPCRoute, not HTTPRoute, so the route would not attach; add the kind to the listener's allowedKinds, or attach to another listener`);
  });

  test('without a sectionName, one admitting listener of several is enough', () => {
    const { shop } = build(gateway => ({ parents: [{ gateway }] }), [HTTP, { ...HTTPS, allowedRoutes: AllowedRoutes.sameNamespace() }]);
    expect(() => validateApp(shop)).not.toThrow();
  });

  test('an HTTPS-to-https redirect would loop', () => {
    const { shop } = build(gateway => ({ parents: [{ gateway, sectionName: 'http' }], httpsRedirect: { parents: [{ gateway, sectionName: 'https' }] } }));
    expectSynthError(shop, `${WEB} route.httpsRedirect.parents[0].sectionName "https": selects only HTTPS listeners ("https" (HTTPS :443, *.example.com)) of Gateway "public" ('platform/public'); redirecting https to https loops. Name the plain-HTTP listener`);
  });

  test('namespaces selected by labels: decided when the app holds the Namespace object, left to the cluster otherwise', () => {
    const labelled = { ...HTTPS, allowedRoutes: AllowedRoutes.fromNamespacesLabelled({ 'gateway-access': 'public' }) };
    const unknown = build(() => ({}), [labelled]);
    expect(() => validateApp(unknown.shop)).not.toThrow();
    const refused = build(() => ({}), [labelled]);
    new kplus.Namespace(refused.shop, 'ns', { metadata: { name: 'shop', labels: { 'gateway-access': 'private' } } });
    expectSynthError(refused.shop, `${WEB} route.parents[0] {"gateway":"public","sectionName":"https"}: listener "https" (HTTPS :443, *.example.com) admits only routes of namespaces matching {"matchLabels":{"gateway-access":"public"}}, not "shop"`);
    const admitted = build(() => ({}), [labelled]);
    new kplus.Namespace(admitted.shop, 'ns', { metadata: { name: 'shop', labels: { 'gateway-access': 'public' } } });
    expect(() => validateApp(admitted.shop)).not.toThrow();
  });

  test('a Gateway owned elsewhere is not checked', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const gateway = Gateway.fromGatewayName(chart, 'gw', 'public', 'gateway');
    new ExposedWebApp(chart, 'web', { image: IMAGE, route: { parents: [{ gateway, sectionName: 'anything' }], hostnames: ['x.example.org'] } });
    expect(() => validateApp(chart)).not.toThrow();
  });
});

describe('hand-written routes of the app', () => {
  function handWritten(withGrant: boolean, serviceInApp = true) {
    const chart = new Chart(Testing.app(), 'app');
    if (serviceInApp) new ExposedWebApp(chart, 'api', { image: IMAGE, namespace: 'api' });
    new ApiObject(chart, 'edge-route', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'edge', namespace: 'edge' },
      spec: { parentRefs: [{ name: 'public' }], rules: [{ backendRefs: [{ name: 'api', namespace: 'api', port: 80 }] }] },
    });
    if (withGrant) {
      new ApiObject(chart, 'grant', {
        apiVersion: 'gateway.networking.k8s.io/v1beta1',
        kind: 'ReferenceGrant',
        metadata: { name: 'from-edge', namespace: 'api' },
        spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }], to: [{ group: '', kind: 'Service', name: 'api' }] },
      });
    }
    return chart;
  }

  test('a cross-namespace backend without a ReferenceGrant is an error at synth', () => {
    expectSynthError(handWritten(false),
      'HTTPRoute \'app/edge-route\': invalid spec.rules[0].backendRefs[0].namespace "api": refers to Service "api" in namespace "api", but no ReferenceGrant there admits HTTPRoutes of namespace "edge"; the Gateway refuses the backend. Add one in "api" (from: gateway.networking.k8s.io HTTPRoute edge; to: Service api)');
  });

  test('with the grant it passes; a Service outside the app is left to the cluster', () => {
    expect(() => validateApp(handWritten(true))).not.toThrow();
    const outside = handWritten(false, false);
    new Gateway(outside, 'gw', { gatewayClassName: 'eg', listeners: [{ name: 'http' }] }); // registers the check without an app
    expect(() => validateApp(outside)).not.toThrow();
  });
});
