import { checkAgainstProfile } from '../../lib/profile/check';
import { profileReporter, resolveProfile } from '../../lib/profile/facts';
import { fixtureProps } from '../support/profiles';

const current = resolveProfile(profileReporter('current'), fixtureProps('current'));
const legacy = resolveProfile(profileReporter('legacy'), fixtureProps('legacy-1.28'));

/** Rule, field and value of each finding. */
const found = (facts: typeof current, manifests: any[]) => checkAgainstProfile(facts, manifests).map(f => [f.rule, f.field, f.value]);

const claim = (spec: object, name = 'c') => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: 'shop' }, spec });
const route = (parentRefs: object[], extra: object = {}) => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'shop' }, spec: { parentRefs, hostnames: ['shop.example.com'], ...extra },
});

describe('checkAgainstProfile: each rule on the field it concerns', () => {
  test('claims: the class (storageClassName) and the modes (accessModes), in PVCs and claim templates', () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'fast', accessModes: ['ReadWriteOnce'] } }] },
    };
    expect(found(current, [claim({ accessModes: ['ReadWriteMany'] }), sts])).toEqual([
      ['profile-access-modes', 'spec.accessModes', ['ReadWriteMany']],
      ['profile-storage-class', 'spec.volumeClaimTemplates[0].spec.storageClassName', 'fast'],
    ]);
  });

  test('classes the manifests make or give static volumes count as the cluster\'s', () => {
    const sc = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'example.com/fast' };
    const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv' }, spec: { storageClassName: 'gold' } };
    expect(found(current, [claim({ storageClassName: 'fast', accessModes: ['ReadWriteMany'] }), sc, claim({ storageClassName: 'gold', accessModes: ['ReadWriteOnce'] }, 'g'), pv])).toEqual([]);
  });

  test('a StorageClass of the app over the cluster\'s with another provisioner', () => {
    const sc = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'nfs-csi' }, provisioner: 'example.com/nfs' };
    expect(found(current, [sc])).toEqual([['profile-storage-class-clash', 'provisioner', 'example.com/nfs']]);
  });

  test('Ingress class, unless the legacy annotation picks the controller', () => {
    const ingress = (spec: object, annotations?: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', annotations }, spec });
    expect(found(legacy, [ingress({ ingressClassName: 'traefik' }), ingress({}), ingress({}, { 'kubernetes.io/ingress.class': 'traefik' })])).toEqual([
      ['profile-ingress-class', 'spec.ingressClassName', 'traefik'],
    ]);
    expect(found(current, [ingress({})])).toEqual([['profile-ingress-class', 'spec.ingressClassName', undefined]]);
  });

  test('routes: the Gateway, listener and port each on their own field; attaching on the parentRef', () => {
    expect(found(current, [route([
      { name: 'nope', namespace: 'gateway-system' },
      { name: 'public', namespace: 'gateway-system', sectionName: 'grpc' },
      { name: 'public', namespace: 'gateway-system', port: 8443 },
      { name: 'internal', namespace: 'gateway-system' },
      { name: 'public', namespace: 'gateway-system', sectionName: 'https' },
    ])])).toEqual([
      ['profile-gateway', 'spec.parentRefs[0].name', 'nope'],
      ['profile-gateway', 'spec.parentRefs[1].sectionName', 'grpc'],
      ['profile-gateway', 'spec.parentRefs[2].port', 8443],
      ['profile-gateway', 'spec.parentRefs[3]', 'internal'],
    ]);
  });

  test('routes to Gateways of the app, or to other parents (a mesh Service), are not the profile\'s concern', () => {
    const gateway = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'own', namespace: 'shop' }, spec: { gatewayClassName: 'eg', listeners: [] } };
    expect(found(current, [route([{ name: 'own' }, { name: 'svc', kind: 'Service', group: '' }]), gateway])).toEqual([]);
  });

  test('a route namespace\'s labels come from a Namespace of the app before the profile', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'gateway-access': 'internal' } } };
    const toPublic = route([{ name: 'public', namespace: 'gateway-system', sectionName: 'https' }]);
    expect(found(current, [toPublic])).toEqual([]);
    expect(found(current, [toPublic, ns])).toEqual([['profile-gateway', 'spec.parentRefs[0]', 'public']]);
  });

  test('a Gateway of the app needs a GatewayClass of the cluster; on the older cluster the API itself is not served', () => {
    const gateway = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'g', namespace: 'gw' }, spec: { gatewayClassName: 'cilium', listeners: [] } };
    expect(found(current, [gateway])).toEqual([['profile-gateway-class', 'spec.gatewayClassName', 'cilium']]);
    // Nothing more than that: the other rules would only repeat it.
    expect(found(legacy, [gateway, route([{ name: 'public', namespace: 'gateway-system' }])])).toEqual([
      ['profile-api-version', 'apiVersion', 'gateway.networking.k8s.io/v1'],
      ['profile-api-version', 'apiVersion', 'gateway.networking.k8s.io/v1'],
    ]);
  });

  test('pods: on the namespace; a Namespace of the app with the label wins over the profile', () => {
    const pod = (namespace?: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace }, spec: { containers: [{ name: 'a', image: 'a:1' }] } });
    expect(found(current, [pod('shop'), pod()])).toEqual([['profile-pod-security', 'metadata.namespace', 'shop']]);
    const relaxed = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } };
    expect(found(current, [pod('shop'), relaxed])).toEqual([]);
    const strict = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } };
    const message = checkAgainstProfile(current, [pod(), strict])[0].message;
    expect(message.startsWith('namespace "default" enforces Pod Security "restricted" (label pod-security.kubernetes.io/enforce=restricted on the Namespace "default" of this app)')).toBe(true);
  });

  test('node ports and versioned fields', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'NodePort', trafficDistribution: 'PreferClose', ports: [{ port: 80, nodePort: 29999 }, { port: 81 }] } };
    expect(found(legacy, [service])).toEqual([
      ['profile-field-version', 'spec.trafficDistribution', 'PreferClose'],
      ['profile-node-port', 'spec.ports[0].nodePort', 29999],
    ]);
  });

  test('garbage among the manifests is skipped, not a TypeError', () => {
    expect(found(current, [null, 'x', 42, { kind: 'Service' }, { apiVersion: 7, kind: 'Pod', spec: 'no' }] as any[])).toEqual([]);
  });
});
