import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ConfigMapInjection, ConfigMapInjectionProps, ExposedWebApp, ExposedWebAppProps, ExternalNameService,
  ExternalStorageClass, FilesMountOptions, HeadlessService, HealthChecks, HostPathPersistentVolume, InjectionTarget, NfsCsiOnDelete,
  NfsCsiStorageClass, NfsCsiStorageClassProps, NfsPersistentVolume, NfsStorageClass, NfsStorageClassProps, ResourcePreset, RestrictedSecurity,
  StatefulAppWithStorage, StatefulAppWithStorageProps, StatefulStorageOptions, VolumeClaim,
  ClaimRetention, ClusterProfile, ClusterProfileProps, PodSecurityLevel, ProfileRoutesFrom,
  AllowedRoutes, CanaryOptions, CanaryTraffic, Gateway, GatewayListenerOptions, GatewayProps, GatewayProtocol, GrpcRouteOptions, PathMatchType,
  RedirectScheme, RouteKind, RouteOptions, RouteRule, StringMatchType,
} from '../../lib';
import { clusterDomainFor } from '../../lib/profile/hooks';
import { PatternValidationError, VIOLATION_FORMAT } from '../../lib/shared/errors';
import { objectsOf33, PLUS_28_VERSION } from '../support/foreign-plus';
import { fixtureProfile } from '../support/profiles';
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
const SERVICE_NAME = "must be a DNS-1035 label, as a Service name is: at most 63 characters, lowercase letters, digits and '-', starting with a letter and ending with a letter or digit";
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
construction('serviceName with an underscore', c => web(c, { serviceName: 'my_svc' }), `${WEB} serviceName "my_svc": ${SERVICE_NAME}`);
construction('namespace with capitals', c => web(c, { namespace: 'Prod' }), `${WEB} namespace "Prod": ${DNS_LABEL()}`);
construction('portName longer than 15', c => web(c, { portName: 'http-managementx' }), `${WEB} portName "http-managementx": ${PORT_NAME}`);
construction('portName without a letter', c => web(c, { portName: '8080' }), `${WEB} portName "8080": ${PORT_NAME}`);
construction('portName with a double hyphen', c => db(c, { portName: 'pg--main' }), `${DB} portName "pg--main": ${PORT_NAME}`);
construction('label key with a space', c => web(c, { labels: { 'my label': 'x' } }), `${WEB} labels "my label": ${LABEL_KEY}`);
construction('label value of 64 characters', c => web(c, { appName: 'a'.repeat(64) }),
  `${WEB} appName "${'a'.repeat(64)}": must be a label value: at most 63 characters, letters, digits, '-', '_' and '.', starting and ending with a letter or digit`);

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
const RS = "RestrictedSecurity 'test': invalid";
const rsPod = (c: Chart) => new kplus.Pod(c, 'pod');
construction('RestrictedSecurity.addContainer twice without a name', c => {
  const sec = RestrictedSecurity.of(c);
  const pod = rsPod(c);
  sec.addContainer(pod, { image: IMAGE });
  sec.addContainer(pod, { image: IMAGE });
}, `${RS} props.name "main": is the name cdk8s-plus gives a container without one, and already the name of a container of the pod; give each container its own 'name'`);
construction('RestrictedSecurity.addContainer twice with one name', c => {
  const sec = RestrictedSecurity.of(c);
  const pod = rsPod(c);
  sec.addContainer(pod, { image: IMAGE, name: 'web' });
  sec.addContainer(pod, { image: IMAGE, name: 'web' });
}, `${RS} props.name "web": is already the name of a container of the pod; give each container its own 'name'`);
construction('RestrictedSecurity.applyTo a second container named like the first', c => {
  const pod = rsPod(c);
  pod.addContainer({ image: IMAGE });
  RestrictedSecurity.of(c).applyTo(pod, pod.addContainer({ image: IMAGE }));
}, `${RS} container "main": shares its name with another container of the pod, which the API server refuses; give each container its own 'name'`);
construction('RestrictedSecurity.applyTo a container of another pod', c =>
  RestrictedSecurity.of(c).applyTo(rsPod(c), new kplus.Pod(c, 'other').addContainer({ image: IMAGE })),
`${RS} container "main": is not a container of the pod; add it to the pod first`);
construction('RestrictedSecurity.containerProps with a numeric image', c => RestrictedSecurity.of(c).containerProps({ image: garbage(5) }),
  `${RS} props.image 5: must be a container image reference such as "nginx:1.25.3"`);
construction('RestrictedSecurity.containerProps with a name in capitals', c => RestrictedSecurity.of(c).containerProps({ image: IMAGE, name: 'Web' }),
  `${RS} props.name "Web": ${DNS_LABEL()}`);
construction('RestrictedSecurity.containerProps with a command that is no list', c => RestrictedSecurity.of(c).containerProps({ image: IMAGE, command: garbage({}) }),
  `${RS} props.command {}: must be a list`);
construction('RestrictedSecurity.containerProps with resources an empty string', c => RestrictedSecurity.of(c).containerProps({ image: IMAGE, resources: garbage('') }),
  `${RS} props.resources "": must be an object with cpu and memory requests and limits`);
construction('RestrictedSecurity.containerProps with an env value a string', c => RestrictedSecurity.of(c).containerProps({ image: IMAGE, envVariables: { A: garbage('x') } }),
  `${RS} props.envVariables["A"] "x": must be made with EnvValue.fromValue() or another EnvValue factory`);
construction('RestrictedSecurity.containerProps with port 0', c => RestrictedSecurity.of(c).containerProps({ image: IMAGE, portNumber: 0 }), `${RS} props.portNumber 0: ${PORT}`);
construction('RestrictedSecurity exceptionReason an object', c => RestrictedSecurity.of(c, { allowRunAsRoot: true, exceptionReason: garbage({ why: 'x' }) }),
  `${RS} exceptionReason {"why":"x"}: must be a string`);
construction('resourcePreset "constructor" (a key of every object)', c => RestrictedSecurity.of(c, { resourcePreset: garbage('constructor') }),
  `${RS} resourcePreset "constructor": must be one of nano, micro, small, medium, large`);
construction('resourcePreset an object without a prototype', c => web(c, { resourcePreset: garbage(Object.create(null)) }),
  `${WEB} resourcePreset {}: must be one of nano, micro, small, medium, large`);
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
construction('headless Service name with an underscore', c => db(c, { headlessServiceName: 'db_peers' }), `${DB} headlessServiceName "db_peers": ${SERVICE_NAME}`);
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
  `${NFS} name "${'n'.repeat(60)}": gives the provisioner the name \"${'n'.repeat(60)}-provisioner\", longer than 63 characters; give a shorter 'name' or set 'provisioner.name'`);
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
  `${CFG} literals "db-password": looks like a secret (its name says it is a credential); put it in a Secret, or list it in 'allowSecretLikeKeys' if it is plain configuration`);
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

// ---------------------------------------------------------------- ClusterProfile: props, attach, file
const PROFILE = "ClusterProfile 'prod': invalid";
const profile = (props: Partial<ClusterProfileProps> = {}) => new ClusterProfile({ name: 'prod', ...props });
const profileListener = (props: object = {}) => ({ name: 'http', protocol: 'HTTP', port: 80, ...props });
const gatewayOf = (listeners: object[], props: object = {}) => ({ gateways: [{ name: 'public', namespace: 'gw', gatewayClassName: 'eg', listeners, ...props }] } as any);
/** A profile file at a fixed path, so the message can name it. */
const PROFILE_DIR = path.join(os.tmpdir(), 'cdk8s-patterns-catalog');
const profileFile = (name: string, text: string) => {
  fs.mkdirSync(PROFILE_DIR, { recursive: true });
  fs.writeFileSync(path.join(PROFILE_DIR, name), text);
  return path.join(PROFILE_DIR, name);
};
const AT = (name: string) => `ClusterProfile '${path.join(PROFILE_DIR, name)}': invalid`;
const PROFILE_HEAD = 'apiVersion: cdk8s-patterns.io/v1\nkind: ClusterProfile\nname: prod\n';
construction('profile name with a space', () => new ClusterProfile({ name: 'my prod' }),
  "ClusterProfile 'my prod': invalid name \"my prod\": must be 1-63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
construction('profile props null', () => new ClusterProfile(garbage(null)), "ClusterProfile '<profile>': invalid props null: must be an object with at least 'name'");
construction('kubernetesVersion with a patch', () => profile({ kubernetesVersion: '1.31.4' }),
  `${PROFILE} kubernetesVersion "1.31.4": must be a Kubernetes version as major.minor, such as '1.31'`);
construction('apiVersions entry with a kind', () => profile({ apiVersions: ['apps/v1/Deployment'] }),
  `${PROFILE} apiVersions[0] "apps/v1/Deployment": must be a group/version such as 'apps/v1', or 'v1' for the core group`);
construction('apiResources groupVersion without a version', () => profile({ apiResources: [{ groupVersion: 'apps', kind: 'Deployment' }] }),
  `${PROFILE} apiResources[0].groupVersion "apps": must be a group/version such as 'apps/v1'`);
construction('apiResources kind in lower case', () => profile({ apiResources: [{ groupVersion: 'apps/v1', kind: 'deployment' }] }),
  `${PROFILE} apiResources[0].kind "deployment": must be a kind such as 'Deployment'`);
construction('StorageClass name with capitals', () => profile({ storageClasses: [{ name: 'Fast', provisioner: 'x.io/y' }] }),
  `${PROFILE} storageClasses[0].name "Fast": ${DNS_SUBDOMAIN}`);
construction('StorageClass without a provisioner', () => profile({ storageClasses: [{ name: 'fast', provisioner: '' }] }),
  `${PROFILE} storageClasses[0].provisioner "": must be a non-empty string`);
construction('StorageClass access mode abbreviated', () => profile({ storageClasses: [{ name: 'fast', provisioner: 'x.io/y', accessModes: [garbage('RWX')] }] }),
  `${PROFILE} storageClasses[0].accessModes[0] "RWX": must be one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod`);
construction('StorageClass binding mode unknown', () => profile({ storageClasses: [{ name: 'fast', provisioner: 'x.io/y', volumeBindingMode: garbage('Lazy') }] }),
  `${PROFILE} storageClasses[0].volumeBindingMode "Lazy": must be one of Immediate, WaitForFirstConsumer`);
construction('StorageClass listed twice', () => profile({ storageClasses: [{ name: 'fast', provisioner: 'x.io/y' }, { name: 'fast', provisioner: 'x.io/z' }] }),
  `${PROFILE} storageClasses[1] "fast": is listed twice; list each once`);
construction('IngressClass without a controller', () => profile({ ingressClasses: [{ name: 'nginx', controller: ' ' }] }),
  `${PROFILE} ingressClasses[0].controller " ": must be a non-empty string`);
construction('GatewayClass without a controller', () => profile({ gatewayClasses: [{ name: 'eg', controllerName: garbage(undefined) }] }),
  `${PROFILE} gatewayClasses[0].controllerName undefined: must be a non-empty string`);
construction('profile Gateway without listeners', () => profile(gatewayOf([])), `${PROFILE} gateways[0].listeners []: must list at least one listener`);
construction('Gateway namespace with capitals', () => profile(gatewayOf([profileListener()], { namespace: 'GW' })), `${PROFILE} gateways[0].namespace "GW": ${DNS_LABEL()}`);
construction('two listeners of one name', () => profile(gatewayOf([profileListener(), profileListener({ port: 8080 })])),
  `${PROFILE} gateways[0].listeners[1].name "http": is the name of another listener of this Gateway`);
construction('profile listener port 0', () => profile(gatewayOf([profileListener({ port: 0 })])), `${PROFILE} gateways[0].listeners[0].port 0: ${PORT}`);
construction('listener hostname with a scheme', () => profile(gatewayOf([profileListener({ hostname: 'https://example.com' })])),
  `${PROFILE} gateways[0].listeners[0].hostname "https://example.com": must be a lowercase DNS name, optionally starting with '*.'`);
construction('listener selecting namespaces without a selector', () => profile(gatewayOf([profileListener({ allowedRoutesFrom: ProfileRoutesFrom.SELECTOR })])),
  `${PROFILE} gateways[0].listeners[0].allowedRoutesFrom "Selector": needs 'allowedRoutesSelector': the labels route namespaces must carry`);
construction('namespace enforce label misspelt', () => profile({ namespaces: [{ name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'strict' } }] }),
  `${PROFILE} namespaces[0].labels["pod-security.kubernetes.io/enforce"] "strict": must be one of privileged, baseline, restricted`);
