import * as path from 'path';
import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ConfigMapInjection, ConfigMapInjectionProps, ExposedWebApp, ExposedWebAppProps, ExternalNameService,
  ExternalStorageClass, FilesMountOptions, HeadlessService, HealthChecks, HostPathPersistentVolume, InjectionTarget, NfsCsiOnDelete,
  NfsCsiStorageClass, NfsCsiStorageClassProps, NfsPersistentVolume, NfsStorageClass, NfsStorageClassProps, ResourcePreset, RestrictedSecurity,
  StatefulAppWithStorage, StatefulAppWithStorageProps, StatefulStorageOptions, VolumeClaim,
} from '../../lib';
import { PatternValidationError, VIOLATION_FORMAT } from '../../lib/shared/errors';
import { objectsOf33, PLUS_28_VERSION } from '../support/foreign-plus';
import { newChart } from '../support/synth';

/**
 * The bad-input catalog: every row is one wrong input and the exact message it must produce,
 * at construction or at synth, in the one format of the library:
 *
 *   <Construct> '<path>': invalid <prop> <value>: <rule>
 *
 * Garbage (undefined, null, NaN, wrong JavaScript types, empty lists and strings) is here too:
 * a jsii caller or plain JavaScript can pass anything, and none of it may surface as a
 * TypeError or a message in another format.
 */

const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'config-map-injection');
const RWO = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;
const RWOP = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD;

// Rules that many rows share, written out here (not imported) so a changed rule fails the catalog.
const DNS_LABEL = (max = 63) =>
  `must be a DNS-1123 label: at most ${max} characters, lowercase letters, digits and '-', starting and ending with a letter or digit`;
const DNS_SUBDOMAIN = "must be a DNS-1123 subdomain: at most 253 characters, lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
const PORT = 'must be a port number within 1-65535';
const QUANTITY = "must be a positive Kubernetes quantity such as '1Gi', '500Mi' or '250m'";
const ABSOLUTE = "must be an absolute path starting with '/' and without '..' segments";
const IMAGE_TAG = "must carry a tag other than 'latest' (e.g. \"nginx:1.25.3\") or a digest, so every rollout runs the same code; set 'allowMutableImageTag' to accept it";
const ENV_NAME = "must be an environment variable name: letters, digits, '_', '-' and '.', not starting with a digit";
const LABEL_KEY = "each key must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'";
const PORT_NAME = "must be a port name: at most 15 lowercase letters, digits and '-', with at least one letter, no '--', starting and ending with a letter or digit";
const HOST = 'must be a host name or an IPv4 or IPv6 address';
const CONFIG_KEY = "must be a ConfigMap key: at most 253 letters, digits, '-', '_' and '.', and not '.' or starting with '..'";
const NODE_PORT_ONLY = (type: string) => `is only allowed with serviceType NodePort or LoadBalancer, not ${type}`;
const LOW_PORT = 'the container runs as a non-root user, which cannot bind a port below 1024; '
  + "set 'security.allowPrivilegedPorts' (the pod sysctl net.ipv4.ip_unprivileged_port_start, which the restricted standard allows), "
  + 'or run an image that listens above 1023 (nginxinc/nginx-unprivileged listens on 8080) and keep the Service on port 80';
const PENDING_CLASS = 'no StorageClass or PersistentVolume of this class is in the app, and none is declared with ExternalStorageClass; the claims would stay Pending';

const WEB = "ExposedWebApp 'test/web': invalid";
const DB = "StatefulAppWithStorage 'test/db': invalid";
const NFS = "NfsStorageClass 'test/nfs': invalid";
const CSI = "NfsCsiStorageClass 'test/csi': invalid";
const CFG = "ConfigMapInjection 'test/cfg': invalid";
const CLAIM = "VolumeClaim 'test/claim': invalid";

const web = (chart: Chart, props: Partial<ExposedWebAppProps> = {}) => new ExposedWebApp(chart, 'web', { image: IMAGE, ...props });
const db = (chart: Chart, props: Partial<StatefulAppWithStorageProps> = {}, storage: Partial<StatefulStorageOptions> = {}) =>
  new StatefulAppWithStorage(chart, 'db', { image: IMAGE, ...props, storage: { size: '1Gi', mountPath: '/data', ...storage } });
const nfs = (chart: Chart, props: Partial<NfsStorageClassProps> = {}) => new NfsStorageClass(chart, 'nfs', { server: '172.16.1.30', path: '/data/nfs', ...props });
const csi = (chart: Chart, props: Partial<NfsCsiStorageClassProps> = {}) => new NfsCsiStorageClass(chart, 'csi', { server: 'nfs.example.com', share: '/exports', ...props });
const config = (chart: Chart, props: ConfigMapInjectionProps = {}) =>
  new ConfigMapInjection(chart, 'cfg', { literals: { a: '1', c: '2' }, baseDir: FIXTURES, ...props });
const hostPath = (chart: Chart, props: object = {}) => new HostPathPersistentVolume(chart, 'pv', { path: '/mnt/data', capacity: '1Gi', ...props });

/** An ExposedWebApp and a ConfigMap with keys `a` and `c`, and the injection into the app's container. */
function injected(chart: Chart, inject: (cm: ConfigMapInjection, target: InjectionTarget) => void, app: Partial<ExposedWebAppProps> = {}) {
  const target = InjectionTarget.fromPattern(web(chart, app));
  inject(config(chart), target);
}

const mountFiles = (options: Partial<FilesMountOptions>) => (c: Chart) =>
  injected(c, (cm, t) => cm.mountFiles(t, { path: '/etc/app', ...options }));

/** Any type, for rows that hand over what TypeScript would refuse. */
const garbage = (value: unknown): any => value;

type When = 'construction' | 'synth';
interface Row {
  readonly input: string;
  readonly build: (chart: Chart) => unknown;
  readonly message: string;
  readonly when: When;
}
const rows: Row[] = [];
const construction = (input: string, build: (chart: Chart) => unknown, message: string) => rows.push({ input, build, message, when: 'construction' });
const atSynth = (input: string, build: (chart: Chart) => unknown, message: string) => rows.push({ input, build, message, when: 'synth' });

