import { ApiObject, ApiObjectMetadataDefinition } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkAbsolutePath } from './checks';
import { checkEnvName, IWorkloadPattern } from './container';
import { Reporter } from './errors';
import { checkPlusObject } from './plus-objects';
import { ContainerHandle, PodAnnotations, PodHandle } from './pod-template';

/**
 * Chosen keys as environment variables.
 */
export interface EnvInjectionOptions {
  /** Environment variable name → ConfigMap key (`{ FIRSTNAME: 'given' }`). */
  readonly variables: { [name: string]: string };

  /**
   * Let the container start when a key is missing (`optional: true`). The keys are then not
   * required to exist at synth either, for keys another tool adds.
   *
   * @default false - every key must exist
   */
  readonly optional?: boolean;
}

/**
 * Every key as an environment variable, through `envFrom`.
 */
export interface EnvFromInjectionOptions {
  /**
   * Put before every key to make its variable name (`APP_` → `APP_given`).
   *
   * @default - the keys are the names
   */
  readonly prefix?: string;
}

/**
 * Environment variables for `$(NAME)` references in a container's command and args.
 */
export interface ArgsInjectionOptions {
  /**
   * Variable name → ConfigMap key, for every `$(NAME)` the container's command or args use
   * that is not already set (`{ FIRSTNAME: 'given' }`).
   */
  readonly variables: { [name: string]: string };

  /**
   * Let the container start when a key is missing (Kubernetes then passes `$(NAME)` unchanged).
   *
   * @default false - every key must exist
   */
  readonly optional?: boolean;
}

/**
 * One key as a file at a path of its own, with its own mode.
 */
export interface ConfigFileItem {
  /** The ConfigMap key. */
  readonly key: string;

  /**
   * Path of the file, relative to the mount path (`conf/app.conf`).
   *
   * @default - the key
   */
  readonly path?: string;

  /**
   * Permission bits of the file (0o400: readable by its owner only).
   *
   * @default - the `defaultMode`
   */
  readonly mode?: number;
}

/**
 * Keys as files in a directory. The files are updated in running pods when the ConfigMap
 * changes (after the kubelet's sync period); the checksum annotation also rolls the pods,
 * for apps that read their config only at start.
 */
export interface FilesMountOptions {
  /** The directory (`/etc/name`). It hides what the image has there. */
  readonly path: string;

  /**
   * The keys to project, each at its own path.
   *
   * @default - every key, as a file named after it
   */
  readonly items?: ConfigFileItem[];

  /**
   * Permission bits of the files.
   *
   * @default 0o644
   */
  readonly defaultMode?: number;

  /**
   * Let the container start when the ConfigMap or a listed key is missing.
   *
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * One key as one file, mounted with `subPath`, leaving the rest of its directory as the image
 * has it. Kubernetes never updates a subPath file in a running container: a changed ConfigMap
 * reaches it only through the rollout that the checksum annotation (or, with `immutable`,
 * the new name) triggers.
 */
export interface FileMountOptions {
  /** The ConfigMap key. */
  readonly key: string;

  /** Path of the file in the container (`/etc/nginx/conf.d/default.conf`). */
  readonly path: string;

  /**
   * Permission bits of the file.
   *
   * @default 0o644
   */
  readonly mode?: number;

