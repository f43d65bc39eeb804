import { differingPath, formatPath, immutable, listNames, objectKey, same, UpgradeFinding } from '../../lib/review/upgrade-common';

describe('paths and equality', () => {
  test('paths print as a reader writes them', () => {
    expect(formatPath(['spec', 'selector', 'matchLabels', 'app.kubernetes.io/name'])).toEqual('spec.selector.matchLabels["app.kubernetes.io/name"]');
    expect(formatPath(['spec', 'rules', 0, 'backendRefs', 1])).toEqual('spec.rules[0].backendRefs[1]');
  });

  test('deep equality ignores key order, not list order', () => {
    expect(same({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(same([1, 2], [2, 1])).toBe(false);
    expect(same({ a: undefined }, {})).toBe(true);
  });

  test('the differing path narrows to the one field that differs, and stops where several do', () => {
    expect(differingPath({ a: { b: 1, c: 2 } }, { a: { b: 1, c: 3 } })).toEqual(['a', 'c']);
    expect(differingPath({ a: { b: 1, c: 2 } }, { a: { b: 2, c: 3 } })).toEqual(['a']);
  });

  test('objects match by group, kind, namespace (or the one given for those that name none) and name', () => {
    expect(objectKey({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } })).toEqual('apps/Deployment/default/web');
    expect(objectKey({ apiVersion: 'apps/v1beta2', kind: 'Deployment', metadata: { name: 'web' } }, 'shop')).toEqual('apps/Deployment/shop/web');
  });

  test('an immutable field with a default: absent and the default are the same value', () => {
    const out: UpgradeFinding[] = [];
    immutable(out, 'X/x', { spec: {} }, { spec: { mode: 'A' } }, ['spec', 'mode'], 'r', 'why', 'A');
    expect(out).toEqual([]);
    immutable(out, 'X/x', { spec: {} }, { spec: { mode: 'B' } }, ['spec', 'mode'], 'r', 'why', 'A');
    expect(out.map(f => `${f.field} ${f.before} ${f.after}`)).toEqual(['spec.mode "A" "B"']);
  });

  test('long lists of names are cut in the middle', () => {
    expect(listNames(['a', 'b', 'c', 'd', 'e'])).toEqual('"a", "b" … "e"');
  });
});
