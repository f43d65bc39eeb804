import { isSubdirClass, nfsDeleteBehaviour } from './nfs';
import { loadManifests } from './yaml-files';
import { asArray, describeObject, isObject, kindOf, Manifest, nameOf, namespaceOf } from '../checks/manifest';
import { claimsOf } from '../checks/storage';
import { formatValue } from '../shared/errors';
import { quantityValue } from '../shared/quantity';

/**
 * How an upgrade from one synthesis to the next goes wrong.
 */
export enum UpgradeRisk {
  /** The API server refuses the update: the apply fails until the object is deleted and re-created. */
  REFUSED = 'refused',
  /** The update is accepted but deletes data, or leaves it where nothing reads it any more. */
  DATA_LOSS = 'data-loss',
}

/**
 * One change between two syntheses that the API server refuses or that loses data.
 */
export interface UpgradeFinding {
  /** The object as it was before, as `Kind/namespace/name` (`Kind/name` for cluster-scoped kinds). */
  readonly object: string;
  /** The field that changed, as a path into the object (`spec.serviceName`); '' for the whole object. */
  readonly field: string;
  /** The rule's id, stable across releases (`statefulset-service-name`). */
  readonly rule: string;
  /** Whether the API server refuses the change or the change loses data. */
  readonly risk: UpgradeRisk;
  /** The field's value before, as JSON, or `(absent)`. */
  readonly before: string;
  /** The field's value after, as JSON, or `(absent)`. */
  readonly after: string;
  /** Why this goes wrong, and what to do instead. */
  readonly message: string;
}

/**
 * Compares two syntheses of the same app (the manifests on the main branch and those of a
 * change) and reports what would go wrong when the second is applied over the first:
 * changes to fields the API server keeps immutable (Kubernetes 1.28), and changes that
 * delete or orphan data. Objects are matched by API group, kind, namespace and name, so a
 * rename reads as a removal plus an addition, which is exactly what the cluster sees.
 *
 * ```ts
 * const findings = UpgradeGuard.compareSyntheses('main-synth/dist', 'dist');
 * if (findings.length > 0) throw new Error(UpgradeGuard.format(findings));
 * ```
 *
 * The command line does the same: `cdk8s-patterns check-upgrade <before> <after>`.
 */
export class UpgradeGuard {
  /**
   * The findings of applying `after` over `before`, sorted by object, field and rule.
   *
   * @param before the manifests in the cluster (plain Kubernetes objects)
   * @param after the manifests about to be applied
   */
  public static compare(before: any[], after: any[]): UpgradeFinding[] {
    const was = indexByKey(before);
    const now = indexByKey(after);
    const out: UpgradeFinding[] = [];
    const classes = new Map([...now.values()].filter(m => kindOf(m) === 'StorageClass').map(m => [nameOf(m), m]));
    const afterOnly = [...now.entries()].filter(([key]) => !was.has(key)).map(([, m]) => m);
    for (const [key, old] of was) {
      const next = now.get(key);
      if (next) compareObject(old, next, classes, out);
      else reportRemoved(old, afterOnly, out);
    }
    return out.sort((a, b) => compareStrings(a.object, b.object) || compareStrings(a.field, b.field) || compareStrings(a.rule, b.rule));
  }

  /**
   * Reads two syntheses from disk and compares them. Each path is a YAML file or a directory
   * of them (`cdk8s synth`'s output folder; every `*.yaml` below it, sorted).
   *
   * @param beforePath the synthesis in the cluster, e.g. the main branch's `dist/`
   * @param afterPath the synthesis about to be applied
   */
  public static compareSyntheses(beforePath: string, afterPath: string): UpgradeFinding[] {
    return UpgradeGuard.compare(loadManifests(beforePath).manifests, loadManifests(afterPath).manifests);
  }