// ---------------------------------------------------------------- ExposedWebApp: names
construction('name with capitals', c => web(c, { name: 'Web' }), `${WEB} name "Web": ${DNS_LABEL()}`);
construction('name of 64 characters', c => web(c, { name: 'a'.repeat(64) }), `${WEB} name "${'a'.repeat(64)}": ${DNS_LABEL()}`);
construction('empty name', c => web(c, { name: '' }), `${WEB} name "": ${DNS_LABEL()}`);
construction('construct id that gives no name', c => new ExposedWebApp(c, '__', { image: IMAGE }),
  "ExposedWebApp 'test/__': invalid name \"\": the name derived from construct id '__' is not a DNS-1123 label of at most 63 characters; set 'name' explicitly");
construction('serviceName with an underscore', c => web(c, { serviceName: 'my_svc' }), `${WEB} serviceName "my_svc": ${DNS_LABEL()}`);
construction('namespace with capitals', c => web(c, { namespace: 'Prod' }), `${WEB} namespace "Prod": ${DNS_LABEL()}`);
construction('portName longer than 15', c => web(c, { portName: 'http-managementx' }), `${WEB} portName "http-managementx": ${PORT_NAME}`);
construction('portName without a letter', c => web(c, { portName: '8080' }), `${WEB} portName "8080": ${PORT_NAME}`);
construction('portName with a double hyphen', c => db(c, { portName: 'pg--main' }), `${DB} portName "pg--main": ${PORT_NAME}`);
construction('label key with a space', c => web(c, { labels: { 'my label': 'x' } }), `${WEB} labels "my label": ${LABEL_KEY}`);
construction('label value of 64 characters', c => web(c, { appName: 'a'.repeat(64) }),
  `${WEB} labels["app.kubernetes.io/name"] "${'a'.repeat(64)}": must be a label value: at most 63 characters, letters, digits, '-', '_' and '.', starting and ending with a letter or digit`);

// ---------------------------------------------------------------- ExposedWebApp: ports and Service
construction('containerPort 0', c => web(c, { containerPort: 0 }), `${WEB} containerPort 0: ${PORT}`);
construction('containerPort with a fraction', c => web(c, { containerPort: 8080.5 }), `${WEB} containerPort 8080.5: ${PORT}`);
construction('containerPort 80 for the non-root default user', c => web(c, { containerPort: 80 }), `${WEB} containerPort 80: ${LOW_PORT}`);
construction('a StatefulAppWithStorage on port 443 as a non-root user', c => db(c, { containerPort: 443, security: { runAsUser: 999 } }),
  `${DB} containerPort 443: ${LOW_PORT}`);
construction('servicePort 70000', c => web(c, { servicePort: 70000 }), `${WEB} servicePort 70000: ${PORT}`);
construction('nodePort below the range', c => web(c, { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 80 }),
  `${WEB} nodePort 80: must be within the node port range 30000-32767`);
construction('nodePort above the range', c => web(c, { serviceType: kplus.ServiceType.LOAD_BALANCER, nodePort: 32768, loadBalancerSourceRanges: ['0.0.0.0/0'] }),
  `${WEB} nodePort 32768: must be within the node port range 30000-32767`);
construction('nodePort on a ClusterIP Service', c => web(c, { nodePort: 30080 }), `${WEB} nodePort 30080: ${NODE_PORT_ONLY('ClusterIP')}`);
construction('serviceType ExternalName', c => web(c, { serviceType: kplus.ServiceType.EXTERNAL_NAME }),
  `${WEB} serviceType "ExternalName": ExternalName Services have no pods to route to; use ExternalNameService for a DNS alias`);
construction('loadBalancerClass on a NodePort Service', c => web(c, { serviceType: kplus.ServiceType.NODE_PORT, loadBalancerClass: 'service.k8s.aws/nlb' }),
  `${WEB} loadBalancerClass "service.k8s.aws/nlb": is only allowed with serviceType LoadBalancer, not NodePort`);
construction('source range with a /33 mask', c => web(c, { serviceType: kplus.ServiceType.LOAD_BALANCER, loadBalancerSourceRanges: ['10.0.0.0/33'] }),
  `${WEB} loadBalancerSourceRanges[0] "10.0.0.0/33": must be a CIDR block such as '10.0.0.0/8' or '2001:db8::/32'`);
construction('externalIP with an octet above 255', c => web(c, { externalIPs: ['300.1.1.1'] }), `${WEB} externalIPs[0] "300.1.1.1": must be an IPv4 or IPv6 address`);
construction('externalTrafficPolicy on a ClusterIP Service', c => web(c, { externalTrafficPolicy: garbage('Local') }),
  `${WEB} externalTrafficPolicy "Local": needs serviceType NodePort or LoadBalancer, or externalIPs; a ClusterIP Service has no external traffic`);
construction('sessionAffinityTimeout without ClientIP affinity', c => web(c, { sessionAffinityTimeout: Duration.minutes(1) }),
  `${WEB} sessionAffinityTimeout "60s": is only allowed with sessionAffinity ClientIP`);

// ---------------------------------------------------------------- ExposedWebApp: image, replicas, probes, env, security, resources
construction('image without a tag', c => web(c, { image: 'nginx' }), `${WEB} image "nginx": ${IMAGE_TAG}`);
construction('image tagged latest', c => web(c, { image: 'nginx:latest' }), `${WEB} image "nginx:latest": ${IMAGE_TAG}`);
construction('registry port taken for a tag', c => web(c, { image: 'registry.local:5000/team/web' }), `${WEB} image "registry.local:5000/team/web": ${IMAGE_TAG}`);
construction('image with a space', c => web(c, { image: 'nginx: 1.25' }), `${WEB} image "nginx: 1.25": must be a container image reference such as "nginx:1.25.3"`);
construction('negative replicas', c => web(c, { replicas: -1 }), `${WEB} replicas -1: must be a whole number within 0-10000`);
construction('replicas and autoscaling together', c => web(c, { replicas: 3, autoscaling: { maxReplicas: 5 } }),
  `${WEB} replicas 3: cannot be combined with 'autoscaling': the autoscaler owns the replica count; set autoscaling.minReplicas instead`);
construction('autoscaling minimum above maximum', c => web(c, { autoscaling: { minReplicas: 6, maxReplicas: 5 } }),
  `${WEB} autoscaling.minReplicas 6: must not exceed maxReplicas (5)`);
construction('CPU target of 150%', c => web(c, { autoscaling: { maxReplicas: 5, targetCpuUtilizationPercent: 150 } }),
  `${WEB} autoscaling.targetCpuUtilizationPercent 150: must be a whole number within 1-100`);
construction('revisionHistoryLimit -1', c => web(c, { revisionHistoryLimit: -1 }), `${WEB} revisionHistoryLimit -1: must be a whole number within 0-1000`);
construction('probe path without a slash', c => web(c, { healthChecks: HealthChecks.http({ path: 'healthz' }) }),
  `${WEB} healthChecks.path "healthz": must be an absolute URL path starting with '/'`);
