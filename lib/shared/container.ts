import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { checkBoolean, checkMadeBy, checkStringList, checkStringMap } from './checks';
import { Reporter } from './errors';
import { PatternLabels } from './labels';
import { ContainerBase, PodBase } from './pod-template';
import { HealthChecks } from './probes';
import { ResourcePreset, renderResources, resolveResources } from './resources';
import { checkImage, isPinnedImage, PodSecurity, PodSecurityOptions, scratchVolumeName, SECURITY_EXCEPTIONS_ANNOTATION } from './security';

/** Environment variable names the API server accepts (Kubernetes 1.28). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export function checkEnvName(report: Reporter, prop: string, name: string): string {
  if (typeof name !== 'string' || !ENV_NAME.test(name)) {
    report.fail(prop, name, "must be an environment variable name: letters, digits, '_', '-' and '.', not starting with a digit");
  }
  return name;
}

/** Whether the API server accepts `name` as an environment variable name. */
export function isEnvName(name: string): boolean {
  return typeof name === 'string' && ENV_NAME.test(name);
}

/** Why a port below 1024 fails for a non-root container, and the ways out. */
export const PRIVILEGED_PORT_RULE = 'the container runs as a non-root user, which cannot bind a port below 1024; '
  + "set 'security.allowPrivilegedPorts' (the pod sysctl net.ipv4.ip_unprivileged_port_start, which the restricted standard allows), "
  + 'or run an image that listens above 1023 (nginxinc/nginx-unprivileged listens on 8080) and keep the Service on port 80';

/**
 * The main container of a pattern's pods: what to run and how.
 */
export interface MainContainerOptions {
  /**
   * Container image, pinned to a tag other than `latest` or to a digest (`nginx:1.25.3`).
   */
  readonly image: string;

  /**
   * Accept an image without a tag or tagged `latest`. Rollouts then stop being reproducible.
   *
   * @default false
   */
  readonly allowMutableImageTag?: boolean;

  /**
   * Entrypoint override.
   *
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * Arguments, in which `$(VAR)` expands environment variables of the container.
   *
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * Environment variables with literal values. For values from ConfigMaps use
   * `ConfigMapInjection`; for secrets, `container.env.addVariable(name, EnvValue.fromSecretValue(...))`.
   *
   * @default - none
   */
  readonly env?: { [name: string]: string };

  /**
   * CPU and memory requests and limits, both of which must be set.
   *
   * @default - the `resourcePreset`
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * A preset of requests and limits, when `resources` is not given.
   *
   * @default - set by each pattern (ResourcePreset.NANO for web apps)
   */
  readonly resourcePreset?: ResourcePreset;

  /**
   * Readiness, liveness and startup probes.
   *
   * @default HealthChecks.http() - GET / on the container port
   */
  readonly healthChecks?: HealthChecks;

  /**
   * Pod security settings, whose defaults meet the "restricted" Pod Security Standard.
   *
   * @default - restricted: uid/gid 10001, read-only root filesystem with /tmp writable
   */
  readonly security?: PodSecurityOptions;
}

/** Per-pattern defaults of the main container. */
export interface MainContainerDefaults {
  readonly containerPort: number;
  readonly portName: string;
  readonly resourcePreset: ResourcePreset;
  /** Health checks when the user gives none. */
  readonly healthChecks?: HealthChecks;
  /** Exceptions to the restricted standard the workload itself needs (documented by the pattern). */
  readonly builtInExceptions?: string[];
}

/**
 * A pattern's main container and pod-level settings, resolved once in the constructor and
 * applied to the workload it builds.
 */
export class MainContainer {
  public static resolve(report: Reporter, options: MainContainerOptions, defaults: MainContainerDefaults): MainContainer {
    const allowMutable = checkBoolean(report, 'allowMutableImageTag', options.allowMutableImageTag, false);
    checkImage(report, 'image', options.image, allowMutable);
    for (const name of Object.keys(checkStringMap(report, 'env', options.env))) checkEnvName(report, `env["${name}"]`, name);
    checkStringList(report, 'command', options.command);
    checkStringList(report, 'args', options.args);
    // A mutable tag is a relaxation of the library's own standard: recorded like the others.
    const security = PodSecurity.resolve(report, options.security, defaults.builtInExceptions,
      allowMutable && !isPinnedImage(options.image) ? ['image-tag'] : []);
    if (!security.canBind(defaults.containerPort)) report.fail('containerPort', defaults.containerPort, PRIVILEGED_PORT_RULE);
    const resources = resolveResources(report, options.resources, options.resourcePreset, defaults.resourcePreset);
    const healthChecks = checkMadeBy(report, 'healthChecks', options.healthChecks, '_bind', 'HealthChecks.http(), tcp(), custom() or none()')
      ?? defaults.healthChecks ?? HealthChecks.http();
    const probes = healthChecks._bind(report, defaults.containerPort);
    return new MainContainer(options, defaults, security, resources, probes, allowMutable);
  }

  private constructor(
    private readonly options: MainContainerOptions,
    private readonly defaults: MainContainerDefaults,
    public readonly security: PodSecurity,
    private readonly resources: kplus.ContainerResources,
    private readonly probes: ReturnType<HealthChecks['_bind']>,
    private readonly allowMutableImageTag: boolean,
  ) {}

