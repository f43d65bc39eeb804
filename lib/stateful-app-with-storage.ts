import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { attributeToProps } from './profile/app-check';
import { statefulSetAttributions } from './profile/attributions';
import { clusterDomainFor } from './profile/hooks';
import { AppChecks } from './shared/app-checks';
import { checkAbsolutePath, checkDuration, checkInteger, checkIntOrPercent, checkMadeBy, checkOneOf, checkPort, checkProps, checkStruct } from './shared/checks';
import { IWorkloadPattern, MainContainer, MainContainerOptions } from './shared/container';
import { addDisruptionBudget, DisruptionBudgetOptions } from './shared/disruption';
import { Reporter } from './shared/errors';
import { registerPlainTarget } from './shared/injection';
import { PatternLabelProps, PatternLabels } from './shared/labels';
import { checkDnsLabel, checkPortName, checkServiceName, resolveName, resolveNamespace, serviceDnsName } from './shared/names';
import { PodBase, PodTemplateModel } from './shared/pod-template';
import { HealthChecks } from './shared/probes';
import { childrenFollowing, moveChildrenToEnd, onlyBuiltInResolvers, RenderedApiObject, renderFaster } from './shared/rendered-object';
import { ResourcePreset } from './shared/resources';
import {
  buildService, claimNodePort, PatternServiceTarget, renderService, ResolvedService, resolveServiceOptions, ServiceOptions,
} from './shared/service';
import {
  addStorageChecks, checkAccessModes, claimAnnotations, claimSpec, IStorageClass, registerCheckView, resolveClaimClass,
} from './shared/storage';

const TYPE = 'StatefulAppWithStorage';

/**
 * What happens to the claims of a StatefulSet when it is deleted or scaled down.
 */
export enum ClaimRetention {
  /** Keep the claims and their data: a pod that comes back gets its old claim again. */
  RETAIN = 'Retain',
  /** Delete the claims (and, with a Delete reclaim policy, the data). */
  DELETE = 'Delete',
}

/**
 * The volume each replica gets: one PersistentVolumeClaim per pod, from `volumeClaimTemplates`.
 * Everything here ends up in the StatefulSet's immutable `volumeClaimTemplates`, except the
 * retention policy: changing it later means recreating the StatefulSet.
 */
export interface StatefulStorageOptions {
  /**
   * Where the volume is mounted in the main container.
   */
  readonly mountPath: string;

  /**
   * Storage per replica, a quantity such as '10Gi'.
   */
  readonly size: string;

  /**
   * Name of the claim template: each pod's claim is `<name>-<statefulset>-<ordinal>`.
   *
   * @default 'data'
   */
  readonly name?: string;

  /**
   * How the volume is mounted. The class must serve every mode listed.
   *
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * The class to provision from: an `NfsStorageClass`, `NfsCsiStorageClass` or
   * `ExternalStorageClass`. Not with `storageClassName`.
   *
   * @default - `storageClassName`, else the cluster's default class
   */
  readonly storageClass?: IStorageClass;

  /**
   * A class by name: one that static PersistentVolumes of this app carry (`gold`), or '' for
   * volumes without a class. Checked at synth: it must be in the app or declared external.
   *
   * @default - the cluster's default class
   */
  readonly storageClassName?: string;

  /**
   * Mount this subdirectory of the volume instead of its root (e.g. for databases that
   * refuse a non-empty data directory holding `lost+found`).
   *
   * @default - the volume's root
   */
  readonly subPath?: string;

  /**
   * What happens to the claims when the StatefulSet is deleted.
   *
   * @default ClaimRetention.RETAIN
   */
  readonly whenDeleted?: ClaimRetention;

  /**
   * What happens to the claims of the pods removed by a scale-down.
   *
   * @default ClaimRetention.RETAIN
   */
  readonly whenScaled?: ClaimRetention;
}

/**
 * A Service in front of all replicas, for clients that do not care which pod answers.
 */
export interface ClientServiceOptions extends ServiceOptions {
  /**
   * Name of the Service.
   *
   * @default - the pattern's `name`
   */
  readonly name?: string;
}

