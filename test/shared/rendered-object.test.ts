import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { fitConstructLists, RenderedApiObject } from '../../lib/shared/rendered-object';

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
