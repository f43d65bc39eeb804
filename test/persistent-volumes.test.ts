import * as kplus from 'cdk8s-plus-28';
import { HostPathPersistentVolume, HostPathPersistentVolumeProps, NfsPersistentVolume, NfsPersistentVolumeProps } from '../lib';
import { expectError, find, newChart, synth } from './support/synth';

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;

function nfsVolume(props: Partial<NfsPersistentVolumeProps> = {}, namespace?: string) {
  const chart = newChart({ namespace });
  const pv = new NfsPersistentVolume(chart, 'nfspv1', { server: '172.16.1.30', path: '/nfs/1', capacity: '1Gi', ...props });
  return { chart, pv, manifests: () => synth(chart) };
}

function hostPathVolume(props: Partial<HostPathPersistentVolumeProps> = {}) {
  const chart = newChart();
  const pv = new HostPathPersistentVolume(chart, 'my-pv', { path: '/mnt/data', capacity: '10Gi', ...props });
  return { chart, pv, manifests: () => synth(chart) };
}

describe('NfsPersistentVolume', () => {
  test('document 001: an export directory of class gold, retained, ReadWriteOnce by default', () => {
    const { pv, manifests } = nfsVolume({ storageClassName: 'gold' });
    const out = manifests();
    expect(out).toMatchSnapshot();
    expect(find(out, 'PersistentVolume').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '1Gi' },
      nfs: { server: '172.16.1.30', path: '/nfs/1' },
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: 'gold',
    });
    expect([pv.persistentVolumeName, pv.storageClassName, pv.capacity, pv.reclaimPolicy]).toEqual(['nfspv1', 'gold', '1Gi', 'Retain']);
  });

  test('shared read-write, read-only mount, mount options; no class by default', () => {
    const { pv, manifests } = nfsVolume({ accessModes: [RWX, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY], readOnly: true, mountOptions: ['nfsvers=4.1'] });
    const spec = find(manifests(), 'PersistentVolume').spec;
    expect(spec).toMatchObject({ accessModes: ['ReadWriteMany', 'ReadOnlyMany'], mountOptions: ['nfsvers=4.1'], nfs: { readOnly: true } });
    expect(spec.storageClassName).toBeUndefined();
    expect(pv.storageClassName).toEqual('');
  });

  test('cluster-scoped: no namespace even in a namespaced chart', () => {
    expect(find(nfsVolume({}, 'apps').manifests(), 'PersistentVolume').metadata.namespace).toBeUndefined();
  });

  test('reserving for a claim writes the claimRef; a second claim is refused', () => {
    const { pv, manifests } = nfsVolume();
    pv.reserveFor('default', 'data');
    pv.reserveFor('default', 'data');
    expect(find(manifests(), 'PersistentVolume').spec.claimRef).toEqual({ namespace: 'default', name: 'data' });
    expectError(() => pv.reserveFor('default', 'other'),
      "NfsPersistentVolume 'test/nfspv1': invalid claimRef \"default/other\": the volume is already reserved for claim default/data; a volume binds one claim");
  });

  const at = "NfsPersistentVolume 'test/nfspv1': invalid";
  test.each<[string, Partial<NfsPersistentVolumeProps>, string]>([
    ['a capacity that is not a quantity', { capacity: '1GB' }, `${at} capacity "1GB": must be a positive Kubernetes quantity such as '1Gi', '500Mi' or '250m'`],
    ['Recycle', { reclaimPolicy: 'Recycle' as kplus.PersistentVolumeReclaimPolicy },
      `${at} reclaimPolicy "Recycle": Recycle is deprecated and wipes the data with 'rm -rf'; use Retain and clean up deliberately`],
    ['Delete, which nfs volumes cannot do', { reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.DELETE },
      `${at} reclaimPolicy "Delete": nfs volumes have no deleter: the volume would turn Failed instead of deleting anything; use Retain and clean up the export by hand`],
    ['ReadWriteOncePod', { accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD] },
      `${at} accessModes ["ReadWriteOncePod"]: an in-tree nfs volume serves only ReadWriteOnce, ReadOnlyMany and ReadWriteMany (ReadWriteOncePod needs a CSI driver); ReadWriteOncePod cannot be offered`],
    ['a relative path', { path: 'nfs/1' }, `${at} path "nfs/1": must be an absolute path starting with '/' and without '..' segments`],
    ['an invalid server', { server: 'nfs_server' }, `${at} server "nfs_server": must be a host name or an IPv4 or IPv6 address`],
    ['an invalid class', { storageClassName: 'Gold' },
      `${at} storageClassName "Gold": must be a DNS-1123 subdomain: at most 253 characters, lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`],
    ['a repeated access mode', { accessModes: [RWO, RWO] }, `${at} accessModes "ReadWriteOnce": access modes must be unique, and this one is given twice`],
  ])('%s', (_, props, message) => {
    expectError(() => nfsVolume(props), message);
  });

  describe('upgrade stability: labels change, the immutable source does not', () => {
    const spec = (props: Partial<NfsPersistentVolumeProps>) => find(nfsVolume({ storageClassName: 'gold', ...props }).manifests(), 'PersistentVolume').spec;
    const before = spec({});
    test.each<[string, Partial<NfsPersistentVolumeProps>]>([
      ['labels', { labels: { tier: 'gold' } }],
      ['part-of', { partOf: 'web' }],
      ['component', { component: 'nfs' }],
    ])('changing %s', (_, change) => {
      expect(spec(change)).toEqual(before);
    });
  });
});

