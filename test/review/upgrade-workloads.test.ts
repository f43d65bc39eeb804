import { deployment, edit, job, nfsClass, pod, statefulSet, volume, workload } from './manifests';
import { UpgradeGuard } from '../../lib';

function rules(before: any[], after: any[]): string[] {
  return UpgradeGuard.compare(before, after).map(f => `${f.rule} ${f.field}`);
}

describe('StatefulSet: every spec field but six is immutable (ValidateStatefulSetUpdate)', () => {
  test.each<[string, (s: any) => void]>([
    ['replicas', s => { s.spec.replicas = 7; }],
    ['ordinals', s => { s.spec.ordinals = { start: 1 }; }],
    ['the pod template', s => { s.spec.template.spec.containers[0].args = ['-c', 'max_connections=200']; }],
    ['updateStrategy', s => { s.spec.updateStrategy = { type: 'OnDelete' }; }],
    ['persistentVolumeClaimRetentionPolicy toward Retain', s => { s.spec.persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Retain', whenScaled: 'Retain' }; }],
    ['minReadySeconds', s => { s.spec.minReadySeconds = 10; }],
    ['revisionHistoryLimit written out at its default', s => { s.spec.revisionHistoryLimit = 10; }],
  ])('%s may change', (_, change) => {
    expect(rules([statefulSet()], [edit(statefulSet(), change)])).toEqual([]);
  });

  test('a field that is not one of the six, added or removed, is refused', () => {
    const withHistory = edit(statefulSet(), s => { s.spec.revisionHistoryLimit = 3; });
    expect(rules([withHistory], [statefulSet()])).toEqual(['statefulset-spec spec.revisionHistoryLimit']);
    expect(UpgradeGuard.compare([withHistory], [statefulSet()])[0]).toMatchObject({ before: '3', after: '10' });
    expect(rules([statefulSet()], [edit(statefulSet(), s => { s.spec.unknownField = true; })])).toEqual(['statefulset-spec spec.unknownField']);
  });

  test('a claim template\'s labels changed: refused, without the resize advice', () => {
    const after = edit(statefulSet(), s => { s.spec.volumeClaimTemplates[0].metadata.labels = { tier: 'db' }; });
    const [finding] = UpgradeGuard.compare([statefulSet()], [after]);
    expect(finding).toMatchObject({ rule: 'statefulset-claim-templates', field: 'spec.volumeClaimTemplates[0].metadata.labels' });
    expect(finding.message).not.toContain('resize');
    expect(finding.message).toContain('Claims that exist keep their old labels and spec');
  });

  test('claim templates as kubectl prints them (apiVersion, kind, status, volumeMode) are the same templates', () => {
    const printed = edit(statefulSet(), s => {
      Object.assign(s.spec.volumeClaimTemplates[0], { apiVersion: 'v1', kind: 'PersistentVolumeClaim', status: { phase: 'Pending' } });
      s.spec.volumeClaimTemplates[0].metadata.creationTimestamp = null;
      s.spec.volumeClaimTemplates[0].spec.volumeMode = 'Filesystem';
    });
    expect(rules([printed], [statefulSet()])).toEqual([]);
  });

  test('removing a StatefulSet whose claims static volumes serve says so, and that new claims would stay Pending', () => {
    const gold = edit(statefulSet(), s => { s.spec.volumeClaimTemplates[0].spec.storageClassName = 'gold'; });
    const pv = volume({ storageClassName: 'gold' });
    const [removed] = UpgradeGuard.compare([gold, pv], [pv]);
    expect(removed.message).toEqual('removing the StatefulSet: its claims "data-db-0", "data-db-1", "data-db-2" stay behind, '
      + 'still bound to the static volumes "nfs-pv", which no pod mounts any more');
    const [renamed] = UpgradeGuard.compare([gold, pv], [edit(gold, s => { s.metadata.name = 'pg'; }), pv]);
    expect(renamed.message).toContain('(they stay Pending while those volumes are bound to the old claims)');
    // A class in the manifests is dynamic provisioning: the claims' volumes are the class's.
    expect(UpgradeGuard.compare([statefulSet(), nfsClass()], [nfsClass()])[0].message).toContain('bound to nothing');
  });
});

describe('Deployment, ReplicaSet, DaemonSet: only the selector is immutable', () => {
  test.each(['Deployment', 'ReplicaSet', 'DaemonSet'])('%s: template, replicas and labels may change', kind => {
    const before = kind === 'Deployment' ? deployment() : workload(kind as 'DaemonSet' | 'ReplicaSet');
    const after = edit(before, d => {
      d.spec.replicas = 5;
      d.metadata.labels = { version: '2' };
      d.spec.template.spec.containers[0].image = 'web:2.0.0';
      d.spec.template.metadata.labels.version = '2';
    });
    expect(rules([before], [after])).toEqual([]);
  });

  test('the ReplicaSet and DaemonSet messages say how to keep the pods', () => {
    const [finding] = UpgradeGuard.compare([workload('DaemonSet')], [edit(workload('DaemonSet'), d => { d.spec.selector.matchLabels.app = 'x'; })]);
    expect(finding.message).toContain('`kubectl delete --cascade=orphan` keeps its pods');
  });
});

describe('Job (ValidateJobUpdate)', () => {
  test('completions, completionMode, podFailurePolicy and backoffLimitPerIndex are immutable', () => {
    const after = edit(job(), j => {
      j.spec.completionMode = 'Indexed';
      j.spec.completions = 4;
      j.spec.podFailurePolicy = { rules: [] };
      j.spec.backoffLimitPerIndex = 1;
    });
    expect(rules([job()], [after])).toEqual([
      'job-spec spec.backoffLimitPerIndex', 'job-spec spec.completionMode', 'job-spec spec.completions', 'job-spec spec.podFailurePolicy',
    ]);
  });

  test('an Indexed Job may change completions together with parallelism (elastic Indexed Jobs)', () => {
    const indexed = (n: number) => edit(job(), j => { j.spec.completionMode = 'Indexed'; j.spec.completions = n; j.spec.parallelism = n; });
    expect(rules([indexed(2)], [indexed(4)])).toEqual([]);
    expect(rules([indexed(2)], [edit(indexed(4), j => { j.spec.parallelism = 2; })])).toEqual(['job-spec spec.completions']);
  });

  test('a suspended Job that never started may change where its pods run, nothing else', () => {
    const suspended = edit(job(), j => { j.spec.suspend = true; });
    const moved = edit(suspended, j => {
      j.spec.template.spec.nodeSelector = { zone: 'b' };
      j.spec.template.spec.tolerations = [{ key: 'batch', operator: 'Exists' }];
      j.spec.template.metadata = { labels: { queue: 'fast' }, annotations: { note: 'x' } };
      j.spec.template.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } };
    });
    expect(rules([suspended], [moved])).toEqual([]);
    expect(rules([edit(suspended, j => { j.status = { startTime: '2026-01-01T00:00:00Z' }; })], [moved])).toEqual(['job-template spec.template']);
    expect(rules([job()], [edit(job(), j => { j.spec.template.spec.nodeSelector = { zone: 'b' }; })])).toEqual(['job-template spec.template.spec.nodeSelector']);
    expect(rules([suspended], [edit(moved, j => { j.spec.template.spec.containers[0].image = 'migrate:2'; })]))
      .toEqual(['job-template spec.template.spec.containers[0].image']);
  });

  test('a CronJob\'s jobTemplate is mutable: the next Job uses it', () => {
    const cron = (image: string) => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'backup' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'b', image }] } } } } },
    });
    expect(rules([cron('backup:1')], [cron('backup:2')])).toEqual([]);
  });
});

