import { Testing } from 'cdk8s';
import { buildApp, DynamicStatefulSetChart, StaticStatefulSetChart } from '../../examples/stateful-app/app';
import { expectWellFormed, find, findAll, synthApp } from '../support/synth';

function synthExample() {
  const app = Testing.app();
  buildApp(app);
  return { app, manifests: synthApp(app) };
}


describe('examples/stateful-app (document 001)', () => {
  const { app, manifests } = synthExample();
  const staticChart = app.charts[0] as StaticStatefulSetChart;
  const dynamicChart = app.charts[1] as DynamicStatefulSetChart;

  test('a static and a dynamic chart, each snapshotted', () => {
    expect(app.charts.map(c => c.node.id)).toEqual(['statefulset-001', 'statefulset-dynamic']);
    for (const chart of app.charts) expect(Testing.synth(chart)).toMatchSnapshot(chart.node.id);
  });

  test('every claim\'s class exists, serviceName names a headless Service selecting the pods, pods are restricted', () => {
    expectWellFormed(manifests);
  });

  describe('static provisioning', () => {
    const objects = Testing.synth(staticChart);
    const sts = objects.find(m => m.kind === 'StatefulSet');

    test('three NFS PersistentVolumes of class gold, retained', () => {
      const pvs = objects.filter(m => m.kind === 'PersistentVolume');
      expect(pvs.map(pv => pv.metadata.name)).toEqual(['nfspv1', 'nfspv2', 'nfspv3']);
      for (const [i, pv] of pvs.entries()) {
        expect(pv.spec).toEqual({
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '1Gi' },
          nfs: { server: '172.16.1.30', path: `/nfs/${i + 1}` },
          persistentVolumeReclaimPolicy: 'Retain',
          storageClassName: 'gold',
        });
      }
    });

    test('a 3-replica StatefulSet web, started in order, whose claims ask for gold and are kept', () => {
      expect(sts.metadata.name).toEqual('web');
      expect(sts.spec.replicas).toEqual(3);
      expect(sts.spec.podManagementPolicy).toEqual('OrderedReady');
      expect(sts.spec.volumeClaimTemplates).toEqual([{
        metadata: { name: 'www', labels: { 'app.kubernetes.io/instance': 'web', 'app.kubernetes.io/name': 'nginx' } },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'gold' },
      }]);
      expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
      expect(staticChart.web.claimNames).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    });

    test('the headless Service nginx gives pod 0 the name web-0.nginx.default.svc.cluster.local', () => {
      const headless = find(objects, 'Service', 'nginx');
      expect(sts.spec.serviceName).toEqual('nginx');
      expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector: sts.spec.selector.matchLabels });
      expect(staticChart.web.podDnsName(0)).toEqual('web-0.nginx.default.svc.cluster.local');
    });
  });

  describe('dynamic provisioning', () => {
    const objects = Testing.synth(dynamicChart);
    const sts = objects.find(m => m.kind === 'StatefulSet');

    test('the claims ask the NfsStorageClass, which exists in the app', () => {
      expect(sts.spec.volumeClaimTemplates[0].spec.storageClassName).toEqual('nfs-web');
      expect(find(objects, 'StorageClass', 'nfs-web').mountOptions).toEqual(['nfsvers=4.1', 'hard']);
      expect(sts.spec.podManagementPolicy).toEqual('Parallel');
    });

    test('the provisioner mounts the export through its own PV and claim, bound to each other', () => {
      const pv = find(objects, 'PersistentVolume', 'pv-nfs-web-provisioner');
      expect(pv.spec.claimRef).toEqual({ name: 'pvc-nfs-web-provisioner', namespace: 'web-dynamic' });
      expect(find(objects, 'PersistentVolumeClaim', 'pvc-nfs-web-provisioner').spec.volumeName).toEqual('pv-nfs-web-provisioner');
    });

    test('a client Service and a PodDisruptionBudget select the same pods as the headless Service', () => {
      const services = findAll(objects, 'Service');
      expect(services.map(s => [s.metadata.name, s.spec.clusterIP ?? 'virtual'])).toEqual([['nginx', 'None'], ['web', 'virtual']]);
      expect(services[1].spec.selector).toEqual(services[0].spec.selector);
      expect(find(objects, 'PodDisruptionBudget').spec.selector.matchLabels).toEqual(services[0].spec.selector);
      expect(dynamicChart.web.podDnsName(2)).toEqual('web-2.nginx.web-dynamic.svc.cluster.local');
    });
  });
});