  /**
   * Let the container start when the key is missing.
   *
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * A pattern that can take injections before it has built its cdk8s-plus objects: the target
 * to use while it is plain, or undefined once it has materialized them.
 */
export interface PlainInjectionTarget {
  readonly pod: PodHandle;
  readonly container: ContainerHandle;
  /** `Deployment "web"`, for messages. */
  readonly describe: string;
  readonly name: string;
  readonly namespace?: string;
  /** Redo this injection on the cdk8s-plus objects if the pattern builds them later. */
  remember(replay: () => void): void;
  /** Whether the pattern has since built its cdk8s-plus objects, which then hold the injections. */
  superseded(): boolean;
}

const PLAIN_TARGETS = new WeakMap<IWorkloadPattern, () => PlainInjectionTarget | undefined>();

/** Lets `InjectionTarget.fromPattern` inject into a pattern's plain model while it has one. */
export function registerPlainTarget(pattern: IWorkloadPattern, target: () => PlainInjectionTarget | undefined): void {
  PLAIN_TARGETS.set(pattern, target);
}

function containerHandle(container: kplus.Container): ContainerHandle {
  return {
    key: container,
    name: container.name,
    command: container.command,
    args: container.args,
    variableNames: () => Object.keys(container.env.variables),
    sourceCount: () => container.env.sources.length,
    addVariable: (name, value) => container.env.addVariable(name, value),
    addSource: from => container.env.copyFrom(from),
    mounts: () => container.mounts.map(m => ({ path: m.path, volume: m.volume.name })),
    mount: (path, volume, options) => container.mount(path, volume, options),
  };
}

function podHandle(pod: kplus.AbstractPod, metadata: ApiObjectMetadataDefinition): PodHandle {
  return {
    key: pod,
    metadata,
    volumeNames: () => [
      ...pod.volumes.map(v => v.name),
      ...[...pod.containers, ...pod.initContainers].flatMap(c => c.mounts.map(m => m.volume.name)),
    ],
  };
}

/**
 * Where an injection lands: one container, and the pod (template) it runs in. The pod gets
 * the volumes and the rollout annotation, the container the variables and mounts.
 *
 * Choose by what you have: a pattern of this library, a cdk8s-plus workload (Deployment,
 * StatefulSet, DaemonSet, Job) or a bare Pod.
 */
export class InjectionTarget {
  /**
   * The main container of a pattern (`ExposedWebApp`, `StatefulAppWithStorage`), whose
   * workload's pod template gets the volumes and the rollout annotation. Injecting does not
   * make the pattern build its cdk8s-plus parts.
   */
  public static fromPattern(pattern: IWorkloadPattern): InjectionTarget {
    return new InjectionTarget('pattern', pattern);
  }

  /**
   * A container of a Deployment, StatefulSet, DaemonSet or Job (an init container too), whose
   * pod template gets the volumes and the rollout annotation.
   *
   * @param workload the workload
   * @param container one of its containers, which may be omitted when it has exactly one
   */
  public static fromWorkload(workload: kplus.Workload, container?: kplus.Container): InjectionTarget {
    return new InjectionTarget('workload', workload, container);
  }

  /**
   * A container of a bare Pod. Kubernetes cannot change a running Pod's containers, so a
   * changed ConfigMap only reaches it when the Pod is replaced (`kubectl replace --force`).
   *
   * @param pod the pod
   * @param container one of its containers, which may be omitted when it has exactly one
   */
  public static fromPod(pod: kplus.Pod, container?: kplus.Container): InjectionTarget {
    return new InjectionTarget('pod', pod, container);
  }

  // What was given, looked at when resolved: an injection keeps its target (to replay it), so
  // large apps hold one of these per injection, and fields cost less than closures.
  private constructor(
    private readonly from: 'pattern' | 'workload' | 'pod',
    private readonly given: IWorkloadPattern | kplus.AbstractPod,
    private readonly chosen?: kplus.Container,
  ) {}

