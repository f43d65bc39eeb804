import * as kplus from 'cdk8s-plus-28';

/**
 * Access modes are a property of a volume plugin, not of a StorageClass object, so a profile
 * loaded from `kubectl get storageclass` cannot read them. This table gives them for the
 * provisioners clusters commonly run; a class's `cdk8s-patterns.io/access-modes` annotation
 * (`ReadWriteOnce,ReadWriteMany`), the `--access-modes` option of `cdk8s-patterns profile` and
 * `ProfileStorageClass.accessModes` override it. A provisioner the table lacks serves
 * ReadWriteOnce only, the one mode every provisioner serves (as `ExternalStorageClass` assumes).
 *
 * ReadWriteOncePod is served by CSI drivers only (Kubernetes docs: "only supported for CSI
 * volumes"); whether the cluster's version serves it at all is a version rule.
 *
 * Sources: the access-mode table of https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
 * for the in-tree plugins, and each driver's documentation (named per row).
 */

const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const ROX = kplus.PersistentVolumeAccessMode.READ_ONLY_MANY;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
const RWOP = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD;

/** The annotation a platform team can put on a StorageClass to say which modes it serves. */
export const ACCESS_MODES_ANNOTATION = 'cdk8s-patterns.io/access-modes';

interface KnownProvisioner {
  readonly modes: kplus.PersistentVolumeAccessMode[];
  /** Where the modes come from. */
  readonly source: string;
}

const K8S_DOCS = 'kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes';
const FILE_MODES = [RWO, ROX, RWX];

/** Known provisioners and the access modes their volumes serve. */
export const KNOWN_PROVISIONERS: { readonly [provisioner: string]: KnownProvisioner } = {
  // NFS and other shared file systems: every mode (ReadWriteOncePod through CSI drivers only).
  'nfs.csi.k8s.io': { modes: [...FILE_MODES, RWOP], source: 'github.com/kubernetes-csi/csi-driver-nfs' },
  'k8s-sigs.io/nfs-subdir-external-provisioner': { modes: FILE_MODES, source: `${K8S_DOCS} (NFS); nfs-subdir-external-provisioner deploy/class.yaml` },
  'cluster.local/nfs-subdir-external-provisioner': { modes: FILE_MODES, source: `${K8S_DOCS} (NFS); nfs-subdir-external-provisioner Helm chart default` },
  'efs.csi.aws.com': { modes: [...FILE_MODES, RWOP], source: 'github.com/kubernetes-sigs/aws-efs-csi-driver' },
  'file.csi.azure.com': { modes: [...FILE_MODES, RWOP], source: 'github.com/kubernetes-sigs/azurefile-csi-driver' },
  'kubernetes.io/azure-file': { modes: FILE_MODES, source: `${K8S_DOCS} (AzureFile)` },
  'filestore.csi.storage.gke.io': { modes: [...FILE_MODES, RWOP], source: 'cloud.google.com/filestore/docs/csi-driver' },
  'cephfs.csi.ceph.com': { modes: [...FILE_MODES, RWOP], source: `${K8S_DOCS} (CephFS); github.com/ceph/ceph-csi` },
  'driver.longhorn.io': { modes: [RWO, RWX, RWOP], source: 'longhorn.io/docs (RWX through its share manager)' },
  // Block devices: one node at a time.
  'ebs.csi.aws.com': { modes: [RWO, RWOP], source: 'github.com/kubernetes-sigs/aws-ebs-csi-driver' },
  'kubernetes.io/aws-ebs': { modes: [RWO], source: `${K8S_DOCS} (in-tree, migrated to ebs.csi.aws.com)` },
  'pd.csi.storage.gke.io': { modes: [RWO, ROX, RWOP], source: 'github.com/kubernetes-sigs/gcp-compute-persistent-disk-csi-driver' },
  'kubernetes.io/gce-pd': { modes: [RWO, ROX], source: `${K8S_DOCS} (in-tree, migrated to pd.csi.storage.gke.io)` },
  'disk.csi.azure.com': { modes: [RWO, RWOP], source: 'github.com/kubernetes-sigs/azuredisk-csi-driver' },
  'kubernetes.io/azure-disk': { modes: [RWO], source: `${K8S_DOCS} (in-tree, migrated to disk.csi.azure.com)` },
  'rbd.csi.ceph.com': { modes: [RWO, ROX, RWOP], source: `${K8S_DOCS} (RBD); github.com/ceph/ceph-csi` },
  'cinder.csi.openstack.org': { modes: [RWO, RWOP], source: 'github.com/kubernetes/cloud-provider-openstack' },
  'csi.vsphere.vmware.com': { modes: [RWO, RWOP], source: `${K8S_DOCS} (VsphereVolume); vSphere CSI block volumes` },
  // Node-local volumes.
  'rancher.io/local-path': { modes: [RWO], source: 'github.com/rancher/local-path-provisioner (node paths are ReadWriteOnce)' },
  'kubernetes.io/no-provisioner': { modes: [RWO], source: 'kubernetes.io/docs/concepts/storage/volumes/#local' },
  'k8s.io/minikube-hostpath': { modes: [RWO], source: `${K8S_DOCS} (HostPath)` },
  'docker.io/hostpath': { modes: [RWO], source: `${K8S_DOCS} (HostPath)` },
  'hostpath.csi.k8s.io': { modes: [RWO, RWOP], source: 'github.com/kubernetes-csi/csi-driver-host-path' },
  'openebs.io/local': { modes: [RWO], source: 'openebs.io/docs (local PV)' },
  'topolvm.io': { modes: [RWO, RWOP], source: 'github.com/topolvm/topolvm' },
};

/** The modes a provisioner serves, and whether the table knows it. */
export function provisionerAccessModes(provisioner: string): { modes: kplus.PersistentVolumeAccessMode[]; known: boolean } {
  const row = Object.prototype.hasOwnProperty.call(KNOWN_PROVISIONERS, provisioner) ? KNOWN_PROVISIONERS[provisioner] : undefined;
  return row ? { modes: [...row.modes], known: true } : { modes: [RWO], known: false };
}

/** The modes a `cdk8s-patterns.io/access-modes` annotation or `--access-modes` option lists (`ReadWriteOnce, ReadWriteMany`). */
export function parseAccessModes(text: string): string[] {
  return text.split(',').map(s => s.trim()).filter(s => s.length > 0);
}
