import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { attributeToProps } from './profile/app-check';
import { routeAttributions, serviceAttributions, workloadAttributions } from './profile/attributions';
import { clusterDomainFor } from './profile/hooks';
import { AppChecks } from './shared/app-checks';
import { CanaryOptions, checkCanaryFits, renderCanaryDeployment, resolveCanary, ResolvedCanary } from './shared/canary';
import { checkDuration, checkInteger, checkIntOrPercent, checkMadeBy, checkOneOf, checkPort, checkProps, checkStruct } from './shared/checks';
import { IWorkloadPattern, MainContainer, MainContainerOptions } from './shared/container';
import { addDisruptionBudget, DisruptionBudgetOptions } from './shared/disruption';
import { Reporter } from './shared/errors';
import { GATEWAY_API_VERSION, gatewayModel, REFERENCE_GRANT_API_VERSION } from './shared/gateway-api';
import { buildIngress, claimIngressRoutes, IngressOptions, IngressTarget, renderIngress, resolveIngress, ResolvedIngress } from './shared/ingress';
import { registerPlainTarget } from './shared/injection';
import { PatternLabelProps, PatternLabels } from './shared/labels';
import { checkPortName, checkServiceName, resolveName, resolveNamespace, serviceDnsName } from './shared/names';
import { NetworkPolicyOptions, restrictIngress } from './shared/network-policy';
import { PodTemplateModel } from './shared/pod-template';
import { childrenFollowing, fitConstructLists, moveChildrenToEnd, RenderedApiObject, renderFaster } from './shared/rendered-object';
import { ResourcePreset } from './shared/resources';
import { ResolvedRoute, resolveGrpcRoute, resolveHttpRoute } from './shared/route';
import {
  attachmentErrors, handMadeRouteGrants, namespaceLabelsOf, patternRoute, renderHttpsRedirect, renderRoute, renderRouteGrants, routeNamespace,
  RouteTarget,
} from './shared/route-manifests';
import { GrpcRouteOptions, RouteOptions } from './shared/route-options';
import {
  buildService, claimNodePort, PatternServiceTarget, renderService, ResolvedService, resolveServiceOptions, SERVICE_TYPES, ServiceOptions,
} from './shared/service';

const TYPE = 'ExposedWebApp';

/**
 * Horizontal pod autoscaling on CPU.
 */
export interface AutoscalingOptions {
  /**
   * Fewest replicas.
   *
   * @default 2
   */
  readonly minReplicas?: number;

  /**
   * Most replicas.
   */
  readonly maxReplicas: number;

  /**
   * Average CPU use, in percent of the request, that the autoscaler aims for.
   *
   * @default 80
   */
  readonly targetCpuUtilizationPercent?: number;
}

/**
 * Props of `ExposedWebApp`.
 */
export interface ExposedWebAppProps extends MainContainerOptions, PatternLabelProps, ServiceOptions {
  /**
   * Name of the Deployment, Service, Ingress and every other object, and the
   * `app.kubernetes.io/instance` label.
   *
   * @default - the construct id in kebab case (`WebApp` → `web-app`)
   */
  readonly name?: string;

  /**
   * Name of the Service, when it should differ from `name` (an existing DNS name clients use).
   *
   * @default - the `name`
   */
  readonly serviceName?: string;

  /**
   * Namespace of every object.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * Number of pods. Not allowed with `autoscaling`, which owns the count.
   *
   * @default 2
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
   * Name of the container port and the Service port, which Ingress backends and probes use.
   *
   * @default 'http'
   */
  readonly portName?: string;

  /**
   * An Ingress routing HTTP(S) to the Service.
   *
   * @default - no Ingress
   */
  readonly ingress?: IngressOptions;

  /**
   * An HTTPRoute (Gateway API) attaching the Service to Gateway listeners. With `ingress` as
   * well, both serve the app: the way to move from an Ingress controller to a Gateway.
   *
   * @default - no HTTPRoute
   */
  readonly route?: RouteOptions;

  /**
   * A GRPCRoute (Gateway API) for an app serving gRPC. The Service port then declares
   * `appProtocol: kubernetes.io/h2c`. Can be combined with `route` for an app serving both.
   *
   * @default - no GRPCRoute
   */
  readonly grpcRoute?: GrpcRouteOptions;