construction('namespace level unknown', () => profile({ namespaces: [{ name: 'shop', podSecurityEnforce: garbage('strict') }] }),
  `${PROFILE} namespaces[0].podSecurityEnforce "strict": must be one of privileged, baseline, restricted`);
construction('node port range upside down', () => profile({ nodePortRange: { min: 32767, max: 30000 } }), `${PROFILE} nodePortRange.max 30000: must not be below min (32767)`);
construction('node port range from 0', () => profile({ nodePortRange: { min: 0, max: 30000 } }), `${PROFILE} nodePortRange.min 0: must be a whole number within 1-65535`);
construction('cluster domain with a trailing dot', () => profile({ clusterDomain: 'cluster.local.' }), `${PROFILE} clusterDomain "cluster.local.": ${DNS_SUBDOMAIN}`);
construction('default Pod Security unknown', () => profile({ defaultPodSecurity: garbage('strict') }),
  `${PROFILE} defaultPodSecurity "strict": must be one of privileged, baseline, restricted`);
construction('a second profile on one chart', c => {
  profile().attach(c);
  new ClusterProfile({ name: 'staging' }).attach(c);
}, "ClusterProfile 'staging': invalid attach \"test\": 'test' already has a cluster profile ('prod'); attach one profile per App or Chart");
construction('a profile attached after a construct read it', c => {
  new ExposedWebApp(c, 'web', { image: IMAGE });
  clusterDomainFor(c.node.findChild('web'));
  profile().attach(c);
}, "ClusterProfile 'prod': invalid attach \"test\": 'test/web' already read the cluster profile (the cluster domain) while being built; attach the profile before creating the constructs below 'test'");
construction('a profile file of another kind', () => ClusterProfile.fromFile(profileFile('list.yaml', 'apiVersion: v1\nkind: List\nitems: []\n')),
  `${AT('list.yaml')} kind "List": must be ClusterProfile: a profile file is written by 'cdk8s-patterns profile'`);
construction('a profile file of another apiVersion', () => ClusterProfile.fromFile(profileFile('v1.yaml', 'apiVersion: v1\nkind: ClusterProfile\nname: prod\n')),
  `${AT('v1.yaml')} apiVersion "v1": must be cdk8s-patterns.io/v1`);
construction('a profile file with a misspelt field', () => ClusterProfile.fromFile(profileFile('typo.yaml', `${PROFILE_HEAD}clusterDomian: corp.internal\n`)),
  `${AT('typo.yaml')} clusterDomian "corp.internal": is not a field of the profile here; known: apiVersion, kind, name, kubernetesVersion, clusterDomain, `
  + 'nodePortRange, defaultPodSecurity, storageClasses, ingressClasses, gatewayClasses, gateways, namespaces, apiVersions, apiResources');
construction('a profile file that is not there', () => ClusterProfile.fromFile('/nonexistent/prod.yaml'),
  "ClusterProfile '/nonexistent/prod.yaml': invalid file \"/nonexistent/prod.yaml\": cannot be read (ENOENT)");
construction('a profile file that is not YAML', () => ClusterProfile.fromFile(profileFile('broken.yaml', `${PROFILE_HEAD}storageClasses: [\n`)),
  `${AT('broken.yaml')} file "${path.join(PROFILE_DIR, 'broken.yaml')}": is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (line 5)`);
construction('a profile file with an alias before its anchor', () => ClusterProfile.fromFile(profileFile('alias.yaml', `${PROFILE_HEAD}clusterDomain: *domain\n`)),
  `${AT('alias.yaml')} file "${path.join(PROFILE_DIR, 'alias.yaml')}": is not valid YAML: Unresolved alias (the anchor must be set before the alias): domain`);
construction('a profile name with a quote, quoted in the message path', () => new ClusterProfile({ name: "it's" }),
  "ClusterProfile 'it\\u0027s': invalid name \"it's\": must be 1-63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
construction('a profile attached to a string', () => profile().attach(garbage('app')),
  `${PROFILE} attach "app": must be a construct: an App, a Chart or a construct in one`);
construction('ClusterProfile.of an object that is no construct', () => ClusterProfile.of(garbage({ node: {} })),
  "ClusterProfile 'ClusterProfile.of': invalid scope \"object\": must be a construct: an App, a Chart or a construct in one");

// ---------------------------------------------------------------- ClusterProfile: what the cluster refuses, at synth
const current = (c: Chart) => fixtureProfile('current').attach(c);
const legacy = (c: Chart) => fixtureProfile('legacy-1.28').attach(c);
const versioned = (c: Chart, kubernetesVersion: string) => profile({ kubernetesVersion }).attach(c);
const profileRoute = (c: Chart, parentRef: object, spec: object = {}, namespace = 'shop') => new ApiObject(c, 'route', {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'web', namespace },
  spec: { parentRefs: [{ namespace: 'gateway-system', ...parentRef }], hostnames: ['shop.example.com'], ...spec },
});
const ROUTE = "HTTPRoute 'test/route': invalid";
const PUBLIC = 'Gateway "gateway-system/public" of the cluster profile \'current\'';
atSynth('claim of a class the cluster lacks, declared external', c => {
  legacy(c);
  new VolumeClaim(c, 'claim', { size: '1Gi', storageClass: new ExternalStorageClass(c, 'fast', { storageClassName: 'fast' }) });
}, "ExternalStorageClass 'test/fast': invalid storageClassName \"fast\": the cluster profile 'legacy' has no StorageClass \"fast\" (it has: standard)");
atSynth('claim of a class neither the cluster nor the app has', c => {
  legacy(c);
  new VolumeClaim(c, 'claim', { size: '1Gi', storageClassName: 'fast' });
}, "VolumeClaim 'test/claim': invalid storageClassName \"fast\": the cluster profile 'legacy' has no StorageClass \"fast\" (it has: standard)");
atSynth('claim template of a class the cluster lacks', c => {
  legacy(c);
  db(c, {}, { storageClassName: 'fast' });
}, "StatefulAppWithStorage 'test/db': invalid storage.storageClassName \"fast\": the cluster profile 'legacy' has no StorageClass \"fast\" (it has: standard)");
atSynth('claim template of ReadWriteMany from a node-local default class', c => {
  legacy(c);
  db(c, {}, { accessModes: [RWX] });
}, "StatefulAppWithStorage 'test/db': invalid storage.accessModes [\"ReadWriteMany\"]: StorageClass \"standard\" of the cluster profile 'legacy' serves only ReadWriteOnce; "
  + 'ReadWriteMany would leave the claim Pending');
atSynth('an external class declared with modes the cluster\'s class lacks', c => {
  legacy(c);
  new ExternalStorageClass(c, 'std', { storageClassName: 'standard', accessModes: [RWO, RWX] });
}, "ExternalStorageClass 'test/std': invalid accessModes [\"ReadWriteOnce\",\"ReadWriteMany\"]: StorageClass \"standard\" of the cluster profile 'legacy' serves only ReadWriteOnce; "
  + 'ReadWriteMany would leave the claim Pending');
atSynth('claim without a class, and no default class', c => {
  profile({ storageClasses: [{ name: 'nfs', provisioner: 'nfs.csi.k8s.io' }] }).attach(c);
  new VolumeClaim(c, 'claim', { size: '1Gi' });
}, "VolumeClaim 'test/claim': invalid storageClassName undefined: names no StorageClass, and the cluster profile 'prod' has no default StorageClass (it has: nfs); "
  + 'the claim would stay Pending. Name a class');
atSynth('ReadWriteMany from a node-local default class', c => {
  legacy(c);
  new VolumeClaim(c, 'claim', { size: '1Gi', accessModes: [RWX] });
}, "VolumeClaim 'test/claim': invalid accessModes [\"ReadWriteMany\"]: StorageClass \"standard\" of the cluster profile 'legacy' serves only ReadWriteOnce; "
  + 'ReadWriteMany would leave the claim Pending');
atSynth('ReadWriteMany from a class of an unknown provisioner', c => {
  profile({ storageClasses: [{ name: 'nfs-client', provisioner: 'example.com/nfs', defaultClass: true }] }).attach(c);
  new VolumeClaim(c, 'claim', { size: '1Gi', accessModes: [RWX] });
}, "VolumeClaim 'test/claim': invalid accessModes [\"ReadWriteMany\"]: StorageClass \"nfs-client\" of the cluster profile 'prod' serves only ReadWriteOnce "
  + '(its provisioner example.com/nfs is not in the known provisioners table, so only ReadWriteOnce is assumed; if it serves more, list them in the class\'s annotation '
  + 'cdk8s-patterns.io/access-modes or in the profile); ReadWriteMany would leave the claim Pending');
atSynth('a StorageClass over the cluster\'s of another provisioner', c => {
  legacy(c);
  nfs(c, { name: 'standard' });
}, "NfsStorageClass 'test/nfs': invalid name \"standard\": the cluster profile 'legacy' already has StorageClass \"standard\" with provisioner "
  + "rancher.io/local-path; a StorageClass's provisioner is immutable, so the API server refuses this one. Give it another name");