  /**
   * Finds the pod and container, or reports why it cannot.
   *
   * @internal
   */
  public _resolve(report: Reporter, prop: string): ResolvedTarget {
    const pattern = this.from === 'pattern' ? this.given as IWorkloadPattern : undefined;
    const plain = pattern ? PLAIN_TARGETS.get(pattern)?.() : undefined;
    if (plain) {
      return new ResolvedTarget(plain.pod, plain.container, plain.name, plain.describe, plain.namespace, plain);
    }
    const given: kplus.AbstractPod = this.from === 'pattern' ? pattern?.workload as kplus.AbstractPod : this.given as kplus.AbstractPod;
    const pod = checkPlusObject(report, prop, given, kplus.AbstractPod, 'must be built from a cdk8s-plus workload, a Pod, or a pattern of this library');
    const object = ApiObject.of(pod);
    const describe = `${object.kind} "${object.name}"`;
    const all = [...pod.containers, ...pod.initContainers];
    let container: kplus.Container | undefined = pattern ? pattern.mainContainer : this.chosen;
    if (container !== undefined) checkPlusObject(report, prop, container, kplus.Container, 'must name a cdk8s-plus container of the workload');
    if (container === undefined) {
      if (pod.containers.length !== 1) {
        const names = pod.containers.map(c => c.name);
        report.fail(prop, object.name, pod.containers.length === 0
          ? `${describe} has no containers yet; add the container before injecting into it`
          : `${describe} has ${names.length} containers (${names.join(', ')}); name the one to inject into`);
      }
      container = pod.containers[0];
    } else if (!all.includes(container)) {
      report.fail(prop, container.name, `is not a container of ${describe}`);
    }
    const podMetadata = this.from === 'pod' ? (pod as kplus.Pod).metadata : (pod as kplus.Workload).podMetadata;
    return new ResolvedTarget(podHandle(pod, podMetadata), containerHandle(container), object.name, describe, object.metadata.namespace);
  }
}

/**
 * What put an `envFrom` source into a container, for repeats and for messages. A large app
 * holds these until synth: implementations may work both strings out when read rather than
 * keep them.
 */
export interface EnvSource {
  /** Equal for the same value from the same place: injecting it again is a no-op. */
  readonly identity: string;
  /** `envFrom ConfigMap "multimap"`. */
  readonly origin: string;
}

/**
 * What put environment variables into a container, one injection of several variables, for
 * repeats and for messages: asked by variable name, so that one object serves them all.
 */
export interface VariableSource {
  /** Equal for the same value from the same place: injecting it again is a no-op. */
  identityOf(name: string): string;
  /** `key "given" of ConfigMap "multimap"`. */
  originOf(name: string): string;
}

/** An `envFrom` source: the names it produces can grow until synth. */
export interface EnvFromSource extends EnvSource {
  names(): string[];
}

const NO_SOURCES: readonly EnvFromSource[] = Object.freeze([]);

/** Env vars injected into one container so far (each list made on its first entry: most containers get few or none). */
class ContainerEnv {
  public single?: Map<string, VariableSource>;
  public from: readonly EnvFromSource[] = NO_SOURCES;
}

const ENV = new WeakMap<object, ContainerEnv>();
/** Where a variable comes from when the container sets it itself. */
const OWN_ENV = 'its own env';
const VOLUMES = new WeakMap<object, Map<string, kplus.Volume>>();

/**
 * Directories that hold the image's own files: a volume mounted over one hides them all
 * (mount a subdirectory, or one file with subPath).
 */
const SYSTEM_DIRECTORIES = new Set(['/', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib64', '/opt', '/proc', '/root',
  '/run', '/sbin', '/srv', '/sys', '/usr', '/usr/bin', '/usr/lib', '/usr/local', '/usr/local/bin', '/usr/sbin', '/var']);

/** A target resolved to its pod and container, with the checks every injection shares. */
export class ResolvedTarget {
  constructor(
    public readonly pod: PodHandle,
    public readonly container: ContainerHandle,
    /** Name of the pod or workload. */
    public readonly name: string,
    /** `Deployment "web"`, for messages. */
    public readonly describe: string,
    public readonly namespace: string | undefined,
    /** Set for a pattern's plain model, which may later give way to cdk8s-plus objects. */
    private readonly plain?: PlainInjectionTarget,
  ) {}

  /** The pod template's metadata, where the rollout annotation goes. */
  public get podMetadata(): PodAnnotations {
    return this.pod.metadata;
  }

  /**
   * Records how to redo this injection, for a target that is a pattern's plain model: the
   * pattern replays it on its cdk8s-plus objects if it builds them later.
   */
  public remember(replay: () => void): void {
    this.plain?.remember(replay);
  }

  /** Whether this target was a pattern's plain model that cdk8s-plus objects have since replaced. */
  public get superseded(): boolean {
    return this.plain?.superseded() ?? false;
  }

  /** Adds one env var, refusing a name another source already sets (the same source again is a no-op). */
  public addEnv(report: Reporter, prop: string, name: string, source: VariableSource, value: kplus.EnvValue): void {
    checkEnvName(report, prop, name);
    const state = this.env();
    const existing = state.single?.get(name);
    if (existing !== undefined && existing.identityOf(name) === source.identityOf(name)) return;
    const other = existing?.originOf(name) ?? this.ownEnv(name) ?? state.from.find(f => f.names().includes(name))?.origin;
    if (other !== undefined) report.fail(prop, name, this.duplicateEnv(name, other));
    this.container.addVariable(name, value);
    (state.single ??= new Map()).set(name, source);
  }