  /**
   * A readable report: per finding, the risk, object, field and rule, the value before and
   * after, and why.
   */
  public static format(findings: UpgradeFinding[]): string {
    return findings.map(f => [
      `[${f.risk}] ${f.object} ${f.field || '(whole object)'} (${f.rule})`,
      `    ${f.before} → ${f.after}`,
      `    ${f.message}`,
    ].join('\n')).join('\n\n');
  }

  private constructor() {}
}

type Out = UpgradeFinding[];

/** `group/Kind/namespace/name`: an apps/v1beta2 and an apps/v1 StatefulSet are the same object. */
export function objectKey(m: Manifest): string {
  const apiVersion = typeof m.apiVersion === 'string' ? m.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return `${group}/${kindOf(m)}/${namespaceOf(m)}/${nameOf(m)}`;
}

function indexByKey(manifests: any[]): Map<string, Manifest> {
  const index = new Map<string, Manifest>();
  for (const m of Array.isArray(manifests) ? manifests : []) {
    if (isObject(m) && !index.has(objectKey(m))) index.set(objectKey(m), m);
  }
  return index;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- values and paths ----------------------------------------------------------------------

type Path = (string | number)[];

function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? `${i > 0 ? '.' : ''}${p}` : `[${JSON.stringify(p)}]`)).join('');
}

function get(value: any, path: Path): any {
  return path.reduce((v, p) => (v === null || v === undefined ? undefined : v[p]), value);
}

function render(value: unknown): string {
  return value === undefined ? '(absent)' : formatValue(value);
}

function add(out: Out, object: string, field: string, rule: string, risk: UpgradeRisk, [before, after]: [unknown, unknown], message: string): void {
  out.push({ object, field, rule, risk, before: render(before), after: render(after), message });
}

/** Deep equality of JSON values, key order ignored. */
function same(a: any, b: any): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => same(v, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every(k => same(a[k], b[k]));
}

/** Where two values differ, narrowed to the deepest path that holds every difference. */
function differingPath(a: any, b: any): Path {
  const out: Path = [];
  for (;;) {
    let children: (string | number)[];
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      children = a.map((_, i) => i).filter(i => !same(a[i], b[i]));
    } else if (isObject(a) && isObject(b)) {
      children = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(k => !same(a[k], b[k]));
    } else {
      return out;
    }
    if (children.length !== 1) return out;
    const key = children[0];
    out.push(key);
    a = (a as any)[key];
    b = (b as any)[key];
  }
}

function without(value: any, key: string): any {
  if (!isObject(value)) return value;
  const { [key]: _, ...rest } = value;
  return rest;
}

// ---- changed objects -----------------------------------------------------------------------

/**
 * Reports a change under `path` (with `fallback` standing in for an absent value, as the API
 * server defaults it) as refused, narrowed to the field that really changed.
 */
function immutable(out: Out, object: string, old: any, next: any, path: Path, rule: string, why: string, fallback?: unknown): void {
  const before = get(old, path) ?? fallback;
  const after = get(next, path) ?? fallback;
  if (same(before, after)) return;
  const inner = differingPath(before, after);
  add(out, object, formatPath([...path, ...inner]), rule, UpgradeRisk.REFUSED, [get(before, inner), get(after, inner)], why);
}

function compareObject(old: Manifest, next: Manifest, classes: Map<string, Manifest>, out: Out): void {
  switch (kindOf(old)) {
    case 'StatefulSet': return compareStatefulSet(old, next, out);
    case 'Deployment':
      return immutable(out, describeObject(old), old, next, ['spec', 'selector'], 'deployment-selector',
        'spec.selector of a Deployment is immutable; delete and re-create the Deployment (pods restart), or keep the selector and change only the labels beside it');
    case 'PersistentVolumeClaim': return compareClaim(old, next, classes, out);
    case 'PersistentVolume': return compareVolume(old, next, out);
    case 'StorageClass': return compareStorageClass(old, next, out);
    case 'Service': return compareService(old, next, out);
    case 'Job':
      return immutable(out, describeObject(old), old, next, ['spec', 'template'], 'job-template',
        'the pod template of a Job is immutable; give the changed Job a new name (or delete the finished one first)');
    default: return;
  }
}

