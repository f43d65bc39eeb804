import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { checkList, checkNonEmpty, checkPort, checkProps, checkStringList, checkStruct, isStruct } from './shared/checks';
import { checkEnvName } from './shared/container';
import { Reporter } from './shared/errors';
import { checkDnsLabel } from './shared/names';
import { checkPlusObject } from './shared/plus-objects';
import { ResourcePreset, resolveResources } from './shared/resources';
import { checkImage, isPinnedImage, PodSecurity, PodSecurityOptions } from './shared/security';

/**
 * Options of `RestrictedSecurity`: the pod security of the patterns, and the requests and
 * limits its containers get.
 */
export interface RestrictedSecurityOptions extends PodSecurityOptions {
  /**
   * Requests and limits of the containers `containerProps` and `addContainer` make, when
   * their props give none (cdk8s-plus would give them 1 CPU and 512Mi).
   *
   * @default ResourcePreset.NANO - requests 100m CPU / 128Mi, limits 150m / 192Mi
   */
  readonly resourcePreset?: ResourcePreset;
}

/**
 * The patterns' pod security for workloads written with cdk8s-plus directly: the Pod
 * Security Standard "restricted" (non-root numeric user, no privilege escalation, all
 * capabilities dropped, seccomp RuntimeDefault, read-only root filesystem with emptyDir
 * scratch paths, no service-account token), with the same explicit, recorded opt-outs, and
 * the patterns' container defaults (a resource preset, `imagePullPolicy: IfNotPresent`).
 *
 * @example
 * const sec = RestrictedSecurity.of(chart, { runAsUser: 101 });
 * const pod = new kplus.Pod(chart, 'read-pod', {
 *   securityContext: sec.podSecurityContext,
 *   automountServiceAccountToken: sec.automountServiceAccountToken,
 * });
 * // Security context, nano requests and limits, IfNotPresent; /tmp as an emptyDir; relaxations recorded on the pod.
 * sec.addContainer(pod, { image: 'nginxinc/nginx-unprivileged:1.27.3-alpine', portNumber: 8080 });
 */
export class RestrictedSecurity {
  /**
   * Resolves the options: bad input fails with the library's error format, naming `scope`.
   *
   * @param scope where errors are reported from
   * @param options relaxations of the defaults, and the resource preset
   */
  public static of(scope: IConstruct, options: RestrictedSecurityOptions = {}): RestrictedSecurity {
    const report = new Reporter(scope, 'RestrictedSecurity');
    const security = PodSecurity.resolve(report, options, [], [], '');
    return new RestrictedSecurity(report, security, resolveResources(report, undefined, options?.resourcePreset, ResourcePreset.NANO));
  }

  /** For `PodProps.securityContext` and `WorkloadProps.securityContext`. */
  public readonly podSecurityContext: kplus.PodSecurityContextProps;
  /** For `ContainerProps.securityContext`. */
  public readonly containerSecurityContext: kplus.ContainerSecurityContextProps;
  /** For `automountServiceAccountToken`: false unless the options ask for a token. */
  public readonly automountServiceAccountToken: boolean;
  /** For `ContainerProps.resources`: the requests and limits of the `resourcePreset`. */
  public readonly resources: kplus.ContainerResources;

  private constructor(private readonly report: Reporter, private readonly security: PodSecurity, resources: kplus.ContainerResources) {
    this.podSecurityContext = security.podSecurityContext();
    this.containerSecurityContext = security.containerSecurityContext();
    this.automountServiceAccountToken = security.automountServiceAccountToken;
    this.resources = resources;
  }

  /**
   * Container props with the patterns' defaults filled in where `props` gives none: the
   * restricted security context, the preset's requests and limits, and
   * `imagePullPolicy: IfNotPresent` for a pinned image (`Always` for a mutable tag, which
   * only a fresh pull keeps current). What `props` gives wins.
   *
   * @param props the container, as for `pod.addContainer`
   */
  public containerProps(props: kplus.ContainerProps): kplus.ContainerProps {
    checkContainerProps(this.report, props);
    return {
      securityContext: this.containerSecurityContext,
      resources: this.resources,
      imagePullPolicy: typeof props.image === 'string' && isPinnedImage(props.image) ? kplus.ImagePullPolicy.IF_NOT_PRESENT : kplus.ImagePullPolicy.ALWAYS,
      ...definedOnly(props),
    };
  }

