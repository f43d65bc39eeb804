import {
  add, Comparison, describeObject, differingPath, formatPath, get, immutable, listNames, ofKind, Out, same, UpgradeRisk, without,
} from './upgrade-common';
import { shrunk, staticVolumesFor } from './upgrade-storage';
import { asArray, isObject, kindOf, Manifest, nameOf, namespaceOf } from '../checks/manifest';
import { claimsOf } from '../checks/storage';

// Workloads: what the API server keeps immutable in Pods, StatefulSets, Deployments,
// ReplicaSets, DaemonSets and Jobs (Kubernetes 1.28), and what a StatefulSet's removal does
// to its claims. CronJobs have no immutable field: their jobTemplate applies to the next Job.

const RECREATE_STS = 'delete it with `kubectl delete statefulset --cascade=orphan` (pods and claims stay) and apply again';

/** StatefulSet spec fields ValidateStatefulSetUpdate lets change; every other one is immutable. */
const STS_MUTABLE = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);
/** Immutable StatefulSet fields with a rule of their own. */
const STS_OWN_RULES = new Set(['selector', 'serviceName', 'podManagementPolicy', 'volumeClaimTemplates']);
/** What the API server writes for an absent StatefulSet spec field (apps/v1 defaults). */
const STS_DEFAULTS: { [field: string]: unknown } = { revisionHistoryLimit: 10, podManagementPolicy: 'OrderedReady' };

export function compareStatefulSet(old: Manifest, next: Manifest, cmp: Comparison): void {
  const out = cmp.out;
  const object = describeObject(old);
  immutable(out, object, old, next, ['spec', 'selector'], 'statefulset-selector', `spec.selector of a StatefulSet is immutable; to change it, ${RECREATE_STS}`);
  immutable(out, object, old, next, ['spec', 'serviceName'], 'statefulset-service-name',
    `spec.serviceName of a StatefulSet is immutable (it fixes the pods' DNS names); to change it, ${RECREATE_STS}`);
  immutable(out, object, old, next, ['spec', 'podManagementPolicy'], 'statefulset-pod-management-policy',
    `spec.podManagementPolicy of a StatefulSet is immutable; to change it, ${RECREATE_STS}`, 'OrderedReady');
  compareClaimTemplates(old, next, out);
  const fields = new Set([...Object.keys(isObject(old.spec) ? old.spec : {}), ...Object.keys(isObject(next.spec) ? next.spec : {})]);
  for (const f of [...fields].filter(k => !STS_MUTABLE.has(k) && !STS_OWN_RULES.has(k)).sort()) {
    immutable(out, object, old, next, ['spec', f], 'statefulset-spec',
      `spec.${f} of a StatefulSet is immutable: only replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy `
      + `and minReadySeconds may change (Kubernetes 1.28); to change it, ${RECREATE_STS}`, STS_DEFAULTS[f]);
  }
  for (const when of ['whenDeleted', 'whenScaled']) {
    const path = ['spec', 'persistentVolumeClaimRetentionPolicy', when];
    const before = get(old, path) ?? 'Retain';
    const after = get(next, path) ?? 'Retain';
    if (before === 'Retain' && after !== 'Retain') {
      const event = when === 'whenDeleted' ? 'the StatefulSet is deleted' : 'it scales down';
      add(out, object, formatPath(path), 'claim-retention', UpgradeRisk.DATA_LOSS, [get(old, path), get(next, path)],
        `claims were kept and are now deleted when ${event}; with a Delete reclaim policy their volumes and data go with them`);
    }
  }
}

/** A claim template as the API server stores it: defaulted, without the kind, apiVersion and status it prints. */
function storedTemplate(t: any): any {
  if (!isObject(t)) return t;
  const metadata = without(t.metadata, 'creationTimestamp');
  const spec = isObject(t.spec) ? { ...t.spec, volumeMode: t.spec.volumeMode ?? 'Filesystem' } : t.spec;
  return { ...without(t, 'apiVersion', 'kind', 'status'), metadata, spec };
}

