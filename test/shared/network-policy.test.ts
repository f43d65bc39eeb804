import { Chart, Testing } from 'cdk8s';
import { AllowedRoutes, ExposedWebApp, ExposedWebAppProps, Gateway, NetworkPolicyOptions } from '../../lib';
import { expectError, expectWellFormed, find, newChart, synth } from '../support/synth';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';
const WEB = "ExposedWebApp 'test/web': invalid";
const fromNs = (ns: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } });

function policyFrom(networkPolicy: NetworkPolicyOptions, props: (chart: Chart) => Partial<ExposedWebAppProps>) {
  const chart = newChart({ namespace: 'shop' });
  new ExposedWebApp(chart, 'web', { image: IMAGE, networkPolicy, ...props(chart) });
  const out = synth(chart);
  expectWellFormed(out);
  return find(out, 'NetworkPolicy').spec.ingress[0].from;
}

const routeTo = (...namespaces: (string | undefined)[]) => (chart: Chart) => ({
  route: { parents: namespaces.map((ns, i) => ({ gateway: Gateway.fromGatewayName(chart, `gw${i}`, `public${i}`, ns) })) },
});

describe('NetworkPolicy of an app with a route', () => {
  test('admits the namespace of the route\'s Gateway (its data plane, by default)', () => {
    expect(policyFrom({}, routeTo('gateway'))).toEqual([fromNs('gateway')]);
  });

  test('a Gateway without a namespace is in the route\'s; two Gateways of one namespace are admitted once', () => {
    expect(policyFrom({}, routeTo(undefined, 'gateway', 'gateway'))).toEqual([fromNs('shop'), fromNs('gateway')]);
  });

  test('a Gateway construct of the app is found in its own namespace', () => {
    expect(policyFrom({}, chart => {
      const gateway = new Gateway(new Chart(Testing.app(), 'platform', { namespace: 'edge' }), 'gw', { gatewayClassName: 'eg', listeners: [{ name: 'http', allowedRoutes: AllowedRoutes.allNamespaces() }] });
      return { route: { parents: [{ gateway }] }, namespace: chart.namespace };
    })).toEqual([fromNs('edge')]);
  });

  test('gatewayDataPlaneNamespaces overrides the default (Envoy Gateway runs its proxies in envoy-gateway-system)', () => {
    expect(policyFrom({ gatewayDataPlaneNamespaces: ['envoy-gateway-system'] }, routeTo('gateway'))).toEqual([fromNs('envoy-gateway-system')]);
  });

  test('an Ingress and a route: both the ingress controller and the Gateway are admitted, each once', () => {
    expect(policyFrom({}, chart => ({ ...routeTo('gateway')(chart), ingress: {} }))).toEqual([fromNs('ingress-nginx'), fromNs('gateway')]);
    expect(policyFrom({ ingressControllerNamespace: 'gateway' }, chart => ({ ...routeTo('gateway')(chart), ingress: {} }))).toEqual([fromNs('gateway')]);
  });

  test('the Gateway namespaces come before the other sources', () => {
    expect(policyFrom({ allowFromNamespaces: ['monitoring'] }, routeTo('gateway'))).toEqual([fromNs('gateway'), fromNs('monitoring')]);
  });

  test('gatewayDataPlaneNamespaces without a route, or empty', () => {
    expectError(() => new ExposedWebApp(newChart(), 'web', { image: IMAGE, networkPolicy: { gatewayDataPlaneNamespaces: ['gw'], allowSameNamespace: true } }),
      `${WEB} networkPolicy.gatewayDataPlaneNamespaces ["gw"]: is only used when the app has a 'route' or 'grpcRoute'`);
    expectError(() => {
      const chart = newChart();
      new ExposedWebApp(chart, 'web', { image: IMAGE, networkPolicy: { gatewayDataPlaneNamespaces: [] }, ...routeTo('gateway')(chart) });
    }, `${WEB} networkPolicy.gatewayDataPlaneNamespaces []: must name at least one namespace; leave it out for the Gateways' own namespaces`);
  });
});
