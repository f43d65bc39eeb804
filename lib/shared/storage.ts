import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { AppChecks } from './app-checks';
import { checkAnnotations, checkBoolean, checkNonEmpty, checkQuantity, checkUnique } from './checks';
import { Reporter } from './errors';
import { PatternLabels } from './labels';
import { checkDnsSubdomain, clusterScoped } from './names';
import { Claim, claimsOf, EXTERNAL_CLASS_ANNOTATION, fitProblems, knownClasses } from '../checks/storage';

export { EXTERNAL_CLASS_ANNOTATION };

/** Annotation that makes a StorageClass the cluster's default. */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** The access modes an NFS export serves; ReadWriteOncePod needs a CSI driver. */
export const NFS_ACCESS_MODES = [
  kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE,
  kplus.PersistentVolumeAccessMode.READ_ONLY_MANY,
  kplus.PersistentVolumeAccessMode.READ_WRITE_MANY,
];

/**
 * A StorageClass claims can name: one this app creates (`NfsStorageClass`,
 * `NfsCsiStorageClass`) or one that exists in the cluster (`ExternalStorageClass`).
 * It says which access modes its volumes can be mounted with, so a claim asking for a mode
 * the class cannot serve fails at construction instead of staying Pending in the cluster.
 */
export interface IStorageClass extends IConstruct {
  /** Name of the StorageClass, as claims write it in `storageClassName`. */
  readonly storageClassName: string;
  /** The access modes volumes of this class can be mounted with. */
  readonly accessModes: kplus.PersistentVolumeAccessMode[];
  /** True when the class is not created by this app but exists in the cluster. */
  readonly external: boolean;
}

/**
 * When a dynamically provisioned volume is bound.
 */
export enum VolumeBindingMode {
  /** As soon as the claim is created. */
  IMMEDIATE = 'Immediate',
  /** When the first pod using the claim is scheduled, so the volume is made where the pod runs. */
  WAIT_FOR_FIRST_CONSUMER = 'WaitForFirstConsumer',
}

/**
 * The StorageClass options shared by the NFS classes.
 */
export interface StorageClassOptions {
  /**
   * Name of the StorageClass, the `storageClassName` claims ask for. Immutable in the
   * cluster, like the class's provisioner, parameters, reclaimPolicy and volumeBindingMode.
   *
   * @default - set by each class ('nfs', 'nfs-csi')
   */
  readonly name?: string;

  /**
   * Make this the cluster's default class, used by claims that name none.
   *
   * @default false
   */
  readonly defaultClass?: boolean;

  /**
   * What happens to a provisioned PersistentVolume when its claim is deleted. With Delete the
   * provisioner's own policy decides about the data (both NFS classes archive it by default);
   * with Retain the volume and its directory stay until an administrator removes them.
   * Recycle is deprecated and refused.
   *
   * @default PersistentVolumeReclaimPolicy.DELETE
   */
  readonly reclaimPolicy?: kplus.PersistentVolumeReclaimPolicy;

  /**
   * When volumes are provisioned and bound.
   *
   * @default VolumeBindingMode.IMMEDIATE
   */
  readonly volumeBindingMode?: VolumeBindingMode;

  /**
   * Let claims of this class grow by editing their request.
   *
   * @default true
   */
  readonly allowVolumeExpansion?: boolean;

  /**
   * Mount options of the provisioned volumes (e.g. `nfsvers=4.1`, `hard`).
   *
   * @default - none: the node's defaults
   */
  readonly mountOptions?: string[];

  /**
   * Extra annotations on the StorageClass.
   *
   * @default - none
   */
  readonly storageClassAnnotations?: { [key: string]: string };
}

/** What the two NFS classes pass to `createStorageClass` beyond the user's options. */
export interface StorageClassParts {
  readonly defaultName: string;
  readonly provisioner: string;
  readonly parameters: { [key: string]: string };
  readonly labels: PatternLabels;
}

