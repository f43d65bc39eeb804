import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { ConfigMapInjection, ExposedWebApp, NfsPersistentVolume, StatefulAppWithStorage, VolumeClaim } from '../../lib';
import * as l1Json from '../../lib/shared/l1-json';
import { childrenFollowing, fitConstructLists, moveChildrenToEnd, RenderedApiObject, renderFaster } from '../../lib/shared/rendered-object';
import { RUNS, SEED } from '../property/arbitraries';

/** Renders the same body as a RenderedApiObject and as a plain ApiObject through cdk8s's own path. */
function render(app: App, body: () => { [field: string]: unknown }, patch?: JsonPatch): any {
  const chart = new Chart(app, 'c');
  const obj = new RenderedApiObject(chart, 'o', 'v1', 'ConfigMap', { name: 'x', labels: { b: '2', a: '1' } }, ['data', 'immutable'], body);
  if (patch) obj.addJsonPatch(patch);
  return Testing.synth(chart)[0];
}

const body = () => ({
  data: { zeta: 'z', alpha: Lazy.any({ produce: () => 'lazy' }), gone: undefined, nested: { b: [{ y: 1, x: null }], a: {} } },
  immutable: false,
});

describe('RenderedApiObject', () => {
  test('renders in one copy what resolve and sanitize would: Lazy produced, keys sorted, undefined and null dropped, empty objects kept', () => {
    const out = render(Testing.app(), body);
    expect(JSON.stringify(out)).toEqual(JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { labels: { a: '1', b: '2' }, name: 'x' },
      data: { alpha: 'lazy', nested: { a: {}, b: [{ y: 1 }] }, zeta: 'z' },
      immutable: false,
    }));
  });

  test('an app with a custom resolver takes the standard path, so the resolver applies', () => {
    class Upper implements IResolver {
      public resolve(context: ResolutionContext): void {
        // cdk8s resolves a replaced value again: replace only what changes.
        if (typeof context.value === 'string' && context.value !== context.value.toUpperCase()) context.replaceValue(context.value.toUpperCase());
      }
    }
    const out = render(Testing.app({ resolvers: [new Upper()] }), body);
    expect(out.data).toEqual({ alpha: 'LAZY', nested: { a: {}, b: [{ y: 1 }] }, zeta: 'Z' });
    expect(out.metadata.name).toEqual('X');
  });

  test('a JSON patch takes the standard path, so it applies', () => {
    const out = render(Testing.app(), body, JsonPatch.add('/data/patched', 'yes'));
    expect(out.data.patched).toEqual('yes');
  });

  test('with CDK8S_DISABLE_SORT the standard path keeps insertion order', () => {
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const out = render(Testing.app(), body);
      expect(Object.keys(out)).toEqual(['apiVersion', 'kind', 'metadata', 'data', 'immutable']);
      expect(Object.keys(out.data)).toEqual(['zeta', 'alpha', 'nested']);
      // cdk8s sorts metadata keys whatever the setting.
      expect(JSON.stringify(out.metadata)).toEqual(JSON.stringify({ labels: { a: '1', b: '2' }, name: 'x' }));
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('the body is rendered at every synth, so later changes count', () => {
    const chart = Testing.chart();
    const data: { [key: string]: string } = { a: '1' };
    new RenderedApiObject(chart, 'o', 'v1', 'ConfigMap', { name: 'x' }, ['data'], () => ({ data: { ...data } }));
    expect(Testing.synth(chart)[0].data).toEqual({ a: '1' });
    data.b = '2';
    expect(Testing.synth(chart)[0].data).toEqual({ a: '1', b: '2' });
  });

  test('keeps neither the props nor a second copy of the given labels: the body renders the fields, the metadata its own copy', () => {
    const chart = Testing.chart();
    const given = { name: 'x', labels: { a: '1' } };
    const obj = new RenderedApiObject(chart, 'o', 'v1', 'ConfigMap', given, ['data'], () => ({ data: { k: 'v' } }));
    const internals = obj as unknown as { props?: object; patches: unknown[]; metadata: { _additionalAttributes: { labels?: object } } };
    expect(internals.props).toBeUndefined();
    expect(internals.metadata._additionalAttributes.labels).toBeUndefined();
    expect(internals.patches).toHaveLength(0);
    given.labels.a = 'changed';
    obj.metadata.addLabel('b', '2');
    expect(Testing.synth(chart)[0].metadata).toEqual({ name: 'x', labels: { a: '1', b: '2' } });
  });
});

