import { ManifestChecks } from '../../lib';
import { checkRoutes } from '../../lib/checks/routes';

/**
 * The Gateway API rules of ManifestChecks on hand-written YAML: a Gateway in `gateway`, a
 * Service in `shop`, and an HTTPRoute in `shop` that each test bends one way.
 */

const GROUP = 'gateway.networking.k8s.io';

function gateway(listeners: any[] = [
  { name: 'http', protocol: 'HTTP', port: 80, hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } },
  { name: 'https', protocol: 'HTTPS', port: 443, hostname: '*.example.com', tls: { certificateRefs: [{ name: 'wildcard' }] }, allowedRoutes: { namespaces: { from: 'All' } } },
]): any {
  return { apiVersion: `${GROUP}/v1`, kind: 'Gateway', metadata: { name: 'public', namespace: 'gateway' }, spec: { gatewayClassName: 'eg', listeners } };
}

const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } };

function route(spec: any = {}, kind = 'HTTPRoute', namespace = 'shop'): any {
  return {
    apiVersion: `${GROUP}/v1`,
    kind,
    metadata: { name: 'web', namespace },
    spec: {
      parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'https' }],
      hostnames: ['shop.example.com'],
      rules: [{ backendRefs: [{ name: 'web', port: 80 }] }],
      ...spec,
    },
  };
}

const rules = (manifests: any[]) => checkRoutes(manifests).map(v => `${v.object} ${v.field} [${v.rule}] ${v.message}`);

