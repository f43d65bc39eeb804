// The upgrade guard's rules, required by UpgradeGuard on its first comparison: apps that never
// compare syntheses do not load them (nor the YAML parser).
import { driftOf, dropEmpty, isLive, lastAppliedOf, madeByController, managedDriftOf, normalizeLive } from './live-state';
import {
  add, compareStrings, Comparison, describeObject, formatPath, get, objectKey, Out, render, same, UpgradeFinding, UpgradeRisk,
} from './upgrade-common';
import { compareBinding, compareConfigData } from './upgrade-config';
import { compareFrontDoorClass, compareService } from './upgrade-network';
import { UpgradeGuardOptions } from './upgrade-risk';
import { compareClaim, compareStorageClass, compareVolume, removedClaim, removedStorageClass, removedVolume } from './upgrade-storage';
import { compareTraffic } from './upgrade-traffic';
import { compareJob, comparePod, compareSelector, compareStatefulSet, removedStatefulSet } from './upgrade-workloads';
import { unwrapLists } from './yaml-files';
import { isObject, kindOf, Manifest, namespaceOf } from '../checks/manifest';

/** What a comparison found, with the live objects it set aside as made by controllers. */
export interface UpgradeComparison {
  readonly findings: UpgradeFinding[];
  /** `Kind/namespace/name: why` of each live object left out (a StatefulSet's claims, a provisioned volume). */
  readonly skipped: string[];
  /** How many objects before were read from a cluster. */
  readonly live: number;
  /** Objects compared before (controller-made live objects left out) and after. */
  readonly before: number;
  readonly after: number;
  /** Objects only after, and only before. */
  readonly added: number;
  readonly removed: number;
}

type Changed = (old: Manifest, next: Manifest, cmp: Comparison) => void;
type Removed = (old: Manifest, cmp: Comparison, added: Manifest[]) => void;

const CHANGED: { [kind: string]: Changed } = {
  StatefulSet: compareStatefulSet,
  Deployment: compareSelector,
  ReplicaSet: compareSelector,
  DaemonSet: compareSelector,
  Job: compareJob,
  Pod: comparePod,
  PersistentVolumeClaim: compareClaim,
  PersistentVolume: compareVolume,
  StorageClass: compareStorageClass,
  Service: compareService,
  ConfigMap: compareConfigData,
  Secret: compareConfigData,
  RoleBinding: compareBinding,
  ClusterRoleBinding: compareBinding,
  IngressClass: compareFrontDoorClass,
  GatewayClass: compareFrontDoorClass,
};

const REMOVED: { [kind: string]: Removed } = {
  StatefulSet: removedStatefulSet,
  PersistentVolumeClaim: removedClaim,
  PersistentVolume: (old, cmp) => removedVolume(old, cmp),
  StorageClass: removedStorageClass,
};

function indexByKey(manifests: Manifest[], namespace: string): Map<string, Manifest> {
  const index = new Map<string, Manifest>();
  for (const m of manifests) if (!index.has(objectKey(m, namespace))) index.set(objectKey(m, namespace), m);
  return index;
}

/** `Kind/namespace/name` of the objects an HorizontalPodAutoscaler scales. */
function scaledObjects(manifests: Manifest[], namespace: string): Set<string> {
  return new Set(manifests.filter(m => kindOf(m) === 'HorizontalPodAutoscaler')
    .map(h => `${h.spec?.scaleTargetRef?.kind}/${h.metadata?.namespace ?? namespace}/${h.spec?.scaleTargetRef?.name}`));
}

/** The comparison with what the command line reports beside the findings. */
export function compareDetailed(before: unknown, after: unknown, options: UpgradeGuardOptions = {}): UpgradeComparison {
  const namespace = typeof options.namespace === 'string' && options.namespace !== '' ? options.namespace : 'default';
  const afterList = unwrapLists(after).filter(isObject);
  const beforeList = unwrapLists(before).filter(isObject);
  const now = indexByKey(afterList, namespace);
  const statefulSets = [...beforeList, ...afterList].filter(m => kindOf(m) === 'StatefulSet');
  const scaled = scaledObjects([...beforeList, ...afterList], namespace);
  const out: Out = [];
  const drift: Out = [];
  const skipped: string[] = [];
  const prepared: Manifest[] = [];
  let live = 0;
  for (const m of beforeList) {
    if (!isLive(m)) {
      prepared.push(m);
      continue;
    }
    live++;
    const why = madeByController(m, statefulSets);
    if (why !== undefined) {
      skipped.push(`${describeObject(m)}: ${why}`);
      continue;
    }
    const next = now.get(objectKey(m, namespace));
    const applied = lastAppliedOf(m);
    const normalized = normalizeLive(m, applied, next, namespace);
    prepared.push(normalized);
    const isScaled = scaled.has(`${kindOf(m)}/${namespaceOf(m)}/${m.metadata?.name}`);
    reportDrift(m, normalized, applied, next, isScaled, drift);
  }
  const cmp: Comparison = { out, before: indexByKey(prepared, namespace), after: now, namespace };
  const added = [...now.entries()].filter(([key]) => !cmp.before.has(key)).map(([, m]) => m);
  for (const [key, old] of cmp.before) {
    const next = now.get(key);
    if (next) CHANGED[kindOf(old)]?.(old, next, cmp);
    else REMOVED[kindOf(old)]?.(old, cmp, added);
  }
  compareTraffic(cmp);
  const findings = [...out, ...drift]
    .sort((a, b) => compareStrings(a.object, b.object) || compareStrings(a.field, b.field) || compareStrings(a.rule, b.rule));
  return {
    findings,
    skipped: skipped.sort(),
    live,
    before: cmp.before.size,
    after: now.size,
    added: added.length,
    removed: [...cmp.before.keys()].filter(k => !now.has(k)).length,
  };
}

function reportDrift(live: Manifest, normalized: Manifest, applied: Manifest | undefined, next: Manifest | undefined, scaled: boolean,
  out: Out): void {
  const object = describeObject(normalized);
  const fate = (path: (string | number)[], applied_: unknown, now: unknown): string => {
    if (!next) return 'the object is not in the new manifests';
    const wanted = get(next, path);
    if (wanted === undefined) {
      return applied_ === undefined
        ? 'the manifests do not set it, so applying them leaves it in place (kubectl apply removes only what it applied); remove it by hand, or add it to the manifests'
        : 'the manifests no longer set it either';
    }
    if (same(wanted, now)) return 'the manifests now say the same';
    return same(wanted, applied_) ? 'applying the manifests sets it back' : `applying the manifests sets it to ${render(wanted)}`;
  };
  if (applied) {
    const reference = structuredClone(applied);
    dropEmpty(reference, normalized, kindOf(live));
    for (const d of driftOf(normalized, reference, scaled)) {
      const what = d.applied === undefined ? 'added in the cluster by hand' : d.live === undefined ? 'removed in the cluster by hand' : 'changed in the cluster by hand';
      add(out, object, formatPath(d.path), 'drift', UpgradeRisk.DRIFT, [d.applied, d.live], `${what} since the last kubectl apply; ${fate(d.path, d.applied, d.live)}`);
    }
    return;
  }
  for (const d of managedDriftOf(live, scaled)) {
    add(out, object, formatPath(d.path), 'drift', UpgradeRisk.DRIFT, [undefined, d.live],
      `written in the cluster by "${d.manager}" (a plain update, not the server-side apply that owns the rest); ${fate(d.path, undefined, d.live)}`);
  }
}
