import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { claim, deployment, edit, job, nfsClass, service, statefulSet, volume } from './manifests';
import { CATALOG } from './upgrade-catalog';
import { buildApp as buildStatefulApp } from '../../examples/stateful-app/app';
import { buildApp as buildWebApp } from '../../examples/web-app/app';
import { UpgradeGuard, UpgradeRisk } from '../../lib';
import { synthApp } from '../support/synth';

const REFUSED = UpgradeRisk.REFUSED;
const LOSS = UpgradeRisk.DATA_LOSS;


describe('UpgradeGuard: one before/after pair per rule', () => {
  test.each(Object.keys(CATALOG))('%s', rule => {
    const { before, after, finding, says, companions = [] } = CATALOG[rule];
    const findings = UpgradeGuard.compare(before, after);
    expect(findings.filter(f => f.rule === rule)).toEqual([{ ...finding, message: expect.stringContaining(says) }]);
    expect(findings.filter(f => f.rule !== rule).map(f => f.rule).sort()).toEqual([...companions].sort());
  });

  test('the catalog covers every rule the guard knows, and the docs list each with its risk', () => {
    const dir = path.join(__dirname, '../../lib/review');
    const source = fs.readdirSync(dir).filter(f => /^upgrade-.*\.ts$/.test(f)).map(f => fs.readFileSync(path.join(dir, f), 'utf-8')).join('\n');
    const prefixes = 'statefulset|deployment|replicaset|daemonset|job|pod|claim|storageclass|service|volume|reclaim|archive|configmap|secret|rolebinding|ingressclass|gatewayclass|route|gateway';
    const rules = new Set([...source.matchAll(new RegExp(`'((?:${prefixes})-[a-z-]+)'`, 'g'))].map(m => m[1]));
    expect([...rules].sort()).toEqual(Object.keys(CATALOG).sort());
    const docs = fs.readFileSync(path.join(__dirname, '../../docs/review.md'), 'utf-8');
    for (const [rule, { finding }] of Object.entries(CATALOG)) {
      expect(docs).toMatch(new RegExp(`^\\|[^\\n]*\`${rule}\`[^\\n]*\\| ${finding.risk} \\|`, 'm'));
    }
  });
});