atSynth('an NFS CSI class over the cluster\'s of another provisioner', c => {
  legacy(c);
  csi(c, { name: 'standard' });
}, "NfsCsiStorageClass 'test/csi': invalid name \"standard\": the cluster profile 'legacy' already has StorageClass \"standard\" with provisioner "
  + "rancher.io/local-path; a StorageClass's provisioner is immutable, so the API server refuses this one. Give it another name");
atSynth('a hand-written StorageClass over the cluster\'s of another provisioner', c => {
  legacy(c);
  new ApiObject(c, 'sc', { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'example.com/fast' });
}, "StorageClass 'test/sc': invalid provisioner \"example.com/fast\": the cluster profile 'legacy' already has StorageClass \"standard\" with provisioner "
  + "rancher.io/local-path; a StorageClass's provisioner is immutable, so the API server refuses this one. Give it another name");
atSynth('Ingress of a class the cluster lacks', c => {
  legacy(c);
  web(c, { ingress: { hosts: ['shop.example.com'], ingressClassName: 'traefik' } });
}, "ExposedWebApp 'test/web': invalid ingress.ingressClassName \"traefik\": the cluster profile 'legacy' has no IngressClass \"traefik\" (it has: nginx); no controller would serve the Ingress");
atSynth('Ingress without a class, and no default class', c => {
  current(c);
  web(c, { ingress: { hosts: ['shop.example.com'] } });
}, "ExposedWebApp 'test/web': invalid ingress.ingressClassName undefined: the Ingress names no class, and the cluster profile 'current' has no default IngressClass (it has: nginx); "
  + 'no controller would serve it. Name a class');
atSynth('Ingress without a class, and two default classes', c => {
  profile({ ingressClasses: [{ name: 'nginx', controller: 'k8s.io/ingress-nginx', defaultClass: true }, { name: 'traefik', controller: 'traefik.io/ingress-controller', defaultClass: true }] }).attach(c);
  web(c, { ingress: { hosts: ['shop.example.com'] } });
}, "ExposedWebApp 'test/web': invalid ingress.ingressClassName undefined: the Ingress names no class, and the cluster profile 'prod' has 2 default IngressClasses (nginx, traefik); "
  + 'the API server refuses an Ingress without a class then. Name one');
atSynth('Gateway of a class the cluster lacks', c => {
  current(c);
  new ApiObject(c, 'gw', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'own', namespace: 'shop' }, spec: { gatewayClassName: 'cilium', listeners: [profileListener()] } });
}, "Gateway 'test/gw': invalid spec.gatewayClassName \"cilium\": the cluster profile 'current' has no GatewayClass \"cilium\" (it has: eg); no controller would program the Gateway");
atSynth('a Gateway pattern of a class the cluster lacks', c => {
  current(c);
  new Gateway(c, 'own', { namespace: 'shop', gatewayClassName: 'cilium', listeners: [{ name: 'http', protocol: GatewayProtocol.HTTP }] });
}, "Gateway 'test/own': invalid gatewayClassName \"cilium\": the cluster profile 'current' has no GatewayClass \"cilium\" (it has: eg); no controller would program the Gateway");
atSynth('route to a Gateway the cluster lacks', c => {
  current(c);
  profileRoute(c, { name: 'web-gw' });
}, `${ROUTE} spec.parentRefs[0].name "web-gw": the cluster profile 'current' has no Gateway "web-gw" in namespace "gateway-system" (it has: gateway-system/internal, gateway-system/public)`);
atSynth('route to a listener the Gateway lacks', c => {
  current(c);
  profileRoute(c, { name: 'public', sectionName: 'websecure' });
}, `${ROUTE} spec.parentRefs[0].sectionName "websecure": ${PUBLIC} has no listener "websecure" (it has: http, https)`);
atSynth('route to a port no listener has', c => {
  current(c);
  profileRoute(c, { name: 'public', port: 8443 });
}, `${ROUTE} spec.parentRefs[0].port 8443: ${PUBLIC} has no listener on port 8443 (listeners: http 80, https 443)`);
atSynth('GRPCRoute to a listener of HTTPRoutes only', c => {
  current(c);
  new ApiObject(c, 'route', {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GRPCRoute',
    metadata: { name: 'api', namespace: 'tools' },
    spec: { parentRefs: [{ name: 'internal', namespace: 'gateway-system' }] },
  });
}, "GRPCRoute 'test/route': invalid spec.parentRefs[0] \"internal\": no listener of Gateway \"gateway-system/internal\" of the cluster profile 'current' admits the GRPCRoute: "
  + 'listener "http" (HTTP) admits HTTPRoute only');
atSynth('route from a namespace the listener does not select', c => {
  current(c);
  profileRoute(c, { name: 'public', sectionName: 'https' }, {}, 'tools');
}, `${ROUTE} spec.parentRefs[0] "public": no listener of ${PUBLIC} admits the HTTPRoute: listener "https" admits routes only from namespaces matching `
  + '{"matchLabels":{"gateway-access":"public"}}, and namespace "tools" does not');
atSynth('route from another namespace to a listener of its own namespace only', c => {
  profile({ gateways: [{ name: 'public', namespace: 'gateway-system', gatewayClassName: 'eg', listeners: [profileListener()] }] }).attach(c);
  profileRoute(c, { name: 'public' });
}, `${ROUTE} spec.parentRefs[0] "public": no listener of Gateway "gateway-system/public" of the cluster profile 'prod' admits the HTTPRoute: `
  + 'listener "http" admits routes from namespace "gateway-system" only (allowedRoutes Same), not "shop"');
atSynth('route for hosts outside the listener\'s', c => {
  current(c);
  profileRoute(c, { name: 'public', sectionName: 'https' }, { hostnames: ['shop.example.org'] });
}, `${ROUTE} spec.parentRefs[0] "public": no listener of ${PUBLIC} admits the HTTPRoute: listener "https" serves *.example.com, which none of the route's hostnames `
  + '(shop.example.org) falls under');
atSynth('route on a cluster without the Gateway API', c => {
  legacy(c);
  profileRoute(c, { name: 'public' });
}, `${ROUTE} apiVersion "gateway.networking.k8s.io/v1": the cluster profile 'legacy' (Kubernetes 1.28) serves no version of gateway.networking.k8s.io: the Gateway API CRDs are not installed`);
atSynth('an API version the group does not serve', c => {
  legacy(c);
  new ApiObject(c, 'flow', { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'FlowSchema', metadata: { name: 'f' } });
}, "FlowSchema 'test/flow': invalid apiVersion \"flowcontrol.apiserver.k8s.io/v1\": the cluster profile 'legacy' (Kubernetes 1.28) does not serve flowcontrol.apiserver.k8s.io/v1 "
  + '(it serves flowcontrol.apiserver.k8s.io/v1beta2, flowcontrol.apiserver.k8s.io/v1beta3)');