const RECREATE_STS = 'delete it with `kubectl delete statefulset --cascade=orphan` (pods and claims stay) and apply again';

function compareStatefulSet(old: Manifest, next: Manifest, out: Out): void {
  const object = describeObject(old);
  immutable(out, object, old, next, ['spec', 'selector'], 'statefulset-selector', `spec.selector of a StatefulSet is immutable; to change it, ${RECREATE_STS}`);
  immutable(out, object, old, next, ['spec', 'serviceName'], 'statefulset-service-name',
    `spec.serviceName of a StatefulSet is immutable (it fixes the pods' DNS names); to change it, ${RECREATE_STS}`);
  immutable(out, object, old, next, ['spec', 'podManagementPolicy'], 'statefulset-pod-management-policy',
    `spec.podManagementPolicy of a StatefulSet is immutable; to change it, ${RECREATE_STS}`, 'OrderedReady');
  immutable(out, object, old, next, ['spec', 'volumeClaimTemplates'], 'statefulset-claim-templates',
    'spec.volumeClaimTemplates of a StatefulSet are immutable, size included; resize the existing claims one by one '
    + `(where the class allows expansion), then ${RECREATE_STS}`);
  // A smaller template is refused above, and the only way to get there deletes the claims.
  const nextTemplates = asArray(next.spec?.volumeClaimTemplates);
  asArray(old.spec?.volumeClaimTemplates).forEach((t, i) => {
    const j = nextTemplates.findIndex(n => n?.metadata?.name === t?.metadata?.name);
    if (j >= 0) shrunk(out, old, ['spec', 'volumeClaimTemplates', i, 'spec', 'resources', 'requests', 'storage'], t, nextTemplates[j]);
  });
  for (const when of ['whenDeleted', 'whenScaled']) {
    const path = ['spec', 'persistentVolumeClaimRetentionPolicy', when];
    const before = get(old, path) ?? 'Retain';
    const after = get(next, path) ?? 'Retain';
    if (before === 'Retain' && after !== 'Retain') {
      const event = when === 'whenDeleted' ? 'the StatefulSet is deleted' : 'it scales down';
      add(out, describeObject(old), formatPath(path), 'claim-retention', UpgradeRisk.DATA_LOSS, [get(old, path), get(next, path)],
        `claims were kept and are now deleted when ${event}; with a Delete reclaim policy their volumes and data go with them`);
    }
  }
}

/** A claim (or claim template) asking for less storage than before. */
function shrunk(out: Out, owner: Manifest, field: Path, before: any, after: any): void {
  const path = ['spec', 'resources', 'requests', 'storage'];
  const was = quantityValue(get(before, path));
  const now = quantityValue(get(after, path));
  if (was === undefined || now === undefined || now >= was) return;
  add(out, describeObject(owner), formatPath(field), 'claim-shrunk', UpgradeRisk.DATA_LOSS, [get(before, path), get(after, path)],
    'a claim cannot shrink: the API server refuses it, and getting there means deleting and re-creating the claim, which loses its data; keep the size');
}

function compareClaim(old: Manifest, next: Manifest, classes: Map<string, Manifest>, out: Out): void {
  const storage = ['spec', 'resources', 'requests', 'storage'];
  // Everything but the storage request is immutable; the request may only grow.
  const strip = (m: Manifest) => ({ spec: { ...m.spec, resources: { ...m.spec?.resources, requests: without(m.spec?.resources?.requests, 'storage') } } });
  immutable(out, describeObject(old), strip(old), strip(next), ['spec'], 'claim-spec',
    'the spec of a PersistentVolumeClaim is immutable except a larger storage request; a new claim means a new, empty volume');
  shrunk(out, old, storage, old, next);
  const was = quantityValue(get(old, storage));
  const now = quantityValue(get(next, storage));
  const className = next.spec?.storageClassName;
  const cls = typeof className === 'string' ? classes.get(className) : undefined;
  if (was !== undefined && now !== undefined && now > was && cls && cls.allowVolumeExpansion !== true) {
    add(out, describeObject(old), formatPath(storage), 'claim-expansion', UpgradeRisk.REFUSED, [get(old, storage), get(next, storage)],
      `StorageClass "${className}" does not set allowVolumeExpansion: true, so the API server refuses a larger request`);
  }
}