describe('ManifestChecks: routes', () => {
  test('a route that fits its Gateway and Service passes', () => {
    expect(rules([gateway(), service, route()])).toEqual([]);
  });

  test('manifests without Gateway API objects are skipped at once', () => {
    expect(checkRoutes([service])).toEqual([]);
  });

  test('route-backend: a Service that is not there, a port it lacks, no port at all', () => {
    expect(rules([gateway(), route({ rules: [{ backendRefs: [{ name: 'api', port: 80 }] }] })])).toEqual([
      'HTTPRoute/shop/web spec.rules[0].backendRefs[0].name [route-backend] names Service "api", which is not among the manifests in namespace "shop"; requests to this backend fail',
    ]);
    expect(rules([gateway(), service, route({ rules: [{ backendRefs: [{ name: 'web', port: 8080 }, { name: 'web' }] }] })])).toEqual([
      'HTTPRoute/shop/web spec.rules[0].backendRefs[0].port [route-backend] port 8080 is not a port of Service "shop/web" (it has http=80)',
      'HTTPRoute/shop/web spec.rules[0].backendRefs[1].port [route-backend] names no port of Service "web"; a Service backend must name one',
    ]);
  });

  test('route-backend skips backends of other kinds', () => {
    expect(rules([gateway(), route({ rules: [{ backendRefs: [{ group: 'example.com', kind: 'Bucket', name: 'assets' }] }] })])).toEqual([]);
  });

  test('route-grant: a Service in another namespace needs a ReferenceGrant there for this kind and namespace', () => {
    const elsewhere = route({ rules: [{ backendRefs: [{ name: 'web', namespace: 'shop', port: 80 }] }] }, 'HTTPRoute', 'gateway');
    expect(rules([gateway(), service, elsewhere])).toEqual([
      'HTTPRoute/gateway/web spec.rules[0].backendRefs[0].namespace [route-grant] refers to Service "web" in namespace "shop", but no ReferenceGrant there admits HTTPRoutes of namespace "gateway"; the Gateway refuses the backend. Add one in "shop" (from: gateway.networking.k8s.io HTTPRoute gateway; to: Service web)',
    ]);
    const grant = (kind: string, name?: string) => ({
      apiVersion: `${GROUP}/v1beta1`,
      kind: 'ReferenceGrant',
      metadata: { name: 'g', namespace: 'shop' },
      spec: { from: [{ group: GROUP, kind, namespace: 'gateway' }], to: [{ group: '', kind: 'Service', name }] },
    });
    expect(rules([gateway(), service, elsewhere, grant('HTTPRoute', 'web')])).toEqual([]);
    expect(rules([gateway(), service, elsewhere, grant('HTTPRoute')])).toEqual([]);
    expect(rules([gateway(), service, elsewhere, grant('GRPCRoute', 'web')])).toHaveLength(1);
  });

  test('route-parent: a listener the Gateway lacks, a port no listener takes', () => {
    expect(rules([gateway(), service, route({ parentRefs: [{ name: 'public', namespace: 'gateway', sectionName: 'admin' }] })])).toEqual([
      'HTTPRoute/shop/web spec.parentRefs[0].sectionName [route-parent] Gateway "gateway/public" has no listener "admin" (it has "http", "https"); the route does not attach',
    ]);
    expect(rules([gateway(), service, route({ parentRefs: [{ name: 'public', namespace: 'gateway', port: 8080 }] })])).toEqual([
      'HTTPRoute/shop/web spec.parentRefs[0].port [route-parent] no listener of Gateway "gateway/public" takes port 8080; the route does not attach',
    ]);
  });

  test('route-hostnames: no host name of the route falls under the listener\'s', () => {
    expect(rules([gateway(), service, route({ hostnames: ['shop.example.org'] })])).toEqual([
      'HTTPRoute/shop/web spec.hostnames [route-hostnames] none of ["shop.example.org"] falls under the host name "*.example.com" of listener "https" (HTTPS :443, *.example.com); the route does not attach to Gateway "gateway/public"',
    ]);
  });

  test('route-allowed: the listener admits neither the namespace nor the kind', () => {
    const same = gateway([{ name: 'https', protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'c' }] } }]);
    expect(rules([same, service, route()])).toEqual([
      'HTTPRoute/shop/web spec.parentRefs[0] [route-allowed] listener "https" (HTTPS :443) admits only routes of the Gateway\'s own namespace "gateway" (allowedRoutes from Same), not "shop"; the route does not attach to Gateway "gateway/public"',
    ]);
    const grpcOnly = gateway([{ name: 'https', protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'c' }] }, allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ kind: 'GRPCRoute' }] } }]);
    expect(rules([grpcOnly, service, route()])).toEqual([
      'HTTPRoute/shop/web spec.parentRefs[0] [route-allowed] listener "https" (HTTPS :443) admits only GRPCRoute, not HTTPRoute; the route does not attach to Gateway "gateway/public"',
    ]);
    expect(rules([grpcOnly, service, route({}, 'GRPCRoute')])).toEqual([]);
  });

  test('a selector on Namespace labels is decided by the Namespace object when it is among the manifests', () => {
    const labelled = gateway([{ name: 'https', protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'c' }] }, allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { access: 'public' } } } } }]);
    const ns = (access: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { access } } });
    expect(rules([labelled, service, route()])).toEqual([]);
    expect(rules([labelled, service, route(), ns('public')])).toEqual([]);
    expect(rules([labelled, service, route(), ns('private')]).map(r => r.split(' [')[1].split(']')[0])).toEqual(['route-allowed']);
  });

  test('a parent that is not a Gateway of the manifests is not judged', () => {
    expect(rules([service, route()])).toEqual([]);
    expect(rules([gateway(), service, route({ parentRefs: [{ group: '', kind: 'Service', name: 'mesh' }] })])).toEqual([]);
  });

  test('route-weights: every backend of a rule weighs zero', () => {
    expect(rules([gateway(), service, route({ rules: [{ backendRefs: [{ name: 'web', port: 80, weight: 0 }] }] })])).toEqual([
      'HTTPRoute/shop/web spec.rules[0].backendRefs [route-weights] every backend weighs 0, so every request the rule matches gets an error (500); give at least one a weight',
    ]);
    expect(rules([gateway(), service, route({ rules: [{ backendRefs: [{ name: 'web', port: 80, weight: 0 }, { name: 'web', port: 80 }] }] })])).toEqual([]);
  });

  test('gateway-tls: an HTTPS listener without a certificate; gateway-grant: a certificate of another namespace without a grant', () => {
    expect(rules([gateway([{ name: 'https', protocol: 'HTTPS', port: 443, tls: {} }])])).toEqual([
      'Gateway/gateway/public spec.listeners[0].tls [gateway-tls] HTTPS listener "https" (HTTPS :443) names no certificate; it cannot terminate TLS',
    ]);
    const foreign = gateway([{ name: 'https', protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'c', namespace: 'certs' }] } }]);
    expect(rules([foreign])).toEqual([
      'Gateway/gateway/public spec.listeners[0].tls.certificateRefs[0].namespace [gateway-grant] refers to Secret "c" in namespace "certs", but no ReferenceGrant there admits Gateways of namespace "gateway"; the listener gets no certificate',
    ]);
    const grant = {
      apiVersion: `${GROUP}/v1beta1`,
      kind: 'ReferenceGrant',
      metadata: { name: 'g', namespace: 'certs' },
      spec: { from: [{ group: GROUP, kind: 'Gateway', namespace: 'gateway' }], to: [{ group: '', kind: 'Secret', name: 'c' }] },
    };
    expect(rules([foreign, grant])).toEqual([]);
  });

  test('ManifestChecks.wiring includes the route rules', () => {
    expect(ManifestChecks.wiring([gateway(), route()]).map(v => v.rule)).toEqual(['route-backend']);
  });

  test('malformed objects are reported or skipped, never a TypeError', () => {
    const junk = [
      { apiVersion: `${GROUP}/v1`, kind: 'HTTPRoute', metadata: {}, spec: { parentRefs: 'x', rules: [null, { backendRefs: [null] }] } },
      { apiVersion: `${GROUP}/v1`, kind: 'Gateway', metadata: { name: 'g' }, spec: { listeners: [null, 7] } },
      { apiVersion: `${GROUP}/v1`, kind: 'GRPCRoute' },
    ];
    expect(() => checkRoutes(junk)).not.toThrow();
  });
});
