import { Duration } from 'cdk8s';
import { Reporter } from './errors';
import { parseCidr, parseIp, specialIpReason } from './net';
import { quantitySign } from './quantity';

/** Node ports the API server accepts with its default `--service-node-port-range`. */
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

export function checkInteger(report: Reporter, prop: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `within ${min}-${max}`;
    report.fail(prop, value, `must be a whole number ${range}`);
  }
  return value;
}

/** A TCP/UDP port: 1-65535. */
export function checkPort(report: Reporter, prop: string, value: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    report.fail(prop, value, 'must be a port number within 1-65535');
  }
  return value;
}

export function checkNodePort(report: Reporter, prop: string, value: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < NODE_PORT_MIN || value > NODE_PORT_MAX) {
    report.fail(prop, value, `must be within the node port range ${NODE_PORT_MIN}-${NODE_PORT_MAX}`);
  }
  return value;
}

export function checkAbsolutePath(report: Reporter, prop: string, value: string): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.includes('\0') || /(^|\/)\.\.(\/|$)/.test(value)) {
    report.fail(prop, value, "must be an absolute path starting with '/' and without '..' segments");
  }
  return value;
}

export function checkNonEmpty(report: Reporter, prop: string, value: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    report.fail(prop, value, 'must be a non-empty string');
  }
  return value;
}

export function checkQuantity(report: Reporter, prop: string, value: string): string {
  if (typeof value !== 'string' || quantitySign(value) !== 1) {
    report.fail(prop, value, "must be a positive Kubernetes quantity such as '1Gi', '500Mi' or '250m'");
  }
  return value;
}

/**
 * A construct's props: an object, checked before any field is read, so a missing or wrong
 * props argument gets the common error rather than a TypeError.
 *
 * @param required what the object must hold, for the message ("with at least 'image'")
 */
export function checkProps(report: Reporter, props: unknown, required?: string): void {
  if (props === undefined || props === null || typeof props !== 'object') {
    report.fail('props', props, required ? `must be an object ${required}` : 'must be an object');
  }
}

/** An NFS server: a host name or an IPv4 or IPv6 address. */
export function checkHostOrIp(report: Reporter, prop: string, value: string): string {
  if (!isHostOrIp(value)) report.fail(prop, value, 'must be a host name or an IPv4 or IPv6 address');
  return value;
}

/** An IPv4 or IPv6 address or a DNS-1123 host name (NFS servers, external IPs). */
export function isHostOrIp(value: string): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > 253) return false;
  if (/^[\d.]+$/.test(value) || value.includes(':')) return parseIp(value) !== undefined;
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i.test(value) && value.split('.').every(l => l.length <= 63);
}

/**
 * An address a Service accepts traffic on (`externalIPs`): an IPv4 or IPv6 address, and not one
 * the API server refuses there (unspecified, loopback, link-local; ValidateNonSpecialIP).
 */
export function checkIp(report: Reporter, prop: string, value: string): string {
  const ip = parseIp(value);
  if (!ip) report.fail(prop, value, 'must be an IPv4 or IPv6 address');
  const special = specialIpReason(ip.bytes);
  if (special) report.fail(prop, value, `${special}, which the API server refuses as an external IP`);
  return value;
}

/** A CIDR block (`10.0.0.0/8`, `2001:db8::/32`), for source ranges and network policy peers. */
export function checkCidr(report: Reporter, prop: string, value: string): string {
  const cidr = parseCidr(value);
  if (!cidr) report.fail(prop, value, "must be a CIDR block such as '10.0.0.0/8' or '2001:db8::/32'");
  if (!cidr.canonical) {
    report.fail(prop, value, 'must be the network address of its block: the bits after the prefix must be zero (the form the API server stores)');
  }
  return value;
}

/** Unique values; the first repeat is reported. */
export function checkUnique(report: Reporter, prop: string, values: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) report.fail(prop, v, `${what} must be unique, and this one is given twice`);
    seen.add(v);
  }
}

/*
 * Shape checks for props that a jsii caller or plain JavaScript can hand over with the wrong
 * type: they fail in the common format instead of a TypeError deep in cdk8s-plus, or YAML
 * the API server rejects. As everywhere in the library (`props.x ?? default`), null counts as
 * not given.
 */

/** A list prop: the list, or [] when it is not given. */
export function checkList<T>(report: Reporter, prop: string, value: T[] | undefined): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) report.fail(prop, value, 'must be a list');
  return value;
}

