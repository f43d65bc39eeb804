import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { Reporter } from './shared/errors';
import { PodSecurity, PodSecurityOptions } from './shared/security';

/**
 * The patterns' pod security for workloads written with cdk8s-plus directly: the Pod
 * Security Standard "restricted" (non-root numeric user, no privilege escalation, all
 * capabilities dropped, seccomp RuntimeDefault, read-only root filesystem with emptyDir
 * scratch paths, no service-account token), with the same explicit, recorded opt-outs.
 *
 * @example
 * const sec = RestrictedSecurity.of(chart, { runAsUser: 101 });
 * const pod = new kplus.Pod(chart, 'read-pod', {
 *   securityContext: sec.podSecurityContext,
 *   automountServiceAccountToken: sec.automountServiceAccountToken,
 * });
 * const nginx = pod.addContainer({ image: 'nginxinc/nginx-unprivileged:1.27.3-alpine', securityContext: sec.containerSecurityContext });
 * sec.applyTo(pod, nginx); // /tmp as an emptyDir; relaxations recorded on the pod
 */
export class RestrictedSecurity {
  /**
   * Resolves the options: bad input fails with the library's error format, naming `scope`.
   *
   * @param scope where errors are reported from
   * @param options relaxations of the defaults
   */
  public static of(scope: IConstruct, options: PodSecurityOptions = {}): RestrictedSecurity {
    return new RestrictedSecurity(PodSecurity.resolve(new Reporter(scope, 'RestrictedSecurity'), options));
  }

  /** For `PodProps.securityContext` and `WorkloadProps.securityContext`. */
  public readonly podSecurityContext: kplus.PodSecurityContextProps;
  /** For `ContainerProps.securityContext`. */
  public readonly containerSecurityContext: kplus.ContainerSecurityContextProps;
  /** For `automountServiceAccountToken`: false unless the options ask for a token. */
  public readonly automountServiceAccountToken: boolean;

  private constructor(private readonly security: PodSecurity) {
    this.podSecurityContext = security.podSecurityContext();
    this.containerSecurityContext = security.containerSecurityContext();
    this.automountServiceAccountToken = security.automountServiceAccountToken;
  }

  /**
   * Mounts the writable paths as emptyDirs in the container and records every relaxation in
   * the pod template's `cdk8s-patterns.io/pod-security-exceptions` annotation.
   *
   * @param pod the Pod, Deployment, StatefulSet, Job or other workload
   * @param container its container to harden
   */
  public applyTo(pod: kplus.AbstractPod, container: kplus.Container): void {
    this.security.applyTo(pod, container, pod instanceof kplus.Workload ? pod.podMetadata : pod.metadata);
  }
}