/**
 * Props of `StatefulAppWithStorage`.
 */
export interface StatefulAppWithStorageProps extends MainContainerOptions, PatternLabelProps {
  /**
   * Name of the StatefulSet and its pods (`<name>-0`, `<name>-1`, ...), and the
   * `app.kubernetes.io/instance` label. At most 52 characters, so the controller's
   * `<name>-<revision hash>` label fits.
   *
   * **Keep it stable.** It fixes the names of the claims (`<template>-<name>-<ordinal>`):
   * renaming the StatefulSet gives its pods new, empty claims and orphans the data in the old
   * ones. The default derives from the construct id, not its path, so moving the construct in
   * the tree keeps it; set it explicitly to decouple it from the id altogether.
   *
   * @default - the construct id in kebab case
   */
  readonly name?: string;

  /**
   * Namespace of every object.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * Number of pods, each with its own claim.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Port the app listens on in the container. A port below 1024 needs
   * `security.allowPrivilegedPorts`, since the container runs as a non-root user.
   *
   * @default 8080
   */
  readonly containerPort?: number;

  /**
   * Name of the container port and of the Service ports.
   *
   * @default 'tcp'
   */
  readonly portName?: string;

  /**
   * The volume each replica gets.
   */
  readonly storage: StatefulStorageOptions;

  /**
   * Name of the headless Service that gives each pod its DNS name
   * (`<name>-<ordinal>.<headlessServiceName>.<namespace>.svc.<cluster domain>`). Immutable in
   * the StatefulSet's `serviceName`.
   *
   * @default - `<name>-headless`
   */
  readonly headlessServiceName?: string;

  /**
   * A Service in front of all replicas, besides the headless one.
   *
   * @default - none
   */
  readonly clientService?: ClientServiceOptions;

  /**
   * Whether pods start and stop one at a time in ordinal order, or all at once. Immutable.
   *
   * @default PodManagementPolicy.ORDERED_READY
   */
  readonly podManagementPolicy?: kplus.PodManagementPolicy;

  /**
   * How a new pod template replaces the running pods.
   *
   * @default StatefulSetUpdateStrategy.rollingUpdate() - one pod at a time, highest ordinal first
   */
  readonly updateStrategy?: kplus.StatefulSetUpdateStrategy;

  /**
   * How long a new pod must be ready before it counts as available.
   *
   * @default Duration.seconds(0)
   */
  readonly minReady?: Duration;

  /**
   * A PodDisruptionBudget.
   *
   * @default - none
   */
  readonly disruptionBudget?: DisruptionBudgetOptions;
}

/**
 * A StatefulSet whose replicas each get their own PersistentVolumeClaim
 * (`volumeClaimTemplates`), kept when pods, the StatefulSet or replicas go away.
 * A headless Service (`clusterIP: None`, named in `serviceName`) gives every pod a stable DNS
 * name. A client Service and a PodDisruptionBudget are optional.
 *
 * The parts are cdk8s-plus objects users customise as usual
 * (`app.mainContainer.env.addVariable(...)`). They are built the first time one of them is
 * read: until then the app writes the very same YAML from plain data, which synthesizes
 * faster and in less memory. cdk8s-plus-28's StatefulSet lacks claim templates and the
 * retention policy; the built StatefulSet gets them through JSON patches on its ApiObject.
 *
 * @example
 * new StatefulAppWithStorage(chart, 'web', {
 *   image: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
 *   replicas: 3,
 *   headlessServiceName: 'nginx',
 *   storage: { name: 'www', size: '1Gi', mountPath: '/usr/share/nginx/html', storageClassName: 'gold' },
 * });
 */
