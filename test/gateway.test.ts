import { Chart, JsonPatch, Testing } from 'cdk8s';
import { AllowedRoutes, ExposedWebApp, Gateway, GatewayListenerOptions, GatewayProps, GatewayProtocol, RouteKind } from '../lib';
import { expectError, expectWellFormed, find, findAll, newChart, synth } from './support/synth';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';
const HTTPS: GatewayListenerOptions = { name: 'https', protocol: GatewayProtocol.HTTPS, certificates: [{ secretName: 'shop-tls' }] };

function build(props: Partial<GatewayProps> = {}, chart: Chart = newChart({ namespace: 'gateway' })) {
  const gateway = new Gateway(chart, 'public', { gatewayClassName: 'eg', listeners: [{ name: 'http' }], ...props });
  return { chart, gateway, manifests: () => synth(chart) };
}

describe('Gateway', () => {
  test('one HTTP listener on port 80 admitting routes of its own namespace only, written out', () => {
    const { gateway, manifests } = build();
    const out = manifests();
    expect(out.map(m => `${m.apiVersion} ${m.kind}`)).toEqual(['gateway.networking.k8s.io/v1 Gateway']);
    const gw = find(out, 'Gateway');
    expect(gw.metadata).toMatchObject({ name: 'public', namespace: 'gateway' });
    expect(gw.metadata.labels['app.kubernetes.io/component']).toEqual('gateway');
    expect(gw.spec).toEqual({
      gatewayClassName: 'eg',
      listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } }],
    });
    expect(gateway.gatewayName).toEqual('public');
    expect(gateway.gatewayNamespace).toEqual('gateway');
    expect(gateway.listenerNames).toEqual(['http']);
    expect(out).toMatchSnapshot();
  });

  test('an HTTPS listener defaults to port 443 and names its certificate Secret', () => {
    const gw = find(build({ listeners: [HTTPS] }).manifests(), 'Gateway');
    expect(gw.spec.listeners[0]).toMatchObject({ protocol: 'HTTPS', port: 443, tls: { certificateRefs: [{ name: 'shop-tls' }] } });
  });

  test('a certificate in another namespace gets one ReferenceGrant there, for this Gateway and those Secrets only', () => {
    const { manifests } = build({
      listeners: [
        { ...HTTPS, certificates: [{ secretName: 'a', namespace: 'certs' }, { secretName: 'b', namespace: 'certs' }, { secretName: 'own' }] },
        { name: 'admin', protocol: GatewayProtocol.HTTPS, port: 8443, certificates: [{ secretName: 'a', namespace: 'certs' }] },
      ],
    });
    const out = manifests();
    const grants = findAll(out, 'ReferenceGrant');
    expect(grants).toHaveLength(1);
    expect(grants[0].apiVersion).toEqual('gateway.networking.k8s.io/v1beta1');
    expect(grants[0].metadata).toMatchObject({ name: 'gateway-public-tls', namespace: 'certs' });
    expect(grants[0].spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'gateway' }],
      to: [{ group: '', kind: 'Secret', name: 'a' }, { group: '', kind: 'Secret', name: 'b' }],
    });
    expect(find(out, 'Gateway').spec.listeners[0].tls.certificateRefs).toEqual([
      { name: 'a', namespace: 'certs' }, { name: 'b', namespace: 'certs' }, { name: 'own' },
    ]);
    expectWellFormed(out);
  });

  test('allowedRoutes: all namespaces, namespaces by name (the metadata.name label), namespaces by labels; kinds', () => {
    const gw = find(build({
      listeners: [
        { name: 'all', allowedRoutes: AllowedRoutes.allNamespaces(), hostname: 'a.example.com' },
        { name: 'named', allowedRoutes: AllowedRoutes.fromNamespaces(['shop', 'blog']), hostname: 'b.example.com' },
        { name: 'labelled', allowedRoutes: AllowedRoutes.fromNamespacesLabelled({ 'gateway-access': 'public' }), hostname: 'c.example.com', allowedKinds: [RouteKind.GRPC_ROUTE] },
      ],
    }).manifests(), 'Gateway');
    expect(gw.spec.listeners.map((l: any) => l.allowedRoutes)).toEqual([
      { namespaces: { from: 'All' } },
      { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop', 'blog'] }] } } },
      { namespaces: { from: 'Selector', selector: { matchLabels: { 'gateway-access': 'public' } } }, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'GRPCRoute' }] },
    ]);
  });

  test('addListener adds a listener after construction, and it is in the YAML', () => {
    const { gateway, manifests } = build();
    gateway.addListener(HTTPS);
    expect(gateway.listenerNames).toEqual(['http', 'https']);
    expect(find(manifests(), 'Gateway').spec.listeners.map((l: any) => l.name)).toEqual(['http', 'https']);
  });

  test('annotations (cert-manager) go on the Gateway', () => {
    const gw = find(build({ annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } }).manifests(), 'Gateway');
    expect(gw.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
  });

  test('apiObject takes JSON patches for fields without a prop', () => {
    const { gateway, manifests } = build();
    gateway.apiObject.addJsonPatch(JsonPatch.add('/spec/infrastructure', { labels: { team: 'platform' } }));
    expect(find(manifests(), 'Gateway').spec.infrastructure).toEqual({ labels: { team: 'platform' } });
  });

  test('a Gateway without a namespace in a chart without one', () => {
    const { gateway, manifests } = build({}, newChart());
    expect(gateway.gatewayNamespace).toBeUndefined();
    expect(find(manifests(), 'Gateway').metadata.namespace).toBeUndefined();
  });

  test('the same inputs give the same bytes', () => {
    const once = () => JSON.stringify(Testing.synth(build({ listeners: [HTTPS, { name: 'http', hostname: '*.example.com' }] }).chart));
    expect(once()).toEqual(once());
  });
});

