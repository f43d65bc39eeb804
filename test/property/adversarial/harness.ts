import * as fs from 'fs';
import { App, Chart, ChartProps, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { ManifestChecks } from '../../../lib';
import { PatternValidationError, VIOLATION_FORMAT } from '../../../lib/shared/errors';
import { validateSchemas } from '../../support/schema';

/**
 * The adversarial property: whatever a public construct or method is handed (garbage included),
 * each run ends either in the library's own PatternValidationError, naming the construct, a
 * prop the user passed, the value and the rule, or in output the strict validator
 * (test/support/strict), the Kubernetes schemas and `ManifestChecks.all` accept.
 *
 * Runs per construct: FUZZ_RUNS (default 500; `FUZZ_RUNS=5000 npx jest test/property/adversarial`
 * for the long run). The seed is fixed so a failure reproduces; FUZZ_SEED overrides it.
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 500);
export const FUZZ_SETTINGS = { seed: Number(process.env.FUZZ_SEED ?? 20261202), numRuns: FUZZ_RUNS, endOnFailure: true };
/** Thousands of runs take time; jest's 5 s default is for the default run count. */
export const FUZZ_TIMEOUT = Math.max(60_000, FUZZ_RUNS * 200);

/** How a run ended, counted per test so the report can say so. */
export interface Outcome { errors: number; synthErrors: number; valid: number }

/**
 * With FUZZ_REPORT=<file>, appends one JSON line per property: its name and how its runs ended
 * (our error at construction, our error at synth, valid YAML). Any other end fails the test.
 */
export function recordOutcome(name: string, outcome: Outcome): void {
  if (process.env.FUZZ_REPORT) fs.appendFileSync(process.env.FUZZ_REPORT, `${JSON.stringify({ name, runs: FUZZ_RUNS, ...outcome })}\n`);
}

/**
 * An adversarial property over `arbitrary`: `body` builds each run through `checkRun` with the
 * outcome it is handed. The outcome is recorded under `name`, and both ends must be reached.
 */
export function fuzzRuns<T>(name: string, arbitrary: fc.Arbitrary<T>, body: (value: T, outcome: Outcome) => void): Outcome {
  const outcome: Outcome = { errors: 0, synthErrors: 0, valid: 0 };
  fc.assert(fc.property(arbitrary, value => body(value, outcome)), FUZZ_SETTINGS);
  recordOutcome(name, outcome);
  expect(outcome.valid).toBeGreaterThan(0);
  expect(outcome.errors).toBeGreaterThan(0);
  return outcome;
}

/** A chart in a fresh app; the namespace may itself be adversarial. */
export function fuzzChart(props: ChartProps = {}): Chart {
  return new Chart(new App(), 'test', props);
}

/**
 * Runs `build` and checks the property. `roots` are the props (or method names) the user passed;
 * an error must name one of them, or `props` itself. `outsideRules`: wiring rules about objects
 * the run deliberately leaves outside the app (a selector for pods written elsewhere).
 */
export function checkRun(outcome: Outcome, constructType: string | string[], roots: string[], build: (chart: Chart) => void,
  chartProps: ChartProps = {}, outsideRules: string[] = []): void {
  const types = Array.isArray(constructType) ? constructType : [constructType];
  let chart: Chart;
  try {
    chart = fuzzChart(chartProps);
  } catch {
    return; // cdk8s itself refused the chart props: nothing of ours ran
  }
  try {
    build(chart);
  } catch (e) {
    expectOurError(e, types, roots);
    outcome.errors++;
    return;
  }
  let manifests: any[];
  try {
    manifests = Testing.synth(chart);
  } catch (e) {
    // Construct validations at synth: cdk8s lists each `[path] message`; every message is ours.
    const text = (e as Error).message;
    const lines = text.split('\n').slice(1).map(l => l.trim()).filter(l => l !== '');
    if (!text.startsWith('Validation failed with the following errors:') || lines.length === 0) throw e;
    for (const line of lines) expect(line.replace(/^\[[^\]]*\] /, '')).toMatch(VIOLATION_FORMAT);
    outcome.synthErrors++;
    return;
  }
  validateSchemas(manifests);
  const violations = ManifestChecks.all(manifests).filter(v => !outsideRules.includes(v.rule));
  if (violations.length > 0) throw new Error(`accepted input gave YAML that breaks the library's own checks:\n${ManifestChecks.format(violations)}`);
  outcome.valid++;
}