  /**
   * A canary track: a second Deployment and Service running another image, getting a share
   * of the routes' traffic by weight. Needs `route` or `grpcRoute` (an Ingress has no portable
   * weights); an Ingress, if any, keeps sending to the stable Service only. The stable objects
   * do not change when a canary is added or removed.
   *
   * @default - no canary
   */
  readonly canary?: CanaryOptions;

  /**
   * How a new version replaces the old.
   *
   * @default - rolling update, maxSurge 25%, maxUnavailable 0: no capacity is lost during a rollout
   */
  readonly strategy?: kplus.DeploymentStrategy;

  /**
   * Old ReplicaSets kept for `kubectl rollout undo`.
   *
   * @default 10
   */
  readonly revisionHistoryLimit?: number;

  /**
   * How long a new pod must be ready before it counts as available.
   *
   * @default Duration.seconds(0)
   */
  readonly minReady?: Duration;

  /**
   * How long a rollout may make no progress before it is reported failed.
   *
   * @default Duration.seconds(600)
   */
  readonly progressDeadline?: Duration;

  /**
   * A HorizontalPodAutoscaler on CPU.
   *
   * @default - a fixed number of `replicas`
   */
  readonly autoscaling?: AutoscalingOptions;

  /**
   * A PodDisruptionBudget.
   *
   * @default - none
   */
  readonly disruptionBudget?: DisruptionBudgetOptions;

  /**
   * A NetworkPolicy: only the ingress controller's namespace, the Gateways' data plane and the
   * given peers may reach the pods (a canary's pods get a policy of their own with the same sources).
   *
   * @default - none: every pod in the cluster can reach the app
   */
  readonly networkPolicy?: NetworkPolicyOptions;
}

/** The cdk8s-plus Deployment of an ExposedWebApp and its container, built together on first access. */
interface DeploymentPart {
  readonly deployment: kplus.Deployment;
  readonly container: kplus.Container;
}

/** The cdk8s-plus parts of an ExposedWebApp built so far: each on its first read. */
interface WebAppParts {
  deployment?: DeploymentPart;
  service?: kplus.Service;
  ingress?: kplus.Ingress;
  autoscaler?: kplus.HorizontalPodAutoscaler;
}

/** cdk8s-plus's HorizontalPodAutoscaler defaults, written out for the plain manifest: scale down by at most minReplicas pods per 5 minutes. */
function autoscalerBehavior(minReplicas: number): object {
  return {
    scaleDown: { policies: [{ periodSeconds: 300, type: 'Pods', value: minReplicas }], selectPolicy: 'Max', stabilizationWindowSeconds: 300 },
    scaleUp: {
      policies: [{ periodSeconds: 60, type: 'Pods', value: 4 }, { periodSeconds: 60, type: 'Percent', value: 200 }],
      selectPolicy: 'Max',
      stabilizationWindowSeconds: 0,
    },
  };
}

/**
 * A Deployment behind a Service (ClusterIP, NodePort or LoadBalancer), optionally an
 * Ingress and/or Gateway API routes (HTTPRoute, GRPCRoute) with a canary track,
 * HorizontalPodAutoscaler, PodDisruptionBudget and NetworkPolicy, with selectors, ports and
 * backends that line up by construction.
 *
 * The parts are cdk8s-plus objects; customise them through the public fields, e.g.
 * `web.mainContainer.env.addVariable('LOG_LEVEL', EnvValue.fromValue('debug'))`. Each is built
 * the first time it is read, with what it refers to (the Ingress its Service, the autoscaler its
 * Deployment): until then it is written as the very same YAML from plain data, which
 * synthesizes faster and in less memory than cdk8s-plus objects (bench/README.md).
 * `ConfigMapInjection` injects into either form.
 *
 * @example
 * new ExposedWebApp(chart, 'whoami', {
 *   image: 'traefik/whoami:v1.10.1',
 *   args: ['--port', '8080'],
 *   serviceType: kplus.ServiceType.NODE_PORT,
 *   servicePort: 8080,
 *   nodePort: 30001,
 * });
 */
