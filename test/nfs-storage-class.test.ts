import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { NfsOnDelete, NfsStorageClass, NfsStorageClassProps, ResourcePreset, VolumeBindingMode } from '../lib';
import { NFS_PROVISIONER_IMAGE } from '../lib/nfs-storage-class';
import { CHART_CLUSTER_RULES, CHART_LEADER_RULES } from './support/nfs-chart';
import { expectError, expectWellFormed, find, findAll, newChart, synth } from './support/synth';

const SERVER = '172.16.1.30';
const PATH = '/data/nfs_pro';

function build(props: Partial<NfsStorageClassProps> = {}, namespace?: string) {
  const chart = newChart({ namespace });
  const nfs = new NfsStorageClass(chart, 'Nfs', { server: SERVER, path: PATH, ...props });
  return { chart, nfs, manifests: () => synth(chart) };
}

const podOf = (out: any[]) => find(out, 'Deployment').spec.template;

describe('NfsStorageClass defaults (document 000)', () => {
  const { nfs, manifests } = build({ provisionerName: 'example.com/nfs' });
  const out = manifests();
  const pod = podOf(out);
  const container = pod.spec.containers[0];

  test('writes the class, the provisioner and its least-privilege RBAC', () => {
    expect(out.map(m => `${m.kind}/${m.metadata.name}`)).toEqual([
      'StorageClass/nfs', 'ServiceAccount/nfs-provisioner', 'ClusterRole/nfs-provisioner-runner',
      'ClusterRoleBinding/run-nfs-provisioner', 'Role/leader-locking-nfs-provisioner',
      'RoleBinding/leader-locking-nfs-provisioner', 'Deployment/nfs-provisioner',
    ]);
    expect(out).toMatchSnapshot();
  });

  test('the ClusterRole holds exactly the chart\'s rules, bound to the ServiceAccount only', () => {
    expect(find(out, 'ClusterRole').rules).toEqual(CHART_CLUSTER_RULES);
    expect(find(out, 'ClusterRoleBinding')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'nfs-provisioner-runner' },
      subjects: [{ kind: 'ServiceAccount', name: 'nfs-provisioner', namespace: 'default' }],
    });
  });

  test('the leader-election Role holds exactly the chart\'s rules, in the provisioner\'s namespace', () => {
    const role = find(out, 'Role');
    expect(role.rules).toEqual(CHART_LEADER_RULES);
    expect(role.metadata.namespace).toEqual('default');
    expect(find(out, 'RoleBinding')).toMatchObject({
      metadata: { namespace: 'default' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'leader-locking-nfs-provisioner' },
      subjects: [{ kind: 'ServiceAccount', name: 'nfs-provisioner', namespace: 'default' }],
    });
  });

  test('nothing binds cluster-admin or any role but the two above', () => {
    expect(JSON.stringify(out)).not.toContain('cluster-admin');
    const roleRefs = [...findAll(out, 'ClusterRoleBinding'), ...findAll(out, 'RoleBinding')].map(b => b.roleRef.name);
    expect(roleRefs).toEqual(['nfs-provisioner-runner', 'leader-locking-nfs-provisioner']);
  });

  test('the StorageClass: class nfs, the provisioner name, data-safe archiveOnDelete, the chart\'s defaults', () => {
    expect(find(out, 'StorageClass')).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'nfs', labels: expect.any(Object) },
      provisioner: 'example.com/nfs',
      parameters: { archiveOnDelete: 'true' },
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
      allowVolumeExpansion: true,
    });
  });

  test('the Deployment: 1 replica, Recreate, the default image, the ServiceAccount', () => {
    const deployment = find(out, 'Deployment');
    expect(deployment.spec.replicas).toEqual(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(container.image).toEqual('registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.2');
    expect(NFS_PROVISIONER_IMAGE).toEqual(container.image);
    expect(pod.spec.serviceAccountName).toEqual('nfs-provisioner');
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'nfs-provisioner', 'app.kubernetes.io/instance': 'nfs-provisioner' });
  });

  test('env PROVISIONER_NAME / NFS_SERVER / NFS_PATH, leader election left on', () => {
    expect(container.env).toEqual([
      { name: 'PROVISIONER_NAME', value: 'example.com/nfs' },
      { name: 'NFS_SERVER', value: SERVER },
      { name: 'NFS_PATH', value: PATH },
    ]);
  });

  test('the export is mounted at /persistentvolumes as an inline nfs volume', () => {
    expect(container.volumeMounts).toEqual([
      { mountPath: '/persistentvolumes', name: 'nfs-subdir-external-provisioner-root' },
      { mountPath: '/tmp', name: 'scratch-tmp' },
    ]);
    expect(pod.spec.volumes[0]).toEqual({ name: 'nfs-subdir-external-provisioner-root', nfs: { server: SERVER, path: PATH } });
  });

  test('restricted except for the documented token and inline nfs volume; runs as nfsnobody', () => {
    expectWellFormed(out);
    expect(pod.metadata.annotations['cdk8s-patterns.io/pod-security-exceptions']).toEqual(
      'automountServiceAccountToken=true; volumes.nfs; reason: the provisioner calls the Kubernetes API to create and delete '
      + 'PersistentVolumes, and mounts the export as an inline nfs volume (give mountOptions to mount it through a PersistentVolume instead)');
    expect(pod.spec.automountServiceAccountToken).toBe(true);
    expect(find(out, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(pod.spec.securityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true });
    expect(container.securityContext).toMatchObject({
      runAsUser: 65534,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('exposes the class, its name, the provisioner parts and the access modes NFS serves', () => {
    expect(nfs.storageClassName).toEqual('nfs');
    expect(nfs.provisionerName).toEqual('example.com/nfs');
    expect(nfs.accessModes).toEqual(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany']);
    expect(nfs.supportsReadWriteMany).toBe(true);
    expect(nfs.external).toBe(false);
    expect(nfs.namespace).toEqual('default');
    expect(nfs.deployment.containers[0]).toBe(nfs.provisionerContainer);
    expect(nfs.exportVolume).toBeUndefined();
    expect(nfs.leaderElectionRole).toBeDefined();
  });
});

describe('NfsStorageClass options', () => {
  test('a unique provisioner per class by default', () => {
    const chart = newChart();
    const a = new NfsStorageClass(chart, 'A', { server: SERVER, path: PATH });
    const b = new NfsStorageClass(chart, 'B', { server: SERVER, path: '/data/other', name: 'nfs-other' });
    const out = synth(chart);
    expect([a.provisionerName, b.provisionerName]).toEqual(['cluster.local/nfs-provisioner', 'cluster.local/nfs-other-provisioner']);
    expect(findAll(out, 'StorageClass').map(c => c.provisioner)).toEqual([a.provisionerName, b.provisionerName]);
    expect(findAll(out, 'Deployment').map(d => d.spec.template.spec.containers[0].env[0].value)).toEqual([a.provisionerName, b.provisionerName]);
  });

  test('the chart\'s namespace, or an explicit one; cluster-scoped objects get none', () => {
    const inChart = build({}, 'storage').manifests();
    expect(find(inChart, 'Deployment').metadata.namespace).toEqual('storage');
    expect(find(inChart, 'ClusterRoleBinding').subjects[0].namespace).toEqual('storage');
    for (const kind of ['StorageClass', 'ClusterRole', 'ClusterRoleBinding']) expect(find(inChart, kind).metadata.namespace).toBeUndefined();
    const explicit = build({ provisioner: { namespace: 'nfs-system' } }, 'storage').manifests();
    expect(find(explicit, 'Role').metadata.namespace).toEqual('nfs-system');
    expect(find(explicit, 'RoleBinding').subjects[0].namespace).toEqual('nfs-system');
  });

  test('mountOptions: the export is mounted through a static PV and a claim bound to each other, as the chart does', () => {
    const { nfs, manifests } = build({ mountOptions: ['nfsvers=4.1', 'hard'] });
    const out = manifests();
    expect(find(out, 'StorageClass').mountOptions).toEqual(['nfsvers=4.1', 'hard']);
    const pv = find(out, 'PersistentVolume');
    expect(pv.metadata.name).toEqual('pv-nfs-provisioner');
    expect(pv.spec).toEqual({
      capacity: { storage: '10Mi' },
      accessModes: ['ReadWriteMany'],
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: '',
      volumeMode: 'Filesystem',
      mountOptions: ['nfsvers=4.1', 'hard'],
      nfs: { server: SERVER, path: PATH },
      claimRef: { namespace: 'default', name: 'pvc-nfs-provisioner' },
    });
    expect(find(out, 'PersistentVolumeClaim').spec).toEqual({
      accessModes: ['ReadWriteMany'],
      storageClassName: '',
      volumeMode: 'Filesystem',
      volumeName: 'pv-nfs-provisioner',
      resources: { requests: { storage: '10Mi' } },
    });
    const pod = podOf(out);
    expect(pod.spec.volumes[0]).toEqual({ name: 'nfs-subdir-external-provisioner-root', persistentVolumeClaim: { claimName: 'pvc-nfs-provisioner', readOnly: false } });
    expect(pod.metadata.annotations['cdk8s-patterns.io/pod-security-exceptions']).not.toContain('volumes.nfs');
    expect(nfs.exportVolume).toBeDefined();
    expect(nfs.exportClaim).toBeDefined();
    expectWellFormed(out);
  });

  test('without leader election: ENABLE_LEADER_ELECTION=false and no leader-election Role', () => {
    const { nfs, manifests } = build({ provisioner: { leaderElection: false } });
    const out = manifests();
    expect(podOf(out).spec.containers[0].env).toContainEqual({ name: 'ENABLE_LEADER_ELECTION', value: 'false' });
    expect(findAll(out, 'Role')).toEqual([]);
    expect(findAll(out, 'RoleBinding')).toEqual([]);
    expect(nfs.leaderElectionRole).toBeUndefined();
  });

  test('two replicas with leader election', () => {
    expect(find(build({ provisioner: { replicas: 2 } }).manifests(), 'Deployment').spec.replicas).toEqual(2);
  });

  test('the class options: default class, reclaim Retain, WaitForFirstConsumer, no expansion, annotations', () => {
    const { manifests } = build({
      name: 'nfs-client',
      defaultClass: true,
      reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.RETAIN,
      volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
      allowVolumeExpansion: false,
      storageClassAnnotations: { 'example.com/tier': 'bulk' },
    });
    const cls = find(manifests(), 'StorageClass');
    expect(cls.metadata.name).toEqual('nfs-client');
    expect(cls.metadata.annotations).toEqual({ 'storageclass.kubernetes.io/is-default-class': 'true', 'example.com/tier': 'bulk' });
    expect(cls).toMatchObject({ reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: false });
  });

  test('the provisioner parameters: onDelete replaces archiveOnDelete, pathPattern', () => {
    expect(find(build({ onDelete: NfsOnDelete.RETAIN, pathPattern: '${.PVC.namespace}-${.PVC.name}' }).manifests(), 'StorageClass').parameters)
      .toEqual({ onDelete: 'retain', pathPattern: '${.PVC.namespace}-${.PVC.name}' });
    expect(find(build({ archiveOnDelete: false }).manifests(), 'StorageClass').parameters).toEqual({ archiveOnDelete: 'false' });
  });

  test('scheduling: node selector, tolerations, affinity, priority class, pull secrets, pod annotations', () => {
    const { manifests } = build({
      provisioner: {
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ key: 'storage', operator: 'Exists', effect: 'NoSchedule' }],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'nfs', operator: 'Exists' }] }] } } },
        priorityClassName: 'system-cluster-critical',
        imagePullSecrets: ['registry'],
        podAnnotations: { 'example.com/team': 'storage' },
      },
    });
    const pod = podOf(manifests());
    expect(pod.spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(pod.spec.tolerations).toEqual([{ key: 'storage', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions).toEqual([{ key: 'nfs', operator: 'Exists' }]);
    expect(pod.spec.priorityClassName).toEqual('system-cluster-critical');
    expect(pod.spec.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(pod.metadata.annotations['example.com/team']).toEqual('storage');
  });

  test('resources, a preset, an image, a disruption budget', () => {
    const custom = build({
      provisioner: {
        image: 'registry.example.com/nfs-subdir-external-provisioner:v4.0.2',
        resources: {
          cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(100) },
          memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
        },
        disruptionBudget: {},
      },
    }).manifests();
    const c = podOf(custom).spec.containers[0];
    expect(c.image).toEqual('registry.example.com/nfs-subdir-external-provisioner:v4.0.2');
    expect(c.resources).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } });
    expect(find(custom, 'PodDisruptionBudget').spec.selector.matchLabels).toEqual(find(custom, 'Deployment').spec.selector.matchLabels);
    const preset = podOf(build({ provisioner: { resourcePreset: ResourcePreset.MICRO } }).manifests()).spec.containers[0];
    expect(preset.resources.requests).toEqual({ cpu: '250m', memory: '256Mi' });
  });

  test('root for an export with no_root_squash, recorded as an exception', () => {
    const out = build({ provisioner: { security: { runAsUser: 0, runAsGroup: 0, allowRunAsRoot: true, exceptionReason: 'no_root_squash export owned by root' } } }).manifests();
    const pod = podOf(out);
    expect(pod.spec.securityContext.runAsUser).toEqual(0);
    expect(pod.metadata.annotations['cdk8s-patterns.io/pod-security-exceptions']).toContain('runAsNonRoot=false; reason: no_root_squash export owned by root');
    expectWellFormed(out);
  });

  test('labels from the shared label props', () => {
    const out = build({ partOf: 'platform', labels: { team: 'storage' } }).manifests();
    for (const m of out) expect(m.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'platform', 'team': 'storage' });
  });
});

