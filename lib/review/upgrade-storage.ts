import { isSubdirClass, nfsDeleteBehaviour } from './nfs';
import {
  add, Comparison, describeObject, formatPath, get, immutable, ofKind, Out, Path, same, UpgradeRisk, without,
} from './upgrade-common';
import { isObject, kindOf, Manifest, nameOf, namespaceOf } from '../checks/manifest';
import { quantityValue } from '../shared/quantity';

// Storage: claims, volumes and classes (ValidatePersistentVolumeClaimUpdate,
// ValidatePersistentVolumeUpdate, ValidateStorageClassUpdate in Kubernetes 1.28), and what
// removing or re-classing them does to the data.

const STORAGE: Path = ['spec', 'resources', 'requests', 'storage'];

/** A claim (or claim template) asking for less storage than before. */
export function shrunk(out: Out, owner: Manifest, field: Path, before: any, after: any): void {
  const was = quantityValue(get(before, STORAGE));
  const now = quantityValue(get(after, STORAGE));
  if (was === undefined || now === undefined || now >= was) return;
  add(out, describeObject(owner), formatPath(field), 'claim-shrunk', UpgradeRisk.DATA_LOSS, [get(before, STORAGE), get(after, STORAGE)],
    'a claim cannot shrink: the API server refuses it, and getting there means deleting and re-creating the claim, which loses its data; keep the size');
}

/** The StorageClass objects among both sides, after first: a class's policy as it will be. */
function classNamed(cmp: Comparison, name: unknown): Manifest | undefined {
  if (typeof name !== 'string') return undefined;
  return [...ofKind(cmp.after, 'StorageClass'), ...ofKind(cmp.before, 'StorageClass')].find(c => nameOf(c) === name);
}

/** Static volumes a claim of `className` binds to when no StorageClass object of that name exists ('' = volumes without a class). */
export function staticVolumesFor(className: unknown, volumes: Manifest[]): Manifest[] {
  if (typeof className !== 'string') return [];
  return volumes.filter(pv => (pv.spec?.storageClassName ?? '') === className && !pv.metadata?.annotations?.['pv.kubernetes.io/provisioned-by']);
}

export function compareClaim(old: Manifest, next: Manifest, cmp: Comparison): void {
  const out = cmp.out;
  const object = describeObject(old);
  // Everything but the storage request is immutable; the request may only grow (volumeName may be set once).
  const strip = (m: Manifest) => {
    const spec = { ...m.spec, resources: { ...m.spec?.resources, requests: without(m.spec?.resources?.requests, 'storage') } };
    if (typeof old.spec?.volumeName !== 'string' || old.spec.volumeName === '') delete spec.volumeName;
    return { spec };
  };
  immutable(out, object, strip(old), strip(next), ['spec'], 'claim-spec',
    'the spec of a PersistentVolumeClaim is immutable except a larger storage request; a new claim means a new, empty volume');
  shrunk(out, old, STORAGE, old, next);
  const was = quantityValue(get(old, STORAGE));
  const now = quantityValue(get(next, STORAGE));
  if (was === undefined || now === undefined || now === was) return;
  if (now < was) {
    add(out, object, formatPath(STORAGE), 'claim-shrink-refused', UpgradeRisk.REFUSED, [get(old, STORAGE), get(next, STORAGE)],
      'the API server refuses a smaller storage request ("field can not be less than previous value"); keep the size');
    return;
  }
  const className = next.spec?.storageClassName;
  const cls = classNamed(cmp, className);
  if (typeof old.status?.phase === 'string' && old.status.phase !== 'Bound') {
    add(out, object, formatPath(STORAGE), 'claim-expansion', UpgradeRisk.REFUSED, [get(old, STORAGE), get(next, STORAGE)],
      `the claim is ${old.status.phase}, not Bound, and the API server lets only bound claims change their storage request; wait until it binds, or re-create it`);
  } else if (cls && cls.allowVolumeExpansion !== true) {
    add(out, object, formatPath(STORAGE), 'claim-expansion', UpgradeRisk.REFUSED, [get(old, STORAGE), get(next, STORAGE)],
      `StorageClass "${className}" does not set allowVolumeExpansion: true, so the API server refuses a larger request`);
  }
}