export class ExposedWebApp extends Construct implements IWorkloadPattern {
  /** Name of every object of the app. */
  public readonly name: string;
  /** Name of the Service, the host name clients use. */
  public readonly serviceName: string;
  /** Namespace of every object, when one is set. */
  public readonly namespace?: string;
  /** The PodDisruptionBudget, when `disruptionBudget` is given. */
  public readonly disruptionBudget?: kplus.k8s.KubePodDisruptionBudget;
  /** The NetworkPolicy, when `networkPolicy` is given. */
  public readonly networkPolicy?: kplus.k8s.KubeNetworkPolicy;
  /** The HTTPRoute, when `route` is given. Customise it with JSON patches. */
  public readonly route?: ApiObject;
  /** The HTTP→HTTPS redirect route, when `route.httpsRedirect` is given. */
  public readonly httpsRedirectRoute?: ApiObject;
  /** The GRPCRoute, when `grpcRoute` is given. */
  public readonly grpcRoute?: ApiObject;
  /** ReferenceGrants in the app's namespace, one per namespace of a route that lives elsewhere. */
  public readonly referenceGrants: ApiObject[] = [];
  /** The canary's Deployment, when `canary` is given: the stable one's spec with the canary's image, labels and replicas. */
  public readonly canaryDeployment?: ApiObject;
  /** The canary's Service, when `canary` is given. */
  public readonly canaryService?: ApiObject;
  /** The canary's NetworkPolicy, when both `canary` and `networkPolicy` are given. */
  public readonly canaryNetworkPolicy?: kplus.k8s.KubeNetworkPolicy;
  /** The labels the canary's Service selects its pods by, when `canary` is given. Disjoint from `selectorLabels`. */
  public readonly canarySelectorLabels?: { [key: string]: string };
  /** The labels on every object and pod. */
  public readonly labels: { [key: string]: string };
  /** The labels the Service, budget and policy select pods by (`name` and `instance`). */
  public readonly selectorLabels: { [key: string]: string };
  /** Port the container listens on. */
  public readonly containerPort: number;
  /** Port of the Service. */
  public readonly servicePort: number;
  /** Type of the Service. */
  public readonly serviceType: kplus.ServiceType;

  private readonly main: MainContainer;
  private readonly patternLabels: PatternLabels;
  private readonly replicas?: number;
  private readonly revisionHistoryLimit: number;
  private readonly strategy: kplus.DeploymentStrategy;
  private readonly minReady?: Duration;
  private readonly progressDeadline?: Duration;
  private readonly serviceTarget: PatternServiceTarget;
  private readonly serviceSpec: ResolvedService;
  private readonly ingressSpec?: ResolvedIngress;
  private readonly autoscaling?: { readonly min: number; readonly max: number; readonly cpu: number };
  /** The pod template as plain data, made when an injection or the plain Deployment first needs it. */
  private plainModel?: PodTemplateModel;
  /** Made on the first read of a part: an app never read keeps one field for them all. */
  private parts?: WebAppParts;

