
import * as kplus from 'cdk8s-plus-28';

/**
 * What an injection needs of a container: a cdk8s-plus `Container`, or the plain model of a
 * pattern that has not built its cdk8s-plus objects (see `PodTemplateModel`).
 */
export interface ContainerHandle {
  /** Identity for the injection state of this container. */
  readonly key: object;
  readonly name: string;
  readonly command?: string[];
  readonly args?: string[];
  /** Variables set on the container itself, by name. */
  variableNames(): string[];
  /** How many `envFrom` sources it reads. */
  sourceCount(): number;
  addVariable(name: string, value: kplus.EnvValue): void;
  addSource(from: kplus.EnvFrom): void;
  mounts(): { path: string; volume: string }[];
  mount(path: string, volume: kplus.Volume, options: kplus.MountOptions): void;
}

/** Where an injection puts pod-template annotations (the rollout checksum). */
export interface PodAnnotations {
  addAnnotation(key: string, value: string): void;
}

/** What an injection needs of a pod (template): where annotations go, which volume names are taken. */
export interface PodHandle {
  /** Identity for the injection state of this pod. */
  readonly key: object;
  readonly metadata: PodAnnotations;
  /** Names of the pod's volumes and of every volume its containers mount. */
  volumeNames(): string[];
}

/**
 * A volume the pattern itself adds (a scratch emptyDir), as JSON; one the workload supplies
 * itself (a StatefulSet's claim template), without JSON since the pod does not list it; or one
 * an injection adds.
 */
type ModelVolume = { readonly name: string; readonly json: object | undefined } | kplus.Volume;

interface ModelMount {
  readonly path: string;
  readonly volume: ModelVolume;
  readonly readOnly?: boolean;
  readonly subPath?: string;
}

/** The parts of a main container that the pattern fixes at construction, already rendered. */
export interface ContainerBase {
  readonly name: string;
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly ports: { containerPort: number; name: string }[];
  readonly resources?: object;
  readonly securityContext: object;
  readonly probes: { readinessProbe?: object; livenessProbe?: object; startupProbe?: object };
  /** Literal variables, in container order. */
  readonly env: [string, kplus.EnvValue][];
}

/** The pod-level parts a pattern fixes at construction, already rendered. */
export interface PodBase {
  readonly securityContext: object;
  readonly automountServiceAccountToken: boolean;
  /** Scratch emptyDirs, mounted in the main container in this order. */
  readonly scratch: { readonly path: string; readonly name: string }[];
}

/**
 * A pattern's pod template kept as plain data until someone asks for the cdk8s-plus objects.
 *
 * Serializing cdk8s-plus objects costs several times what the same YAML costs as plain
 * objects (bench/README.md), so a pattern nobody customises through its parts renders its
 * manifests from this model. It renders exactly what cdk8s-plus would (the property test in
 * test/plain-parts.test.ts compares the two byte for byte), using cdk8s-plus's own `_toKube()`
 * and L1 `toJson_*` converters for every value object it holds.
 *
 * Injections (`ConfigMapInjection`) land here while the pattern is plain, and are replayed
 * on the cdk8s-plus objects when the pattern materializes them.
 */
export class PodTemplateModel implements PodHandle, ContainerHandle, PodAnnotations {
  /** Set once the pattern has built its cdk8s-plus objects, which then hold the injections and write the YAML. */
  public materialized = false;

  private readonly env: Map<string, kplus.EnvValue>;
  private readonly sources: kplus.EnvFrom[] = [];
  private readonly mountList: ModelMount[];
  private readonly replays: (() => void)[] = [];

  private readonly annotations: { [key: string]: string };

  constructor(
    private readonly labels: { [key: string]: string },
    annotations: { [key: string]: string },
    private readonly pod: PodBase,
    private readonly container: ContainerBase,
  ) {
    this.annotations = { ...annotations };
    this.env = new Map(container.env);
    this.mountList = pod.scratch.map(s => ({ path: s.path, volume: { name: s.name, json: { name: s.name, emptyDir: {} } } }));
  }

  /** The pod template's annotations take injections' annotations (values may be Lazy). */
  public get metadata(): PodAnnotations {
    return this;
  }

  public addAnnotation(key: string, value: string): void {
    this.annotations[key] = value;
  }

  // ContainerHandle: what an injection reads and changes in the main container.

  public get key(): object {
    return this;
  }

  public get name(): string {
    return this.container.name;
  }

  public get command(): string[] | undefined {
    return this.container.command;
  }

  public get args(): string[] | undefined {
    return this.container.args;
  }

  public variableNames(): string[] {
    return [...this.env.keys()];
  }

  public sourceCount(): number {
    return this.sources.length;
  }

  public addVariable(name: string, value: kplus.EnvValue): void {
    this.env.set(name, value);
  }

  public addSource(from: kplus.EnvFrom): void {
    this.sources.push(from);
  }