atSynth('a kind served at an older version only', c => {
  profile({ apiResources: [{ groupVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'GRPCRoute' }] }).attach(c);
  new ApiObject(c, 'route', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute', metadata: { name: 'api' } });
}, "GRPCRoute 'test/route': invalid apiVersion \"gateway.networking.k8s.io/v1\": the cluster profile 'prod' serves GRPCRoute as gateway.networking.k8s.io/v1alpha2 only, "
  + 'not gateway.networking.k8s.io/v1');
atSynth('a kind the group lacks', c => {
  profile({ apiResources: [{ groupVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' }] }).attach(c);
  new ApiObject(c, 'route', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'TLSRoute', metadata: { name: 'tls' } });
}, "TLSRoute 'test/route': invalid apiVersion \"gateway.networking.k8s.io/v1\": the cluster profile 'prod' serves no TLSRoute in gateway.networking.k8s.io");
atSynth('an autoscaler before autoscaling/v2', c => {
  versioned(c, '1.22');
  web(c, { autoscaling: { maxReplicas: 5 } });
}, "ExposedWebApp 'test/web': invalid autoscaling \"autoscaling/v2\": the cluster profile 'prod' (Kubernetes 1.22) does not serve autoscaling/v2 "
  + 'HorizontalPodAutoscaler: it is served from Kubernetes 1.23');
atSynth('a budget of an API version since removed', c => {
  versioned(c, '1.25');
  new ApiObject(c, 'pdb', { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'web' } });
}, "PodDisruptionBudget 'test/pdb': invalid apiVersion \"policy/v1beta1\": the cluster profile 'prod' (Kubernetes 1.25) no longer serves policy/v1beta1 PodDisruptionBudget: "
  + 'it was removed in Kubernetes 1.25; use policy/v1');
const serves = (what: string, since: number, history: string, consequence: string, at: string) =>
  `the cluster profile 'prod' (Kubernetes ${at}) does not serve ${what}, which needs Kubernetes 1.${since} (${history}); ${consequence}`;
atSynth('ReadWriteOncePod before 1.27', c => {
  versioned(c, '1.26');
  new VolumeClaim(c, 'claim', { size: '1Gi', accessModes: [RWOP] });
}, `VolumeClaim 'test/claim': invalid accessModes "ReadWriteOncePod": ${serves('the access mode ReadWriteOncePod', 27,
  'feature gate ReadWriteOncePod: alpha 1.22, beta and on by default 1.27, GA 1.29', 'the API server refuses the claim (unsupported access mode)', '1.26')}`);
atSynth('claims deleted with the StatefulSet before 1.27', c => {
  versioned(c, '1.26');
  db(c, {}, { whenDeleted: ClaimRetention.DELETE });
}, `StatefulAppWithStorage 'test/db': invalid storage.whenDeleted "Delete": ${serves('persistentVolumeClaimRetentionPolicy with Delete', 27,
  'feature gate StatefulSetAutoDeletePVC: alpha 1.23, beta and on by default 1.27, GA 1.32', 'the API server drops the policy and the claims are kept', '1.26')}`);
atSynth('StatefulSet minReady before 1.23', c => {
  versioned(c, '1.22');
  db(c, { minReady: Duration.seconds(10) });
}, `StatefulAppWithStorage 'test/db': invalid minReady "10s": ${serves('StatefulSet minReadySeconds', 23,
  'feature gate StatefulSetMinReadySeconds: alpha 1.22, beta and on by default 1.23, GA 1.25', 'the API server drops it and pods count as available as soon as they are ready', '1.22')}`);
atSynth('a sidecar before 1.29', c => {
  versioned(c, '1.28');
  web(c).deployment.addInitContainer({ name: 'log', image: 'busybox:1.36', restartPolicy: kplus.ContainerRestartPolicy.ALWAYS, securityContext: { ensureNonRoot: true, user: 1001 } });
}, `Deployment 'test/web/Deployment': invalid spec.template.spec.initContainers[0].restartPolicy "Always": ${serves("sidecar containers (init containers with restartPolicy 'Always')", 29,
  'feature gate SidecarContainers: alpha 1.28, beta and on by default 1.29, GA 1.33',
  'the API server refuses the pod template or drops the field, and the sidecar then blocks the pod as an init container that never ends', '1.28')}`);
atSynth('trafficDistribution before 1.31', c => {
  versioned(c, '1.30');
  new ApiObject(c, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { trafficDistribution: 'PreferClose', ports: [{ port: 80 }] } });
}, `Service 'test/svc': invalid spec.trafficDistribution "PreferClose": ${serves('Service trafficDistribution', 31,
  'feature gate ServiceTrafficDistribution: alpha 1.30, beta and on by default 1.31, GA 1.33', 'the API server drops it and traffic is spread over all endpoints', '1.30')}`);
atSynth('loadBalancerClass before 1.22', c => {
  versioned(c, '1.21');
  web(c, { serviceType: kplus.ServiceType.LOAD_BALANCER, loadBalancerClass: 'service.k8s.aws/nlb', loadBalancerSourceRanges: ['10.0.0.0/8'] });
}, `ExposedWebApp 'test/web': invalid loadBalancerClass "service.k8s.aws/nlb": ${serves('Service loadBalancerClass', 22,
  'feature gate ServiceLoadBalancerClass: alpha 1.21, beta and on by default 1.22, GA 1.24', "the API server drops it and the cloud provider's default load balancer takes the Service", '1.21')}`);
atSynth('fsGroupChangePolicy before 1.20', c => {
  versioned(c, '1.19');
  web(c);
}, `Deployment 'test/web/Deployment': invalid spec.template.spec.securityContext.fsGroupChangePolicy "OnRootMismatch": ${serves('fsGroupChangePolicy', 20,
  'feature gate ConfigurableFSGroupPolicy: alpha 1.18, beta and on by default 1.20, GA 1.23', 'the API server drops it and every file of every volume is re-owned at each start', '1.19')}`);
atSynth('the seccompProfile field before 1.19', c => {
  versioned(c, '1.18');
  new ApiObject(c, 'pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: IMAGE, securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }] } });
}, `Pod 'test/pod': invalid spec.containers[0].securityContext.seccompProfile.type "RuntimeDefault": ${serves('the seccompProfile field', 19,
  'GA in 1.19; before, seccomp profiles were set by annotations', 'the API server does not know it and the containers run without a seccomp profile', '1.18')}`);
atSynth('a root pod in a namespace that enforces restricted', c => {
  current(c);
  web(c, { namespace: 'shop', security: { allowRunAsRoot: true } });
}, "ExposedWebApp 'test/web': invalid namespace \"shop\": namespace \"shop\" enforces Pod Security \"restricted\" (label pod-security.kubernetes.io/enforce=restricted "
  + "in the cluster profile 'current'), which refuses the pod: spec.template.spec.securityContext.runAsUser: runAsUser must not be 0 (root); "
  + 'spec.template.spec.containers[0].securityContext.runAsNonRoot: runAsNonRoot must be true, in the container or the pod; '
  + 'spec.template.spec.containers[0].securityContext.runAsUser: runAsUser must not be 0 (root)');
atSynth('SYS_ADMIN in a namespace that enforces baseline', c => {
  current(c);
  web(c, { namespace: 'tools', security: { addCapabilities: [kplus.Capability.SYS_ADMIN] } });
}, "ExposedWebApp 'test/web': invalid namespace \"tools\": namespace \"tools\" enforces Pod Security \"baseline\" (label pod-security.kubernetes.io/enforce=baseline "
  + "in the cluster profile 'current'), which refuses the pod: spec.template.spec.containers[0].securityContext.capabilities.add[0]: capability SYS_ADMIN may not be added; "
  + 'baseline allows only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT');
atSynth('the NFS provisioner\'s nfs volume where unlabelled namespaces are restricted', c => {
  profile({ defaultPodSecurity: PodSecurityLevel.RESTRICTED }).attach(c);
  nfs(c);
}, "NfsStorageClass 'test/nfs': invalid provisioner.namespace \"default\": namespace \"default\" enforces Pod Security \"restricted\" (the cluster profile 'prod' enforces restricted "
  + 'on namespaces without the label pod-security.kubernetes.io/enforce), which refuses the pod: spec.template.spec.volumes[0].nfs: volume type nfs is not allowed; '
  + 'use a PersistentVolumeClaim (a static PersistentVolume can hold the nfs source)');
atSynth('a privileged pod in a namespace the app labels baseline', c => {
  profile().attach(c);
  new ApiObject(c, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ops', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } });
  new ApiObject(c, 'pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ops' }, spec: { containers: [{ name: 'a', image: IMAGE, securityContext: { privileged: true } }] } });
}, "Pod 'test/pod': invalid metadata.namespace \"ops\": namespace \"ops\" enforces Pod Security \"baseline\" (label pod-security.kubernetes.io/enforce=baseline on the Namespace \"ops\" "
  + 'of this app), which refuses the pod: spec.containers[0].securityContext.privileged: privileged must not be true');
construction('a node port outside the cluster\'s range', c => {
  profile({ nodePortRange: { min: 31000, max: 31999 } }).attach(c);
  web(c, { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 30080 });
}, "ExposedWebApp 'test/web': invalid nodePort 30080: must be within the node port range 31000-31999 of the cluster profile 'prod'");
construction('a client Service node port outside the cluster\'s range', c => {
  profile({ nodePortRange: { min: 31000, max: 31999 } }).attach(c);
  db(c, { clientService: { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 32000 } });
}, "StatefulAppWithStorage 'test/db': invalid clientService.nodePort 32000: must be within the node port range 31000-31999 of the cluster profile 'prod'");
atSynth('a hand-written Service\'s node port outside the cluster\'s range', c => {
  profile({ nodePortRange: { min: 31000, max: 31999 } }).attach(c);
  new ApiObject(c, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] } });
}, "Service 'test/svc': invalid spec.ports[0].nodePort 30080: must be within the node port range 31000-31999 of the cluster profile 'prod'");
atSynth('a root claim-template pod in a namespace that enforces restricted', c => {
  current(c);
  db(c, { namespace: 'shop', security: { allowRunAsRoot: true } });
}, "StatefulAppWithStorage 'test/db': invalid namespace \"shop\": namespace \"shop\" enforces Pod Security \"restricted\" (label pod-security.kubernetes.io/enforce=restricted "
  + "in the cluster profile 'current'), which refuses the pod: spec.template.spec.securityContext.runAsUser: runAsUser must not be 0 (root); "
  + 'spec.template.spec.containers[0].securityContext.runAsNonRoot: runAsNonRoot must be true, in the container or the pod; '
  + 'spec.template.spec.containers[0].securityContext.runAsUser: runAsUser must not be 0 (root)');
/** An app whose route attaches to a Gateway of the cluster (gateway-system/<gateway>), with the parent's other fields and the route's. */
const gatewayApp = (c: Chart, gateway = 'public', parent: object = {}, route: Partial<RouteOptions> = {}) =>
  web(c, { namespace: 'shop', route: { parents: [{ gateway: Gateway.fromGatewayName(c, 'gw', gateway, 'gateway-system'), ...parent }], hostnames: ['shop.example.com'], ...route } });
atSynth('an app\'s route to a Gateway the cluster lacks', c => {
  current(c);
  gatewayApp(c, 'web-gw');
}, "ExposedWebApp 'test/web': invalid route.parents[0].gateway \"web-gw\": the cluster profile 'current' has no Gateway \"web-gw\" in namespace \"gateway-system\" "
  + '(it has: gateway-system/internal, gateway-system/public)');
atSynth('an app\'s route to a listener the Gateway lacks', c => {
  current(c);
  gatewayApp(c, 'public', { sectionName: 'websecure' });
}, `ExposedWebApp 'test/web': invalid route.parents[0].sectionName "websecure": ${PUBLIC} has no listener "websecure" (it has: http, https)`);
atSynth('an app\'s route to a port no listener has', c => {
  current(c);
  gatewayApp(c, 'public', { port: 8443 });
}, `ExposedWebApp 'test/web': invalid route.parents[0].port 8443: ${PUBLIC} has no listener on port 8443 (listeners: http 80, https 443)`);
atSynth('an app\'s route from a namespace the listener does not select', c => {
  current(c);
  web(c, { namespace: 'tools', route: { parents: [{ gateway: Gateway.fromGatewayName(c, 'gw', 'public', 'gateway-system'), sectionName: 'https' }] } });
}, `ExposedWebApp 'test/web': invalid route.parents[0].gateway "public": no listener of ${PUBLIC} admits the HTTPRoute: listener "https" admits routes only from namespaces matching `
  + '{"matchLabels":{"gateway-access":"public"}}, and namespace "tools" does not');
atSynth('an app\'s route on a cluster without the Gateway API', c => {
  legacy(c);
  gatewayApp(c);
}, "ExposedWebApp 'test/web': invalid route \"gateway.networking.k8s.io/v1\": the cluster profile 'legacy' (Kubernetes 1.28) serves no version of gateway.networking.k8s.io: "
  + 'the Gateway API CRDs are not installed');
// ---------------------------------------------------------------- Gateway API: Gateway, routes, canary (issue 10)
const GATE = "Gateway 'test/gw': invalid";
const HOSTNAME_RULE = "must be a lowercase DNS name of at most 253 characters, optionally starting with '*.', and no IP address";
const PRECISE_RULE = 'must be a lowercase DNS name of at most 253 characters, without wildcard or IP address';
const HEADER_RULE = "must be an HTTP header name (an RFC 7230 token: letters, digits and !#$%&'*+-.^_`|~) of at most 256 characters";
const NEXT_IMAGE = 'nginxinc/nginx-unprivileged:1.27.4-alpine';
const ref = (c: Chart) => Gateway.fromGatewayName(c, 'ref', 'public');
const routed = (route: Partial<RouteOptions>, props: Partial<ExposedWebAppProps> = {}) => (c: Chart) =>
  web(c, { route: { parents: [{ gateway: ref(c) }], ...route }, ...props });
const rule = (r: RouteRule) => routed({ rules: [r] });
const grpc = (route: Partial<GrpcRouteOptions>) => (c: Chart) => web(c, { grpcRoute: { parents: [{ gateway: ref(c) }], ...route } });
const gateway = (c: Chart, props: Partial<GatewayProps> = {}) => new Gateway(c, 'gw', { gatewayClassName: 'eg', listeners: [{ name: 'http' }], ...props });
const listener = (l: Partial<GatewayListenerOptions>) => (c: Chart) => gateway(c, { listeners: [{ name: 'l', ...l }] });
const canaried = (canary: Partial<CanaryOptions>, route: Partial<RouteOptions> = {}) => (c: Chart) =>
  web(c, { route: { parents: [{ gateway: ref(c) }], ...route }, canary: { image: NEXT_IMAGE, ...canary } });