  constructor(scope: Construct, id: string, props: ExposedWebAppProps) {
    super(scope, id);
    const report = new Reporter(this, TYPE);
    checkProps(report, props, "with at least 'image'");
    this.name = resolveName(this, report, props.name);
    this.serviceName = props.serviceName === undefined
      ? checkServiceName(report, 'name', this.name, "the Service's name (the app's 'name' unless 'serviceName' is given)")
      : checkServiceName(report, 'serviceName', props.serviceName);
    this.namespace = resolveNamespace(this, report, props.namespace);
    const portName = checkPortName(report, 'portName', props.portName ?? 'http');
    this.containerPort = checkPort(report, 'containerPort', props.containerPort ?? 8080);
    this.servicePort = checkPort(report, 'servicePort', props.servicePort ?? 80);
    this.serviceType = checkOneOf(report, 'serviceType', props.serviceType ?? kplus.ServiceType.CLUSTER_IP, SERVICE_TYPES);
    for (const part of ['ingress', 'autoscaling', 'disruptionBudget', 'networkPolicy', 'route', 'grpcRoute', 'canary'] as const) checkStruct(report, part, props[part]);
    this.replicas = this.resolveReplicas(report, props);

    const labels = PatternLabels.of(report, this.name, 'web', props);
    this.patternLabels = labels;
    this.labels = labels.all;
    this.selectorLabels = labels.selector;
    this.main = MainContainer.resolve(report, props, {
      containerPort: this.containerPort,
      portName,
      resourcePreset: ResourcePreset.NANO,
    });

    checkMadeBy(report, 'strategy', props.strategy, '_toKube', 'DeploymentStrategy.rollingUpdate() or recreate()');
    this.minReady = checkDuration(report, 'minReady', props.minReady);
    this.progressDeadline = checkDuration(report, 'progressDeadline', props.progressDeadline, 1);
    const deadline = (this.progressDeadline ?? Duration.seconds(600)).toSeconds();
    const ready = (this.minReady ?? Duration.seconds(0)).toSeconds();
    if (deadline <= ready) {
      // Name the prop the user gave: the deadline when given, else minReady against the default deadline.
      if (this.progressDeadline) report.fail('progressDeadline', `${deadline}s`, `must be longer than minReady (${ready}s)`);
      report.fail('minReady', `${ready}s`, `must be shorter than progressDeadline (${deadline}s, the default)`);
    }
    this.strategy = props.strategy ?? DEFAULT_STRATEGY;
    // The default is ours and valid: only a given strategy is checked.
    const rolling = props.strategy === undefined ? undefined : this.strategy._toKube().rollingUpdate;
    if (rolling) {
      for (const [field, cap] of [['maxSurge', false], ['maxUnavailable', true]] as const) {
        if (rolling[field] !== undefined) checkIntOrPercent(report, `strategy.${field}`, rolling[field]!.value, 'PercentOrAbsolute.absolute() or percent()', cap);
      }
    }
    this.revisionHistoryLimit = checkInteger(report, 'revisionHistoryLimit', props.revisionHistoryLimit ?? 10, 0, 1000);

    this.serviceTarget = { name: this.serviceName, namespace: this.namespace, labels, portName, containerPort: this.containerPort };
    // gRPC backends speak cleartext HTTP/2; the Gateway learns that from the port's appProtocol.
    this.serviceSpec = resolveServiceOptions(report, props, this, props.grpcRoute ? 'kubernetes.io/h2c' : undefined);
    if (props.ingress) this.ingressSpec = resolveIngress(report.child('ingress'), props.ingress);
    if (props.autoscaling) this.autoscaling = resolveAutoscaling(report.child('autoscaling'), props.autoscaling);
    claimNodePort(this, report, this.serviceSpec.nodePort);
    if (this.ingressSpec) claimIngressRoutes(this, report.child('ingress'), this.ingressSpec);
    const routes = this.resolveRoutes(report, props);
    const canary = this.resolveCanary(report, props, routes);

    // The manifests, as plain objects until their part is read (see `replacePlain`).
    // The Deployment's spec is rendered at synth: injections change it after construction.
    this.plainObject('Deployment', 'apps/v1', this.metadata(this.name), () => this.renderDeploymentSpec(this.model));
    const service = renderService(this.serviceSpec, this.serviceTarget);
    this.plainObject('Service', 'v1', service.metadata, fixed(service.spec));
    if (this.ingressSpec) {
      const ingress = renderIngress(this.ingressSpec, this.ingressTarget);
      this.plainObject('Ingress', 'networking.k8s.io/v1', ingress.metadata, fixed(ingress.spec));
    }
    if (this.autoscaling) {
      this.plainObject('HorizontalPodAutoscaler', 'autoscaling/v2', this.metadata(this.name), fixed(this.renderAutoscalerSpec()), 'Autoscaler');
    }
    const routeTarget: RouteTarget = {
      name: this.name,
      namespace: this.namespace,
      serviceName: this.serviceName,
      servicePort: this.servicePort,
      labels: labels.all,
      canary: canary && {
        serviceName: canary.serviceName, stableWeight: canary.stableWeight, canaryWeight: canary.canaryWeight, header: canary.header,
      },
    };
    for (const route of routes) {
      const m = renderRoute(route, routeTarget);
      const obj = patternRoute(this.gatewayObject(route.kind === 'HTTPRoute' ? 'Route' : 'GrpcRoute', route.kind, m));
      if (route.kind === 'HTTPRoute') this.route = obj; else this.grpcRoute = obj;
      const redirect = renderHttpsRedirect(route, routeTarget);
      if (redirect) this.httpsRedirectRoute = patternRoute(this.gatewayObject('HttpsRedirectRoute', 'HTTPRoute', redirect));
    }
    for (const grant of renderRouteGrants(routes, routeTarget)) {
      this.referenceGrants.push(this.gatewayObject(grant.id, 'ReferenceGrant', grant.manifest, REFERENCE_GRANT_API_VERSION));
    }
    if (canary) {
      this.canarySelectorLabels = { ...canary.labels.selector };
      this.canaryDeployment = this.plainObject('Deployment', 'apps/v1', { name: canary.name, namespace: this.namespace, labels: { ...canary.labels.all } },
        () => renderCanaryDeployment(this.canaryBase(canary), canary, 'app'), 'CanaryDeployment');
      const canaryService = renderService({ type: kplus.ServiceType.CLUSTER_IP, port: this.servicePort, appProtocol: this.serviceSpec.appProtocol },
        { ...this.serviceTarget, name: canary.serviceName, labels: canary.labels });
      this.canaryService = this.plainObject('Service', 'v1', canaryService.metadata, fixed(canaryService.spec), 'CanaryService');
    }
    registerPlainTarget(this, () => {
      if (this.parts?.deployment) return undefined;
      const model = this.model;
      return {
        pod: model,
        container: model,
        describe: `Deployment "${this.name}"`,
        name: this.name,
        namespace: this.namespace,
        remember: replay => model.remember(replay),
        superseded: () => model.materialized,
      };
    });

    if (props.disruptionBudget) {
      this.disruptionBudget = addDisruptionBudget(this, report, props.disruptionBudget, this.name, this.namespace, labels,
        this.autoscaling ? this.autoscaling.min : this.replicas!);
    }
    if (props.networkPolicy) {
      const policy = {
        name: this.name,
        namespace: this.namespace,
        labels,
        ports: [this.containerPort],
        hasIngress: props.ingress !== undefined,
        gatewayNamespaces: routes.length > 0 ? routes.flatMap(r => this.gatewayNamespaces(r, routeTarget)) : undefined,
        external: this.serviceType !== kplus.ServiceType.CLUSTER_IP || (props.externalIPs ?? []).length > 0,
      };
      this.networkPolicy = restrictIngress(this, report.child('networkPolicy'), props.networkPolicy, policy);
      if (canary) {
        this.canaryNetworkPolicy = restrictIngress(this, report.child('networkPolicy'), props.networkPolicy,
          { ...policy, name: canary.name, labels: canary.labels }, 'CanaryNetworkPolicy');
      }
    }
    if (routes.length > 0) {
      this.node.addValidation({ validate: () => routes.flatMap(r => attachmentErrors(report, r, routeTarget, namespaceLabelsOf(this))) });
    }
    AppChecks.of(this).add('route-grants', handMadeRouteGrants);
    attributeToProps(this, () => this.profileAttributions(report, routes));
    fitConstructLists(this);
  }

