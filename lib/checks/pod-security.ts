import { asArray, containersOf, describeObject, field, isObject, Manifest, PodTemplate, podTemplatesOf, Violation } from './manifest';
import { SECURITY_EXCEPTIONS_ANNOTATION } from '../shared/security';


/** Volume types the "restricted" standard allows. */
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const VOLUME_META = new Set(['name']);
/** Sysctls the baseline standard allows (Kubernetes 1.28). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
]);
/** SELinux types the baseline standard allows; user and role may not be set at all. */
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const SECCOMP_TYPES = new Set(['RuntimeDefault', 'Localhost']);
const APPARMOR_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
/** Capabilities the baseline standard lets a container add (the container runtimes' defaults). */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** The standard a control belongs to: baseline controls hold under restricted too; 'library' controls are this library's own defaults. */
type ControlLevel = 'baseline' | 'restricted' | 'library';

/**
 * What a check holds pods to: the library's checks (restricted plus the library's defaults,
 * honouring the exceptions annotation), or what Pod Security admission enforces for a
 * namespace's level (only the standard's controls, and no annotation excuses anything).
 */
interface Standard {
  readonly level: 'baseline' | 'restricted';
  readonly admission: boolean;
}

const LIBRARY: Standard = { level: 'restricted', admission: false };

/**
 * Checks every pod template against the Pod Security Standard "restricted" (Kubernetes 1.28),
 * field by field, plus this library's own defaults (read-only root filesystem, requests and
 * limits, no service-account token, pinned image tags). A control listed in the pod's
 * `cdk8s-patterns.io/pod-security-exceptions` annotation is an explicit, visible opt-out
 * and is not reported.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export function checkPodSecurity(manifests: Manifest[]): Violation[] {
  const out: Violation[] = [];
  for (const m of manifests.filter(isObject)) {
    for (const template of podTemplatesOf(m)) checkTemplate(m, template, out, LIBRARY);
  }
  return out;
}

/**
 * What Pod Security admission refuses in the pod templates of one manifest when its namespace
 * enforces `level`: only the standard's controls (baseline ones under both levels), and the
 * exceptions annotation excuses nothing, since the admission controller does not read it.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export function checkPodSecurityAdmission(manifest: Manifest, level: 'baseline' | 'restricted'): Violation[] {
  const out: Violation[] = [];
  if (!isObject(manifest)) return out;
  for (const template of podTemplatesOf(manifest)) checkTemplate(manifest, template, out, { level, admission: true });
  return out;
}

/** The controls a pod template opts out of, from its exceptions annotation. */
export function exceptionsOf(template: PodTemplate): Set<string> {
  const raw = template.annotations[SECURITY_EXCEPTIONS_ANNOTATION];
  if (typeof raw !== 'string') return new Set();
  return new Set(raw.split(';').map(s => s.trim()).filter(s => s && !s.startsWith('reason:')));
}

