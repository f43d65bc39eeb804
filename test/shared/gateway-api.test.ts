import {
  admitsKind, admitsNamespace, durationMilliseconds, gatewayDuration, grantCovers, hostnamesIntersect, hostnamesMatch, isGatewayHostname,
  isHeaderName, isPreciseHostname, listenerRejection, pathProblem, referenceGrantSpec, selectedListeners,
} from '../../lib/shared/gateway-api';

describe('host names', () => {
  test.each([
    ['shop.example.com', true], ['*.example.com', true], ['localhost', true], ['a-b.c', true],
    ['Shop.example.com', false], ['*', false], ['foo.*.com', false], ['**.example.com', false], ['10.0.0.1', false],
    ['-a.example.com', false], ['a'.repeat(254), false], ['', false],
  ])('%s is a route or listener host name: %s', (host, ok) => {
    expect(isGatewayHostname(host)).toBe(ok);
  });

  test('a redirect target is precise: no wildcard, no IP', () => {
    expect(isPreciseHostname('shop.example.com')).toBe(true);
    expect(isPreciseHostname('*.example.com')).toBe(false);
    expect(isPreciseHostname('192.168.0.1')).toBe(false);
  });

  test.each([
    ['shop.example.com', 'shop.example.com', true],
    ['*.example.com', 'shop.example.com', true],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', '*.shop.example.com', true],
    ['shop.example.com', '*.example.com', true],
    ['*.example.com', '*.example.org', false],
    ['shop.example.com', 'blog.example.com', false],
    ['*.example.com', 'badexample.com', false],
  ])('%s and %s intersect: %s', (a, b, ok) => {
    expect(hostnamesIntersect(a, b)).toBe(ok);
    expect(hostnamesIntersect(b, a)).toBe(ok);
  });

  test('a listener or a route without host names matches every host', () => {
    expect(hostnamesMatch(undefined, ['shop.example.com'])).toBe(true);
    expect(hostnamesMatch('*.example.com', [])).toBe(true);
    expect(hostnamesMatch('*.example.com', ['shop.example.org', 'shop.example.com'])).toBe(true);
    expect(hostnamesMatch('*.example.com', ['shop.example.org'])).toBe(false);
  });
});

describe('paths, headers, durations', () => {
  test.each([
    ['/', undefined], ['/api/v1', undefined], ['/a%20b', undefined], ['/~user/!$&\'()*+,;=:@', undefined],
    ['api', "must start with '/'"], ['/a//b', "must not contain '//'"], ['/a/./b', "must not contain '/./'"],
    ['/a/../b', "must not contain '/../'"], ['/a%2fb', "must not contain '%2f'"], ['/a%2Fb', "must not contain '%2F'"],
    ['/a#b', "must not contain '#'"], ['/a/..', "must not end with '/..'"], ['/a/.', "must not end with '/.'"],
    ['/a b', "must hold only letters, digits, -._~!$&'()*+,;=:@/ and %XX escapes"], [`/${'a'.repeat(1024)}`, 'must be at most 1024 characters'],
  ])('path %s: %s', (path, problem) => {
    expect(pathProblem(path)).toEqual(problem);
  });

  test('header names are RFC 7230 tokens of at most 256 characters', () => {
    expect(isHeaderName('x-canary')).toBe(true);
    expect(isHeaderName("X-A!#$%&'*+.^_`|~1")).toBe(true);
    expect(isHeaderName('x canary')).toBe(false);
    expect(isHeaderName('x:y')).toBe(false);
    expect(isHeaderName('a'.repeat(257))).toBe(false);
  });

  test.each([[0, '0s'], [500, '500ms'], [10_000, '10s'], [90_000, '1m30s'], [3_723_004, '1h2m3s4ms'], [86_400_000, '24h']])(
    '%d ms is %s, and back', (ms, text) => {
      expect(gatewayDuration(ms)).toEqual(text);
      expect(durationMilliseconds(text)).toEqual(ms);
    });

  test('a duration outside the Gateway API form is none', () => {
    expect(durationMilliseconds('1.5s')).toBeUndefined();
    expect(durationMilliseconds('100000h')).toBeUndefined();
    expect(durationMilliseconds('1d')).toBeUndefined();
  });
});

