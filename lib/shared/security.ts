import * as kplus from 'cdk8s-plus-28';
import { checkAbsolutePath, checkBoolean, checkInteger, checkList, checkOneOf, checkStruct, checkUnique } from './checks';
import { Reporter } from './errors';

/** Pod-template annotation that lists every relaxed control of the "restricted" standard, with why. */
export const SECURITY_EXCEPTIONS_ANNOTATION = 'cdk8s-patterns.io/pod-security-exceptions';

/**
 * The uid and gid the library runs containers as when the user gives none: above 10000, so that
 * it collides with no user of the node's own user table (external validators such as Monokle,
 * rules KBP104 / KBP105, and kube-score flag ids up to 10000). Bitnami images, built for 1001,
 * run under any uid; set `runAsUser` / `runAsGroup` for an image that needs a particular one.
 */
export const DEFAULT_USER_ID = 10001;

/**
 * How a pattern's pods run. The defaults meet the Pod Security Standard "restricted":
 * non-root numeric user, no privilege escalation, all capabilities dropped, seccomp
 * RuntimeDefault, read-only root filesystem with emptyDir scratch paths, no service-account
 * token. Every relaxation is explicit here and recorded on the pod template in the
 * `cdk8s-patterns.io/pod-security-exceptions` annotation, so reviewers see it in the YAML.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export interface PodSecurityOptions {
  /**
   * Numeric user id the containers run as. Must not be 0 unless `allowRunAsRoot` is set. The
   * default is above 10000, so it collides with no user of the node (Monokle KBP104); set it for
   * an image that only runs as its own user.
   *
   * @default 10001
   */
  readonly runAsUser?: number;

  /**
   * Numeric group id the containers run as. Above 10000 by default (Monokle KBP105).
   *
   * @default 10001
   */
  readonly runAsGroup?: number;

  /**
   * Group that owns mounted volumes, so a non-root user can write to them.
   *
   * @default - the `runAsGroup`
   */
  readonly fsGroup?: number;

  /**
   * Mount the container's root filesystem read-only. Writable paths come from `writablePaths`.
   *
   * Setting `false` is recorded as a pod-security exception.
   *
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * Paths that get an emptyDir volume, so the app can write there under a read-only root
   * filesystem (caches, pid files, temporary uploads).
   *
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];

  /**
   * Mount a service-account token in the pods. Only apps that call the Kubernetes API need one.
   *
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;

  /**
   * Capabilities to add after dropping ALL. The restricted standard allows only
   * NET_BIND_SERVICE; any other is recorded as a pod-security exception.
   *
   * @default - none
   */
  readonly addCapabilities?: kplus.Capability[];

  /**
   * Let the containers run as root (uid 0): needed by images that cannot run otherwise.
   * Recorded as a pod-security exception; prefer an unprivileged image.
   *
   * @default false
   */
  readonly allowRunAsRoot?: boolean;

  /**
   * Why the relaxations above are needed, written into the exceptions annotation.
   *
   * @default - the props that were relaxed are listed without a reason
   */
  readonly exceptionReason?: string;

  /**
   * Let the non-root user bind ports below 1024, as stock images do that listen on port 80
   * (`httpd`, `nginx`).
   *
   * Sets the pod's sysctl `net.ipv4.ip_unprivileged_port_start` to 0. The sysctl belongs to
   * the pod's own network namespace and is one of the "safe" sysctls the restricted standard
   * allows, so nothing is relaxed and nothing is recorded. Adding the NET_BIND_SERVICE
   * capability does not do the same for a non-root user: Kubernetes gives a non-root process
   * no capabilities unless the image's binary carries them as file capabilities.
   *
   * @default false
   * @see https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/#safe-and-unsafe-sysctls
   */
  readonly allowPrivilegedPorts?: boolean;
}

/** The namespaced sysctl that sets the lowest port a non-root process may bind. */
export const UNPRIVILEGED_PORT_START = 'net.ipv4.ip_unprivileged_port_start';

