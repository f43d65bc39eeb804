import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { AppChecks } from './shared/app-checks';
import { checkAbsolutePath, checkBoolean, checkHostOrIp, checkProps, checkQuantity } from './shared/checks';
import { Reporter } from './shared/errors';
import { PatternLabelProps, PatternLabels } from './shared/labels';
import { checkDnsSubdomain, clusterScoped, resolveName } from './shared/names';
import { RenderedApiObject, renderFaster } from './shared/rendered-object';
import { addStorageChecks, checkAccessModes, checkMountOptions, checkReclaimPolicy, NFS_ACCESS_MODES } from './shared/storage';

/**
 * A PersistentVolume made by hand (static provisioning) that a claim can bind to.
 */
export interface IStaticPersistentVolume extends IConstruct {
  /** Name of the PersistentVolume. */
  readonly persistentVolumeName: string;
  /** Its class, '' when it has none (then only claims asking for no class bind it). */
  readonly storageClassName: string;
  /** The access modes it offers. */
  readonly accessModes: kplus.PersistentVolumeAccessMode[];
  /** Its capacity, a quantity such as '10Gi'. */
  readonly capacity: string;

  /**
   * Reserves the volume for one claim (`spec.claimRef`), so no other claim can take it.
   *
   * @param namespace namespace of the claim
   * @param claimName name of the claim
   */
  reserveFor(namespace: string, claimName: string): void;
}

/**
 * What every static PersistentVolume takes.
 */
export interface StaticPersistentVolumeProps extends PatternLabelProps {
  /**
   * Name of the PersistentVolume (cluster-wide).
   *
   * @default - the construct id in kebab case
   */
  readonly name?: string;

  /**
   * Size of the volume, a quantity such as '10Gi'. Claims asking for more do not bind it.
   */
  readonly capacity: string;

  /**
   * How the volume can be mounted. Claims asking for a mode not listed do not bind it.
   *
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * What happens to the volume when its claim is deleted. Retain keeps the data and leaves
   * the volume Released until an administrator clears its `claimRef`; Recycle is refused.
   *
   * @default PersistentVolumeReclaimPolicy.RETAIN
   */
  readonly reclaimPolicy?: kplus.PersistentVolumeReclaimPolicy;

  /**
   * A class name grouping volumes: only claims asking for this class bind the volume. It
   * need not name a StorageClass object (the tutorial's `gold`).
   *
   * @default - none: only claims asking for no class ('') bind it
   */
  readonly storageClassName?: string;
}

/**
 * Props of `NfsPersistentVolume`.
 */
export interface NfsPersistentVolumeProps extends StaticPersistentVolumeProps {
  /** The NFS server: a host name or an IP address. */
  readonly server: string;

  /** The exported directory. */
  readonly path: string;

  /**
   * Mount the export read-only.
   *
   * @default false
   */
  readonly readOnly?: boolean;

  /**
   * NFS mount options (`nfsvers=4.1`, `hard`).
   *
   * @default - the node's defaults
   */
  readonly mountOptions?: string[];
}

/**
 * Props of `HostPathPersistentVolume`.
 */
export interface HostPathPersistentVolumeProps extends StaticPersistentVolumeProps {
  /** The directory on the node. */
  readonly path: string;

  /**
   * What must exist at `path`.
   *
   * @default HostPathVolumeType.DIRECTORY_OR_CREATE
   */
  readonly hostPathType?: kplus.HostPathVolumeType;

  /**
   * The node whose disk holds the data (`kubernetes.io/hostname`). Pods using the volume are
   * then scheduled there; without it a pod on another node sees another, empty directory.
   *
   * @default - any node: only right on a single-node cluster
   */
  readonly nodeName?: string;
}

/**
 * A PersistentVolume made by hand: the parts every source shares. Use `NfsPersistentVolume`
 * or `HostPathPersistentVolume`.
 */
