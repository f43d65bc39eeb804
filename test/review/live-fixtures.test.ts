/**
 * The upgrade guard against what the cluster runs. test/fixtures/live/<example>.yaml is what
 * `kubectl get … -o yaml --show-managed-fields` prints for each example after `kubectl apply`
 * to a 1.28 cluster, made by the test-only API server simulator (test/support/api-server.ts,
 * written apart from the library's live-state reading).
 *
 * When an example changes (a merge brings new images or routes), these fixtures are stale:
 * regenerate them, read the diff, and commit:
 *
 *   npx tsx --tsconfig test/tsconfig.json scripts/live-fixtures.ts
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';
import { CATALOG } from './upgrade-catalog';
import { UpgradeGuard, UpgradeRisk } from '../../lib';
import { main } from '../../lib/cli/main';
import { LAST_APPLIED } from '../../lib/review/live-state';
import { examples, synthesizeExample } from '../../scripts/live-fixtures';
import { asKubectlList, simulateCluster, sortKeys } from '../support/api-server';

const REGENERATE = 'npx tsx --tsconfig test/tsconfig.json scripts/live-fixtures.ts';
const fixtureDir = path.join(__dirname, '../fixtures/live');

function readFixture(name: string): any[] {
  const file = path.join(fixtureDir, `${name}.yaml`);
  if (!fs.existsSync(file)) throw new Error(`examples/${name} has no test/fixtures/live/${name}.yaml yet: make it with ${REGENERATE}`);
  return yaml.parse(fs.readFileSync(file, 'utf-8'), { version: '1.1' }).items;
}

/** The same object in a list, by kind and name. */
function pick(objects: any[], kind: string, name: string): any {
  const found = objects.find(o => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/** A manifest as text, whatever kubectl added to what it recorded (the namespace, empty annotations). */
function comparable(m: any): string {
  const copy = structuredClone(m);
  delete copy.metadata.namespace;
  if (copy.metadata.annotations && Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  return JSON.stringify(sortKeys(copy));
}

const synths = new Map(examples().map(name => [name, synthesizeExample(name)]));

describe('each example\'s live objects against its synthesis: nothing to report', () => {
  test.each(examples())('%s', name => {
    const live = readFixture(name);
    const synth = synths.get(name)!;
    // A fixture older than its example says so, rather than failing on what changed since.
    const applied = new Set(live.map(o => o.metadata?.annotations?.[LAST_APPLIED]).filter(a => a).map(a => comparable(JSON.parse(a))));
    const stale = synth.some(m => !applied.has(comparable(m)));
    if (stale) throw new Error(`test/fixtures/live/${name}.yaml is older than examples/${name}: regenerate it with ${REGENERATE}`);
    expect(UpgradeGuard.compare(live, synth)).toEqual([]);
  });

  test('the fixtures hold what a real export holds: status, managedFields, server defaults, controller-made objects', () => {
    const live = readFixture('stateful-app');
    const sts = pick(live, 'StatefulSet', 'web');
    expect(sts.status.readyReplicas).toEqual(3);
    expect(sts.metadata.managedFields.map((f: any) => `${f.manager} ${f.operation} ${f.subresource ?? ''}`.trim()))
      .toEqual(['kubectl-client-side-apply Update', 'kube-controller-manager Update status']);
    expect(sts.spec.revisionHistoryLimit).toEqual(10);
    expect(live.filter(o => o.kind === 'PersistentVolumeClaim' && /^www-web-\d$/.test(o.metadata.name))).toHaveLength(6);
    expect(pick(live, 'Service', 'nginx').spec.clusterIPs).toEqual(['None']);
  });

  test('an export without last-applied annotations (server-side apply), read through managedFields and defaults: nothing to report', () => {
    for (const [name, synth] of synths) {
      expect([name, UpgradeGuard.compare(simulateCluster(synth, { apply: 'server-side' }), synth)]).toEqual([name, []]);
    }
  });

  test('kubectl get\'s default output (no managedFields) of objects kubectl apply did not record: read against the manifests, nothing to report', () => {
    for (const [name, synth] of synths) {
      const live = readFixture(name).map(o => {
        const copy = structuredClone(o);
        delete copy.metadata.managedFields;
        if (copy.metadata.annotations) delete copy.metadata.annotations[LAST_APPLIED];
        return copy;
      });
      expect([name, UpgradeGuard.compare(live, synth)]).toEqual([name, []]);
    }
  });

  test('an export of a namespace the manifests do not name, with --namespace', () => {
    const synth = synths.get('stateful-app')!;
    const live = simulateCluster(synth, { namespace: 'shop' });
    expect(UpgradeGuard.compare(live, synth, { namespace: 'shop' })).toEqual([]);
    // Read against the wrong namespace, the StatefulSet seems to move, leaving its claims.
    expect(UpgradeGuard.compare(live, synth).map(f => `${f.rule} ${f.object}`)).toEqual(['statefulset-renamed StatefulSet/shop/web']);
  });
});

describe('every rule reports the same against live objects as against the synthesis they came from', () => {
  test.each(Object.keys(CATALOG))('%s', rule => {
    const { before, after } = CATALOG[rule];
    const live = simulateCluster(before);
    expect(UpgradeGuard.compare(live, after)).toEqual(UpgradeGuard.compare(before, after));
  });

  test('and for changes to the examples: a renamed StatefulSet, a larger claim template, an image bump', () => {
    const synth = synths.get('stateful-app')!;
    const live = readFixture('stateful-app');
    const renamed = synth.map(m => (m.kind === 'StatefulSet' && m.metadata.name === 'web' && !m.metadata.namespace
      ? { ...m, metadata: { ...m.metadata, name: 'web-server' } } : m));
    expect(UpgradeGuard.compare(live, renamed)).toEqual(UpgradeGuard.compare(synth, renamed));
    expect(UpgradeGuard.compare(live, renamed).map(f => f.rule)).toEqual(['statefulset-renamed']);
    const bigger = JSON.parse(JSON.stringify(synth).replace(/"storage":"1Gi"/g, '"storage":"2Gi"'));
    expect(UpgradeGuard.compare(live, bigger)).toEqual(UpgradeGuard.compare(synth, bigger));
    const bumped = JSON.parse(JSON.stringify(synth).replace(/"image":"([^":]+):[^"]+"/g, '"image":"$1:9.9.9"'));
    expect(UpgradeGuard.compare(live, bumped)).toEqual([]);
  });
});

describe('drift: hand-made changes in the live objects', () => {
  const synth = synths.get('web-app')!;

  function drifted(change: (live: any[]) => void): any[] {
    const live = readFixture('web-app');
    change(live);
    return live;
  }

  test('scaled by hand: reported as drift, and applying sets it back', () => {
    const live = drifted(l => { pick(l, 'Deployment', 'my-apache').spec.replicas = 5; });
    expect(UpgradeGuard.compare(live, synth)).toEqual([{
      object: 'Deployment/my-apache',
      field: 'spec.replicas',
      rule: 'drift',
      risk: UpgradeRisk.DRIFT,
      before: '2',
      after: '5',
      message: 'changed in the cluster by hand since the last kubectl apply; applying the manifests sets it back',
    }]);
  });

  test('relabelled, an image edited and an env var added by hand: one finding each, saying what applying does', () => {
    const live = drifted(l => {
      const d = pick(l, 'Deployment', 'hello-world');
      d.metadata.labels.owner = 'ops';
      d.spec.template.spec.containers[0].image = 'traefik/whoami:v1.10.4';
      d.spec.template.spec.containers[0].env = [{ name: 'DEBUG', value: '1' }];
    });
    const findings = UpgradeGuard.compare(live, synth);
    expect(findings.map(f => [f.field, f.before, f.after])).toEqual([
      ['metadata.labels.owner', '(absent)', '"ops"'],
      ['spec.template.spec.containers[0].env', '(absent)', '[{"name":"DEBUG","value":"1"}]'],
      ['spec.template.spec.containers[0].image', '"traefik/whoami:v1.10.3"', '"traefik/whoami:v1.10.4"'],
    ]);
    expect(findings.every(f => f.risk === UpgradeRisk.DRIFT && f.object === 'Deployment/hello-world')).toBe(true);
    expect(findings[0].message).toContain('the manifests do not set it, so applying them leaves it in place');
    expect(findings[2].message).toContain('applying the manifests sets it back');
  });

  test('a Service re-pointed by hand to other pods', () => {
    const live = drifted(l => { pick(l, 'Service', 'httpd-service').spec.selector['app.kubernetes.io/name'] = 'other'; });
    expect(UpgradeGuard.compare(live, synth).map(f => `${f.rule} ${f.object} ${f.field}`)).toEqual(['drift Service/httpd-service spec.selector["app.kubernetes.io/name"]']);
  });

  test('replicas an HorizontalPodAutoscaler changes are not drift', () => {
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'my-apache' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'my-apache' }, maxReplicas: 5 },
    };
    const live = drifted(l => { pick(l, 'Deployment', 'my-apache').spec.replicas = 4; });
    expect(UpgradeGuard.compare(live, [...synth, hpa])).toEqual([]);
    const elsewhere = simulateCluster([...synth, hpa], { namespace: 'shop' });
    pick(elsewhere, 'Deployment', 'my-apache').spec.replicas = 4;
    expect(UpgradeGuard.compare(elsewhere, [...synth, hpa], { namespace: 'shop' })).toEqual([]);
  });

  test('server-side apply: a field another manager wrote by plain update is drift (needs --show-managed-fields)', () => {
    const live = simulateCluster(synth, { apply: 'server-side' });
    const d = pick(live, 'Deployment', 'whoami-lb');
    d.spec.template.spec.containers[0].env = [{ name: 'DEBUG', value: '1' }];
    d.metadata.managedFields.push({
      apiVersion: 'apps/v1',
      fieldsType: 'FieldsV1',
      manager: 'kubectl-edit',
      operation: 'Update',
      time: '2026-03-03T10:00:00Z',
      fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { 'f:env': { 'k:{"name":"DEBUG"}': { '.': {}, 'f:name': {}, 'f:value': {} } } } } } } } },
    });
    const findings = UpgradeGuard.compare(live, synth);
    expect(findings.map(f => `${f.rule} ${f.field} ${f.after}`)).toEqual(['drift spec.template.spec.containers[0].env[0] {"name":"DEBUG","value":"1"}']);
    expect(findings[0].message).toContain('written in the cluster by "kubectl-edit"');
  });

  test('drift does not fail the check unless asked: exit 0, or 1 with --fail-on-drift', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-'));
    const live = drifted(l => { pick(l, 'Deployment', 'my-apache').spec.replicas = 5; });
    fs.writeFileSync(path.join(dir, 'live.yaml'), yaml.stringify(asKubectlList(live), { version: '1.1' }));
    fs.writeFileSync(path.join(dir, 'dist.yaml'), synth.map(m => yaml.stringify(m)).join('---\n'));
    const run = (...argv: string[]) => {
      const out: string[] = [];
      const status = main(['check-upgrade', ...argv], { out: t => out.push(t), err: t => out.push(t) });
      return { status, out: out.join('\n') };
    };
    const plain = run(path.join(dir, 'live.yaml'), path.join(dir, 'dist.yaml'));
    expect(plain.status).toBe(0);
    expect(plain.out.split('\n')[0]).toMatch(/^check-upgrade: safe to apply: no refused, data-losing or traffic-losing changes; 1 hand-made change in the cluster \(drift\); 23 objects before, 23 after \(0 added, 0 removed\); 29 live, 6 of them made by controllers and left out$/);
    expect(plain.out).toContain('[drift] Deployment/my-apache spec.replicas (drift)\n    2 → 5');
    expect(run('--fail-on-drift', path.join(dir, 'live.yaml'), path.join(dir, 'dist.yaml')).status).toBe(1);
    expect(run('--namespace', path.join(dir, 'live.yaml'), path.join(dir, 'dist.yaml')).status).toBe(2);
  });
});