describe('bare Pod (ValidatePodUpdate)', () => {
  test.each<[string, (p: any) => void]>([
    ['a container image', p => { p.spec.containers[0].image = 'nginx:1.27.4'; }],
    ['an init container image', p => { p.spec.initContainers = [{ name: 'init', image: 'busybox:1.37' }]; }],
    ['activeDeadlineSeconds set', p => { p.spec.activeDeadlineSeconds = 600; }],
    ['a toleration added', p => { p.spec.tolerations = [{ key: 'spot', operator: 'Exists' }]; }],
    ['labels and annotations', p => { p.metadata.labels = { a: 'b' }; p.metadata.annotations = { c: 'd' }; }],
  ])('%s may change', (name, change) => {
    // The init container case needs one before as well: adding a container is refused.
    const before = name.startsWith('an init') ? edit(pod(), p => { p.spec.initContainers = [{ name: 'init', image: 'busybox:1.36' }]; }) : pod();
    expect(rules([before], [edit(before, change)])).toEqual([]);
  });

  test.each<[string, (p: any) => void, (p: any) => void, string]>([
    ['a container added', () => undefined, p => { p.spec.containers.push({ name: 'sidecar', image: 'envoy:1' }); }, 'pod-spec spec.containers'],
    ['activeDeadlineSeconds raised', p => { p.spec.activeDeadlineSeconds = 60; }, p => { p.spec.activeDeadlineSeconds = 120; }, 'pod-spec spec.activeDeadlineSeconds'],
    ['activeDeadlineSeconds removed', p => { p.spec.activeDeadlineSeconds = 60; }, p => { delete p.spec.activeDeadlineSeconds; }, 'pod-spec spec.activeDeadlineSeconds'],
    ['a toleration removed', p => { p.spec.tolerations = [{ key: 'spot', operator: 'Exists' }]; }, p => { p.spec.tolerations = []; }, 'pod-spec spec.tolerations'],
    ['a scheduling gate added', () => undefined, p => { p.spec.schedulingGates = [{ name: 'wait' }]; }, 'pod-spec spec.schedulingGates'],
    ['the restart policy', () => undefined, p => { p.spec.restartPolicy = 'Always'; }, 'pod-spec spec.restartPolicy'],
    ['an env var added', () => undefined, p => { p.spec.containers[0].env = [{ name: 'A', value: '1' }]; }, 'pod-spec spec.containers[0].env'],
  ])('%s is refused', (_, setup, change, expected) => {
    const before = edit(pod(), setup);
    expect(rules([before], [edit(before, change)])).toEqual([expected]);
  });

  test('activeDeadlineSeconds lowered, a gate removed, a negative grace period raised to 1, node selector on a gated pod: allowed', () => {
    const gated = edit(pod(), p => { p.spec.activeDeadlineSeconds = 600; p.spec.schedulingGates = [{ name: 'wait' }]; p.spec.terminationGracePeriodSeconds = -1; });
    const after = edit(gated, p => {
      p.spec.activeDeadlineSeconds = 300;
      p.spec.schedulingGates = [];
      p.spec.terminationGracePeriodSeconds = 1;
      p.spec.nodeSelector = { zone: 'a' };
    });
    expect(rules([gated], [after])).toEqual([]);
  });
});