  /** The Deployment running the pods. Reading it builds the cdk8s-plus Deployment and its container. */
  public get deployment(): kplus.Deployment {
    return this.buildDeployment().deployment;
  }

  /** The Service in front of the pods. Reading it builds the cdk8s-plus Service. */
  public get service(): kplus.Service {
    return this.buildService();
  }

  /** The Ingress, when `ingress` is given. Reading it builds the cdk8s-plus Ingress and the Service it routes to. */
  public get ingress(): kplus.Ingress | undefined {
    return this.ingressSpec ? this.buildIngress(this.ingressSpec) : undefined;
  }

  /** The HorizontalPodAutoscaler, when `autoscaling` is given. Reading it builds the cdk8s-plus autoscaler and the Deployment it scales. */
  public get autoscaler(): kplus.HorizontalPodAutoscaler | undefined {
    return this.autoscaling ? this.buildAutoscaler(this.autoscaling) : undefined;
  }

  /** The app's container. Reading it builds the cdk8s-plus Deployment and its container. */
  public get mainContainer(): kplus.Container {
    return this.buildDeployment().container;
  }

  /** The workload, for add-ons such as `ConfigMapInjection`. Reading it builds the cdk8s-plus Deployment and its container. */
  public get workload(): kplus.Workload {
    return this.deployment;
  }

