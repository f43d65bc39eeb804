import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { attributeToProps } from './profile/app-check';
import { storageClassAttributions } from './profile/attributions';
import { AppChecks } from './shared/app-checks';
import { checkAbsolutePath, checkHostOrIp, checkNonEmpty, checkProps } from './shared/checks';
import { Reporter } from './shared/errors';
import { PatternLabelProps, PatternLabels } from './shared/labels';
import { checkDnsSubdomain } from './shared/names';
import { addStorageChecks, createStorageClass, IStorageClass, NFS_ACCESS_MODES, StorageClassOptions } from './shared/storage';

const TYPE = 'NfsCsiStorageClass';

/** The provisioner name of csi-driver-nfs. */
export const NFS_CSI_DRIVER = 'nfs.csi.k8s.io';

/**
 * What csi-driver-nfs does with a volume's subdirectory when the volume is deleted.
 */
export enum NfsCsiOnDelete {
  /** Remove the subdirectory and its data (the driver's own default). */
  DELETE = 'delete',
  /** Leave the subdirectory as it is. */
  RETAIN = 'retain',
  /** Rename the subdirectory to `archived-<name>` (needs a driver release with archive support, v4.6 and later). */
  ARCHIVE = 'archive',
}

/**
 * Props of `NfsCsiStorageClass`.
 */
export interface NfsCsiStorageClassProps extends StorageClassOptions, PatternLabelProps {
  /**
   * The NFS server: a host name or an IP address.
   */
  readonly server: string;

  /**
   * The exported directory (`share`), of which volumes are subdirectories.
   */
  readonly share: string;

  /**
   * Subdirectory of each volume under the share, which may use `${pvc.metadata.name}`,
   * `${pvc.metadata.namespace}` and `${pv.metadata.name}`.
   *
   * @default - the volume's name
   */
  readonly subDir?: string;

  /**
   * Octal permissions the driver sets on the mounted directory (`0777`), or '0' to leave them alone.
   *
   * @default - the driver's default ('0': no chmod)
   */
  readonly mountPermissions?: string;

  /**
   * What happens to a deleted volume's subdirectory.
   *
   * @default NfsCsiOnDelete.ARCHIVE - the data survives a deleted claim, as with NfsStorageClass
   */
  readonly onDelete?: NfsCsiOnDelete;
}

/**
 * A StorageClass for csi-driver-nfs (`nfs.csi.k8s.io`), for clusters that have the CSI driver
 * installed: the driver creates a subdirectory of the share per volume. Unlike
 * `NfsStorageClass` it deploys nothing; the driver's own chart runs the controller.
 *
 * @see https://github.com/kubernetes-csi/csi-driver-nfs/blob/master/docs/driver-parameters.md
 *
 * @example
 * new NfsCsiStorageClass(chart, 'NfsCsi', { server: 'nfs.example.com', share: '/exports', mountOptions: ['nfsvers=4.1'] });
 */
export class NfsCsiStorageClass extends Construct implements IStorageClass {
  /** The StorageClass. */
  public readonly storageClass: kplus.k8s.KubeStorageClass;
  /** Name of the StorageClass. */
  public readonly storageClassName: string;
  /** The provisioner, `nfs.csi.k8s.io`. */
  public readonly provisionerName = NFS_CSI_DRIVER;
  /** The access modes NFS volumes serve: ReadWriteOnce, ReadOnlyMany and ReadWriteMany. */
  public readonly accessModes: kplus.PersistentVolumeAccessMode[];
  /** False: this app creates the class. */
  public readonly external = false;

  constructor(scope: Construct, id: string, props: NfsCsiStorageClassProps) {
    super(scope, id);
    const report = new Reporter(this, TYPE);
    checkProps(report, props, "with at least 'server' and 'share'");
    checkHostOrIp(report, 'server', props.server);
    checkAbsolutePath(report, 'share', props.share);
    const parameters: { [key: string]: string } = { server: props.server, share: props.share };
    if (props.subDir !== undefined) {
      checkNonEmpty(report, 'subDir', props.subDir);
      if (props.subDir.startsWith('/') || /(^|\/)\.\.(\/|$)/.test(props.subDir)) {
        report.fail('subDir', props.subDir, "must be a relative path under the share, without '..' segments");
      }
      parameters.subDir = props.subDir;
    }
    if (props.mountPermissions !== undefined) {
      if (typeof props.mountPermissions !== 'string' || !/^0?[0-7]{1,4}$/.test(props.mountPermissions)) {
        report.fail('mountPermissions', props.mountPermissions, "must be octal permissions as a string, such as '0777' or '0'");
      }
      parameters.mountPermissions = props.mountPermissions;
    }
    const onDelete = props.onDelete ?? NfsCsiOnDelete.ARCHIVE;
    if (!Object.values(NfsCsiOnDelete).includes(onDelete)) {
      report.fail('onDelete', onDelete, `must be one of ${Object.values(NfsCsiOnDelete).join(', ')}`);
    }
    parameters.onDelete = onDelete;

    const className = checkDnsSubdomain(report, 'name', props.name ?? 'nfs-csi');
    // The instance label is the class name, cut to a label value's 63 characters.
    const labels = PatternLabels.of(report, className.slice(0, 63).replace(/[-.]+$/, ''), 'storage-class', props);
    this.storageClass = createStorageClass(this, report, props, { defaultName: 'nfs-csi', provisioner: NFS_CSI_DRIVER, parameters, labels });
    this.storageClassName = this.storageClass.name;
    this.accessModes = [...NFS_ACCESS_MODES];
    addStorageChecks(this);
    AppChecks.of(this);
    attributeToProps(this, () => storageClassAttributions(report, className));
  }

  /** True: NFS volumes can be mounted read-write by pods on many nodes. */
  public get supportsReadWriteMany(): boolean {
    return this.accessModes.includes(kplus.PersistentVolumeAccessMode.READ_WRITE_MANY);
  }
}
