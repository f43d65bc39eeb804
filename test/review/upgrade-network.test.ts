import { edit, ingressClass, service } from './manifests';
import { UpgradeGuard } from '../../lib';

function rules(before: any[], after: any[]): string[] {
  return UpgradeGuard.compare(before, after).map(f => `${f.rule} ${f.field} ${f.before} ${f.after}`);
}

describe('Service (ValidateServiceUpdate)', () => {
  test('a Service that got a cluster IP cannot become headless, nor take another fixed IP', () => {
    expect(rules([service({})], [service({ clusterIP: 'None' })])).toEqual(['service-cluster-ip spec.clusterIP (absent) "None"']);
    expect(UpgradeGuard.compare([service({})], [service({ clusterIP: 'None' })])[0].message).toContain('it cannot become headless');
    expect(rules([service({})], [service({ clusterIP: '10.96.0.10' })])).toEqual(['service-cluster-ip spec.clusterIP (absent) "10.96.0.10"']);
  });

  test('a headless Service stays headless when the manifest leaves clusterIP out, and both headless is no change', () => {
    expect(rules([service({ clusterIP: 'None' })], [service({})])).toEqual([]);
    expect(rules([service({ clusterIP: 'None' })], [service({ clusterIP: 'None' })])).toEqual([]);
  });

  test('the primary of clusterIPs is immutable; a secondary may be added', () => {
    expect(rules([service({ clusterIPs: ['10.96.0.10'] })], [service({ clusterIPs: ['10.96.0.10', 'fd00::10'] })])).toEqual([]);
    expect(rules([service({ clusterIPs: ['10.96.0.10'] })], [service({ clusterIPs: ['10.96.0.11'] })])).toEqual(['service-cluster-ip spec.clusterIPs[0] "10.96.0.10" "10.96.0.11"']);
  });

  test('to and from ExternalName, cluster IPs and families may change', () => {
    expect(rules([service({ type: 'ExternalName', externalName: 'a.example.com' })], [service({ clusterIP: 'None', ipFamilies: ['IPv6'] })])).toEqual([]);
  });

  test('a secondary IP family may be added; the load-balancer class only matters between two LoadBalancers', () => {
    expect(rules([service({ ipFamilies: ['IPv4'] })], [service({ ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' })])).toEqual([]);
    expect(rules([service({ type: 'LoadBalancer', loadBalancerClass: 'a' })], [service({ type: 'NodePort' })])).toEqual([]);
  });

  test('ports, selector, type and traffic policies may change', () => {
    const after = service({ type: 'NodePort', selector: { app: 'web2' }, ports: [{ port: 81, targetPort: 8081, nodePort: 30081 }], externalTrafficPolicy: 'Local' });
    expect(rules([service({})], [after])).toEqual([]);
  });
});

describe('front-door classes', () => {
  test('an IngressClass may change its parameters and labels, not its controller', () => {
    expect(rules([ingressClass()], [edit(ingressClass(), c => { c.spec.parameters = { kind: 'Config', name: 'x' }; c.metadata.labels = { a: 'b' }; })])).toEqual([]);
  });

  test('Ingress, NetworkPolicy and PodDisruptionBudget specs are mutable in 1.28', () => {
    const objects = (n: number) => [
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: { ingressClassName: `c${n}`, rules: [{ host: `h${n}.example.com` }] } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web' }, spec: { podSelector: { matchLabels: { app: `a${n}` } }, policyTypes: ['Ingress'] } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: n, selector: { matchLabels: { app: `a${n}` } } } },
    ];
    expect(rules(objects(1), objects(2))).toEqual([]);
  });
});