/** Fields of a PersistentVolume spec that are not its volume source. */
const VOLUME_SPEC_FIELDS = new Set(['accessModes', 'capacity', 'claimRef', 'mountOptions', 'nodeAffinity',
  'persistentVolumeReclaimPolicy', 'storageClassName', 'volumeMode', 'volumeAttributesClassName']);

function compareVolume(old: Manifest, next: Manifest, out: Out): void {
  const source = (m: Manifest) => ({
    spec: Object.fromEntries(Object.entries(isObject(m.spec) ? m.spec : {}).filter(([k]) => !VOLUME_SPEC_FIELDS.has(k))),
  });
  immutable(out, describeObject(old), source(old), source(next), ['spec'], 'volume-source',
    'the volume source of a PersistentVolume (server, path, driver, handle) is immutable; create a new volume and move the data');
  reclaimTowardDelete(out, old, next, ['spec', 'persistentVolumeReclaimPolicy'], 'Retain',
    'the volume was kept when its claim is deleted, and is now deleted with it (Delete) or wiped (Recycle)');
}

function reclaimTowardDelete(out: Out, old: Manifest, next: Manifest, path: Path, fallback: string, why: string): void {
  const before = get(old, path) ?? fallback;
  const after = get(next, path) ?? fallback;
  if (before !== 'Retain' || after === 'Retain') return;
  add(out, describeObject(old), formatPath(path), 'reclaim-policy', UpgradeRisk.DATA_LOSS, [before, after], why);
}

function compareStorageClass(old: Manifest, next: Manifest, out: Out): void {
  const object = describeObject(old);
  const why = (f: string) => `${f} of a StorageClass is immutable; apply it under a new name (claims of the old class keep it), or delete and re-create the class`;
  immutable(out, object, old, next, ['provisioner'], 'storageclass-immutable', why('provisioner'));
  immutable(out, object, old, next, ['parameters'], 'storageclass-immutable', why('parameters'), {});
  immutable(out, object, old, next, ['reclaimPolicy'], 'storageclass-immutable', why('reclaimPolicy'), 'Delete');
  immutable(out, object, old, next, ['volumeBindingMode'], 'storageclass-immutable', why('volumeBindingMode'), 'Immediate');
  reclaimTowardDelete(out, old, next, ['reclaimPolicy'], 'Delete',
    'volumes this class provisions were kept when their claims are deleted, and are now deleted with them');
  // Parameters on either side say the provisioner is nfs-subdir, whose default is to archive.
  const subdir = isSubdirClass(old) || isSubdirClass(next);
  const before = nfsDeleteBehaviour(old, subdir);
  const after = nfsDeleteBehaviour(next, subdir);
  if (before !== undefined && before !== 'delete' && after === 'delete') {
    const params = ['onDelete', 'archiveOnDelete'].filter(p => old.parameters?.[p] !== next.parameters?.[p]);
    const param = params[0] ?? 'onDelete';
    add(out, describeObject(old), `parameters.${param}`, 'archive-on-delete', UpgradeRisk.DATA_LOSS, [old.parameters?.[param], next.parameters?.[param]],
      `the NFS provisioner used to ${before} a deleted volume's directory and now deletes it, with its data`);
  }
}

