import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ClaimRetention, ExternalStorageClass, HealthChecks, IWorkloadPattern, ManifestChecks, NfsPersistentVolume,
  NfsStorageClass, ResourcePreset, StatefulAppWithStorage, StatefulAppWithStorageProps,
} from '../lib';
import { expectError, expectSynthError, expectWellFormed, find, findAll, newChart, synth } from './support/synth';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';
const STORAGE = { size: '1Gi', mountPath: '/data' };
const SELECTOR = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;

function build(props: Partial<StatefulAppWithStorageProps> = {}, namespace?: string) {
  const chart = newChart({ namespace });
  const app = new StatefulAppWithStorage(chart, 'web', { image: IMAGE, storage: STORAGE, ...props });
  return { chart, app, manifests: () => synth(chart) };
}

/** Three static NFS volumes of class gold, as document 001 makes them. */
function goldVolumes(chart: any, count = 3, capacity = '1Gi') {
  for (let n = 1; n <= count; n++) {
    new NfsPersistentVolume(chart, `nfspv${n}`, { server: '172.16.1.30', path: `/nfs/${n}`, capacity, storageClassName: 'gold' });
  }
}

describe('StatefulAppWithStorage defaults', () => {
  const { app, manifests } = build();
  const out = manifests();
  const sts = find(out, 'StatefulSet');
  const headless = find(out, 'Service');
  const pod = sts.spec.template.spec;

  test('writes the headless Service first, then the StatefulSet, nothing else', () => {
    expect(out.map(m => m.kind)).toEqual(['Service', 'StatefulSet']);
    expect(out).toMatchSnapshot();
  });

  test('exactly one headless Service: clusterIP None, publishing not-ready pods, named in serviceName, selecting exactly the pods', () => {
    expect(findAll(out, 'Service')).toHaveLength(1);
    expect(headless.metadata.name).toEqual('web-headless');
    expect(sts.spec.serviceName).toEqual('web-headless');
    expect(headless.spec).toEqual({
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      type: 'ClusterIP',
      selector: SELECTOR,
      ports: [{ name: 'tcp', port: 8080, targetPort: 8080, protocol: 'TCP' }],
    });
    expect(sts.spec.selector).toEqual({ matchLabels: SELECTOR });
    expect(sts.spec.template.metadata.labels).toMatchObject(SELECTOR);
    expect(Object.keys(sts.spec.template.metadata.labels)).not.toContain('cdk8s.io/metadata.addr');
  });

  test('the component label says server, whatever the app runs, and the user may name it', () => {
    for (const m of out) expect(m.metadata.labels['app.kubernetes.io/component']).toEqual('server');
    expect(sts.spec.template.metadata.labels['app.kubernetes.io/component']).toEqual('server');
    const database = find(build({ component: 'database' }).manifests(), 'StatefulSet');
    expect(database.spec.template.metadata.labels['app.kubernetes.io/component']).toEqual('database');
    // Not part of the selector, nor of the immutable claim templates: changing it only rolls the pods.
    expect(database.spec.selector).toEqual(sts.spec.selector);
    expect(database.spec.volumeClaimTemplates).toEqual(sts.spec.volumeClaimTemplates);
  });

  test('one claim per replica from volumeClaimTemplates: the cluster default class, selector labels only', () => {
    expect(sts.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: SELECTOR },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }]);
  });

  test('claims are retained when the StatefulSet is deleted and when it scales down', () => {
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  test('the claim is mounted at the path; the pod declares no volume of that name (the template supplies it)', () => {
    expect(pod.containers[0].volumeMounts).toEqual([
      { mountPath: '/tmp', name: 'scratch-tmp' },
      { mountPath: '/data', name: 'data' },
    ]);
    expect(pod.volumes).toEqual([{ emptyDir: {}, name: 'scratch-tmp' }]);
  });

  test('1 replica, pods started in order, rolling updates one pod at a time', () => {
    expect(sts.spec.replicas).toEqual(1);
    expect(sts.spec.podManagementPolicy).toEqual('OrderedReady');
    expect(sts.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  });

  test('restricted pods with TCP probes on the container port', () => {
    expectWellFormed(out);
    expect(pod.containers[0].readinessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(pod.containers[0].livenessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('implements IWorkloadPattern: workload, main container, selector labels', () => {
    const pattern: IWorkloadPattern = app;
    expect(pattern.workload).toBe(app.statefulSet);
    expect(pattern.mainContainer).toBe(app.statefulSet.containers[0]);
    expect(pattern.selectorLabels).toEqual(SELECTOR);
  });

  test('pod DNS names and claim names', () => {
    expect(app.podDnsName(0)).toEqual('web-0.web-headless.default.svc.cluster.local');
    expect(app.claimName(0)).toEqual('data-web-0');
    expect(app.claimNames).toEqual(['data-web-0']);
    expect(app.headlessServiceName).toEqual('web-headless');
    expect(app.claimTemplateName).toEqual('data');
    expect(app.storageClassName).toBeUndefined();
  });
});

describe('document 001: three gold volumes and a 3-replica StatefulSet', () => {
  const chart = newChart();
  goldVolumes(chart);
  const web = new StatefulAppWithStorage(chart, 'web', {
    image: IMAGE,
    replicas: 3,
    headlessServiceName: 'nginx',
    storage: { name: 'www', size: '1Gi', mountPath: '/usr/share/nginx/html', storageClassName: 'gold' },
  });
  const out = synth(chart);

  test('snapshot, and the wiring checks pass', () => {
    expect(out).toMatchSnapshot();
    expectWellFormed(out);
  });

  test('web-0.nginx.default.svc.cluster.local and claims www-web-0..2 of class gold', () => {
    expect(web.podDnsName(0)).toEqual('web-0.nginx.default.svc.cluster.local');
    expect(web.podDnsName(2)).toEqual('web-2.nginx.default.svc.cluster.local');
    expect(web.claimNames).toEqual(['www-web-0', 'www-web-1', 'www-web-2']);
    expect(find(out, 'StatefulSet').spec.volumeClaimTemplates[0].spec.storageClassName).toEqual('gold');
  });
});

describe('StatefulAppWithStorage options', () => {
  test('a namespace reaches every object and the DNS names', () => {
    const { app, manifests } = build({}, 'db');
    for (const m of manifests()) expect(m.metadata.namespace).toEqual('db');
    expect(app.podDnsName(0)).toEqual('web-0.web-headless.db.svc.cluster.local');
  });

  test('an explicit name fixes the StatefulSet, pod and claim names whatever the construct id', () => {
    const chart = newChart();
    const app = new StatefulAppWithStorage(chart, 'SomethingElse', { image: IMAGE, storage: STORAGE, name: 'pg' });
    expect(find(synth(chart), 'StatefulSet').metadata.name).toEqual('pg');
    expect(app.claimName(0)).toEqual('data-pg-0');
  });

  test('the class of an NfsStorageClass', () => {
    const chart = newChart();
    const nfs = new NfsStorageClass(chart, 'Nfs', { server: 'nfs.example.com', path: '/exports' });
    const app = new StatefulAppWithStorage(chart, 'web', { image: IMAGE, storage: { ...STORAGE, accessModes: [RWX], storageClass: nfs } });
    const out = synth(chart);
    expect(find(out, 'StatefulSet').spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteMany'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'nfs',
    });
    expect(app.storageClassName).toEqual('nfs');
    expectWellFormed(out);
  });

  test('an external class: the template is marked, and the manifest checks accept it', () => {
    const chart = newChart();
    const gp3 = new ExternalStorageClass(chart, 'Gp3', { storageClassName: 'gp3' });
    new StatefulAppWithStorage(chart, 'web', { image: IMAGE, storage: { ...STORAGE, storageClass: gp3 } });
    const out = synth(chart);
    const template = find(out, 'StatefulSet').spec.volumeClaimTemplates[0];
    expect(template.metadata.annotations).toEqual({ 'cdk8s-patterns.io/external-storage-class': 'gp3' });
    expect(template.spec.storageClassName).toEqual('gp3');
    expectWellFormed(out);
  });

  test('Parallel pod management, OnDelete updates, minReady, retention Delete, subPath, two access modes', () => {
    const { manifests } = build({
      podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      updateStrategy: kplus.StatefulSetUpdateStrategy.onDelete(),
      minReady: Duration.seconds(5),
      storage: {
        ...STORAGE,
        subPath: 'pgdata',
        whenDeleted: ClaimRetention.DELETE,
        whenScaled: ClaimRetention.RETAIN,
        accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE, kplus.PersistentVolumeAccessMode.READ_ONLY_MANY],
      },
    });
    const sts = find(manifests(), 'StatefulSet');
    expect(sts.spec.podManagementPolicy).toEqual('Parallel');
    expect(sts.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(sts.spec.minReadySeconds).toEqual(5);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete', whenScaled: 'Retain' });
    expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ mountPath: '/data', name: 'data', subPath: 'pgdata' });
    expect(sts.spec.volumeClaimTemplates[0].spec.accessModes).toEqual(['ReadWriteOnce', 'ReadOnlyMany']);
  });

  test('a partitioned rolling update', () => {
    const { manifests } = build({ updateStrategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: 2 }) });
    expect(find(manifests(), 'StatefulSet').spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
  });

  test('env, resources and HTTP probes reuse the shared container options', () => {
    const { manifests } = build({
      env: { PGDATA: '/data/pgdata' },
      resources: {
        cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
      },
      healthChecks: HealthChecks.http({ path: '/healthz' }),
    });
    const c = find(manifests(), 'StatefulSet').spec.template.spec.containers[0];
    expect(c.env).toEqual([{ name: 'PGDATA', value: '/data/pgdata' }]);
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 8080, scheme: 'HTTP' });
  });

  test('no writable paths: the claim is then the only mounted volume', () => {
    const { manifests } = build({ security: { writablePaths: [] } });
    const pod = find(manifests(), 'StatefulSet').spec.template.spec;
    expect(pod.containers[0].volumeMounts).toEqual([{ mountPath: '/data', name: 'data' }]);
    expect(pod.volumes).toEqual([]);
  });

  test('a client Service in front of all replicas, beside the headless one', () => {
    const { app, manifests } = build({ clientService: { serviceType: kplus.ServiceType.NODE_PORT, servicePort: 5432, nodePort: 30432 } });
    const out = manifests();
    const client = find(out, 'Service', 'web');
    expect(client.spec).toEqual({
      type: 'NodePort',
      selector: SELECTOR,
      ports: [{ name: 'tcp', port: 5432, targetPort: 8080, nodePort: 30432, protocol: 'TCP' }],
    });
    expect(find(out, 'StatefulSet').spec.serviceName).toEqual('web-headless');
    expect(app.service).toBeDefined();
    expectWellFormed(out);
  });

  test('a client Service with its own name', () => {
    const { manifests } = build({ clientService: { name: 'db' } });
    expect(find(manifests(), 'Service', 'db').spec.type).toEqual('ClusterIP');
  });

  test('a PodDisruptionBudget selecting the same pods', () => {
    const { manifests } = build({ replicas: 3, disruptionBudget: {} });
    const out = manifests();
    expect(find(out, 'PodDisruptionBudget').spec).toEqual({ selector: { matchLabels: SELECTOR }, maxUnavailable: 1 });
    expectWellFormed(out);
  });

  test('replicas 0 is allowed (a stopped app keeps its claims)', () => {
    const { app, manifests } = build({ replicas: 0 });
    expect(find(manifests(), 'StatefulSet').spec.replicas).toEqual(0);
    expect(app.claimNames).toEqual([]);
  });

  test('the resource preset applies', () => {
    const { manifests } = build({ resourcePreset: ResourcePreset.SMALL });
    expect(find(manifests(), 'StatefulSet').spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '500m', memory: '512Mi' });
  });

  test('a port below 1024 needs allowPrivilegedPorts for the non-root user, which sets the safe sysctl', () => {
    expect(() => build({ containerPort: 389 })).toThrow(/invalid containerPort 389: the container runs as a non-root user, which cannot bind a port below 1024/);
    const out = build({ containerPort: 389, security: { allowPrivilegedPorts: true } }).manifests();
    expect(find(out, 'StatefulSet').spec.template.spec.securityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]);
    expect(find(out, 'Service').spec.ports[0]).toMatchObject({ port: 389, targetPort: 389 });
    expectWellFormed(out);
  });
});

