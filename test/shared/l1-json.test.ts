import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { fasterToJson, FieldForm, fieldsOf, tableJson } from '../../lib/shared/l1-json';
import { SEED } from '../property/arbitraries';

const k8s = kplus.k8s as unknown as Record<string, unknown>;
const NAMES = Object.keys(k8s).filter(name => name.startsWith('toJson_') && typeof k8s[name] === 'function');
const generated = (name: string) => k8s[name] as (value: unknown) => unknown;

/**
 * A result as text that tells apart what JSON.stringify would not: keys in their order, a key
 * holding undefined from a missing key, a hole from undefined, a date from its text. Or the
 * fact that it threw (the message differs between the two: both throw TypeErrors at different
 * property reads).
 */
function outcome(run: () => unknown): string {
  const show = (v: unknown): string => {
    if (v === undefined) return 'undefined';
    if (v instanceof Date) return `Date(${Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString()})`;
    if (Array.isArray(v)) return `[${Array.from({ length: v.length }, (_, i) => (i in v ? show(v[i]) : 'hole')).join(',')}]`;
    if (typeof v === 'object' && v !== null) return `{${Object.keys(v).map(k => `${JSON.stringify(k)}:${show((v as any)[k])}`).join(',')}}`;
    return typeof v === 'function' ? 'function' : JSON.stringify(v);
  };
  try {
    return show(run());
  } catch {
    return 'threw';
  }
}

/** Own-property maps, so that `__proto__` is a key like any other. */
const mapOf = (values: fc.Arbitrary<unknown>) => fc.array(fc.tuple(fc.constantFrom('b', 'a', '10', '2', '__proto__', 'app.kubernetes.io/name', 'constructor'), values), { maxLength: 4 })
  .map(entries => {
    const map: Record<string, unknown> = {};
    for (const [key, value] of entries) Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
    return map;
  });

/** Values that are none of a field's forms, or edge cases of them: what the tables hand back to the generated code. */
const odd: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant({}),
  fc.constant([1, , 3]), fc.constant({ map: (f: (x: unknown) => unknown) => ['custom', f(1)] }), fc.constant({ value: 'v' }),
  fc.constant(new Date(0)), fc.constant({ toISOString: () => 'when' }),
);

const json: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>(tie => ({
  v: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined),
    fc.array(tie('v'), { maxLength: 3 }), mapOf(tie('v'))),
})).v;

/** A value of a field in `form`, mostly well formed, now and then odd; nested types to `depth`. */
function valueIn(form: FieldForm, depth: number): fc.Arbitrary<unknown> {
  const usual = ((): fc.Arbitrary<unknown> => {
    switch (form.form) {
      case 'value': return json;
      case 'object': return depth > 0 ? valueOfType(form.type, depth - 1) : odd;
      case 'objects': return depth > 0 ? fc.array(fc.oneof(valueOfType(form.type, depth - 1), fc.constant(undefined)), { maxLength: 3 }) : odd;
      case 'list': return fc.array(json, { maxLength: 3 });
      case 'union': return fc.oneof(fc.integer(), fc.string({ maxLength: 4 })).map(value => ({ value }));
      case 'date': return fc.date();
      case 'map': return mapOf(fc.oneof(valueIn(form.item, depth), fc.constant(undefined)));
    }
  })();
  return fc.oneof({ arbitrary: usual, weight: 6 }, { arbitrary: odd, weight: 1 });
}

/** A value of an L1 type: its fields (any of them missing), a key it does not have, or now and then something else. */
function valueOfType(name: string, depth: number): fc.Arbitrary<unknown> {
  const fields = fieldsOf(name) ?? [];
  const record = fc.record({
    ...Object.fromEntries(fields.map(f => [f.prop, valueIn(f.form, depth)])),
    notAField: json,
  }, { requiredKeys: [] });
  return fc.oneof({ arbitrary: record, weight: 8 }, { arbitrary: odd, weight: 1 });
}