function compareService(old: Manifest, next: Manifest, out: Out): void {
  const before = old.spec?.clusterIP;
  const after = next.spec?.clusterIP;
  // Switching to or from ExternalName is the one way the API server lets clusterIP change.
  if (old.spec?.type === 'ExternalName' || next.spec?.type === 'ExternalName') return;
  if (typeof before !== 'string' || typeof after !== 'string' || before === '' || after === '' || before === after) return;
  add(out, describeObject(old), 'spec.clusterIP', 'service-cluster-ip', UpgradeRisk.REFUSED, [before, after],
    'spec.clusterIP of a Service is immutable (a headless Service stays headless); delete and re-create the Service, or give the new one another name');
}

// ---- removed objects -----------------------------------------------------------------------

function reportRemoved(old: Manifest, added: Manifest[], out: Out): void {
  const finding = (rule: string, after: string | undefined, message: string) =>
    add(out, describeObject(old), '', rule, UpgradeRisk.DATA_LOSS, [nameOf(old), after], message);
  const sameKind = added.filter(m => kindOf(m) === kindOf(old) && (kindOf(m) === 'StorageClass' || kindOf(m) === 'PersistentVolume' || namespaceOf(m) === namespaceOf(old)));
  switch (kindOf(old)) {
    case 'StatefulSet': {
      const claims = claimsOf([old]).flatMap(c => c.names);
      if (claims.length === 0) return; // no claim templates: nothing of its own to lose
      const templates = (m: Manifest) => asArray(m.spec?.volumeClaimTemplates).map(t => t?.metadata?.name).sort().join(',');
      // Prefer a successor in the same namespace; one in another namespace is a move, with the same effect.
      const candidates = added.filter(m => kindOf(m) === 'StatefulSet' && templates(m) === templates(old));
      const successor = candidates.find(m => namespaceOf(m) === namespaceOf(old)) ?? candidates[0];
      const successorName = successor && namespaceOf(successor) !== namespaceOf(old) ? `${namespaceOf(successor)}/${nameOf(successor)}` : nameOf(successor ?? {});
      const deleted = old.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete';
      const fate = deleted
        ? `its claims ${listClaims(claims)} are deleted with it (retention whenDeleted: Delete), and their data`
        : `its claims ${listClaims(claims)} stay behind, bound to nothing`;
      if (successor) {
        const fresh = listClaims(claimsOf([successor]).flatMap(c => c.names));
        finding('statefulset-renamed', successorName,
          `renaming (or moving) a StatefulSet orphans its data: ${fate}; "${successorName}" starts with new, empty claims ${fresh}. Keep the name`);
      } else {
        finding('statefulset-removed', undefined, `removing the StatefulSet: ${fate}`);
      }
      return;
    }
    case 'PersistentVolumeClaim': {
      const successor = sameKind.find(m => same(m.spec, old.spec));
      finding('claim-removed', successor && nameOf(successor),
        `${successor ? `renamed to "${nameOf(successor)}": a new, empty volume; ` : ''}pruning the claim releases its volume, `
        + 'which is deleted with its data under a Delete reclaim policy (the default of provisioned volumes)');
      return;
    }
    case 'PersistentVolume': {
      const policy = old.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
      finding('volume-removed', undefined,
        policy === 'Retain'
          ? 'pruning the volume object leaves the data on the storage, but no claim can bind to it any more'
          : `pruning the volume deletes its storage (persistentVolumeReclaimPolicy: ${policy})`);
      return;
    }
    case 'StorageClass': {
      const successor = sameKind.find(m => m.provisioner === old.provisioner && same(m.parameters ?? {}, old.parameters ?? {}));
      finding('storageclass-removed', successor && nameOf(successor),
        `${successor ? `renamed to "${nameOf(successor)}": ` : ''}claims of this class cannot move to another (storageClassName is immutable), `
        + 'so they must be re-created, empty, and the provisioner no longer applies this class\'s delete and archive policy to their volumes');
      return;
    }
    default: return;
  }
}

function listClaims(names: string[]): string {
  const quoted = names.map(n => `"${n}"`);
  return quoted.length <= 3 ? quoted.join(', ') : `${quoted.slice(0, 2).join(', ')} … ${quoted[quoted.length - 1]}`;
}