describe('listener admission', () => {
  const http = { name: 'http', protocol: 'HTTP', port: 80 };
  test('Same (the default) admits only the Gateway namespace', () => {
    expect(admitsNamespace(http, 'gw', 'gw')).toBe(true);
    expect(admitsNamespace(http, 'gw', 'shop')).toBe(false);
    expect(admitsNamespace({ ...http, allowedRoutes: { namespaces: { from: 'All' } } }, 'gw', 'shop')).toBe(true);
  });

  test('a selector on the namespace name is decided by name; on other labels only when the Namespace is known', () => {
    const byName = { ...http, allowedRoutes: { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }] } } } };
    expect(admitsNamespace(byName, 'gw', 'shop')).toBe(true);
    expect(admitsNamespace(byName, 'gw', 'blog')).toBe(false);
    const byLabel = { ...http, allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { access: 'public' } } } } };
    expect(admitsNamespace(byLabel, 'gw', 'shop')).toBeUndefined();
    expect(admitsNamespace(byLabel, 'gw', 'shop', () => ({ access: 'public' }))).toBe(true);
    expect(admitsNamespace(byLabel, 'gw', 'shop', () => ({ access: 'private' }))).toBe(false);
  });

  test('kinds: the protocol\'s when none are listed, else the listed ones of the Gateway API group', () => {
    expect(admitsKind(http, 'HTTPRoute')).toBe(true);
    expect(admitsKind(http, 'GRPCRoute')).toBe(true);
    expect(admitsKind({ ...http, protocol: 'TLS' }, 'HTTPRoute')).toBe(false);
    const grpcOnly = { ...http, allowedRoutes: { kinds: [{ kind: 'GRPCRoute' }] } };
    expect(admitsKind(grpcOnly, 'HTTPRoute')).toBe(false);
    expect(admitsKind(grpcOnly, 'GRPCRoute')).toBe(true);
    expect(admitsKind({ ...http, allowedRoutes: { kinds: [{ group: 'example.com', kind: 'HTTPRoute' }] } }, 'HTTPRoute')).toBe(false);
  });

  test('listenerRejection says why: namespace first, then kind, then host names', () => {
    const route = { kind: 'HTTPRoute', namespace: 'shop', hostnames: ['shop.example.org'] };
    expect(listenerRejection({ ...http, hostname: '*.example.com' }, 'gw', route)).toMatchObject({ rule: 'route-allowed', cause: 'namespace' });
    const all = { ...http, hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } };
    expect(listenerRejection(all, 'gw', route)).toEqual({
      rule: 'route-hostnames',
      cause: 'hostnames',
      reason: 'none of ["shop.example.org"] falls under the host name "*.example.com" of listener "http" (HTTP :80, *.example.com)',
    });
    expect(listenerRejection({ ...all, allowedRoutes: { ...all.allowedRoutes, kinds: [{ kind: 'GRPCRoute' }] } }, 'gw', route))
      .toMatchObject({ rule: 'route-allowed', cause: 'kind' });
    expect(listenerRejection(all, 'gw', { ...route, hostnames: ['shop.example.com'] })).toBeUndefined();
  });

  test('a parentRef selects the listener it names, or all, narrowed by port', () => {
    const listeners = [http, { name: 'https', protocol: 'HTTPS', port: 443 }, { name: 'alt', protocol: 'HTTP', port: 8080 }];
    expect(selectedListeners(listeners).map(l => l.name)).toEqual(['http', 'https', 'alt']);
    expect(selectedListeners(listeners, 'https').map(l => l.name)).toEqual(['https']);
    expect(selectedListeners(listeners, undefined, 8080).map(l => l.name)).toEqual(['alt']);
    expect(selectedListeners(listeners, 'https', 80)).toEqual([]);
  });
});

describe('ReferenceGrants', () => {
  const spec = referenceGrantSpec(['HTTPRoute'], 'gateway', 'Service', ['web']);
  test('a grant names the route kinds of one namespace and the Services it admits', () => {
    expect(spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'gateway' }],
      to: [{ group: '', kind: 'Service', name: 'web' }],
    });
  });

  test('covers exactly that reference', () => {
    expect(grantCovers(spec, 'HTTPRoute', 'gateway', 'Service', 'web')).toBe(true);
    expect(grantCovers(spec, 'GRPCRoute', 'gateway', 'Service', 'web')).toBe(false);
    expect(grantCovers(spec, 'HTTPRoute', 'other', 'Service', 'web')).toBe(false);
    expect(grantCovers(spec, 'HTTPRoute', 'gateway', 'Service', 'api')).toBe(false);
    expect(grantCovers(spec, 'HTTPRoute', 'gateway', 'Secret', 'web')).toBe(false);
  });

  test('a grant without a name admits every object of the kind', () => {
    const all = { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'gateway' }], to: [{ group: '', kind: 'Service' }] };
    expect(grantCovers(all, 'HTTPRoute', 'gateway', 'Service', 'api')).toBe(true);
  });
});