/** An app whose route names a listener of a Gateway built in the same chart. */
const attached = (route: (gw: Gateway) => Partial<RouteOptions>, listeners: GatewayListenerOptions[] = [{ name: 'http' }], props: Partial<ExposedWebAppProps> = {}) =>
  (c: Chart) => {
    const gw = gateway(c, { listeners });
    web(c, { route: { parents: [{ gateway: gw }], ...route(gw) }, ...props });
  };

// Gateway
construction('Gateway without a class', c => new Gateway(c, 'gw', garbage({ listeners: [{ name: 'http' }] })), `${GATE} gatewayClassName undefined: ${DNS_SUBDOMAIN}`);
construction('Gateway props undefined', c => new Gateway(c, 'gw', garbage(undefined)), `${GATE} props undefined: must be an object with at least 'gatewayClassName' and 'listeners'`);
construction('two listeners named alike', c => gateway(c, { listeners: [{ name: 'web' }, { name: 'web', port: 8080 }] }),
  `${GATE} listeners[1].name "web": is already the name of a listener of this Gateway; listener names must be unique`);
construction('HTTP and HTTPS on one port', c => gateway(c, { listeners: [{ name: 'a', port: 8443 }, { name: 'b', port: 8443, protocol: GatewayProtocol.HTTPS, certificates: [{ secretName: 'tls' }] }] }),
  `${GATE} listeners[1].port 8443: is already listener "a"'s port with protocol HTTP; one port speaks one protocol, or both listeners are marked Conflicted`);
construction('Gateway without listeners', c => gateway(c, { listeners: [] }), `${GATE} listeners []: must hold at least one listener`);
construction('listener null', c => gateway(c, { listeners: [garbage(null)] }), `${GATE} listeners[0] null: must be a listener with at least a 'name'`);
construction('listener name with capitals', listener({ name: 'HTTP' }), `${GATE} listeners[0].name "HTTP": ${DNS_SUBDOMAIN}`);
construction('listener protocol TCP', listener({ protocol: garbage('TCP') }), `${GATE} listeners[0].protocol "TCP": must be one of HTTP, HTTPS`);
construction('listener port 0', listener({ port: 0 }), `${GATE} listeners[0].port 0: ${PORT}`);
construction('listener host name that is an IP address', listener({ hostname: '10.0.0.1' }), `${GATE} listeners[0].hostname "10.0.0.1": ${HOSTNAME_RULE}`);
construction('listener host name with a wildcard inside', listener({ hostname: 'a.*.example.com' }), `${GATE} listeners[0].hostname "a.*.example.com": ${HOSTNAME_RULE}`);
construction('two listeners on one port and host', c => gateway(c, { listeners: [{ name: 'a' }, { name: 'b' }] }),
  `${GATE} listeners[1].hostname null: listener "a" already takes port 80 for every host; port, protocol and host name must be unique per listener`);
construction('HTTPS listener without a certificate', listener({ protocol: GatewayProtocol.HTTPS }),
  `${GATE} listeners[0].certificates []: must name at least one Secret: an HTTPS listener terminates TLS with it`);
construction('HTTP listener with a certificate', listener({ certificates: [{ secretName: 'tls' }] }),
  `${GATE} listeners[0].certificates ["tls"]: are only allowed on HTTPS listeners; an HTTP listener does not terminate TLS`);
construction('certificate null', listener({ protocol: GatewayProtocol.HTTPS, certificates: [garbage(null)] }),
  `${GATE} listeners[0].certificates[0] null: must be an object with 'secretName'`);
construction('certificate Secret name with an underscore', listener({ protocol: GatewayProtocol.HTTPS, certificates: [{ secretName: 'my_tls' }] }),
  `${GATE} listeners[0].certificates[0].secretName "my_tls": ${DNS_SUBDOMAIN}`);
construction('65 certificates', listener({ protocol: GatewayProtocol.HTTPS, certificates: Array.from({ length: 65 }, (_, i) => ({ secretName: `c${i}` })) }),
  `${GATE} listeners[0].certificates 65: must hold at most 64 certificates`);
construction('certificates of 17 Secrets in one namespace', listener({
  protocol: GatewayProtocol.HTTPS, certificates: Array.from({ length: 17 }, (_, i) => ({ secretName: `c${i}`, namespace: 'certs' })),
}), `${GATE} listeners[0].certificates "c16": would be the 17th Secret of namespace "certs" this Gateway refers to; a ReferenceGrant names at most 16`);
construction('65 listeners', c => gateway(c, { listeners: Array.from({ length: 65 }, (_, i) => ({ name: `l${i}`, port: 1000 + i })) }),
  `${GATE} listeners[64].name "l64": would be listener 65; a Gateway holds at most 64`);
construction('allowedRoutes given as a string', listener({ allowedRoutes: garbage('All') }),
  `${GATE} listeners[0].allowedRoutes "All": must be made with AllowedRoutes.sameNamespace(), allNamespaces(), fromNamespaces() or fromNamespacesLabelled()`);
construction('allowedRoutes from no namespace', listener({ allowedRoutes: AllowedRoutes.fromNamespaces([]) }),
  `${GATE} listeners[0].allowedRoutes []: must name at least one namespace`);
construction('allowedRoutes from one namespace twice', listener({ allowedRoutes: AllowedRoutes.fromNamespaces(['shop', 'shop']) }),
  `${GATE} listeners[0].allowedRoutes ["shop","shop"]: must not repeat a namespace`);
construction('allowedRoutes by no label', listener({ allowedRoutes: AllowedRoutes.fromNamespacesLabelled({}) }),
  `${GATE} listeners[0].allowedRoutes {}: must name at least one label, or every namespace matches; use AllowedRoutes.allNamespaces() for that`);
construction('allowedKinds empty', listener({ allowedKinds: [] }), `${GATE} listeners[0].allowedKinds []: must name at least one kind; leave it out for every kind the protocol supports`);
construction('allowedKinds TCPRoute', listener({ allowedKinds: [garbage('TCPRoute')] }), `${GATE} listeners[0].allowedKinds[0] "TCPRoute": must be one of HTTPRoute, GRPCRoute`);
construction('allowedKinds twice the same', listener({ allowedKinds: [RouteKind.HTTP_ROUTE, RouteKind.HTTP_ROUTE] }),
  `${GATE} listeners[0].allowedKinds ["HTTPRoute","HTTPRoute"]: must not repeat a kind`);

// Route parents and host names
construction('route without parents', routed({ parents: [] }), `${WEB} route.parents []: must name at least one Gateway listener to attach to`);
construction('route parent null', routed({ parents: [garbage(null)] }), `${WEB} route.parents[0] null: must be an object with at least 'gateway'`);
construction('route parent a Gateway name', routed({ parents: [{ gateway: garbage('public') }] }),
  `${WEB} route.parents[0].gateway "string": must be a Gateway of this library or Gateway.fromGatewayName(...)`);
construction('route sectionName with capitals', c => web(c, { route: { parents: [{ gateway: ref(c), sectionName: 'HTTPS' }] } }),
  `${WEB} route.parents[0].sectionName "HTTPS": ${DNS_SUBDOMAIN}`);
construction('route parent port 70000', c => web(c, { route: { parents: [{ gateway: ref(c), port: 70000 }] } }), `${WEB} route.parents[0].port 70000: ${PORT}`);
construction('route naming one listener twice', c => {
  const gw = ref(c);
  web(c, { route: { parents: [{ gateway: gw, sectionName: 'a' }, { gateway: gw, sectionName: 'a' }] } });
}, `${WEB} route.parents[1].sectionName "a": repeats route.parents[0]: each listener of a Gateway may be named once`);
construction('route naming one Gateway twice without sectionName', c => {
  const gw = ref(c);
  web(c, { route: { parents: [{ gateway: gw, sectionName: 'a' }, { gateway: gw }] } });
}, `${WEB} route.parents[1].sectionName null: must be given: Gateway "public" is named more than once, so each reference must name its listener`);
construction('33 route parents', c => {
  const gw = ref(c);
  web(c, { route: { parents: Array.from({ length: 33 }, (_, i) => ({ gateway: gw, sectionName: `l${i}` })) } });
},
`${WEB} route.parents 33: holds 33 parents; the Gateway API allows at most 32`);
construction('route host name that is an IP address', routed({ hostnames: ['192.168.1.1'] }), `${WEB} route.hostnames[0] "192.168.1.1": ${HOSTNAME_RULE}`);
construction('route host name repeated', routed({ hostnames: ['a.example.com', 'a.example.com'] }),
  `${WEB} route.hostnames ["a.example.com","a.example.com"]: must not repeat a host name`);
construction('17 route host names', routed({ hostnames: Array.from({ length: 17 }, (_, i) => `h${i}.example.com`) }),
  `${WEB} route.hostnames 17: holds 17 host names; the Gateway API allows at most 16`);
construction('route name with capitals', routed({ name: 'Web' }), `${WEB} route.name "Web": ${DNS_SUBDOMAIN}`);
construction('route namespace with a dot', routed({ namespace: 'a.b' }), `${WEB} route.namespace "a.b": ${DNS_LABEL()}`);
construction('route annotation key with a space', routed({ annotations: { 'a b': 'x' } }), `${WEB} route.annotations "a b": ${LABEL_KEY}`);

// Route rules and matches
construction('route paths and rules together', routed({ paths: ['/'], rules: [{}] }), `${WEB} route.rules 1: cannot be combined with 'paths'; give one of them`);
construction('route paths empty', routed({ paths: [] }), `${WEB} route.paths []: must name at least one path; leave it out to route every path`);
construction('route paths repeated', routed({ paths: ['/a', '/a'] }), `${WEB} route.paths ["/a","/a"]: must not repeat a path`);
construction('route path without a slash', routed({ paths: ['api'] }), `${WEB} route.paths[0] "api": must start with '/' (an absolute URL path)`);
construction('route path with a double slash', routed({ paths: ['/a//b'] }), `${WEB} route.paths[0] "/a//b": must not contain '//' (an absolute URL path)`);
construction('route rules empty', routed({ rules: [] }), `${WEB} route.rules []: must hold at least one rule; leave it out to route every request`);
construction('route rule null', routed({ rules: [garbage(null)] }), `${WEB} route.rules[0] null: must be an object of rule options`);
construction('rule paths and matches together', rule({ paths: ['/'], matches: [{}] }), `${WEB} route.rules[0].matches [{}]: cannot be combined with 'paths'; give one of them`);
construction('rule names repeated', routed({ rules: [{ name: 'a', paths: ['/a'] }, { name: 'a', paths: ['/b'] }] }),
  `${WEB} route.rules[1].name "a": is already the name of a rule of this route; rule names must be unique`);
construction('65 matches in one rule', rule({ paths: Array.from({ length: 65 }, (_, i) => `/p${i}`) }), `${WEB} route.rules[0].matches 65: holds 65 matches; the Gateway API allows at most 64`);
construction('match path ending in /..', rule({ matches: [{ path: '/a/..', pathType: PathMatchType.EXACT }] }),
  `${WEB} route.rules[0].matches[0].path "/a/..": must not end with '/..' (an absolute URL path)`);
