import * as fs from 'fs';
import * as path from 'path';
import { GATEWAY_API_RELEASES, gatewayApiErrors, isGatewayApi } from './gateway-api-schema';
import { validateSchemas } from './schema';

/** The strict Gateway API check the tests rely on must itself refuse what the API server would. */

const GROUP = 'gateway.networking.k8s.io';
const route = (spec: any, extra: any = {}) => ({
  apiVersion: `${GROUP}/v1`,
  kind: 'HTTPRoute',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { parentRefs: [{ name: 'public' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }], ...spec },
  ...extra,
});
const errors = (m: any) => gatewayApiErrors(m).map(e => e.replace(/^v[\d.]+ /, ''));
const unique = (list: string[]) => [...new Set(list)];

describe('vendored Gateway API schemas', () => {
  test('two standard-channel releases, five kinds each, from the kubernetes-sigs repository', () => {
    for (const release of GATEWAY_API_RELEASES) {
      const dir = path.join(__dirname, '..', 'fixtures', 'gateway-api', release);
      const files = fs.readdirSync(dir).sort();
      expect(files).toEqual(['gatewayclasses.json', 'gateways.json', 'grpcroutes.json', 'httproutes.json', 'referencegrants.json']);
      for (const f of files) {
        const crd = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
        expect(crd.channel).toEqual('standard');
        expect(crd.bundleVersion).toEqual(release);
        expect(crd.source).toMatch(/^https:\/\/github\.com\/kubernetes-sigs\/gateway-api\/blob\/[0-9a-f]{40}\/config\/crd\/standard\//);
      }
    }
  });

  test('every pattern of the schemas compiles', () => {
    for (const release of GATEWAY_API_RELEASES) {
      const dir = path.join(__dirname, '..', 'fixtures', 'gateway-api', release);
      for (const f of fs.readdirSync(dir)) {
        const text = fs.readFileSync(path.join(dir, f), 'utf8');
        for (const [, pattern] of text.matchAll(/"pattern": ("(?:[^"\\]|\\.)*")/g)) expect(() => new RegExp(JSON.parse(pattern), 'u')).not.toThrow();
      }
    }
  });
});

describe('gatewayApiErrors', () => {
  test('a valid route passes every release', () => {
    expect(gatewayApiErrors(route({}))).toEqual([]);
    expect(isGatewayApi(`${GROUP}/v1`)).toBe(true);
    expect(isGatewayApi('v1')).toBe(false);
  });

  test('unknown fields are errors, in spec and in metadata', () => {
    expect(unique(errors(route({ rules: [{ backendRefs: [{ name: 'web', port: 80, wieght: 1 }] }] })))).toEqual(['spec.rules[0].backendRefs[0].wieght: unknown field']);
    expect(unique(errors(route({}, { metadata: { name: 'web', uid: 'x' } })))).toEqual(['metadata.uid: unknown field']);
  });

  test('types, enums, patterns, lengths, ranges and item counts', () => {
    expect(unique(errors(route({ hostnames: ['Shop.example.com'] })))).toEqual([
      'spec.hostnames[0]: "Shop.example.com" does not match ^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    ]);
    expect(unique(errors(route({ rules: [{ backendRefs: [{ name: 'web', port: 80, weight: 1_000_001 }] }] })))).toEqual(['spec.rules[0].backendRefs[0].weight: 1000001 is above 1000000']);
    expect(unique(errors(route({ rules: [{ matches: [{ method: 'FETCH' }] }] })))[0]).toMatch(/method: "FETCH" is not one of/);
    expect(unique(errors(route({ hostnames: Array.from({ length: 17 }, (_, i) => `h${i}.example.com`) })))).toEqual(['spec.hostnames: more than 16 items']);
    expect(unique(errors(route({ rules: [{ backendRefs: [{ name: 'web', port: '80' }] }] })))).toEqual(['spec.rules[0].backendRefs[0].port: must be of type integer, got string "80"']);
    expect(unique(errors(route({ rules: [{ matches: [{ headers: [{ name: 'a', value: 'x' }, { name: 'a', value: 'y' }] }] }] })))).toEqual([
      'spec.rules[0].matches[0].headers: duplicate key name ["a"]',
    ]);
  });

  test('the releases differ: v1.4 knows only redirect codes 301 and 302, v1.6 wants at least one rule', () => {
    const redirect = route({ rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } }] }] });
    expect(gatewayApiErrors(redirect)).toEqual(['v1.4.1 spec.rules[0].filters[0].requestRedirect.statusCode: 308 is not one of [301,302]']);
    expect(gatewayApiErrors(route({ rules: [] }))).toEqual(['v1.6.1 spec.rules: fewer than 1 items']);
  });

  test('the CEL rules that matter to the library, through their JavaScript equivalents', () => {
    const cases: [any, string][] = [
      [{ rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }], backendRefs: [{ name: 'web', port: 80 }] }] },
        'spec.rules[0]: RequestRedirect filter must not be used together with backendRefs'],
      [{ rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }, { type: 'URLRewrite', urlRewrite: { hostname: 'a' } }] }] },
        'spec.rules[0].filters: May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both'],
      [{ rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/a' } }, { path: { type: 'PathPrefix', value: '/b' } }], filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }] }] },
        'spec.rules[0]: When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified'],
      [{ rules: [{ timeouts: { request: '1s', backendRequest: '2s' } }] }, 'spec.rules[0].timeouts: backendRequest timeout cannot be longer than request timeout'],
      [{ rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/a//b' } }] }] }, "spec.rules[0].matches[0].path: must not contain '//' when type one of ['Exact', 'PathPrefix']"],
      [{ rules: [{ matches: [{ path: { type: 'Exact', value: 'a' } }] }] }, "spec.rules[0].matches[0].path: value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']"],
      [{ rules: [{ backendRefs: [{ name: 'web' }] }] }, 'spec.rules[0].backendRefs[0]: Must have port for Service reference'],
      [{ parentRefs: [{ name: 'public' }, { name: 'public', sectionName: 'a' }] },
        'spec.parentRefs: sectionName must be specified when parentRefs includes 2 or more references to the same parent'],
      [{ parentRefs: [{ name: 'public', sectionName: 'a' }, { name: 'public', sectionName: 'a' }] },
        'spec.parentRefs: sectionName must be unique when parentRefs includes 2 or more references to the same parent'],
      [{ rules: [{ filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'a', value: 'b' }] } }, { type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['c'] } }] }] },
        'spec.rules[0].filters: RequestHeaderModifier filter cannot be repeated'],
      [{ rules: [{ filters: [{ type: 'RequestHeaderModifier' }] }] }, 'spec.rules[0].filters[0]: filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type'],
    ];
    for (const [spec, message] of cases) expect(unique(errors(route(spec)))).toContain(message);
  });

  test('Gateway listeners: unique names, certificates on HTTPS only', () => {
    const gw = (listeners: any[]) => ({ apiVersion: `${GROUP}/v1`, kind: 'Gateway', metadata: { name: 'g' }, spec: { gatewayClassName: 'eg', listeners } });
    expect(gatewayApiErrors(gw([{ name: 'a', protocol: 'HTTP', port: 80 }]))).toEqual([]);
    expect(unique(errors(gw([{ name: 'a', protocol: 'HTTP', port: 80 }, { name: 'a', protocol: 'HTTP', port: 81 }])))).toEqual([
      'spec.listeners: duplicate key name ["a"]', 'spec.listeners: Listener name must be unique within the Gateway',
    ]);
    expect(unique(errors(gw([{ name: 'a', protocol: 'HTTP', port: 80, tls: { certificateRefs: [{ name: 'c' }] } }])))).toContain(
      "spec.listeners: tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']");
    expect(unique(errors(gw([{ name: 'a', protocol: 'HTTPS', port: 443, tls: {} }])))).toEqual([
      'spec.listeners[0].tls: certificateRefs or options must be specified when mode is Terminate',
    ]);
  });

  test('ReferenceGrant v1beta1 is served by every release; v1 only from v1.5', () => {
    const grant = { apiVersion: `${GROUP}/v1beta1`, kind: 'ReferenceGrant', metadata: { name: 'g', namespace: 'shop' }, spec: { from: [{ group: GROUP, kind: 'HTTPRoute', namespace: 'x' }], to: [{ group: '', kind: 'Service' }] } };
    expect(gatewayApiErrors(grant)).toEqual([]);
    expect(gatewayApiErrors({ ...grant, apiVersion: `${GROUP}/v1` })).toEqual(['v1.4.1: no served schema for apiVersion gateway.networking.k8s.io/v1, kind ReferenceGrant']);
  });

  test('a CEL rule without an equivalent is an error, not silently skipped', () => {
    const gw = { apiVersion: `${GROUP}/v1`, kind: 'Gateway', metadata: { name: 'g' }, spec: { gatewayClassName: 'eg', listeners: [{ name: 'a', protocol: 'HTTP', port: 80 }], addresses: [{ type: 'IPAddress', value: '10.0.0.1' }] } };
    expect(errors(gw).some(e => e.includes('no JavaScript equivalent of the CEL rule "IPAddress values must be unique"'))).toBe(true);
  });

  test('validateSchemas routes Gateway API kinds here and throws with every error', () => {
    expect(() => validateSchemas([route({ extra: 1 })])).toThrow('HTTPRoute/web v1.4.1 spec.extra: unknown field');
    expect(() => validateSchemas([route({})])).not.toThrow();
  });
});
