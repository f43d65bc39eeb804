import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadManifests, unwrapLists } from '../../lib/review/yaml-files';

describe('reading kubectl output', () => {
  test('a List and typed lists are read as their items, nested ones too; other objects pass through', () => {
    const a = { kind: 'ConfigMap', metadata: { name: 'a' } };
    const b = { kind: 'Service', metadata: { name: 'b' } };
    expect(unwrapLists([{ apiVersion: 'v1', kind: 'List', items: [a, { kind: 'ServiceList', items: [b] }] }, a])).toEqual([a, b, a]);
    expect(unwrapLists([{ kind: 'List' }])).toEqual([{ kind: 'List' }]);
    expect(unwrapLists(undefined)).toEqual([]);
  });

  test('loadManifests unwraps a List written by kubectl get -o yaml, quoted timestamps and all', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yaml-files-'));
    const file = path.join(dir, 'live.yaml');
    fs.writeFileSync(file, [
      'apiVersion: v1',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata:',
      '    creationTimestamp: "2026-03-02T09:14:07Z"',
      '    name: settings',
      '    uid: 4f0e',
      'kind: List',
      'metadata:',
      '  resourceVersion: ""',
    ].join('\n'));
    expect(loadManifests(file).manifests).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { creationTimestamp: '2026-03-02T09:14:07Z', name: 'settings', uid: '4f0e' } }]);
  });
});