describe('NfsStorageClass construction errors', () => {
  const at = "NfsStorageClass 'test/Nfs': invalid";
  test.each<[string, Partial<NfsStorageClassProps>, string]>([
    ['an invalid server', { server: 'nfs server' }, `${at} server "nfs server": must be a host name or an IPv4 or IPv6 address`],
    ['an NFS path that is not absolute', { path: 'data/nfs_pro' }, `${at} path "data/nfs_pro": must be an absolute path starting with '/' and without '..' segments`],
    ['replicas < 0', { provisioner: { replicas: -1 } }, `${at} provisioner.replicas -1: must be a whole number within 0-100`],
    ['two replicas without leader election', { provisioner: { replicas: 2, leaderElection: false } },
      `${at} provisioner.replicas 2: more than one provisioner needs leaderElection, or two pods would provision the same claim; set provisioner.leaderElection to true or replicas to 1`],
    ['an invalid provisioner name', { provisionerName: 'example.com/nfs/x' },
      `${at} provisionerName "example.com/nfs/x": each key must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'`],
    ['a provisioner name over 63 characters', { provisionerName: `example.com/${'n'.repeat(60)}` },
      `${at} provisionerName "example.com/${'n'.repeat(60)}": must be at most 63 characters; set a shorter 'provisionerName' or provisioner.name`],
    ['archiveOnDelete with onDelete', { archiveOnDelete: true, onDelete: NfsOnDelete.DELETE },
      `${at} archiveOnDelete true: cannot be combined with 'onDelete', which overrides it; give one of them`],
    ['an unknown onDelete', { onDelete: 'archive' as NfsOnDelete }, `${at} onDelete "archive": must be one of delete, retain`],
    ['an absolute pathPattern', { pathPattern: '/${.PVC.name}' }, `${at} pathPattern "/\${.PVC.name}": must be a relative path under the export, without '..' segments`],
    ['reclaim policy Recycle', { reclaimPolicy: 'Recycle' as kplus.PersistentVolumeReclaimPolicy },
      `${at} reclaimPolicy "Recycle": Recycle is deprecated and wipes the data with 'rm -rf'; use Retain or Delete and clean up deliberately`],
    ['an unknown binding mode', { volumeBindingMode: 'Later' as VolumeBindingMode }, `${at} volumeBindingMode "Later": must be one of Immediate, WaitForFirstConsumer`],
    ['an invalid class name', { name: 'NFS' },
      `${at} name "NFS": must be a DNS-1123 subdomain: at most 253 characters, lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`],
    ['an image tagged latest', { provisioner: { image: 'nfs-subdir-external-provisioner:latest' } },
      `${at} provisioner.image "nfs-subdir-external-provisioner:latest": must carry a tag other than 'latest' (e.g. "nginx:1.25.3") or a digest, so every rollout runs the same code; set 'allowMutableImageTag' to accept it`],
    ['no service-account token', { provisioner: { security: { automountServiceAccountToken: false } } },
      `${at} provisioner.security.automountServiceAccountToken false: the provisioner calls the Kubernetes API to create PersistentVolumes and needs its token`],
    ['empty mount options', { mountOptions: [] }, `${at} mountOptions []: must list at least one option, or be left out`],
    ['two mount options in one entry', { mountOptions: ['nfsvers=4.1,hard'] }, `${at} mountOptions[0] "nfsvers=4.1,hard": must be one option per entry, without spaces or ','`],
    ['an invalid priority class', { provisioner: { priorityClassName: 'High' } },
      `${at} provisioner.priorityClassName "High": must be a DNS-1123 subdomain: at most 253 characters, lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`],
    ['an invalid node selector value', { provisioner: { nodeSelector: { disk: 'fast ssd' } } },
      `${at} provisioner.nodeSelector["disk"] "fast ssd": must be a label value: at most 63 characters, letters, digits, '-', '_' and '.', starting and ending with a letter or digit`],
    ['a class name too long for the derived provisioner name', { name: 'n'.repeat(60) },
      `${at} name "${'n'.repeat(60)}": gives the provisioner the name \"${'n'.repeat(60)}-provisioner\", longer than 63 characters; give a shorter 'name' or set 'provisioner.name'`],
  ])('%s', (_, props, message) => {
    expectError(() => build(props), message);
  });

  test('no props at all', () => {
    expectError(() => new NfsStorageClass(newChart(), 'Nfs', undefined as any), `${at} props undefined: must be an object with at least 'server' and 'path'`);
  });
});