function compareClaimTemplates(old: Manifest, next: Manifest, out: Out): void {
  const object = describeObject(old);
  const before = asArray(old.spec?.volumeClaimTemplates).map(storedTemplate);
  const after = asArray(next.spec?.volumeClaimTemplates).map(storedTemplate);
  if (!same(before, after)) {
    const inner = differingPath(before, after);
    // Resizing is the usual reason to touch a template; only then is the resize advice right.
    const sizeOnly = before.length === after.length
      && before.every((t, i) => same(without(t, 'spec'), without(after[i], 'spec'))
        && same(withoutStorage(t.spec), withoutStorage(after[i].spec)));
    const why = sizeOnly
      ? 'spec.volumeClaimTemplates of a StatefulSet are immutable, size included; resize the existing claims one by one '
        + `(where the class allows expansion), then ${RECREATE_STS}`
      : `spec.volumeClaimTemplates of a StatefulSet are immutable; to change them, ${RECREATE_STS}. `
        + 'Claims that exist keep their old labels and spec: only claims made after that follow the new template';
    add(out, object, formatPath(['spec', 'volumeClaimTemplates', ...inner]), 'statefulset-claim-templates', UpgradeRisk.REFUSED,
      [get(before, inner), get(after, inner)], why);
  }
  // A smaller template is refused above, and the only way to get there deletes the claims.
  before.forEach((t, i) => {
    const j = after.findIndex(n => n?.metadata?.name === t?.metadata?.name);
    if (j >= 0) shrunk(out, old, ['spec', 'volumeClaimTemplates', i, 'spec', 'resources', 'requests', 'storage'], t, after[j]);
  });
}

function withoutStorage(spec: any): any {
  if (!isObject(spec)) return spec;
  return { ...spec, resources: { ...spec.resources, requests: without(spec.resources?.requests, 'storage') } };
}

const SELECTOR_RULES: { [kind: string]: string } = { Deployment: 'deployment-selector', ReplicaSet: 'replicaset-selector', DaemonSet: 'daemonset-selector' };

/** Deployment, ReplicaSet and DaemonSet: the selector is immutable in apps/v1 (the registry strategies' ValidateUpdate). */
export function compareSelector(old: Manifest, next: Manifest, cmp: Comparison): void {
  const kind = kindOf(old);
  const rule = SELECTOR_RULES[kind];
  const how = kind === 'Deployment'
    ? 'delete and re-create the Deployment (pods restart), or keep the selector and change only the labels beside it'
    : `delete and re-create the ${kind} (\`kubectl delete --cascade=orphan\` keeps its pods), or keep the selector and change only the labels beside it`;
  immutable(cmp.out, describeObject(old), old, next, ['spec', 'selector'], rule, `spec.selector of a ${kind} is immutable; ${how}`);
}

// ---- Jobs ---------------------------------------------------------------------------------

const NEW_JOB = 'give the changed Job a new name (or delete the finished one first)';

