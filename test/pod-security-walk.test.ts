import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { buildApp as configInjection } from '../examples/config-injection/app';
import { buildApp as nfsStorage } from '../examples/nfs-storage/app';
import { buildApp as statefulApp } from '../examples/stateful-app/app';
import { buildApp as webApp } from '../examples/web-app/app';
import {
  ConfigMapInjection, ExposedWebApp, HealthChecks, InjectionTarget, ManifestChecks, NfsStorageClass, ResourcePreset, StatefulAppWithStorage,
} from '../lib';
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from './support/restricted';
import { newChart, synthApp } from './support/synth';

/**
 * Walks every pod template the library can produce (each pattern, each option that changes
 * the pod, every example app) and checks the Pod Security Standard "restricted" field by
 * field, with a checker of its own rather than the library's. A control a pod relaxes must be
 * listed in its `cdk8s-patterns.io/pod-security-exceptions` annotation, and only such controls
 * may be listed: an opt-out is explicit and visible, never silent.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */

const ANNOTATION = 'cdk8s-patterns.io/pod-security-exceptions';
const ALLOWED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range']);
const SELINUX_TYPES = new Set([undefined, '', 'container_t', 'container_init_t', 'container_kvm_t']);
const POD_KINDS: { [kind: string]: (m: any) => any } = {
  Pod: m => m,
  Deployment: m => m.spec.template,
  StatefulSet: m => m.spec.template,
  DaemonSet: m => m.spec.template,
  ReplicaSet: m => m.spec.template,
  Job: m => m.spec.template,
  CronJob: m => m.spec.jobTemplate.spec.template,
};

/**
 * The controls a pod template relaxes, named as the exceptions annotation names them, each
 * with the fields that relax it.
 */
function relaxedControls(template: any): Map<string, string[]> {
  const relaxed = new Map<string, string[]>();
  const relax = (control: string, field: string) => relaxed.set(control, [...relaxed.get(control) ?? [], field]);
  const spec = template.spec ?? {};
  const pod = spec.securityContext ?? {};

  // Baseline: host namespaces, host ports, hostPath and other volume types, sysctls, SELinux, AppArmor.
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[ns] === true) relax(`${ns}=true`, `spec.${ns}`);
  (spec.volumes ?? []).forEach((v: any, i: number) => {
    const type = Object.keys(v).find(k => k !== 'name')!;
    if (!ALLOWED_VOLUMES.has(type)) relax(`volumes.${type}`, `spec.volumes[${i}].${type}`);
  });
  for (const s of pod.sysctls ?? []) if (!SAFE_SYSCTLS.has(s.name)) relax('sysctls', `spec.securityContext.sysctls.${s.name}`);
  if (!SELINUX_TYPES.has(pod.seLinuxOptions?.type) || pod.seLinuxOptions?.user || pod.seLinuxOptions?.role) relax('seLinuxOptions', 'spec.securityContext.seLinuxOptions');
  if (pod.windowsOptions?.hostProcess === true) relax('hostProcess', 'spec.securityContext.windowsOptions.hostProcess');
  for (const [key, value] of Object.entries<string>(template.metadata?.annotations ?? {})) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== 'runtime/default' && !value.startsWith('localhost/')) relax('appArmor', `metadata.annotations.${key}`);
  }
  // Restricted, pod level.
  if (pod.runAsUser === 0) relax('runAsNonRoot=false', 'spec.securityContext.runAsUser');
  if (pod.seccompProfile !== undefined && !['RuntimeDefault', 'Localhost'].includes(pod.seccompProfile.type)) relax('seccompProfile', 'spec.securityContext.seccompProfile.type');
  // The library's own: no service-account token unless the app calls the API.
  if (spec.automountServiceAccountToken !== false) relax('automountServiceAccountToken=true', 'spec.automountServiceAccountToken');

  const containers = ['initContainers', 'containers', 'ephemeralContainers'].flatMap(list =>
    (spec[list] ?? []).map((c: any, i: number) => ({ c, at: `spec.${list}[${i}]` })));
  for (const { c, at } of containers) {
    const sec = c.securityContext ?? {};
    if (sec.privileged === true) relax('privileged=true', `${at}.securityContext.privileged`);
    if (sec.allowPrivilegeEscalation !== false) relax('allowPrivilegeEscalation=true', `${at}.securityContext.allowPrivilegeEscalation`);
    if ((sec.runAsNonRoot ?? pod.runAsNonRoot) !== true) relax('runAsNonRoot=false', `${at}.securityContext.runAsNonRoot`);
    if (sec.runAsUser === 0) relax('runAsNonRoot=false', `${at}.securityContext.runAsUser`);
    if (!['RuntimeDefault', 'Localhost'].includes((sec.seccompProfile ?? pod.seccompProfile)?.type)) relax('seccompProfile', `${at}.securityContext.seccompProfile`);
    if (!(sec.capabilities?.drop ?? []).includes('ALL')) relax('capabilities.drop', `${at}.securityContext.capabilities.drop`);
    for (const cap of sec.capabilities?.add ?? []) if (cap !== 'NET_BIND_SERVICE') relax(`capabilities.add=${cap}`, `${at}.securityContext.capabilities.add`);
    if (sec.procMount !== undefined && sec.procMount !== 'Default') relax('procMount', `${at}.securityContext.procMount`);
    if (sec.windowsOptions?.hostProcess === true) relax('hostProcess', `${at}.securityContext.windowsOptions.hostProcess`);
    if (!SELINUX_TYPES.has(sec.seLinuxOptions?.type) || sec.seLinuxOptions?.user || sec.seLinuxOptions?.role) relax('seLinuxOptions', `${at}.securityContext.seLinuxOptions`);
    for (const p of c.ports ?? []) if (p.hostPort) relax('hostPort', `${at}.ports.hostPort`);
    // The library's own: read-only root, requests and limits, a pinned image.
    if (sec.readOnlyRootFilesystem !== true) relax('readOnlyRootFilesystem=false', `${at}.securityContext.readOnlyRootFilesystem`);
    for (const kind of ['requests', 'limits']) {
      for (const res of ['cpu', 'memory']) if (c.resources?.[kind]?.[res] === undefined) relax(`resources.${kind}`, `${at}.resources.${kind}.${res}`);
    }
    const image: string = c.image ?? '';
    const tag = image.includes('@sha256:') ? 'digest' : image.slice(image.lastIndexOf('/') + 1).split(':')[1];
    if (!tag || tag === 'latest') relax('image-tag', `${at}.image`);
  }
  return relaxed;
}

