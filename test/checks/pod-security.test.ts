import { ManifestChecks } from '../../lib';
import { checkPodSecurityAdmission } from '../../lib/checks/pod-security';

function pod(container: any = {}, spec: any = {}, annotations?: any) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', annotations },
    spec: {
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 1001 },
      containers: [{
        name: 'c',
        image: 'app:1.0',
        resources: { requests: { cpu: '10m', memory: '1Mi' }, limits: { cpu: '20m', memory: '2Mi' } },
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        },
        ...container,
      }],
      ...spec,
    },
  };
}

const rules = (m: any) => ManifestChecks.podSecurity([m]).map(v => `${v.rule} ${v.field}`);
const RESTRICTED_CONTAINER = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };

describe('ManifestChecks.podSecurity: the restricted standard field by field', () => {
  test('a hardened pod passes', () => {
    expect(ManifestChecks.podSecurity([pod()])).toEqual([]);
  });

  test.each<[string, any, any, string[]]>([
    ['privilege escalation', { securityContext: { readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } } }, {},
      ['privilege-escalation spec.containers[0].securityContext.allowPrivilegeEscalation']],
    ['a privileged container', { securityContext: { privileged: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'Localhost' } } }, {},
      ['privileged spec.containers[0].securityContext.privileged']],
    ['no seccomp profile', { securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } } }, {},
      ['seccomp spec.containers[0].securityContext.seccompProfile.type']],
    ['capabilities not dropped', { securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, seccompProfile: { type: 'RuntimeDefault' } } }, {},
      ['capabilities spec.containers[0].securityContext.capabilities.drop']],
    ['an added capability', { securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SYS_ADMIN'] } } }, {},
      ['capabilities spec.containers[0].securityContext.capabilities.add[1]']],
    ['root', {}, { securityContext: { runAsNonRoot: false, runAsUser: 0 } },
      ['run-as-non-root spec.securityContext.runAsUser', 'run-as-non-root spec.containers[0].securityContext.runAsNonRoot']],
    ['host namespaces and ports', { ports: [{ containerPort: 80, hostPort: 80 }] }, { hostNetwork: true, hostPID: true },
      ['host-namespaces spec.hostNetwork', 'host-namespaces spec.hostPID', 'host-ports spec.containers[0].ports[0].hostPort']],
    ['a hostPath volume', {}, { volumes: [{ name: 'h', hostPath: { path: '/' } }, { name: 'ok', emptyDir: {} }] },
      ['volume-types spec.volumes[0].hostPath']],
    ['a service-account token', {}, { automountServiceAccountToken: true }, ['service-account-token spec.automountServiceAccountToken']],
    ['a writable root filesystem', { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } } }, {},
      ['read-only-root-filesystem spec.containers[0].securityContext.readOnlyRootFilesystem']],
    ['missing limits', { resources: { requests: { cpu: '1', memory: '1Mi' } } }, {},
      ['resources spec.containers[0].resources.limits.cpu', 'resources spec.containers[0].resources.limits.memory']],
    ['a latest image', { image: 'nginx:latest' }, {}, ['image-tag spec.containers[0].image']],
    ['an untagged image from a registry with a port', { image: 'registry:5000/nginx' }, {}, ['image-tag spec.containers[0].image']],
    ['an unconfined pod-level seccomp profile', {}, { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } } },
      ['seccomp spec.securityContext.seccompProfile.type']],
    ['an unsafe sysctl', {}, { securityContext: { runAsNonRoot: true, sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }, { name: 'kernel.msgmax', value: '1' }] } },
      ['sysctls spec.securityContext.sysctls[1].name']],
    ['custom SELinux options', { securityContext: { ...RESTRICTED_CONTAINER, seLinuxOptions: { type: 'spc_t', user: 'system_u' } } },
      { securityContext: { runAsNonRoot: true, seLinuxOptions: { type: 'container_t', role: 'sysadm_r' } } },
      ['selinux spec.securityContext.seLinuxOptions.role', 'selinux spec.containers[0].securityContext.seLinuxOptions.type', 'selinux spec.containers[0].securityContext.seLinuxOptions.user']],
    ['an unmasked /proc', { securityContext: { ...RESTRICTED_CONTAINER, procMount: 'Unmasked' } }, {}, ['proc-mount spec.containers[0].securityContext.procMount']],
    ['a Windows host process', { securityContext: { ...RESTRICTED_CONTAINER, windowsOptions: { hostProcess: true } } }, {},
      ['host-process spec.containers[0].securityContext.windowsOptions.hostProcess']],
  ])('reports %s', (_, container, spec, expected) => {
    expect(rules(pod(container, spec))).toEqual(expected);
  });

  test('AppArmor profiles must be runtime/default or a local profile', () => {
    const annotations = {
      'container.apparmor.security.beta.kubernetes.io/c': 'unconfined',
      'container.apparmor.security.beta.kubernetes.io/d': 'localhost/k8s-apparmor-example',
      'container.apparmor.security.beta.kubernetes.io/e': 'runtime/default',
    };
    expect(rules(pod({}, {}, annotations))).toEqual(['apparmor metadata.annotations["container.apparmor.security.beta.kubernetes.io/c"]']);
  });

  test('init containers are checked too', () => {
    const p = pod();
    (p.spec as any).initContainers = [{ name: 'init', image: 'busybox:1.36' }];
    expect(rules(p)).toContain('privilege-escalation spec.initContainers[0].securityContext.allowPrivilegeEscalation');
  });

  test('pod templates of workloads and CronJobs are walked with their paths', () => {
    const template = { metadata: { labels: {} }, spec: { ...pod().spec, automountServiceAccountToken: true } };
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template } } } };
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's', namespace: 'db' }, spec: { template } };
    expect(ManifestChecks.podSecurity([cron, sts]).map(v => `${v.object} ${v.field}`)).toEqual([
      'CronJob/c spec.jobTemplate.spec.template.spec.automountServiceAccountToken',
      'StatefulSet/db/s spec.template.spec.automountServiceAccountToken',
    ]);
  });

  test('a control listed in the exceptions annotation is an explicit opt-out', () => {
    const p = pod({}, { securityContext: { runAsNonRoot: false, runAsUser: 0 }, automountServiceAccountToken: true }, {
      'cdk8s-patterns.io/pod-security-exceptions': 'runAsNonRoot=false; automountServiceAccountToken=true; reason: the provisioner writes as root',
    });
    expect(rules(p)).toEqual([]);
    // ...but only the listed ones.
    p.spec.hostNetwork = true;
    expect(rules(p)).toEqual(['host-namespaces spec.hostNetwork']);
  });
});