/** The resolved security of one pod template, ready to hand to cdk8s-plus. */
export class PodSecurity {
  /**
   * @param builtInExceptions controls the workload itself relaxes, with their reason
   * @param otherRelaxations controls other props of the pattern relax (`allowMutableImageTag`)
   */
  public static resolve(report: Reporter, given: PodSecurityOptions | undefined, builtInExceptions: string[] = [],
    otherRelaxations: string[] = [], prop = 'security'): PodSecurity {
    // prop '' when the options are the user's argument itself (RestrictedSecurity.of): errors name `runAsUser`, not `security.runAsUser`.
    const options = checkStruct(report, prop || 'options', given);
    const sec = prop ? report.child(prop) : report;
    const allowRoot = checkBoolean(sec, 'allowRunAsRoot', options.allowRunAsRoot, false);
    const user = checkInteger(sec, 'runAsUser', options.runAsUser ?? (allowRoot ? 0 : DEFAULT_USER_ID), 0, 2147483647);
    const group = checkInteger(sec, 'runAsGroup', options.runAsGroup ?? (allowRoot ? 0 : DEFAULT_USER_ID), 0, 2147483647);
    const fsGroup = checkInteger(sec, 'fsGroup', options.fsGroup ?? group, 0, 2147483647);
    if (user === 0 && !allowRoot) {
      sec.fail('runAsUser', user, `uid 0 is root, which the restricted standard forbids; set '${prop ? `${prop}.` : ''}allowRunAsRoot' to accept it`);
    }
    const paths = options.writablePaths === undefined ? ['/tmp'] : checkList(sec, 'writablePaths', options.writablePaths);
    paths.forEach((p, i) => {
      checkAbsolutePath(sec, `writablePaths[${i}]`, p);
      if (p.length > 1024 || /^\/+$/.test(p)) sec.fail(`writablePaths[${i}]`, p, 'must be a directory below / of at most 1024 characters');
    });
    // '/tmp' and '/tmp/' are one directory: one volume and one mount.
    const writablePaths = paths.map(p => p.replace(/\/+$/, ''));
    checkUnique(sec, 'writablePaths', writablePaths, 'writable paths');
    const volumes = new Map<string, string>();
    writablePaths.forEach((p, i) => {
      const volume = scratchVolumeName(p);
      const other = volumes.get(volume);
      if (other !== undefined) sec.fail(`writablePaths[${i}]`, paths[i], `gets the same scratch volume name as '${other}' (${volume}); mount one parent directory instead`);
      volumes.set(volume, p);
    });

    const exceptions = [...builtInExceptions, ...otherRelaxations];
    const readOnlyRoot = checkBoolean(sec, 'readOnlyRootFilesystem', options.readOnlyRootFilesystem, true);
    if (!readOnlyRoot) exceptions.push('readOnlyRootFilesystem=false');
    if (allowRoot) exceptions.push('runAsNonRoot=false');
    const added = checkList(sec, 'addCapabilities', options.addCapabilities);
    added.forEach((cap, i) => checkOneOf(sec, `addCapabilities[${i}]`, cap, Object.values(kplus.Capability)));
    for (const cap of added) {
      if (cap === kplus.Capability.ALL) {
        sec.fail('addCapabilities', cap, 'adding ALL capabilities would undo the drop of ALL; name the capabilities the app needs');
      }
      if (cap !== kplus.Capability.NET_BIND_SERVICE) exceptions.push(`capabilities.add=${cap}`);
    }
    const automount = checkBoolean(sec, 'automountServiceAccountToken', options.automountServiceAccountToken, false);
    if (automount) exceptions.push('automountServiceAccountToken=true');
    if (options.exceptionReason !== undefined && options.exceptionReason !== null && typeof options.exceptionReason !== 'string') {
      sec.fail('exceptionReason', options.exceptionReason, 'must be a string');
    }
    if (exceptions.length > builtInExceptions.length && options.exceptionReason) {
      exceptions.push(`reason: ${options.exceptionReason}`);
    }
    const lowPorts = checkBoolean(sec, 'allowPrivilegedPorts', options.allowPrivilegedPorts, false);
    return new PodSecurity(user, group, fsGroup, readOnlyRoot, allowRoot, added, automount, writablePaths, exceptions, lowPorts);
  }

  private constructor(
    public readonly user: number,
    public readonly group: number,
    public readonly fsGroup: number,
    public readonly readOnlyRootFilesystem: boolean,
    public readonly allowRunAsRoot: boolean,
    public readonly addCapabilities: kplus.Capability[],
    public readonly automountServiceAccountToken: boolean,
    public readonly writablePaths: string[],
    /** Relaxed controls of the restricted standard; empty when the pod meets it in full. */
    public readonly exceptions: string[],
    /** Whether the pod's sysctl lets a non-root user bind ports below 1024. */
    public readonly allowPrivilegedPorts: boolean = false,
  ) {}

  /**
   * Whether the containers can bind `port`: any port above 1023, and lower ones as root,
   * with the sysctl, or with NET_BIND_SERVICE (which works only for images whose binary
   * carries it as a file capability; accepted as the user's explicit statement).
   */
  public canBind(port: number): boolean {
    return port >= 1024 || this.user === 0 || this.allowPrivilegedPorts || this.addCapabilities.includes(kplus.Capability.NET_BIND_SERVICE);
  }