describe('fitConstructLists', () => {
  test('a fitted construct still takes dependencies, validations and metadata', () => {
    const chart = Testing.chart();
    const a = new ApiObject(chart, 'a', { apiVersion: 'v1', kind: 'ConfigMap' });
    const b = new ApiObject(chart, 'b', { apiVersion: 'v1', kind: 'ConfigMap' });
    const c = new Construct(chart, 'c');
    fitConstructLists(c);
    expect(c.node.dependencies).toEqual([]);
    c.node.addDependency(a, b);
    expect(c.node.dependencies).toEqual([a, b]);
    c.node.addValidation({ validate: () => ['broken'] });
    expect(c.node.validate()).toEqual(['broken']);
    c.node.addMetadata('note', 'kept');
    expect(c.node.metadata.map(m => m.data)).toEqual(['kept']);
  });

  test('dependencies of a fitted rendered object order the YAML as before', () => {
    const chart = Testing.chart();
    const first = new RenderedApiObject(chart, 'first', 'v1', 'ConfigMap', { name: 'first' }, ['data'], () => ({ data: {} }));
    const second = new RenderedApiObject(chart, 'second', 'v1', 'ConfigMap', { name: 'second' }, ['data'], () => ({ data: {} }));
    first.node.addDependency(second);
    expect(Testing.synth(chart).map(o => o.metadata.name)).toEqual(['second', 'first']);
  });
});

describe('childrenFollowing', () => {
  test('gives the children after the first of the ids, other than those ids, in order; none when no child has one of them', () => {
    const chart = Testing.chart();
    const [, p, b, q, c] = ['a', 'p', 'b', 'q', 'c'].map(id => new ApiObject(chart, id, { apiVersion: 'v1', kind: 'ConfigMap' }));
    expect(childrenFollowing(chart, ['q', 'p'])).toEqual([b, c]);
    expect(childrenFollowing(chart, ['q'])).toEqual([c]);
    expect(childrenFollowing(chart, ['a'])).toEqual([p, b, q, c]);
    expect(childrenFollowing(chart, ['c'])).toEqual([]);
    expect(childrenFollowing(chart, ['none'])).toEqual([]);
  });
});

describe('moveChildrenToEnd', () => {
  test('moves the given children, in their order, after the others; cdk8s writes them in that order', () => {
    const chart = Testing.chart();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(id => new ApiObject(chart, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id } }));
    expect(moveChildrenToEnd(chart, [a, c])).toBe(true);
    expect(chart.node.children).toEqual([b, d, a, c]);
    expect(Testing.synth(chart).map(o => o.metadata.name)).toEqual(['b', 'd', 'a', 'c']);
    expect(chart.node.findChild('a')).toBe(a);
  });

  test('changes nothing when a child is not the scope\'s, or the node keeps no map of children', () => {
    const chart = Testing.chart();
    const [a, b] = ['a', 'b'].map(id => new ApiObject(chart, id, { apiVersion: 'v1', kind: 'ConfigMap' }));
    const stranger = new ApiObject(Testing.chart(), 'x', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(moveChildrenToEnd(chart, [a, stranger])).toBe(false);
    expect(chart.node.children).toEqual([a, b]);
    expect(moveChildrenToEnd({ node: {} } as any, [a])).toBe(false);
  });
});

/** What an L1 object renders through `renderFaster` (its own `toJson`) and through its class's standard `toJson`: JSON text, or the error. */
function bothPaths(obj: ApiObject): { fast: string; standard: string } {
  const text = (toJson: () => unknown) => {
    try {
      // Undefined shown, not skipped: it would reach the YAML writer.
      return JSON.stringify(toJson(), (_key, value) => (value === undefined ? '<undefined>' : value));
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };
  return { fast: text(() => obj.toJson()), standard: text(() => Object.getPrototypeOf(obj).toJson.call(obj)) };
}

const hasFastPath = (obj: ApiObject) => Object.prototype.hasOwnProperty.call(obj, 'toJson');

/** A class instance that is neither a token nor a number-or-string union: the standard path refuses it. */
class Opaque {
  public readonly field = 'x';
}

/**
 * Values as cdk8s-plus and users put them in L1 props: plain data with null and undefined,
 * Lazy values, implicit tokens (`resolve()`), number-or-string unions (IntOrString, Quantity),
 * and now and then an object the standard path refuses.
 */
const propValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>(tie => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
    fc.dictionary(fc.constantFrom('b', 'a', 'z', 'c-d', 'A', '10', '9'), tie('value'), { maxKeys: 4 }),
    fc.array(tie('value'), { maxLength: 3 }),
    tie('value').map(v => Lazy.any({ produce: () => v })),
    tie('value').map(v => ({ resolve: () => v })),
    fc.oneof(fc.integer({ min: 0, max: 100 }).map(n => kplus.k8s.IntOrString.fromNumber(n)), fc.constantFrom('25%', '1Gi').map(x => kplus.k8s.Quantity.fromString(x))),
    // Rare, so that most values render on the fast path.
    fc.oneof({ arbitrary: fc.constant<unknown>(new Opaque()), weight: 1 }, { arbitrary: fc.string({ maxLength: 3 }), weight: 10 }),
  ),
})).value;

