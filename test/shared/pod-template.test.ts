import { ApiObject, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { envVarJson } from '../../lib/shared/pod-template';
import { RUNS, SEED } from '../property/arbitraries';

const chart = Testing.chart();
let objects = 0;

/** What the resolve step makes of a rendered value: keys sorted, undefined fields dropped. */
function resolved(value: unknown): unknown {
  return new ApiObject(chart, `x${objects++}`, { apiVersion: 'v1', kind: 'X', value } as any).toJson().value;
}

describe('envVarJson', () => {
  const text = fc.constantFrom('cfg', 'mode', 'v1', 'metadata.name', '', 'x y');
  const optional = fc.option(fc.boolean(), { nil: undefined });
  const keyRef = fc.record({ key: text, name: text, optional }, { requiredKeys: ['key'] });
  const fieldRef = fc.record({ fieldPath: text, apiVersion: text }, { requiredKeys: ['fieldPath'] });
  // Plain references as EnvValue's factories make them, and what else a user's EnvValue may hold.
  const valueFrom = fc.oneof(
    fc.record({ configMapKeyRef: keyRef }),
    fc.record({ secretKeyRef: keyRef }),
    fc.record({ fieldRef }),
    fc.record({ configMapKeyRef: fc.record({ key: text, extra: text }) }),
    fc.record({ resourceFieldRef: fc.record({ resource: text, divisor: fc.constant(kplus.k8s.Quantity.fromString('1Mi')) }) }),
    fc.record({ configMapKeyRef: keyRef, unknown: fc.record({ a: text }) }),
  );
  const envValue = fc.oneof(
    text.map(v => kplus.EnvValue.fromValue(v)),
    valueFrom.map(from => ({ value: undefined, valueFrom: from }) as unknown as kplus.EnvValue),
  );

  test('renders what the L1\'s toJson_EnvVar renders, once resolved (random values and references)', () => {
    fc.assert(fc.property(text, envValue, (name, v) => {
      const expected = kplus.k8s.toJson_EnvVar({ name, value: v.value, valueFrom: v.valueFrom });
      expect(resolved(envVarJson(name, v))).toEqual(resolved(expected));
    }), { seed: SEED, numRuns: RUNS });
  });

  test('copies a value or a ConfigMap key as it is, and maps what it does not know', () => {
    const key = kplus.EnvValue.fromValue('x');
    expect(envVarJson('A', key)).toEqual({ name: 'A', value: 'x', valueFrom: undefined });
    const extra = { value: undefined, valueFrom: { configMapKeyRef: { key: 'k', name: 'c', extra: 'dropped' } } } as unknown as kplus.EnvValue;
    expect(envVarJson('B', extra)).toEqual({ name: 'B', valueFrom: { configMapKeyRef: { key: 'k', name: 'c' } } });
  });
});
