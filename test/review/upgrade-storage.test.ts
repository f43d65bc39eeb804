import { claim, edit, nfsClass, volume } from './manifests';
import { UpgradeGuard, UpgradeRisk } from '../../lib';

function rules(before: any[], after: any[]): string[] {
  return UpgradeGuard.compare(before, after).map(f => `${f.rule} ${f.field}`);
}

describe('PersistentVolumeClaim (ValidatePersistentVolumeClaimUpdate)', () => {
  test('a shrink is refused by the API server and, forced, loses the data: both are reported', () => {
    const findings = UpgradeGuard.compare([claim()], [edit(claim(), c => { c.spec.resources.requests.storage = '1Gi'; })]);
    expect(findings.map(f => [f.rule, f.risk])).toEqual([['claim-shrink-refused', UpgradeRisk.REFUSED], ['claim-shrunk', UpgradeRisk.DATA_LOSS]]);
  });

  test('volumeName may be set once (binding), never changed', () => {
    expect(rules([claim()], [claim('shared', { volumeName: 'pv-1' })])).toEqual([]);
    expect(rules([claim('shared', { volumeName: 'pv-1' })], [claim('shared', { volumeName: 'pv-2' })])).toEqual(['claim-spec spec.volumeName']);
  });

  test('a live claim that is not bound cannot change its request', () => {
    const pending = edit(claim(), c => { c.status = { phase: 'Pending' }; });
    const findings = UpgradeGuard.compare([pending], [edit(claim(), c => { c.spec.resources.requests.storage = '20Gi'; })]);
    expect(findings.map(f => f.rule)).toEqual(['claim-expansion']);
    expect(findings[0].message).toContain('the claim is Pending, not Bound');
  });

  test('the class of either side decides expansion: a class made non-expandable in the same change refuses it', () => {
    const bigger = edit(claim(), c => { c.spec.resources.requests.storage = '20Gi'; });
    expect(rules([claim(), nfsClass()], [bigger, nfsClass({ allowVolumeExpansion: false })])).toEqual(['claim-expansion spec.resources.requests.storage']);
  });

  test('a removed claim of an archiving NFS class: the directory is archived, not deleted', () => {
    const [finding] = UpgradeGuard.compare([claim(), nfsClass({ parameters: { archiveOnDelete: 'true' } })], [nfsClass({ parameters: { archiveOnDelete: 'true' } })]);
    expect(finding.rule).toEqual('claim-removed');
    expect(finding.message).toEqual('pruning the claim releases its volume, which StorageClass "nfs" deletes (reclaim Delete); its NFS provisioner '
      + 'archives the directory (archived-<volume>), so the data stays on the server, but no claim can use it');
  });

  test('a removed claim of static volumes: the volume keeps the data, but stays Released', () => {
    const staticClaim = claim('legacy', { storageClassName: 'static-nfs' });
    const [finding] = UpgradeGuard.compare([staticClaim, volume()], [volume()]);
    expect(finding.message).toContain('releases its static volume, which keeps the data (Retain) but cannot be claimed again until its claimRef is cleared by hand');
  });

  test('a removed claim of a deleting class keeps the old wording', () => {
    const [finding] = UpgradeGuard.compare([claim(), nfsClass({ parameters: { onDelete: 'delete' } })], [nfsClass({ parameters: { onDelete: 'delete' } })]);
    expect(finding.message).toEqual('pruning the claim releases its volume, which is deleted with its data under a Delete reclaim policy (the default of provisioned volumes)');
  });
});

describe('PersistentVolume (ValidatePersistentVolumeUpdate)', () => {
  test('nodeAffinity may be added to a volume that had none', () => {
    const affinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } };
    expect(rules([volume()], [volume({ nodeAffinity: affinity })])).toEqual([]);
    expect(rules([volume({ nodeAffinity: affinity })], [volume()])).toEqual(['volume-node-affinity spec.nodeAffinity']);
  });

  test('capacity, access modes, class, mount options and reclaim toward Retain may change; a CSI expand secret may be added', () => {
    const csi = (extra: any) => volume({ nfs: undefined, csi: { driver: 'nfs.csi.k8s.io', volumeHandle: 'h', ...extra } });
    expect(rules([volume()], [volume({ capacity: { storage: '20Gi' }, accessModes: ['ReadWriteOnce'], mountOptions: ['hard'], storageClassName: 'other' })])).toEqual([]);
    expect(rules([csi({})], [csi({ controllerExpandSecretRef: { name: 's', namespace: 'kube-system' } })])).toEqual([]);
    expect(rules([csi({ controllerExpandSecretRef: { name: 's', namespace: 'kube-system' } })], [csi({ controllerExpandSecretRef: { name: 't', namespace: 'kube-system' } })]))
      .toEqual(['volume-source spec.csi.controllerExpandSecretRef.name']);
  });
});

describe('StorageClass (ValidateStorageClassUpdate)', () => {
  test('allowVolumeExpansion, mountOptions and labels may change', () => {
    expect(rules([nfsClass()], [nfsClass({ allowVolumeExpansion: false, mountOptions: ['nfsvers=4.1'], metadata: { name: 'nfs', labels: { a: 'b' } } })])).toEqual([]);
  });

  test('reclaim toward Delete on an archiving class says the directories are archived', () => {
    const findings = UpgradeGuard.compare([nfsClass({ reclaimPolicy: 'Retain', parameters: { archiveOnDelete: 'true' } })], [nfsClass({ parameters: { archiveOnDelete: 'true' } })]);
    const loss = findings.find(f => f.rule === 'reclaim-policy')!;
    expect(loss.message).toContain('the NFS provisioner archives their directories, so the data stays on the server but no claim can use it');
  });
});