construction('probe timeout as long as its period', c => web(c, { healthChecks: HealthChecks.http({ timeout: Duration.seconds(10) }) }),
  `${WEB} healthChecks.timeout "10s": must be shorter than the period (10s)`);
construction('probe failureThreshold 0', c => web(c, { healthChecks: HealthChecks.tcp({ failureThreshold: 0 }) }),
  `${WEB} healthChecks.failureThreshold 0: must be a whole number within 1-100`);
construction('probe port 0', c => web(c, { healthChecks: HealthChecks.tcp({ port: 0 }) }), `${WEB} healthChecks.port 0: ${PORT}`);
construction('env name starting with a digit', c => web(c, { env: { '1ST': 'x' } }), `${WEB} env["1ST"] "1ST": ${ENV_NAME}`);
construction('runAsUser 0', c => web(c, { security: { runAsUser: 0 } }),
  `${WEB} security.runAsUser 0: uid 0 is root, which the restricted standard forbids; set 'security.allowRunAsRoot' to accept it`);
construction('relative writable path', c => web(c, { security: { writablePaths: ['tmp'] } }), `${WEB} security.writablePaths[0] "tmp": ${ABSOLUTE}`);
construction('writable path given twice', c => web(c, { security: { writablePaths: ['/tmp', '/tmp'] } }),
  `${WEB} security.writablePaths "/tmp": writable paths must be unique, and this one is given twice`);
construction('adding ALL capabilities', c => web(c, { security: { addCapabilities: [kplus.Capability.ALL] } }),
  `${WEB} security.addCapabilities "ALL": adding ALL capabilities would undo the drop of ALL; name the capabilities the app needs`);
construction('resources and a preset together', c => web(c, { resourcePreset: ResourcePreset.SMALL, resources: { cpu: { request: kplus.Cpu.millis(1), limit: kplus.Cpu.millis(2) } } }),
  `${WEB} resourcePreset "small": cannot be combined with 'resources'; give one of them`);
construction('CPU request above its limit', c => web(c, {
  resources: {
    cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(250) },
    memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) },
  },
}), `${WEB} resources.cpu {"request":"500m","limit":"250m"}: the request may not exceed the limit`);
construction('memory without a limit', c => web(c, { resources: { cpu: { request: kplus.Cpu.millis(5), limit: kplus.Cpu.millis(5) }, memory: { request: Size.mebibytes(64) } } }),
  `${WEB} resources.memory {"request":"64Mi"}: must set both a request and a limit`);

// ---------------------------------------------------------------- ExposedWebApp: Ingress, budget, policy
construction('TLS without a host', c => web(c, { ingress: { tlsSecretName: 'web-tls' } }),
  `${WEB} ingress.tlsSecretName "web-tls": needs at least one entry in hosts: a certificate is issued for host names`);
construction('Ingress host with capitals', c => web(c, { ingress: { hosts: ['Shop.example.com'] } }),
  `${WEB} ingress.hosts[0] "Shop.example.com": must be a lowercase DNS name, optionally starting with '*.'`);
construction('Ingress host given twice', c => web(c, { ingress: { hosts: ['a.example.com', 'a.example.com'] } }),
  `${WEB} ingress.hosts ["a.example.com","a.example.com"]: must not repeat a host`);
construction('Ingress path without a slash', c => web(c, { ingress: { path: 'api' } }), `${WEB} ingress.path "api": must be an absolute URL path starting with '/'`);
construction('budget keeping every replica', c => web(c, { replicas: 2, disruptionBudget: { minAvailable: kplus.PercentOrAbsolute.absolute(2) } }),
  `${WEB} disruptionBudget.minAvailable 2: must be lower than the replica count (2), or no pod can ever be evicted and every node drain hangs`);
construction('budget allowing no eviction', c => web(c, { disruptionBudget: { maxUnavailable: kplus.PercentOrAbsolute.percent(0) } }),
  `${WEB} disruptionBudget.maxUnavailable "0%": must allow at least one pod to be evicted, or every node drain hangs`);
construction('policy of a NodePort app without client networks', c => web(c, { serviceType: kplus.ServiceType.NODE_PORT, networkPolicy: {} }),
  `${WEB} networkPolicy.allowFromCidrs []: must name the client networks when the Service is exposed outside the cluster (NodePort, LoadBalancer or externalIPs), or the policy drops that traffic; use ['0.0.0.0/0'] to accept any client`);
construction('policy that admits nobody', c => web(c, { networkPolicy: {} }),
  `${WEB} networkPolicy.allowFrom []: names no source, so the policy would drop all traffic to the app; give allowFrom, allowFromNamespaces, allowFromCidrs or allowSameNamespace, or an 'ingress'`);

// ---------------------------------------------------------------- ExposedWebApp: garbage
construction('props undefined', c => new ExposedWebApp(c, 'web', garbage(undefined)), `${WEB} props undefined: must be an object with at least 'image'`);
construction('props null', c => new ExposedWebApp(c, 'web', garbage(null)), `${WEB} props null: must be an object with at least 'image'`);
construction('image a number', c => web(c, { image: garbage(42) }), `${WEB} image 42: must be a container image reference such as "nginx:1.25.3"`);
construction('allowMutableImageTag "yes"', c => web(c, { image: 'nginx', allowMutableImageTag: garbage('yes') }), `${WEB} allowMutableImageTag "yes": must be true or false`);
construction('replicas NaN', c => web(c, { replicas: NaN }), `${WEB} replicas NaN: must be a whole number within 0-10000`);
construction('containerPort a string', c => web(c, { containerPort: garbage('8080') }), `${WEB} containerPort "8080": ${PORT}`);
construction('serviceType unknown', c => web(c, { serviceType: garbage('Public') }), `${WEB} serviceType "Public": must be one of ClusterIP, NodePort, LoadBalancer, ExternalName`);
construction('healthChecks a plain object', c => web(c, { healthChecks: garbage({ path: '/' }) }),
  `${WEB} healthChecks {"path":"/"}: must be made with HealthChecks.http(), tcp(), custom() or none()`);