  /** The pod's sysctls: only the unprivileged-port one, when asked for. Any port goes, as it is the pod's own network. */
  private sysctls(): kplus.Sysctl[] | undefined {
    return this.allowPrivilegedPorts ? [{ name: UNPRIVILEGED_PORT_START, value: '0' }] : undefined;
  }

  /** For `AbstractPodProps.securityContext`. */
  public podSecurityContext(): kplus.PodSecurityContextProps {
    return {
      ensureNonRoot: !this.allowRunAsRoot,
      user: this.user,
      group: this.group,
      fsGroup: this.fsGroup,
      // Only re-own volume files when their root's owner differs: fast restarts on large volumes.
      fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
      sysctls: this.sysctls(),
    };
  }

  /** For `ContainerProps.securityContext`: the container-level half of the restricted standard. */
  public containerSecurityContext(): kplus.ContainerSecurityContextProps {
    return {
      ensureNonRoot: !this.allowRunAsRoot,
      user: this.user,
      group: this.group,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: this.readOnlyRootFilesystem,
      capabilities: {
        drop: [kplus.Capability.ALL],
        add: this.addCapabilities.length > 0 ? [...this.addCapabilities] : undefined,
      },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    };
  }

  /** `podSecurityContext()` as the JSON cdk8s-plus renders it, for a pattern's plain manifests. */
  public podSecurityContextJson(): object {
    return {
      fsGroup: this.fsGroup,
      fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
      runAsGroup: this.group,
      runAsNonRoot: !this.allowRunAsRoot,
      runAsUser: this.user,
      sysctls: this.sysctls(),
    };
  }

  /** `containerSecurityContext()` as the JSON cdk8s-plus renders it, for a pattern's plain manifests. */
  public containerSecurityContextJson(): object {
    return {
      allowPrivilegeEscalation: false,
      capabilities: { add: this.addCapabilities.length > 0 ? [...this.addCapabilities] : undefined, drop: [kplus.Capability.ALL] },
      privileged: false,
      readOnlyRootFilesystem: this.readOnlyRootFilesystem,
      runAsGroup: this.group,
      runAsNonRoot: !this.allowRunAsRoot,
      runAsUser: this.user,
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    };
  }

  /**
   * Adds the scratch emptyDirs to a container and records the exceptions on the pod template.
   * Volume names are derived from the paths (`/var/cache/nginx` → `scratch-var-cache-nginx`).
   */
  public applyTo(pod: kplus.AbstractPod, container: kplus.Container, podMetadata: { addAnnotation(key: string, value: string): void }): void {
    for (const path of this.writablePaths) {
      const volumeName = scratchVolumeName(path);
      // The pod lists only volumes added to it, not those its containers mount: find ours by id too.
      const volume = pod.volumes.find(v => v.name === volumeName)
        ?? pod.node.tryFindChild(`Scratch${volumeName}`) as kplus.Volume | undefined
        ?? kplus.Volume.fromEmptyDir(pod, `Scratch${volumeName}`, volumeName);
      // Applying twice to one container mounts nothing twice.
      if (!container.mounts.some(m => m.path === path)) container.mount(path, volume);
    }
    if (this.exceptions.length > 0) {
      podMetadata.addAnnotation(SECURITY_EXCEPTIONS_ANNOTATION, this.exceptions.join('; '));
    }
  }
}

/** The emptyDir volume of a writable path (`/var/cache/nginx` → `scratch-var-cache-nginx`). */
export function scratchVolumeName(path: string): string {
  const slug = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `scratch-${slug || 'root'}`.slice(0, 63).replace(/-$/, '');
}

/**
 * Checks that an image reference pins a version: a tag other than `latest`, or a digest.
 * A mutable tag makes rollouts unreproducible and lets a registry push change what runs.
 */
export function checkImage(report: Reporter, prop: string, image: string, allowMutableTag: boolean): string {
  if (typeof image !== 'string' || image.trim() !== image || image.length === 0 || /\s/.test(image)) {
    report.fail(prop, image, 'must be a container image reference such as "nginx:1.25.3"');
  }
  if (!allowMutableTag && !isPinnedImage(image)) {
    report.fail(prop, image,
      "must carry a tag other than 'latest' (e.g. \"nginx:1.25.3\") or a digest, so every rollout runs the same code; set 'allowMutableImageTag' to accept it");
  }
  return image;
}

/** Whether an image reference pins a version: a digest, or a tag other than `latest`. */
export function isPinnedImage(image: string): boolean {
  if (image.includes('@sha256:')) return true;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  const tag = colon >= 0 ? lastSegment.slice(colon + 1) : undefined;
  return tag !== undefined && tag !== '' && tag !== 'latest';
}
