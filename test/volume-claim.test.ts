import * as kplus from 'cdk8s-plus-28';
import {
  ExternalStorageClass, HostPathPersistentVolume, ManifestChecks, NfsPersistentVolume, NfsStorageClass, VolumeClaim, VolumeClaimProps,
} from '../lib';
import { expectError, expectSynthError, expectWellFormed, find, newChart, synth } from './support/synth';

const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;

describe('VolumeClaim', () => {
  test('document 000: test-claim1, 1Gi ReadWriteMany from the nfs class', () => {
    const chart = newChart();
    const nfs = new NfsStorageClass(chart, 'Nfs', { server: '172.16.1.30', path: '/data/nfs_pro' });
    const claim = new VolumeClaim(chart, 'test-claim1', { size: '1Gi', accessModes: [RWX], storageClass: nfs });
    const out = synth(chart);
    const pvc = find(out, 'PersistentVolumeClaim');
    expect(pvc).toMatchSnapshot();
    expect(pvc.spec).toEqual({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'nfs' });
    expect([claim.claimName, claim.storageClassName, claim.accessModes]).toEqual(['test-claim1', 'nfs', ['ReadWriteMany']]);
    expectWellFormed(out);
  });

  test('document 000: my-pvc bound to my-pv both ways, asking for no class so the default class does not take it', () => {
    const chart = newChart();
    const pv = new HostPathPersistentVolume(chart, 'my-pv', { path: '/mnt/data', capacity: '10Gi' });
    new VolumeClaim(chart, 'my-pvc', { size: '10Gi', volume: pv });
    const out = synth(chart);
    expect(find(out, 'PersistentVolumeClaim').spec).toEqual({
      accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: '', volumeName: 'my-pv',
    });
    expect(find(out, 'PersistentVolume').spec.claimRef).toEqual({ namespace: 'default', name: 'my-pvc' });
    expectWellFormed(out);
  });

  test('the cluster default class: no storageClassName at all', () => {
    const chart = newChart({ namespace: 'apps' });
    new VolumeClaim(chart, 'data', { size: '5Gi' });
    const pvc = find(synth(chart), 'PersistentVolumeClaim');
    expect(pvc.spec.storageClassName).toBeUndefined();
    expect(pvc.metadata.namespace).toEqual('apps');
  });

  test('mounted like any cdk8s-plus storage, as one pod volume named after the claim', () => {
    const chart = newChart();
    const claim = new VolumeClaim(chart, 'data', { size: '1Gi' });
    const pod = new kplus.Pod(chart, 'pod', { containers: [{ image: 'busybox:1.36.1' }] });
    pod.containers[0].mount('/a', claim);
    pod.containers[0].mount('/b', claim);
    const spec = find(synth(chart), 'Pod').spec;
    expect(spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data', readOnly: false } }]);
    expect(spec.containers[0].volumeMounts.map((m: any) => m.name)).toEqual(['data', 'data']);
  });

  const at = "VolumeClaim 'test/claim': invalid";
  const hostPath = (chart: any) => new HostPathPersistentVolume(chart, 'pv', { path: '/mnt/data', capacity: '10Gi' });
  test.each<[string, (chart: any) => Partial<VolumeClaimProps>, string]>([
    ['a size that is not a quantity', () => ({ size: 'ten gigs' }), `${at} size "ten gigs": must be a positive Kubernetes quantity such as '1Gi', '500Mi' or '250m'`],
    ['ReadWriteMany from a hostPath volume', chart => ({ accessModes: [RWX], volume: hostPath(chart) }),
      `${at} accessModes ["ReadWriteMany"]: PersistentVolume "pv" serves only ReadWriteOnce; ReadWriteMany would leave the claim Pending`],
    ['more than the volume holds', chart => ({ size: '20Gi', volume: hostPath(chart) }),
      `${at} size "20Gi": exceeds the capacity of PersistentVolume "pv" (10Gi); the claim would stay Pending`],
    ['a volume and a class', chart => ({ volume: hostPath(chart), storageClassName: 'gold' }),
      `${at} volume "pv": cannot be combined with 'storageClass' or 'storageClassName': the claim takes the volume's class`],
    ['something that is not a class', () => ({ storageClass: { storageClassName: 'x' } as any }),
      `${at} storageClass {"storageClassName":"x"}: must be an NfsStorageClass, NfsCsiStorageClass or ExternalStorageClass`],
  ])('%s', (_, props, message) => {
    expectError(() => {
      const chart = newChart();
      new VolumeClaim(chart, 'claim', { size: '1Gi', ...props(chart) });
    }, message);
  });

  test('at synth: a class that is neither in the app nor declared external', () => {
    const chart = newChart();
    new VolumeClaim(chart, 'claim', { size: '1Gi', storageClassName: 'fast' });
    expectSynthError(chart, "VolumeClaim 'test/claim': invalid storageClassName \"fast\": no StorageClass or PersistentVolume of this class is in the app, "
      + 'and none is declared with ExternalStorageClass; the claims would stay Pending');
  });

  test('at synth: the tutorial\'s Pending claim, whose class matches no volume that fits', () => {
    const chart = newChart();
    new NfsPersistentVolume(chart, 'pv', { server: '172.16.1.30', path: '/nfs/1', capacity: '1Gi', storageClassName: 'gold' });
    new VolumeClaim(chart, 'claim', { size: '1Gi', storageClassName: 'gold', accessModes: [RWX] });
    expectSynthError(chart, "VolumeClaim 'test/claim': invalid storageClassName \"gold\": claim \"claim\" needs 1 PersistentVolume of class \"gold\" with at least "
      + '1Gi ReadWriteMany, but none of the 1 free in the app fit and no StorageClass provisions more; 1 claim would stay Pending');
  });

  test('at synth: two claims for one volume', () => {
    const chart = newChart();
    new NfsPersistentVolume(chart, 'pv', { server: '172.16.1.30', path: '/nfs/1', capacity: '1Gi', storageClassName: 'gold' });
    new VolumeClaim(chart, 'a', { size: '1Gi', storageClassName: 'gold' });
    new VolumeClaim(chart, 'b', { size: '1Gi', storageClassName: 'gold' });
    expectSynthError(chart, "VolumeClaim 'test/b': invalid storageClassName \"gold\": the claims of class \"gold\" need 2 PersistentVolumes in all, "
      + 'but the app has only 1 free ones and no StorageClass provisions more; 1 claim would stay Pending');
  });

  test('claims of an external class are not checked against static volumes', () => {
    const chart = newChart();
    const gold = new ExternalStorageClass(chart, 'Gold', { storageClassName: 'gold' });
    new NfsPersistentVolume(chart, 'pv', { server: '172.16.1.30', path: '/nfs/1', capacity: '1Gi', storageClassName: 'gold' });
    new VolumeClaim(chart, 'a', { size: '5Gi', storageClass: gold });
    expect(ManifestChecks.wiring(synth(chart))).toEqual([]);
  });

  describe('upgrade stability: growing the claim leaves the rest of its immutable spec alone', () => {
    const spec = (size: string) => {
      const chart = newChart();
      new VolumeClaim(chart, 'data', { size, accessModes: [RWX], storageClass: new ExternalStorageClass(chart, 'Efs', { storageClassName: 'efs', accessModes: [RWX] }) });
      const { resources, ...rest } = find(synth(chart), 'PersistentVolumeClaim').spec;
      return { resources, rest };
    };
    test.each([['2Gi'], ['10Gi'], ['1Ti']])('to %s', size => {
      const before = spec('1Gi');
      const after = spec(size);
      expect(after.rest).toEqual(before.rest);
      expect(after.resources).toEqual({ requests: { storage: size } });
    });
  });
});

describe('a class declared external and named by storageClassName', () => {
  test('the claim carries the external-class annotation, so ManifestChecks on the YAML agrees with the synth-time check', () => {
    const chart = newChart();
    new ExternalStorageClass(chart, 'Standard', { storageClassName: 'standard' });
    new VolumeClaim(chart, 'claim', { size: '1Gi', storageClassName: 'standard' });
    const out = synth(chart);
    expect(find(out, 'PersistentVolumeClaim').metadata.annotations).toEqual({ 'cdk8s-patterns.io/external-storage-class': 'standard' });
    expectWellFormed(out);
  });

  test('a class name nothing declares gets no annotation', () => {
    const chart = newChart();
    new VolumeClaim(chart, 'claim', { size: '1Gi', storageClassName: '' });
    expect(find(synth(chart), 'PersistentVolumeClaim').metadata.annotations).toBeUndefined();
  });
});
