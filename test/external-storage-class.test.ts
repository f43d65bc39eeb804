import * as kplus from 'cdk8s-plus-28';
import { ExternalStorageClass, ManifestChecks, VolumeClaim } from '../lib';
import { expectError, find, newChart, synth } from './support/synth';

describe('ExternalStorageClass', () => {
  test('writes nothing, serves ReadWriteOnce by default, and lets claims name the class', () => {
    const chart = newChart();
    const gp3 = new ExternalStorageClass(chart, 'Gp3', { storageClassName: 'gp3' });
    expect(gp3.external).toBe(true);
    expect(gp3.accessModes).toEqual(['ReadWriteOnce']);
    new VolumeClaim(chart, 'data', { size: '8Gi', storageClass: gp3 });
    const out = synth(chart);
    expect(out.map(m => m.kind)).toEqual(['PersistentVolumeClaim']);
    expect(find(out, 'PersistentVolumeClaim').metadata.annotations).toEqual({ 'cdk8s-patterns.io/external-storage-class': 'gp3' });
    expect(ManifestChecks.wiring(out)).toEqual([]);
  });

  test('a claim naming the declared class by string passes the synth check too', () => {
    const chart = newChart();
    new ExternalStorageClass(chart, 'Gp3', { storageClassName: 'gp3' });
    new VolumeClaim(chart, 'data', { size: '8Gi', storageClassName: 'gp3' });
    expect(() => synth(chart)).not.toThrow();
  });

  test('declared access modes are what claims may ask for', () => {
    const chart = newChart();
    const efs = new ExternalStorageClass(chart, 'Efs', { storageClassName: 'efs', accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] });
    expectError(() => new VolumeClaim(chart, 'data', { size: '8Gi', storageClass: efs }),
      "VolumeClaim 'test/data': invalid accessModes [\"ReadWriteOnce\"]: StorageClass \"efs\" serves only ReadWriteMany; ReadWriteOnce would leave the claim Pending");
  });

  test('an invalid class name', () => {
    expectError(() => new ExternalStorageClass(newChart(), 'X', { storageClassName: 'GP3' }),
      "ExternalStorageClass 'test/X': invalid storageClassName \"GP3\": must be a DNS-1123 subdomain: at most 253 characters, lowercase letters, digits, '-' and '.', starting and ending with a letter or digit");
  });
});
