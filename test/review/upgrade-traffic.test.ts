import { edit, gateway, grpcRoute, httpRoute, referenceGrant, shopApp } from './manifests';
import { UpgradeGuard, UpgradeRisk } from '../../lib';

/** The rules and fields of what a change loses, as `rule field`. */
function losses(before: any[], after: any[]): string[] {
  return UpgradeGuard.compare(before, after).map(f => `${f.rule} ${f.field}`);
}

/** The shop behind the shared Gateway: `/` to the stable `web`, and the pieces a canary adds. */
function stableOnly(image = 'web:1.0.0'): any[] {
  return [gateway(), httpRoute(r => { r.spec.rules = [{ backendRefs: [{ name: 'web', port: 80 }] }]; }), ...shopApp('web', 'stable', image)];
}

function withCanary(stableWeight: number, canaryWeight: number, stableImage = 'web:1.0.0'): any[] {
  return [
    gateway(),
    httpRoute(r => {
      r.spec.rules = [
        // Opt-in by header: testers always reach the canary.
        { matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-canary', value: 'always' }] }], backendRefs: [{ name: 'web-canary', port: 80 }] },
        { backendRefs: [{ name: 'web', port: 80, weight: stableWeight }, { name: 'web-canary', port: 80, weight: canaryWeight }] },
      ];
    }),
    ...shopApp('web', 'stable', stableImage),
    ...shopApp('web-canary', 'canary', 'web:1.1.0'),
  ];
}

describe('a canary\'s life loses no traffic', () => {
  test.each<[string, any[], any[]]>([
    ['add the canary (a second backendRef, a header rule, its Deployment and Service)', stableOnly(), withCanary(90, 10)],
    ['shift the weights', withCanary(90, 10), withCanary(50, 50)],
    ['send everything to the canary (stable weight 0)', withCanary(50, 50), withCanary(0, 100)],
    ['promote: the stable image becomes the canary\'s', withCanary(0, 100), withCanary(0, 100, 'web:1.1.0')],
    ['back to the stable backend before the canary goes', withCanary(0, 100, 'web:1.1.0'), withCanary(100, 0, 'web:1.1.0')],
    ['remove the canary: backendRef, header rule, Deployment and Service', withCanary(100, 0, 'web:1.1.0'), stableOnly('web:1.1.0')],
    ['remove the canary in one step from 90/10', withCanary(90, 10), stableOnly()],
  ])('%s', (_, before, after) => {
    expect(UpgradeGuard.compare(before, after)).toEqual([]);
  });

  test('removing the canary while its share is all the traffic is not flagged: the stable backend takes it back', () => {
    expect(UpgradeGuard.compare(withCanary(0, 100), stableOnly())).toEqual([]);
  });
});

describe('backends that fail', () => {
  test('the canary\'s Service gone while the rule still weights it: its share fails', () => {
    const after = withCanary(90, 10).filter(m => !(m.kind === 'Service' && m.metadata.name === 'web-canary'));
    const findings = UpgradeGuard.compare(withCanary(90, 10), after);
    expect(findings.map(f => [f.rule, f.field, f.risk])).toEqual([
      ['route-backend-missing', 'spec.rules[0].backendRefs[0]', UpgradeRisk.TRAFFIC_LOSS],
      ['route-backend-missing', 'spec.rules[1].backendRefs[1]', UpgradeRisk.TRAFFIC_LOSS],
    ]);
    expect(findings[1].message).toEqual('Service "shop/web-canary" is gone, but the rule for / still sends it 10% of its requests, which fail (500). '
      + 'Drop the backendRef in the same change, or keep what it needs');
  });

  test('the canary\'s Deployment gone while its Service and backendRef stay: the Service selects no pods', () => {
    const after = withCanary(90, 10).filter(m => !(m.kind === 'Deployment' && m.metadata.name === 'web-canary'));
    expect(UpgradeGuard.compare(withCanary(90, 10), after).map(f => f.message.split(',')[0]))
      .toEqual(['Service "shop/web-canary" selects no pods any more', 'Service "shop/web-canary" selects no pods any more']);
  });

  test('every backend of a rule at weight 0 is traffic loss; one at 0 beside another is not', () => {
    expect(losses(withCanary(90, 10), withCanary(0, 0))).toEqual(['route-backends-zero spec.rules[1].backendRefs']);
    expect(losses(withCanary(90, 10), withCanary(0, 10))).toEqual([]);
  });

  test('a rule left with no backendRefs and no redirect answers 500', () => {
    const after = [gateway(), httpRoute(r => { r.spec.rules[0].backendRefs = []; }), ...shopApp('web'), ...shopApp('api')];
    expect(losses([gateway(), httpRoute(), ...shopApp('web'), ...shopApp('api')], after)).toEqual(['route-backends-zero spec.rules[0].backendRefs']);
  });

  test('a rule turned into a redirect answers without a backend: no loss', () => {
    const after = [gateway(), httpRoute(r => {
      r.spec.rules[0] = { matches: r.spec.rules[0].matches, filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] };
    }), ...shopApp('web'), ...shopApp('api')];
    expect(losses([gateway(), httpRoute(), ...shopApp('web'), ...shopApp('api')], after)).toEqual([]);
  });

  test('a backend that was already broken loses nothing new', () => {
    const before = [gateway(), httpRoute(), ...shopApp('web')];
    expect(losses(before, [...before])).toEqual([]);
  });

  test('a backend in another namespace needs its ReferenceGrant: removing the grant is traffic loss', () => {
    const cross = (grant: boolean) => [
      gateway(),
      httpRoute(r => { r.spec.rules = [{ backendRefs: [{ name: 'catalog', namespace: 'backends', port: 80 }] }]; }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'catalog', namespace: 'backends' }, spec: { ports: [{ port: 80 }] } },
      ...(grant ? [referenceGrant()] : []),
    ];
    expect(losses(cross(true), cross(true))).toEqual([]);
    const findings = UpgradeGuard.compare(cross(true), cross(false));
    expect(findings.map(f => `${f.rule} ${f.field}`)).toEqual(['route-backend-missing spec.rules[0].backendRefs[0]']);
    expect(findings[0].message).toMatch(/^no ReferenceGrant in namespace "backends" admits HTTPRoutes from "shop"/);
  });
});