  /**
   * Props every workload of the library shares: our labels on the object and its pods, our
   * selector instead of cdk8s-plus' path-derived one, and the pod security context.
   */
  public workloadProps(name: string, namespace: string | undefined, labels: PatternLabels): kplus.WorkloadProps {
    return {
      metadata: { name, namespace, labels: { ...labels.all } },
      podMetadata: { labels: { ...labels.all } },
      select: false,
      securityContext: this.security.podSecurityContext(),
      automountServiceAccountToken: this.security.automountServiceAccountToken,
    };
  }

  /** Adds the main container to the workload, selects its pods by the pattern's selector. */
  public addTo(workload: kplus.Workload, labels: PatternLabels, containerName: string): kplus.Container {
    workload.select(kplus.LabelSelector.of({ labels: { ...labels.selector } }));
    const container = workload.addContainer({
      name: containerName,
      image: this.options.image,
      imagePullPolicy: this.imagePullPolicy,
      command: this.options.command,
      args: this.options.args,
      ports: [{ number: this.defaults.containerPort, name: this.defaults.portName }],
      envVariables: Object.fromEntries(this.env()),
      resources: this.resources,
      securityContext: this.security.containerSecurityContext(),
      readiness: this.probes.readiness,
      liveness: this.probes.liveness,
      startup: this.probes.startup,
    });
    this.security.applyTo(workload, container, workload.podMetadata);
    removeAddressLabel(workload);
    return container;
  }

  /**
   * The same container as `addTo` builds, rendered as plain data with cdk8s-plus's own
   * converters, for a pattern that has not built its cdk8s-plus objects (`PodTemplateModel`).
   */
  public renderContainer(containerName: string): ContainerBase {
    // Custom probes render through cdk8s-plus; they read only the port number from the
    // container, and ours have none (they list their ports), as in cdk8s-plus.
    const port = { portNumber: undefined } as kplus.Container;
    const probe = (p: kplus.Probe | undefined) => (p ? kplus.k8s.toJson_Probe(p._toKube(port)) : undefined);
    return {
      name: containerName,
      image: this.options.image,
      imagePullPolicy: this.imagePullPolicy,
      command: this.options.command ? [...this.options.command] : undefined,
      args: this.options.args ? [...this.options.args] : undefined,
      ports: [{ containerPort: this.defaults.containerPort, name: this.defaults.portName }],
      resources: renderResources(this.resources),
      securityContext: this.security.containerSecurityContextJson(),
      probes: this.probes.json ?? {
        readinessProbe: probe(this.probes.readiness),
        livenessProbe: probe(this.probes.liveness),
        startupProbe: probe(this.probes.startup),
      },
      env: this.env(),
    };
  }

  /** The pod-level half of `renderContainer`: security context, token, scratch volumes. */
  public renderPod(): PodBase {
    return {
      securityContext: this.security.podSecurityContextJson(),
      automountServiceAccountToken: this.security.automountServiceAccountToken,
      scratch: this.security.writablePaths.map(path => ({ path, name: scratchVolumeName(path) })),
    };
  }

  /** The pod-template annotations the container needs: the pod-security exceptions, if any. */
  public podAnnotations(): { [key: string]: string } {
    return this.security.exceptions.length > 0 ? { [SECURITY_EXCEPTIONS_ANNOTATION]: this.security.exceptions.join('; ') } : {};
  }

  private get imagePullPolicy(): kplus.ImagePullPolicy {
    return this.allowMutableImageTag ? kplus.ImagePullPolicy.ALWAYS : kplus.ImagePullPolicy.IF_NOT_PRESENT;
  }

  /** The literal variables in container order. */
  private env(): [string, kplus.EnvValue][] {
    const given = this.options.env ?? {};
    return envOrder(given).map(key => [key, kplus.EnvValue.fromValue(given[key])]);
  }
}

/**
 * The order of literal environment variables in the container: by name, so that the YAML does
 * not depend on the order the keys were written in, except that a variable whose value
 * references another as `$(NAME)` comes after it (Kubernetes expands only earlier ones).
 */
export function envOrder(env: { [name: string]: string }): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const match of String(env[name]).matchAll(/\$\$|\$\(([^)]*)\)/g)) {
      if (match[1] !== undefined && Object.prototype.hasOwnProperty.call(env, match[1])) visit(match[1]);
    }
    out.push(name);
  };
  Object.keys(env).sort().forEach(visit);
  return out;
}

/**
 * cdk8s-plus puts a path-derived `cdk8s.io/metadata.addr` label on every pod template. We
 * select by the recommended labels instead, and drop it so that moving a construct in the
 * tree does not restart its pods.
 */
export function removeAddressLabel(workload: IConstruct): void {
  ApiObject.of(workload).addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
}

/**
 * A pattern that runs pods. Add-ons such as `ConfigMapInjection` reach the workload and its
 * main container through this, whichever pattern built them.
 */
export interface IWorkloadPattern extends IConstruct {
  /** The Deployment, StatefulSet or other cdk8s-plus workload running the pods. */
  readonly workload: kplus.Workload;
  /** The container the pattern built from its props. */
  readonly mainContainer: kplus.Container;
  /** The labels that select the pattern's pods (`app.kubernetes.io/name` and `/instance`). */
  readonly selectorLabels: { [key: string]: string };
}