export class StatefulAppWithStorage extends Construct implements IWorkloadPattern {
  /** Name of the StatefulSet. */
  public readonly name: string;
  /** Namespace of every object, when one is set. */
  public readonly namespace?: string;
  /** The PodDisruptionBudget, when `disruptionBudget` is given. */
  public readonly disruptionBudget?: kplus.k8s.KubePodDisruptionBudget;
  /** The labels on every object and pod. */
  public readonly labels: { [key: string]: string };
  /** The labels the Services and budget select pods by (`name` and `instance`). */
  public readonly selectorLabels: { [key: string]: string };
  /** Name of the claim template. */
  public readonly claimTemplateName: string;
  /** The class the claims ask for, undefined for the cluster's default class. */
  public readonly storageClassName?: string;
  /** Number of pods. */
  public readonly replicas: number;
  /** Port the container listens on. */
  public readonly containerPort: number;
  /** Name of the headless Service, the StatefulSet's `serviceName`. */
  public readonly headlessServiceName: string;
  private readonly report: Reporter;
  private readonly main: MainContainer;
  private readonly patternLabels: PatternLabels;
  private readonly portName: string;
  private readonly podManagementPolicy: kplus.PodManagementPolicy;
  private readonly updateStrategy: kplus.StatefulSetUpdateStrategy;
  private readonly minReady?: Duration;
  private readonly mountPath: string;
  private readonly subPath?: string;
  /** The claim template, in the L1 props' shape (the size is a Quantity). */
  private readonly claimTemplate: kplus.k8s.KubePersistentVolumeClaimProps;
  private readonly retention: { whenDeleted: ClaimRetention; whenScaled: ClaimRetention };
  private readonly clientSpec?: ResolvedService;
  private readonly clientTarget?: PatternServiceTarget;
  private readonly pod: PodBase;
  private podModel?: PodTemplateModel;
  private templateJson?: object;
  private parts?: StatefulAppParts;

  constructor(scope: Construct, id: string, props: StatefulAppWithStorageProps) {
    super(scope, id);
    const report = new Reporter(this, TYPE);
    this.report = report;
    checkProps(report, props, "with at least 'image' and 'storage'");
    if (props.storage === undefined || props.storage === null || typeof props.storage !== 'object') {
      report.fail('storage', props.storage, "must be an object with at least 'mountPath' and 'size'");
    }
    checkStruct(report, 'clientService', props.clientService);
    checkStruct(report, 'disruptionBudget', props.disruptionBudget);
    this.name = resolveName(this, report, props.name, 52);
    this.namespace = resolveNamespace(this, report, props.namespace);
    this.replicas = checkInteger(report, 'replicas', props.replicas ?? 1, 0, 10000);
    this.containerPort = checkPort(report, 'containerPort', props.containerPort ?? 8080);
    this.portName = checkPortName(report, 'portName', props.portName ?? 'tcp');
    this.headlessServiceName = props.headlessServiceName === undefined
      ? checkServiceName(report, 'name', `${this.name}-headless`, "the headless Service's name (`<name>-headless` unless 'headlessServiceName' is given)")
      : checkServiceName(report, 'headlessServiceName', props.headlessServiceName);

    // `server`, not `database`: the pattern runs databases, brokers and web servers alike.
    const labels = PatternLabels.of(report, this.name, 'server', props);
    this.patternLabels = labels;
    this.labels = labels.all;
    this.selectorLabels = labels.selector;
    this.main = MainContainer.resolve(report, props, {
      containerPort: this.containerPort,
      portName: this.portName,
      resourcePreset: ResourcePreset.NANO,
      // Stateful apps are mostly databases and brokers: a TCP connect is the probe that fits all.
      healthChecks: HealthChecks.tcp(),
    });
    const store = report.child('storage');
    this.claimTemplateName = checkDnsLabel(store, 'name', props.storage.name ?? 'data');
    const modes = checkAccessModes(store, 'accessModes', props.storage.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]);
    const cls = resolveClaimClass(store, props.storage, modes, this);
    this.storageClassName = cls.name;
    this.claimTemplate = {
      metadata: {
        name: this.claimTemplateName,
        // Only the selector labels: the template is immutable, and these never change.
        labels: Object.fromEntries(Object.entries(labels.selector).sort()),
        annotations: claimAnnotations(cls),
      },
      spec: claimSpec(store, props.storage.size, modes, cls),
    };
    this.retention = {
      whenDeleted: checkRetention(store, 'whenDeleted', props.storage.whenDeleted),
      whenScaled: checkRetention(store, 'whenScaled', props.storage.whenScaled),
    };

