import { Reporter } from './errors';
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
  if (/^(\d{1,3})(\.\d{1,3}){3}$/.test(value)) {
    return value.split('.').every(octet => Number(octet) <= 255);
  }
  if (value.includes(':')) return /^[0-9a-fA-F:.]+$/.test(value) && value.split('::').length <= 2;
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i.test(value);
}

export function checkIp(report: Reporter, prop: string, value: string): string {
  const ok = typeof value === 'string' && (/^(\d{1,3})(\.\d{1,3}){3}$/.test(value) || value.includes(':')) && isHostOrIp(value);
  if (!ok) report.fail(prop, value, 'must be an IPv4 or IPv6 address');
  return value;
}

/** A CIDR block (`10.0.0.0/8`, `2001:db8::/32`), for source ranges and network policy peers. */
export function checkCidr(report: Reporter, prop: string, value: string): string {
  const [ip, bits, ...rest] = typeof value === 'string' ? value.split('/') : [];
  const max = ip?.includes(':') ? 128 : 32;
  const ok = rest.length === 0 && ip !== undefined && bits !== undefined && /^\d{1,3}$/.test(bits)
    && Number(bits) <= max && isHostOrIp(ip) && (/^[\d.]+$/.test(ip) || ip.includes(':'));
  if (!ok) report.fail(prop, value, "must be a CIDR block such as '10.0.0.0/8' or '2001:db8::/32'");
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