describe('HostPathPersistentVolume', () => {
  test('document 000: my-pv, 10Gi, ReadWriteOnce, /mnt/data', () => {
    const out = hostPathVolume().manifests();
    expect(out).toMatchSnapshot();
    expect(find(out, 'PersistentVolume').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '10Gi' },
      hostPath: { path: '/mnt/data', type: 'DirectoryOrCreate' },
      persistentVolumeReclaimPolicy: 'Retain',
    });
  });

  test('pinned to a node, which schedules its pods there', () => {
    const spec = find(hostPathVolume({ nodeName: 'worker-1', hostPathType: kplus.HostPathVolumeType.DIRECTORY }).manifests(), 'PersistentVolume').spec;
    expect(spec.hostPath).toEqual({ path: '/mnt/data', type: 'Directory' });
    expect(spec.nodeAffinity).toEqual({
      required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['worker-1'] }] }] },
    });
  });

  test('Delete works under /tmp, where the hostPath deleter acts', () => {
    const spec = find(hostPathVolume({ path: '/tmp/data', reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.DELETE }).manifests(), 'PersistentVolume').spec;
    expect(spec.persistentVolumeReclaimPolicy).toEqual('Delete');
  });

  const at = "HostPathPersistentVolume 'test/my-pv': invalid";
  test.each<[string, Partial<HostPathPersistentVolumeProps>, string]>([
    ['ReadWriteMany from a hostPath volume', { accessModes: [RWX] },
      `${at} accessModes ["ReadWriteMany"]: a hostPath volume lives on one node's disk and serves only ReadWriteOnce (pods on other nodes would see other data); ReadWriteMany cannot be offered`],
    ['Delete outside /tmp', { reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.DELETE },
      `${at} reclaimPolicy "Delete": hostPath volumes are only deleted under /tmp: the volume would turn Failed; use Retain`],
    ['Recycle', { reclaimPolicy: 'Recycle' as kplus.PersistentVolumeReclaimPolicy },
      `${at} reclaimPolicy "Recycle": Recycle is deprecated and wipes the data with 'rm -rf'; use Retain and clean up deliberately`],
    ['an unknown path type', { hostPathType: 'Folder' as kplus.HostPathVolumeType },
      `${at} hostPathType "Folder": must be one of DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice, BlockDevice`],
    ['a capacity of zero', { capacity: '0Gi' }, `${at} capacity "0Gi": must be a positive Kubernetes quantity such as '1Gi', '500Mi' or '250m'`],
    ['an invalid node name', { nodeName: 'Worker 1' },
      `${at} nodeName "Worker 1": must be a DNS-1123 subdomain: at most 253 characters, lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`],
  ])('%s', (_, props, message) => {
    expectError(() => hostPathVolume(props), message);
  });

  test('no props at all', () => {
    expectError(() => new HostPathPersistentVolume(newChart(), 'my-pv', undefined as any),
      `${at} props undefined: must be an object with at least 'capacity'`);
  });
});