export abstract class StaticPersistentVolume extends Construct implements IStaticPersistentVolume {
  /** Name of the PersistentVolume. */
  public readonly persistentVolumeName: string;
  /** Its class, or '' when it has none. */
  public readonly storageClassName: string;
  /** The access modes it offers. */
  public readonly accessModes: kplus.PersistentVolumeAccessMode[];
  /** Its capacity. */
  public readonly capacity: string;
  /** What happens to it when its claim is deleted. */
  public readonly reclaimPolicy: kplus.PersistentVolumeReclaimPolicy;
  private readonly report: Reporter;
  private reservedFor?: string;
  private readonly props: kplus.k8s.KubePersistentVolumeProps;
  /** The claim the volume is reserved for, rendered as `spec.claimRef`. */
  private claimRef?: { namespace: string; name: string };
  private l1?: kplus.k8s.KubePersistentVolume;

  protected constructor(scope: Construct, id: string, constructType: string, props: StaticPersistentVolumeProps) {
    super(scope, id);
    const report = new Reporter(this, constructType);
    this.report = report;
    checkProps(report, props, "with at least 'capacity'");
    this.persistentVolumeName = props.name !== undefined ? checkDnsSubdomain(report, 'name', props.name) : resolveName(this, report, undefined);
    this.capacity = checkQuantity(report, 'capacity', props.capacity);
    this.accessModes = checkAccessModes(report, 'accessModes', props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]);
    this.storageClassName = props.storageClassName ?? '';
    if (this.storageClassName !== '') checkDnsSubdomain(report, 'storageClassName', this.storageClassName);
    this.reclaimPolicy = props.reclaimPolicy ?? kplus.PersistentVolumeReclaimPolicy.RETAIN;
    checkReclaimPolicy(report, 'reclaimPolicy', this.reclaimPolicy, true);
    const source = this._source(report, props);

    const labels = PatternLabels.of(report, this.persistentVolumeName, 'storage', props);
    this.props = {
      metadata: { name: this.persistentVolumeName, labels: { ...labels.all } },
      spec: {
        capacity: { storage: kplus.k8s.Quantity.fromString(this.capacity) },
        accessModes: [...this.accessModes],
        persistentVolumeReclaimPolicy: this.reclaimPolicy,
        storageClassName: props.storageClassName,
        ...source,
      },
    };
    // The volume as plain data until `persistentVolume` is read, rendered as the L1 object renders it.
    const spec = kplus.k8s.toJson_KubePersistentVolumeProps(this.props)!.spec;
    clusterScoped(new RenderedApiObject(this, 'PersistentVolume', kplus.k8s.KubePersistentVolume.GVK.apiVersion,
      kplus.k8s.KubePersistentVolume.GVK.kind, this.props.metadata!, ['spec'],
      () => ({ spec: this.claimRef ? { ...spec, claimRef: { ...this.claimRef } } : spec })));
    addStorageChecks(this);
    AppChecks.of(this);
  }

  public reserveFor(namespace: string, claimName: string): void {
    const key = `${namespace}/${claimName}`;
    if (this.reservedFor !== undefined && this.reservedFor !== key) {
      this.report.fail('claimRef', key, `the volume is already reserved for claim ${this.reservedFor}; a volume binds one claim`);
    }
    this.reservedFor = key;
    this.claimRef = { namespace, name: claimName };
    if (this.l1) this.reserveL1();
  }

  /** The PersistentVolume. Reading it builds the L1 object in place of the plain manifest. */
  public get persistentVolume(): kplus.k8s.KubePersistentVolume {
    if (!this.l1) {
      this.node.tryRemoveChild('PersistentVolume');
      this.l1 = clusterScoped(new kplus.k8s.KubePersistentVolume(this, 'PersistentVolume', this.props));
      renderFaster(this.l1);
      if (this.claimRef) this.reserveL1();
    }
    return this.l1;
  }

  private reserveL1(): void {
    ApiObject.of(this.l1!).addJsonPatch(JsonPatch.add('/spec/claimRef', { ...this.claimRef }));
  }

  /**
   * Checks the source's own props and returns its part of the spec (`nfs`, `hostPath`, ...).
   * @internal
   */
  protected abstract _source(report: Reporter, props: StaticPersistentVolumeProps): kplus.k8s.PersistentVolumeSpec;

  /** Fails when the volume offers an access mode its source cannot serve. @internal */
  protected _checkServed(report: Reporter, served: kplus.PersistentVolumeAccessMode[], why: string): void {
    const unserved = this.accessModes.filter(m => !served.includes(m));
    if (unserved.length > 0) report.fail('accessModes', this.accessModes, `${why}; ${unserved.join(', ')} cannot be offered`);
  }
}

