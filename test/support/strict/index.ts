import { KIND_RULES } from './kinds';
import { checkObjectMeta, isObject, list } from './meta';
import { modelOf, structuralProblems } from './types';

/**
 * The strict output validator: what the Kubernetes 1.28 API server would refuse in a set of
 * synthesized objects, beyond the JSON schemas of ../schema.ts. Per object, the validator of its
 * API group: for the built-in groups, unknown fields and wrong JSON types (./types.ts), object
 * metadata (./meta.ts) and the value rules of each kind (./kinds.ts, ./pod.ts); then the checks
 * across objects that the API server makes against what is already stored (node ports,
 * Ingress rules).
 *
 * Other API groups (CRDs such as gateway.networking.k8s.io) plug in with
 * `registerGroupValidator`; a group nobody registered is left to the schema check.
 */
export type GroupValidator = (manifest: { [key: string]: any }) => string[];

const GROUPS = new Map<string, GroupValidator>();

/** Registers the validator of one API group (`gateway.networking.k8s.io`); '' is the core group. */
export function registerGroupValidator(group: string, validator: GroupValidator): void {
  GROUPS.set(group, validator);
}

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → ''. */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** Every problem, one line each: `Kind/name path: message`. */
export function strictProblems(manifests: any[]): string[] {
  const out: string[] = [];
  for (const m of manifests) {
    if (!isObject(m) || typeof m.apiVersion !== 'string' || typeof m.kind !== 'string') continue;
    const validator = GROUPS.get(groupOf(m.apiVersion));
    if (!validator) continue;
    const id = `${m.kind}/${m.metadata?.name}`;
    out.push(...validator(m).map(p => `${id} ${p}`));
  }
  out.push(...crossObjectProblems(manifests.filter(isObject)));
  return out;
}

/** The validator of the built-in groups: the 1.28 types, then the value rules. */
function builtIn(m: { [key: string]: any }): string[] {
  const out: string[] = [];
  const model = modelOf(m.apiVersion, m.kind);
  if (!model) return [`: no Kubernetes 1.28 type for apiVersion ${m.apiVersion}, kind ${m.kind}`];
  out.push(...structuralProblems(m, model));
  const fail = (path: string, message: string) => out.push(`${path}: ${message}`);
  checkObjectMeta(m.kind, m.metadata, fail);
  KIND_RULES[`${m.apiVersion}/${m.kind}`]?.(m, fail);
  return out;
}

for (const group of ['', 'apps', 'batch', 'networking.k8s.io', 'policy', 'autoscaling', 'storage.k8s.io', 'rbac.authorization.k8s.io']) {
  registerGroupValidator(group, builtIn);
}

/**
 * What the API server refuses against objects it already has: a node port another Service
 * holds ("provided port is already allocated"); and what ingress controllers refuse, the same
 * host and path in two Ingresses of one class (ingress-nginx's admission webhook: "host ... and
 * path ... is already defined in ingress ...").
 */
function crossObjectProblems(manifests: { [key: string]: any }[]): string[] {
  const out: string[] = [];
  const nodePorts = new Map<string, string>();
  const routes = new Map<string, string>();
  for (const m of manifests) {
    const id = `${m.kind}/${m.metadata?.namespace ?? 'default'}/${m.metadata?.name}`;
    if (m.kind === 'Service') {
      list(m.spec?.ports).forEach((p, i) => {
        if (p?.nodePort === undefined) return;
        const key = `${p.nodePort}/${p.protocol ?? 'TCP'}`;
        const first = nodePorts.get(key);
        if (first !== undefined && first !== id) out.push(`${id} spec.ports[${i}].nodePort: ${key} is already allocated to ${first}`);
        nodePorts.set(key, first ?? id);
      });
    }
    if (m.kind === 'Ingress') {
      list(m.spec?.rules).forEach((r, i) => list(r?.http?.paths).forEach((p, j) => {
        const key = `${m.spec?.ingressClassName ?? ''}|${r?.host ?? '*'}|${p?.path}|${p?.pathType}`;
        const first = routes.get(key);
        if (first !== undefined && first !== id) out.push(`${id} spec.rules[${i}].http.paths[${j}]: host ${r?.host ?? '*'} path ${p?.path} is already defined in ${first}`);
        routes.set(key, first ?? id);
      }));
    }
  }
  return out;
}