/** The controls a template's annotation lists, in order, without the `reason:` entries. */
function listedExceptions(template: any): string[] {
  const raw: string | undefined = template.metadata?.annotations?.[ANNOTATION];
  return raw === undefined ? [] : raw.split(';').map(s => s.trim()).filter(s => !s.startsWith('reason:'));
}

function reasonsOf(template: any): string[] {
  const raw: string | undefined = template.metadata?.annotations?.[ANNOTATION];
  return raw === undefined ? [] : raw.split(';').map(s => s.trim()).filter(s => s.startsWith('reason:'));
}

/** Every pod template in the manifests, as `Kind/namespace/name` (`Kind/name` without a namespace). */
function podTemplates(manifests: any[]): Map<string, any> {
  const out = new Map<string, any>();
  for (const m of manifests) {
    const template = POD_KINDS[m.kind]?.(m);
    if (!template) continue;
    const ns = m.metadata.namespace;
    out.set(ns ? `${m.kind}/${ns}/${m.metadata.name}` : `${m.kind}/${m.metadata.name}`, template);
  }
  return out;
}

const NGINX = 'nginxinc/nginx-unprivileged:1.27.3-alpine';
const STORAGE = { size: '1Gi', mountPath: '/data' };
const NFS_BUILT_IN = ['automountServiceAccountToken=true', 'volumes.nfs'];
const web = (c: Chart, props: object = {}) => new ExposedWebApp(c, 'web', { image: NGINX, ...props });
const db = (c: Chart, props: object = {}) => new StatefulAppWithStorage(c, 'db', { image: 'postgres:16.4', storage: STORAGE, ...props });
const nfs = (c: Chart, props: object = {}) => new NfsStorageClass(c, 'nfs', { server: '10.0.0.5', path: '/exports', ...props });

/** A plain cdk8s-plus Deployment whose pod meets the standard by hand. */
function plainDeployment(c: Chart): kplus.Deployment {
  return new kplus.Deployment(c, 'plain', {
    metadata: { name: 'plain' },
    automountServiceAccountToken: false,
    securityContext: RESTRICTED_POD,
    containers: [{ ...RESTRICTED_CONTAINER, args: ['--mode', '$(MODE)'] }],
  });
}

