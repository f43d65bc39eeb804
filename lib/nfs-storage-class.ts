import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { attributeToProps } from './profile/app-check';
import { storageClassAttributions, workloadAttributions } from './profile/attributions';
import { AppChecks } from './shared/app-checks';
import {
  checkAbsolutePath, checkAnnotations, checkBoolean, checkHostOrIp, checkInteger, checkNonEmpty, checkProps, checkStringList, checkStringMap,
  checkStruct,
} from './shared/checks';
import { removeAddressLabel } from './shared/container';
import { addDisruptionBudget, DisruptionBudgetOptions } from './shared/disruption';
import { Reporter } from './shared/errors';
import { checkLabelKey, PatternLabelProps, PatternLabels } from './shared/labels';
import { checkDnsLabel, checkDnsSubdomain, checkLabelValue, clusterScoped, resolveNamespace } from './shared/names';
import { ResourcePreset, resolveResources } from './shared/resources';
import { checkAffinity, checkTolerations } from './shared/scheduling';
import { checkImage, PodSecurity, PodSecurityOptions } from './shared/security';
import { addStorageChecks, createStorageClass, IStorageClass, NFS_ACCESS_MODES, StorageClassOptions } from './shared/storage';

const TYPE = 'NfsStorageClass';

/** The provisioner image of Helm chart 4.0.18; no newer tag is published. */
export const NFS_PROVISIONER_IMAGE = 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2';

/** Where the provisioner expects the NFS export; fixed in its code. */
const EXPORT_MOUNT_PATH = '/persistentvolumes';
/** The uid and gid an export with root_squash maps root to (nfsnobody). */
const NFS_NOBODY = 65534;
/** The chart's name for the export volume (`nfs.volumeName`). */
const EXPORT_VOLUME = 'nfs-subdir-external-provisioner-root';

/**
 * What the provisioner does with a volume's directory when the volume is deleted.
 */
export enum NfsOnDelete {
  /** Remove the directory and the data in it. */
  DELETE = 'delete',
  /** Leave the directory as it is. */
  RETAIN = 'retain',
}

/**
 * The provisioner Deployment and its RBAC.
 */
export interface NfsProvisionerOptions {
  /**
   * Name of the ServiceAccount and Deployment, from which the roles and bindings derive theirs
   * as the chart does (`<name>-runner`, `run-<name>`, `leader-locking-<name>`).
   *
   * @default - `<class name>-provisioner`
   */
  readonly name?: string;

  /**
   * Namespace of the ServiceAccount, Deployment and leader-election Role. Written explicitly,
   * because the ClusterRoleBinding must name the ServiceAccount's namespace.
   *
   * @default - the chart's namespace, else 'default'
   */
  readonly namespace?: string;

  /**
   * Provisioner image.
   *
   * @default 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2'
   */
  readonly image?: string;

  /**
   * Number of provisioner pods. More than one needs `leaderElection`, or two pods would
   * provision the same claim.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Elect one active provisioner through a lock in the provisioner's namespace (the
   * leader-election Role allows exactly that). Without it, the Role is not created.
   *
   * @default true
   */
  readonly leaderElection?: boolean;

  /**
   * CPU and memory requests and limits.
   *
   * @default - the `resourcePreset`
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * A preset of requests and limits, when `resources` is not given.
   *
   * @default ResourcePreset.NANO
   */
  readonly resourcePreset?: ResourcePreset;

  /**
   * Labels of the nodes the provisioner may run on (nodes that can mount the export).
   *
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Taints the provisioner tolerates.
   *
   * @default - none
   */
  readonly tolerations?: kplus.k8s.Toleration[];

  /**
   * Node and pod affinity of the provisioner.
   *
   * @default - none
   */
  readonly affinity?: kplus.k8s.Affinity;

  /**
   * PriorityClass of the provisioner pods.
   *
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;

  /**
   * Secrets for pulling the image from a private registry.
   *
   * @default - none
   */
  readonly imagePullSecrets?: string[];

  /**
   * Annotations on the provisioner pods.
   *
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Pod security. The provisioner runs as uid and gid 65534 by default: an export with
   * root_squash (the NFS server's default) maps root to that user (nfsnobody) anyway, so it
   * writes exactly as the chart's root container would, without running as root. The export
   * directory must be writable by 65534, as the tutorial makes it with `chown nfsnobody`. For an
   * export with no_root_squash whose directory only root may write, set `runAsUser: 0` and
   * `allowRunAsRoot: true` (recorded as an exception).
   *
   * Built-in exceptions to the restricted standard, recorded in the
   * `cdk8s-patterns.io/pod-security-exceptions` annotation: a service-account token (the
   * provisioner calls the Kubernetes API) and, without `mountOptions`, the inline `nfs` volume.
   *
   * @default - restricted, uid/gid 65534, read-only root filesystem with /tmp writable (glog writes its log files there)
   */
  readonly security?: PodSecurityOptions;