/**
 * A PersistentVolume on an NFS export, for static provisioning: the administrator makes the
 * directory, claims of the same class, size and access modes bind it (SCENARIOS 001). The data
 * stays when the claim goes (reclaim policy Retain).
 *
 * @example
 * new NfsPersistentVolume(chart, 'nfspv1', { server: '172.16.1.30', path: '/nfs/1', capacity: '1Gi', storageClassName: 'gold' });
 */
export class NfsPersistentVolume extends StaticPersistentVolume {
  constructor(scope: Construct, id: string, props: NfsPersistentVolumeProps) {
    super(scope, id, 'NfsPersistentVolume', props);
  }

  /** @internal */
  protected _source(report: Reporter, base: StaticPersistentVolumeProps): kplus.k8s.PersistentVolumeSpec {
    const props = base as NfsPersistentVolumeProps;
    checkHostOrIp(report, 'server', props.server);
    checkAbsolutePath(report, 'path', props.path);
    if (props.reclaimPolicy === kplus.PersistentVolumeReclaimPolicy.DELETE) {
      report.fail('reclaimPolicy', props.reclaimPolicy, 'nfs volumes have no deleter: the volume would turn Failed instead of deleting anything; use Retain and clean up the export by hand');
    }
    this._checkServed(report, NFS_ACCESS_MODES,
      'an in-tree nfs volume serves only ReadWriteOnce, ReadOnlyMany and ReadWriteMany (ReadWriteOncePod needs a CSI driver)');
    return {
      mountOptions: checkMountOptions(report, props.mountOptions),
      nfs: { server: props.server, path: props.path, readOnly: props.readOnly === undefined ? undefined : checkBoolean(report, 'readOnly', props.readOnly, false) },
    };
  }
}

/**
 * A PersistentVolume on a directory of a node's disk. Single-node clusters only (minikube,
 * kind, a lab machine) unless `nodeName` pins it: the data lives on one node, so it serves
 * ReadWriteOnce only. Pods using it run with a `hostPath` PersistentVolume behind a claim,
 * which the restricted Pod Security Standard allows (only inline hostPath volumes are banned).
 *
 * @example
 * new HostPathPersistentVolume(chart, 'my-pv', { path: '/mnt/data', capacity: '10Gi' });
 */
export class HostPathPersistentVolume extends StaticPersistentVolume {
  constructor(scope: Construct, id: string, props: HostPathPersistentVolumeProps) {
    super(scope, id, 'HostPathPersistentVolume', props);
  }

  /** @internal */
  protected _source(report: Reporter, base: StaticPersistentVolumeProps): kplus.k8s.PersistentVolumeSpec {
    const props = base as HostPathPersistentVolumeProps;
    checkAbsolutePath(report, 'path', props.path);
    // The hostPath deleter only removes directories under /tmp.
    if (props.reclaimPolicy === kplus.PersistentVolumeReclaimPolicy.DELETE && !/^\/tmp\/./.test(props.path)) {
      report.fail('reclaimPolicy', props.reclaimPolicy, 'hostPath volumes are only deleted under /tmp: the volume would turn Failed; use Retain');
    }
    this._checkServed(report, [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
      "a hostPath volume lives on one node's disk and serves only ReadWriteOnce (pods on other nodes would see other data)");
    const type = props.hostPathType ?? kplus.HostPathVolumeType.DIRECTORY_OR_CREATE;
    if (!Object.values(kplus.HostPathVolumeType).includes(type)) {
      report.fail('hostPathType', type, `must be one of ${Object.values(kplus.HostPathVolumeType).filter(t => t).join(', ')}`);
    }
    const node = props.nodeName === undefined ? undefined : checkDnsSubdomain(report, 'nodeName', props.nodeName);
    return {
      hostPath: { path: props.path, type: type || undefined },
      nodeAffinity: node === undefined ? undefined : {
        required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] },
      },
    };
  }
}