/** Every way the ConfigMap reaches a container: env, envFrom, args, a directory of files, one file. */
function injectEverything(c: Chart, target: InjectionTarget, immutable = false): void {
  const cm = new ConfigMapInjection(c, 'cfg', { literals: { 'mode': 'prod', 'app.conf': 'x=1' }, immutable });
  cm.injectEnv(target, { variables: { APP_MODE: 'mode' } });
  cm.injectAllEnv(target, { prefix: 'CFG_' });
  cm.injectArgs(target, { variables: { MODE: 'mode' } });
  cm.mountFiles(target, { path: '/etc/app', defaultMode: 0o440 });
  cm.mountFile(target, { key: 'app.conf', path: '/opt/app/app.conf', mode: 0o400 });
}

interface Variant {
  readonly name: string;
  readonly build: (app: App) => void;
  /** Pod template → the exact controls its annotation must list. */
  readonly exceptions: { [template: string]: string[] };
  /** Templates whose annotation must also say why. */
  readonly reasoned?: string[];
}

/** A variant built in one chart named `test`. */
const inChart = (name: string, build: (c: Chart) => void, exceptions: Variant['exceptions'], reasoned?: string[]): Variant =>
  ({ name, build: app => build(new Chart(app, 'test')), exceptions, reasoned });

