import * as fs from 'fs';
import * as path from 'path';

/**
 * Strict validation of Gateway API objects (Gateway, GatewayClass, HTTPRoute, GRPCRoute,
 * ReferenceGrant) against the standard-channel CRD schemas vendored in
 * test/fixtures/gateway-api/ (scripts/vendor-gateway-api-schemas.ts).
 *
 * Every object is checked against each vendored release, so what passes is accepted by every
 * cluster from the oldest release to the newest (v1.4.1 and v1.6.1: v1.4 knows only redirect
 * codes 301 and 302, v1.6 requires at least one route rule). The check is what the API server
 * does on create, plus what `kubectl apply --validate=strict` adds:
 *
 * - unknown fields are errors (the API server would prune them silently, kubectl refuses them);
 * - types, `required`, `enum`, `pattern`, `minLength`/`maxLength` (in characters),
 *   `minimum`/`maximum`, `minItems`/`maxItems`, `maxProperties`, int32 ranges, and the keys of
 *   `x-kubernetes-list-type: map` and `set` lists being unique;
 * - every CEL rule (`x-kubernetes-validations`) on a field the object has, through a JavaScript
 *   equivalent below. A CEL rule on a present field without an equivalent is an error too, so a
 *   new rule in a newer release cannot be skipped unnoticed. Transition rules (`oldSelf`) only
 *   apply to updates and are skipped;
 * - metadata: name a DNS-1123 subdomain, namespace a DNS-1123 label, valid label and annotation
 *   keys and label values, and no fields but name, namespace, labels and annotations.
 */

export const GATEWAY_API_RELEASES = ['v1.4.1', 'v1.6.1'];
const GROUP = 'gateway.networking.k8s.io';
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'gateway-api');

interface Schema { [key: string]: any }
interface Crd {
  readonly kind: string;
  readonly versions: { [name: string]: { readonly served: boolean; readonly schema: Schema } };
}

let crds: Map<string, Map<string, Crd>> | undefined;

/** The vendored CRDs: release → kind → CRD. */
function load(): Map<string, Map<string, Crd>> {
  if (!crds) {
    crds = new Map();
    for (const release of GATEWAY_API_RELEASES) {
      const byKind = new Map<string, Crd>();
      for (const file of fs.readdirSync(path.join(FIXTURES, release)).filter(f => f.endsWith('.json'))) {
        const crd = JSON.parse(fs.readFileSync(path.join(FIXTURES, release, file), 'utf8')) as Crd;
        byKind.set(crd.kind, crd);
      }
      crds.set(release, byKind);
    }
  }
  return crds;
}

/** Whether the object belongs to the Gateway API group (and is checked here). */
export function isGatewayApi(apiVersion: unknown): boolean {
  return typeof apiVersion === 'string' && apiVersion.startsWith(`${GROUP}/`);
}

/** Every way the object breaks a vendored release's schema, as `<release> <path>: <rule>`. */
export function gatewayApiErrors(m: any): string[] {
  const errors: string[] = [];
  const [group, version] = typeof m?.apiVersion === 'string' ? m.apiVersion.split('/') : [];
  for (const [release, byKind] of load()) {
    const crd = byKind.get(m?.kind);
    const served = crd?.versions[version];
    if (group !== GROUP || !crd || !served?.served) {
      errors.push(`${release}: no served schema for apiVersion ${m?.apiVersion}, kind ${m?.kind}`);
      continue;
    }
    const found: string[] = [];
    checkValue(m, served.schema, '', found);
    checkMetadata(m?.metadata, found);
    errors.push(...found.map(e => `${release} ${e}`));
  }
  return errors;
}

// ---- structural schema ---------------------------------------------------------------------

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const chars = (s: string) => [...s].length;

const patterns = new Map<string, RegExp>();
/** A schema pattern, compiled once: validation runs thousands of times in the property tests. */
function pattern(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    re = new RegExp(source, 'u');
    patterns.set(source, re);
  }
  return re;
}