construction('match path a number', rule({ matches: [{ path: garbage(5) }] }), `${WEB} route.rules[0].matches[0].path 5: must be a string`);
construction('match path type Prefix', rule({ matches: [{ pathType: garbage('Prefix') }] }),
  `${WEB} route.rules[0].matches[0].pathType "Prefix": must be one of PathPrefix, Exact, RegularExpression`);
construction('match regular expression that does not compile', rule({ matches: [{ path: '/(', pathType: PathMatchType.REGULAR_EXPRESSION }] }),
  `${WEB} route.rules[0].matches[0].path "/(": must be a valid regular expression`);
construction('match regular expression empty', rule({ matches: [{ path: '', pathType: PathMatchType.REGULAR_EXPRESSION }] }),
  `${WEB} route.rules[0].matches[0].path "": must be a non-empty regular expression of at most 1024 characters`);
construction('match header name with a colon', rule({ matches: [{ headers: [{ name: 'x:y', value: '1' }] }] }), `${WEB} route.rules[0].matches[0].headers[0].name "x:y": ${HEADER_RULE}`);
construction('match header given twice in two cases', rule({ matches: [{ headers: [{ name: 'X-A', value: '1' }, { name: 'x-a', value: '2' }] }] }),
  `${WEB} route.rules[0].matches[0].headers[1].name "x-a": is already matched; each name may be matched once per match`);
construction('match header value empty', rule({ matches: [{ headers: [{ name: 'x-a', value: '' }] }] }),
  `${WEB} route.rules[0].matches[0].headers[0].value "": must be a non-empty string of at most 4096 characters`);
construction('match header null', rule({ matches: [{ headers: [garbage(null)] }] }), `${WEB} route.rules[0].matches[0].headers[0] null: must be an object with 'name' and 'value'`);
construction('17 header matches', rule({ matches: [{ headers: Array.from({ length: 17 }, (_, i) => ({ name: `h${i}`, value: '1' })) }] }),
  `${WEB} route.rules[0].matches[0].headers 17: holds 17 matches; the Gateway API allows at most 16`);
construction('match query value of 1025 characters', rule({ matches: [{ queryParams: [{ name: 'q', value: 'a'.repeat(1025) }] }] }),
  `${WEB} route.rules[0].matches[0].queryParams[0].value "${'a'.repeat(116)}...: must be a non-empty string of at most 1024 characters`);
construction('match method FETCH', rule({ matches: [{ method: garbage('FETCH') }] }),
  `${WEB} route.rules[0].matches[0].method "FETCH": must be one of GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH`);
construction('match null', rule({ matches: [garbage(null)] }), `${WEB} route.rules[0].matches[0] null: must be an object of match conditions`);

// Filters and timeouts
construction('header modifier changing nothing', rule({ requestHeaders: {} }), `${WEB} route.rules[0].requestHeaders {}: changes nothing; give 'set', 'add' or 'remove', or leave it out`);
construction('header modifier a string', rule({ responseHeaders: garbage('x') }), `${WEB} route.rules[0].responseHeaders "x": must be an object with 'set', 'add' or 'remove'`);
construction('header set with a space in the name', rule({ requestHeaders: { set: { 'x y': '1' } } }), `${WEB} route.rules[0].requestHeaders.set "x y": ${HEADER_RULE}`);
construction('header set to an empty value', rule({ requestHeaders: { set: { 'x-y': '' } } }),
  `${WEB} route.rules[0].requestHeaders.set["x-y"] "": must be a non-empty string of at most 4096 characters`);
construction('17 headers added', rule({ responseHeaders: { add: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`h${i}`, '1'])) } }),
  `${WEB} route.rules[0].responseHeaders.add 17: holds 17 headers; the Gateway API allows at most 16`);
construction('header removed with an invalid name', rule({ requestHeaders: { remove: ['a b'] } }), `${WEB} route.rules[0].requestHeaders.remove[0] "a b": ${HEADER_RULE}`);
construction('header removed twice', rule({ requestHeaders: { remove: ['X-A', 'x-a'] } }), `${WEB} route.rules[0].requestHeaders.remove ["X-A","x-a"]: must not repeat a header`);
construction('header both set and removed', rule({ requestHeaders: { set: { 'x-a': '1' }, remove: ['X-A'] } }),
  `${WEB} route.rules[0].requestHeaders.remove "X-A": is also set or added; a header is either changed or removed`);
construction('redirect changing nothing', rule({ redirect: {} }),
  `${WEB} route.rules[0].redirect {}: changes nothing, so clients would be redirected to the same URL forever; give scheme, hostname, port, path or pathPrefix`);
construction('redirect null', rule({ redirect: garbage(null) }), `${WEB} route.rules[0].redirect null: must be an object of redirect options`);
construction('redirect scheme ftp', rule({ redirect: { scheme: garbage('ftp') } }), `${WEB} route.rules[0].redirect.scheme "ftp": must be one of http, https`);
construction('redirect to a wildcard host', rule({ redirect: { hostname: '*.example.com' } }), `${WEB} route.rules[0].redirect.hostname "*.example.com": ${PRECISE_RULE}`);
construction('redirect to port 0', rule({ redirect: { port: 0 } }), `${WEB} route.rules[0].redirect.port 0: ${PORT}`);
construction('redirect with path and pathPrefix', rule({ redirect: { path: '/a', pathPrefix: '/b' } }),
  `${WEB} route.rules[0].redirect.pathPrefix "/b": cannot be combined with 'path'; give one of them`);
construction('redirect path with a fragment', rule({ redirect: { path: '/a#b' } }), `${WEB} route.rules[0].redirect.path "/a#b": must not contain '#' (an absolute URL path)`);
construction('redirect permanent "yes"', rule({ redirect: { scheme: RedirectScheme.HTTPS, permanent: garbage('yes') } }),
  `${WEB} route.rules[0].redirect.permanent "yes": must be true or false`);
construction('redirect and rewrite in one rule', rule({ redirect: { port: 8443 }, rewrite: { hostname: 'a.example.com' } }),
  `${WEB} route.rules[0].rewrite {"hostname":"a.example.com"}: cannot be combined with 'redirect': a redirect answers the request, so nothing is forwarded to rewrite`);
construction('redirect prefix on an Exact match', rule({ matches: [{ path: '/a', pathType: PathMatchType.EXACT }], redirect: { pathPrefix: '/b' } }),
  `${WEB} route.rules[0].redirect.pathPrefix "/b": needs the rule to have exactly one match, of type PATH_PREFIX: the prefix it replaces`);
construction('rewrite changing nothing', rule({ rewrite: {} }), `${WEB} route.rules[0].rewrite {}: changes nothing; give hostname, path or pathPrefix, or leave it out`);
construction('rewrite null', rule({ rewrite: garbage(null) }), `${WEB} route.rules[0].rewrite null: must be an object of rewrite options`);
construction('rewrite to a host with capitals', rule({ rewrite: { hostname: 'A.example.com' } }), `${WEB} route.rules[0].rewrite.hostname "A.example.com": ${PRECISE_RULE}`);
construction('timeout given as seconds', rule({ timeout: garbage(30) }), `${WEB} route.rules[0].timeout 30: must be made with Duration.seconds() or Duration.millis()`);
construction('timeout of 100000 hours', routed({ timeout: Duration.hours(100000) }), `${WEB} route.timeout "360000000000ms": must be a whole number of milliseconds, below 100000 hours`);
construction('timeout of half a millisecond', routed({ timeout: Duration.millis(0.5) }), `${WEB} route.timeout "0.5ms": must be a whole number of milliseconds, below 100000 hours`);
construction('header to add whose name holds a line break', rule({ requestHeaders: { add: { 'x-h\n': garbage(7) } } }),
  `${WEB} route.rules[0].requestHeaders.add["x-h\\n"] 7: must be a string`);
construction('backend timeout beyond the rule\'s timeout', rule({ timeout: Duration.seconds(5), backendTimeout: Duration.seconds(6) }),
  `${WEB} route.rules[0].backendTimeout "6s": must not be longer than the request timeout (5s), which includes it`);
construction('route name too long for its HTTPS redirect route', c => {
  const gw = ref(c);
  web(c, { route: { name: 'a'.repeat(239), parents: [{ gateway: gw, sectionName: 'https' }], httpsRedirect: { parents: [{ gateway: gw, sectionName: 'http' }] } } });
}, `${WEB} route.name "${'a'.repeat(116)}...: names the HTTPS redirect route "<name>-https-redirect" too, which must be at most 253 characters; shorten it to 238`);
construction('canary header twin of a rule named at the limit', canaried({ header: { name: 'x-canary', value: 'always' } }, { rules: [{ name: 'a'.repeat(247) }] }),
  `${WEB} canary.header "x-canary": names the twin of route.rules[0] "${'a'.repeat(40)}...", longer than 253 characters; shorten route.rules[0].name`);
construction('canary header twin named like another rule', canaried({ header: { name: 'x-canary', value: 'always' } }, { rules: [{ name: 'api', paths: ['/api'] }, { name: 'api-canary', paths: ['/b'] }] }),
  `${WEB} canary.header "x-canary": names the twin of route.rules[0] "api-canary", which is already the name of a rule of route; rename one of them`);
construction('17 rules', routed({ rules: Array.from({ length: 17 }, () => ({})) }), `${WEB} route.rules 17: holds 17 rules; the Gateway API allows at most 16`);
construction('129 matches in one route', routed({ rules: Array.from({ length: 3 }, (_, r) => ({ paths: Array.from({ length: 43 }, (__, i) => `/r${r}/${i}`) })) }),
  `${WEB} route.rules 129: hold 129 matches in all; a route allows at most 128`);

// HTTP -> HTTPS redirect, gRPC, route namespace
construction('httpsRedirect a string', routed({ httpsRedirect: garbage('http') }), `${WEB} route.httpsRedirect "http": must be an object with at least 'parents'`);
construction('httpsRedirect on the route\'s own listener', c => {
  const gw = ref(c);
  web(c, { route: { parents: [{ gateway: gw, sectionName: 'web' }], httpsRedirect: { parents: [{ gateway: gw, sectionName: 'web' }] } } });
}, `${WEB} route.httpsRedirect.parents[0].sectionName "web": is also served by route.parents[0]; a listener either redirects to https or serves the app, so name different listeners of Gateway "public"`);
construction('httpsRedirect to port 0', c => {
  const gw = ref(c);
  web(c, { route: { parents: [{ gateway: gw, sectionName: 'https' }], httpsRedirect: { parents: [{ gateway: gw, sectionName: 'http' }], port: 0 } } });
}, `${WEB} route.httpsRedirect.port 0: ${PORT}`);
construction('route a string', c => web(c, { route: garbage('public') }), `${WEB} route "public": must be an object of options`);
construction('route namespace without the app\'s', routed({ namespace: 'gateway' }),
  `${WEB} route.namespace "gateway": needs the app's own namespace ('namespace' or the chart's): the route refers to the app's Service across namespaces, by namespace`);