describe('UpgradeGuard: more of each rule', () => {
  test('a StorageClass reclaimPolicy toward Delete is refused and loses data', () => {
    const findings = UpgradeGuard.compare([nfsClass({ reclaimPolicy: 'Retain' })], [nfsClass()]);
    expect(findings.map(f => [f.rule, f.risk, f.field, f.before, f.after])).toEqual([
      ['reclaim-policy', LOSS, 'reclaimPolicy', '"Retain"', '"Delete"'],
      ['storageclass-immutable', REFUSED, 'reclaimPolicy', '"Retain"', '"Delete"'],
    ]);
  });

  test('archiveOnDelete off also changes the immutable parameters', () => {
    const findings = UpgradeGuard.compare(CATALOG['archive-on-delete'].before, CATALOG['archive-on-delete'].after);
    expect(findings.map(f => f.rule)).toEqual(['archive-on-delete', 'storageclass-immutable']);
  });

  test('nfs-subdir onDelete moved to delete, and csi-driver-nfs onDelete dropped to its default (delete)', () => {
    const subdir = UpgradeGuard.compare([nfsClass({ parameters: { onDelete: 'retain' } })], [nfsClass({ parameters: { onDelete: 'delete' } })]);
    expect(subdir.find(f => f.rule === 'archive-on-delete')).toMatchObject({ field: 'parameters.onDelete', before: '"retain"', after: '"delete"' });
    const csi = { provisioner: 'nfs.csi.k8s.io', parameters: { server: '10.0.0.5', share: '/exports', onDelete: 'archive' } };
    const findings = UpgradeGuard.compare([nfsClass(csi)], [nfsClass({ ...csi, parameters: { server: '10.0.0.5', share: '/exports' } })]);
    expect(findings.find(f => f.rule === 'archive-on-delete')).toMatchObject({ field: 'parameters.onDelete', before: '"archive"', after: '(absent)' });
  });

  test('archiveOnDelete absent means archive: turning it off is caught, archive to retain is not', () => {
    expect(UpgradeGuard.compare([nfsClass({ parameters: { pathPattern: 'x' } })], [nfsClass({ parameters: { pathPattern: 'x', archiveOnDelete: 'false' } })])
      .map(f => f.rule)).toEqual(['archive-on-delete', 'storageclass-immutable']);
    expect(UpgradeGuard.compare([nfsClass({ parameters: { archiveOnDelete: 'true' } })], [nfsClass({ parameters: { onDelete: 'retain' } })])
      .map(f => f.rule)).toEqual(['storageclass-immutable']);
  });

  test('a shrunk claim template is refused and loses data', () => {
    const after = edit(statefulSet(), s => { s.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '1Gi'; });
    expect(UpgradeGuard.compare([statefulSet()], [after]).map(f => [f.rule, f.field])).toEqual([
      ['claim-shrunk', 'spec.volumeClaimTemplates[0].spec.resources.requests.storage'],
      ['statefulset-claim-templates', 'spec.volumeClaimTemplates[0].spec.resources.requests.storage'],
    ]);
  });

  test('a removed StatefulSet that deletes its claims says the data goes', () => {
    const sts = edit(statefulSet(), s => { s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' }; s.spec.replicas = 5; });
    const [finding] = UpgradeGuard.compare([sts], []);
    expect(finding.message).toEqual('removing the StatefulSet: its claims "data-db-0", "data-db-1" … "data-db-4" are deleted with it (retention whenDeleted: Delete), and their data');
  });

  test('a StatefulSet without claim templates may go: it owns no data', () => {
    expect(UpgradeGuard.compare([edit(statefulSet(), s => { delete s.spec.volumeClaimTemplates; })], [])).toEqual([]);
  });

  test('several changes under one field are reported once, at the field that holds them all', () => {
    const after = edit(deployment(), d => { d.spec.selector.matchLabels = { app: 'web2', tier: 'front' }; });
    expect(UpgradeGuard.compare([deployment()], [after])).toEqual([expect.objectContaining({
      field: 'spec.selector.matchLabels', before: '{"app":"web"}', after: '{"app":"web2","tier":"front"}',
    })]);
  });

  test('renamed claims and classes name their likely successor', () => {
    const renamed = edit(claim(), c => { c.metadata.name = 'shared-data'; });
    expect(UpgradeGuard.compare([claim()], [renamed])).toEqual([expect.objectContaining({
      rule: 'claim-removed', after: '"shared-data"', message: expect.stringMatching(/^renamed to "shared-data": a new, empty volume/),
    })]);
    const cls = edit(nfsClass(), c => { c.metadata.name = 'nfs-client'; });
    expect(UpgradeGuard.compare([nfsClass()], [cls])).toEqual([expect.objectContaining({ rule: 'storageclass-removed', after: '"nfs-client"' })]);
  });
});

describe('UpgradeGuard: what passes', () => {
  test.each<[string, any[], any[]]>([
    ['an image bump, more replicas and new labels', [statefulSet(), deployment()], [
      edit(statefulSet(), s => { s.spec.replicas = 5; s.metadata.labels = { version: '2' }; s.spec.template.spec.containers[0].image = 'postgres:16.5'; }),
      edit(deployment(), d => { d.spec.template.spec.containers[0].image = 'web:2.0.0'; }),
    ]],
    ['a larger claim of an expandable class', [claim(), nfsClass()], [edit(claim(), c => { c.spec.resources.requests.storage = '20Gi'; }), nfsClass()]],
    ['a larger claim of a class outside the manifests', [claim()], [edit(claim(), c => { c.spec.resources.requests.storage = '20Gi'; })]],
    ['a larger quantity written another way', [claim()], [edit(claim(), c => { c.spec.resources.requests.storage = '10240Mi'; })]],
    ['a clusterIP the API server allocated is not in the manifests', [service({ clusterIP: '10.96.0.10' })], [service({})]],
    ['a switch to ExternalName', [service({ clusterIP: '10.96.0.10' })], [service({ type: 'ExternalName', externalName: 'db.example.com', clusterIP: '' })]],
    ['a default written out', [statefulSet(), nfsClass()], [
      edit(statefulSet(), s => { s.spec.podManagementPolicy = 'OrderedReady'; s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Retain' }; }),
      nfsClass({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' }),
    ]],
    ['a new API version of the same group, and the default namespace written out', [edit(deployment(), d => { d.apiVersion = 'apps/v1beta2'; })],
      [edit(deployment(), d => { d.metadata.namespace = 'default'; })]],
    ['retention already Delete', [edit(statefulSet(), s => { s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete' }; })],
      [edit(statefulSet(), s => { s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete' }; })]],
    ['objects added', [], [statefulSet(), claim(), volume(), nfsClass()]],
    ['the same objects with their keys in another order', [statefulSet(), claim()], [reverseKeys(statefulSet()), reverseKeys(claim())]],
    ['a Job whose parallelism changes', [job()], [edit(job(), j => { j.spec.parallelism = 2; })]],
  ])('%s', (_, before, after) => {
    expect(UpgradeGuard.compare(before, after)).toEqual([]);
  });

  test('objects are matched by group, kind, namespace and name', () => {
    const other = edit(statefulSet(), s => { s.metadata.namespace = 'staging'; });
    expect(UpgradeGuard.compare([statefulSet()], [other]).map(f => [f.object, f.rule, f.after])).toEqual([['StatefulSet/db', 'statefulset-renamed', '"staging/db"']]);
    const otherGroup = edit(statefulSet(), s => { s.apiVersion = 'example.com/v1'; });
    expect(UpgradeGuard.compare([statefulSet()], [otherGroup]).map(f => f.rule)).toEqual(['statefulset-renamed']);
  });

  test('non-objects and garbage are ignored, not thrown on', () => {
    expect(UpgradeGuard.compare([null, 1, 'x', { kind: 'StatefulSet' }] as any[], [undefined, { kind: 'StatefulSet' }] as any[])).toEqual([]);
    expect(UpgradeGuard.compare(undefined as any, null as any)).toEqual([]);
  });
});

describe('UpgradeGuard.format and compareSyntheses', () => {
  test('a readable report: risk, object, field, rule, before → after, why', () => {
    const findings = UpgradeGuard.compare([statefulSet('db')], [statefulSet('database')]);
    expect(UpgradeGuard.format(findings)).toEqual([
      '[data-loss] StatefulSet/db (whole object) (statefulset-renamed)',
      '    "db" → "database"',
      '    renaming (or moving) a StatefulSet orphans its data: its claims "data-db-0", "data-db-1", "data-db-2" stay behind, bound to nothing; '
        + '"database" starts with new, empty claims "data-database-0", "data-database-1", "data-database-2". Keep the name',
    ].join('\n'));
  });

  test('findings are sorted by object, field and rule', () => {
    const findings = UpgradeGuard.compare([deployment(), statefulSet(), nfsClass({ reclaimPolicy: 'Retain' })], [
      edit(deployment(), d => { d.spec.selector.matchLabels.app = 'x'; }),
      edit(statefulSet(), s => { s.spec.serviceName = 'x'; s.spec.selector.matchLabels.x = 'y'; }),
      nfsClass(),
    ]);
    expect(findings.map(f => `${f.object} ${f.field}`)).toEqual([
      'Deployment/web spec.selector.matchLabels.app',
      'StatefulSet/db spec.selector.matchLabels.x',
      'StatefulSet/db spec.serviceName',
      'StorageClass/nfs reclaimPolicy',
      'StorageClass/nfs reclaimPolicy',
    ]);
  });

  test('reads files and directories of synthesized YAML', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-guard-'));
    fs.mkdirSync(path.join(dir, 'before'));
    fs.writeFileSync(path.join(dir, 'before', 'a.k8s.yaml'), toYaml([statefulSet()]));
    fs.writeFileSync(path.join(dir, 'before', 'b.k8s.yaml'), toYaml([nfsClass()]));
    fs.writeFileSync(path.join(dir, 'after.yaml'), toYaml([statefulSet('database'), nfsClass()]));
    expect(UpgradeGuard.compareSyntheses(path.join(dir, 'before'), path.join(dir, 'after.yaml')).map(f => f.rule)).toEqual(['statefulset-renamed']);
    expect(() => UpgradeGuard.compareSyntheses(path.join(dir, 'nope'), dir)).toThrow(`${path.join(dir, 'nope')}: no such file or directory`);
  });
});

describe('UpgradeGuard with the examples', () => {
  function synthExample(build: (app: any) => void): any[] {
    const app = Testing.app();
    build(app);
    return synthApp(app);
  }

  /** An image bump as a user makes it: a new tag on every container. */
  function bumpImages(manifests: any[], tag: string): any[] {
    return JSON.parse(JSON.stringify(manifests).replace(/"image":"([^":]+):[^"]+"/g, `"image":"$1:${tag}"`));
  }

  test.each([['web-app', buildWebApp], ['stateful-app', buildStatefulApp]])('%s: an image bump passes', (_, build) => {
    const before = synthExample(build);
    const after = bumpImages(before, '9.9.9');
    expect(JSON.stringify(after)).not.toEqual(JSON.stringify(before));
    expect(UpgradeGuard.compare(before, after)).toEqual([]);
  });

  test('stateful-app: renaming the StatefulSet is caught, naming the claims it orphans', () => {
    const before = synthExample(buildStatefulApp);
    const sts = before.filter(m => m.kind === 'StatefulSet' && m.metadata.name === 'web' && m.metadata.namespace === undefined);
    expect(sts).toHaveLength(1);
    const after = before.map(m => (m === sts[0] ? edit(m, s => { s.metadata.name = 'web-server'; }) : m));
    expect(UpgradeGuard.compare(before, after)).toEqual([{
      object: 'StatefulSet/web',
      field: '',
      rule: 'statefulset-renamed',
      risk: LOSS,
      before: '"web"',
      after: '"web-server"',
      message: 'renaming (or moving) a StatefulSet orphans its data: its claims "www-web-0", "www-web-1", "www-web-2" stay behind, '
        + 'still bound to the static volumes "nfspv1", "nfspv2", "nfspv3", which no pod mounts any more; '
        + '"web-server" starts with new, empty claims "www-web-server-0", "www-web-server-1", "www-web-server-2" '
        + '(they stay Pending while those volumes are bound to the old claims). Keep the name',
    }]);
  });

  test('stateful-app: a larger claim template is refused', () => {
    const before = synthExample(buildStatefulApp);
    const after = before.map(m => (m.kind === 'StatefulSet' ? edit(m, s => { s.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi'; }) : m));
    expect(UpgradeGuard.compare(before, after).map(f => [f.object, f.rule, f.before, f.after])).toEqual([
      ['StatefulSet/web', 'statefulset-claim-templates', '"1Gi"', '"2Gi"'],
      ['StatefulSet/web-dynamic/web', 'statefulset-claim-templates', '"1Gi"', '"2Gi"'],
    ]);
  });
});

function reverseKeys(value: any): any {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).reverse().map(k => [k, reverseKeys(value[k])]));
}

function toYaml(objects: any[]): string {
  // JSON is YAML: the guard reads what cdk8s writes and anything else a YAML parser accepts.
  return objects.map(o => JSON.stringify(o, null, 2)).join('\n---\n');
}