/** A list of strings, or [] when it is not given. */
export function checkStringList(report: Reporter, prop: string, value: string[] | undefined): string[] {
  checkList(report, prop, value).forEach((v, i) => {
    if (typeof v !== 'string') report.fail(`${prop}[${i}]`, v, 'must be a string');
  });
  return value ?? [];
}

/** An on/off prop: the value, or `fallback` when it is not given. */
export function checkBoolean(report: Reporter, prop: string, value: boolean | undefined, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') report.fail(prop, value, 'must be true or false');
  return value;
}

/** A choice prop: one of `allowed`, an enum's values. */
export function checkOneOf<T>(report: Reporter, prop: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) report.fail(prop, value, `must be one of ${allowed.join(', ')}`);
  return value;
}

/** Whether a value is a plain struct (an object, not an array). */
export function isStruct(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An options struct: the struct, or {} when it is not given. */
export function checkStruct<T extends object>(report: Reporter, prop: string, value: T | undefined): T {
  if (value === undefined || value === null) return {} as T;
  if (!isStruct(value)) report.fail(prop, value, 'must be an object of options');
  return value;
}

/** Names mapped to strings (env, annotations, node selectors), or {} when not given. */
export function checkStringMap(report: Reporter, prop: string, value: { [key: string]: string } | undefined): { [key: string]: string } {
  if (value === undefined || value === null) return {};
  if (!isStruct(value)) report.fail(prop, value, 'must map names to strings');
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') report.fail(`${prop}["${key}"]`, v, 'must be a string');
  }
  return value;
}

/**
 * An object made by a factory of cdk8s, cdk8s-plus or this library (`Duration.seconds(5)`,
 * `HealthChecks.http()`), recognised by a method it has, so that copies of the package from
 * another install pass too. `make` says how to create one. Not given (undefined or null) passes.
 */
export function checkMadeBy<T>(report: Reporter, prop: string, value: T | undefined, method: string, make: string): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof (value as any)[method] !== 'function') report.fail(prop, value, `must be made with ${make}`);
  return value;
}

/**
 * A duration in whole seconds, as the API's `*Seconds` fields take it (`Duration.seconds(5)`);
 * `Duration.millis(500)` would otherwise fail inside cdk8s with a bare Error.
 */
export function checkDuration(report: Reporter, prop: string, value: Duration | undefined, minSeconds = 0): Duration | undefined {
  if (checkMadeBy(report, prop, value, 'toMilliseconds', 'Duration.seconds()') === undefined) return undefined;
  const ms = value!.toMilliseconds({ integral: false });
  if (!Number.isFinite(ms) || ms % 1000 !== 0 || ms / 1000 < minSeconds) {
    report.fail(prop, `${ms}ms`, `must be a whole number of seconds${minSeconds > 0 ? `, at least ${minSeconds}` : ''} (e.g. Duration.seconds(${Math.max(minSeconds, 1)}))`);
  }
  return value;
}

/** Most bytes an object's annotations may take, keys and values together (the API server's limit). */
export const MAX_ANNOTATION_BYTES = 256 * 1024;

/** Annotations: names to strings, each key a qualified name, 256 KiB at most in all. */
export function checkAnnotations(report: Reporter, prop: string, value: { [key: string]: string } | undefined): { [key: string]: string } {
  const map = checkStringMap(report, prop, value);
  let bytes = 0;
  for (const [key, v] of Object.entries(map)) {
    // The API server checks annotation keys lower-cased (ValidateAnnotations).
    if (!isQualifiedName(key.toLowerCase())) {
      report.fail(prop, key, "each key must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'");
    }
    bytes += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(v, 'utf8');
  }
  if (bytes > MAX_ANNOTATION_BYTES) report.fail(prop, Object.keys(map), `take ${bytes} bytes, over the ${MAX_ANNOTATION_BYTES} (256 KiB) the API server accepts`);
  return map;
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function isQualifiedName(key: string): boolean {
  if (typeof key !== 'string') return false;
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  return name.length <= 63 && QUALIFIED_NAME.test(name) && (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)));
}

/**
 * A count or a percentage of pods (a PodDisruptionBudget's or rolling update's IntOrString):
 * a whole number >= 0, or `<n>%` with n within 0-100 (ValidatePositiveIntOrPercent, IsValidPercent).
 */
export function checkIntOrPercent(report: Reporter, prop: string, value: unknown, make: string, capPercent = true): void {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+%$/.test(value) ? Number(value.slice(0, -1)) : NaN;
  if (!Number.isInteger(n) || n < 0 || (capPercent && typeof value === 'string' && n > 100)) {
    report.fail(prop, value, `must be a whole number >= 0 or a percentage within 0-100% (${make})`);
  }
}