construction('probe period a number', c => web(c, { healthChecks: HealthChecks.http({ period: garbage(10) }) }), `${WEB} healthChecks.period 10: must be made with Duration.seconds()`);
construction('writablePaths a string', c => web(c, { security: { writablePaths: garbage('/tmp') } }), `${WEB} security.writablePaths "/tmp": must be a list`);
construction('Ingress hosts a string', c => web(c, { ingress: { hosts: garbage('shop.example.com') } }), `${WEB} ingress.hosts "shop.example.com": must be a list`);
construction('env value a number', c => web(c, { env: garbage({ PORT: 8080 }) }), `${WEB} env["PORT"] 8080: must be a string`);
construction('command a string', c => web(c, { command: garbage('nginx -g daemon off;') }), `${WEB} command "nginx -g daemon off;": must be a list`);
construction('minReady in plain seconds', c => web(c, { minReady: garbage(30) }), `${WEB} minReady 30: must be made with Duration.seconds()`);
construction('budget as a bare number', c => web(c, { disruptionBudget: { maxUnavailable: garbage(1) } }),
  `${WEB} disruptionBudget.maxUnavailable 1: must be made with PercentOrAbsolute.absolute() or percent()`);
construction('memory request as a string', c => web(c, { resources: { cpu: { request: kplus.Cpu.millis(5), limit: kplus.Cpu.millis(5) }, memory: { request: garbage('64Mi'), limit: Size.mebibytes(64) } } }),
  `${WEB} resources.memory.request "64Mi": must be made with Size.mebibytes() or Size.gibibytes()`);
construction('maxReplicas missing', c => web(c, { autoscaling: garbage({}) }), `${WEB} autoscaling.maxReplicas undefined: must be a whole number within 1-10000`);
construction('RestrictedSecurity with a preset that does not exist', c => RestrictedSecurity.of(c, { resourcePreset: garbage('tiny') }),
  "RestrictedSecurity 'test': invalid resourcePreset \"tiny\": must be one of nano, micro, small, medium, large");
construction('RestrictedSecurity.containerProps without props', c => RestrictedSecurity.of(c).containerProps(garbage(undefined)),
  "RestrictedSecurity 'test': invalid props undefined: must be an object with at least 'image'");
const PLUS_33 = `is a Pod of cdk8s-plus-33 2.5.57, but cdk8s-patterns is built on cdk8s-plus-28 ${PLUS_28_VERSION}, `
  + 'and objects of two cdk8s-plus major versions do not mix';
construction('a cdk8s-plus-33 Pod (what cdk8s init installs) as an injection target',
  c => config(c).mountFiles(InjectionTarget.fromPod(objectsOf33(IMAGE).pod), { path: '/etc/app' }),
  `${CFG} mountFiles.target "cdk8s-plus-33.Pod": ${PLUS_33}; build it with cdk8s-plus-28 (npm install cdk8s-plus-28; import * as kplus from 'cdk8s-plus-28')`);
construction('a cdk8s-plus-33 Pod as a HeadlessService target', c => new HeadlessService(c, 'headless', { target: garbage(objectsOf33(IMAGE).pod) }),
  `HeadlessService 'test/headless': invalid target "cdk8s-plus-33.Pod": must be a pattern of this library (an ExposedWebApp, a StatefulAppWithStorage); this one also ${PLUS_33}`);
construction('RestrictedSecurity.applyTo a container that is none', c => RestrictedSecurity.of(c).applyTo(new kplus.Pod(c, 'pod'), garbage({})),
  "RestrictedSecurity 'test': invalid container \"object\": must be a cdk8s-plus container of the pod");
construction('RestrictedSecurity.addContainer to a pod that is none', c => RestrictedSecurity.of(c).addContainer(garbage('pod'), { image: IMAGE }),
  "RestrictedSecurity 'test': invalid pod \"string\": must be a cdk8s-plus Pod or workload (Deployment, StatefulSet, DaemonSet, Job)");
construction('an injection target container that is none',
  c => config(c).injectAllEnv(InjectionTarget.fromWorkload(new kplus.Deployment(c, 'app', { containers: [{ image: IMAGE }] }), garbage({}))),
  `${CFG} injectAllEnv.target "object": must name a cdk8s-plus container of the workload`);
construction('allowPrivilegedPorts as a string', c => web(c, { containerPort: 80, security: { allowPrivilegedPorts: garbage('yes') } }),
  `${WEB} security.allowPrivilegedPorts "yes": must be true or false`);
construction('readOnlyRootFilesystem as a string', c => web(c, { security: { readOnlyRootFilesystem: garbage('false') } }),
  `${WEB} security.readOnlyRootFilesystem "false": must be true or false`);
construction('a capability that does not exist', c => web(c, { security: { addCapabilities: garbage(['NET_RAW ']) } }),
  `${WEB} security.addCapabilities[0] "NET_RAW ": must be one of ${Object.values(kplus.Capability).join(', ')}`);

// ---------------------------------------------------------------- StatefulAppWithStorage
construction('no storage', c => new StatefulAppWithStorage(c, 'db', garbage({ image: IMAGE })), `${DB} storage undefined: must be an object with at least 'mountPath' and 'size'`);
construction('size in GB', c => db(c, {}, { size: '10GB' }), `${DB} storage.size "10GB": ${QUANTITY}`);
construction('size zero', c => db(c, {}, { size: '0Gi' }), `${DB} storage.size "0Gi": ${QUANTITY}`);
construction('relative mountPath', c => db(c, {}, { mountPath: 'var/lib/data' }), `${DB} storage.mountPath "var/lib/data": ${ABSOLUTE}`);
construction('mountPath over the scratch /tmp', c => db(c, {}, { mountPath: '/tmp' }),
  `${DB} storage.mountPath "/tmp": is already a writable scratch path of the container; mount the volume elsewhere`);
construction('no access modes', c => db(c, {}, { accessModes: [] }), `${DB} storage.accessModes []: must list at least one access mode`);
construction('unknown access mode', c => db(c, {}, { accessModes: garbage(['ReadWriteSometimes']) }),
  `${DB} storage.accessModes[0] "ReadWriteSometimes": must be one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod`);
construction('access mode given twice', c => db(c, {}, { accessModes: [RWO, RWO] }),
  `${DB} storage.accessModes "ReadWriteOnce": access modes must be unique, and this one is given twice`);
construction('ReadWriteMany from a node-local class', c => db(c, {}, {
  accessModes: [RWX], storageClass: new ExternalStorageClass(c, 'local', { storageClassName: 'local-path' }),
}), `${DB} storage.accessModes ["ReadWriteMany"]: StorageClass "local-path" serves only ReadWriteOnce; ReadWriteMany would leave the claim Pending`);
construction('ReadWriteOncePod from NFS', c => db(c, {}, { accessModes: [RWOP], storageClass: nfs(c) }),
  `${DB} storage.accessModes ["ReadWriteOncePod"]: StorageClass "nfs" serves only ReadWriteOnce, ReadOnlyMany, ReadWriteMany; ReadWriteOncePod would leave the claim Pending`);
