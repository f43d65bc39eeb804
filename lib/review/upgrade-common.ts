import { UpgradeFinding, UpgradeRisk } from './upgrade-risk';
import { describeObject, isObject, kindOf, Manifest, nameOf } from '../checks/manifest';
import { formatValue } from '../shared/errors';

// What every rule family of the upgrade guard shares: the finding type, paths into objects,
// deep equality, and the "this field is immutable" check.

export { UpgradeRisk };
export type { UpgradeFinding };

export type Out = UpgradeFinding[];
export type Path = (string | number)[];

/** What a rule family sees: both sides indexed by object key, and where to report. */
export interface Comparison {
  readonly out: Out;
  /** Every object before (live objects normalized), by `objectKey`. */
  readonly before: Map<string, Manifest>;
  /** Every object after, by `objectKey`. */
  readonly after: Map<string, Manifest>;
  /** The namespace of objects that name none. */
  readonly namespace: string;
}

export function ofKind(index: Map<string, Manifest>, ...kinds: string[]): Manifest[] {
  return [...index.values()].filter(m => kinds.includes(kindOf(m)));
}

export function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? `${i > 0 ? '.' : ''}${p}` : `[${JSON.stringify(p)}]`)).join('');
}

export function get(value: any, path: Path): any {
  return path.reduce((v, p) => (v === null || v === undefined ? undefined : v[p]), value);
}

export function render(value: unknown): string {
  return value === undefined ? '(absent)' : formatValue(value);
}

export function add(out: Out, object: string, field: string, rule: string, risk: UpgradeRisk, values: [unknown, unknown], message: string): void {
  const [before, after] = values;
  out.push({ object, field, rule, risk, before: render(before), after: render(after), message });
}

/** Deep equality of JSON values, key order ignored. */
export function same(a: any, b: any): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => same(v, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every(k => same(a[k], b[k]));
}

/** Where two values differ, narrowed to the deepest path that holds every difference. */
export function differingPath(a: any, b: any): Path {
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

export function without(value: any, ...keys: string[]): any {
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)));
}

/**
 * Reports a change under `path` (with `fallback` standing in for an absent value, as the API
 * server defaults it) as refused, narrowed to the field that really changed.
 */
export function immutable(out: Out, object: string, old: any, next: any, path: Path, rule: string, why: string, fallback?: unknown): void {
  const before = get(old, path) ?? fallback;
  const after = get(next, path) ?? fallback;
  if (same(before, after)) return;
  const inner = differingPath(before, after);
  add(out, object, formatPath([...path, ...inner]), rule, UpgradeRisk.REFUSED, [get(before, inner), get(after, inner)], why);
}

/** `group/Kind/namespace/name`: an apps/v1beta2 and an apps/v1 StatefulSet are the same object. */
export function objectKey(m: Manifest, namespace = 'default'): string {
  const apiVersion = typeof m.apiVersion === 'string' ? m.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const ns = typeof m?.metadata?.namespace === 'string' ? m.metadata.namespace : namespace;
  return `${group}/${kindOf(m)}/${ns}/${nameOf(m)}`;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export { describeObject };

/** "a", "b" … "z": a short list of quoted names. */
export function listNames(names: string[], max = 3): string {
  const quoted = names.map(n => `"${n}"`);
  return quoted.length <= max ? quoted.join(', ') : `${quoted.slice(0, max - 1).join(', ')} … ${quoted[quoted.length - 1]}`;
}