  /** Adds an `envFrom` source, refusing it when one of its names is already set (the same source again is a no-op). */
  public addEnvFrom(report: Reporter, prop: string, source: EnvFromSource, envFrom: kplus.EnvFrom): void {
    const state = this.env();
    if (state.from.some(f => f.identity === source.identity)) return;
    state.from = state.from.concat([source]);
    const conflict = this.envFromConflicts(source)[0];
    if (conflict) {
      state.from = state.from.slice(0, -1);
      report.fail(prop, conflict.name, this.duplicateEnv(conflict.name, conflict.origin));
    }
    this.container.addSource(envFrom);
  }

  /**
   * Names of `source` that another source of the container also sets. Run again at synth:
   * keys added to a ConfigMap after injection add variables too.
   */
  public envFromConflicts(source: EnvFromSource): { name: string; origin: string }[] {
    const state = this.env();
    const out: { name: string; origin: string }[] = [];
    // The container's own names once, not once per name.
    const own = new Set(this.container.variableNames());
    for (const name of source.names()) {
      const other = state.single?.get(name)?.originOf(name) ?? this.ownEnv(name, own)
        ?? state.from.find(f => f !== source && f.names().includes(name))?.origin;
      if (other !== undefined) out.push({ name, origin: other });
    }
    return out;
  }

  /** Every env var name the container will have that this library can see (its own and injected ones). */
  public envNames(): Set<string> {
    const state = this.env();
    return new Set([...this.container.variableNames(), ...state.from.flatMap(f => f.names())]);
  }

  /** Whether the container also reads env sources this library did not add (a Secret's envFrom): their names are unknown. */
  public hasForeignEnvFrom(): boolean {
    return this.container.sourceCount() > this.env().from.length;
  }

  public duplicateEnv(name: string, origin: string): string {
    return `container "${this.container.name}" of ${this.describe} already gets ${name} from ${origin}; two sources for one variable would silently shadow each other`;
  }

  /**
   * Mounts a volume read-only at `path`, refusing a path the container already mounts
   * something at (a pattern's scratch `/tmp`, another injection). Returns the path without a trailing '/'.
   */
  public mount(report: Reporter, prop: string, path: string, volume: kplus.Volume, subPath?: string): string {
    checkAbsolutePath(report, prop, path);
    const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
    if (subPath === undefined && SYSTEM_DIRECTORIES.has(normalized)) {
      report.fail(prop, path, `would hide the image's own ${normalized}; mount into a subdirectory of it, or mount single files`);
    }
    const taken = this.container.mounts().find(m => m.path.replace(/\/+$/, '') === normalized);
    if (taken) {
      report.fail(prop, path, `container "${this.container.name}" of ${this.describe} already mounts volume "${taken.volume}" there`);
    }
    this.container.mount(normalized, volume, { readOnly: true, subPath });
    return normalized;
  }

  /**
   * The pod's volume for `spec`, created on first use: mounts that need the same volume
   * share it. The name is `<base>`, or `<base>-2`, ... when the pod has a volume of that name.
   */
  public volume(spec: string, base: string, create: (name: string) => kplus.Volume): kplus.Volume {
    let mine = VOLUMES.get(this.pod.key);
    if (!mine) {
      mine = new Map();
      VOLUMES.set(this.pod.key, mine);
    }
    const existing = mine.get(spec);
    if (existing) return existing;
    const taken = new Set([...[...mine.values()].map(v => v.name), ...this.pod.volumeNames()]);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    const volume = create(name);
    mine.set(spec, volume);
    return volume;
  }

  private env(): ContainerEnv {
    let state = ENV.get(this.container.key);
    if (!state) {
      state = new ContainerEnv();
      ENV.set(this.container.key, state);
    }
    return state;
  }

  /** Set on the container by other means (the pattern's `env` prop, `env.addVariable`). */
  private ownEnv(name: string, own: ReadonlySet<string> = new Set(this.container.variableNames())): string | undefined {
    return !this.env().single?.has(name) && own.has(name) ? OWN_ENV : undefined;
  }
}