construction('a class and a class name together', c => db(c, {}, { storageClass: nfs(c), storageClassName: 'nfs' }),
  `${DB} storage.storageClassName "nfs": cannot be combined with 'storageClass'; give one of them`);
construction('claim class name with capitals', c => db(c, {}, { storageClassName: 'Gold' }), `${DB} storage.storageClassName "Gold": ${DNS_SUBDOMAIN}`);
construction('subPath climbing out of the volume', c => db(c, {}, { subPath: '../etc' }),
  `${DB} storage.subPath "../etc": must be a relative path inside the volume, without '..' segments`);
construction('claim template name with capitals', c => db(c, {}, { name: 'Data' }), `${DB} storage.name "Data": ${DNS_LABEL()}`);
construction('name of 53 characters', c => db(c, { name: 'd'.repeat(53) }), `${DB} name "${'d'.repeat(53)}": ${DNS_LABEL(52)}`);
construction('headless Service name with an underscore', c => db(c, { headlessServiceName: 'db_peers' }), `${DB} headlessServiceName "db_peers": ${DNS_LABEL()}`);
construction('unknown retention', c => db(c, {}, { whenDeleted: garbage('Keep') }), `${DB} storage.whenDeleted "Keep": must be one of Retain, Delete`);
construction('client Service nodePort without NodePort', c => db(c, { clientService: { nodePort: 30001 } }), `${DB} clientService.nodePort 30001: ${NODE_PORT_ONLY('ClusterIP')}`);
construction('client Service named like the headless one', c => db(c, { headlessServiceName: 'db', clientService: {} }),
  `${DB} clientService.name "db": is the name of the headless Service too; give 'clientService.name' or 'headlessServiceName' another value`);
construction('unknown podManagementPolicy', c => db(c, { podManagementPolicy: garbage('Random') }), `${DB} podManagementPolicy "Random": must be one of OrderedReady, Parallel`);
construction('ordinal past the last replica', c => db(c, { replicas: 3 }).podDnsName(3), `${DB} ordinal 3: must be a whole number within 0-2`);
construction('storage a string', c => new StatefulAppWithStorage(c, 'db', garbage({ image: IMAGE, storage: '1Gi' })),
  `${DB} storage "1Gi": must be an object with at least 'mountPath' and 'size'`);
construction('storageClass null', c => db(c, {}, { storageClass: garbage(null) }), `${DB} storage.storageClass null: must be an NfsStorageClass, NfsCsiStorageClass or ExternalStorageClass`);
construction('subPath a number', c => db(c, {}, { subPath: garbage(1) }), `${DB} storage.subPath 1: must be a relative path inside the volume, without '..' segments`);
construction('updateStrategy a plain object', c => db(c, { updateStrategy: garbage({ type: 'OnDelete' }) }),
  `${DB} updateStrategy {"type":"OnDelete"}: must be made with StatefulSetUpdateStrategy.rollingUpdate() or onDelete()`);
atSynth('claims of a class nothing provides', c => db(c, {}, { storageClassName: 'gold' }), `${DB} storage.storageClassName "gold": ${PENDING_CLASS}`);
atSynth('three replicas, one static volume', c => {
  new NfsPersistentVolume(c, 'pv1', { server: '172.16.1.30', path: '/nfs/1', capacity: '1Gi', storageClassName: 'gold' });
  db(c, { replicas: 3 }, { storageClassName: 'gold' });
}, `${DB} storage.storageClassName "gold": claims "data-db-0".."data-db-2" need 3 PersistentVolumes of class "gold" with at least 1Gi ReadWriteOnce, `
  + 'but only 1 of the 1 free in the app fits and no StorageClass provisions more; 2 claims would stay Pending');
atSynth('static volumes too small for the claims', c => {
  for (const n of [1, 2]) new NfsPersistentVolume(c, `pv${n}`, { server: '172.16.1.30', path: `/nfs/${n}`, capacity: '500Mi', storageClassName: 'gold' });
  db(c, { replicas: 2 }, { storageClassName: 'gold' });
}, `${DB} storage.storageClassName "gold": claims "data-db-0".."data-db-1" need 2 PersistentVolumes of class "gold" with at least 1Gi ReadWriteOnce, `
  + 'but none of the 2 free in the app fit and no StorageClass provisions more; 2 claims would stay Pending');

// ---------------------------------------------------------------- NfsStorageClass and NfsCsiStorageClass
construction('NFS server with an underscore', c => nfs(c, { server: 'nfs_server' }), `${NFS} server "nfs_server": ${HOST}`);
construction('relative export path', c => nfs(c, { path: 'data/nfs' }), `${NFS} path "data/nfs": ${ABSOLUTE}`);
construction('NFS class name with capitals', c => nfs(c, { name: 'NFS' }), `${NFS} name "NFS": ${DNS_SUBDOMAIN}`);
construction('reclaimPolicy Recycle', c => nfs(c, { reclaimPolicy: garbage('Recycle') }),
  `${NFS} reclaimPolicy "Recycle": Recycle is deprecated and wipes the data with 'rm -rf'; use Retain or Delete and clean up deliberately`);
construction('archiveOnDelete with onDelete', c => nfs(c, { archiveOnDelete: false, onDelete: garbage('delete') }),
  `${NFS} archiveOnDelete false: cannot be combined with 'onDelete', which overrides it; give one of them`);
construction('absolute pathPattern', c => nfs(c, { pathPattern: '/${.PVC.name}' }),
  `${NFS} pathPattern "/\${.PVC.name}": must be a relative path under the export, without '..' segments`);
construction('empty mountOptions', c => nfs(c, { mountOptions: [] }), `${NFS} mountOptions []: must list at least one option, or be left out`);
construction('two mount options in one entry', c => nfs(c, { mountOptions: ['nfsvers=4.1,hard'] }),
  `${NFS} mountOptions[0] "nfsvers=4.1,hard": must be one option per entry, without spaces or ','`);
construction('two provisioners without leader election', c => nfs(c, { provisioner: { replicas: 2, leaderElection: false } }),
  `${NFS} provisioner.replicas 2: more than one provisioner needs leaderElection, or two pods would provision the same claim; set provisioner.leaderElection to true or replicas to 1`);