construction('grpcRoute services and rules together', grpc({ services: ['a.B'], rules: [{}] }), `${WEB} grpcRoute.rules 1: cannot be combined with 'services'; give one of them`);
construction('grpcRoute services empty', grpc({ services: [] }), `${WEB} grpcRoute.services []: must name at least one service; leave it out to route every request`);
construction('grpcRoute services repeated', grpc({ services: ['a.B', 'a.B'] }), `${WEB} grpcRoute.services ["a.B","a.B"]: must not repeat a service`);
construction('grpcRoute service with a slash', grpc({ services: ['shop/Cart'] }),
  `${WEB} grpcRoute.services[0].service "shop/Cart": must be a fully qualified gRPC service name such as 'shop.v1.Cart'`);
construction('grpcRoute rules empty', grpc({ rules: [] }), `${WEB} grpcRoute.rules []: must hold at least one rule; leave it out to route every request`);
construction('grpcRoute method with a dot', grpc({ rules: [{ matches: [{ method: 'Add.Item' }] }] }),
  `${WEB} grpcRoute.rules[0].matches[0].method "Add.Item": must be a gRPC method name such as 'AddItem'`);
construction('grpcRoute method of 1025 characters', grpc({ rules: [{ matches: [{ method: 'a'.repeat(1025), type: StringMatchType.REGULAR_EXPRESSION }] }] }),
  `${WEB} grpcRoute.rules[0].matches[0].method "${'a'.repeat(116)}...: must be a non-empty string of at most 1024 characters`);
construction('grpcRoute match type alone', grpc({ rules: [{ matches: [{ type: StringMatchType.EXACT, headers: [{ name: 'a', value: 'b' }] }] }] }),
  `${WEB} grpcRoute.rules[0].matches[0].type "Exact": needs 'service' or 'method' to apply to`);
construction('grpcRoute match matching everything', grpc({ rules: [{ matches: [{}] }] }),
  `${WEB} grpcRoute.rules[0].matches[0] {}: matches every request; give 'service', 'method' or 'headers', or leave the match out`);

// Canary
construction('canary without a route', c => web(c, { canary: { image: NEXT_IMAGE } }),
  `${WEB} canary "${NEXT_IMAGE}": needs a 'route' or 'grpcRoute': traffic is split by the route's backend weights, and an Ingress has no portable weights`);
construction('canary a string', c => web(c, { route: { parents: [{ gateway: ref(c) }] }, canary: garbage('v2') }), `${WEB} canary "v2": must be an object of options`);
construction('canary image latest', canaried({ image: 'nginx:latest' }), `${WEB} canary.image "nginx:latest": ${IMAGE_TAG}`);
construction('canary replicas 0', canaried({ replicas: 0 }), `${WEB} canary.replicas 0: must be a whole number within 1-10000`);
construction('canary traffic as a number', canaried({ traffic: garbage(10) }), `${WEB} canary.traffic 10: must be made with CanaryTraffic.percent() or weights()`);
construction('canary percent -1', canaried({ traffic: CanaryTraffic.percent(-1) }), `${WEB} canary.traffic -1: must be a percentage within 0-100 with at most four decimals`);
construction('canary weight -1', canaried({ traffic: CanaryTraffic.weights(100, -1) }), `${WEB} canary.traffic.canary -1: must be a whole number within 0-1000000`);
construction('canary weights both zero', canaried({ traffic: CanaryTraffic.weights(0, 0) }),
  `${WEB} canary.traffic [0,0]: must not both be zero: a rule whose backends all weigh 0 answers every request with an error`);
construction('canary header with a space', canaried({ header: { name: 'x canary', value: 'always' } }), `${WEB} canary.header[0].name "x canary": ${HEADER_RULE}`);
construction('canary withInjections "no"', canaried({ withInjections: garbage('no') }), `${WEB} canary.withInjections "no": must be true or false`);
construction('canary Service name beyond 63 characters', c => web(c, { serviceName: 's'.repeat(57), route: { parents: [{ gateway: ref(c) }] }, canary: { image: NEXT_IMAGE } }),
  `${WEB} canary "${'s'.repeat(57)}-canary": names the canary Service, which is longer than 63 characters; shorten the app's serviceName`);
construction('canary header twins beyond 16 rules', canaried({ header: { name: 'x-canary', value: 'always' } }, { rules: Array.from({ length: 9 }, (_, i) => ({ paths: [`/p${i}`] })) }),
  `${WEB} canary.header "x-canary": adds one rule per forwarding rule of route, which would then hold 18; a route allows at most 16`);
construction('canary header twins beyond 128 matches', canaried({ header: { name: 'x-canary', value: 'always' } }, {
  rules: [{ paths: Array.from({ length: 64 }, (_, i) => `/a${i}`) }, { paths: Array.from({ length: 10 }, (_, i) => `/b${i}`) }],
}), `${WEB} canary.header "x-canary": doubles the matches of route to 148; a route allows at most 128`);
construction('canary header already tested by a route', canaried({ header: { name: 'x-canary', value: 'always' } }, { rules: [{ matches: [{ headers: [{ name: 'X-Canary', value: '1' }] }] }] }),
  `${WEB} canary.header "x-canary": is already matched by route.rules[0].matches[0]; the canary's opt-in header must be one the routes do not test`);
construction('canary header beyond 16 headers of a match', canaried({ header: { name: 'x-canary', value: 'always' } }, {
  rules: [{ matches: [{ headers: Array.from({ length: 16 }, (_, i) => ({ name: `h${i}`, value: '1' })) }] }],
}), `${WEB} canary.header "x-canary": would be the 17th header of route.rules[0].matches[0]; a match tests at most 16`);

// NetworkPolicy with routes
construction('gatewayDataPlaneNamespaces without a route', c => web(c, { networkPolicy: { gatewayDataPlaneNamespaces: ['gw'], allowSameNamespace: true } }),
  `${WEB} networkPolicy.gatewayDataPlaneNamespaces ["gw"]: is only used when the app has a 'route' or 'grpcRoute'`);
construction('gatewayDataPlaneNamespaces empty', routed({}, { networkPolicy: { gatewayDataPlaneNamespaces: [] } }),
  `${WEB} networkPolicy.gatewayDataPlaneNamespaces []: must name at least one namespace; leave it out for the Gateways' own namespaces`);
construction('gatewayDataPlaneNamespaces with capitals', routed({}, { networkPolicy: { gatewayDataPlaneNamespaces: ['Envoy'] } }),
  `${WEB} networkPolicy.gatewayDataPlaneNamespaces[0] "Envoy": ${DNS_LABEL()}`);

// Wiring to a Gateway of the app, at synth
const GW_AT = 'Gateway "gw" (\'test/gw\')';
atSynth('route naming a listener the Gateway lacks', attached(gw => ({ parents: [{ gateway: gw, sectionName: 'https' }] })),
  `${WEB} route.parents[0].sectionName "https": ${GW_AT} has no such listener; it has "http"`);
atSynth('route naming a port no listener takes', attached(gw => ({ parents: [{ gateway: gw, port: 8080 }] })),
  `${WEB} route.parents[0].port 8080: no listener of ${GW_AT} takes this port`);
atSynth('route host names outside the listener\'s', attached(() => ({ hostnames: ['a.example.org'] }), [{ name: 'http', hostname: '*.example.com' }]),
  `${WEB} route.hostnames ["a.example.org"]: none of ["a.example.org"] falls under the host name "*.example.com" of listener "http" (HTTP :80, *.example.com), so the listener does not accept the route; use host names under the listener's, or attach to another listener`);
atSynth('route of a namespace the listener does not admit', attached(() => ({}), [{ name: 'http' }], { namespace: 'shop' }),
  "ExposedWebApp 'test/web': invalid route.parents[0] {\"gateway\":\"gw\"}: listener \"http\" (HTTP :80) admits only routes of the Gateway's own namespace \"default\" (allowedRoutes from Same), not \"shop\", so the route would not attach; move the route (route.namespace) or widen the listener's allowedRoutes");
atSynth('route of a kind the listener does not admit', attached(() => ({}), [{ name: 'http', allowedKinds: [RouteKind.GRPC_ROUTE] }]),
  `${WEB} route.parents[0] {"gateway":"gw"}: listener "http" (HTTP :80) admits only GRPCRoute, not HTTPRoute, so the route would not attach; add the kind to the listener's allowedKinds, or attach to another listener`);
atSynth('https redirect on an HTTPS listener', attached(gw => ({
  parents: [{ gateway: gw, sectionName: 'http' }], httpsRedirect: { parents: [{ gateway: gw, sectionName: 'https' }] },
}), [{ name: 'http' }, { name: 'https', protocol: GatewayProtocol.HTTPS, certificates: [{ secretName: 'tls' }] }]),
`${WEB} route.httpsRedirect.parents[0].sectionName "https": selects only HTTPS listeners ("https" (HTTPS :443)) of ${GW_AT}; redirecting https to https loops. Name the plain-HTTP listener`);
atSynth('hand-written route to a Service of another namespace without a grant', c => {
  web(c, { namespace: 'shop' });
  new ApiObject(c, 'edge', {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'edge', namespace: 'edge' },
    spec: { parentRefs: [{ name: 'public' }], rules: [{ backendRefs: [{ name: 'web', namespace: 'shop', port: 80 }] }] },
  });
}, 'HTTPRoute \'test/edge\': invalid spec.rules[0].backendRefs[0].namespace "shop": refers to Service "web" in namespace "shop", but no ReferenceGrant there admits HTTPRoutes of namespace "edge"; the Gateway refuses the backend. Add one in "shop" (from: gateway.networking.k8s.io HTTPRoute edge; to: Service web)');
// ---------------------------------------------------------------- issue 11: what the strict validator and the adversarial properties found
const NON_SPECIAL = 'which the API server refuses as an external IP';
const INT_OR_PERCENT = 'must be a whole number >= 0 or a percentage within 0-100% (PercentOrAbsolute.absolute() or percent())';
const WHOLE_SECONDS = (min = 0) => `must be a whole number of seconds${min > 0 ? `, at least ${min}` : ''} (e.g. Duration.seconds(1))`;
const RWOP_ALONE = 'ReadWriteOncePod cannot be combined with other access modes (the API server refuses it); give it alone';
construction('loopback external IP', c => web(c, { externalIPs: ['127.0.0.1'] }), `${WEB} externalIPs[0] "127.0.0.1": is a loopback address, ${NON_SPECIAL}`);
construction('unspecified external IPv6', c => web(c, { externalIPs: ['::'] }), `${WEB} externalIPs[0] "::": is the unspecified address, ${NON_SPECIAL}`);
construction('link-local external IP', c => web(c, { externalIPs: ['169.254.0.1'] }), `${WEB} externalIPs[0] "169.254.0.1": is a link-local address, ${NON_SPECIAL}`);
construction('CIDR with host bits', c => web(c, { serviceType: kplus.ServiceType.LOAD_BALANCER, loadBalancerSourceRanges: ['10.0.0.1/8'] }),
  `${WEB} loadBalancerSourceRanges[0] "10.0.0.1/8": must be the network address of its block: the bits after the prefix must be zero (the form the API server stores)`);