  /** `<service>.<namespace>.svc.<cluster domain>`: the Service's name from any namespace, in the domain of the cluster profile (`cluster.local` without one). */
  public get dnsName(): string {
    return serviceDnsName(this.serviceName, this.namespace, clusterDomainFor(this));
  }

  /** The Service's fully qualified name in a cluster with another DNS domain. */
  public dnsNameIn(clusterDomain: string): string {
    return serviceDnsName(this.serviceName, this.namespace, clusterDomain);
  }

  /** `http://<dnsName>:<servicePort>`: the in-cluster URL of the app. */
  public get url(): string {
    return `http://${this.dnsName}:${this.servicePort}`;
  }

  /** The props behind the fields a cluster profile may find fault with, so its messages name them. */
  private profileAttributions(report: Reporter, routes: ResolvedRoute[]) {
    const nameOf = (obj: ApiObject | undefined) => obj?.metadata.name ?? '';
    return [
      ...workloadAttributions('Deployment', report),
      ...serviceAttributions(report),
      { kind: 'Ingress', field: 'spec.ingressClassName', report: report.child('ingress'), prop: 'ingressClassName' },
      { kind: 'HorizontalPodAutoscaler', field: 'apiVersion', report, prop: 'autoscaling' },
      ...routes.flatMap(r => [
        ...routeAttributions(r.kind, nameOf(r.kind === 'HTTPRoute' ? this.route : this.grpcRoute), report, r.parents, r.prop),
        ...routeAttributions('HTTPRoute', nameOf(this.httpsRedirectRoute), report, r.httpsRedirect?.parents ?? [], `${r.prop}.httpsRedirect`),
        { kind: 'ReferenceGrant', field: 'apiVersion', report, prop: `${r.prop}.namespace` },
      ]),
    ];
  }

  /** The pod template as plain data: what injections change while the Deployment is plain, and what it renders. */
  private get model(): PodTemplateModel {
    this.plainModel ??= this.propsModel();
    return this.plainModel;
  }

  /** The pod template the props alone give, as plain data. */
  private propsModel(): PodTemplateModel {
    return new PodTemplateModel(this.labels, this.main.podAnnotations(), this.main.renderPod(), this.main.renderContainer('app'));
  }

  private get ingressTarget(): IngressTarget {
    return { name: this.name, namespace: this.namespace, labels: this.patternLabels, serviceName: this.serviceName, servicePort: this.servicePort };
  }

  private resolveRoutes(report: Reporter, props: ExposedWebAppProps): ResolvedRoute[] {
    const routes: ResolvedRoute[] = [];
    if (props.route !== undefined && props.route !== null) routes.push(resolveHttpRoute(report, props.route));
    if (props.grpcRoute !== undefined && props.grpcRoute !== null) routes.push(resolveGrpcRoute(report, props.grpcRoute));
    for (const route of routes) {
      if (route.namespace !== undefined && this.namespace === undefined) {
        report.fail(`${route.prop}.namespace`, route.namespace,
          "needs the app's own namespace ('namespace' or the chart's): the route refers to the app's Service across namespaces, by namespace");
      }
    }
    return routes;
  }

  private resolveCanary(report: Reporter, props: ExposedWebAppProps, routes: ResolvedRoute[]): ResolvedCanary | undefined {
    if (props.canary === undefined || props.canary === null) return undefined;
    if (routes.length === 0) {
      report.fail('canary', props.canary.image ?? props.canary,
        "needs a 'route' or 'grpcRoute': traffic is split by the route's backend weights, and an Ingress has no portable weights");
    }
    const canary = resolveCanary(report, props.canary, {
      name: this.name, serviceName: this.serviceName, labels: this.patternLabels, allowMutableImageTag: props.allowMutableImageTag === true,
    });
    checkCanaryFits(report, routes, canary);
    return canary;
  }

  /** Where the Gateways of a route run: their namespaces, which the NetworkPolicy admits by default. */
  private gatewayNamespaces(route: ResolvedRoute, target: RouteTarget): string[] {
    return route.parents.map(p => gatewayModel(p.gateway)?.namespace ?? p.gateway.gatewayNamespace ?? routeNamespace(route, target) ?? 'default');
  }

