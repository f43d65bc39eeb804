import { ClusterProfileProps, PodSecurityLevel, ProfileRoutesFrom, VolumeBindingMode } from '../../lib';
import { profileNamespaceLevel, profileReporter, resolveProfile } from '../../lib/profile/facts';

const resolve = (props: Partial<ClusterProfileProps> = {}) => resolveProfile(profileReporter('p'), { name: 'prod', ...props });

describe('resolveProfile: defaults, and unknown versus none', () => {
  test('a profile with a name only: every list unknown, the API server\'s defaults for the rest', () => {
    const facts = resolve();
    expect(facts).toMatchObject({ name: 'prod', nodePortRange: { min: 30000, max: 32767 }, clusterDomain: 'cluster.local', defaultPodSecurity: PodSecurityLevel.PRIVILEGED });
    for (const list of ['apiVersions', 'apiResources', 'storageClasses', 'ingressClasses', 'gatewayClasses', 'gateways', 'namespaces'] as const) {
      expect(facts[list]).toBeUndefined();
    }
    expect(facts.minor).toBeUndefined();
  });

  test('an empty list says the cluster has none', () => {
    expect(resolve({ storageClasses: [] }).storageClasses).toEqual([]);
  });

  test('API versions without the Gateway API: no GatewayClasses and no Gateways', () => {
    const facts = resolve({ apiVersions: ['apps/v1', 'v1'] });
    expect(facts.gatewayClasses).toEqual([]);
    expect(facts.gateways).toEqual([]);
    expect(resolve({ apiVersions: ['gateway.networking.k8s.io/v1', 'v1'] }).gateways).toBeUndefined();
  });

  test('the version as a minor number; kinds indexed by group/version', () => {
    const facts = resolve({ kubernetesVersion: '1.28', apiResources: [{ groupVersion: 'apps/v1', kind: 'Deployment' }, { groupVersion: 'apps/v1', kind: 'StatefulSet' }] });
    expect(facts.minor).toEqual(28);
    expect([...facts.apiResources!.get('apps/v1')!]).toEqual(['Deployment', 'StatefulSet']);
  });

  test('StorageClasses: the API\'s defaults, and access modes given, from the table, or guessed', () => {
    const facts = resolve({
      storageClasses: [
        { name: 'nfs', provisioner: 'nfs.csi.k8s.io' },
        { name: 'mine', provisioner: 'example.com/x', accessModes: ['ReadWriteMany' as any], defaultClass: true, allowVolumeExpansion: true, volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER },
        { name: 'other', provisioner: 'example.com/x' },
      ],
    });
    expect(facts.storageClasses).toEqual([
      {
        name: 'nfs',
        provisioner: 'nfs.csi.k8s.io',
        defaultClass: false,
        volumeBindingMode: 'Immediate',
        allowVolumeExpansion: false,
        accessModes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'],
        accessModesKnown: true,
      },
      { name: 'mine', provisioner: 'example.com/x', defaultClass: true, volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: true, accessModes: ['ReadWriteMany'], accessModesKnown: true },
      { name: 'other', provisioner: 'example.com/x', defaultClass: false, volumeBindingMode: 'Immediate', allowVolumeExpansion: false, accessModes: ['ReadWriteOnce'], accessModesKnown: false },
    ]);
  });

  test('listeners: Same namespace and the protocol\'s route kinds by default', () => {
    const facts = resolve({
      gateways: [{
        name: 'g',
        namespace: 'gw',
        gatewayClassName: 'eg',
        listeners: [
          { name: 'web', protocol: 'HTTPS', port: 443 },
          { name: 'tls', protocol: 'TLS', port: 8443, allowedRoutesFrom: ProfileRoutesFrom.SELECTOR, allowedRoutesSelector: { matchLabels: { a: 'b' } } },
        ],
      }],
    });
    expect(facts.gateways![0].listeners).toEqual([
      { name: 'web', protocol: 'HTTPS', port: 443, hostname: undefined, from: 'Same', selector: undefined, kinds: ['HTTPRoute', 'GRPCRoute'] },
      { name: 'tls', protocol: 'TLS', port: 8443, hostname: undefined, from: 'Selector', selector: { matchLabels: { a: 'b' }, matchExpressions: undefined }, kinds: ['TLSRoute'] },
    ]);
  });
});

describe('profileNamespaceLevel: a namespace\'s Pod Security level and where it comes from', () => {
  const facts = resolve({
    defaultPodSecurity: PodSecurityLevel.BASELINE,
    namespaces: [
      { name: 'labelled', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
      { name: 'given', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' }, podSecurityEnforce: PodSecurityLevel.PRIVILEGED },
      { name: 'plain' },
    ],
  });

  test('the label, the explicit level over the label, the default without either', () => {
    expect(profileNamespaceLevel(facts, 'labelled')).toEqual({ level: 'restricted', source: "label pod-security.kubernetes.io/enforce=restricted in the cluster profile 'prod'" });
    expect(profileNamespaceLevel(facts, 'given').level).toEqual('privileged');
    expect(profileNamespaceLevel(facts, 'plain')).toEqual({
      level: 'baseline', source: "the cluster profile 'prod' enforces baseline on namespaces without the label pod-security.kubernetes.io/enforce",
    });
    expect(profileNamespaceLevel(facts, 'unknown').level).toEqual('baseline');
  });
});