/** Fields of a PersistentVolume spec that are not its volume source. */
const VOLUME_SPEC_FIELDS = new Set(['accessModes', 'capacity', 'claimRef', 'mountOptions', 'nodeAffinity',
  'persistentVolumeReclaimPolicy', 'storageClassName', 'volumeMode', 'volumeAttributesClassName']);

export function compareVolume(old: Manifest, next: Manifest, cmp: Comparison): void {
  const out = cmp.out;
  const object = describeObject(old);
  const source = (m: Manifest) => {
    const spec = Object.fromEntries(Object.entries(isObject(m.spec) ? m.spec : {}).filter(([k]) => !VOLUME_SPEC_FIELDS.has(k)));
    // A CSI volume's controllerExpandSecretRef may be added later (ValidatePersistentVolumeUpdate).
    if (isObject(spec.csi) && old.spec?.csi?.controllerExpandSecretRef === undefined) spec.csi = without(spec.csi, 'controllerExpandSecretRef');
    return { spec };
  };
  immutable(out, object, source(old), source(next), ['spec'], 'volume-source',
    'the volume source of a PersistentVolume (server, path, driver, handle) is immutable; create a new volume and move the data');
  immutable(out, object, old, next, ['spec', 'volumeMode'], 'volume-mode',
    'spec.volumeMode of a PersistentVolume is immutable; create a new volume and move the data', 'Filesystem');
  // Node affinity may be added to a volume that had none, never changed or removed.
  if (old.spec?.nodeAffinity !== undefined) {
    immutable(out, object, old, next, ['spec', 'nodeAffinity'], 'volume-node-affinity',
      'spec.nodeAffinity of a PersistentVolume is immutable once set (it says which nodes can reach the storage); create a new volume');
  }
  reclaimTowardDelete(out, old, next, ['spec', 'persistentVolumeReclaimPolicy'], 'Retain',
    'the volume was kept when its claim is deleted, and is now deleted with it (Delete) or wiped (Recycle)');
}

function reclaimTowardDelete(out: Out, old: Manifest, next: Manifest, path: Path, fallback: string, why: string): void {
  const before = get(old, path) ?? fallback;
  const after = get(next, path) ?? fallback;
  if (before !== 'Retain' || after === 'Retain') return;
  add(out, describeObject(old), formatPath(path), 'reclaim-policy', UpgradeRisk.DATA_LOSS, [before, after], why);
}

export function compareStorageClass(old: Manifest, next: Manifest, cmp: Comparison): void {
  const out = cmp.out;
  const object = describeObject(old);
  const why = (f: string) => `${f} of a StorageClass is immutable; apply it under a new name (claims of the old class keep it), or delete and re-create the class`;
  immutable(out, object, old, next, ['provisioner'], 'storageclass-immutable', why('provisioner'));
  immutable(out, object, old, next, ['parameters'], 'storageclass-immutable', why('parameters'), {});
  immutable(out, object, old, next, ['reclaimPolicy'], 'storageclass-immutable', why('reclaimPolicy'), 'Delete');
  immutable(out, object, old, next, ['volumeBindingMode'], 'storageclass-immutable', why('volumeBindingMode'), 'Immediate');
  // Parameters on either side say the provisioner is nfs-subdir, whose default is to archive.
  const subdir = isSubdirClass(old) || isSubdirClass(next);
  const before = nfsDeleteBehaviour(old, subdir);
  const after = nfsDeleteBehaviour(next, subdir);
  const kept = after === 'archive' || after === 'retain';
  reclaimTowardDelete(out, old, next, ['reclaimPolicy'], 'Delete',
    kept
      ? 'volumes this class provisions were kept when their claims are deleted, and are now deleted with them; the NFS provisioner '
        + `${after === 'archive' ? 'archives' : 'keeps'} their directories, so the data stays on the server but no claim can use it`
      : 'volumes this class provisions were kept when their claims are deleted, and are now deleted with them');
  if (before !== undefined && before !== 'delete' && after === 'delete') {
    const params = ['onDelete', 'archiveOnDelete'].filter(p => old.parameters?.[p] !== next.parameters?.[p]);
    const param = params[0] ?? 'onDelete';
    add(out, object, `parameters.${param}`, 'archive-on-delete', UpgradeRisk.DATA_LOSS, [old.parameters?.[param], next.parameters?.[param]],
      `the NFS provisioner used to ${before} a deleted volume's directory and now deletes it, with its data`);
  }
}