describe('routes, parents, hostnames and rules', () => {
  const before = [gateway(), httpRoute(), ...shopApp('web'), ...shopApp('api')];

  test('a renamed route whose successor serves the same requests loses nothing', () => {
    const successor = httpRoute(r => { r.metadata.name = 'shop-v2'; });
    expect(losses(before, [gateway(), successor, ...shopApp('web'), ...shopApp('api')])).toEqual([]);
  });

  test('a hostname moved to a wildcard that still covers it, or dropped with none left (all of the listener\'s), loses nothing', () => {
    expect(losses(before, [gateway(), httpRoute(r => { r.spec.hostnames = ['*.example.com']; }), ...shopApp('web'), ...shopApp('api')])).toEqual([]);
    expect(losses(before, [gateway(), httpRoute(r => { delete r.spec.hostnames; }), ...shopApp('web'), ...shopApp('api')])).toEqual([]);
  });

  test('a removed match that a broader rule still catches loses nothing; one that none catches does', () => {
    const twoPaths = (paths: string[]) => [gateway(), httpRoute(r => {
      r.spec.rules = [{ matches: paths.map(value => ({ path: { type: 'PathPrefix', value } })), backendRefs: [{ name: 'api', port: 80 }] }];
    }), ...shopApp('api')];
    expect(losses(twoPaths(['/api', '/v2']), twoPaths(['/api']))).toEqual(['route-rule-removed spec.rules[0].matches[1]']);
    expect(losses(twoPaths(['/api', '/v2']), twoPaths(['/']))).toEqual([]);
  });

  test('a parentRef to a Gateway outside the manifests, removed, is reported without a listener', () => {
    const elsewhere = (parents: any[]) => [httpRoute(r => { r.spec.parentRefs = parents; }), ...shopApp('web'), ...shopApp('api')];
    const findings = UpgradeGuard.compare(elsewhere([{ name: 'edge' }, { name: 'internal' }]), elsewhere([{ name: 'edge' }]));
    expect(findings.map(f => `${f.rule} ${f.field}`)).toEqual(['route-parent-removed spec.parentRefs[1]']);
    expect(findings[0].message).toEqual('the route no longer attaches to Gateway shop/internal: requests for "shop.example.com", "www.example.com" arriving there get 404');
  });

  test('a route the Gateway never admitted carries no traffic to lose', () => {
    const same = gateway(g => { g.spec.listeners.forEach((l: any) => { l.allowedRoutes = { namespaces: { from: 'Same' } }; }); });
    expect(losses([same, httpRoute(), ...shopApp('web')], [same, ...shopApp('web')])).toEqual([]);
  });

  test('GRPCRoute: a method rule removed while the catch-all stays is covered; the catch-all removed is not', () => {
    const base = [gateway(), grpcRoute(), ...shopApp('orders'), ...shopApp('grpc-default')];
    expect(losses(base, [gateway(), grpcRoute(r => { r.spec.rules = [r.spec.rules[1]]; }), ...shopApp('orders'), ...shopApp('grpc-default')])).toEqual([]);
    const findings = UpgradeGuard.compare(base, [gateway(), grpcRoute(r => { r.spec.rules = [r.spec.rules[0]]; }), ...shopApp('orders'), ...shopApp('grpc-default')]);
    expect(findings.map(f => `${f.rule} ${f.field} ${f.before}`)).toEqual(['route-rule-removed spec.rules[1] "any method"']);
  });
});