    this.podManagementPolicy = checkOneOf(report, 'podManagementPolicy', props.podManagementPolicy ?? kplus.PodManagementPolicy.ORDERED_READY,
      Object.values(kplus.PodManagementPolicy));
    checkMadeBy(report, 'updateStrategy', props.updateStrategy, '_toKube', 'StatefulSetUpdateStrategy.rollingUpdate() or onDelete()');
    this.minReady = checkDuration(report, 'minReady', props.minReady);
    const rolling = props.updateStrategy?._toKube().rollingUpdate;
    if (rolling?.partition !== undefined) checkInteger(report, 'updateStrategy.partition', rolling.partition, 0, 2147483647);
    if (rolling?.maxUnavailable !== undefined) {
      checkIntOrPercent(report, 'updateStrategy.maxUnavailable', rolling.maxUnavailable.value, 'PercentOrAbsolute.absolute() or percent()');
    }
    this.updateStrategy = props.updateStrategy ?? DEFAULT_UPDATE_STRATEGY;
    this.pod = this.main.renderPod();
    this.mountPath = this.checkClaimMount(store, props.storage, this.pod.scratch);
    this.subPath = props.storage.subPath;

    if (props.clientService) {
      const client = report.child('clientService');
      const clientName = props.clientService.name === undefined
        ? checkServiceName(report, 'name', this.name, "the client Service's name (the app's 'name' unless 'clientService.name' is given)")
        : checkServiceName(client, 'name', props.clientService.name);
      if (clientName === this.headlessServiceName) {
        client.fail('name', clientName, "is the name of the headless Service too; give 'clientService.name' or 'headlessServiceName' another value");
      }
      this.clientSpec = resolveServiceOptions(client, props.clientService, this);
      claimNodePort(this, client, this.clientSpec.nodePort);
      this.clientTarget = { name: clientName, namespace: this.namespace, labels, portName: this.portName, containerPort: this.containerPort };
    }

    // The manifests, as plain objects until a part is read (see `materialize`). The
    // StatefulSet's spec is rendered at synth: injections change it after construction.
    this.plainObject('HeadlessService', 'v1', 'Service', this.metadata(this.headlessServiceName), () => this.renderHeadlessSpec());
    const statefulSet = this.plainObject('StatefulSet', 'apps/v1', 'StatefulSet', this.metadata(this.name), () => this.renderStatefulSetSpec());
    if (this.clientSpec && this.clientTarget) {
      const client = renderService(this.clientSpec, this.clientTarget);
      this.plainObject('Service', 'v1', 'Service', client.metadata, () => client.spec);
    }
    registerPlainTarget(this, () => (this.parts ? undefined : {
      pod: this.model,
      container: this.model,
      describe: `StatefulSet "${this.name}"`,
      name: this.name,
      namespace: this.namespace,
      remember: replay => this.model.remember(replay),
      superseded: () => this.model.materialized,
    }));