construction('provisioner name with capitals', c => nfs(c, { provisionerName: 'Example.com/nfs' }), `${NFS} provisionerName "Example.com/nfs": ${LABEL_KEY}`);
construction('provisioner without its token', c => nfs(c, { provisioner: { security: { automountServiceAccountToken: false } } }),
  `${NFS} provisioner.security.automountServiceAccountToken false: the provisioner calls the Kubernetes API to create PersistentVolumes and needs its token`);
construction('unknown volumeBindingMode', c => nfs(c, { volumeBindingMode: garbage('Later') }), `${NFS} volumeBindingMode "Later": must be one of Immediate, WaitForFirstConsumer`);
construction('provisioner image tagged latest', c => nfs(c, { provisioner: { image: 'nfs-provisioner:latest' } }), `${NFS} provisioner.image "nfs-provisioner:latest": ${IMAGE_TAG}`);
construction('class name too long for the derived provisioner name', c => nfs(c, { name: 'n'.repeat(60) }),
  `${NFS} provisioner.name "${'n'.repeat(60)}-provisioner": the name derived from the class name is longer than 63 characters; set provisioner.name`);
construction('tolerations a string', c => nfs(c, { provisioner: { tolerations: garbage('NoSchedule') } }), `${NFS} provisioner.tolerations "NoSchedule": must be a list`);
construction('allowVolumeExpansion "yes"', c => nfs(c, { allowVolumeExpansion: garbage('yes') }), `${NFS} allowVolumeExpansion "yes": must be true or false`);
construction('NFS props undefined', c => new NfsStorageClass(c, 'nfs', garbage(undefined)), `${NFS} props undefined: must be an object with at least 'server' and 'path'`);
construction('CSI share not absolute', c => csi(c, { share: 'exports' }), `${CSI} share "exports": ${ABSOLUTE}`);
construction('CSI mountPermissions not octal', c => csi(c, { mountPermissions: '999' }),
  `${CSI} mountPermissions "999": must be octal permissions as a string, such as '0777' or '0'`);
construction('CSI subDir climbing out of the share', c => csi(c, { subDir: '../other' }), `${CSI} subDir "../other": must be a relative path under the share, without '..' segments`);
construction('CSI onDelete unknown', c => csi(c, { onDelete: garbage('archive-it') }), `${CSI} onDelete "archive-it": must be one of ${Object.values(NfsCsiOnDelete).join(', ')}`);

// ---------------------------------------------------------------- static volumes, VolumeClaim, ExternalStorageClass
construction('NFS volume with reclaimPolicy Delete', c => new NfsPersistentVolume(c, 'pv', {
  server: '172.16.1.30', path: '/nfs/1', capacity: '1Gi', reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.DELETE,
}), "NfsPersistentVolume 'test/pv': invalid reclaimPolicy \"Delete\": nfs volumes have no deleter: the volume would turn Failed instead of deleting anything; use Retain and clean up the export by hand");
construction('NFS volume offering ReadWriteOncePod', c => new NfsPersistentVolume(c, 'pv', { server: '172.16.1.30', path: '/nfs/1', capacity: '1Gi', accessModes: [RWOP] }),
  "NfsPersistentVolume 'test/pv': invalid accessModes [\"ReadWriteOncePod\"]: an in-tree nfs volume serves only ReadWriteOnce, ReadOnlyMany and ReadWriteMany (ReadWriteOncePod needs a CSI driver); ReadWriteOncePod cannot be offered");
construction('hostPath volume offering ReadWriteMany', c => hostPath(c, { accessModes: [RWX] }),
  "HostPathPersistentVolume 'test/pv': invalid accessModes [\"ReadWriteMany\"]: a hostPath volume lives on one node's disk and serves only ReadWriteOnce (pods on other nodes would see other data); ReadWriteMany cannot be offered");
construction('hostPath volume deleted outside /tmp', c => hostPath(c, { reclaimPolicy: kplus.PersistentVolumeReclaimPolicy.DELETE }),
  "HostPathPersistentVolume 'test/pv': invalid reclaimPolicy \"Delete\": hostPath volumes are only deleted under /tmp: the volume would turn Failed; use Retain");
construction('capacity with a space', c => hostPath(c, { capacity: '1 Gi' }), `HostPathPersistentVolume 'test/pv': invalid capacity "1 Gi": ${QUANTITY}`);
construction('unknown hostPathType', c => hostPath(c, { hostPathType: garbage('Folder') }),
  `HostPathPersistentVolume 'test/pv': invalid hostPathType "Folder": must be one of ${Object.values(kplus.HostPathVolumeType).filter(t => t).join(', ')}`);
construction('one volume bound by two claims', c => {
  const pv = hostPath(c);
  new VolumeClaim(c, 'a', { size: '1Gi', volume: pv });
  new VolumeClaim(c, 'b', { size: '1Gi', volume: pv });
}, "HostPathPersistentVolume 'test/pv': invalid claimRef \"default/b\": the volume is already reserved for claim default/a; a volume binds one claim");
construction('claim larger than its volume', c => new VolumeClaim(c, 'claim', { size: '2Gi', volume: hostPath(c) }),
  `${CLAIM} size "2Gi": exceeds the capacity of PersistentVolume "pv" (1Gi); the claim would stay Pending`);
construction('claim of a volume and a class', c => new VolumeClaim(c, 'claim', { size: '1Gi', volume: hostPath(c), storageClassName: 'gold' }),
  `${CLAIM} volume "pv": cannot be combined with 'storageClass' or 'storageClassName': the claim takes the volume's class`);
construction('claim asking a hostPath volume for ReadWriteMany', c => new VolumeClaim(c, 'claim', { size: '1Gi', volume: hostPath(c), accessModes: [RWX] }),
  `${CLAIM} accessModes ["ReadWriteMany"]: PersistentVolume "pv" serves only ReadWriteOnce; ReadWriteMany would leave the claim Pending`);
construction('claim size a number', c => new VolumeClaim(c, 'claim', { size: garbage(5) }), `${CLAIM} size 5: ${QUANTITY}`);
construction('claim volume a plain object', c => new VolumeClaim(c, 'claim', { size: '1Gi', volume: garbage({ persistentVolumeName: 'pv' }) }),
  `${CLAIM} volume "object": must be an NfsPersistentVolume or HostPathPersistentVolume`);
construction('external class without a name', c => new ExternalStorageClass(c, 'x', { storageClassName: '' }),
  `ExternalStorageClass 'test/x': invalid storageClassName "": ${DNS_SUBDOMAIN}`);
