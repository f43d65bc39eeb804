import { ManifestChecks } from '../../lib';
import { quantityValue } from '../../lib/shared/quantity';

const pv = (name: string, cls: string | undefined, capacity: string, modes = ['ReadWriteOnce'], claimRef?: { name: string; namespace?: string }) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: { storageClassName: cls, capacity: { storage: capacity }, accessModes: modes, claimRef, nfs: { server: 'nfs', path: `/${name}` } },
});
const pvc = (name: string, cls: string | undefined, size: string, modes = ['ReadWriteOnce'], extra: any = {}) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'shop', ...extra.metadata },
  spec: { storageClassName: cls, resources: { requests: { storage: size } }, accessModes: modes, ...extra.spec },
});
/** Document 001's StatefulSet, with its headless Service. */
const web = (replicas: number, cls = 'gold', size = '1Gi') => [
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None', selector: { app: 'nginx' } } },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      replicas,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.21.5', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { storageClassName: cls, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } } }],
    },
  },
];
const storageViolations = (manifests: any[]) => ManifestChecks.wiring(manifests).filter(v => v.rule.startsWith('claim'));

describe('claim-fit: claims of a class only static volumes serve must find volumes that fit', () => {
  test('document 001 as the tutorial first wrote it: one gold volume, the others nfs; replicas 1 and 2 stay Pending', () => {
    const manifests = [pv('nfspv1', 'nfs', '10Gi'), pv('nfspv2', 'gold', '1Gi'), pv('nfspv3', 'nfs', '2Gi'), ...web(3)];
    expect(storageViolations(manifests)).toEqual([{
      object: 'StatefulSet/web',
      field: 'spec.volumeClaimTemplates[0].spec.storageClassName',
      rule: 'claim-fit',
      message: 'claims "www-web-0".."www-web-2" need 3 PersistentVolumes of class "gold" with at least 1Gi ReadWriteOnce, but only 1 of the 1 free in the app fits '
        + 'and no StorageClass provisions more; 2 claims would stay Pending',
    }]);
  });

  test('after moving all three volumes to gold, every claim binds', () => {
    expect(storageViolations([pv('nfspv1', 'gold', '10Gi'), pv('nfspv2', 'gold', '1Gi'), pv('nfspv3', 'gold', '2Gi'), ...web(3)])).toEqual([]);
  });

  test('capacity and access modes must both fit; a bigger volume serves a smaller claim', () => {
    expect(storageViolations([pv('a', 'gold', '500Mi'), ...web(1)]).map(v => v.rule)).toEqual(['claim-fit']);
    expect(storageViolations([pv('a', 'gold', '1Gi', ['ReadOnlyMany']), ...web(1)]).map(v => v.rule)).toEqual(['claim-fit']);
    expect(storageViolations([pv('a', 'gold', '1.5Gi', ['ReadWriteMany', 'ReadWriteOnce']), ...web(1)])).toEqual([]);
    expect(storageViolations([pv('a', 'gold', '2G'), ...web(1, 'gold', '1Gi')])).toEqual([]);
  });

  test('claims together may not need more volumes than the class has', () => {
    const v = storageViolations([pv('a', 'gold', '1Gi'), pvc('one', 'gold', '1Gi'), pvc('two', 'gold', '1Gi')]);
    expect(v.map(x => `${x.object} ${x.rule}`)).toEqual(['PersistentVolumeClaim/shop/two claim-fit']);
    expect(v[0].message).toEqual('the claims of class "gold" need 2 PersistentVolumes in all, but the app has only 1 free ones and no StorageClass provisions more; 1 claim would stay Pending');
  });

  test('a StorageClass of the same name provisions whatever the static volumes lack', () => {
    const cls = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gold' }, provisioner: 'example.com/nfs' };
    expect(storageViolations([pv('a', 'gold', '1Gi'), cls, ...web(3)])).toEqual([]);
  });

  test('claims of the cluster default class are not checked; claims asking for no class use the volumes without one', () => {
    expect(storageViolations([pv('a', undefined, '1Gi'), pvc('c', undefined, '5Gi')])).toEqual([]);
    expect(storageViolations([pv('a', undefined, '1Gi'), pvc('c', '', '5Gi')])[0].message).toContain('need');
    expect(storageViolations([pv('a', undefined, '10Gi'), pvc('c', '', '5Gi')])).toEqual([]);
  });

  test('volumeName: the named volume must fit', () => {
    const bound = pvc('c', 'gold', '5Gi', ['ReadWriteOnce'], { spec: { volumeName: 'a' } });
    expect(storageViolations([pv('a', 'gold', '1Gi'), pv('b', 'gold', '10Gi'), bound])[0].message).toEqual(
      'names PersistentVolume "a" (volumeName), which does not fit a claim of class "gold" of 5Gi ReadWriteOnce; the claim would stay Pending');
    expect(storageViolations([pv('a', 'gold', '10Gi'), bound])).toEqual([]);
  });

  test('claimRef: a reserved volume serves only its claim, and must fit it', () => {
    const reserved = pv('a', 'gold', '1Gi', ['ReadWriteOnce'], { name: 'mine', namespace: 'shop' });
    expect(storageViolations([reserved, pvc('other', 'gold', '1Gi')]).map(v => v.object)).toEqual(['PersistentVolumeClaim/shop/other']);
    expect(storageViolations([reserved, pvc('mine', 'gold', '1Gi')])).toEqual([]);
    expect(storageViolations([reserved, pvc('mine', 'gold', '2Gi')])[0].message).toEqual(
      'claim "mine" is reserved by PersistentVolume "a" (claimRef), which does not fit 2Gi ReadWriteOnce; the claim would stay Pending');
  });

  test('claim-class honours claims marked external; unmarked ones are reported', () => {
    const marked = pvc('c', 'gp3', '1Gi', ['ReadWriteOnce'], { metadata: { annotations: { 'cdk8s-patterns.io/external-storage-class': 'gp3' } } });
    expect(storageViolations([marked])).toEqual([]);
    expect(storageViolations([pvc('c', 'gp3', '1Gi')]).map(v => v.rule)).toEqual(['claim-class']);
    const otherName = pvc('c', 'gp3', '1Gi', ['ReadWriteOnce'], { metadata: { annotations: { 'cdk8s-patterns.io/external-storage-class': 'gp2' } } });
    expect(storageViolations([otherName]).map(v => v.rule)).toEqual(['claim-class']);
  });

  test('malformed storage objects are skipped, never a TypeError', () => {
    const junk = [{ kind: 'PersistentVolume' }, { kind: 'PersistentVolume', spec: { capacity: { storage: 'lots' }, storageClassName: 'gold' } },
      { kind: 'PersistentVolumeClaim', spec: { storageClassName: 'gold', resources: 'x' } }, { kind: 'StatefulSet', spec: { volumeClaimTemplates: [null] } }];
    expect(() => ManifestChecks.wiring(junk)).not.toThrow();
  });
});

describe('quantityValue', () => {
  test.each<[unknown, number | undefined]>([
    ['1Gi', 2 ** 30], ['500Mi', 500 * 2 ** 20], ['1.5Gi', 1.5 * 2 ** 30], ['2G', 2e9], ['250m', 0.25], ['1e3', 1000],
    ['10', 10], [5, 5], ['1 Gi', undefined], ['Gi', undefined], ['-1Gi', -(2 ** 30)], ['2E', 2e18], ['1Ei', 2 ** 60], [undefined, undefined], [NaN, undefined],
  ])('%p', (value, expected) => {
    expect(quantityValue(value)).toEqual(expected);
  });
});