const variants: Variant[] = [
  // ExposedWebApp: every option that changes the pod.
  inChart('ExposedWebApp defaults', c => web(c), { 'Deployment/web': [] }),
  inChart('ExposedWebApp on a NodePort with Ingress, autoscaler, budget and policy', c => web(c, {
    serviceType: kplus.ServiceType.NODE_PORT,
    nodePort: 30080,
    ingress: { hosts: ['shop.example.com'], tlsSecretName: 'tls' },
    autoscaling: { maxReplicas: 5 },
    disruptionBudget: {},
    networkPolicy: { allowFromCidrs: ['10.0.0.0/8'] },
  }), { 'Deployment/web': [] }),
  inChart('ExposedWebApp without writable paths', c => web(c, { security: { writablePaths: [] } }), { 'Deployment/web': [] }),
  inChart('ExposedWebApp with several writable paths, own user and fsGroup', c => web(c, {
    security: { writablePaths: ['/tmp', '/var/cache/nginx', '/var/run'], runAsUser: 101, runAsGroup: 101, fsGroup: 2000 },
  }), { 'Deployment/web': [] }),
  inChart('ExposedWebApp with TCP probes and a startup probe', c => web(c, { healthChecks: HealthChecks.tcp({ startupTimeout: Duration.minutes(2) }) }), { 'Deployment/web': [] }),
  inChart('ExposedWebApp without probes', c => web(c, { healthChecks: HealthChecks.none() }), { 'Deployment/web': [] }),
  inChart('ExposedWebApp with custom probes', c => web(c, { healthChecks: HealthChecks.custom({ readiness: kplus.Probe.fromCommand(['true']) }) }), { 'Deployment/web': [] }),
  inChart('ExposedWebApp with command, args, env and own resources', c => web(c, {
    command: ['nginx'],
    args: ['-g', 'daemon off;'],
    env: { LOG: 'debug' },
    resources: {
      cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(100) },
      memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
    },
  }), { 'Deployment/web': [] }),
  inChart('ExposedWebApp with a larger preset', c => web(c, { resourcePreset: ResourcePreset.LARGE }), { 'Deployment/web': [] }),
  inChart('ExposedWebApp pinned by digest', c => web(c, { image: `nginx@sha256:${'a'.repeat(64)}` }), { 'Deployment/web': [] }),
  inChart('ExposedWebApp binding a low port (NET_BIND_SERVICE is allowed)', c => web(c, { security: { addCapabilities: [kplus.Capability.NET_BIND_SERVICE] } }),
    { 'Deployment/web': [] }),
  inChart('ExposedWebApp on port 80 through the unprivileged-port sysctl (a safe sysctl)',
    c => web(c, { containerPort: 80, security: { allowPrivilegedPorts: true } }), { 'Deployment/web': [] }),
  inChart('ExposedWebApp adding another capability', c => web(c, { security: { addCapabilities: [kplus.Capability.SYS_TIME] } }),
    { 'Deployment/web': ['capabilities.add=SYS_TIME'] }),
  inChart('ExposedWebApp with a writable root filesystem', c => web(c, { security: { readOnlyRootFilesystem: false } }),
    { 'Deployment/web': ['readOnlyRootFilesystem=false'] }),
  inChart('ExposedWebApp as root', c => web(c, { security: { allowRunAsRoot: true } }), { 'Deployment/web': ['runAsNonRoot=false'] }),
  inChart('ExposedWebApp with a service-account token', c => web(c, { security: { automountServiceAccountToken: true } }),
    { 'Deployment/web': ['automountServiceAccountToken=true'] }),
  inChart('ExposedWebApp on a mutable image tag', c => web(c, { image: 'nginx:latest', allowMutableImageTag: true }), { 'Deployment/web': ['image-tag'] }),
  inChart('ExposedWebApp relaxing everything it can, with a reason', c => web(c, {
    image: 'nginx',
    allowMutableImageTag: true,
    security: {
      readOnlyRootFilesystem: false,
      allowRunAsRoot: true,
      addCapabilities: [kplus.Capability.CHOWN],
      automountServiceAccountToken: true,
      exceptionReason: 'legacy image',
    },
  }), { 'Deployment/web': ['image-tag', 'readOnlyRootFilesystem=false', 'runAsNonRoot=false', 'capabilities.add=CHOWN', 'automountServiceAccountToken=true'] },
  ['Deployment/web']),

  // StatefulAppWithStorage.
  inChart('StatefulAppWithStorage defaults', c => db(c), { 'StatefulSet/db': [] }),
  inChart('StatefulAppWithStorage on NFS with client Service, budget, subPath, parallel pods', c => db(c, {
    replicas: 3,
    podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
    clientService: {},
    disruptionBudget: {},
    storage: { ...STORAGE, subPath: 'pgdata', storageClass: nfs(c), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] },
  }), { 'StatefulSet/db': [], 'Deployment/default/nfs-provisioner': NFS_BUILT_IN }, ['Deployment/default/nfs-provisioner']),
  inChart('StatefulAppWithStorage as root', c => db(c, { security: { allowRunAsRoot: true } }), { 'StatefulSet/db': ['runAsNonRoot=false'] }),

  // NfsStorageClass: its provisioner's built-in exceptions, and what changes them.
  inChart('NfsStorageClass defaults: the export as an inline nfs volume', c => nfs(c), { 'Deployment/default/nfs-provisioner': NFS_BUILT_IN },
    ['Deployment/default/nfs-provisioner']),
  inChart('NfsStorageClass with mount options: the export through a claim', c => nfs(c, { mountOptions: ['nfsvers=4.1', 'hard'] }),
    { 'Deployment/default/nfs-provisioner': ['automountServiceAccountToken=true'] }, ['Deployment/default/nfs-provisioner']),
  inChart('NfsStorageClass without leader election', c => nfs(c, { provisioner: { leaderElection: false } }),
    { 'Deployment/default/nfs-provisioner': NFS_BUILT_IN }),
  inChart('NfsStorageClass with two provisioners', c => nfs(c, { provisioner: { replicas: 2, disruptionBudget: {} } }),
    { 'Deployment/default/nfs-provisioner': NFS_BUILT_IN }),
  inChart('NfsStorageClass scheduled and pulled from a private registry', c => nfs(c, {
    provisioner: {
      namespace: 'storage',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      tolerations: [{ key: 'storage', operator: 'Exists', effect: 'NoSchedule' }],
      priorityClassName: 'system-cluster-critical',
      imagePullSecrets: ['registry'],
      podAnnotations: { 'example.com/team': 'storage' },
    },
  }), { 'Deployment/storage/nfs-provisioner': NFS_BUILT_IN }),
  inChart('NfsStorageClass running as root for a no_root_squash export', c => nfs(c, {
    provisioner: { security: { runAsUser: 0, allowRunAsRoot: true, exceptionReason: 'export owned by root' } },
  }), { 'Deployment/default/nfs-provisioner': [...NFS_BUILT_IN, 'runAsNonRoot=false'] }),
  inChart('NfsStorageClass with a writable root filesystem', c => nfs(c, { mountOptions: ['hard'], provisioner: { security: { readOnlyRootFilesystem: false } } }),
    { 'Deployment/default/nfs-provisioner': ['automountServiceAccountToken=true', 'readOnlyRootFilesystem=false'] }),

  // ConfigMapInjection: env, envFrom, args, files and one file into each kind of target.
  inChart('ConfigMapInjection into an ExposedWebApp', c => injectEverything(c, InjectionTarget.fromPattern(web(c, { args: ['--mode', '$(MODE)'] }))),
    { 'Deployment/web': [] }),
  inChart('ConfigMapInjection into a StatefulAppWithStorage', c => injectEverything(c, InjectionTarget.fromPattern(db(c, { args: ['--mode', '$(MODE)'] }))),
    { 'StatefulSet/db': [] }),
  inChart('ConfigMapInjection into a plain cdk8s-plus Deployment', c => injectEverything(c, InjectionTarget.fromWorkload(plainDeployment(c))),
    { 'Deployment/plain': [] }),
  inChart('an immutable ConfigMapInjection', c => injectEverything(c, InjectionTarget.fromPattern(web(c, { args: ['$(MODE)'] })), true),
    { 'Deployment/web': [] }),

  // Every example app.
  {
    name: 'examples/web-app',
    build: webApp,
    exceptions: {
      'Deployment/httpd-deployment': [],
      'Deployment/hello-world': [],
      'Deployment/whoami-lb': [],
      'Deployment/my-apache': [],
      // 004 on the Gateway API: the stable and the canary Deployment in namespace web.
      'Deployment/web/my-apache': [],
      'Deployment/web/my-apache-canary': [],
    },
  },
  {
    name: 'examples/nfs-storage',
    build: nfsStorage,
    exceptions: { 'Deployment/default/nfs-provisioner': NFS_BUILT_IN, 'Pod/read-pod': [] },
    reasoned: ['Deployment/default/nfs-provisioner'],
  },
  {
    name: 'examples/stateful-app',
    build: statefulApp,
    exceptions: {
      'StatefulSet/web': [], 'StatefulSet/web-dynamic/web': [], 'Deployment/web-dynamic/nfs-web-provisioner': ['automountServiceAccountToken=true'],
    },
  },
  {
    name: 'examples/config-injection',
    build: configInjection,
    exceptions: { 'Deployment/envpod': [], 'Deployment/startup-pod': [], 'Deployment/cmvol': [] },
  },
];

