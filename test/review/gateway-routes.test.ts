import { gateway, grpcRoute, httpRoute, referenceGrant } from './manifests';
import {
  attachmentsOf, backendRefsOf, effectiveHosts, grantFor, hostCovers, listenersOf, matchCovers, matchesOf, matchText, parentRefsOf, sharePercent,
} from '../../lib/review/gateway-routes';

describe('hostnames (Gateway API wildcards match one label or more)', () => {
  test.each<[string, string, boolean]>([
    ['*', 'a.example.com', true],
    ['a.example.com', 'a.example.com', true],
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', '*.example.com', true],
    ['a.example.com', '*.example.com', false],
  ])('%s covers %s: %s', (pattern, host, expected) => {
    expect(hostCovers(pattern, host)).toBe(expected);
  });

  test('a route is served under the intersection of its hostnames and the listener\'s', () => {
    const route = httpRoute();
    expect(effectiveHosts(route, '*.example.com')).toEqual(['shop.example.com', 'www.example.com']);
    expect(effectiveHosts(route, 'shop.example.com')).toEqual(['shop.example.com']);
    expect(effectiveHosts(route, '*.example.org')).toEqual([]);
    expect(effectiveHosts(httpRoute(r => { r.spec.hostnames = ['*.example.com']; }), 'shop.example.com')).toEqual(['shop.example.com']);
    expect(effectiveHosts(httpRoute(r => { delete r.spec.hostnames; }), undefined)).toEqual(['*']);
  });
});

describe('parents and attachment', () => {
  test('parentRefs get the CRD defaults: the route\'s namespace, group and kind Gateway; other kinds are left out', () => {
    const route = httpRoute(r => { r.spec.parentRefs = [{ name: 'gw' }, { name: 'svc', kind: 'Service', group: '' }]; });
    expect(parentRefsOf(route)).toEqual([{ index: 0, group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'shop', name: 'gw', sectionName: undefined, port: undefined }]);
  });

  test('a route attaches to the listeners its sectionName, port, hostnames and the listener\'s allowedRoutes agree on', () => {
    const gateways = new Map([['infra/shared', gateway()]]);
    expect(attachmentsOf(httpRoute(), gateways, []).map(a => a.listener)).toEqual(['https']);
    expect(attachmentsOf(httpRoute(r => { delete r.spec.parentRefs[0].sectionName; }), gateways, []).map(a => a.listener)).toEqual(['http', 'https']);
    const byPort = httpRoute(r => { delete r.spec.parentRefs[0].sectionName; r.spec.parentRefs[0].port = 80; });
    expect(attachmentsOf(byPort, gateways, []).map(a => a.listener))
      .toEqual(['http']);
    const onlyGrpc = new Map([['infra/shared', gateway(g => { g.spec.listeners[1].allowedRoutes.kinds = [{ kind: 'GRPCRoute' }]; })]]);
    expect(attachmentsOf(httpRoute(), onlyGrpc, [])).toEqual([]);
    expect(attachmentsOf(grpcRoute(), onlyGrpc, []).map(a => a.listener)).toEqual(['https']);
  });

  test('listeners in order, with their allowedRoutes as written', () => {
    expect(listenersOf(gateway()).map(l => `${l.index} ${l.name} ${l.port} ${l.protocol} ${l.hostname}`)).toEqual(['0 http 80 HTTP *.example.com', '1 https 443 HTTPS *.example.com']);
  });
});

describe('matches', () => {
  test('defaults: an HTTPRoute rule without matches matches PathPrefix "/"; a GRPCRoute one any method', () => {
    expect(matchesOf(httpRoute(), {}).map(m => matchText(m, false))).toEqual(['/']);
    expect(matchesOf(grpcRoute(), {}).map(m => matchText(m, true))).toEqual(['any method']);
  });

  test('text for each kind of match', () => {
    const rule = {
      matches: [
        { path: { type: 'Exact', value: '/login' }, method: 'POST' },
        { path: { type: 'RegularExpression', value: '^/v[0-9]+' }, headers: [{ name: 'X-Canary', value: 'always' }], queryParams: [{ name: 'debug', value: '1' }] },
      ],
    };
    expect(matchesOf(httpRoute(), rule).map(m => matchText(m, false))).toEqual(['POST = /login', '~ ^/v[0-9]+?debug=1 · x-canary: always']);
    expect(matchesOf(grpcRoute(), { matches: [{ method: { service: 'shop.Orders' } }] }).map(m => matchText(m, true))).toEqual(['shop.Orders/*']);
  });

  test.each<[string, any, any, boolean]>([
    ['prefix / covers everything', { path: { value: '/' } }, { path: { type: 'Exact', value: '/x' } }, true],
    ['prefix /api covers /api/v1 but not /apiv1', { path: { value: '/api' } }, { path: { value: '/api/v1' } }, true],
    ['prefix /api does not cover /apiv1', { path: { value: '/api' } }, { path: { value: '/apiv1' } }, false],
    ['no header condition covers one with a header', { path: { value: '/' } }, { path: { value: '/' }, headers: [{ name: 'x-canary', value: 'always' }] }, true],
    ['a header condition does not cover none', { path: { value: '/' }, headers: [{ name: 'x-canary', value: 'always' }] }, { path: { value: '/' } }, false],
    ['a method covers only itself', { method: 'GET' }, { method: 'POST' }, false],
    ['exact covers only itself', { path: { type: 'Exact', value: '/a' } }, { path: { type: 'Exact', value: '/a' } }, true],
  ])('%s', (_, general, specific, expected) => {
    const [g] = matchesOf(httpRoute(), { matches: [general] });
    const [s] = matchesOf(httpRoute(), { matches: [specific] });
    expect(matchCovers(g, s, false)).toBe(expected);
  });

  test('gRPC: a service match covers its methods', () => {
    const [service] = matchesOf(grpcRoute(), { matches: [{ method: { service: 'shop.Orders' } }] });
    const [method] = matchesOf(grpcRoute(), { matches: [{ method: { service: 'shop.Orders', method: 'Place' } }] });
    expect(matchCovers(service, method, true)).toBe(true);
    expect(matchCovers(method, service, true)).toBe(false);
  });
});

describe('backends', () => {
  test('defaults (kind Service, the route\'s namespace, weight 1) and shares', () => {
    const backends = backendRefsOf(httpRoute(), { backendRefs: [{ name: 'a', port: 80, weight: 2 }, { name: 'b', port: 80 }, { name: 'c', port: 80, weight: 0 }] });
    expect(backends.map(b => `${b.kind} ${b.namespace}/${b.name} ${b.weight}`)).toEqual(['Service shop/a 2', 'Service shop/b 1', 'Service shop/c 0']);
    expect(backends.map(b => sharePercent(backends, b))).toEqual([66.7, 33.3, 0]);
  });

  test('a ReferenceGrant admits a kind of route from a namespace to Services of its own namespace, by name or all', () => {
    const [catalog] = backendRefsOf(httpRoute(), { backendRefs: [{ name: 'catalog', namespace: 'backends', port: 80 }] });
    expect(grantFor(httpRoute(), catalog, [referenceGrant()])?.metadata.name).toEqual('from-shop');
    expect(grantFor(httpRoute(), catalog, [referenceGrant('backends', 'other')])).toBeUndefined();
    expect(grantFor(grpcRoute(), catalog, [referenceGrant()])).toBeUndefined();
    const named = referenceGrant();
    named.spec.to[0].name = 'search';
    expect(grantFor(httpRoute(), catalog, [named])).toBeUndefined();
  });
});