    if (props.disruptionBudget) {
      this.disruptionBudget = addDisruptionBudget(this, report, props.disruptionBudget, this.name, this.namespace, labels, this.replicas);
    }
    this.checkView(statefulSet, () => statefulSet.rendersBody);
    AppChecks.of(this);
    const [classGiven, minReady] = [props.storage.storageClass !== undefined, props.minReady && `${props.minReady.toSeconds()}s`];
    attributeToProps(this, () => statefulSetAttributions(report, store, classGiven, minReady));
  }

  /**
   * The pod template as plain data, made when first needed (by an injection or the synth):
   * an app whose parts are read right away never needs it.
   */
  private get model(): PodTemplateModel {
    if (!this.podModel) {
      this.podModel = new PodTemplateModel(this.labels, this.main.podAnnotations(), this.pod, this.main.renderContainer('app'));
      this.podModel.mountSupplied(this.mountPath, this.claimTemplateName, this.subPath);
    }
    return this.podModel;
  }

  /** The StatefulSet. Reading it builds the app's cdk8s-plus parts. */
  public get statefulSet(): kplus.StatefulSet {
    return this.materialize().statefulSet;
  }

  /** The headless Service named in the StatefulSet's `serviceName`. Reading it builds the app's cdk8s-plus parts. */
  public get headlessService(): kplus.Service {
    return this.materialize().headlessService;
  }

  /** The client Service, when `clientService` is given. Reading it builds the app's cdk8s-plus parts. */
  public get service(): kplus.Service | undefined {
    return this.clientSpec ? this.materialize().service : undefined;
  }

  /** The app's container. Reading it builds the app's cdk8s-plus parts. */
  public get mainContainer(): kplus.Container {
    return this.materialize().container;
  }

  /** The workload, for add-ons such as `ConfigMapInjection`. Reading it builds the app's cdk8s-plus parts. */
  public get workload(): kplus.Workload {
    return this.statefulSet;
  }

  /**
   * The stable DNS name of one pod: `<name>-<ordinal>.<headless>.<namespace>.svc.<cluster domain>`, in the domain of the cluster profile (`cluster.local` without one).
   *
   * @param ordinal the pod's ordinal, 0 to replicas - 1
   */
  public podDnsName(ordinal: number): string {
    this.checkOrdinal(ordinal);
    return `${this.name}-${ordinal}.${serviceDnsName(this.headlessServiceName, this.namespace, clusterDomainFor(this))}`;
  }

  /**
   * The name of the claim the StatefulSet creates for one pod: `<template>-<name>-<ordinal>`.
   *
   * @param ordinal the pod's ordinal, 0 to replicas - 1
   */
  public claimName(ordinal: number): string {
    this.checkOrdinal(ordinal);
    return `${this.claimTemplateName}-${this.name}-${ordinal}`;
  }

  /** The names of all claims the replicas get, in ordinal order. */
  public get claimNames(): string[] {
    return Array.from({ length: this.replicas }, (_, i) => this.claimName(i));
  }

  private checkOrdinal(ordinal: number): void {
    if (this.replicas === 0) this.report.fail('ordinal', ordinal, 'the StatefulSet has 0 replicas, so no pod has an ordinal');
    checkInteger(this.report, 'ordinal', ordinal, 0, this.replicas - 1);
  }

  /**
   * Checks where the claim template is mounted in the main container, against the scratch
   * emptyDirs the container mounts before it.
   */
  private checkClaimMount(report: Reporter, options: StatefulStorageOptions, scratch: { path: string; name: string }[]): string {
    const mountPath = checkAbsolutePath(report, 'mountPath', options.mountPath);
    for (const m of scratch) {
      if (m.path.replace(/\/+$/, '') === mountPath.replace(/\/+$/, '')) report.fail('mountPath', mountPath, 'is already a writable scratch path of the container; mount the volume elsewhere');
      if (m.name === this.claimTemplateName) report.fail('name', this.claimTemplateName, 'is the name of another volume of the pod');
    }
    if (options.subPath !== undefined && (typeof options.subPath !== 'string' || options.subPath.startsWith('/') || /(^|\/)\.\.(\/|$)/.test(options.subPath) || options.subPath === '')) {
      report.fail('subPath', options.subPath, "must be a relative path inside the volume, without '..' segments");
    }
    return mountPath;
  }

  /**
   * Lets the storage checks read the StatefulSet's claims from the pattern's data instead of
   * rendering its whole manifest, while `valid` says the manifest is still what the pattern
   * made it: its name, namespace, replicas and claim template are fixed at construction.
   */
  private checkView(statefulSet: ApiObject, valid: () => boolean): void {
    let view: object | undefined;
    addStorageChecks(this, statefulSet, this.report.child('storage'));
    registerCheckView(statefulSet, () => (valid() ? view ??= {
      apiVersion: statefulSet.apiVersion,
      kind: statefulSet.kind,
      metadata: { name: statefulSet.metadata.name, namespace: statefulSet.metadata.namespace },
      spec: { replicas: this.replicas, volumeClaimTemplates: [this.claimTemplateJson()] },
    } : undefined));
  }

  private metadata(name: string): object {
    return { name, namespace: this.namespace, labels: { ...this.labels } };
  }

  /** A manifest as plain data, under the id its cdk8s-plus object takes when the parts are built. */
  private plainObject(id: string, apiVersion: string, kind: string, metadata: object, spec: () => object): RenderedApiObject {
    return new RenderedApiObject(this, id, apiVersion, kind, metadata, ['spec'], () => ({ spec: spec() }));
  }

  /** The headless Service as cdk8s-plus writes it with the pattern's patches. */
  private renderHeadlessSpec(): object {
    return {
      clusterIP: 'None',
      ports: [{ name: this.portName, port: this.containerPort, protocol: kplus.Protocol.TCP, targetPort: this.containerPort }],
      publishNotReadyAddresses: true,
      selector: { ...this.selectorLabels },
      type: kplus.ServiceType.CLUSTER_IP,
    };
  }

  /** The claim template as API JSON; rendered once, as it never changes (the renderings copy it). */
  private claimTemplateJson(): object {
    this.templateJson ??= kplus.k8s.toJson_KubePersistentVolumeClaimProps(this.claimTemplate)!;
    return this.templateJson;
  }

  /** The StatefulSet spec as cdk8s-plus writes it, with the claim template and retention it has no props for. */
  private renderStatefulSetSpec(): object {
    return {
      minReadySeconds: (this.minReady ?? Duration.seconds(0)).toSeconds(),
      persistentVolumeClaimRetentionPolicy: { ...this.retention },
      podManagementPolicy: this.podManagementPolicy,
      replicas: this.replicas,
      selector: { matchLabels: { ...this.selectorLabels } },
      serviceName: this.headlessServiceName,
      template: this.model.render(),
      updateStrategy: this.updateStrategy === DEFAULT_UPDATE_STRATEGY
        ? DEFAULT_UPDATE_STRATEGY_JSON : kplus.k8s.toJson_StatefulSetUpdateStrategy(this.updateStrategy._toKube()),
      volumeClaimTemplates: [this.claimTemplateJson()],
    };
  }

  /**
   * Builds the cdk8s-plus parts in place of the plain manifests and replays every injection
   * on them. Done once, on the first read of a part.
   */
  private materialize(): StatefulAppParts {
    if (this.parts) return this.parts;
    const client = this.clientSpec && this.clientTarget ? { spec: this.clientSpec, target: this.clientTarget } : undefined;
    // The client Service's id only when the app has one: a child a user gave that id stays.
    const plainIds = client ? PLAIN_IDS : PLAIN_IDS.filter(id => id !== 'Service');
    const following = childrenFollowing(this, plainIds);
    for (const id of plainIds) this.node.tryRemoveChild(id);
    const labels = this.patternLabels;
    // Ours, not cdk8s-plus' automatic one: that needs the container ports before the
    // container exists, and cannot publish not-ready addresses.
    const headlessService = new kplus.Service(this, 'HeadlessService', {
      metadata: this.metadata(this.headlessServiceName),
      clusterIP: 'None',
      // Peers find each other while they start, before they are ready.
      publishNotReadyAddresses: true,
      ports: [{ name: this.portName, port: this.containerPort, targetPort: this.containerPort, protocol: kplus.Protocol.TCP }],
    });
    for (const [key, value] of Object.entries(labels.selector)) headlessService.selectLabel(key, value);
    // cdk8s-plus writes `externalIPs: []`, and the StatefulSet adds its path-derived address
    // label to the selector, which our pods do not carry.
    ApiObject.of(headlessService).addJsonPatch(
      JsonPatch.remove('/spec/externalIPs'),
      JsonPatch.remove('/spec/selector/cdk8s.io~1metadata.addr'),
    );
    const statefulSet = new kplus.StatefulSet(this, 'StatefulSet', {
      ...this.main.workloadProps(this.name, this.namespace, labels),
      service: headlessService,
      replicas: this.replicas,
      podManagementPolicy: this.podManagementPolicy,
      strategy: this.updateStrategy,
      minReady: this.minReady,
    });
    const container = this.main.addTo(statefulSet, labels, 'app');
    this.mountClaim(statefulSet, container);
    const api = ApiObject.of(statefulSet);
    // In the L1 props' shape (the size is a Quantity): the L1 renders API JSON after patching.
    api.addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates', [this.claimTemplate]));
    api.addJsonPatch(JsonPatch.add('/spec/persistentVolumeClaimRetentionPolicy', { ...this.retention }));
    const service = client ? buildService(this, 'Service', client.spec, client.target) : undefined;
    // The new objects come last in the tree; moving the children that followed the plain
    // manifests after them keeps the YAML in the order it had. Where the construct node keeps
    // its children otherwise, a chain of dependencies does (cdk8s writes dependencies first),
    // at a cost to every synthesis (bench/README.md, "Reading a part").
    if (!moveChildrenToEnd(this, following)) {
      const chain = [headlessService, statefulSet, service, this.disruptionBudget].filter(c => c !== undefined);
      chain.forEach((c, i) => (i > 0 ? c.node.addDependency(chain[i - 1]) : undefined));
    }
    for (const part of [headlessService, statefulSet, service]) if (part) renderFaster(ApiObject.of(part));
    this.parts = { statefulSet, headlessService, service, container };
    this.podModel?.replay();
    // Until someone patches it further, adds an autoscaler (which drops `replicas`) or a resolver,
    // the built StatefulSet holds the same claims: the checks need not render it either.
    const patches = () => (api as unknown as { patches: unknown[] }).patches.length;
    const ours = patches();
    this.checkView(api, () => patches() === ours && !statefulSet.hasAutoscaler && onlyBuiltInResolvers(this));
    return this.parts;
  }

  /**
   * Mounts the claim template in the main container. cdk8s-plus adds a pod volume for every
   * mount; the StatefulSet supplies this one from the template, so the stand-in is removed
   * again. It is the main container's next volume, after the scratch emptyDirs, because
   * cdk8s-plus lists the volumes of the first container's mounts first, in mount order.
   */
  private mountClaim(statefulSet: kplus.StatefulSet, container: kplus.Container): void {
    const index = new Set(container.mounts.map(m => m.volume)).size;
    const standIn = kplus.Volume.fromEmptyDir(this, 'ClaimMount', this.claimTemplateName);
    container.mount(this.mountPath, standIn, { subPath: this.subPath });
    ApiObject.of(statefulSet).addJsonPatch(
      JsonPatch.test(`/spec/template/spec/volumes/${index}/name`, this.claimTemplateName),
      JsonPatch.remove(`/spec/template/spec/volumes/${index}`),
    );
  }
}

/** The cdk8s-plus objects of a StatefulAppWithStorage, built on first access. */
interface StatefulAppParts {
  readonly statefulSet: kplus.StatefulSet;
  readonly headlessService: kplus.Service;
  readonly service?: kplus.Service;
  readonly container: kplus.Container;
}

/** One pod at a time, highest ordinal first. Immutable, so shared. */
const DEFAULT_UPDATE_STRATEGY = kplus.StatefulSetUpdateStrategy.rollingUpdate();
const DEFAULT_UPDATE_STRATEGY_JSON = kplus.k8s.toJson_StatefulSetUpdateStrategy(DEFAULT_UPDATE_STRATEGY._toKube());

/** Ids of the plain manifests, which the cdk8s-plus objects take over. */
const PLAIN_IDS = ['HeadlessService', 'StatefulSet', 'Service'];

function checkRetention(report: Reporter, prop: string, value: ClaimRetention | undefined): ClaimRetention {
  const retention = value ?? ClaimRetention.RETAIN;
  if (!Object.values(ClaimRetention).includes(retention)) {
    report.fail(prop, retention, `must be one of ${Object.values(ClaimRetention).join(', ')}`);
  }
  return retention;
}