atSynth('claim of a class nothing provides', c => new VolumeClaim(c, 'claim', { size: '1Gi', storageClassName: 'fast' }), `${CLAIM} storageClassName "fast": ${PENDING_CLASS}`);
atSynth('two claims of one name', c => {
  new VolumeClaim(c, 'claim', { size: '1Gi' });
  new VolumeClaim(c, 'other', { name: 'claim', size: '2Gi' });
}, "PersistentVolumeClaim 'test/other/Claim': invalid metadata.name \"claim\": 'test/claim/Claim' already uses this name; applying both would overwrite one with the other. Give one of them another 'name'");

// ---------------------------------------------------------------- HeadlessService, ExternalNameService
construction('headless Service with neither target nor selector', c => new HeadlessService(c, 'peers', {}),
  "HeadlessService 'test/peers': invalid target undefined: give exactly one of 'target' and 'selector'");
construction('headless Service with an empty selector', c => new HeadlessService(c, 'peers', { selector: {} }),
  "HeadlessService 'test/peers': invalid selector {}: must name at least one label, or the Service resolves to every pod of the namespace");
construction('two unnamed ports', c => new HeadlessService(c, 'peers', { selector: { app: 'db' }, ports: [{ port: 5432 }, { port: 8008 }] }),
  "HeadlessService 'test/peers': invalid ports [5432,8008]: each port needs a name when a Service has more than one");
construction('headless target a string', c => new HeadlessService(c, 'peers', { target: garbage('web') }),
  "HeadlessService 'test/peers': invalid target \"string\": must be a pattern of this library (an ExposedWebApp, a StatefulAppWithStorage)");
construction('ExternalName an IP address', c => new ExternalNameService(c, 'db', { externalName: '10.0.0.5' }),
  "ExternalNameService 'test/db': invalid externalName \"10.0.0.5\": must be a lowercase DNS name such as \"db.example.com\" (not an IP address: cluster DNS answers with a CNAME)");
construction('ExternalName port name twice', c => new ExternalNameService(c, 'db', { externalName: 'db.example.com', ports: [{ port: 1, name: 'pg' }, { port: 2, name: 'pg' }] }),
  "ExternalNameService 'test/db': invalid ports[1].name \"pg\": must be unique among the ports");
construction('ExternalName props null', c => new ExternalNameService(c, 'db', garbage(null)),
  "ExternalNameService 'test/db': invalid props null: must be an object with at least 'externalName'");

// ---------------------------------------------------------------- ConfigMapInjection: data
construction('ConfigMap key with a space', c => config(c, { literals: { 'my key': 'x' } }), `${CFG} literals "my key": ${CONFIG_KEY}`);
construction('ConfigMap key ".."', c => config(c, { literals: { '..': 'x' } }), `${CFG} literals "..": ${CONFIG_KEY}`);
construction('secret-looking key', c => config(c, { literals: { 'db-password': 'hunter2' } }),
  `${CFG} literals "db-password": looks like a secret (password, token, secret, api key, private key, credentials); put it in a Secret, or list it in 'allowSecretLikeKeys' if it is plain configuration`);
construction('one key from two files', c => config(c, { files: [{ path: 'test.conf' }, { path: 'conf.d/app.conf', key: 'test.conf' }] }),
  `${CFG} files[1].key "test.conf": is already a key of the ConfigMap, from file "test.conf"`);
construction('file that does not exist', c => config(c, { files: [{ path: 'missing.conf' }] }),
  `${CFG} files[0].path "missing.conf": cannot be read: no such file or directory (resolved to ${path.join(FIXTURES, 'missing.conf')})`);
construction('data over 1 MiB', c => config(c, { literals: { big: 'x'.repeat(1024 * 1024 + 1) } }),
  `${CFG} literals "big": would bring the ConfigMap to 1048577 bytes, over the 1048576 (1 MiB) the API server accepts; keep large files in the image or a volume`);
construction('literal value a number', c => config(c, { literals: garbage({ port: 8080 }) }), `${CFG} literals["port"] 8080: must be a string`);
construction('allowSecretLikeKeys a string', c => config(c, { allowSecretLikeKeys: garbage('token-endpoint') }), `${CFG} allowSecretLikeKeys "token-endpoint": must be a list`);
construction('immutable "true"', c => config(c, { immutable: garbage('true') }), `${CFG} immutable "true": must be true or false`);
construction('exclude a string', c => config(c, { directories: [{ path: 'conf.d', exclude: garbage('*.md') }] }), `${CFG} directories[0].exclude "*.md": must be a list`);
construction('adding to an immutable ConfigMap', c => config(c, { immutable: true }).addLiteral('e', '3'),
  `${CFG} addLiteral.immutable true: ConfigMap "cfg-6fcb1fcff4" cannot change after construction: its name carries the hash of its data. Give all data in the props`);

// ---------------------------------------------------------------- ConfigMapInjection: injection
construction('variable of a missing key', c => injected(c, (cm, t) => cm.injectEnv(t, { variables: { A: 'b' } })),
  `${CFG} injectEnv.variables["A"] "b": ConfigMap "cfg" has no such key (it has a, c)`);
construction('variable name starting with a digit', c => injected(c, (cm, t) => cm.injectEnv(t, { variables: { '1A': 'a' } })), `${CFG} injectEnv.variables "1A": ${ENV_NAME}`);
construction('variable the container already sets', c => injected(c, (cm, t) => cm.injectEnv(t, { variables: { A: 'a' } }), { env: { A: 'x' } }),
  `${CFG} injectEnv.variables "A": container "app" of Deployment "web" already gets A from its own env; two sources for one variable would silently shadow each other`);
construction('no variables', c => injected(c, (cm, t) => cm.injectEnv(t, { variables: {} })),
  `${CFG} injectEnv.variables {}: must map at least one environment variable name to a ConfigMap key`);
construction('envFrom of a key that is no variable name', c => {
  const target = InjectionTarget.fromPattern(web(c));
  config(c, { literals: { '1x': 'y' } }).injectAllEnv(target);
}, `${CFG} injectAllEnv.prefix "": key "1x" would become the variable "1x", which is not a valid environment variable name (the kubelet skips it); choose a prefix that makes it one, or inject chosen keys with injectEnv`);
construction('args injection into a container without $(refs)', c => injected(c, (cm, t) => cm.injectArgs(t, { variables: { A: 'a' } })),
  `${CFG} injectArgs.target "app": the command and args of container "app" of Deployment "web" reference no variable as $(NAME); set them first, or use injectEnv`);
