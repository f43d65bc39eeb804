// Addresses are bytes and prefixes are bit masks: bitwise operators are the plain way to say so.
/* eslint-disable no-bitwise */
/**
 * IP addresses and CIDR blocks as the API server reads them: dotted-quad IPv4 without leading
 * zeros, IPv6 with at most one `::` and an optional dotted-quad tail, no zone; a CIDR's bits
 * after the prefix zero (its canonical form, which is what the API server stores).
 */

/** The 16 bytes of an address (IPv4 as IPv4-mapped IPv6) and its family; undefined when it is not one. */
export function parseIp(text: unknown): { bytes: number[]; v4: boolean } | undefined {
  if (typeof text !== 'string' || text.length > 45) return undefined;
  const v4 = parseIpv4(text);
  if (v4) return { bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4], v4: true };
  const v6 = parseIpv6(text);
  return v6 ? { bytes: v6, v4: false } : undefined;
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every(p => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number);
}

function parseIpv6(text: string): number[] | undefined {
  if (!text.includes(':') || text.split('::').length > 2) return undefined;
  let body = text;
  let tail: number[] = [];
  const last = body.lastIndexOf(':');
  if (body.slice(last + 1).includes('.')) {
    const v4 = parseIpv4(body.slice(last + 1));
    if (!v4) return undefined;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    body = body.slice(0, last + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const hextets = (s: string): number[] | undefined => {
    if (s === '') return [];
    const groups = s.split(':');
    return groups.every(g => /^[0-9a-fA-F]{1,4}$/.test(g)) ? groups.map(g => parseInt(g, 16)) : undefined;
  };
  let groups: number[];
  if (body.includes('::')) {
    const [head, rest] = body.split('::');
    const front = hextets(head);
    const back = hextets(rest);
    if (!front || !back) return undefined;
    const missing = 8 - front.length - back.length - tail.length;
    if (missing < 1) return undefined;
    groups = [...front, ...new Array(missing).fill(0), ...back, ...tail];
  } else {
    const all = hextets(body);
    if (!all) return undefined;
    groups = [...all, ...tail];
  }
  if (groups.length !== 8) return undefined;
  return groups.flatMap(g => [g >> 8, g & 0xff]);
}

/**
 * Why an address may not serve as a Service's external IP, or undefined: the API server refuses
 * unspecified, loopback, link-local and link-local multicast addresses there (ValidateNonSpecialIP).
 */
export function specialIpReason(bytes: number[]): string | undefined {
  const mapped = bytes.slice(0, 10).every(b => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  const v4 = bytes.slice(12);
  if (bytes.every(b => b === 0) || (mapped && v4.every(b => b === 0))) return 'is the unspecified address';
  if ((mapped && v4[0] === 127) || (bytes.slice(0, 15).every(b => b === 0) && bytes[15] === 1)) return 'is a loopback address';
  if ((mapped && v4[0] === 169 && v4[1] === 254) || (bytes[0] === 0xfe && (bytes[1] & 0xc0) === 0x80)) return 'is a link-local address';
  if ((mapped && v4[0] === 224 && v4[1] === 0 && v4[2] === 0) || (bytes[0] === 0xff && (bytes[1] & 0x0f) === 0x02)) return 'is a link-local multicast address';
  return undefined;
}

/** A CIDR block: its address bytes and prefix length (0-32 or 0-128), and whether host bits are set. */
export function parseCidr(text: unknown): { bytes: number[]; v4: boolean; bits: number; canonical: boolean } | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  if (slash < 0 || !/^(0|[1-9]\d{0,2})$/.test(text.slice(slash + 1))) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const bits = Number(text.slice(slash + 1));
  if (!ip || bits > (ip.v4 ? 32 : 128)) return undefined;
  const first = bits + (ip.v4 ? 96 : 0);
  let canonical = true;
  for (let i = first; i < 128; i++) if (ip.bytes[i >> 3] & (0x80 >> (i & 7))) canonical = false;
  return { ...ip, bits, canonical };
}