  /**
   * A PodDisruptionBudget for the provisioner pods.
   *
   * @default - none
   */
  readonly disruptionBudget?: DisruptionBudgetOptions;
}

/**
 * Props of `NfsStorageClass`.
 */
export interface NfsStorageClassProps extends StorageClassOptions, PatternLabelProps {
  /**
   * The NFS server: a host name or an IP address.
   */
  readonly server: string;

  /**
   * The exported directory, of which each volume is a subdirectory.
   */
  readonly path: string;

  /**
   * The provisioner name the StorageClass and the provisioner agree on. Unique per class, or
   * two provisioners would serve the same claims.
   *
   * @default - `cluster.local/<provisioner name>`, as the chart derives it
   */
  readonly provisionerName?: string;

  /**
   * Rename a deleted volume's directory to `archived-<volume>` instead of removing it.
   * Not allowed with `onDelete`, which overrides it.
   *
   * @default true - the data survives a deleted claim
   */
  readonly archiveOnDelete?: boolean;

  /**
   * Delete or retain a deleted volume's directory, instead of archiving it.
   *
   * @default - archive, as `archiveOnDelete` says
   */
  readonly onDelete?: NfsOnDelete;

  /**
   * Directory of each volume under the export, from the claim's metadata, e.g.
   * `${.PVC.namespace}-${.PVC.name}` or `${.PVC.annotations.nfs.io/storage-path}`.
   *
   * @default - `<namespace>-<claim>-<volume>`, the provisioner's own scheme
   */
  readonly pathPattern?: string;

  /**
   * The provisioner Deployment and its RBAC.
   *
   * @default - one replica with leader election, the default image, restricted security
   */
  readonly provisioner?: NfsProvisionerOptions;
}

/**
 * The permissions nfs-subdir-external-provisioner needs: exactly the rules of its Helm chart
 * (`templates/clusterrole.yaml`, chart 4.0.18) and `deploy/rbac.yaml`. Never cluster-admin.
 */
const CLUSTER_RULES: kplus.k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
  { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] },
];

