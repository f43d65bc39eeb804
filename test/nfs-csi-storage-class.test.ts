import * as kplus from 'cdk8s-plus-28';
import { NfsCsiOnDelete, NfsCsiStorageClass, NfsCsiStorageClassProps, StatefulAppWithStorage, VolumeBindingMode } from '../lib';
import { expectError, expectWellFormed, find, newChart, synth } from './support/synth';

function build(props: Partial<NfsCsiStorageClassProps> = {}, namespace?: string) {
  const chart = newChart({ namespace });
  const cls = new NfsCsiStorageClass(chart, 'NfsCsi', { server: 'nfs.example.com', share: '/exports', ...props });
  return { chart, cls, manifests: () => synth(chart) };
}

describe('NfsCsiStorageClass', () => {
  test('a StorageClass for nfs.csi.k8s.io and nothing else: the driver is installed separately', () => {
    const { cls, manifests } = build({ mountOptions: ['nfsvers=4.1'] });
    const out = manifests();
    expect(out).toMatchSnapshot();
    expect(out.map(m => m.kind)).toEqual(['StorageClass']);
    expect(out[0]).toMatchObject({
      metadata: { name: 'nfs-csi' },
      provisioner: 'nfs.csi.k8s.io',
      parameters: { server: 'nfs.example.com', share: '/exports', onDelete: 'archive' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
      mountOptions: ['nfsvers=4.1'],
    });
    expect(cls.storageClassName).toEqual('nfs-csi');
    expect(cls.provisionerName).toEqual('nfs.csi.k8s.io');
    expect(cls.supportsReadWriteMany).toBe(true);
    expect(cls.accessModes).toEqual(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany']);
  });

  test('every parameter the driver documents', () => {
    const { manifests } = build({
      name: 'nfs-apps',
      subDir: '${pvc.metadata.namespace}/${pvc.metadata.name}',
      mountPermissions: '0770',
      onDelete: NfsCsiOnDelete.RETAIN,
      volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.RETAIN,
      defaultClass: true,
    });
    const cls = find(manifests(), 'StorageClass');
    expect(cls.parameters).toEqual({
      server: 'nfs.example.com', share: '/exports', subDir: '${pvc.metadata.namespace}/${pvc.metadata.name}', mountPermissions: '0770', onDelete: 'retain',
    });
    expect(cls).toMatchObject({ reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer', metadata: { name: 'nfs-apps', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } });
  });

  test('cluster-scoped: no namespace even in a namespaced chart', () => {
    expect(find(build({}, 'apps').manifests(), 'StorageClass').metadata.namespace).toBeUndefined();
  });

  test('claims of the class pass the synth and manifest checks', () => {
    const { chart, cls } = build();
    new StatefulAppWithStorage(chart, 'db', {
      image: 'bitnami/redis:7.2.4',
      storage: { mountPath: '/bitnami/redis/data', size: '1Gi', storageClass: cls, accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] },
    });
    expectWellFormed(synth(chart));
  });

  const at = "NfsCsiStorageClass 'test/NfsCsi': invalid";
  test.each<[string, Partial<NfsCsiStorageClassProps>, string]>([
    ['an invalid server', { server: '' }, `${at} server "": must be a host name or an IPv4 or IPv6 address`],
    ['a relative share', { share: 'exports' }, `${at} share "exports": must be an absolute path starting with '/' and without '..' segments`],
    ['an absolute subDir', { subDir: '/x' }, `${at} subDir "/x": must be a relative path under the share, without '..' segments`],
    ['non-octal permissions', { mountPermissions: '0999' }, `${at} mountPermissions "0999": must be octal permissions as a string, such as '0777' or '0'`],
    ['an unknown onDelete', { onDelete: 'archived' as NfsCsiOnDelete }, `${at} onDelete "archived": must be one of delete, retain, archive`],
    ['reclaim policy Recycle', { reclaimPolicy: 'Recycle' as kplus.PersistentVolumeReclaimPolicy },
      `${at} reclaimPolicy "Recycle": Recycle is deprecated and wipes the data with 'rm -rf'; use Retain or Delete and clean up deliberately`],
  ])('%s', (_, props, message) => {
    expectError(() => build(props), message);
  });

  describe('upgrade stability: mutable changes leave provisioner, parameters, reclaimPolicy and volumeBindingMode alone', () => {
    const immutable = (props: Partial<NfsCsiStorageClassProps>) => {
      const cls = find(build(props).manifests(), 'StorageClass');
      return [cls.metadata.name, cls.provisioner, cls.parameters, cls.reclaimPolicy, cls.volumeBindingMode];
    };
    const before = immutable({});
    test.each<[string, Partial<NfsCsiStorageClassProps>]>([
      ['the default-class annotation', { defaultClass: true }],
      ['volume expansion', { allowVolumeExpansion: false }],
      ['the labels', { partOf: 'platform', labels: { team: 'storage' } }],
      ['the annotations', { storageClassAnnotations: { 'example.com/tier': 'bulk' } }],
    ])('changing %s', (_, change) => {
      expect(immutable(change)).toEqual(before);
    });
  });
});