/**
 * One adversarial property as a jest test: `props` (now and then replaced by garbage altogether)
 * built by `build`; errors may name the props given, `required` ones and `extraRoots`.
 */
export function fuzzTest<T>(title: string, constructType: string | string[], props: fc.Arbitrary<T>, required: string[],
  build: (chart: Chart, props: T) => void, extraRoots: (props: T) => string[] = () => [], outsideRules: string[] = []): void {
  test(title, () => {
    const outcome: Outcome = { errors: 0, synthErrors: 0, valid: 0 };
    fc.assert(fc.property(fc.oneof({ weight: 20, arbitrary: props }, { weight: 1, arbitrary: garbage }), p => {
      checkRun(outcome, constructType, [...given(p, required), ...extraRoots(p)], chart => build(chart, p), {}, outsideRules);
    }), FUZZ_SETTINGS);
    recordOutcome(title, outcome);
    expect(outcome.valid).toBeGreaterThan(0);
    expect(outcome.errors).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);
}

function expectOurError(e: unknown, types: string[], roots: string[]): void {
  if (!(e instanceof PatternValidationError)) {
    throw new Error(`expected a PatternValidationError, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  expect(e.message).toMatch(VIOLATION_FORMAT);
  expect(types).toContain(e.constructType);
  const root = e.prop.split(/[.[]/)[0];
  if (!['props', 'options', ...roots].includes(root)) {
    throw new Error(`the error names '${e.prop}', which the user did not pass (passed: ${roots.join(', ')}): ${e.message}`);
  }
}

/**
 * The props an error may name: those given (not undefined) in a props object, and the required
 * ones, which an error names when they are missing.
 */
export function given(props: unknown, required: string[] = []): string[] {
  return [...required, ...(props !== null && typeof props === 'object' ? Object.keys(props).filter(k => (props as any)[k] !== undefined) : [])];
}

// ----------------------------------------------------------------------------------- arbitraries

const LONG = 'a'.repeat(10_000);

/** What a plain-JavaScript or jsii caller can hand over instead of the right thing. */
export const garbage: fc.Arbitrary<any> = fc.oneof(
  fc.constantFrom(undefined, null, NaN, Infinity, -Infinity, 0, -1, 1.5, 2 ** 53, '', ' ', LONG, 'Ünïcödé', '💥', '\u0000', true, false, [], {}, [null], () => 1),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.double(),
  fc.integer(),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 3 }),
);

/** An optional prop: often left out, else drawn from `values` (which hold edge cases of their own). */
export function maybe<T>(values: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: values });
}

/** A required prop: drawn from `values`, rarely garbage. */
export function mostly<T>(values: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 30, arbitrary: values }, { weight: 1, arbitrary: garbage });
}

/** Mostly `valid`, now and then an edge case (which may be invalid). */
export function edgy<T>(valid: fc.Arbitrary<T>, edges: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: edges });
}

/**
 * A props struct as `record` makes it; in a third of the runs one or two of its props are
 * replaced by garbage, so every prop meets null, NaN, wrong types and
 * 10,000-character strings without every run failing at once.
 */
export function withGarbage<T extends object>(record: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(record, fc.nat(2), fc.nat(), fc.nat(), garbage, garbage).map(([r, roll, i, j, g1, g2]) => {
    if (roll > 0) return r;
    const out: any = { ...r };
    const keys = Object.keys(out).length > 0 ? Object.keys(out) : ['x'];
    out[keys[i % keys.length]] = g1;
    if (j % 3 === 0) out[keys[j % keys.length]] = g2;
    return out;
  });
}

/** `record` as is most of the time, now and then with a prop or two replaced by garbage: for items of lists, where one bad item spoils the run. */
export function rarelyGarbage<T extends object>(record: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 5, arbitrary: record }, { weight: 1, arbitrary: withGarbage(record) });
}

/** A list with the edges of lists: duplicates of an entry, and more entries than the CRD allows. */
export function listOf<T>(item: fc.Arbitrary<T>, maxLength: number, limit: number, minLength = 0): fc.Arbitrary<T[]> {
  return edgy(fc.array(item, { minLength, maxLength }), fc.oneof(
    fc.array(item, { minLength: 1, maxLength }).map(list => [...list, list[0]]),
    item.map(one => Array.from({ length: limit + 1 }, () => one)),
  ));
}

/** Names at and past the edges: valid labels, too long, capitals, leading digits and dashes, dots. */
export const name = edgy(
  fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/),
  fc.constantFrom('a', '0a', '1', 'a-', '-a', 'A', 'a.b', 'a_b', 'a'.repeat(63), 'a'.repeat(64), `${'a'.repeat(52)}`, `${'a'.repeat(53)}`, 'a--b', 'xn--a'),
);

/** Label values, keys and maps with the API server's edge cases. */
export const labelValue = edgy(fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,8}[A-Za-z0-9])?$/), fc.constantFrom('', '-a', 'a-', 'a'.repeat(64), 'a b', 24390 as any));
export const labelKey = edgy(fc.oneof(fc.stringMatching(/^[a-z]{1,6}(\.[a-z]{1,4})?\/[a-z]{1,6}$/), fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/)),
  fc.constantFrom('a/b/c', '/a', 'A.com/x', 'x/', 'kubernetes.io/hostname', `${'a'.repeat(64)}`, 'a b'));
export const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });

export const ip = edgy(
  fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })).map(p => p.join('.')),
  fc.constantFrom('0.0.0.0', '127.0.0.1', '169.254.1.1', '224.0.0.1', '::', '::1', 'fe80::1', 'ff02::1', '2001:db8::1', '::ffff:10.0.0.1',
    '256.1.1.1', '01.2.3.4', '1.2.3', ':/64', '1::2::3', 'fe80::1%eth0', '10.0.0.1/8'),
);
export const cidr = edgy(
  fc.tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 8, max: 32 })).map(([a, bits]) => `${a}.0.0.0/${bits}`),
  fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '10.0.0.1/8', '2001:db8::/32', '2001:db8::1/32', '::/0', ':/64', '10.0.0.0/33', '10.0.0.0', '/8', '1.2.3.4/-1'),
);
export const host = edgy(
  fc.stringMatching(/^[a-z][a-z0-9]{0,6}(\.[a-z][a-z0-9]{0,6}){1,2}$/),
  fc.constantFrom('1.2.3.4', '*.example.com', '*', 'a..b', 'EXAMPLE.com', '-a.com', `${'a'.repeat(64)}.com`, 'a_b.com', 'localhost', '::1', 'example.com.'),
);
export const urlPath = edgy(
  fc.stringMatching(/^(\/[a-z0-9]{1,5}){1,3}$/),
  fc.constantFrom('/', '//', '/a//b', '/a/./b', '/a/../b', '/a/.', '/a/..', '/%2f', '/a%2Fb', 'a', '', '/a b', '/.', '/a/'),
);
export const port = edgy(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(0, -1, 65536, 80.5, 30000, 32767, 8080));
export const nodePort = edgy(fc.integer({ min: 30000, max: 32767 }), fc.constantFrom(80, 29999, 32768, 30000.5));
export const absolutePath = edgy(fc.stringMatching(/^(\/[a-z0-9]{1,5}){1,3}\/?$/), fc.constantFrom('/', '/tmp', '/tmp/', '//tmp', 'tmp', '/a/../b', '/a\u0000'));
export const quantity = edgy(
  fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('Ki', 'Mi', 'Gi', 'Ti', 'Ei', 'k', 'M', 'G', 'E', '', 'm', 'e3')).map(([n, u]) => `${n}${u}`),
  fc.constantFrom('0', '0Gi', '-1Gi', '1.5Gi', '2E', '1Ei', '1e3', '+1Gi', '1 Gi', '1GB', 'Gi', '.5Gi', '1e1001'),
);
export const duration = edgy(
  fc.integer({ min: 1, max: 3600 }).map(s => Duration.seconds(s)),
  fc.oneof(fc.integer({ min: 0, max: 5000 }).map(ms => Duration.millis(ms)),
    fc.constantFrom(Duration.millis(500), Duration.minutes(1), Duration.hours(48), Duration.seconds(0.5))),
);
export const memory = edgy(
  fc.integer({ min: 1, max: 4096 }).map(n => Size.mebibytes(n)),
  fc.constantFrom(Size.mebibytes(0.5), Size.kibibytes(1), Size.gibibytes(1), Size.mebibytes(NaN), Size.mebibytes(Infinity), Size.mebibytes(0)),
);
export const storageSize = edgy(
  fc.integer({ min: 1, max: 8 }).map(n => Size.gibibytes(n)),
  fc.constantFrom(Size.mebibytes(512), Size.gibibytes(0.5), Size.gibibytes(NaN)),
);
export const cpu = edgy(
  fc.integer({ min: 1, max: 4000 }).map(n => kplus.Cpu.millis(n)),
  fc.constantFrom(kplus.Cpu.units(1), kplus.Cpu.units(NaN), kplus.Cpu.units(Infinity), kplus.Cpu.units(-1), kplus.Cpu.units(0.0001),
    kplus.Cpu.millis(0)),
);
export const resources: fc.Arbitrary<kplus.ContainerResources> = edgy(
  fc.record({
    cpu: fc.record({ request: cpu, limit: cpu }),
    memory: fc.record({ request: memory, limit: memory }),
    ephemeralStorage: maybe(fc.record({ request: storageSize, limit: storageSize })),
  }),
  fc.record({
    cpu: maybe(fc.record({ request: maybe(cpu), limit: maybe(cpu) })),
    memory: maybe(fc.record({ request: maybe(memory), limit: maybe(memory) })),
    ephemeralStorage: maybe(fc.record({ request: maybe(storageSize), limit: maybe(storageSize) })),
  }),
);
export const percentOrAbsolute = edgy(
  fc.oneof(fc.integer({ min: 1, max: 5 }).map(n => kplus.PercentOrAbsolute.absolute(n)),
    fc.integer({ min: 1, max: 100 }).map(n => kplus.PercentOrAbsolute.percent(n))),
  fc.oneof(fc.integer({ min: -2, max: 0 }).map(n => kplus.PercentOrAbsolute.absolute(n)),
    fc.constantFrom(-10, 0, 101, 150).map(n => kplus.PercentOrAbsolute.percent(n)),
    fc.constant(kplus.PercentOrAbsolute.absolute(1.5))),
);
export const accessModes = edgy(
  fc.subarray(Object.values(kplus.PersistentVolumeAccessMode), { minLength: 1 }),
  fc.constantFrom<any[]>([], ['ReadWriteSometimes'], [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]),
);
export const envMap = fc.dictionary(edgy(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/), fc.constantFrom('1X', 'a b', '', 'A=B')),
  edgy(fc.string({ maxLength: 8 }), fc.constantFrom('$(OTHER)', 5 as any)), { maxKeys: 3 });
export const image = edgy(
  fc.constantFrom('nginx:1.27.3', 'ghcr.io/acme/web:2.1', 'registry.local:5000/team/api@sha256:' + 'a'.repeat(64)),
  fc.constantFrom('nginx', 'nginx:latest', ' nginx:1', 'nginx: 1', ''),
);
export const security = fc.record({
  runAsUser: maybe(fc.oneof(fc.integer({ min: 0, max: 70000 }), fc.constantFrom(-1, 2 ** 31, 1.5))),
  runAsGroup: maybe(fc.integer({ min: -1, max: 70000 })),
  fsGroup: maybe(fc.integer({ min: -1, max: 70000 })),
  readOnlyRootFilesystem: maybe(fc.boolean()),
  writablePaths: maybe(fc.array(absolutePath, { maxLength: 3 })),
  automountServiceAccountToken: maybe(fc.boolean()),
  addCapabilities: maybe(fc.subarray([kplus.Capability.NET_BIND_SERVICE, kplus.Capability.CHOWN, kplus.Capability.ALL, 'NOPE' as any])),
  allowRunAsRoot: maybe(fc.boolean()),
  exceptionReason: maybe(fc.string({ maxLength: 20 })),
}, { requiredKeys: [] });
