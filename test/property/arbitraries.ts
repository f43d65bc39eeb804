import * as fc from 'fast-check';

/**
 * Generators of valid (and one-field-invalid) inputs, shared by the property tests. The
 * seed is fixed so a failure reproduces; runs per pattern come from PROPERTY_RUNS (CI: 1,000).
 */
export const SEED = 20261122;
export const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
export const settings = { seed: SEED, numRuns: RUNS, endOnFailure: true };

/** A DNS-1123 label of at most `max` characters. */
export function dnsLabel(max = 20): fc.Arbitrary<string> {
  return fc.stringMatching(new RegExp(`^[a-z]([-a-z0-9]{0,${Math.max(0, max - 2)}}[a-z0-9])?$`));
}

export const hostName = fc.tuple(dnsLabel(10), dnsLabel(10)).map(([a, b]) => `${a}.${b}.example.com`);
export const envName = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,15}$/);
export const port = fc.integer({ min: 1, max: 65535 });
export const unprivilegedPort = fc.integer({ min: 1025, max: 65535 });
export const nodePort = fc.integer({ min: 30000, max: 32767 });
export const imageTag = fc.stringMatching(/^[0-9]{1,2}\.[0-9]{1,2}(\.[0-9]{1,2})?(-alpine)?$/);
export const image = fc.tuple(fc.constantFrom('nginx', 'ghcr.io/acme/web', 'registry.local:5000/team/api'), imageTag)
  .map(([repo, tag]) => `${repo}:${tag}`);
export const absolutePath = fc.array(dnsLabel(8), { minLength: 1, maxLength: 3 }).map(parts => `/${parts.join('/')}`);
export const cidr = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 32 }))
  .map(([a, b, bits]) => `${a}.${b}.0.0/${bits}`);
export const envMap = fc.dictionary(envName, fc.string({ maxLength: 20 }), { maxKeys: 4 });