/** Leader election through an Endpoints lock in the provisioner's namespace (`templates/role.yaml`). */
const LEADER_ELECTION_RULES: kplus.k8s.PolicyRule[] = [
  { apiGroups: [''], resources: ['endpoints'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
];

/**
 * NFS dynamic provisioning in one construct: nfs-subdir-external-provisioner with its
 * ServiceAccount, least-privilege RBAC and Deployment, and the StorageClass claims name.
 * Each claim gets a subdirectory of the export; when a claim goes away its directory is
 * archived, not deleted (`archiveOnDelete: "true"`).
 *
 * Matches the Helm chart option for option, with safer defaults: the ClusterRole holds the
 * chart's rules and nothing more (the tutorial binds cluster-admin), the pod runs as a
 * non-root user under the restricted standard except for documented exceptions, and the
 * provisioner name is unique per class.
 *
 * @example
 * const nfs = new NfsStorageClass(chart, 'Nfs', { server: '172.16.1.30', path: '/data/nfs_pro' });
 * new VolumeClaim(chart, 'test-claim1', { size: '1Gi', accessModes: [PersistentVolumeAccessMode.READ_WRITE_MANY], storageClass: nfs });
 */
export class NfsStorageClass extends Construct implements IStorageClass {
  /** The StorageClass. */
  public readonly storageClass: kplus.k8s.KubeStorageClass;
  /** Name of the StorageClass. */
  public readonly storageClassName: string;
  /** The provisioner name, in the StorageClass and the provisioner's `PROVISIONER_NAME`. */
  public readonly provisionerName: string;
  /** The access modes NFS volumes serve: ReadWriteOnce, ReadOnlyMany and ReadWriteMany. */
  public readonly accessModes: kplus.PersistentVolumeAccessMode[];
  /** False: this app creates the class. */
  public readonly external = false;
  /** Namespace of the provisioner's objects. */
  public readonly namespace: string;
  /** The provisioner's ServiceAccount. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** The ClusterRole with the chart's rules. */
  public readonly clusterRole: kplus.k8s.KubeClusterRole;
  /** Binds the ClusterRole to the ServiceAccount. */
  public readonly clusterRoleBinding: kplus.k8s.KubeClusterRoleBinding;
  /** The leader-election Role, when leader election is on. */
  public readonly leaderElectionRole?: kplus.k8s.KubeRole;
  /** Binds the leader-election Role, when leader election is on. */
  public readonly leaderElectionRoleBinding?: kplus.k8s.KubeRoleBinding;
  /** The provisioner Deployment. */
  public readonly deployment: kplus.Deployment;
  /** The provisioner container. */
  public readonly provisionerContainer: kplus.Container;
  /** The static PersistentVolume the provisioner mounts the export through, with `mountOptions`. */
  public readonly exportVolume?: kplus.k8s.KubePersistentVolume;
  /** The claim bound to `exportVolume`, with `mountOptions`. */
  public readonly exportClaim?: kplus.k8s.KubePersistentVolumeClaim;
  /** The provisioner's PodDisruptionBudget, when `provisioner.disruptionBudget` is given. */
  public readonly disruptionBudget?: kplus.k8s.KubePodDisruptionBudget;
  /** The labels on every object. */
  public readonly labels: { [key: string]: string };

  constructor(scope: Construct, id: string, props: NfsStorageClassProps) {
    super(scope, id);
    const report = new Reporter(this, TYPE);
    checkProps(report, props, "with at least 'server' and 'path'");
    checkHostOrIp(report, 'server', props.server);
    checkAbsolutePath(report, 'path', props.path);
    const className = checkDnsSubdomain(report, 'name', props.name ?? 'nfs');
    const options = checkStruct<NfsProvisionerOptions>(report, 'provisioner', props.provisioner);
    const prov = report.child('provisioner');
    const provName = options.name !== undefined ? checkDnsLabel(prov, 'name', options.name) : derivedProvisionerName(report, className);
    // Explicit even for 'default': the bindings must name the ServiceAccount's namespace.
    this.namespace = resolveNamespace(this, prov, options.namespace) ?? 'default';
    this.provisionerName = checkProvisionerName(report, props.provisionerName ?? `cluster.local/${provName}`);
    this.accessModes = [...NFS_ACCESS_MODES];

    const labels = PatternLabels.of(report, provName, 'storage-provisioner', props);
    this.labels = labels.all;
    this.storageClass = createStorageClass(this, report, props, {
      defaultName: 'nfs',
      provisioner: this.provisionerName,
      parameters: parameters(report, props),
      labels,
    });
    this.storageClassName = this.storageClass.name;

    const meta = (name: string) => ({ name, namespace: this.namespace, labels: { ...labels.all } });
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: meta(provName), automountToken: false });
    const subjects = [{ kind: 'ServiceAccount', name: provName, namespace: this.namespace }];
    this.clusterRole = clusterScoped(new kplus.k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: { name: `${provName}-runner`, labels: { ...labels.all } },
      rules: CLUSTER_RULES,
    }));
    this.clusterRoleBinding = clusterScoped(new kplus.k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { name: `run-${provName}`, labels: { ...labels.all } },
      subjects,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: this.clusterRole.name },
    }));

    const leaderElection = checkBoolean(prov, 'leaderElection', options.leaderElection, true);
    const replicas = checkInteger(prov, 'replicas', options.replicas ?? 1, 0, 100);
    if (replicas > 1 && !leaderElection) {
      prov.fail('replicas', replicas, 'more than one provisioner needs leaderElection, or two pods would provision the same claim; set provisioner.leaderElection to true or replicas to 1');
    }
    if (leaderElection) {
      this.leaderElectionRole = new kplus.k8s.KubeRole(this, 'LeaderElectionRole', {
        metadata: meta(`leader-locking-${provName}`),
        rules: LEADER_ELECTION_RULES,
      });
      this.leaderElectionRoleBinding = new kplus.k8s.KubeRoleBinding(this, 'LeaderElectionRoleBinding', {
        metadata: meta(`leader-locking-${provName}`),
        subjects,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.leaderElectionRole.name },
      });
    }

    const inline = props.mountOptions === undefined;
    let volume: kplus.Volume;
    if (inline) {
      volume = kplus.Volume.fromNfs(this, 'ExportVolume', EXPORT_VOLUME, { server: props.server, path: props.path });
    } else {
      const mount = mountThroughClaim(this, props, provName, this.namespace, labels);
      [volume, this.exportVolume, this.exportClaim] = [mount.volume, mount.pv, mount.pvc];
    }
    const security = resolveSecurity(prov, options.security, inline);
    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: meta(provName),
      podMetadata: { labels: { ...labels.all }, annotations: checkAnnotations(prov, 'podAnnotations', options.podAnnotations) },
      select: false,
      replicas,
      // Two provisioners must never run side by side during a rollout: no surge.
      strategy: kplus.DeploymentStrategy.recreate(),
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: true,
      securityContext: security.podSecurityContext(),
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: { ...labels.selector } }));
    const env: { [name: string]: kplus.EnvValue } = {
      PROVISIONER_NAME: kplus.EnvValue.fromValue(this.provisionerName),
      NFS_SERVER: kplus.EnvValue.fromValue(props.server),
      NFS_PATH: kplus.EnvValue.fromValue(props.path),
    };
    if (!leaderElection) env.ENABLE_LEADER_ELECTION = kplus.EnvValue.fromValue('false');
    this.provisionerContainer = this.deployment.addContainer({
      name: 'nfs-subdir-external-provisioner',
      image: checkImage(prov, 'image', options.image ?? NFS_PROVISIONER_IMAGE, false),
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      envVariables: env,
      resources: resolveResources(prov, options.resources, options.resourcePreset, ResourcePreset.NANO),
      securityContext: security.containerSecurityContext(),
    });
    this.provisionerContainer.mount(EXPORT_MOUNT_PATH, volume);
    security.applyTo(this.deployment, this.provisionerContainer, this.deployment.podMetadata);
    removeAddressLabel(this.deployment);
    schedule(this.deployment, prov, options);

    if (options.disruptionBudget) {
      this.disruptionBudget = addDisruptionBudget(this, prov, options.disruptionBudget, provName, this.namespace, labels, replicas);
    }
    addStorageChecks(this);
    AppChecks.of(this);
    attributeToProps(this, () => [...storageClassAttributions(report, className), ...workloadAttributions('Deployment', prov, 'namespace', this.namespace)]);
  }

  /** True: NFS volumes can be mounted read-write by pods on many nodes. */
  public get supportsReadWriteMany(): boolean {
    return this.accessModes.includes(kplus.PersistentVolumeAccessMode.READ_WRITE_MANY);
  }
}

