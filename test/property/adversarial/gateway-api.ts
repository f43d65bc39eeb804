import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { edgy, garbage, labels, listOf, maybe, mostly, name, port, rarelyGarbage, urlPath } from './harness';
import {
  AllowedRoutes, CanaryTraffic, GatewayProtocol, HttpMethod, PathMatchType, RedirectScheme, RouteKind, StringMatchType,
} from '../../../lib';

/**
 * Arbitraries of the Gateway API inputs (issue 10), shared by the adversarial tests of the
 * Gateway construct and of ExposedWebApp's `route` / `grpcRoute` / `canary`: valid values with
 * the edges of the CRD rules, and garbage.
 */

const LONG_HOST = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`; // 253 characters

/** Host names: precise and wildcard, and past every edge (unicode, IPs, wildcards in odd places, 253/254 characters). */
export const gatewayHost = edgy(
  fc.oneof(fc.stringMatching(/^[a-z][a-z0-9]{0,5}\.example\.com$/), fc.constantFrom('*.example.com', 'shop.example.com', 'example.com')),
  fc.constantFrom('*', '*.', '*.*.example.com', 'a.*.example.com', '**.example.com', '*example.com', '*.com', '.example.com', 'example.com.',
    'a..b', 'EXAMPLE.com', 'ünïcödé.example.com', 'xn--bcher-kva.example', '💥.example.com', '1.2.3.4', '::1', '10.0.0.1', '-a.example.com',
    'a_b.example.com', 'a b', '', ' ', LONG_HOST, `a${LONG_HOST}`, `*.${LONG_HOST.slice(2)}`, 'a'.repeat(10_000)),
);

export const headerName = edgy(fc.stringMatching(/^x-[a-z]{1,6}$/),
  fc.constantFrom('', 'a b', 'X-Upper', 'ü', 'a'.repeat(257), ':authority', 'x-h\n', 'x,y', 5 as any, null as any));
export const headerValue = edgy(fc.stringMatching(/^[a-z0-9]{1,6}$/),
  fc.constantFrom('', 'a'.repeat(4097), 'a'.repeat(1025), '💥', ' x', 'a\nb', 7 as any, undefined as any));
export const regex = fc.constantFrom('^/api/[0-9]+', '.*', '/v[12]/.*', '(', '[a-', '\\', '(?<n>a)', 'a{2,1}', '', 'a'.repeat(1025), '*');

export const headerMatch = rarelyGarbage(fc.record({
  name: mostly(headerName),
  value: mostly(fc.oneof(headerValue, regex)),
  type: maybe(fc.constantFrom(StringMatchType.EXACT, StringMatchType.REGULAR_EXPRESSION, 'Prefix' as any)),
}, { requiredKeys: ['name', 'value'] }));

/** Durations for timeouts: whole seconds mostly, then milliseconds, fractions, NaN, negatives, zero and beyond 99,999 hours. */
export const timeout = edgy(
  fc.integer({ min: 1, max: 600 }).map(s => Duration.seconds(s)),
  fc.oneof(fc.integer({ min: 0, max: 5000 }).map(ms => Duration.millis(ms)),
    fc.constantFrom(Duration.millis(0.5), Duration.seconds(0.0001), Duration.seconds(NaN), Duration.seconds(Infinity),
      Duration.hours(100_000), Duration.hours(99_999), Duration.days(5000), Duration.millis(1.5), Duration.seconds(0))),
);

const match = rarelyGarbage(fc.record({
  path: maybe(fc.oneof(urlPath, regex)),
  pathType: maybe(fc.constantFrom(...Object.values(PathMatchType), 'Prefix' as any)),
  headers: maybe(fc.array(headerMatch, { maxLength: 3 })),
  queryParams: maybe(fc.array(headerMatch, { maxLength: 2 })),
  method: maybe(fc.constantFrom(...Object.values(HttpMethod), 'get' as any)),
}, { requiredKeys: [] }));

export const headerModifier = rarelyGarbage(fc.record({
  set: maybe(fc.dictionary(headerName, headerValue, { maxKeys: 2 })),
  add: maybe(fc.dictionary(headerName, headerValue, { maxKeys: 2 })),
  remove: maybe(fc.array(headerName, { maxLength: 2 })),
}, { requiredKeys: [] }));

const redirect = rarelyGarbage(fc.record({
  scheme: maybe(fc.constantFrom(...Object.values(RedirectScheme), 'ftp' as any)),
  hostname: maybe(gatewayHost),
  port: maybe(port),
  path: maybe(urlPath),
  pathPrefix: maybe(urlPath),
  permanent: maybe(fc.boolean()),
}, { requiredKeys: [] }));

const rewrite = rarelyGarbage(fc.record({ hostname: maybe(gatewayHost), path: maybe(urlPath), pathPrefix: maybe(urlPath) }, { requiredKeys: [] }));

export const httpRule = rarelyGarbage(fc.record({
  // Names a canary's header twin (`<name>-canary`) may collide with or push past 253 characters.
  name: maybe(edgy(fc.constantFrom('main', 'main-canary', 'api'), fc.constantFrom('a'.repeat(246), 'a'.repeat(247), 'a'.repeat(253), 'Main'))),
  paths: maybe(fc.array(urlPath, { maxLength: 3 })),
  matches: maybe(fc.array(match, { maxLength: 3 })),
  requestHeaders: maybe(headerModifier),
  responseHeaders: maybe(headerModifier),
  redirect: maybe(redirect),
  rewrite: maybe(rewrite),
  timeout: maybe(timeout),
  backendTimeout: maybe(timeout),
}, { requiredKeys: [] }));

const grpcMatch = rarelyGarbage(fc.record({
  service: maybe(edgy(fc.constantFrom('shop.v1.Cart', 'grpc.health.v1.Health', 'Cart'), fc.constantFrom('', '.x.y', '1bad', 'a b', 'a..b', 'a'.repeat(1025), '^shop\\..*', '('))),
  method: maybe(edgy(fc.constantFrom('AddItem', 'Check', 'get_x'), fc.constantFrom('', '1x', 'a.b', 'a b', '(', '.*'))),
  type: maybe(fc.constantFrom(...Object.values(StringMatchType), 'Prefix' as any)),
  headers: maybe(fc.array(headerMatch, { maxLength: 2 })),
}, { requiredKeys: [] }));

export const grpcRule = rarelyGarbage(fc.record({
  name: maybe(name),
  matches: maybe(fc.array(grpcMatch, { maxLength: 3 })),
  requestHeaders: maybe(headerModifier),
  responseHeaders: maybe(headerModifier),
}, { requiredKeys: [] }));

/** Percentages and weights: the valid range, its edges, floats, NaN, ±Infinity, negatives and wrong types. */
export const traffic = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map(p => CanaryTraffic.percent(p)),
  fc.constantFrom(0.5, 0.1234, 0.12345, 33.3333, 99.9999, 100.0001, 1e-7, 1e21, -0, -1, 101, NaN, Infinity, -Infinity, '10' as any, null as any)
    .map(p => CanaryTraffic.percent(p)),
  fc.double().map(p => CanaryTraffic.percent(p)),
  fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 })).map(([s, c]) => CanaryTraffic.weights(s, c)),
  fc.tuple(fc.constantFrom(-1, 0, 1.5, NaN, Infinity, -Infinity, 1_000_000, 1_000_001, '5' as any, null as any), fc.constantFrom(-1, 0, 1, 2.5, NaN, 1_000_001))
    .map(([s, c]) => CanaryTraffic.weights(s, c)),
  garbage,
);

export const certificate = rarelyGarbage(fc.record({ secretName: mostly(name), namespace: maybe(name) }, { requiredKeys: ['secretName'] }));

export const allowedRoutes: fc.Arbitrary<AllowedRoutes> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(AllowedRoutes.sameNamespace(), AllowedRoutes.allNamespaces()) },
  { weight: 2, arbitrary: listOf(name, 3, 2).map(n => AllowedRoutes.fromNamespaces(n)) },
  { weight: 2, arbitrary: labels.map(l => AllowedRoutes.fromNamespacesLabelled(l)) },
  { weight: 1, arbitrary: garbage.map(g => AllowedRoutes.fromNamespaces(g)) },
  { weight: 1, arbitrary: garbage.map(g => AllowedRoutes.fromNamespacesLabelled(g)) },
  { weight: 1, arbitrary: garbage },
);

export const listener = rarelyGarbage(fc.record({
  name: mostly(edgy(name, fc.constantFrom('a.b', 'https', 'http', 'a'.repeat(254)))),
  protocol: maybe(edgy(fc.constantFrom(...Object.values(GatewayProtocol)), fc.constantFrom('TCP' as any, 'http' as any))),
  // Mostly a port of its own: listeners sharing one must differ in host name.
  port: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 65535 }) }, { weight: 1, arbitrary: maybe(port) }),
  hostname: maybe(gatewayHost),
  certificates: maybe(fc.array(certificate, { maxLength: 3 })),
  allowedRoutes: maybe(allowedRoutes),
  allowedKinds: maybe(listOf(edgy(fc.constantFrom(...Object.values(RouteKind)), fc.constant('TCPRoute' as any)), 2, 8, 1)),
}, { requiredKeys: ['name', 'port'] }).map(l => {
  // Certificates go with HTTPS (and now and then with HTTP, or missing): most listeners are not refused for them.
  const https = l.protocol === GatewayProtocol.HTTPS;
  const certificates = https ? l.certificates ?? [{ secretName: 'tls' }] : Array.isArray(l.certificates) && l.certificates.length > 2 ? l.certificates : undefined;
  return { ...l, certificates };
}));