describe('StatefulAppWithStorage construction errors', () => {
  const at = "StatefulAppWithStorage 'test/web': invalid";
  const local = (chart: any) => new ExternalStorageClass(chart, 'Local', { storageClassName: 'local-path' });

  test.each<[string, (chart: any) => Partial<StatefulAppWithStorageProps>, string]>([
    ['replicas < 0', () => ({ replicas: -1 }), `${at} replicas -1: must be a whole number within 0-10000`],
    ['a size that is not a quantity', () => ({ storage: { ...STORAGE, size: '1 GB' } }),
      `${at} storage.size "1 GB": must be a positive Kubernetes quantity such as '1Gi', '500Mi' or '250m'`],
    ['a relative mount path', () => ({ storage: { ...STORAGE, mountPath: 'data' } }),
      `${at} storage.mountPath "data": must be an absolute path starting with '/' and without '..' segments`],
    ['ReadWriteMany from a node-local class', chart => ({ storage: { ...STORAGE, accessModes: [RWX], storageClass: local(chart) } }),
      `${at} storage.accessModes ["ReadWriteMany"]: StorageClass "local-path" serves only ReadWriteOnce; ReadWriteMany would leave the claim Pending`],
    ['a class and a class name', chart => ({ storage: { ...STORAGE, storageClass: local(chart), storageClassName: 'gold' } }),
      `${at} storage.storageClassName "gold": cannot be combined with 'storageClass'; give one of them`],
    ['an invalid class name', () => ({ storage: { ...STORAGE, storageClassName: 'Gold' } }),
      `${at} storage.storageClassName "Gold": must be a DNS-1123 subdomain: at most 253 characters, lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`],
    ['an invalid template name', () => ({ storage: { ...STORAGE, name: 'my_data' } }),
      `${at} storage.name "my_data": must be a DNS-1123 label: at most 63 characters, lowercase letters, digits and '-', starting and ending with a letter or digit`],
    ['a template named like a scratch volume', () => ({ storage: { ...STORAGE, name: 'scratch-tmp' } }),
      `${at} storage.name "scratch-tmp": is the name of another volume of the pod`],
    ['mounting over a scratch path', () => ({ storage: { ...STORAGE, mountPath: '/tmp' } }),
      `${at} storage.mountPath "/tmp": is already a writable scratch path of the container; mount the volume elsewhere`],
    ['an absolute subPath', () => ({ storage: { ...STORAGE, subPath: '/pgdata' } }),
      `${at} storage.subPath "/pgdata": must be a relative path inside the volume, without '..' segments`],
    ['an unknown retention', () => ({ storage: { ...STORAGE, whenDeleted: 'Forever' as ClaimRetention } }),
      `${at} storage.whenDeleted "Forever": must be one of Retain, Delete`],
    ['an unknown access mode', () => ({ storage: { ...STORAGE, accessModes: ['ReadWriteAll' as kplus.PersistentVolumeAccessMode] } }),
      `${at} storage.accessModes[0] "ReadWriteAll": must be one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod`],
    ['no access mode', () => ({ storage: { ...STORAGE, accessModes: [] } }),
      `${at} storage.accessModes []: must list at least one access mode`],
    ['a name longer than 52 characters', () => ({ name: 'a'.repeat(53) }),
      `${at} name "${'a'.repeat(53)}": must be a DNS-1123 label: at most 52 characters, lowercase letters, digits and '-', starting and ending with a letter or digit`],
    ['an invalid headless Service name', () => ({ headlessServiceName: 'Nginx' }),
      `${at} headlessServiceName "Nginx": must be a DNS-1035 label, as a Service name is: at most 63 characters, lowercase letters, digits and '-', starting with a letter and ending with a letter or digit`],
    ['a nodePort on a ClusterIP client Service', () => ({ clientService: { nodePort: 30001 } }),
      `${at} clientService.nodePort 30001: is only allowed with serviceType NodePort or LoadBalancer, not ClusterIP`],
    ['no storage', () => ({ storage: undefined }),
      `${at} storage undefined: must be an object with at least 'mountPath' and 'size'`],
  ])('%s', (_, props, message) => {
    expectError(() => {
      const chart = newChart();
      new StatefulAppWithStorage(chart, 'web', { image: IMAGE, storage: STORAGE, ...props(chart) });
    }, message);
  });

  test('no props at all', () => {
    expectError(() => new StatefulAppWithStorage(newChart(), 'web', undefined as any),
      `${at} props undefined: must be an object with at least 'image' and 'storage'`);
  });

  test('an ordinal outside the replicas', () => {
    const { app } = build({ replicas: 3 });
    expectError(() => app.podDnsName(3), `${at} ordinal 3: must be a whole number within 0-2`);
    expectError(() => app.claimName(-1), `${at} ordinal -1: must be a whole number within 0-2`);
    const stopped = build({ replicas: 0 }).app;
    expectError(() => stopped.podDnsName(0), `${at} ordinal 0: the StatefulSet has 0 replicas, so no pod has an ordinal`);
  });
});

