import {
  isDns1035Label, isDns1123Label, isDns1123Subdomain, isLabelValue, isPathSegmentName, isQualifiedName,
} from './formats';
import { compareQuantities, parseQuantity } from '../../../lib/shared/quantity';

/** Where a rule reports: a JSON path into the object and what is wrong there. */
export type Fail = (path: string, message: string) => void;

export function isObject(v: unknown): v is { [key: string]: any } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function list(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

/** Kinds whose names are DNS-1035 labels (ValidateServiceName) or DNS-1123 labels (ValidateNamespaceName). */
const NAME_RULES: { [kind: string]: [(v: unknown) => boolean, string] } = {
  Service: [isDns1035Label, 'must be a DNS-1035 label (ValidateServiceName): at most 63 lowercase letters, digits and -, starting with a letter'],
  Namespace: [isDns1123Label, 'must be a DNS-1123 label (ValidateNamespaceName)'],
  // rbac/validation ValidateRBACName = path.IsValidPathSegmentName.
  Role: [isPathSegmentName, 'must be a path segment name (ValidateRBACName)'],
  ClusterRole: [isPathSegmentName, 'must be a path segment name (ValidateRBACName)'],
  RoleBinding: [isPathSegmentName, 'must be a path segment name (ValidateRBACName)'],
  ClusterRoleBinding: [isPathSegmentName, 'must be a path segment name (ValidateRBACName)'],
};

/** Kinds without a namespace: a namespace on them is dropped by kubectl but is wrong YAML to review. */
export const CLUSTER_SCOPED = new Set(['Namespace', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'PriorityClass', 'IngressClass', 'CSIDriver', 'Node']);

/** TotalAnnotationSizeLimitB (apimachinery ValidateAnnotations): 256 KiB over keys and values. */
const MAX_ANNOTATIONS = 256 * 1024;

/** ValidateObjectMeta: name by kind, namespace, labels (ValidateLabels) and annotations (ValidateAnnotations). */
export function checkObjectMeta(kind: string, meta: any, fail: Fail, path = 'metadata', template = false): void {
  if (!isObject(meta)) {
    if (!template) fail(path, 'is required');
    return;
  }
  if (!template) {
    const [ok, rule] = NAME_RULES[kind] ?? [isDns1123Subdomain, 'must be a DNS-1123 subdomain (NameIsDNSSubdomain)'];
    if (!ok(meta.name)) fail(`${path}.name`, `${JSON.stringify(meta.name)} ${rule}`);
    if (CLUSTER_SCOPED.has(kind) && meta.namespace !== undefined) fail(`${path}.namespace`, `${kind} is cluster-scoped and has no namespace`);
    if (meta.namespace !== undefined && !isDns1123Label(meta.namespace)) {
      fail(`${path}.namespace`, `${JSON.stringify(meta.namespace)} must be a DNS-1123 label (ValidateNamespaceName)`);
    }
  }
  checkLabels(meta.labels, fail, `${path}.labels`);
  checkAnnotations(meta.annotations, fail, `${path}.annotations`);
}

/** ValidateLabels: qualified-name keys, label values. */
export function checkLabels(labels: unknown, fail: Fail, path: string): void {
  if (!isObject(labels)) return;
  for (const [k, v] of Object.entries(labels)) {
    if (!isQualifiedName(k)) fail(`${path}[${JSON.stringify(k)}]`, 'key must be a qualified name (ValidateLabelName)');
    if (!isLabelValue(v)) fail(`${path}[${JSON.stringify(k)}]`, `${JSON.stringify(v)} must be a label value (ValidateLabels): at most 63 characters, alphanumeric at both ends`);
  }
}

/** ValidateAnnotations: qualified-name keys (compared lower-cased), 256 KiB in total. */
export function checkAnnotations(annotations: unknown, fail: Fail, path: string): void {
  if (!isObject(annotations)) return;
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) {
    if (!isQualifiedName(k.toLowerCase())) fail(`${path}[${JSON.stringify(k)}]`, 'key must be a qualified name (ValidateAnnotations)');
    total += k.length + String(v).length;
  }
  if (total > MAX_ANNOTATIONS) fail(path, `total size ${total} exceeds 262144 bytes (TotalAnnotationSizeLimitB)`);
}

/** ValidateLabelSelector (unversioned validation): match labels and expressions. */
export function checkLabelSelector(selector: any, fail: Fail, path: string): void {
  if (!isObject(selector)) return;
  checkLabels(selector.matchLabels, fail, `${path}.matchLabels`);
  list(selector.matchExpressions).forEach((e, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    if (!isQualifiedName(e?.key)) fail(`${at}.key`, 'must be a qualified name');
    const values = list(e?.values);
    if (e?.operator === 'In' || e?.operator === 'NotIn') {
      if (values.length === 0) fail(`${at}.values`, 'must be specified when operator is In or NotIn');
    } else if (e?.operator === 'Exists' || e?.operator === 'DoesNotExist') {
      if (values.length > 0) fail(`${at}.values`, 'may not be specified when operator is Exists or DoesNotExist');
    } else {
      fail(`${at}.operator`, `${JSON.stringify(e?.operator)} is not a valid selector operator`);
    }
    values.forEach((v, j) => { if (!isLabelValue(v)) fail(`${at}.values[${j}]`, 'must be a label value'); });
  });
}

/** Whether a selector's matchLabels are all among `labels` (expressions are checked by ManifestChecks). */
export function selectorWithin(selector: any, labels: any): boolean {
  if (!isObject(selector)) return false;
  const want = isObject(selector.matchLabels) ? selector.matchLabels : {};
  const has = isObject(labels) ? labels : {};
  return Object.entries(want).every(([k, v]) => has[k] === v);
}

/** A whole number `>= min` (ValidateNonnegativeField and the like). */
export function checkInt(value: unknown, fail: Fail, path: string, min: number, max = Number.MAX_SAFE_INTEGER, rule = ''): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(path, `${JSON.stringify(value)} must be a whole number within ${min}-${max}${rule ? ` (${rule})` : ''}`);
  }
}

/** A quantity (resource.ParseQuantity), optionally greater than zero. */
export function checkQuantity(value: unknown, fail: Fail, path: string, positive = false): void {
  const q = typeof value === 'number' ? parseQuantity(String(value)) : parseQuantity(value);
  if (!q) {
    fail(path, `${JSON.stringify(value)} is not a quantity (resource.ParseQuantity)`);
  } else if (q.numerator < 0n || (positive && q.numerator === 0n)) {
    fail(path, `${JSON.stringify(value)} must be ${positive ? 'greater than zero' : 'non-negative'} (ValidateResourceQuantityValue)`);
  }
}

export { compareQuantities };