function checkValue(value: any, schema: Schema, at: string, errors: string[]): void {
  const where = at || '(root)';
  const actual = typeOf(value);
  const expected = schema.type;
  if (expected !== undefined && actual !== expected && !(expected === 'number' && actual === 'integer')) {
    errors.push(`${where}: must be of type ${expected}, got ${actual} ${JSON.stringify(value)}`);
    return;
  }
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (actual === 'string') {
    if (schema.minLength !== undefined && chars(value) < schema.minLength) errors.push(`${where}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && chars(value) > schema.maxLength) errors.push(`${where}: longer than ${schema.maxLength}`);
    if (schema.pattern !== undefined && !pattern(schema.pattern).test(value)) {
      errors.push(`${where}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    }
  }
  if (actual === 'integer' || actual === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${where}: ${value} is below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${where}: ${value} is above ${schema.maximum}`);
    if (schema.format === 'int32' && (value < -(2 ** 31) || value >= 2 ** 31)) errors.push(`${where}: ${value} is no int32`);
  }
  if (actual === 'array') checkArray(value, schema, at, errors);
  if (actual === 'object') checkObject(value, schema, at, errors);
  for (const rule of schema['x-kubernetes-validations'] ?? []) checkRule(value, rule, where, errors);
}

function checkArray(value: any[], schema: Schema, at: string, errors: string[]): void {
  const where = at || '(root)';
  if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${where}: fewer than ${schema.minItems} items`);
  if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${where}: more than ${schema.maxItems} items`);
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set' || listType === 'map') {
    const keys: string[] = schema['x-kubernetes-list-map-keys'] ?? [];
    const identity = (item: any) => JSON.stringify(listType === 'set' ? item : keys.map(k => item?.[k]));
    const seen = new Set<string>();
    for (const item of value) {
      const id = identity(item);
      if (seen.has(id)) errors.push(`${where}: duplicate ${listType === 'set' ? 'item' : `key ${keys.join(',')}`} ${id}`);
      seen.add(id);
    }
  }
  if (schema.items) value.forEach((item, i) => checkValue(item, schema.items, `${at}[${i}]`, errors));
}

function checkObject(value: { [key: string]: any }, schema: Schema, at: string, errors: string[]): void {
  const where = at || '(root)';
  for (const key of schema.required ?? []) {
    if (value[key] === undefined) errors.push(`${where}: missing required field ${key}`);
  }
  if (schema.maxProperties !== undefined && Object.keys(value).length > schema.maxProperties) {
    errors.push(`${where}: more than ${schema.maxProperties} entries`);
  }
  for (const [key, v] of Object.entries(value)) {
    const child = at ? `${at}.${key}` : key;
    if (schema.properties?.[key]) {
      // metadata is `type: object` in a CRD; checkMetadata holds it to the ObjectMeta rules.
      if (!(at === '' && key === 'metadata')) checkValue(v, schema.properties[key], child, errors);
    } else if (typeof schema.additionalProperties === 'object') {
      checkValue(v, schema.additionalProperties, child, errors);
    } else if (schema.additionalProperties !== true && !schema['x-kubernetes-preserve-unknown-fields']) {
      errors.push(`${child}: unknown field`);
    }
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function isQualifiedKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  return name.length <= 63 && QUALIFIED_NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)));
}

function checkMetadata(meta: any, errors: string[]): void {
  if (typeOf(meta) !== 'object') {
    errors.push('metadata: must be an object');
    return;
  }
  for (const key of Object.keys(meta)) {
    if (!['name', 'namespace', 'labels', 'annotations'].includes(key)) errors.push(`metadata.${key}: unknown field`);
  }
  if (typeof meta.name !== 'string' || meta.name.length > 253 || !DNS_SUBDOMAIN.test(meta.name)) {
    errors.push(`metadata.name: ${JSON.stringify(meta.name)} is no DNS-1123 subdomain`);
  }
  if (meta.namespace !== undefined && (typeof meta.namespace !== 'string' || meta.namespace.length > 63 || !DNS_LABEL.test(meta.namespace))) {
    errors.push(`metadata.namespace: ${JSON.stringify(meta.namespace)} is no DNS-1123 label`);
  }
  for (const [field, valueOk] of [['labels', (v: unknown) => typeof v === 'string' && v.length <= 63 && LABEL_VALUE.test(v)],
    ['annotations', (v: unknown) => typeof v === 'string']] as const) {
    const map = meta[field];
    if (map === undefined) continue;
    if (typeOf(map) !== 'object') {
      errors.push(`metadata.${field}: must be an object`);
      continue;
    }
    for (const [k, v] of Object.entries(map)) {
      if (!isQualifiedKey(k)) errors.push(`metadata.${field}: invalid key ${JSON.stringify(k)}`);
      if (!valueOk(v)) errors.push(`metadata.${field}[${JSON.stringify(k)}]: invalid value ${JSON.stringify(v)}`);
    }
  }
}

// ---- CEL rules -------------------------------------------------------------------------------

type Check = (self: any) => boolean;

const has = (o: any, key: string) => o !== null && typeof o === 'object' && o[key] !== undefined && o[key] !== '';
const size = (list: any) => (Array.isArray(list) ? list.length : 0);
const exactOrPrefix = (self: any) => self.type === 'Exact' || self.type === 'PathPrefix';

/** `RouteParentRefs`: two references to one parent must each name a different section. */
function sameParent(a: any, b: any): boolean {
  const ns = (p: any) => (has(p, 'namespace') ? p.namespace : '');
  return (a.group ?? GROUP) === (b.group ?? GROUP) && (a.kind ?? 'Gateway') === (b.kind ?? 'Gateway') && a.name === b.name && ns(a) === ns(b);
}

/** A filter with `path.replacePrefixMatch` needs exactly one match, a PathPrefix one. */
function prefixRewriteNeedsOnePrefixMatch(rule: any, filters: any[], field: string): boolean {
  const uses = filters.filter(f => f?.[field]?.path?.type === 'ReplacePrefixMatch' && has(f[field].path, 'replacePrefixMatch')).length === 1;
  return !uses || (size(rule.matches) === 1 && rule.matches[0]?.path?.type === 'PathPrefix');
}

function durationMs(text: string): number {
  const units: { [u: string]: number } = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  return [...text.matchAll(/(\d+)(ms|h|m|s)/g)].reduce((sum, [, n, u]) => sum + Number(n) * units[u], 0);
}

const listenerHostKey = (l: any) => (has(l, 'hostname') ? l.hostname : undefined);

/** The JavaScript equivalents of the CEL rules, by the rule's message. */
const RULES: { [message: string]: Check } = {
  'sectionName must be specified when parentRefs includes 2 or more references to the same parent': self =>
    self.every((p1: any) => self.every((p2: any) => !sameParent(p1, p2) || has(p1, 'sectionName') === has(p2, 'sectionName'))),
  'sectionName must be unique when parentRefs includes 2 or more references to the same parent': self =>
    self.every((p1: any) => self.filter((p2: any) => sameParent(p1, p2) && (p1.sectionName ?? '') === (p2.sectionName ?? '')).length === 1),
  'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128': self =>
    self.slice(0, 16).reduce((sum: number, r: any) => sum + size(r?.matches), 0) <= 128,
  'RequestRedirect filter must not be used together with backendRefs': self =>
    size(self.backendRefs) === 0 || !(self.filters ?? []).some((f: any) => has(f, 'requestRedirect')),
  'When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified': self =>
    prefixRewriteNeedsOnePrefixMatch(self, self.filters ?? [], 'requestRedirect'),
  'When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified': self =>
    prefixRewriteNeedsOnePrefixMatch(self, self.filters ?? [], 'urlRewrite'),
  'Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified': self =>
    (self.backendRefs ?? []).every((b: any) => prefixRewriteNeedsOnePrefixMatch(self, b?.filters ?? [], 'requestRedirect')),
  'Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified': self =>
    (self.backendRefs ?? []).every((b: any) => prefixRewriteNeedsOnePrefixMatch(self, b?.filters ?? [], 'urlRewrite')),
  'Must have port for Service reference': self => !((self.group ?? '') === '' && (self.kind ?? 'Service') === 'Service') || self.port !== undefined,
  'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both': self =>
    !(self.some((f: any) => f?.type === 'RequestRedirect') && self.some((f: any) => f?.type === 'URLRewrite')),
  'type must be one of [\'Exact\', \'PathPrefix\', \'RegularExpression\']': self => ['Exact', 'PathPrefix', 'RegularExpression'].includes(self.type ?? 'PathPrefix'),
  'value must be an absolute path and start with \'/\' when type one of [\'Exact\', \'PathPrefix\']': self => !exactOrPrefix(self) || String(self.value ?? '/').startsWith('/'),
  'must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&\'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types [\'Exact\', \'PathPrefix\']': self =>
    !exactOrPrefix(self) || /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/.test(self.value ?? '/'),
  'backendRequest timeout cannot be longer than request timeout': self =>
    !(has(self, 'request') && has(self, 'backendRequest') && durationMs(self.request) !== 0 && durationMs(self.backendRequest) > durationMs(self.request)),
  'One or both of \'service\' or \'method\' must be specified': self => !has(self, 'type') || has(self, 'service') || has(self, 'method'),
  'service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)': self =>
    !((self.type ?? 'Exact') === 'Exact' && has(self, 'service')) || /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i.test(self.service),
  'method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)': self =>
    !((self.type ?? 'Exact') === 'Exact' && has(self, 'method')) || /^[A-Za-z_][A-Za-z_0-9]*$/.test(self.method),
  'tls must not be specified for protocols [\'HTTP\', \'TCP\', \'UDP\']': self => self.every((l: any) => !['HTTP', 'TCP', 'UDP'].includes(l.protocol) || l.tls === undefined),
  'tls mode must be Terminate for protocol HTTPS': self => self.every((l: any) => !(l.protocol === 'HTTPS' && l.tls) || [undefined, '', 'Terminate'].includes(l.tls.mode)),
  'tls mode must be set for protocol TLS': self => self.every((l: any) => l.protocol !== 'TLS' || has(l.tls, 'mode')),
  'hostname must not be specified for protocols [\'TCP\', \'UDP\']': self => self.every((l: any) => !['TCP', 'UDP'].includes(l.protocol) || !has(l, 'hostname')),
  'Listener name must be unique within the Gateway': self => self.every((l1: any) => self.filter((l2: any) => l1.name === l2.name).length === 1),
  'Combination of port, protocol and hostname must be unique for each listener': self => self.every((l1: any) =>
    self.filter((l2: any) => l1.port === l2.port && l1.protocol === l2.protocol && listenerHostKey(l1) === listenerHostKey(l2)).length === 1),
  'certificateRefs or options must be specified when mode is Terminate': self =>
    (self.mode ?? 'Terminate') !== 'Terminate' || size(self.certificateRefs) > 0 || Object.keys(self.options ?? {}).length > 0,
};

/** Rule families whose messages differ only in a field or filter name. */
const RULE_FAMILIES: [RegExp, (...groups: string[]) => Check][] = [
  [/^(Label|Annotation) keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters\.$/,
    () => self => Object.keys(self).every(isQualifiedKey)],
  [/^If specified, the (label|annotation) key's prefix must be a DNS subdomain not longer than 253 characters in total\.$/,
    () => self => Object.keys(self).every(k => k.split('/')[0].length < 253)],
  [/^filter\.(\w+) must be nil if the filter\.type is not (\w+)$/, (field, type) => self => !(self[field] !== undefined && self.type !== type)],
  [/^filter\.(\w+) must be specified for (\w+) filter\.type$/, (field, type) => self => !(self[field] === undefined && self.type === type)],
  [/^(\w+) filter cannot be repeated$/, type => self => self.filter((f: any) => f?.type === type).length <= 1],
  [/^must not contain '(.+)' when type one of \['Exact', 'PathPrefix'\]$/, text => self => !exactOrPrefix(self) || !String(self.value ?? '/').includes(text)],
  [/^must not end with '(.+)' when type one of \['Exact', 'PathPrefix'\]$/, text => self => !exactOrPrefix(self) || !String(self.value ?? '/').endsWith(text)],
  [/^(replaceFullPath|replacePrefixMatch) must be specified when type is set to '(\w+)'$/, (field, type) => self => self.type !== type || self[field] !== undefined],
  [/^type must be '(\w+)' when (replaceFullPath|replacePrefixMatch) is set$/, (type, field) => self => self[field] === undefined || self.type === type],
];

function checkRule(value: any, rule: { rule: string; message?: string }, where: string, errors: string[]): void {
  if (/\boldSelf\b/.test(rule.rule)) return; // a transition rule: updates only
  const message = rule.message ?? rule.rule;
  let check: Check | undefined = RULES[message];
  for (const [family, make] of RULE_FAMILIES) {
    const match = check === undefined ? message.match(family) : null;
    if (match) check = make(...match.slice(1));
  }
  if (!check) {
    errors.push(`${where}: no JavaScript equivalent of the CEL rule "${message}" (${rule.rule}); add one to test/support/gateway-api-schema.ts`);
  } else if (!check(value)) {
    errors.push(`${where}: ${message}`);
  }
}