function derivedProvisionerName(report: Reporter, className: string): string {
  const name = `${className.replace(/\./g, '-')}-provisioner`;
  if (name.length > 63) {
    report.fail('name', className, `gives the provisioner the name "${name}", longer than 63 characters; give a shorter 'name' or set 'provisioner.name'`);
  }
  return name;
}

/**
 * Inline NFS volumes take no mount options, so with `mountOptions` the provisioner mounts
 * the export through a static PersistentVolume and a claim, as the chart does; both name
 * each other (`claimRef`, `volumeName`) so no other claim can take the volume.
 */
function mountThroughClaim(scope: Construct, props: NfsStorageClassProps, provName: string, namespace: string, labels: PatternLabels) {
  const claimName = `pvc-${provName}`;
  const pvName = `pv-${provName}`;
  const modes = [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY];
  const size = kplus.k8s.Quantity.fromString('10Mi');
  const pv = clusterScoped(new kplus.k8s.KubePersistentVolume(scope, 'ExportPersistentVolume', {
    metadata: { name: pvName, labels: { ...labels.all } },
    spec: {
      capacity: { storage: size },
      accessModes: modes,
      persistentVolumeReclaimPolicy: kplus.PersistentVolumeReclaimPolicy.RETAIN,
      storageClassName: '',
      volumeMode: kplus.PersistentVolumeMode.FILE_SYSTEM,
      mountOptions: [...props.mountOptions!],
      nfs: { server: props.server, path: props.path },
      claimRef: { namespace, name: claimName },
    },
  }));
  const pvc = new kplus.k8s.KubePersistentVolumeClaim(scope, 'ExportClaim', {
    metadata: { name: claimName, namespace, labels: { ...labels.all } },
    spec: {
      accessModes: modes,
      storageClassName: '',
      volumeMode: kplus.PersistentVolumeMode.FILE_SYSTEM,
      volumeName: pvName,
      resources: { requests: { storage: size } },
    },
  });
  const volume = kplus.Volume.fromPersistentVolumeClaim(scope, 'ExportVolume',
    kplus.PersistentVolumeClaim.fromClaimName(scope, 'ExportClaimRef', claimName), { name: EXPORT_VOLUME });
  return { volume, pv, pvc };
}

/** A StorageClass provisioner: a qualified name (`example.com/nfs`) of at most 63 characters. */
function checkProvisionerName(report: Reporter, name: string): string {
  checkLabelKey(report, name, 'provisionerName');
  if (name.length > 63) {
    report.fail('provisionerName', name, "must be at most 63 characters; set a shorter 'provisionerName' or provisioner.name");
  }
  return name;
}