construction('malformed IPv6 CIDR in a policy', c => web(c, { networkPolicy: { allowFromCidrs: [':/64'] } }),
  `${WEB} networkPolicy.allowFromCidrs[0] ":/64": must be a CIDR block such as '10.0.0.0/8' or '2001:db8::/32'`);
construction('Ingress host that is an IP', c => web(c, { ingress: { hosts: ['10.1.2.3'] } }),
  `${WEB} ingress.hosts[0] "10.1.2.3": must be a DNS name, not an IP address: Ingress rules match the Host header by name`);
construction('Ingress path with //', c => web(c, { ingress: { path: '/api//v1' } }),
  `${WEB} ingress.path "/api//v1": must not contain '//', '/./', '/../' or '%2f', nor end with '/.' or '/..' (it has '//'): the API server refuses such Prefix paths`);
construction('name that starts with a digit, also the Service name', c => web(c, { name: '1web' }),
  `${WEB} name "1web": must be a DNS-1035 label, as the Service's name (the app's 'name' unless 'serviceName' is given) is: at most 63 characters, lowercase letters, digits and '-', starting with a letter and ending with a letter or digit`);
construction('invalid chart namespace', c => web(new Chart(c.node.root as any, 'ns', { namespace: 'Team_A' })),
  "ExposedWebApp 'ns/web': invalid namespace \"Team_A\": comes from the chart, whose namespace is not a DNS-1123 label (at most 63 characters, lowercase letters, digits and '-'); fix the Chart's namespace or set 'namespace'");
construction('Service annotation key with a space', c => web(c, { serviceAnnotations: { 'my key': 'x' } }), `${WEB} serviceAnnotations "my key": ${LABEL_KEY}`);
construction('Ingress annotations over 256 KiB', c => web(c, { ingress: { annotations: { 'example.com/big': 'x'.repeat(262144) } } }),
  `${WEB} ingress.annotations ["example.com/big"]: take 262159 bytes, over the 262144 (256 KiB) the API server accepts`);
construction('provisioner pod annotation key', c => nfs(c, { provisioner: { podAnnotations: { 'a/b/c': 'x' } } }), `${NFS} provisioner.podAnnotations "a/b/c": ${LABEL_KEY}`);
construction('empty toleration', c => nfs(c, { provisioner: { tolerations: [{}] } }),
  `${NFS} provisioner.tolerations[0] {}: tolerates every taint only with operator 'Exists'; give a key, or operator 'Exists' to tolerate everything`);
construction('tolerationSeconds without NoExecute', c => nfs(c, { provisioner: { tolerations: [{ key: 'k', operator: 'Exists', tolerationSeconds: 5 }] } }),
  `${NFS} provisioner.tolerations[0].tolerationSeconds 5: is only allowed with effect 'NoExecute'`);
construction('node affinity without terms', c => nfs(c, { provisioner: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } } }),
  `${NFS} provisioner.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms []: must list at least one node selector term, or no node matches`);
construction('PDB absolute(-1)', c => web(c, { disruptionBudget: { maxUnavailable: kplus.PercentOrAbsolute.absolute(-1) } }),
  `${WEB} disruptionBudget.maxUnavailable -1: ${INT_OR_PERCENT}`);
construction('PDB percent(150)', c => web(c, { disruptionBudget: { minAvailable: kplus.PercentOrAbsolute.percent(150) } }),
  `${WEB} disruptionBudget.minAvailable "150%": ${INT_OR_PERCENT}`);
construction('rolling update maxUnavailable 150%', c => web(c, { strategy: kplus.DeploymentStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.percent(150) }) }),
  `${WEB} strategy.maxUnavailable "150%": ${INT_OR_PERCENT}`);
construction('Cpu.units(NaN)', c => web(c, { resources: { cpu: { request: kplus.Cpu.units(NaN), limit: kplus.Cpu.units(1) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } } }),
  `${WEB} resources.cpu.request "NaN": must be a finite, non-negative amount such as Cpu.millis(250) or Cpu.units(1)`);
construction('memory in half mebibytes', c => web(c, { resources: { cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(10) }, memory: { request: Size.kibibytes(512), limit: Size.mebibytes(64) } } }),
  `${WEB} resources.memory.request "0.5 MiB": must be a whole number of MiB (cdk8s-plus writes it in MiB), e.g. Size.mebibytes(512)`);
construction('ephemeral storage in mebibytes', c => web(c, { resources: { cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(10) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) }, ephemeralStorage: { request: Size.mebibytes(512) } } }),
  `${WEB} resources.ephemeralStorage.request "0.5 GiB": must be a whole number of GiB (cdk8s-plus writes it in GiB), e.g. Size.gibibytes(1)`);
construction('ephemeral storage request above its limit', c => web(c, { resources: { cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(10) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) }, ephemeralStorage: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } }),
  `${WEB} resources.ephemeralStorage {"request":"2Gi","limit":"1Gi"}: the request may not exceed the limit`);
construction('ReadWriteOncePod with another mode', c => new VolumeClaim(c, 'claim', { size: '1Gi', accessModes: [RWOP, RWO] }), `${CLAIM} accessModes ["ReadWriteOncePod","ReadWriteOnce"]: ${RWOP_ALONE}`);
construction('StatefulSet partition -1', c => db(c, { updateStrategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: -1 }) }),
  `${DB} updateStrategy.partition -1: must be a whole number within 0-2147483647`);
construction('headless Service with a duplicate port number', c => new HeadlessService(c, 'hl', { selector: { app: 'db' }, ports: [{ port: 80, name: 'a' }, { port: 80, name: 'b' }] }),
  "HeadlessService 'test/hl': invalid ports[1].port 80: must be unique among the ports of one protocol (80/TCP is given twice); the API server refuses duplicates");
construction('ExternalName Service with a duplicate port number', c => new ExternalNameService(c, 'ext', { externalName: 'db.example.com', ports: [{ port: 5432, name: 'a' }, { port: 5432, name: 'b' }] }),
  "ExternalNameService 'test/ext': invalid ports[1].port 5432: must be unique among the ports of one protocol (5432/TCP is given twice); the API server refuses duplicates");
construction('headless Service selector value with a space', c => new HeadlessService(c, 'hl', { selector: { app: 'my db' } }),
  "HeadlessService 'test/hl': invalid selector[\"app\"] \"my db\": must be a label value: at most 63 characters, letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
construction('headless Service in another namespace than its target', c => new HeadlessService(c, 'hl', { target: web(c), namespace: 'other' }),
  "HeadlessService 'test/hl': invalid namespace \"other\": differs from the target's namespace (none); a Service only selects pods of its own namespace, so it would resolve to nothing");
construction('headless Service port the target does not listen on', c => new HeadlessService(c, 'hl', { target: web(c), ports: [{ port: 9999 }] }),
  "HeadlessService 'test/hl': invalid ports[0].port 9999: is no container port of the target (it has 8080); its SRV records would point nowhere");
construction('minReady of half a second', c => web(c, { minReady: Duration.millis(500) }), `${WEB} minReady "500ms": ${WHOLE_SECONDS()}`);
construction('minReady of half a millisecond', c => web(c, { minReady: Duration.millis(0.5) }), `${WEB} minReady "0.5ms": ${WHOLE_SECONDS()}`);
construction('probe period of 1.5 seconds', c => web(c, { healthChecks: HealthChecks.http({ period: Duration.millis(1500) }) }), `${WEB} healthChecks.period "1500ms": ${WHOLE_SECONDS(1)}`);
construction('session affinity timeout of half a second', c => web(c, { sessionAffinity: garbage('ClientIP'), sessionAffinityTimeout: Duration.millis(500) }),
  `${WEB} sessionAffinityTimeout "500ms": ${WHOLE_SECONDS(1)}`);
construction('minReady beyond the default progress deadline', c => web(c, { minReady: Duration.minutes(15) }),
  `${WEB} minReady "900s": must be shorter than progressDeadline (600s, the default)`);
construction('writable paths that share a scratch volume name', c => web(c, { security: { writablePaths: ['/a-b', '/a/b'] } }),
  `${WEB} security.writablePaths[1] "/a/b": gets the same scratch volume name as '/a-b' (scratch-a-b); mount one parent directory instead`);
construction('writable path /', c => web(c, { security: { writablePaths: ['/'] } }), `${WEB} security.writablePaths[0] "/": must be a directory below / of at most 1024 characters`);
construction('literals a string', c => config(c, { literals: garbage('abc') }), `${CFG} literals "abc": must map names to strings`);
construction('labels a long string', c => web(c, { labels: garbage('x'.repeat(2000)) }), `${WEB} labels "${'x'.repeat(116)}...: must map names to strings`);
construction('component a number', c => web(c, { component: garbage(24390) }),
  `${WEB} component 24390: must be a label value: at most 63 characters, letters, digits, '-', '_' and '.', starting and ending with a letter or digit`);
construction('secret-looking key by its word', c => config(c, { literals: { SIGNING_KEY: 'k' } }),
  `${CFG} literals "SIGNING_KEY": looks like a secret (its name says it is a key); put it in a Secret, or list it in 'allowSecretLikeKeys' if it is plain configuration`);
construction('a URL with a password as a value', c => config(c, { literals: { DATABASE_URL: 'postgres://app:S3cr3t@db/app' } }),
  `${CFG} literals "DATABASE_URL": looks like a secret (its value holds what looks like a URL with a password); put it in a Secret, or list it in 'allowSecretLikeKeys' if it is plain configuration`);
atSynth('the same node port on two apps', c => {
  web(c, { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 30080 });
  new ExposedWebApp(c, 'web2', { image: IMAGE, serviceType: kplus.ServiceType.NODE_PORT, nodePort: 30080 });
}, "ExposedWebApp 'test/web2': invalid nodePort 30080: is already the node port of 'test/web'; the API server gives a node port to one Service only");
atSynth('the same host and path on two Ingresses', c => {
  web(c, { ingress: { hosts: ['shop.example.com'] } });
  new ExposedWebApp(c, 'web2', { image: IMAGE, ingress: { hosts: ['shop.example.com'] } });
}, "ExposedWebApp 'test/web2': invalid ingress.hosts \"shop.example.com\": the route for host shop.example.com and path / is already served by 'test/web'; an ingress controller routes it to one of them only");

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