/** Resolves the shared options and builds the L1 StorageClass under `scope` as 'StorageClass'. */
export function createStorageClass(scope: Construct, report: Reporter, options: StorageClassOptions,
  parts: StorageClassParts): kplus.k8s.KubeStorageClass {
  const name = checkDnsSubdomain(report, 'name', options.name ?? parts.defaultName);
  const reclaimPolicy = options.reclaimPolicy ?? kplus.PersistentVolumeReclaimPolicy.DELETE;
  checkReclaimPolicy(report, 'reclaimPolicy', reclaimPolicy, false);
  const bindingMode = options.volumeBindingMode ?? VolumeBindingMode.IMMEDIATE;
  if (!Object.values(VolumeBindingMode).includes(bindingMode)) {
    report.fail('volumeBindingMode', bindingMode, `must be one of ${Object.values(VolumeBindingMode).join(', ')}`);
  }
  const mountOptions = checkMountOptions(report, options.mountOptions);
  const annotations: { [key: string]: string } = { ...checkAnnotations(report, 'storageClassAnnotations', options.storageClassAnnotations) };
  if (checkBoolean(report, 'defaultClass', options.defaultClass, false)) annotations[DEFAULT_CLASS_ANNOTATION] = 'true';
  return clusterScoped(new kplus.k8s.KubeStorageClass(scope, 'StorageClass', {
    metadata: {
      name,
      labels: { ...parts.labels.all },
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    },
    provisioner: parts.provisioner,
    parameters: parts.parameters,
    reclaimPolicy,
    volumeBindingMode: bindingMode,
    allowVolumeExpansion: checkBoolean(report, 'allowVolumeExpansion', options.allowVolumeExpansion, true),
    mountOptions,
  }));
}

/** Retain or Delete; Recycle (deprecated since 1.11, a plain `rm -rf`) is refused everywhere. */
export function checkReclaimPolicy(report: Reporter, prop: string, policy: string, isVolume: boolean): void {
  if (policy === 'Recycle') {
    report.fail(prop, policy, `Recycle is deprecated and wipes the data with 'rm -rf'; use Retain${isVolume ? '' : ' or Delete'} and clean up deliberately`);
  }
  if (!Object.values(kplus.PersistentVolumeReclaimPolicy).includes(policy as kplus.PersistentVolumeReclaimPolicy)) {
    report.fail(prop, policy, 'must be Retain or Delete');
  }
}

export function checkMountOptions(report: Reporter, options: string[] | undefined): string[] | undefined {
  if (options === undefined) return undefined;
  if (!Array.isArray(options) || options.length === 0) report.fail('mountOptions', options, 'must list at least one option, or be left out');
  options.forEach((o, i) => {
    checkNonEmpty(report, `mountOptions[${i}]`, o);
    if (/[\s,]/.test(o)) report.fail(`mountOptions[${i}]`, o, "must be one option per entry, without spaces or ','");
  });
  checkUnique(report, 'mountOptions', options, 'mount options');
  return [...options];
}

/**
 * Checks a list of access modes: at least one, known, no repeats.
 *
 * @param volumeModes the modes of one claim or volume, where ReadWriteOncePod stands alone;
 * false for the modes a class can serve
 */
export function checkAccessModes(report: Reporter, prop: string, modes: kplus.PersistentVolumeAccessMode[],
  volumeModes = true): kplus.PersistentVolumeAccessMode[] {
  const known = Object.values(kplus.PersistentVolumeAccessMode) as string[];
  if (!Array.isArray(modes) || modes.length === 0) report.fail(prop, modes, 'must list at least one access mode');
  modes.forEach((m, i) => {
    if (!known.includes(m)) report.fail(`${prop}[${i}]`, m, `must be one of ${known.join(', ')}`);
  });
  checkUnique(report, prop, modes, 'access modes');
  if (volumeModes && modes.includes(kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD) && modes.length > 1) {
    report.fail(prop, modes, 'ReadWriteOncePod cannot be combined with other access modes (the API server refuses it); give it alone');
  }
  return [...modes];
}

/** Fails when `modes` asks for one that `served` lacks; `what` names the server ('StorageClass "nfs"'). */
export function checkServedModes(report: Reporter, prop: string, modes: kplus.PersistentVolumeAccessMode[],
  served: kplus.PersistentVolumeAccessMode[], what: string, why = ''): void {
  const missing = modes.filter(m => !served.includes(m));
  if (missing.length > 0) {
    report.fail(prop, modes, `${what} serves only ${served.join(', ')}${why}; ${missing.join(', ')} would leave the claim Pending`);
  }
}

