import { isObject, Manifest } from '../checks/manifest';

/** The provisioner name of csi-driver-nfs. */
export const CSI_NFS = 'nfs.csi.k8s.io';

/**
 * What an NFS provisioner does with a volume's directory when the volume is deleted:
 * 'delete', 'archive' or 'retain'; undefined when the StorageClass is not an NFS one.
 *
 * csi-driver-nfs reads `onDelete` (default delete). nfs-subdir-external-provisioner reads
 * `onDelete` first, then `archiveOnDelete`, and archives when neither says otherwise; its
 * provisioner name is chosen by whoever deploys it, so its parameters identify it.
 */
export function nfsDeleteBehaviour(sc: Manifest, subdir = isSubdirClass(sc)): string | undefined {
  const params = isObject(sc.parameters) ? sc.parameters : {};
  if (sc.provisioner === CSI_NFS) return typeof params.onDelete === 'string' ? params.onDelete : 'delete';
  if (!subdir) return undefined;
  if (params.onDelete === 'delete' || params.onDelete === 'retain') return params.onDelete;
  return String(params.archiveOnDelete).toLowerCase() === 'false' ? 'delete' : 'archive';
}

/** Whether a StorageClass is served by nfs-subdir-external-provisioner, judged by its parameters or name. */
export function isSubdirClass(sc: Manifest): boolean {
  const params = isObject(sc.parameters) ? sc.parameters : {};
  return ['onDelete', 'archiveOnDelete', 'pathPattern'].some(p => params[p] !== undefined)
    || (typeof sc.provisioner === 'string' && sc.provisioner.includes('nfs-subdir'));
}