export function compareJob(old: Manifest, next: Manifest, cmp: Comparison): void {
  const out = cmp.out;
  const object = describeObject(old);
  immutable(out, object, old, next, ['spec', 'selector'], 'job-selector', `spec.selector of a Job is immutable; ${NEW_JOB}`);
  const completions = (m: Manifest) => m.spec?.completions ?? (m.spec?.parallelism === undefined ? 1 : undefined);
  const indexed = (m: Manifest) => (m.spec?.completionMode ?? 'NonIndexed') === 'Indexed';
  // Elastic Indexed Jobs (on by default in 1.28) may change completions together with parallelism.
  const elastic = indexed(old) && indexed(next) && completions(next) !== undefined && completions(next) === next.spec?.parallelism;
  // An absent completions keeps what the server has (kubectl apply removes only fields it applied).
  const untouched = next.spec?.completions === undefined && old.spec?.completions === undefined;
  if (!elastic && !untouched) {
    immutable(out, object, { spec: { completions: completions(old) } }, { spec: { completions: completions(next) } }, ['spec', 'completions'], 'job-spec',
      `spec.completions of a Job is immutable (an Indexed Job may change it together with parallelism); ${NEW_JOB}`);
  }
  const immutableSpec: [string, unknown][] = [['completionMode', 'NonIndexed'], ['podFailurePolicy', undefined], ['backoffLimitPerIndex', undefined]];
  for (const [f, fallback] of immutableSpec) {
    immutable(out, object, old, next, ['spec', f], 'job-spec', `spec.${f} of a Job is immutable; ${NEW_JOB}`, fallback);
  }
  // A suspended Job that never started may change where its pods run (JobMutableNodeSchedulingDirectives).
  const schedulable = old.spec?.suspend === true && old.status?.startTime === undefined;
  const template = (m: Manifest) => (schedulable ? withoutSchedulingDirectives(m.spec?.template) : m.spec?.template);
  immutable(out, object, { spec: { template: template(old) } }, { spec: { template: template(next) } }, ['spec', 'template'], 'job-template',
    schedulable
      ? `the pod template of a Job is immutable, except node selector, node affinity, tolerations, labels, annotations and scheduling gates while it is suspended and has not started; ${NEW_JOB}`
      : `the pod template of a Job is immutable; ${NEW_JOB}`);
}

function withoutSchedulingDirectives(template: any): any {
  if (!isObject(template)) return template;
  const spec = isObject(template.spec) ? template.spec : {};
  const affinity = isObject(spec.affinity) ? without(spec.affinity, 'nodeAffinity') : spec.affinity;
  const metadata = without(template.metadata, 'labels', 'annotations');
  return {
    ...(isObject(metadata) && Object.keys(metadata).length > 0 ? { metadata } : {}),
    spec: { ...without(spec, 'nodeSelector', 'tolerations', 'schedulingGates', 'affinity'), ...(isObject(affinity) && Object.keys(affinity).length > 0 ? { affinity } : {}) },
  };
}

// ---- bare Pods ----------------------------------------------------------------------------

const POD_FIX = 'delete and re-create the Pod (or run it from a Deployment or Job, whose pod template may change)';

/** ValidatePodUpdate: a Pod's spec is immutable but for images, activeDeadlineSeconds, added tolerations and removed scheduling gates. */
export function comparePod(old: Manifest, next: Manifest, cmp: Comparison): void {
  const out = cmp.out;
  const object = describeObject(old);
  const was = isObject(old.spec) ? old.spec : {};
  const now = isObject(next.spec) ? next.spec : {};
  for (const list of ['containers', 'initContainers']) {
    if (asArray(was[list]).length !== asArray(now[list]).length) {
      add(out, object, `spec.${list}`, 'pod-spec', UpgradeRisk.REFUSED, [asArray(was[list]).map(c => c?.name), asArray(now[list]).map(c => c?.name)],
        `a Pod cannot add or remove containers; ${POD_FIX}`);
      return;
    }
  }
  const deadline = (s: any) => s.activeDeadlineSeconds;
  if (deadline(was) !== undefined && (deadline(now) === undefined || deadline(now) > deadline(was))) {
    add(out, object, 'spec.activeDeadlineSeconds', 'pod-spec', UpgradeRisk.REFUSED, [deadline(was), deadline(now)],
      `spec.activeDeadlineSeconds of a Pod may be set or lowered, never raised or removed; ${POD_FIX}`);
  }
  const lost = asArray(was.tolerations).filter(t => !asArray(now.tolerations).some(n => same(n, t)));
  if (lost.length > 0) {
    add(out, object, 'spec.tolerations', 'pod-spec', UpgradeRisk.REFUSED, [was.tolerations, now.tolerations],
      `a Pod's tolerations may only be added to, not changed or removed; ${POD_FIX}`);
  }
  const gained = asArray(now.schedulingGates).filter(g => !asArray(was.schedulingGates).some(o => same(o, g)));
  if (gained.length > 0) {
    add(out, object, 'spec.schedulingGates', 'pod-spec', UpgradeRisk.REFUSED, [was.schedulingGates, now.schedulingGates],
      `a Pod's scheduling gates may only be removed, not added; ${POD_FIX}`);
  }
  // Munge what may change to the old values, as ValidatePodUpdate does, and compare the rest.
  const munged = (spec: any, images: any) => {
    const copy = without(spec, 'activeDeadlineSeconds', 'tolerations', 'schedulingGates');
    for (const list of ['containers', 'initContainers']) {
      if (!Array.isArray(spec[list])) continue;
      copy[list] = spec[list].map((c: any, i: number) => (isObject(c) ? { ...c, image: images[list]?.[i]?.image } : c));
    }
    // A negative grace period may be raised to 1 (the API server's own repair).
    if (spec.terminationGracePeriodSeconds === 1 && was.terminationGracePeriodSeconds < 0) {
      copy.terminationGracePeriodSeconds = was.terminationGracePeriodSeconds;
    }
    // Node selector and affinity may be added while the pod is still gated (PodSchedulingReadiness).
    if (asArray(was.schedulingGates).length > 0) {
      delete copy.nodeSelector;
      delete copy.affinity;
    }
    return copy;
  };
  immutable(out, object, { spec: munged(was, was) }, { spec: munged(now, was) }, ['spec'], 'pod-spec',
    `a Pod's spec is immutable except container images, activeDeadlineSeconds (set or lowered), added tolerations and removed scheduling gates; ${POD_FIX}`);
}