  /**
   * Adds a container made with `containerProps(props)` to the pod or workload, then
   * hardens it with `applyTo`.
   *
   * @param pod the Pod, Deployment, StatefulSet, Job or other workload
   * @param props the container, as for `pod.addContainer`
   */
  public addContainer(pod: kplus.AbstractPod, props: kplus.ContainerProps): kplus.Container {
    checkPlusObject(this.report, 'pod', pod, kplus.AbstractPod, POD_RULE);
    const full = this.containerProps(props);
    // cdk8s-plus names every unnamed container 'main' and writes duplicates the API server refuses.
    const name = full.name ?? 'main';
    if (allContainers(pod).some(c => c.name === name)) {
      const why = full.name === undefined ? 'is the name cdk8s-plus gives a container without one, and already' : 'is already';
      this.report.fail('props.name', name, `${why} the name of a container of the pod; give each container its own 'name'`);
    }
    const container = pod.addContainer(full);
    this.applyTo(pod, container);
    return container;
  }

  /**
   * Mounts the writable paths as emptyDirs in the container and records every relaxation in
   * the pod template's `cdk8s-patterns.io/pod-security-exceptions` annotation.
   *
   * @param pod the Pod, Deployment, StatefulSet, Job or other workload
   * @param container its container to harden
   */
  public applyTo(pod: kplus.AbstractPod, container: kplus.Container): void {
    checkPlusObject(this.report, 'pod', pod, kplus.AbstractPod, POD_RULE);
    checkPlusObject(this.report, 'container', container, kplus.Container, 'must be a cdk8s-plus container of the pod');
    const containers = allContainers(pod);
    // Another pod's container would get mounts of volumes only this pod has.
    if (!containers.includes(container)) this.report.fail('container', container.name, 'is not a container of the pod; add it to the pod first');
    if (containers.filter(c => c.name === container.name).length > 1) {
      this.report.fail('container', container.name, "shares its name with another container of the pod, which the API server refuses; give each container its own 'name'");
    }
    this.security.applyTo(pod, container, pod instanceof kplus.Workload ? pod.podMetadata : pod.metadata);
  }
}

const POD_RULE = 'must be a cdk8s-plus Pod or workload (Deployment, StatefulSet, DaemonSet, Job)';

/**
 * The container props cdk8s-plus would fail on with a bare TypeError at synth, or write as a
 * container the API server refuses: checked here, naming `props.<field>`. Fields not checked
 * pass through to cdk8s-plus as given.
 */
function checkContainerProps(report: Reporter, props: kplus.ContainerProps): void {
  checkProps(report, props, "with at least 'image'");
  const at = report.child('props');
  checkImage(at, 'image', props.image, true);
  if (props.name !== undefined) checkDnsLabel(at, 'name', props.name);
  checkStringList(at, 'command', props.command);
  checkStringList(at, 'args', props.args);
  if (props.workingDir !== undefined) checkNonEmpty(at, 'workingDir', props.workingDir);
  if (props.portNumber !== undefined) checkPort(at, 'portNumber', props.portNumber);
  checkList(at, 'ports', props.ports).forEach((p, i) => {
    if (!isStruct(p)) at.fail(`ports[${i}]`, p, "must be an object with 'number'");
    checkPort(at, `ports[${i}].number`, p.number);
  });
  if (props.resources !== undefined && props.resources !== null) {
    if (!isStruct(props.resources)) at.fail('resources', props.resources, 'must be an object with cpu and memory requests and limits');
    resolveResources(at, props.resources, undefined, ResourcePreset.NANO);
  }
  for (const [key, value] of Object.entries(checkStruct(at, 'envVariables', props.envVariables))) {
    checkEnvName(at, `envVariables["${key}"]`, key);
    if (!isStruct(value) || (value.value === undefined && value.valueFrom === undefined)) at.fail(`envVariables["${key}"]`, value, 'must be made with EnvValue.fromValue() or another EnvValue factory');
  }
  checkStruct(at, 'securityContext', props.securityContext);
}

function allContainers(pod: kplus.AbstractPod): kplus.Container[] {
  return [...pod.initContainers, ...pod.containers];
}

/** The props that are set: an explicit `undefined` (or a jsii caller's `null`) must not erase a default. */
function definedOnly(props: kplus.ContainerProps): kplus.ContainerProps {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined && v !== null)) as unknown as kplus.ContainerProps;
}