function checkTemplate(m: Manifest, t: PodTemplate, out: Violation[], standard: Standard): void {
  const excepted = standard.admission ? new Set<string>() : exceptionsOf(t);
  const spec = t.spec;
  const podSec = isObject(spec.securityContext) ? spec.securityContext : {};
  const applies = (level: ControlLevel) => !standard.admission || level === 'baseline' || (level === 'restricted' && standard.level === 'restricted');
  const report = (control: string, fieldPath: string, rule: string, message: string, level: ControlLevel = 'baseline') => {
    if (!excepted.has(control) && applies(level)) out.push({ object: describeObject(m), field: fieldPath, rule, message });
  };

  // Baseline: host namespaces and ports.
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[ns] === true) report(`${ns}=true`, field(t, `spec.${ns}`), 'host-namespaces', `${ns} must not be true`);
  }
  // Restricted: only ephemeral and claim-backed volume types.
  asArray(spec.volumes).forEach((v, i) => {
    const type = Object.keys(isObject(v) ? v : {}).find(k => !VOLUME_META.has(k));
    if (type && !RESTRICTED_VOLUMES.has(type)) {
      report(`volumes.${type}`, field(t, `spec.volumes[${i}].${type}`), 'volume-types',
        `volume type ${type} is not allowed; use a PersistentVolumeClaim (a static PersistentVolume can hold the ${type} source)`,
        type === 'hostPath' ? 'baseline' : 'restricted');
    }
  });
  if (podSec.runAsUser === 0) report('runAsNonRoot=false', field(t, 'spec.securityContext.runAsUser'), 'run-as-non-root', 'runAsUser must not be 0 (root)', 'restricted');
  if (podSec.seccompProfile !== undefined && !SECCOMP_TYPES.has(podSec.seccompProfile?.type)) {
    report('seccompProfile', field(t, 'spec.securityContext.seccompProfile.type'), 'seccomp', 'seccompProfile.type must be RuntimeDefault or Localhost; Unconfined is not allowed');
  }
  asArray(podSec.sysctls).forEach((s, i) => {
    if (!SAFE_SYSCTLS.has(s?.name)) report('sysctls', field(t, `spec.securityContext.sysctls[${i}].name`), 'sysctls', `sysctl ${s?.name} is not one of the safe ones`);
  });
  checkSeLinux(podSec, field(t, 'spec.securityContext'), report);
  if (podSec.windowsOptions?.hostProcess === true) {
    report('hostProcess', field(t, 'spec.securityContext.windowsOptions.hostProcess'), 'host-process', 'Windows host processes are not allowed');
  }
  for (const [key, value] of Object.entries(t.annotations)) {
    if (key.startsWith(APPARMOR_PREFIX) && value !== 'runtime/default' && !(typeof value === 'string' && value.startsWith('localhost/'))) {
      report('appArmor', field(t, `metadata.annotations["${key}"]`), 'apparmor', 'the AppArmor profile must be runtime/default or localhost/<profile>');
    }
  }
  if (spec.automountServiceAccountToken !== false) {
    report('automountServiceAccountToken=true', field(t, 'spec.automountServiceAccountToken'), 'service-account-token',
      'must be false unless the app calls the Kubernetes API (a mounted token is a credential an attacker can use)', 'library');
  }

  for (const { container: c, path } of containersOf(t)) {
    const sec = isObject(c.securityContext) ? c.securityContext : {};
    if (sec.privileged === true) report('privileged=true', `${path}.securityContext.privileged`, 'privileged', 'privileged must not be true');
    if (sec.allowPrivilegeEscalation !== false) {
      report('allowPrivilegeEscalation=true', `${path}.securityContext.allowPrivilegeEscalation`, 'privilege-escalation', 'allowPrivilegeEscalation must be false', 'restricted');
    }
    const nonRoot = sec.runAsNonRoot ?? podSec.runAsNonRoot;
    if (nonRoot !== true) {
      report('runAsNonRoot=false', `${path}.securityContext.runAsNonRoot`, 'run-as-non-root', 'runAsNonRoot must be true, in the container or the pod', 'restricted');
    }
    if (sec.runAsUser === 0) report('runAsNonRoot=false', `${path}.securityContext.runAsUser`, 'run-as-non-root', 'runAsUser must not be 0 (root)', 'restricted');
    const seccomp = sec.seccompProfile?.type ?? podSec.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
      // Unset is a restricted violation only; an explicit Unconfined breaks baseline too.
      report('seccompProfile', `${path}.securityContext.seccompProfile.type`, 'seccomp', 'seccompProfile.type must be RuntimeDefault or Localhost, in the container or the pod',
        sec.seccompProfile?.type === undefined ? 'restricted' : 'baseline');
    }
    const drop: unknown[] = asArray(sec.capabilities?.drop);
    if (!drop.includes('ALL')) report('capabilities.drop', `${path}.securityContext.capabilities.drop`, 'capabilities', 'capabilities.drop must include ALL', 'restricted');
    asArray(sec.capabilities?.add).forEach((cap, i) => {
      if (cap === 'NET_BIND_SERVICE') return;
      const baselineAllows = BASELINE_CAPABILITIES.has(cap);
      const message = standard.admission && standard.level === 'baseline'
        ? `capability ${cap} may not be added; baseline allows only ${[...BASELINE_CAPABILITIES].join(', ')}`
        : `capability ${cap} may not be added; only NET_BIND_SERVICE is allowed`;
      report(`capabilities.add=${cap}`, `${path}.securityContext.capabilities.add[${i}]`, 'capabilities', message, baselineAllows ? 'restricted' : 'baseline');
    });
    asArray(c.ports).forEach((p, i) => {
      if (p?.hostPort) report('hostPort', `${path}.ports[${i}].hostPort`, 'host-ports', 'hostPort must not be set');
    });
    if (sec.procMount !== undefined && sec.procMount !== 'Default') {
      report('procMount', `${path}.securityContext.procMount`, 'proc-mount', 'procMount must be Default (the masked /proc)');
    }
    checkSeLinux(sec, `${path}.securityContext`, report);
    if (sec.windowsOptions?.hostProcess === true) {
      report('hostProcess', `${path}.securityContext.windowsOptions.hostProcess`, 'host-process', 'Windows host processes are not allowed');
    }
    // This library's defaults beyond the standard.
    if (sec.readOnlyRootFilesystem !== true) {
      report('readOnlyRootFilesystem=false', `${path}.securityContext.readOnlyRootFilesystem`, 'read-only-root-filesystem',
        'readOnlyRootFilesystem must be true; give writable paths an emptyDir', 'library');
    }
    for (const kind of ['requests', 'limits']) {
      for (const res of ['cpu', 'memory']) {
        if (c.resources?.[kind]?.[res] === undefined) {
          report(`resources.${kind}`, `${path}.resources.${kind}.${res}`, 'resources', `resources.${kind}.${res} must be set`, 'library');
        }
      }
    }
    const image = typeof c.image === 'string' ? c.image : '';
    const tag = image.includes('@sha256:') ? 'digest' : image.slice(image.lastIndexOf('/') + 1).split(':')[1];
    if (!tag || tag === 'latest') report('image-tag', `${path}.image`, 'image-tag', `image "${image}" must carry a tag other than latest, or a digest`, 'library');
  }
}

type ControlReport = (control: string, fieldPath: string, rule: string, message: string, level?: ControlLevel) => void;

/** SELinux options of a pod or container: an allowed type, no custom user or role. */
function checkSeLinux(securityContext: any, at: string, report: ControlReport): void {
  const options = securityContext?.seLinuxOptions;
  if (!isObject(options)) return;
  if (options.type !== undefined && !SELINUX_TYPES.has(options.type)) {
    report('seLinuxOptions', `${at}.seLinuxOptions.type`, 'selinux', 'seLinuxOptions.type must be container_t, container_init_t or container_kvm_t');
  }
  for (const prop of ['user', 'role']) {
    if (options[prop] !== undefined && options[prop] !== '') report('seLinuxOptions', `${at}.seLinuxOptions.${prop}`, 'selinux', `seLinuxOptions.${prop} must not be set`);
  }
}