describe('Gateway.fromGatewayName', () => {
  test('names a Gateway owned elsewhere; it writes nothing', () => {
    const chart = newChart();
    const ref = Gateway.fromGatewayName(chart, 'platform-gateway', 'public', 'gateway');
    expect(ref.gatewayName).toEqual('public');
    expect(ref.gatewayNamespace).toEqual('gateway');
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('refuses a name or namespace the API would', () => {
    expectError(() => Gateway.fromGatewayName(newChart(), 'gw', 'Public'),
      "Gateway 'test/gw': invalid gatewayName \"Public\": must be a DNS-1123 subdomain: at most 253 characters, lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");
    expectError(() => Gateway.fromGatewayName(newChart(), 'gw', 'public', 'gate_way'),
      "Gateway 'test/gw': invalid gatewayNamespace \"gate_way\": must be a DNS-1123 label: at most 63 characters, lowercase letters, digits and '-', starting and ending with a letter or digit");
  });
});

describe('Gateway checks at construction', () => {
  const GW = "Gateway 'test/public': invalid";
  test('listener names are unique, as the CRD requires', () => {
    expectError(() => build({ listeners: [{ name: 'http' }, { name: 'http', port: 8080 }] }),
      `${GW} listeners[1].name "http": is already the name of a listener of this Gateway; listener names must be unique`);
  });

  test('addListener reports under its own name', () => {
    const { gateway } = build();
    expectError(() => gateway.addListener({ name: 'http', port: 81 }),
      `${GW} addListener.name "http": is already the name of a listener of this Gateway; listener names must be unique`);
  });

  test('one port speaks one protocol', () => {
    expectError(() => build({ listeners: [{ name: 'http', port: 8080 }, { ...HTTPS, port: 8080 }] }),
      `${GW} listeners[1].port 8080: is already listener "http"'s port with protocol HTTP; one port speaks one protocol, or both listeners are marked Conflicted`);
  });
});

describe('Gateway with routes of the app', () => {
  test('a route of another namespace attaches to a listener admitting it, and the result is well-formed', () => {
    const app = Testing.app();
    const platform = new Chart(app, 'platform', { namespace: 'gateway' });
    const gateway = new Gateway(platform, 'public', {
      gatewayClassName: 'eg',
      listeners: [{ ...HTTPS, hostname: '*.example.com', allowedRoutes: AllowedRoutes.fromNamespaces(['shop']) }],
    });
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    new ExposedWebApp(shop, 'web', { image: IMAGE, route: { parents: [{ gateway, sectionName: 'https' }], hostnames: ['shop.example.com'] } });
    const out = [...synth(platform), ...synth(shop)];
    expectWellFormed(out);
    expect(find(out, 'HTTPRoute').spec.parentRefs).toEqual([{ name: 'public', namespace: 'gateway', sectionName: 'https' }]);
  });
});