/** Metadata as users and cdk8s-plus give it: maps and lists that may be empty, values of every kind, fields of their own. */
const metadata = fc.record({
  name: fc.option(fc.constantFrom('cm', 'other'), { nil: undefined }),
  namespace: fc.option(fc.constant('ns'), { nil: undefined }),
  labels: fc.option(fc.dictionary(fc.constantFrom('b', 'a', 'app.kubernetes.io/name'), propValue, { maxKeys: 3 }), { nil: undefined }),
  annotations: fc.option(fc.dictionary(fc.constantFrom('z', 'y'), propValue, { maxKeys: 2 }), { nil: undefined }),
  finalizers: fc.option(fc.array(propValue, { maxLength: 2 }), { nil: undefined }),
  ownerReferences: fc.option(fc.array(fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Pod'), name: propValue, uid: fc.constant('u') }), { maxLength: 2 }), { nil: undefined }),
  generateName: fc.option(propValue, { nil: undefined }),
}, { requiredKeys: [] });

describe('RenderedApiObject, random metadata and bodies', () => {
  test('renders what the standard path renders, or fails the same way', () => {
    fc.assert(fc.property(metadata, fc.dictionary(fc.constantFrom('data', 'spec'), propValue, { maxKeys: 2 }), (meta, fields) => {
      const [fast, standard] = [Testing.app(), Testing.app({ resolvers: [{ resolve: () => undefined }] })].map(app => {
        const obj = new RenderedApiObject(new Chart(app, 'c'), 'o', 'v1', 'Thing', meta as any, ['spec', 'data'], () => fields);
        return bothPaths(obj).fast;
      });
      expect(fast).toEqual(standard);
    }), { seed: SEED, numRuns: RUNS });
  });
});

describe('renderFaster', () => {
  test('renders what the L1 standard path renders, or fails the same way, for random values and metadata, with and without JSON patches', () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('k1', 'k0', 'key'), propValue, { maxKeys: 3 }), metadata, fc.boolean(), (data, meta, patch) => {
      const chart = Testing.chart();
      const cm = new kplus.k8s.KubeConfigMap(chart, 'cm', { metadata: meta as any, data: data as any });
      if (patch) cm.addJsonPatch(JsonPatch.add('/data/added', { z: 1, a: [null, 2] }));
      renderFaster(cm);
      expect(hasFastPath(cm)).toBe(true);
      const { fast, standard } = bothPaths(cm);
      expect(fast).toEqual(standard);
    }), { seed: SEED, numRuns: RUNS });
  });

  test('writes the L1 fields in their order, unions as their values, and drops what the generated mapping drops', () => {
    const chart = Testing.chart();
    const deployment = new kplus.k8s.KubeDeployment(chart, 'd', {
      metadata: { name: 'd' },
      spec: {
        selector: { matchLabels: { app: 'd' } },
        strategy: { rollingUpdate: { maxSurge: kplus.k8s.IntOrString.fromString('25%'), maxUnavailable: kplus.k8s.IntOrString.fromNumber(0) } },
        template: {
          spec: {
            containers: [{ name: 'app', image: 'nginx', resources: { limits: { memory: kplus.k8s.Quantity.fromString('64Mi') } } }],
          },
        },
        replicas: Lazy.any({ produce: () => 2 }) as unknown as number,
      },
    });
    deployment.addJsonPatch(JsonPatch.add('/spec/unknownField', 'dropped by toJson_DeploymentSpec'));
    renderFaster(deployment);
    const { fast, standard } = bothPaths(deployment);
    expect(fast).toEqual(standard);
    const json = deployment.toJson();
    expect(Object.keys(json)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(json.spec.replicas).toBe(2);
    expect(json.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
    expect(json.spec.template.spec.containers[0].resources.limits.memory).toBe('64Mi');
    expect(json.spec.unknownField).toBeUndefined();
  });

  test('maps the props through the table read from the generated `toJson_<Kind>Props`, not the generated function', () => {
    const read = jest.spyOn(l1Json, 'fasterToJson');
    try {
      const deployment = new kplus.k8s.KubeDeployment(Testing.chart(), 'd', { spec: { selector: {}, template: {} } });
      renderFaster(deployment);
      expect(read).toHaveBeenCalledWith('toJson_KubeDeploymentProps');
      expect(read.mock.results[0].value).not.toBe(kplus.k8s.toJson_KubeDeploymentProps);
    } finally {
      read.mockRestore();
    }
  });

  test('an app with a custom resolver, and CDK8S_DISABLE_SORT, take the standard path', () => {
    class Upper implements IResolver {
      public resolve(context: ResolutionContext): void {
        if (typeof context.value === 'string' && context.value !== context.value.toUpperCase()) context.replaceValue(context.value.toUpperCase());
      }
    }
    const chart = new Chart(Testing.app({ resolvers: [new Upper()] }), 'c');
    const cm = new kplus.k8s.KubeConfigMap(chart, 'cm', { metadata: { name: 'cm' }, data: { b: 'x', a: 'y' } });
    renderFaster(cm);
    expect(cm.toJson().data).toEqual({ a: 'Y', b: 'X' });

    const sorted = new kplus.k8s.KubeConfigMap(Testing.chart(), 'cm', { metadata: { name: 'cm' }, data: { b: 'x', a: 'y' } });
    renderFaster(sorted);
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(Object.keys(sorted.toJson().data)).toEqual(['b', 'a']);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
    expect(Object.keys(sorted.toJson().data)).toEqual(['a', 'b']);
  });

  test('a value the standard path refuses, or an error while rendering, fails with the standard message, naming the construct', () => {
    const chart = Testing.chart();
    const refused = new kplus.k8s.KubeConfigMap(chart, 'refused', { data: { k: new Opaque() as unknown as string } });
    const failing = new kplus.k8s.KubeConfigMap(chart, 'failing', { data: { k: Lazy.any({ produce: () => { throw new Error('no value yet'); } }) as unknown as string } });
    for (const obj of [refused, failing]) renderFaster(obj);
    expect(() => refused.toJson()).toThrow(/Failed serializing construct at path 'test\/refused'.*can't render non-simple object of type 'Opaque'/);
    expect(() => failing.toJson()).toThrow(/Failed serializing construct at path 'test\/failing'.*no value yet/);
  });

  test('leaves alone what is not one of the generated L1 classes: an ApiObject, a subclass of an L1', () => {
    const chart = Testing.chart();
    const plain = new ApiObject(chart, 'plain', { apiVersion: 'v1', kind: 'ConfigMap' });
    class MyConfigMap extends kplus.k8s.KubeConfigMap {}
    const sub = new MyConfigMap(chart, 'sub', {});
    for (const obj of [plain, sub]) {
      renderFaster(obj);
      expect(hasFastPath(obj)).toBe(false);
    }
  });

  test('the parts patterns build when they are read render through it, to the standard path\'s JSON', () => {
    const chart = Testing.chart();
    const web = new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3', ingress: { hosts: ['a.example.com'] }, autoscaling: { maxReplicas: 4 } });
    const db = new StatefulAppWithStorage(chart, 'db', { image: 'postgres:16.4', storage: { size: '1Gi', mountPath: '/data' }, clientService: {} });
    const cm = new ConfigMapInjection(chart, 'cfg', { literals: { a: '1' } });
    const pv = new NfsPersistentVolume(chart, 'pv', { server: '10.0.0.5', path: '/nfs/1', capacity: '1Gi' });
    const claim = new VolumeClaim(chart, 'claim', { size: '1Gi', volume: pv });
    const parts = [web.deployment, web.service, web.ingress!, web.autoscaler!, db.statefulSet, db.headlessService, db.service!, cm.configMap]
      .map(part => ApiObject.of(part)).concat([pv.persistentVolume, claim.claim]);
    for (const obj of parts) {
      expect([obj.kind, hasFastPath(obj)]).toEqual([obj.kind, true]);
      const { fast, standard } = bothPaths(obj);
      expect([obj.kind, fast]).toEqual([obj.kind, standard]);
    }
  });
});