describe('Gateways and listeners', () => {
  const before = [gateway(), httpRoute(), ...shopApp('web'), ...shopApp('api')];
  const withGateway = (change: (g: any) => void) => [gateway(change), httpRoute(), ...shopApp('web'), ...shopApp('api')];

  test('a listener hostname that no longer covers the route\'s hostnames detaches it', () => {
    const findings = UpgradeGuard.compare(before, withGateway(g => { g.spec.listeners[1].hostname = '*.example.org'; }));
    expect(findings.map(f => `${f.rule} ${f.field} ${f.before} ${f.after}`)).toEqual(['gateway-listener-changed spec.listeners[1].hostname "*.example.com" "*.example.org"']);
    expect(findings[0].message).toContain('requests for "shop.example.com (HTTPRoute shop/shop)", "www.example.com (HTTPRoute shop/shop)" no longer reach their routes');
  });

  test('a listener hostname narrowed to one of the route\'s: the other one is lost, and reported on the Gateway', () => {
    const findings = UpgradeGuard.compare(before, withGateway(g => { g.spec.listeners[1].hostname = 'shop.example.com'; }));
    expect(findings.map(f => `${f.rule} ${f.field}`)).toEqual(['gateway-listener-changed spec.listeners[1].hostname']);
    expect(findings[0].message).toContain('requests for "www.example.com (HTTPRoute shop/shop)" no longer reach their routes (404)');
  });

  test('all of a route\'s hostnames replaced: each old one is reported on the route', () => {
    const after = [gateway(), httpRoute(r => { r.spec.hostnames = ['shop.example.org']; }), ...shopApp('web'), ...shopApp('api')];
    expect(losses(before, after)).toEqual(['route-hostname-removed spec.hostnames[0]', 'route-hostname-removed spec.hostnames[1]']);
  });

  test('a protocol change from HTTPS to TLS detaches HTTP routes', () => {
    const findings = UpgradeGuard.compare(before, withGateway(g => { g.spec.listeners[1].protocol = 'TLS'; }));
    expect(findings.map(f => `${f.rule} ${f.field}`)).toEqual(['gateway-listener-changed spec.listeners[1].protocol']);
    expect(findings[0].message).toContain('(TLS listeners take no HTTP or gRPC routes)');
  });

  test('allowedRoutes narrowed to the Gateway\'s own namespace detaches the shop\'s route', () => {
    const findings = UpgradeGuard.compare(before, withGateway(g => { g.spec.listeners[1].allowedRoutes = { namespaces: { from: 'Same' } }; }));
    expect(findings.map(f => `${f.rule} ${f.field}`)).toEqual(['gateway-listener-changed spec.listeners[1].allowedRoutes']);
  });

  test('allowedRoutes by a namespace selector: the Namespace\'s labels decide', () => {
    const selected = (labels: { [k: string]: string }) => [
      gateway(g => { g.spec.listeners[1].allowedRoutes = { namespaces: { from: 'Selector', selector: { matchLabels: { exposed: 'true' } } } }; }),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } },
      httpRoute(),
      ...shopApp('web'),
      ...shopApp('api'),
    ];
    expect(losses(selected({ exposed: 'true' }), selected({ exposed: 'true', team: 'shop' }))).toEqual([]);
    const findings = UpgradeGuard.compare(selected({ exposed: 'true' }), selected({ exposed: 'false' }));
    expect(findings.map(f => `${f.rule} ${f.field}`)).toEqual(['route-detached spec.parentRefs[0]']);
    expect(findings[0].message).toContain('the listener\'s allowedRoutes no longer admits HTTPRoutes from namespace "shop"');
    // Not admitted before either: nothing to lose.
    expect(losses(selected({ exposed: 'false' }), selected({}))).toEqual([]);
  });

  test('a renamed listener keeps routes that name no sectionName, and loses those that do', () => {
    const renamed = (g: any) => { g.spec.listeners[1].name = 'websecure'; };
    expect(losses(before, withGateway(renamed))).toEqual(['gateway-listener-removed spec.listeners[1]']);
    const noSection = [gateway(), httpRoute(r => { delete r.spec.parentRefs[0].sectionName; }), ...shopApp('web'), ...shopApp('api')];
    const noSectionAfter = [gateway(renamed), httpRoute(r => { delete r.spec.parentRefs[0].sectionName; }), ...shopApp('web'), ...shopApp('api')];
    expect(losses(noSection, noSectionAfter)).toEqual([]);
  });

  test('a listener no route here uses: kept quiet when routes here name the Gateway, reported when none does', () => {
    expect(losses(before, withGateway(g => { g.spec.listeners = [g.spec.listeners[1]]; }))).toEqual([]);
    const alone = UpgradeGuard.compare([gateway()], [gateway(g => { g.spec.listeners = [g.spec.listeners[1]]; })]);
    expect(alone.map(f => `${f.rule} ${f.field}`)).toEqual(['gateway-listener-removed spec.listeners[0]']);
    expect(alone[0].message).toContain('(no route in these manifests names it: routes of other teams may)');
  });

  test('a Gateway added, or its class and addresses left alone, loses nothing', () => {
    expect(losses([httpRoute()], [gateway(), httpRoute()])).toEqual([]);
    expect(losses(before, withGateway(g => { g.metadata.labels = { team: 'platform' }; }))).toEqual([]);
  });

  test('an Ingress is left to the other rules: removing one is not traffic loss here', () => {
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'shop' }, spec: { rules: [{ host: 'shop.example.com' }] } };
    expect(losses([ingress], [])).toEqual([]);
  });

  test('findings name the object as it was, whatever the Gateway\'s namespace', () => {
    const moved = edit(gateway(), g => { g.metadata.namespace = 'edge'; });
    expect(losses(before, [moved, httpRoute(), ...shopApp('web'), ...shopApp('api')])).toEqual(['gateway-removed ']);
  });
});