describe('checkPodSecurityAdmission: what Pod Security admission refuses for a namespace\'s level', () => {
  const admission = (m: any, level: 'baseline' | 'restricted') => checkPodSecurityAdmission(m, level).map(v => `${v.rule} ${v.field}`);
  // A bare pod: none of the hardening, none of the library's own defaults.
  const bare = (container: any = {}, spec: any = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'app:latest', ...container }], ...spec } });

  test('restricted: the restricted controls, and none of the library\'s own (read-only root, resources, token, image tag)', () => {
    expect(admission(bare(), 'restricted')).toEqual([
      'privilege-escalation spec.containers[0].securityContext.allowPrivilegeEscalation',
      'run-as-non-root spec.containers[0].securityContext.runAsNonRoot',
      'seccomp spec.containers[0].securityContext.seccompProfile.type',
      'capabilities spec.containers[0].securityContext.capabilities.drop',
    ]);
  });

  test('baseline: a bare pod passes; privileged containers, host namespaces, hostPath and Unconfined seccomp do not', () => {
    expect(admission(bare(), 'baseline')).toEqual([]);
    expect(admission(bare({ securityContext: { privileged: true, seccompProfile: { type: 'Unconfined' } } }, { hostPID: true, volumes: [{ name: 'h', hostPath: { path: '/' } }, { name: 'n', nfs: { server: 's', path: '/' } }] }), 'baseline')).toEqual([
      'host-namespaces spec.hostPID',
      'volume-types spec.volumes[0].hostPath',
      'privileged spec.containers[0].securityContext.privileged',
      'seccomp spec.containers[0].securityContext.seccompProfile.type',
    ]);
  });

  test('capabilities: baseline allows the runtime\'s defaults, restricted only NET_BIND_SERVICE; each says so', () => {
    const caps = bare({ securityContext: { capabilities: { drop: ['ALL'], add: ['CHOWN', 'NET_BIND_SERVICE', 'SYS_ADMIN'] } } });
    expect(checkPodSecurityAdmission(caps, 'baseline').map(v => v.message)).toEqual([
      'capability SYS_ADMIN may not be added; baseline allows only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT',
    ]);
    expect(checkPodSecurityAdmission(caps, 'restricted').filter(v => v.field.includes('.add[')).map(v => v.message)).toEqual([
      'capability CHOWN may not be added; only NET_BIND_SERVICE is allowed',
      'capability SYS_ADMIN may not be added; only NET_BIND_SERVICE is allowed',
    ]);
  });

  test('the exceptions annotation excuses nothing: admission does not read it', () => {
    const p = pod({}, { hostNetwork: true }, { 'cdk8s-patterns.io/pod-security-exceptions': 'hostNetwork=true' });
    expect(rules(p)).toEqual([]);
    expect(admission(p, 'baseline')).toEqual(['host-namespaces spec.hostNetwork']);
  });

  test('a manifest that is no object has no pods', () => {
    expect(checkPodSecurityAdmission(null as any, 'restricted')).toEqual([]);
  });
});