/** Where a claim gets its volume from: a class, a class name, or (neither) the cluster's default class. */
export interface ClaimClassOptions {
  readonly storageClass?: IStorageClass;
  readonly storageClassName?: string;
}

/** A claim's class, resolved: its name (undefined = the cluster default) and whether it is external. */
export interface ResolvedClaimClass {
  readonly name?: string;
  readonly external: boolean;
}

/**
 * Resolves and checks a claim's class: at most one of `storageClass` and `storageClassName`, a
 * valid name ('' = only PersistentVolumes without a class), and access modes the class serves.
 */
export function resolveClaimClass(report: Reporter, options: ClaimClassOptions, modes: kplus.PersistentVolumeAccessMode[],
  scope?: IConstruct): ResolvedClaimClass {
  const { storageClass, storageClassName } = options;
  if (storageClass !== undefined && storageClassName !== undefined) {
    report.fail('storageClassName', storageClassName, "cannot be combined with 'storageClass'; give one of them");
  }
  if (storageClass !== undefined) {
    if (typeof storageClass !== 'object' || storageClass === null || typeof storageClass.storageClassName !== 'string' || !Array.isArray(storageClass.accessModes)) {
      report.fail('storageClass', storageClass, 'must be an NfsStorageClass, NfsCsiStorageClass or ExternalStorageClass');
    }
    checkServedModes(report, 'accessModes', modes, storageClass.accessModes, `StorageClass "${storageClass.storageClassName}"`);
    return { name: storageClass.storageClassName, external: storageClass.external };
  }
  if (storageClassName !== undefined && storageClassName !== '') checkDnsSubdomain(report, 'storageClassName', storageClassName);
  // A class named here but declared with ExternalStorageClass (before this claim) is marked in the
  // YAML too, so that ManifestChecks on the output knows it as well as the synth-time check does.
  const external = scope !== undefined && storageClassName !== undefined && (EXTERNAL_CLASSES.get(scope.node.root)?.has(storageClassName) ?? false);
  return { name: storageClassName, external };
}

/**
 * The L1 spec of a claim: modes, class, size and, for a pre-bound claim, the volume. Also the
 * value of a claim-template JSON patch: patches on an L1 object apply before it renders its
 * props to API JSON, so they take the L1 shape (a Quantity object, not a string).
 */
export function claimSpec(report: Reporter, size: string, modes: kplus.PersistentVolumeAccessMode[],
  cls: ResolvedClaimClass, volumeName?: string): kplus.k8s.PersistentVolumeClaimSpec {
  checkQuantity(report, 'size', size);
  return {
    accessModes: [...modes],
    storageClassName: cls.name,
    resources: { requests: { storage: kplus.k8s.Quantity.fromString(size) } },
    volumeName,
  };
}

/** Annotations that mark a claim of an external class, for the checks on the synthesized YAML. */
export function claimAnnotations(cls: ResolvedClaimClass): { [key: string]: string } | undefined {
  return cls.external && cls.name ? { [EXTERNAL_CLASS_ANNOTATION]: cls.name } : undefined;
}

const EXTERNAL_CLASSES = new WeakMap<IConstruct, Set<string>>();
const CLAIM_REPORTERS = new WeakMap<ApiObject, { report: Reporter; prop: string }>();
const CHECK_VIEWS = new WeakMap<ApiObject, () => object | undefined>();

/**
 * Lets the storage checks read a pattern's object from its plain data instead of rendering it:
 * `view` returns the fields the checks read (kind, name, namespace, replicas, claim templates,
 * a claim's or volume's spec) exactly as the object renders them, or undefined when the object
 * must be rendered after all (a JSON patch or a custom resolver may have changed it). A
 * StatefulSet's pod template, most of its manifest, is then never rendered for the checks.
 */
export function registerCheckView(obj: ApiObject, view: () => object | undefined): void {
  CHECK_VIEWS.set(obj, view);
}

/** Per app: whether a cluster profile judges the class of a claim object (it knows the cluster's classes). */
const PROFILE_JUDGES = new WeakMap<IConstruct, (claimObject: IConstruct) => boolean>();

/**
 * Lets a cluster profile judge claims' classes instead of the app's own check: a class the
 * cluster has is fine, and one it lacks is the profile's finding, not a second message.
 */