describe('upgrade stability: routine changes leave every immutable field alone', () => {
  const immutable = (props: Partial<NfsStorageClassProps>) => {
    const out = build({ mountOptions: ['nfsvers=4.1'], ...props }).manifests();
    const cls = find(out, 'StorageClass');
    const pv = find(out, 'PersistentVolume');
    return {
      storageClass: [cls.provisioner, cls.parameters, cls.reclaimPolicy, cls.volumeBindingMode],
      deploymentSelector: find(out, 'Deployment').spec.selector,
      clusterRoleBinding: find(out, 'ClusterRoleBinding').roleRef,
      // RoleBindings' roleRef is immutable too; without leader election there is none at all.
      roleBindings: findAll(out, 'RoleBinding').map(b => b.roleRef),
      exportVolume: { nfs: pv.spec.nfs, claimRef: pv.spec.claimRef, capacity: pv.spec.capacity },
      exportClaim: find(out, 'PersistentVolumeClaim').spec,
    };
  };
  const before = immutable({});

  test.each<[string, Partial<NfsStorageClassProps>]>([
    ['the image', { provisioner: { image: 'registry.k8s.io/sig-storage/nfs-subdir-external-provisioner:v4.0.1' } }],
    ['the replicas', { provisioner: { replicas: 3 } }],
    ['the env (leader election off)', { provisioner: { leaderElection: false } }],
    ['the pod annotations', { provisioner: { podAnnotations: { 'example.com/team': 'storage' } } }],
    ['the resources', { provisioner: { resourcePreset: ResourcePreset.SMALL } }],
    ['the scheduling', { provisioner: { nodeSelector: { 'kubernetes.io/os': 'linux' }, priorityClassName: 'high' } }],
    ['mutable class fields', { defaultClass: true, allowVolumeExpansion: false, labels: { team: 'storage' } }],
  ])('changing %s', (_, change) => {
    const { roleBindings, ...after } = immutable(change);
    const { roleBindings: bindingsBefore, ...rest } = before;
    expect(after).toEqual(rest);
    expect(roleBindings).toEqual(change.provisioner?.leaderElection === false ? [] : bindingsBefore);
  });
});