describe('pod-security walk', () => {
  test.each(variants.map(v => [v.name, v] as const))('%s', (_, variant) => {
    const app = Testing.app();
    variant.build(app);
    const manifests = synthApp(app);
    const templates = podTemplates(manifests);
    // Every pod template is accounted for: none missed, none expected that is not there.
    expect([...templates.keys()].sort()).toEqual(Object.keys(variant.exceptions).sort());
    for (const [key, template] of templates) {
      const relaxed = relaxedControls(template);
      const listed = listedExceptions(template);
      // No silent opt-out: every relaxed control is listed...
      const silent = [...relaxed].filter(([control]) => !listed.includes(control)).map(([control, fields]) => `${control} (${fields.join(', ')})`);
      expect({ template: key, silent }).toEqual({ template: key, silent: [] });
      // ...and the list is exactly what the pattern documents for this variant, nothing more.
      expect({ template: key, listed }).toEqual({ template: key, listed: variant.exceptions[key] });
      expect([...relaxed.keys()].sort()).toEqual([...listed].sort());
      if (variant.reasoned?.includes(key)) expect(reasonsOf(template).length).toBeGreaterThan(0);
    }
    // The library's own check agrees: nothing outside the listed exceptions.
    expect(ManifestChecks.podSecurity(manifests)).toEqual([]);
  });

  test('the walk sees a relaxation no annotation lists', () => {
    const chart = newChart();
    web(chart, { security: { allowRunAsRoot: true } });
    const template = podTemplates(Testing.synth(chart)).get('Deployment/web');
    delete template.metadata.annotations[ANNOTATION];
    template.spec.hostNetwork = true;
    template.spec.volumes.push({ name: 'host', hostPath: { path: '/' } });
    template.spec.containers[0].securityContext.capabilities.add = ['SYS_ADMIN'];
    template.spec.containers[0].ports = [{ containerPort: 8080, hostPort: 80 }];
    template.spec.containers[0].image = 'nginx:latest';
    delete template.spec.containers[0].resources.limits;
    expect([...relaxedControls(template).keys()].sort()).toEqual([
      'capabilities.add=SYS_ADMIN', 'hostNetwork=true', 'hostPort', 'image-tag', 'resources.limits', 'runAsNonRoot=false', 'volumes.hostPath',
    ]);
    expect(listedExceptions(template)).toEqual([]);
  });
});