export function deferClaimClassesTo(scope: IConstruct, judges: (claimObject: IConstruct) => boolean): void {
  PROFILE_JUDGES.set(scope.node.root, judges);
}

/** Records a class that exists in the cluster, so claims of it pass the app checks. */
export function declareExternalClass(scope: IConstruct, name: string): void {
  const root = scope.node.root;
  const names = EXTERNAL_CLASSES.get(root) ?? new Set<string>();
  names.add(name);
  EXTERNAL_CLASSES.set(root, names);
}

/**
 * Registers the app-wide storage checks, and makes their messages about `claimObject` name the
 * pattern that built it and its prop rather than the L1 object.
 */
export function addStorageChecks(scope: IConstruct, claimObject?: ApiObject, report?: Reporter, prop = 'storageClassName'): void {
  if (claimObject && report) CLAIM_REPORTERS.set(claimObject, { report, prop });
  const root = scope.node.root;
  const checks = AppChecks.of(scope);
  checks.add('claim-class', objects => withClaims(objects, (claims, manifests, message, objectOf) => {
    const known = knownClasses(manifests);
    const declared = EXTERNAL_CLASSES.get(root) ?? new Set<string>();
    const judged = PROFILE_JUDGES.get(root);
    return claims
      .filter(c => c.className && !known.has(c.className) && !declared.has(c.className) && !c.external && !judged?.(objectOf(c)))
      .map(c => message(c, 'no StorageClass or PersistentVolume of this class is in the app, and none is declared with ExternalStorageClass; the claims would stay Pending'));
  }));
  checks.add('claim-fit', objects => withClaims(objects, (claims, manifests, message) =>
    fitProblems(claims, manifests, EXTERNAL_CLASSES.get(root)).map(p => message(p.claim, p.message))));
}

type ClaimMessage = (claim: Claim, rule: string) => string;

const STORAGE_KINDS = new Set(['PersistentVolumeClaim', 'StatefulSet', 'PersistentVolume', 'StorageClass']);

/** The storage objects of one validation run, as manifests, with the object each came from. */
interface StorageManifests {
  readonly manifests: any[];
  readonly owners: Map<any, ApiObject>;
  readonly claims: Claim[];
}

/**
 * Per validation run (both checks get the same `objects` array): each storage object is read
 * once, not once per check.
 */
const RUNS = new WeakMap<ApiObject[], StorageManifests>();
const VIEW_CLAIMS = new WeakMap<object, Claim[]>();

function storageManifests(objects: ApiObject[]): StorageManifests {
  const cached = RUNS.get(objects);
  if (cached) return cached;
  const owners = new Map<any, ApiObject>();
  const manifests: any[] = [];
  const claims: Claim[] = [];
  for (const obj of objects) {
    if (!STORAGE_KINDS.has(obj.kind)) continue;
    let json: any;
    const view = CHECK_VIEWS.get(obj)?.();
    try {
      json = view ?? obj.toJson();
    } catch {
      continue; // an object that cannot render fails at synth with its own error
    }
    owners.set(json, obj);
    manifests.push(json);
    // A view is the same object while it is valid: its claims are worked out once.
    let own = view ? VIEW_CLAIMS.get(view) : undefined;
    if (!own) {
      own = claimsOf([json]);
      if (view) VIEW_CLAIMS.set(view, own);
    }
    claims.push(...own);
  }
  const run = { manifests, owners, claims };
  RUNS.set(objects, run);
  return run;
}

/** Runs a check over the claims of the app's objects, rendering each problem in the common format. */
function withClaims(objects: ApiObject[],
  check: (claims: Claim[], manifests: any[], message: ClaimMessage, objectOf: (claim: Claim) => ApiObject) => string[]): string[] {
  const { manifests, owners, claims } = storageManifests(objects);
  const objectOf = (claim: Claim) => owners.get(claim.owner)!;
  const message: ClaimMessage = (claim, rule) => {
    const obj = objectOf(claim);
    const registered = CLAIM_REPORTERS.get(obj);
    const report = registered?.report ?? new Reporter(obj, obj.kind);
    return report.message(registered?.prop ?? claim.field, claim.className, rule);
  };
  return check(claims, manifests, message, objectOf);
}