  /**
   * The stable Deployment as synthesized, for the canary to copy; or, with `withInjections:
   * false`, the Deployment the props alone give.
   */
  private canaryBase(canary: ResolvedCanary): any {
    if (!canary.withInjections) {
      return { spec: this.renderDeploymentSpec(this.propsModel()) };
    }
    return ApiObject.of(this.node.findChild('Deployment')).toJson();
  }

  /** A Gateway API object as plain data. */
  private gatewayObject(id: string, kind: string, manifest: { metadata: object; spec: object }, apiVersion = GATEWAY_API_VERSION): ApiObject {
    return this.plainObject(kind, apiVersion, manifest.metadata, fixed(manifest.spec), id);
  }

  private resolveReplicas(report: Reporter, props: ExposedWebAppProps): number | undefined {
    if (props.autoscaling) {
      if (props.replicas !== undefined) {
        report.fail('replicas', props.replicas, "cannot be combined with 'autoscaling': the autoscaler owns the replica count; set autoscaling.minReplicas instead");
      }
      return undefined;
    }
    return checkInteger(report, 'replicas', props.replicas ?? 2, 0, 10000);
  }

  private metadata(name: string): object {
    return { name, namespace: this.namespace, labels: { ...this.labels } };
  }

  /** A manifest as plain data, under the id its cdk8s-plus object takes when the parts are built. */
  private plainObject(kind: string, apiVersion: string, metadata: object, spec: () => object, id: string = kind): ApiObject {
    return new RenderedApiObject(this, id, apiVersion, kind, metadata, ['spec'], () => ({ spec: spec() }));
  }

  /** The Deployment spec as cdk8s-plus writes it, with the revision history it has no prop for. */
  private renderDeploymentSpec(pod: PodTemplateModel): object {
    return {
      minReadySeconds: (this.minReady ?? Duration.seconds(0)).toSeconds(),
      progressDeadlineSeconds: (this.progressDeadline ?? Duration.seconds(600)).toSeconds(),
      replicas: this.replicas,
      revisionHistoryLimit: this.revisionHistoryLimit,
      selector: { matchLabels: { ...this.selectorLabels } },
      strategy: this.strategy === DEFAULT_STRATEGY ? DEFAULT_STRATEGY_JSON : kplus.k8s.toJson_DeploymentStrategy(this.strategy._toKube()),
      template: pod.render(),
    };
  }

