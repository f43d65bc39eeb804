/**
 * The structural half of the strict validator: every field of an object must exist in the
 * Kubernetes 1.28 API type it sits in, with the JSON type that field has. The API server drops
 * unknown fields with a warning at best (`kubectl apply --validate=strict` refuses them) and
 * refuses wrong JSON types when it decodes; the kubernetes-models schemas in ../schema.ts allow
 * any extra field, so this walk is what catches a misspelt or misplaced field.
 *
 * The types come from `@kubernetes/client-node` 0.20.0, generated from the OpenAPI document
 * of release-1.28: each model class lists its fields (`attributeTypeMap`: JSON name and type).
 */

type Attribute = { readonly name: string; readonly baseName: string; readonly type: string };

const MODELS = '@kubernetes/client-node/dist/gen/model/';
const attributeCache = new Map<string, Map<string, string> | undefined>();

/** The fields of a model class (`V1PodSpec`) by JSON name, with their types; undefined when there is no such model. */
function fieldsOf(model: string): Map<string, string> | undefined {
  if (!attributeCache.has(model)) {
    let fields: Map<string, string> | undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(`${MODELS}${model.charAt(0).toLowerCase()}${model.slice(1)}`);
      const attributes: Attribute[] = mod[model].attributeTypeMap;
      fields = new Map(attributes.map(a => [a.baseName, a.type]));
    } catch {
      fields = undefined;
    }
    attributeCache.set(model, fields);
  }
  return attributeCache.get(model);
}

/** The model of a top-level object: `apps/v1` `Deployment` → `V1Deployment`. */
export function modelOf(apiVersion: string, kind: string): string | undefined {
  const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  if (!/^v\d+((alpha|beta)\d+)?$/.test(version) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  const model = `V${version.slice(1)}${kind}`;
  return fieldsOf(model) ? model : undefined;
}

/**
 * Fields whose client-node type is a string but whose API type is a resource.Quantity, which the
 * API server also reads from a JSON number (`cpu: 2`).
 */
const QUANTITY_FIELDS = new Set([
  'V1ResourceRequirements.limits', 'V1ResourceRequirements.requests', 'V1PersistentVolumeSpec.capacity',
  'V1VolumeResourceRequirements.limits', 'V1VolumeResourceRequirements.requests', 'V1EmptyDirVolumeSource.sizeLimit',
  'V1ResourceFieldSelector.divisor', 'V2MetricTarget.value', 'V2MetricTarget.averageValue', 'V1ResourceQuotaSpec.hard',
  'V1LimitRangeItem.default', 'V1LimitRangeItem.defaultRequest', 'V1LimitRangeItem.max', 'V1LimitRangeItem.min',
  'V1LimitRangeItem.maxLimitRequestRatio',
]);

/** Problems as `path: message`; `path` is a JSON path into the object (`spec.template.spec.containers[0].name`). */
export function structuralProblems(object: unknown, model: string): string[] {
  const out: string[] = [];
  walk(object, model, '', out, false);
  return out;
}

function walk(value: unknown, type: string, path: string, out: string[], quantity: boolean): void {
  const at = path || '<root>';
  if (value === null || value === undefined) {
    out.push(`${at}: is ${value}; leave the field out instead`);
    return;
  }
  if (type.startsWith('Array<')) {
    if (!Array.isArray(value)) {
      out.push(`${at}: must be a list (${type}), not ${describe(value)}`);
      return;
    }
    const inner = type.slice(6, -1);
    value.forEach((v, i) => walk(v, inner, `${path}[${i}]`, out, quantity));
    return;
  }
  const map = /^\{ \[key: string\]: (.*); \}$/.exec(type);
  if (map) {
    if (!isPlainObject(value)) {
      out.push(`${at}: must be a map (${type}), not ${describe(value)}`);
      return;
    }
    for (const [k, v] of Object.entries(value)) walk(v, map[1], `${path}[${JSON.stringify(k)}]`, out, quantity);
    return;
  }
  switch (type) {
    case 'string':
    case 'Date':
      if (typeof value !== 'string' && !(quantity && typeof value === 'number' && Number.isFinite(value))) {
        out.push(`${at}: must be a string, not ${describe(value)}`);
      }
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) out.push(`${at}: must be a number, not ${describe(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(`${at}: must be true or false, not ${describe(value)}`);
      return;
    case 'IntOrString':
      if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
        out.push(`${at}: must be a whole number or a string, not ${describe(value)}`);
      }
      return;
    case 'object':
    case 'any':
      return;
    default:
      break;
  }
  const fields = fieldsOf(type);
  if (!fields) {
    out.push(`${at}: the validator knows no type ${type}`);
    return;
  }
  if (!isPlainObject(value)) {
    out.push(`${at}: must be an object (${type}), not ${describe(value)}`);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    const fieldType = fields.get(key);
    const child = path ? `${path}.${key}` : key;
    if (fieldType === undefined) {
      out.push(`${child}: unknown field of ${type} (Kubernetes 1.28 has ${[...fields.keys()].join(', ')})`);
      continue;
    }
    walk(v, fieldType, child, out, QUANTITY_FIELDS.has(`${type}.${key}`));
  }
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}
