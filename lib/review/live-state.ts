import {
  ASSIGNED, isEmptyValue, SERVER_ANNOTATIONS, SERVER_FINALIZERS, SERVER_LABELS, SERVER_METADATA, serverDefaults,
} from './live-defaults';
import { compareStrings, formatPath, get, Path, same, without } from './upgrade-common';
import { asArray, isObject, kindOf, Manifest, nameOf } from '../checks/manifest';

// Live objects, as `kubectl get -o yaml` prints them: recognising them, setting aside those
// controllers made, and reading each one as the manifest that would have produced it, so the
// upgrade guard compares it with the next synthesis like a previous synthesis.

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Whether an object was read from a cluster: only the API server writes a uid, resourceVersion or creationTimestamp. */
export function isLive(m: Manifest): boolean {
  const meta = m?.metadata;
  return isObject(meta) && (typeof meta.uid === 'string' || typeof meta.resourceVersion === 'string'
    || (meta.creationTimestamp !== undefined && meta.creationTimestamp !== null) || Array.isArray(meta.managedFields));
}

/** What `kubectl apply` recorded as applied to a live object, if it did. */
export function lastAppliedOf(m: Manifest): Manifest | undefined {
  const text = m?.metadata?.annotations?.[LAST_APPLIED];
  if (typeof text !== 'string') return undefined;
  try {
    const parsed = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Field managers of the control plane: what they write is never a user's intent. */
const SYSTEM_MANAGERS = /^(kube-controller-manager|kube-scheduler|kubelet|kube-apiserver|kube-proxy|.*-provisioner|csi-.*|external-.*|cloud-controller-manager)$/;

/**
 * Why a live object is not part of the app but made by a controller (a StatefulSet's claims,
 * a provisioned volume, a Deployment's ReplicaSets, the namespace's default ServiceAccount),
 * or undefined when it is the app's own. Objects `kubectl apply` recorded are always the app's.
 */
export function madeByController(m: Manifest, statefulSets: Manifest[]): string | undefined {
  if (lastAppliedOf(m) !== undefined) return undefined;
  const kind = kindOf(m);
  if (asArray(m.metadata?.ownerReferences).some(o => o?.controller === true)) return 'owned by a controller';
  if (['Endpoints', 'EndpointSlice', 'Event', 'ControllerRevision', 'Lease'].includes(kind)) return `a ${kind} the control plane keeps`;
  if (kind === 'PersistentVolume' && typeof m.metadata?.annotations?.['pv.kubernetes.io/provisioned-by'] === 'string') return 'provisioned for a claim';
  if (kind === 'PersistentVolumeClaim' && statefulSets.some(s => asArray(s.spec?.volumeClaimTemplates)
    .some(t => new RegExp(`^${escapeRegExp(`${t?.metadata?.name}-${nameOf(s)}-`)}\\d+$`).test(nameOf(m))))) return 'a StatefulSet\'s claim';
  if ((kind === 'ConfigMap' && nameOf(m) === 'kube-root-ca.crt') || (kind === 'ServiceAccount' && nameOf(m) === 'default')) return 'made for every namespace';
  if (kind === 'Secret' && m.type === 'kubernetes.io/service-account-token') return 'a service account token';
  const managers = asArray(m.metadata?.managedFields).map(f => String(f?.manager));
  if (managers.length > 0 && managers.every(x => SYSTEM_MANAGERS.test(x))) return `written only by ${[...new Set(managers)].sort().join(', ')}`;
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---- reading a live object as a manifest ----------------------------------------------------

interface Segment { readonly key: string; readonly each: boolean }

/** `spec.containers[].ports[].protocol` → segments; `\.` keeps a dot inside a key. */
function parsePath(path: string): Segment[] {
  return path.split(/(?<!\\)\./).map(part => ({ key: part.replace(/\[\]$/, '').replace(/\\\./g, '.'), each: part.endsWith('[]') }));
}

/** Every concrete path a pattern reaches in `value`, with the object holding the field. */
function expand(value: any, segments: Segment[], prefix: Path = []): { path: Path; parent: any }[] {
  if (segments.length === 0 || !isObject(value)) return [];
  const [head, ...rest] = segments;
  if (!(head.key in value)) return [];
  if (rest.length === 0 && !head.each) return [{ path: [...prefix, head.key], parent: value }];
  if (head.each) {
    const list = value[head.key];
    if (!Array.isArray(list)) return [];
    return list.flatMap((item, i) => expand(item, rest, [...prefix, head.key, i]));
  }
  return expand(value[head.key], rest, [...prefix, head.key]);
}

function unset(root: any, path: Path): void {
  const parent = get(root, path.slice(0, -1));
  if (isObject(parent)) delete parent[path[path.length - 1] as string];
}

function isAssignable(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && value !== 'None';
}

/** Drops what the API server added to a map (annotations, labels) unless the manifest says it too. */
function dropServerKeys(meta: any, field: string, keys: string[], ref: any): void {
  if (!isObject(meta[field])) return;
  for (const key of keys) if (ref?.[field]?.[key] === undefined) delete meta[field][key];
}

/**
 * The manifest a live object stands for: the object without what the API server added or
 * defaulted, judged against `reference` (what was last applied, or else the next manifest).
 * A defaulted field goes only where the reference does not set it and it holds the default;
 * an assigned one (a cluster IP, a node port) only where the next manifest does not ask for
 * that very value. Whatever else differs stays, so real changes and hand-made drift show.
 *
 * @param namespace the namespace of manifests that name none: a live object there loses its namespace like them
 */
export function normalizeLive(live: Manifest, reference: Manifest | undefined, next: Manifest | undefined, namespace: string): Manifest {
  const ref = withoutEmptyAnnotations(reference) ?? next ?? {};
  const out: any = structuredClone(live);
  delete out.status;
  const meta = isObject(out.metadata) ? out.metadata : {};
  out.metadata = meta;
  for (const key of SERVER_METADATA) if (ref.metadata?.[key] === undefined) delete meta[key];
  dropServerKeys(meta, 'annotations', SERVER_ANNOTATIONS, ref.metadata);
  dropServerKeys(meta, 'labels', SERVER_LABELS, ref.metadata);
  if (ref.metadata?.ownerReferences === undefined) delete meta.ownerReferences;
  if (Array.isArray(meta.finalizers)) {
    meta.finalizers = meta.finalizers.filter((f: unknown) => !SERVER_FINALIZERS.includes(String(f)) || asArray(ref.metadata?.finalizers).includes(f));
  }
  // Shallow paths first: a whole default (a route's rules) is judged before its parts are taken away.
  const defaults = serverDefaults(live).map(d => ({ ...d, segments: parsePath(d.path) })).sort((a, b) => a.segments.length - b.segments.length);
  for (const d of defaults) {
    for (const { path, parent } of expand(out, d.segments)) {
      if (get(ref, path) !== undefined) continue;
      const value = get(out, path);
      if (d.value === ASSIGNED) {
        if (isAssignable(value) && !same(get(next, path), value)) unset(out, path);
        continue;
      }
      const expected = typeof d.value === 'function' ? d.value(parent, out, get(ref, path.slice(0, -1))) : d.value;
      if (expected !== undefined && same(value, expected)) unset(out, path);
    }
  }
  if (kindOf(live) === 'Pod' && isObject(out.spec)) dropAdmissionAdditions(out.spec, ref.spec);
  dropEmpty(out, ref, kindOf(live));
  if (meta.namespace === namespace && next?.metadata?.namespace === undefined) delete meta.namespace;
  if (next && typeof next.apiVersion === 'string' && groupOf(next.apiVersion) === groupOf(out.apiVersion)) out.apiVersion = next.apiVersion;
  return out;
}

/** kubectl records `annotations: {}` in what it applied, for a manifest that had none. */
function withoutEmptyAnnotations(m: Manifest | undefined): Manifest | undefined {
  if (!isObject(m?.metadata?.annotations) || Object.keys(m.metadata.annotations).length > 0) return m;
  return { ...m, metadata: without(m.metadata, 'annotations') };
}

const ADMISSION_TOLERATIONS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/** What admission adds to a Pod: the DefaultTolerationSeconds tolerations and the ServiceAccount's token volume. */
function dropAdmissionAdditions(spec: any, ref: any): void {
  const refTolerations = asArray(ref?.tolerations);
  if (Array.isArray(spec.tolerations)) {
    spec.tolerations = spec.tolerations.filter((t: any) => !(ADMISSION_TOLERATIONS.includes(t?.key) && t?.effect === 'NoExecute'
      && !refTolerations.some(r => same(r, t))));
  }
  const token = (v: any) => typeof v?.name === 'string' && /^kube-api-access-[a-z0-9]+$/.test(v.name) && !asArray(ref?.volumes).some(r => r?.name === v.name);
  const tokens = asArray(spec.volumes).filter(token).map(v => v.name);
  if (tokens.length === 0) return;
  spec.volumes = spec.volumes.filter((v: any) => !tokens.includes(v?.name));
  for (const c of [...asArray(spec.containers), ...asArray(spec.initContainers)]) {
    if (Array.isArray(c?.volumeMounts)) c.volumeMounts = c.volumeMounts.filter((m: any) => !tokens.includes(m?.name));
  }
}

function groupOf(apiVersion: unknown): string {
  return typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/**
 * The API server leaves out empty values (`false`, `''`, a `0` that is the default, `{}`) of
 * fields that are not pointers, and writes `{}` for some it always has: an empty value on one
 * side and an absent one on the other are the same field.
 */
export function dropEmpty(live: any, ref: any, kind: string): void {
  if (!isObject(live)) return;
  const refObject = isObject(ref) ? ref : {};
  for (const key of Object.keys(live)) {
    if (refObject[key] === undefined) {
      if (isEmptyValue(live[key], key, kind)) delete live[key];
      continue;
    }
    descend(live[key], refObject[key], kind);
  }
  for (const key of Object.keys(refObject)) {
    if (live[key] === undefined && isEmptyValue(refObject[key], key, kind)) live[key] = structuredClone(refObject[key]);
  }
}

function descend(live: any, ref: any, kind: string): void {
  if (Array.isArray(live) && Array.isArray(ref)) {
    live.forEach((item, i) => descend(item, ref[i], kind));
  } else if (isObject(live)) {
    dropEmpty(live, ref, kind);
  }
}

// ---- drift ----------------------------------------------------------------------------------

export interface Drift {
  readonly path: Path;
  readonly applied: unknown;
  readonly live: unknown;
}

/** Fields a controller changes as a matter of course: not drift. */
function expectedChange(path: Path, scaled: boolean): boolean {
  const p = formatPath(path);
  return (scaled && p === 'spec.replicas') || p === 'apiVersion' || p.startsWith('metadata.namespace');
}

/**
 * Where a live object (normalized) differs from what was last applied to it, narrowed to the
 * fields that differ; lists of named items (containers, env, ports) are matched by name.
 *
 * @param scaled an HorizontalPodAutoscaler scales the object, so its replicas change by design
 */
export function driftOf(normalized: Manifest, applied: Manifest, scaled: boolean): Drift[] {
  const out: Drift[] = [];
  walk(applied, normalized, [], out);
  return out.filter(d => !expectedChange(d.path, scaled)).sort((a, b) => compareStrings(formatPath(a.path), formatPath(b.path)));
}

function named(list: any[]): boolean {
  return list.length > 0 && list.every(x => isObject(x) && typeof x.name === 'string') && new Set(list.map(x => x.name)).size === list.length;
}

function walk(applied: any, live: any, path: Path, out: Drift[]): void {
  if (same(applied, live)) return;
  if (isObject(applied) && isObject(live)) {
    for (const key of [...new Set([...Object.keys(applied), ...Object.keys(live)])].sort()) walk(applied[key], live[key], [...path, key], out);
    return;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    if (applied.length === live.length && !(named(applied) && named(live) && applied.some((a, i) => a.name !== live[i].name))) {
      applied.forEach((a, i) => walk(a, live[i], [...path, i], out));
      return;
    }
    if (named(applied) && named(live)) {
      live.forEach((l, i) => walk(applied.find(a => a.name === l.name), l, [...path, i], out));
      applied.filter(a => !live.some(l => l.name === a.name)).forEach(a => out.push({ path, applied: a, live: undefined }));
      return;
    }
  }
  out.push({ path, applied, live });
}

/** A field owned by a field manager that changed it by hand, on an object applied server-side. */
export interface ManagedDrift {
  readonly path: Path;
  readonly live: unknown;
  readonly manager: string;
}

/** Managers that apply manifests (client-side kubectl records itself so): their fields are the manifests'. */
const APPLIERS = new Set(['kubectl-client-side-apply']);

/**
 * Fields of a server-side-applied object (a managedFields entry with operation Apply) that a
 * non-system manager wrote with a plain update (`kubectl edit`, `kubectl scale`, `kubectl
 * label`): hand-made changes. Needs `kubectl get --show-managed-fields`; without managedFields
 * or without an Apply entry, there is nothing to read.
 */
export function managedDriftOf(live: Manifest, scaled: boolean): ManagedDrift[] {
  const entries = asArray(live.metadata?.managedFields).filter(isObject);
  if (!entries.some(e => e.operation === 'Apply')) return [];
  const out: ManagedDrift[] = [];
  for (const e of entries) {
    const manager = String(e.manager);
    if (e.operation !== 'Update' || SYSTEM_MANAGERS.test(manager) || APPLIERS.has(manager) || e.subresource === 'status') continue;
    for (const path of ownedLeaves(e.fieldsV1, live, [])) {
      const p = formatPath(path);
      if (p.startsWith('status') || p === `metadata.annotations[${JSON.stringify(LAST_APPLIED)}]` || expectedChange(path, scaled)) continue;
      out.push({ path, live: get(live, path), manager });
    }
  }
  return out.sort((a, b) => compareStrings(formatPath(a.path), formatPath(b.path)));
}

/** The paths a managedFields `fieldsV1` set owns outright: leaves, and list items or maps marked with '.'. */
function ownedLeaves(fields: unknown, value: any, path: Path): Path[] {
  if (!isObject(fields)) return [];
  const out: Path[] = [];
  for (const [key, sub] of Object.entries(fields)) {
    if (key === '.') continue;
    let step: string | number | undefined;
    if (key.startsWith('f:')) {
      step = key.slice(2);
    } else if (key.startsWith('k:')) {
      let wanted: any;
      try {
        wanted = JSON.parse(key.slice(2));
      } catch {
        continue;
      }
      const index = asArray(value).findIndex(item => isObject(item) && Object.entries(wanted).every(([k, v]) => same(item[k], v)));
      if (index >= 0) step = index;
    } else if (key.startsWith('v:')) {
      const wanted = JSON.parse(key.slice(2));
      const index = asArray(value).findIndex(item => same(item, wanted));
      if (index >= 0) step = index;
    }
    if (step === undefined) continue;
    const child = [...path, step];
    const own = !isObject(sub) || Object.keys(sub).length === 0 || '.' in sub;
    if (own) out.push(child);
    else out.push(...ownedLeaves(sub, value?.[step], child));
  }
  return out;
}