function parameters(report: Reporter, props: NfsStorageClassProps): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  if (props.onDelete !== undefined) {
    if (props.archiveOnDelete !== undefined) {
      report.fail('archiveOnDelete', props.archiveOnDelete, "cannot be combined with 'onDelete', which overrides it; give one of them");
    }
    if (!Object.values(NfsOnDelete).includes(props.onDelete)) {
      report.fail('onDelete', props.onDelete, `must be one of ${Object.values(NfsOnDelete).join(', ')}`);
    }
    out.onDelete = props.onDelete;
  } else {
    out.archiveOnDelete = String(checkBoolean(report, 'archiveOnDelete', props.archiveOnDelete, true));
  }
  if (props.pathPattern !== undefined) {
    checkNonEmpty(report, 'pathPattern', props.pathPattern);
    if (props.pathPattern.startsWith('/') || /(^|\/)\.\.(\/|$)/.test(props.pathPattern)) {
      report.fail('pathPattern', props.pathPattern, "must be a relative path under the export, without '..' segments");
    }
    out.pathPattern = props.pathPattern;
  }
  return out;
}

function resolveSecurity(report: Reporter, given: PodSecurityOptions | undefined, inlineNfs: boolean): PodSecurity {
  const options = checkStruct(report, 'security', given);
  if (options.automountServiceAccountToken === false) {
    report.fail('security.automountServiceAccountToken', false, 'the provisioner calls the Kubernetes API to create PersistentVolumes and needs its token');
  }
  const nobody = options.allowRunAsRoot ? {} : { runAsUser: NFS_NOBODY, runAsGroup: NFS_NOBODY };
  const why = inlineNfs
    ? 'the provisioner calls the Kubernetes API to create and delete PersistentVolumes, and mounts the export as an inline nfs volume (give mountOptions to mount it through a PersistentVolume instead)'
    : 'the provisioner calls the Kubernetes API to create and delete PersistentVolumes';
  const builtIn = ['automountServiceAccountToken=true', ...(inlineNfs ? ['volumes.nfs'] : []), `reason: ${why}`];
  return PodSecurity.resolve(report, { ...nobody, ...options, automountServiceAccountToken: false }, builtIn);
}

/**
 * Node selector, tolerations, affinity, priority and pull secrets, as the chart places its pod.
 * Patches on an L1 object take its props' shape, so the L1 structs go in as they are.
 */
function schedule(deployment: kplus.Deployment, report: Reporter, options: NfsProvisionerOptions): void {
  const api = ApiObject.of(deployment);
  const spec = '/spec/template/spec';
  if (options.nodeSelector !== undefined && options.nodeSelector !== null) {
    for (const [key, value] of Object.entries(checkStringMap(report, 'nodeSelector', options.nodeSelector))) {
      checkLabelKey(report, key, 'nodeSelector');
      checkLabelValue(report, `nodeSelector["${key}"]`, value);
    }
    api.addJsonPatch(JsonPatch.add(`${spec}/nodeSelector`, sortKeysDeep(options.nodeSelector)));
  }
  const tolerations = checkTolerations(report, 'tolerations', options.tolerations);
  if (tolerations.length > 0) {
    api.addJsonPatch(JsonPatch.add(`${spec}/tolerations`, tolerations.map(sortKeysDeep)));
  }
  const affinity = options.affinity ?? undefined;
  if (affinity !== undefined) {
    checkAffinity(report, 'affinity', affinity);
    api.addJsonPatch(JsonPatch.add(`${spec}/affinity`, sortKeysDeep(affinity)));
  }
  if (options.priorityClassName !== undefined) {
    api.addJsonPatch(JsonPatch.add(`${spec}/priorityClassName`, checkDnsSubdomain(report, 'priorityClassName', options.priorityClassName)));
  }
  const pullSecrets = checkStringList(report, 'imagePullSecrets', options.imagePullSecrets);
  if (pullSecrets.length > 0) {
    pullSecrets.forEach((s, i) => checkDnsSubdomain(report, `imagePullSecrets[${i}]`, s));
    api.addJsonPatch(JsonPatch.add(`${spec}/imagePullSecrets`, pullSecrets.map(name => ({ name }))));
  }
}

/**
 * A copy with the keys of every plain object sorted, as cdk8s sorts the maps it renders itself:
 * patches apply after that sort, and the YAML must not depend on the order keys were written in.
 */
function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeysDeep) as unknown as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const entries = Object.keys(value).sort().map(k => [k, sortKeysDeep((value as any)[k])]);
  return Object.fromEntries(entries) as T;
}