// ---- removed StatefulSets -------------------------------------------------------------------

export function removedStatefulSet(old: Manifest, cmp: Comparison, added: Manifest[]): void {
  const claims = claimsOf([old]).flatMap(c => c.names);
  if (claims.length === 0) return; // no claim templates: nothing of its own to lose
  const finding = (rule: string, after: string | undefined, message: string) =>
    add(cmp.out, describeObject(old), '', rule, UpgradeRisk.DATA_LOSS, [nameOf(old), after], message);
  const templates = (m: Manifest) => asArray(m.spec?.volumeClaimTemplates).map(t => t?.metadata?.name).sort().join(',');
  // Prefer a successor in the same namespace; one in another namespace is a move, with the same effect.
  const candidates = added.filter(m => kindOf(m) === 'StatefulSet' && templates(m) === templates(old));
  const successor = candidates.find(m => namespaceOf(m) === namespaceOf(old)) ?? candidates[0];
  const successorName = successor && namespaceOf(successor) !== namespaceOf(old) ? `${namespaceOf(successor)}/${nameOf(successor)}` : nameOf(successor ?? {});
  const deleted = old.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === 'Delete';
  // Claims of a class that only static volumes serve stay bound to those volumes, which no new claim can then have.
  const statics = asArray(old.spec?.volumeClaimTemplates).flatMap(t => staticVolumesFor(t?.spec?.storageClassName, [...ofKind(cmp.before, 'PersistentVolume'), ...ofKind(cmp.after, 'PersistentVolume')]));
  const fate = deleted
    ? `its claims ${listNames(claims)} are deleted with it (retention whenDeleted: Delete), and their data`
    : statics.length > 0
      ? `its claims ${listNames(claims)} stay behind, still bound to the static volumes ${listNames([...new Set(statics.map(nameOf))].sort())}, which no pod mounts any more`
      : `its claims ${listNames(claims)} stay behind, bound to nothing`;
  if (successor) {
    const fresh = listNames(claimsOf([successor]).flatMap(c => c.names));
    const pending = statics.length > 0 && !deleted ? ' (they stay Pending while those volumes are bound to the old claims)' : '';
    finding('statefulset-renamed', successorName,
      `renaming (or moving) a StatefulSet orphans its data: ${fate}; "${successorName}" starts with new, empty claims ${fresh}${pending}. Keep the name`);
  } else {
    finding('statefulset-removed', undefined, `removing the StatefulSet: ${fate}`);
  }
}
