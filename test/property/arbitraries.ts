// CIDR prefixes are bit masks: bitwise operators are the plain way to say so.
/* eslint-disable no-bitwise */
import { App, Chart, ChartProps, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { ExposedWebAppProps, HealthChecks, ResourcePreset } from '../../lib';
import { PatternValidationError, VIOLATION_FORMAT } from '../../lib/shared/errors';
import { validateSchemas } from '../support/schema';

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
  // The network address of its block: bits after the prefix zero.
  .map(([a, b, bits]) => `${a}.${bits >= 16 ? b : b & (0xff << (16 - bits)) & 0xff}.0.0/${bits}`);
export const envMap = fc.dictionary(envName, fc.string({ maxLength: 20 }), { maxKeys: 4 });

/** A DNS-1123 subdomain of one to three labels. */
export const dnsSubdomain = fc.array(dnsLabel(12), { minLength: 1, maxLength: 3 }).map(parts => parts.join('.'));
/** A port name: a letter first, so it is never all digits; no '--'. */
export const portName = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,4}$/), fc.array(fc.stringMatching(/^[a-z0-9]{1,3}$/), { maxLength: 2 }))
  .map(([head, rest]) => [head, ...rest].join('-'));
/** A storage size such as `3Gi` or `500M`. */
export const storageSize = fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('Ki', 'Mi', 'Gi', 'Ti', 'k', 'M', 'G', ''))
  .map(([n, unit]) => `${n}${unit}`);
const octet = fc.integer({ min: 0, max: 255 });
export const ipv4 = fc.tuple(fc.integer({ min: 1, max: 223 }), octet, octet, fc.integer({ min: 1, max: 254 })).map(parts => parts.join('.'));
/** An NFS server: an IPv4 address or a host name. */
export const server = fc.oneof(ipv4, dnsSubdomain);
/** A ConfigMap key that is also a valid environment variable name after any prefix. */
export const configKey = fc.stringMatching(/^[a-z][-._a-z0-9]{0,11}$/);
/** Text for ConfigMap values, one or several lines. */
export const configValue = fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 3 }).map(lines => lines.join('\n'));
/** A non-empty, duplicate-free subset of `values`, in the given order. */
export function subsetOf<T>(values: readonly T[]): fc.Arbitrary<T[]> {
  return fc.subarray([...values], { minLength: 1 });
}

/**
 * Asserts that `build` throws a PatternValidationError in the common format about `prop` of the
 * construct at `path` (`prop` itself, or one of its entries: `prop[0]`, `prop.field`).
 */
export function expectErrorNaming(build: () => unknown, constructType: string, path: string, prop: string): void {
  let thrown: unknown;
  try {
    build();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(PatternValidationError);
  const message = (thrown as Error).message;
  expect(message).toMatch(VIOLATION_FORMAT);
  expect(message.startsWith(`${constructType} '${path}': invalid ${prop}`)).toBe(true);
  expect(message.charAt(`${constructType} '${path}': invalid ${prop}`.length)).toMatch(/[ [.]/);
}

/**
 * A chart for one run: as `newChart`, without the temporary outdir `Testing.app()` makes,
 * since nothing is written to disk.
 */
export function runChart(props: ChartProps = {}): Chart {
  return new Chart(new App(), 'test', props);
}

/**
 * Synthesizes a chart once, construct validations included, and checks every object against
 * the Kubernetes schemas: `Testing.synth` runs the validations itself in cdk8s 2.x, so the
 * separate pass of `synth()` in test/support is left out of the thousands of runs (a test
 * below keeps that assumption honest).
 */
export function synthOnce(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  validateSchemas(manifests);
  return manifests;
}

const serviceTypes = [kplus.ServiceType.CLUSTER_IP, kplus.ServiceType.NODE_PORT, kplus.ServiceType.LOAD_BALANCER];

/** Props that are valid by construction: every rule of ExposedWebApp is respected. */
export const webAppProps: fc.Arbitrary<ExposedWebAppProps> = fc.record({
  image,
  name: fc.option(dnsLabel(30), { nil: undefined }),
  containerPort: unprivilegedPort,
  servicePort: port,
  serviceTypeIndex: fc.integer({ min: 0, max: 2 }),
  nodePort: fc.option(nodePort, { nil: undefined }),
  autoscale: fc.option(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 5 })), { nil: undefined }),
  replicas: fc.integer({ min: 0, max: 10 }),
  ingress: fc.option(fc.record({
    hosts: fc.uniqueArray(hostName, { maxLength: 3 }),
    tls: fc.boolean(),
    path: fc.option(absolutePath, { nil: undefined }),
  }), { nil: undefined }),
  budget: fc.boolean(),
  policyCidrs: fc.option(fc.array(cidr, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  env: envMap,
  preset: fc.constantFrom(...Object.values(ResourcePreset)),
  probes: fc.constantFrom('http', 'tcp', 'none'),
  writablePaths: fc.uniqueArray(absolutePath, { maxLength: 3 }),
}).map(r => {
  const serviceType = serviceTypes[r.serviceTypeIndex];
  const exposed = serviceType !== kplus.ServiceType.CLUSTER_IP;
  const hosts = r.ingress?.hosts ?? [];
  return {
    image: r.image,
    name: r.name,
    containerPort: r.containerPort,
    servicePort: r.servicePort,
    serviceType,
    nodePort: exposed ? r.nodePort : undefined,
    replicas: r.autoscale ? undefined : Math.max(r.replicas, r.budget ? 2 : 0),
    autoscaling: r.autoscale ? { minReplicas: Math.max(2, r.autoscale[0]), maxReplicas: Math.max(2, r.autoscale[0]) + r.autoscale[1] } : undefined,
    ingress: r.ingress ? { hosts, path: r.ingress.path, tlsSecretName: r.ingress.tls && hosts.length > 0 ? 'web-tls' : undefined } : undefined,
    disruptionBudget: r.budget ? {} : undefined,
    networkPolicy: r.policyCidrs || r.ingress ? { allowFromCidrs: r.policyCidrs } : undefined,
    env: r.env,
    resourcePreset: r.preset,
    healthChecks: r.probes === 'http' ? HealthChecks.http() : r.probes === 'tcp' ? HealthChecks.tcp() : HealthChecks.none(),
    security: { writablePaths: r.writablePaths },
  } as ExposedWebAppProps;
}).filter(p => !(p.networkPolicy && p.serviceType !== kplus.ServiceType.CLUSTER_IP && !p.networkPolicy.allowFromCidrs));