// ---- removed objects -----------------------------------------------------------------------

export function removedClaim(old: Manifest, cmp: Comparison, added: Manifest[]): void {
  const successor = added.find(m => kindOf(m) === 'PersistentVolumeClaim' && namespaceOf(m) === namespaceOf(old) && same(m.spec, old.spec));
  const className = old.spec?.storageClassName;
  const cls = classNamed(cmp, className);
  const onDelete = cls ? nfsDeleteBehaviour(cls) : undefined;
  const statics = cls ? [] : staticVolumesFor(className, [...ofKind(cmp.before, 'PersistentVolume'), ...ofKind(cmp.after, 'PersistentVolume')]);
  const boundStatic = typeof old.spec?.volumeName === 'string' && statics.some(pv => nameOf(pv) === old.spec.volumeName);
  let fate: string;
  if (onDelete === 'archive' || onDelete === 'retain') {
    fate = `pruning the claim releases its volume, which StorageClass "${className}" deletes (reclaim ${cls?.reclaimPolicy ?? 'Delete'}); its NFS provisioner `
      + `${onDelete === 'archive' ? 'archives the directory (archived-<volume>)' : 'keeps the directory'}, so the data stays on the server, but no claim can use it`;
  } else if (statics.length > 0 || boundStatic) {
    fate = 'pruning the claim releases its static volume, which keeps the data (Retain) but cannot be claimed again until its claimRef is cleared by hand';
  } else {
    fate = 'pruning the claim releases its volume, which is deleted with its data under a Delete reclaim policy (the default of provisioned volumes)';
  }
  add(cmp.out, describeObject(old), '', 'claim-removed', UpgradeRisk.DATA_LOSS, [nameOf(old), successor && nameOf(successor)],
    `${successor ? `renamed to "${nameOf(successor)}": a new, empty volume; ` : ''}${fate}`);
}

export function removedVolume(old: Manifest, cmp: Comparison): void {
  const policy = old.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  add(cmp.out, describeObject(old), '', 'volume-removed', UpgradeRisk.DATA_LOSS, [nameOf(old), undefined],
    policy === 'Retain'
      ? 'pruning the volume object leaves the data on the storage, but no claim can bind to it any more'
      : `pruning the volume deletes its storage (persistentVolumeReclaimPolicy: ${policy})`);
}

export function removedStorageClass(old: Manifest, cmp: Comparison, added: Manifest[]): void {
  const successor = added.find(m => kindOf(m) === 'StorageClass' && m.provisioner === old.provisioner && same(m.parameters ?? {}, old.parameters ?? {}));
  add(cmp.out, describeObject(old), '', 'storageclass-removed', UpgradeRisk.DATA_LOSS, [nameOf(old), successor && nameOf(successor)],
    `${successor ? `renamed to "${nameOf(successor)}": ` : ''}claims of this class cannot move to another (storageClassName is immutable), `
    + 'so they must be re-created, empty, and the provisioner no longer applies this class\'s delete and archive policy to their volumes');
}
