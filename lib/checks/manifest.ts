/**
 * Plain-object views of synthesized manifests, shared by the wiring and pod-security checks.
 * The checks read YAML users wrote by hand too, so every field is optional and looked up
 * defensively: a malformed object is reported, never a TypeError.
 */

/** One broken rule in a set of manifests. */
export interface Violation {
  /** The object, as `Kind/namespace/name` (`Kind/name` for cluster-scoped kinds). */
  readonly object: string;
  /** The field, as a path into the object (`spec.ports[0].targetPort`). */
  readonly field: string;
  /** The rule's id, stable across releases (`service-target-port`). */
  readonly rule: string;
  /** What is wrong and what would fix it. */
  readonly message: string;
}

export type Manifest = { [key: string]: any };

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);

export function isObject(value: unknown): value is { [key: string]: any } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

export function kindOf(m: Manifest): string {
  return typeof m?.kind === 'string' ? m.kind : '<no kind>';
}

export function nameOf(m: Manifest): string {
  return typeof m?.metadata?.name === 'string' ? m.metadata.name : '<no name>';
}

export function namespaceOf(m: Manifest): string {
  return typeof m?.metadata?.namespace === 'string' ? m.metadata.namespace : 'default';
}

export function describeObject(m: Manifest): string {
  const ns = m?.metadata?.namespace;
  return typeof ns === 'string' ? `${kindOf(m)}/${ns}/${nameOf(m)}` : `${kindOf(m)}/${nameOf(m)}`;
}

/** A pod template found in a manifest, with the path that leads to it. */
export interface PodTemplate {
  readonly owner: Manifest;
  /** Path of the template (`spec.template`), or '' for a bare Pod. */
  readonly path: string;
  readonly labels: { [key: string]: string };
  readonly annotations: { [key: string]: string };
  readonly spec: { [key: string]: any };
}

/** Every pod template in a manifest: bare Pods, workloads, CronJobs. */
export function podTemplatesOf(m: Manifest): PodTemplate[] {
  const kind = kindOf(m);
  const at = (template: any, path: string): PodTemplate[] => (isObject(template) ? [{
    owner: m,
    path,
    labels: isObject(template.metadata?.labels) ? template.metadata.labels : {},
    annotations: isObject(template.metadata?.annotations) ? template.metadata.annotations : {},
    spec: isObject(template.spec) ? template.spec : {},
  }] : []);
  if (kind === 'Pod') return at(m, '');
  if (WORKLOAD_KINDS.has(kind)) return at(m.spec?.template, 'spec.template');
  if (kind === 'CronJob') return at(m.spec?.jobTemplate?.spec?.template, 'spec.jobTemplate.spec.template');
  return [];
}

export function field(template: PodTemplate, rest: string): string {
  return template.path ? `${template.path}.${rest}` : rest;
}

/** Every container of a pod spec (init and ephemeral included) with its field path. */
export function containersOf(template: PodTemplate): { container: { [key: string]: any }; path: string }[] {
  const out: { container: { [key: string]: any }; path: string }[] = [];
  for (const list of ['initContainers', 'containers', 'ephemeralContainers']) {
    asArray(template.spec[list]).forEach((container, i) => {
      if (isObject(container)) out.push({ container, path: field(template, `spec.${list}[${i}]`) });
    });
  }
  return out;
}

/** Whether a label selector (`{matchLabels, matchExpressions}`) matches a set of labels. */
export function selectorMatches(selector: any, labels: { [key: string]: string }): boolean {
  if (!isObject(selector)) return false;
  for (const [k, v] of Object.entries(isObject(selector.matchLabels) ? selector.matchLabels : {})) {
    if (labels[k] !== v) return false;
  }
  for (const expr of asArray(selector.matchExpressions)) {
    const value = labels[expr?.key];
    const values: string[] = asArray(expr?.values);
    switch (expr?.operator) {
      case 'In': if (value === undefined || !values.includes(value)) return false; break;
      case 'NotIn': if (value !== undefined && values.includes(value)) return false; break;
      case 'Exists': if (value === undefined) return false; break;
      case 'DoesNotExist': if (value !== undefined) return false; break;
      default: return false;
    }
  }
  return true;
}

/** Whether a Service's plain `selector` map matches a set of labels. */
export function mapSelectorMatches(selector: { [key: string]: string }, labels: { [key: string]: string }): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