  private renderAutoscalerSpec(): object {
    const { min, max, cpu } = this.autoscaling!;
    return {
      behavior: autoscalerBehavior(min),
      maxReplicas: max,
      metrics: [{ resource: { name: 'cpu', target: { averageUtilization: cpu, type: 'Utilization' } }, type: 'Resource' }],
      minReplicas: min,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.name },
    };
  }

  /**
   * Builds the cdk8s-plus Deployment and its container in place of the plain Deployment, and
   * replays on them the injections made so far. Done once, on the first read.
   */
  private buildDeployment(): DeploymentPart {
    const parts = this.parts ??= {};
    if (parts.deployment) return parts.deployment;
    const deployment = this.replacePlain('Deployment', () => new kplus.Deployment(this, 'Deployment', {
      ...this.main.workloadProps(this.name, this.namespace, this.patternLabels),
      replicas: this.replicas,
      strategy: this.strategy,
      minReady: this.minReady,
      progressDeadline: this.progressDeadline,
    }));
    ApiObject.of(deployment).addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', this.revisionHistoryLimit));
    // The autoscaler owns the replica count whether or not its cdk8s-plus object is built.
    if (this.autoscaling) deployment.markHasAutoscaler();
    parts.deployment = { deployment, container: this.main.addTo(deployment, this.patternLabels, 'app') };
    this.plainModel?.replay();
    return parts.deployment;
  }

  private buildService(): kplus.Service {
    const parts = this.parts ??= {};
    parts.service ??= this.replacePlain('Service', () => buildService(this, 'Service', this.serviceSpec, this.serviceTarget));
    return parts.service;
  }

  /** The cdk8s-plus Ingress, whose backends name the cdk8s-plus Service (built too). */
  private buildIngress(spec: ResolvedIngress): kplus.Ingress {
    const service = this.buildService();
    const parts = this.parts!;
    parts.ingress ??= this.replacePlain('Ingress', () => buildIngress(this, 'Ingress', spec, this.ingressTarget, service));
    return parts.ingress;
  }

  /** The cdk8s-plus autoscaler, which targets the cdk8s-plus Deployment (built too). */
  private buildAutoscaler(autoscaling: { readonly min: number; readonly max: number; readonly cpu: number }): kplus.HorizontalPodAutoscaler {
    const target = this.buildDeployment().deployment;
    const parts = this.parts!;
    parts.autoscaler ??= this.replacePlain('Autoscaler', () => new kplus.HorizontalPodAutoscaler(this, 'Autoscaler', {
      metadata: this.metadata(this.name),
      target,
      minReplicas: autoscaling.min,
      maxReplicas: autoscaling.max,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(autoscaling.cpu))],
    }));
    return parts.autoscaler;
  }

  /**
   * Puts the cdk8s-plus object `build` makes in place of the plain manifest of id `id`, at the
   * same place in the YAML. cdk8s writes a chart's objects in the order of the construct tree
   * (dependencies first) and a new child comes last among the app's children; so the children
   * that followed the plain manifest move after what `build` added, which restores the order
   * exactly. Dependencies would do it too, but cost every synthesis about 60 µs per app in
   * cdk8s's dependency passes (bench/README.md, "Reading a part"); they remain the way when the
   * construct node keeps its children otherwise (`moveChildrenToEnd`).
   */
  private replacePlain<T extends Construct>(id: string, build: () => T): T {
    const following = childrenFollowing(this, [id]);
    this.node.tryRemoveChild(id);
    const built = build();
    renderFaster(ApiObject.of(built));
    if (!moveChildrenToEnd(this, following)) this.orderByDependencies(built);
    return built;
  }

  /**
   * The same order by dependencies: the object after the built one in the app's order depends
   * on it, and it depends on the one before it when that one was built too. Every run of built
   * objects then comes right before the object that followed it.
   */
  private orderByDependencies(built: Construct): void {
    const order = this.objectOrder();
    const at = order.indexOf(built);
    const before = order[at - 1];
    if (before instanceof kplus.Resource) built.node.addDependency(before);
    order[at + 1]?.node.addDependency(built);
  }

  /** The app's objects in the order the plain app writes them: its Deployment, Service and Ingress first. */
  private objectOrder(): Construct[] {
    // By id, plain or built; an optional part's id only when the app has it, so that a child
    // a user gave that id is no part of the order.
    const part = (id: string, given: boolean) => (given ? this.node.findChild(id) : undefined);
    return [
      part('Deployment', true), part('Service', true), part('Ingress', this.ingressSpec !== undefined), part('Autoscaler', this.autoscaling !== undefined),
      this.route, this.httpsRedirectRoute, this.grpcRoute, ...this.referenceGrants,
      this.canaryDeployment, this.canaryService, this.disruptionBudget, this.networkPolicy, this.canaryNetworkPolicy,
    ].filter((c): c is Construct => c !== undefined);
  }
}

/** Rolling update without losing capacity: a new pod must be ready before an old one goes. Immutable, so shared. */
const DEFAULT_STRATEGY = kplus.DeploymentStrategy.rollingUpdate({
  maxSurge: kplus.PercentOrAbsolute.percent(25),
  maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
});
/**
 * A function giving back a spec rendered at construction. Made here rather than inline: the
 * closures a constructor makes share one scope, which keeps every variable any of them uses
 * (the rendered Service and Ingress with their metadata, the routes, the reporter) for as
 * long as any of them lives, i.e. until synth, in every app.
 */
function fixed(spec: object): () => object {
  return () => spec;
}

const DEFAULT_STRATEGY_JSON = kplus.k8s.toJson_DeploymentStrategy(DEFAULT_STRATEGY._toKube());

function resolveAutoscaling(report: Reporter, options: AutoscalingOptions): { min: number; max: number; cpu: number } {
  const min = checkInteger(report, 'minReplicas', options.minReplicas ?? 2, 1, 10000);
  const max = checkInteger(report, 'maxReplicas', options.maxReplicas, 1, 10000);
  if (min > max) report.fail('minReplicas', min, `must not exceed maxReplicas (${max})`);
  const cpu = checkInteger(report, 'targetCpuUtilizationPercent', options.targetCpuUtilizationPercent ?? 80, 1, 100);
  return { min, max, cpu };
}
