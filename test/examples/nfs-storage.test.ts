import { Testing } from 'cdk8s';
import { buildApp } from '../../examples/nfs-storage/app';
import { CHART_CLUSTER_RULES, CHART_LEADER_RULES } from '../support/nfs-chart';
import { expectWellFormed, find, findAll, synthApp } from '../support/synth';

function synthExample() {
  const app = Testing.app();
  buildApp(app);
  return { app, manifests: synthApp(app) };
}

describe('examples/nfs-storage (document 000)', () => {
  const { app, manifests } = synthExample();

  test('one chart per scenario, each snapshotted', () => {
    expect(app.charts.map(c => c.node.id)).toEqual(['nfs-storage-000', 'static-storage-000']);
    for (const chart of app.charts) expect(Testing.synth(chart)).toMatchSnapshot(chart.node.id);
  });

  test('every claim names a class that exists, every pod is restricted or carries its documented exceptions', () => {
    expectWellFormed(manifests);
  });

  test('the provisioner: nfs-provisioner, 1 replica, Recreate, the tutorial env, the export at /persistentvolumes', () => {
    const deployment = find(manifests, 'Deployment', 'nfs-provisioner');
    expect(deployment.spec.replicas).toEqual(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toEqual('nfs-provisioner');
    expect(pod.containers[0].env).toEqual([
      { name: 'PROVISIONER_NAME', value: 'example.com/nfs' },
      { name: 'NFS_SERVER', value: '172.16.1.30' },
      { name: 'NFS_PATH', value: '/data/nfs_pro' },
    ]);
    expect(pod.containers[0].volumeMounts).toContainEqual({ mountPath: '/persistentvolumes', name: 'nfs-subdir-external-provisioner-root' });
    expect(pod.volumes).toContainEqual({ name: 'nfs-subdir-external-provisioner-root', nfs: { server: '172.16.1.30', path: '/data/nfs_pro' } });
  });

  test('RBAC: the chart\'s rules exactly, bound to the ServiceAccount; nothing binds cluster-admin', () => {
    expect(find(manifests, 'ClusterRole').rules).toEqual(CHART_CLUSTER_RULES);
    expect(find(manifests, 'ClusterRoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'nfs-provisioner', namespace: 'default' }]);
    expect(find(manifests, 'Role').rules).toEqual(CHART_LEADER_RULES);
    expect(JSON.stringify(manifests)).not.toContain('cluster-admin');
  });

  test('StorageClass nfs with provisioner example.com/nfs; test-claim1 asks it for 1Gi ReadWriteMany', () => {
    const cls = find(manifests, 'StorageClass', 'nfs');
    expect(cls.provisioner).toEqual('example.com/nfs');
    expect(cls.parameters).toEqual({ archiveOnDelete: 'true' });
    const claim = find(manifests, 'PersistentVolumeClaim', 'test-claim1');
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'nfs' });
  });

  test('read-pod serves the claim from /usr/share/nginx/html with a non-root nginx and never restarts', () => {
    const pod = find(manifests, 'Pod', 'read-pod');
    expect(pod.spec.restartPolicy).toEqual('Never');
    const nginx = pod.spec.containers[0];
    expect(nginx.image).toEqual('nginxinc/nginx-unprivileged:1.27.3-alpine');
    expect(nginx.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    const mount = nginx.volumeMounts.find((m: any) => m.mountPath === '/usr/share/nginx/html');
    const volume = pod.spec.volumes.find((v: any) => v.name === mount.name);
    expect(volume.persistentVolumeClaim).toEqual({ claimName: 'test-claim1', readOnly: false });
  });

  test('static: my-pv (10Gi, ReadWriteOnce, hostPath /mnt/data) and my-pvc bound to it both ways', () => {
    const pv = find(manifests, 'PersistentVolume', 'my-pv');
    expect(pv.spec).toMatchObject({
      capacity: { storage: '10Gi' },
      accessModes: ['ReadWriteOnce'],
      hostPath: { path: '/mnt/data' },
      persistentVolumeReclaimPolicy: 'Retain',
      claimRef: { name: 'my-pvc', namespace: 'default' },
    });
    const pvc = find(manifests, 'PersistentVolumeClaim', 'my-pvc');
    expect(pvc.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: '', volumeName: 'my-pv' });
    expect(findAll(manifests, 'StorageClass').map(c => c.metadata.name)).toEqual(['nfs']);
  });
});