construction('args variable not referenced', c => injected(c, (cm, t) => cm.injectArgs(t, { variables: { B: 'a' } }), { args: ['--name', '$(A)'] }),
  `${CFG} injectArgs.variables "B": is not referenced as $(B) in the command and args of container "app" of Deployment "web" (they reference A)`);
construction('files over /etc', mountFiles({ path: '/etc' }), `${CFG} mountFiles.path "/etc": would hide the image's own /etc; mount into a subdirectory of it, or mount single files`);
construction('files over the scratch /tmp', mountFiles({ path: '/tmp' }),
  `${CFG} mountFiles.path "/tmp": container "app" of Deployment "web" already mounts volume "scratch-tmp" there`);
construction('relative mount path', mountFiles({ path: 'etc/app' }), `${CFG} mountFiles.path "etc/app": ${ABSOLUTE}`);
construction('empty items', mountFiles({ items: [] }), `${CFG} mountFiles.items []: must list at least one key; leave it out to mount every key`);
construction('item of a missing key', mountFiles({ items: [{ key: 'zz' }] }), `${CFG} mountFiles.items[0].key "zz": ConfigMap "cfg" has no such key (it has a, c)`);
construction('item path climbing out', mountFiles({ items: [{ key: 'a', path: '../a' }] }), `${CFG} mountFiles.items[0].path "../a": must be a relative path without '..' segments`);
construction('file mode 0o1000', mountFiles({ defaultMode: 0o1000 }), `${CFG} mountFiles.defaultMode 512: must be a whole number within 0-511`);
construction('one file at a directory path', c => injected(c, (cm, t) => cm.mountFile(t, { key: 'a', path: '/etc/app/' })),
  `${CFG} mountFile.path "/etc/app/": is the path of the file itself, so it must not end with '/'`);
construction('ConfigMap of another namespace', c => {
  const target = InjectionTarget.fromPattern(web(c, { namespace: 'shop' }));
  config(c, { namespace: 'tools' }).injectEnv(target, { variables: { A: 'a' } });
}, `${CFG} injectEnv.target "web": Deployment "web" is in namespace "shop" but ConfigMap "cfg" is in namespace "tools"; pods can only read ConfigMaps of their own namespace`);
construction('target a string', c => config(c).injectEnv(garbage('web'), { variables: { A: 'a' } }),
  `${CFG} injectEnv.target "string": must be an InjectionTarget: InjectionTarget.fromPattern(...), fromWorkload(...) or fromPod(...)`);
construction('target from nothing', c => config(c).mountFiles(InjectionTarget.fromPattern(garbage(undefined)), { path: '/etc/app' }),
  `${CFG} mountFiles.target undefined: must be built from a cdk8s-plus workload, a Pod, or a pattern of this library`);
construction('optional "yes"', c => injected(c, (cm, t) => cm.injectEnv(t, { variables: { A: 'a' }, optional: garbage('yes') })),
  `${CFG} injectEnv.optional "yes": must be true or false`);
construction('mount options null', c => injected(c, (cm, t) => cm.mountFiles(t, garbage(null))), `${CFG} mountFiles.options null: must be an object with at least 'path'`);
atSynth('key added after envFrom that is no variable name', c => {
  const target = InjectionTarget.fromPattern(web(c));
  const cm = config(c);
  cm.injectAllEnv(target);
  cm.configMap.addData('1st-run', 'true');
}, `${CFG} injectAllEnv.prefix "": key "1st-run" would become the variable "1st-run", which is not a valid environment variable name (the kubelet skips it); choose a prefix that makes it one, or inject chosen keys with injectEnv`);
atSynth('invalid key added behind the construct', c => config(c).configMap.addData('log level', 'debug'), `${CFG} configMap.data "log level": ${CONFIG_KEY}`);
atSynth('immutable ConfigMap changed behind its back', c => config(c, { immutable: true }).configMap.addData('e', '3'),
  `${CFG} configMap.data ["a","c","e"]: changed after construction, but the name "cfg-6fcb1fcff4" carries the hash of the data it had then; give all data of an immutable ConfigMap in the props`);
atSynth('two ConfigMaps of one name', c => {
  new ConfigMapInjection(c, 'a', { name: 'settings', literals: { x: '1' } });
  new ConfigMapInjection(c, 'b', { name: 'settings', literals: { y: '2' } });
}, "ConfigMap 'test/b/ConfigMap': invalid metadata.name \"settings\": 'test/a/ConfigMap' already uses this name; applying both would overwrite one with the other. Give one of them another 'name'");
atSynth('two apps of one name in one namespace', c => {
  new StatefulAppWithStorage(c, 'one', { name: 'db', image: IMAGE, storage: { size: '1Gi', mountPath: '/data' } });
  new StatefulAppWithStorage(c, 'two', { name: 'db', image: IMAGE, storage: { size: '1Gi', mountPath: '/data' }, headlessServiceName: 'db-peers' });
}, "StatefulSet 'test/two/StatefulSet': invalid metadata.name \"db\": 'test/one/StatefulSet' already uses this name; applying both would overwrite one with the other. Give one of them another 'name'");

/** Every message the construct validations report at synth, as `cdk8s synth` runs them. */
function synthErrors(chart: Chart): string[] {
  return chart.node.root.node.findAll().flatMap(c => c.node.validate());
}

function thrownBy(build: () => unknown): unknown {
  try {
    build();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('bad-input catalog', () => {
  test('holds at least 60 distinct inputs, each with its own message', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(new Set(rows.map(r => r.input)).size).toEqual(rows.length);
    expect(new Set(rows.map(r => r.message)).size).toEqual(rows.length);
  });

  test.each(rows.filter(r => r.when === 'construction').map(r => [r.input, r] as const))('construction: %s', (_, row) => {
    const thrown = thrownBy(() => row.build(newChart()));
    expect(thrown).toBeInstanceOf(PatternValidationError);
    expect((thrown as Error).message).toEqual(row.message);
    expect(row.message).toMatch(VIOLATION_FORMAT);
  });

  test.each(rows.filter(r => r.when === 'synth').map(r => [r.input, r] as const))('synth: %s', (_, row) => {
    const chart = newChart();
    row.build(chart); // builds without complaint: the mistake is between objects
    expect(synthErrors(chart)).toEqual([row.message]);
    expect(row.message).toMatch(VIOLATION_FORMAT);
  });
});