describe('fasterToJson', () => {
  test('reads every generated function of cdk8s-plus-28 into a table', () => {
    expect(NAMES.length).toBeGreaterThan(400);
    const unread = NAMES.filter(name => fieldsOf(name) === null || fasterToJson(name) === generated(name));
    expect(unread).toEqual([]);
  });

  test('reads the forms of the fields: renamed keys, nested types, lists, maps, unions, dates', () => {
    const byJson = (name: string) => Object.fromEntries((fieldsOf(name) ?? []).map(f => [f.json, f]));
    expect(byJson('toJson_ServiceSpec').clusterIP).toEqual({ json: 'clusterIP', prop: 'clusterIp', form: { form: 'value' }, convert: expect.any(Function) });
    expect(byJson('toJson_PodSpec').containers.form).toEqual({ form: 'objects', type: 'toJson_Container' });
    expect(byJson('toJson_DeploymentSpec').template.form).toEqual({ form: 'object', type: 'toJson_PodTemplateSpec' });
    expect(byJson('toJson_RollingUpdateDeployment').maxSurge.form).toEqual({ form: 'union' });
    expect(byJson('toJson_ObjectMeta').labels.form).toEqual({ form: 'map', item: { form: 'value' } });
    expect(byJson('toJson_ObjectMeta').finalizers.form).toEqual({ form: 'list' });
    expect(byJson('toJson_ObjectMeta').creationTimestamp.form).toEqual({ form: 'date' });
    expect(byJson('toJson_ResourceRequirements').limits.form).toEqual({ form: 'map', item: { form: 'union' } });
    expect(byJson('toJson_JsonSchemaProps').$ref).toMatchObject({ prop: 'ref' });
    // The generated order, which the YAML keeps.
    expect((fieldsOf('toJson_KubeDeploymentProps') ?? []).map(f => f.json)).toEqual(['metadata', 'spec']);
  });

  test('writes what the generated function writes, or throws where it throws, for every L1 type on random values', () => {
    let values = 0;
    let byTable = 0;
    for (const name of NAMES) {
      const faster = fasterToJson(name)!;
      fc.assert(fc.property(valueOfType(name, 2), value => {
        expect([name, outcome(() => faster(value))]).toEqual([name, outcome(() => generated(name)(value))]);
        values++;
        if (outcome(() => tableJson(name, value)) !== 'threw') byTable++;
      }), { seed: SEED, numRuns: 15 });
    }
    // Most values are written by the tables themselves, not handed back to the generated code.
    expect(byTable / values).toBeGreaterThan(0.5);
  });

  test('a Deployment as cdk8s-plus renders it, written by the table itself: same keys in the same order, nothing left undefined', () => {
    const value = {
      metadata: { name: 'web', labels: { b: '2', a: '1', 10: 'ten' }, annotations: undefined },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: { value: '25%' }, maxUnavailable: { value: 0 } } },
        template: { spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 8080 }], resources: { limits: { memory: { value: '64Mi' } } } }], hostPID: true, hostPid: false } },
      },
      status: { replicas: 1 },
    };
    const written = tableJson('toJson_KubeDeploymentProps', value) as any;
    expect(outcome(() => written)).toEqual(outcome(() => generated('toJson_KubeDeploymentProps')(value)));
    expect(Object.keys(written.metadata.labels)).toEqual(['10', 'b', 'a']);
    expect(written.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
    expect(written.spec.template.spec.hostPID).toBe(false);
    expect('status' in written).toBe(false);
    expect('annotations' in written.metadata).toBe(false);
  });

  test('hands a value it does not write as the generated code would to the generated function', () => {
    const customMap = { map: () => ['from map()'] };
    expect(fasterToJson('toJson_PodSpec')!({ containers: customMap })).toEqual({ containers: ['from map()'] });
    // Maps with an own `__proto__` key now and then.
    fc.assert(fc.property(mapOf(fc.constant('x')), labels => {
      expect(outcome(() => fasterToJson('toJson_ObjectMeta')!({ labels }))).toEqual(outcome(() => generated('toJson_ObjectMeta')({ labels })));
    }), { seed: SEED, numRuns: 50 });
    expect(() => fasterToJson('toJson_PodSpec')!({ containers: 'text' })).toThrow(TypeError);
    expect(fasterToJson('toJson_ObjectMeta')!({ labels: 'ab' })).toEqual({ labels: { 0: 'a', 1: 'b' } });
  });

  test('is undefined for a name without a generated function', () => {
    expect(fasterToJson('toJson_NoSuchType')).toBeUndefined();
    expect(fasterToJson('KubeDeployment')).toBeUndefined();
    expect(fieldsOf('toJson_NoSuchType')).toBeNull();
  });
});
