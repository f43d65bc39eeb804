import { App, Chart, ChartProps, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import { validateSchemas } from './schema';
import { ManifestChecks } from '../../lib';
import { VIOLATION_FORMAT } from '../../lib/shared/errors';

/** A fresh chart in a fresh app, as `Testing.chart()` but with chart props (a namespace). */
export function newChart(props: ChartProps = {}): Chart {
  return new Chart(Testing.app(), 'test', props);
}

/**
 * Runs every construct validation, as `cdk8s synth` does, and throws the same message the CLI
 * would print. (`Testing.synth` runs them too, through `App._synthChart`; this is for tests
 * that want the validations without synthesizing.)
 */
export function validateApp(scope: IConstruct): void {
  const root = scope.node.root;
  const errors = root.node.findAll().flatMap(c => c.node.validate().map(e => `[${c.node.path}] ${e}`));
  if (errors.length > 0) {
    throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  }
}

/** Synthesizes the chart (which runs every construct validation) and checks every object against the Kubernetes schemas. */
export function synth(chart: Chart): any[] {
  const manifests = Testing.synth(chart);
  validateSchemas(manifests);
  return manifests;
}

/** Synthesizes every chart of an app in order, validated and schema-checked. */
export function synthApp(app: App): any[] {
  const manifests = app.charts.flatMap(c => Testing.synth(c));
  validateSchemas(manifests);
  return manifests;
}

/** Fails with every violation listed when the manifests break the wiring or pod-security rules. */
export function expectWellFormed(manifests: any[]): void {
  const violations = ManifestChecks.all(manifests);
  if (violations.length > 0) {
    throw new Error(`expected no violations, found:\n${ManifestChecks.format(violations)}`);
  }
}

export function find(manifests: any[], kind: string, name?: string): any {
  const found = manifests.filter(m => m.kind === kind && (name === undefined || m.metadata?.name === name));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}: ${manifests.map(m => `${m.kind}/${m.metadata?.name}`).join(', ')}`);
  }
  return found[0];
}

export function findAll(manifests: any[], kind: string): any[] {
  return manifests.filter(m => m.kind === kind);
}

/**
 * Asserts that `build` throws exactly `message`, and that the message is in the common
 * format (construct, path, prop, value, rule) rather than a TypeError or a bare string.
 */
export function expectError(build: () => unknown, message: string): void {
  let thrown: unknown;
  try {
    build();
  } catch (e) {
    thrown = e;
  }
  if (thrown === undefined) throw new Error(`expected the error:\n  ${message}\nbut nothing was thrown`);
  const text = thrown instanceof Error ? thrown.message : String(thrown);
  expect(thrown).not.toBeInstanceOf(TypeError);
  expect(text).toEqual(message);
  expect(text).toMatch(VIOLATION_FORMAT);
}

/** Asserts that synth-time validation reports `message` (among possibly others). */
export function expectSynthError(chart: Chart, message: string): void {
  expect(() => validateApp(chart)).toThrow(message);
  expect(message).toMatch(VIOLATION_FORMAT);
}
