// Addresses are bytes and prefixes are bit masks: bitwise operators are the plain way to say so.
/* eslint-disable no-bitwise */
import { isIPv4, isIPv6 } from 'net';

/**
 * The value formats of k8s.io/apimachinery/pkg/util/validation (validation.go, release-1.28),
 * written from that source for the strict validator; the library's own checks are separate
 * code, so a mistake in one is caught by the other.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** IsDNS1123Label. */
export function isDns1123Label(v: unknown): boolean {
  return typeof v === 'string' && v.length <= 63 && DNS1123_LABEL.test(v);
}

/** IsDNS1035Label (Service names: a letter first). */
export function isDns1035Label(v: unknown): boolean {
  return typeof v === 'string' && v.length <= 63 && DNS1035_LABEL.test(v);
}

/** IsDNS1123Subdomain. */
export function isDns1123Subdomain(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0 && v.length <= 253 && v.split('.').every(l => DNS1123_LABEL.test(l));
}

/** IsWildcardDNS1123Subdomain: `*.` then a subdomain. */
export function isWildcardSubdomain(v: unknown): boolean {
  return typeof v === 'string' && v.startsWith('*.') && v.length <= 253 && isDns1123Subdomain(v.slice(2));
}

/** IsQualifiedName: label and annotation keys, finalizers, provisioner names. */
export function isQualifiedName(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const parts = v.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) return false;
  return parts.length === 1 || isDns1123Subdomain(parts[0]);
}

/** IsValidLabelValue. */
export function isLabelValue(v: unknown): boolean {
  return typeof v === 'string' && v.length <= 63 && LABEL_VALUE.test(v);
}

/** ValidatePathSegmentName (RBAC object names): not `.` or `..`, no `/` or `%`. */
export function isPathSegmentName(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0 && v !== '.' && v !== '..' && !/[/%]/.test(v);
}

/** IsValidPortNum. */
export function isPortNumber(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
}

/** IsValidPortName (IANA_SVC_NAME): at most 15 of [-a-z0-9], a letter, no `--`, no '-' at either end. */
export function isPortName(v: unknown): boolean {
  return typeof v === 'string' && v.length >= 1 && v.length <= 15 && /^[-a-z0-9]+$/.test(v) && /[a-z]/.test(v)
    && !v.includes('--') && !v.startsWith('-') && !v.endsWith('-');
}

/** IsEnvVarName. */
export function isEnvVarName(v: unknown): boolean {
  return typeof v === 'string' && /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(v);
}

/** IsConfigMapKey. */
export function isConfigMapKey(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0 && v.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(v) && v !== '.' && v !== '..' && !v.startsWith('..');
}

/** IsValidPercent: `^[0-9]+%$`. */
export function isPercent(v: unknown): boolean {
  return typeof v === 'string' && /^[0-9]+%$/.test(v);
}

/** The 16 bytes of an IPv4 (mapped) or IPv6 address in canonical text; undefined for anything else (zones too). */
export function ipBytes(v: unknown): number[] | undefined {
  if (typeof v !== 'string') return undefined;
  if (isIPv4(v)) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v.split('.').map(Number)];
  if (!isIPv6(v) || v.includes('%')) return undefined;
  let text = v;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tail = text.slice(lastColon + 1).split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (s: string) => (s === '' ? [] : s.split(':').map(g => parseInt(g, 16)));
  const front = groups(head);
  const back = rest === undefined ? [] : groups(rest);
  const all = [...front, ...Array(8 - front.length - back.length).fill(0), ...back];
  const bytes = all.flatMap(g => [g >> 8, g & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** IsValidIP (with Go's strict parser: no leading zeros). */
export function isIp(v: unknown): boolean {
  return ipBytes(v) !== undefined;
}

/**
 * ValidateNonSpecialIP (pkg/apis/core/validation): not unspecified, loopback, link-local unicast
 * or link-local multicast, as Service externalIPs and Endpoints must be.
 */
export function specialIpProblem(v: string): string | undefined {
  const b = ipBytes(v)!;
  const v4 = b.slice(0, 12).every((x, i) => x === (i >= 10 ? 0xff : 0));
  if (b.every(x => x === 0) || (v4 && b.slice(12).every(x => x === 0))) return 'may not be unspecified (0.0.0.0, ::)';
  if ((v4 && b[12] === 127) || (b.slice(0, 15).every(x => x === 0) && b[15] === 1)) return 'may not be in the loopback range (127.0.0.0/8, ::1/128)';
  if ((v4 && b[12] === 169 && b[13] === 254) || (b[0] === 0xfe && (b[1] & 0xc0) === 0x80)) return 'may not be in the link-local range (169.254.0.0/16, fe80::/10)';
  if ((v4 && b[12] === 224 && b[13] === 0 && b[14] === 0) || (b[0] === 0xff && (b[1] & 0x0f) === 0x02)) return 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)';
  return undefined;
}

/**
 * A CIDR in canonical form (`10.0.0.0/8`, not `10.0.0.1/8`): ValidateCIDR / IsValidCIDR parse it,
 * and the canonical form is what the API server writes back (newer releases warn on others).
 */
export function cidrProblem(v: unknown): string | undefined {
  if (typeof v !== 'string') return 'must be a string';
  const slash = v.indexOf('/');
  if (slash < 0) return 'must be a CIDR such as 10.0.0.0/8';
  const ip = v.slice(0, slash);
  const bitsText = v.slice(slash + 1);
  const bytes = ipBytes(ip);
  if (!bytes || !/^(0|[1-9]\d{0,2})$/.test(bitsText)) return 'must be a CIDR such as 10.0.0.0/8';
  const v4 = isIPv4(ip);
  const bits = Number(bitsText) + (v4 ? 96 : 0);
  if (bits > 128) return 'has a prefix longer than the address';
  for (let i = bits; i < 128; i++) {
    if (bytes[i >> 3] & (0x80 >> (i & 7))) return 'must be in canonical form: the bits after the prefix must be zero';
  }
  return undefined;
}