describe('StatefulAppWithStorage synth-time checks', () => {
  test('a class that is neither in the app nor declared external', () => {
    const { chart } = build({ storage: { ...STORAGE, storageClassName: 'glod' } });
    expectSynthError(chart, "StatefulAppWithStorage 'test/web': invalid storage.storageClassName \"glod\": no StorageClass or PersistentVolume "
      + 'of this class is in the app, and none is declared with ExternalStorageClass; the claims would stay Pending');
  });

  test('the tutorial\'s Pending claims: 3 replicas, one gold volume', () => {
    const { chart } = build({ replicas: 3, storage: { ...STORAGE, storageClassName: 'gold' } });
    goldVolumes(chart, 1);
    expectSynthError(chart, "StatefulAppWithStorage 'test/web': invalid storage.storageClassName \"gold\": claims \"data-web-0\"..\"data-web-2\" need 3 "
      + 'PersistentVolumes of class "gold" with at least 1Gi ReadWriteOnce, but only 1 of the 1 free in the app fits and no StorageClass provisions more; 2 claims would stay Pending');
  });

  test('gold volumes too small for the claims', () => {
    const { chart } = build({ replicas: 2, storage: { ...STORAGE, size: '2Gi', storageClassName: 'gold' } });
    goldVolumes(chart, 3, '1Gi');
    expectSynthError(chart, "StatefulAppWithStorage 'test/web': invalid storage.storageClassName \"gold\": claims \"data-web-0\"..\"data-web-1\" need 2 "
      + 'PersistentVolumes of class "gold" with at least 2Gi ReadWriteOnce, but none of the 3 free in the app fit and no StorageClass provisions more; 2 claims would stay Pending');
  });

  test('enough volumes of the class: no error, and the manifest checks agree', () => {
    const { chart } = build({ replicas: 3, storage: { ...STORAGE, storageClassName: 'gold' } });
    goldVolumes(chart, 3);
    expect(ManifestChecks.wiring(synth(chart))).toEqual([]);
  });
});