  public mounts(): { path: string; volume: string }[] {
    return this.mountList.map(m => ({ path: m.path, volume: m.volume.name }));
  }

  public mount(path: string, volume: kplus.Volume, options: kplus.MountOptions): void {
    this.mountList.push({ path, volume, readOnly: options.readOnly, subPath: options.subPath });
  }

  // PodHandle: the pod's volumes (only the main container mounts any).

  public volumeNames(): string[] {
    return this.mountList.map(m => m.volume.name);
  }

  /**
   * Mounts a volume the workload supplies (a StatefulSet's claim template): the container
   * mounts it, the pod's `volumes` do not list it.
   */
  public mountSupplied(path: string, volumeName: string, subPath?: string): void {
    this.mountList.push({ path, volume: { name: volumeName, json: undefined }, subPath });
  }

  /** Remembers how to redo an injection on the cdk8s-plus objects, in order. */
  public remember(replay: () => void): void {
    this.replays.push(replay);
  }

  /** Redoes every injection on the cdk8s-plus objects the pattern has just built. */
  public replay(): void {
    this.materialized = true;
    for (const redo of this.replays) redo();
  }

  /** The pod template, as cdk8s-plus renders it before the cdk8s resolve step. */
  public render(): object {
    const c = this.container;
    // A supplied volume keeps its place, unlisted: cdk8s-plus lists a stand-in that the
    // pattern's patch removes again, which leaves `volumes: []` when it was the only one.
    const volumes = new Map<string, object | undefined>();
    for (const m of this.mountList) {
      if (volumes.has(m.volume.name)) continue;
      volumes.set(m.volume.name, 'json' in m.volume ? m.volume.json : kplus.k8s.toJson_Volume(m.volume._toKube())!);
    }
    const env = [...this.env].map(([name, v]) => envVarJson(name, v));
    const container = {
      name: c.name,
      image: c.image,
      imagePullPolicy: c.imagePullPolicy,
      command: c.command,
      args: c.args,
      ports: c.ports,
      env: env.length > 0 ? env : undefined,
      envFrom: this.sources.length > 0 ? this.sources.map(s => kplus.k8s.toJson_EnvFromSource(s._toKube())) : undefined,
      resources: c.resources,
      securityContext: c.securityContext,
      ...c.probes,
      volumeMounts: this.mountList.length > 0
        ? this.mountList.map(m => ({ name: m.volume.name, mountPath: m.path, readOnly: m.readOnly, subPath: m.subPath }))
        : undefined,
    };
    return {
      // Lazy values in annotations are resolved with the rest of the manifest.
      metadata: { labels: { ...this.labels }, annotations: Object.keys(this.annotations).length > 0 ? { ...this.annotations } : undefined },
      spec: {
        // cdk8s-plus' pod defaults, written out.
        automountServiceAccountToken: this.pod.automountServiceAccountToken,
        containers: [container],
        dnsPolicy: 'ClusterFirst',
        hostNetwork: false,
        restartPolicy: 'Always',
        securityContext: this.pod.securityContext,
        setHostnameAsFQDN: false,
        terminationGracePeriodSeconds: 30,
        volumes: volumes.size > 0 ? [...volumes.values()].filter(v => v !== undefined) : undefined,
      },
    };
  }
}

/** The fields the L1's mapping writes of each plain reference an `EnvValue` may hold. */
const REFERENCE_FIELDS = new Map([
  ['configMapKeyRef', ['key', 'name', 'optional']],
  ['secretKeyRef', ['key', 'name', 'optional']],
  ['fieldRef', ['apiVersion', 'fieldPath']],
]);

/**
 * A variable as the L1's `toJson_EnvVar` maps it, up to key order and undefined fields (which
 * the resolve step sorts and drops). For a value or a plain reference (a ConfigMap or Secret
 * key, a pod field: what the model holds) that mapping copies the same fields, at a cost of
 * about 2 µs a variable (20 variables a container in large config apps); anything else (a
 * resource reference with its Quantity, a user's own object) goes through the mapping.
 */
export function envVarJson(name: string, v: kplus.EnvValue): object {
  const from = v.valueFrom;
  if (from !== undefined && !isPlainReference(from)) return kplus.k8s.toJson_EnvVar({ name, value: v.value, valueFrom: from })!;
  return { name, value: v.value, valueFrom: from };
}

function isPlainReference(from: { [field: string]: unknown }): boolean {
  if (from === null || from.constructor !== Object) return false;
  for (const field of Object.keys(from)) {
    const ref = from[field] as { [field: string]: unknown } | undefined;
    if (ref === undefined) continue;
    const fields = REFERENCE_FIELDS.get(field);
    if (!fields || ref === null || typeof ref !== 'object' || ref.constructor !== Object || !Object.keys(ref).every(k => fields.includes(k))) return false;
  }
  return true;
}