describe('the simulator, checked by hand against public kubectl output', () => {
  // What public `kubectl get -o yaml` output shows (kubernetes/kubectl#1346, kubernetes/kubernetes#65706,
  // ansible-collections/kubernetes.core#503, kubernetes-client/java#3995, kubernetes/kubernetes#89080),
  // compared field by field with the simulator's version of the same kind of object.
  const live = readFixture('web-app');
  const deployment = pick(live, 'Deployment', 'hello-world');
  const service = pick(live, 'Service', 'httpd-service');

  test('a client-side applied Deployment: last-applied JSON with empty annotations and the namespace, defaults, revision annotation', () => {
    const applied = JSON.parse(deployment.metadata.annotations[LAST_APPLIED]);
    expect(applied.metadata).toMatchObject({ annotations: {}, namespace: 'default' });
    expect(deployment.metadata.annotations['deployment.kubernetes.io/revision']).toEqual('1');
    expect(deployment.spec).toMatchObject({ progressDeadlineSeconds: 600, revisionHistoryLimit: 10 });
    expect(deployment.spec.template.metadata.creationTimestamp).toBeNull();
    expect(deployment.spec.template.spec).toMatchObject({ dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: expect.any(Object), terminationGracePeriodSeconds: 30 });
    expect(deployment.spec.template.spec.containers[0]).toMatchObject({ terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
    expect(deployment.spec.template.spec.containers[0].ports[0].protocol).toEqual('TCP');
    expect(deployment.spec).not.toHaveProperty('minReadySeconds'); // a zero int32 is not printed
    expect(deployment.spec.template.spec).not.toHaveProperty('hostNetwork');
  });

  test('managedFields: the applier\'s update owning defaults too, the controller\'s status update', () => {
    const [applier, controller, statusUpdate] = deployment.metadata.managedFields;
    expect(applier).toMatchObject({ manager: 'kubectl-client-side-apply', operation: 'Update', fieldsType: 'FieldsV1' });
    expect(applier.fieldsV1['f:metadata']['f:annotations']).toHaveProperty(['f:kubectl.kubernetes.io/last-applied-configuration']);
    expect(applier.fieldsV1['f:spec']).toHaveProperty(['f:progressDeadlineSeconds']);
    expect(applier.fieldsV1['f:spec']['f:selector']).toEqual({});
    expect(controller).toMatchObject({ manager: 'kube-controller-manager', operation: 'Update' });
    expect(statusUpdate).toMatchObject({ manager: 'kube-controller-manager', operation: 'Update', subresource: 'status' });
  });

  test('a Service: allocated IPs, families, policies and an empty load-balancer status', () => {
    expect(service.spec).toMatchObject({
      clusterIP: expect.stringMatching(/^10\.96\./), ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', type: 'ClusterIP',
    });
    expect(service.spec.clusterIPs).toEqual([service.spec.clusterIP]);
    expect(service.status).toEqual({ loadBalancer: {} });
  });

  test('a StatefulSet\'s claim templates: apiVersion, kind, volumeMode and a Pending status', () => {
    const sts = pick(readFixture('stateful-app'), 'StatefulSet', 'web');
    expect(sts.spec.volumeClaimTemplates[0]).toMatchObject({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', status: { phase: 'Pending' }, spec: { volumeMode: 'Filesystem' } });
    expect(sts.status).toMatchObject({ collisionCount: 0, currentRevision: expect.any(String), observedGeneration: 1 });
  });
});