describe('upgrade stability: routine changes leave every immutable field alone', () => {
  const BASE: StatefulAppWithStorageProps = { image: IMAGE, replicas: 3, storage: { ...STORAGE, storageClassName: 'gold' } };
  const immutable = (props: StatefulAppWithStorageProps) => {
    const chart = newChart();
    goldVolumes(chart, 5);
    new StatefulAppWithStorage(chart, 'web', props);
    const out = synth(chart);
    const sts = find(out, 'StatefulSet');
    const headless = find(out, 'Service', 'web-headless');
    return {
      selector: sts.spec.selector,
      serviceName: sts.spec.serviceName,
      volumeClaimTemplates: sts.spec.volumeClaimTemplates,
      podManagementPolicy: sts.spec.podManagementPolicy,
      headless: { clusterIP: headless.spec.clusterIP, selector: headless.spec.selector },
      template: sts.spec.template,
    };
  };
  const before = immutable(BASE);

  test.each<[string, Partial<StatefulAppWithStorageProps>]>([
    ['image', { image: 'nginxinc/nginx-unprivileged:1.27.4-alpine' }],
    ['replicas', { replicas: 5 }],
    ['env', { env: { LOG_LEVEL: 'debug' } }],
    ['resources', { resourcePreset: ResourcePreset.LARGE }],
    ['probes', { healthChecks: HealthChecks.http({ path: '/ready', startupTimeout: Duration.minutes(2) }) }],
    ['the retention policy', { storage: { ...BASE.storage, whenScaled: ClaimRetention.DELETE } }],
  ])('changing %s', (_, change) => {
    const after = immutable({ ...BASE, ...change });
    const { template: t1, ...fixed1 } = before;
    const { template: t2, ...fixed2 } = after;
    expect(fixed2).toEqual(fixed1);
    expect(t2.metadata.labels).toEqual(t1.metadata.labels);
  });
});
