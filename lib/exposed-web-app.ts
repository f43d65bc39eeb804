import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AppChecks } from './shared/app-checks';
import { checkInteger, checkMadeBy, checkNodePort, checkOneOf, checkPort, checkStruct } from './shared/checks';
import { IWorkloadPattern, MainContainer, MainContainerOptions } from './shared/container';
import { addDisruptionBudget, DisruptionBudgetOptions } from './shared/disruption';
import { Reporter } from './shared/errors';
import { addIngress, IngressOptions } from './shared/ingress';
import { PatternLabelProps, PatternLabels } from './shared/labels';
import { checkDnsLabel, checkPortName, resolveName, resolveNamespace, serviceDnsName } from './shared/names';
import { NetworkPolicyOptions, restrictIngress } from './shared/network-policy';
import { ResourcePreset } from './shared/resources';
import { checkServiceOptions, ServiceOptions, tuneService } from './shared/service';

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
   * Port the app listens on in the container. Above 1024, since the container runs as a
   * non-root user.
   *
   * @default 8080
   */
  readonly containerPort?: number;

  /**
   * Name of the container port and the Service port; Ingress backends and probes use it.
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
   * A NetworkPolicy: only the ingress controller's namespace and the given peers may reach
   * the pods.
   *
   * @default - none: every pod in the cluster can reach the app
   */
  readonly networkPolicy?: NetworkPolicyOptions;
}

/**
 * A Deployment behind a Service (ClusterIP, NodePort or LoadBalancer), optionally an
 * Ingress, HorizontalPodAutoscaler, PodDisruptionBudget and NetworkPolicy, with selectors,
 * ports and backends that line up by construction.
 *
 * The parts are cdk8s-plus objects; customise them through the public fields, e.g.
 * `web.mainContainer.env.addVariable('LOG_LEVEL', EnvValue.fromValue('debug'))`.
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
  /** The Deployment running the pods. */
  public readonly deployment: kplus.Deployment;
  /** The Service in front of the pods. */
  public readonly service: kplus.Service;
  /** The Ingress, when `ingress` is given. */
  public readonly ingress?: kplus.Ingress;
  /** The HorizontalPodAutoscaler, when `autoscaling` is given. */
  public readonly autoscaler?: kplus.HorizontalPodAutoscaler;
  /** The PodDisruptionBudget, when `disruptionBudget` is given. */
  public readonly disruptionBudget?: kplus.k8s.KubePodDisruptionBudget;
  /** The NetworkPolicy, when `networkPolicy` is given. */
  public readonly networkPolicy?: kplus.k8s.KubeNetworkPolicy;
  /** The app's container. */
  public readonly mainContainer: kplus.Container;
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

  constructor(scope: Construct, id: string, props: ExposedWebAppProps) {
    super(scope, id);
    const report = new Reporter(this, TYPE);
    if (props === undefined || props === null || typeof props !== 'object') {
      report.fail('props', props, "must be an object with at least 'image'");
    }
    this.name = resolveName(this, report, props.name);
    this.serviceName = props.serviceName === undefined ? this.name : checkDnsLabel(report, 'serviceName', props.serviceName);
    this.namespace = resolveNamespace(this, report, props.namespace);
    const portName = checkPortName(report, 'portName', props.portName ?? 'http');
    this.containerPort = checkPort(report, 'containerPort', props.containerPort ?? 8080);
    this.servicePort = checkPort(report, 'servicePort', props.servicePort ?? 80);
    this.serviceType = checkOneOf(report, 'serviceType', props.serviceType ?? kplus.ServiceType.CLUSTER_IP, Object.values(kplus.ServiceType));
    for (const part of ['ingress', 'autoscaling', 'disruptionBudget', 'networkPolicy'] as const) checkStruct(report, part, props[part]);
    const replicas = this.resolveReplicas(report, props);

    const labels = PatternLabels.of(report, this.name, 'web', props);
    this.labels = labels.all;
    this.selectorLabels = labels.selector;
    const main = MainContainer.resolve(report, props, {
      containerPort: this.containerPort,
      portName,
      resourcePreset: ResourcePreset.NANO,
    });

    checkMadeBy(report, 'strategy', props.strategy, '_toKube', 'DeploymentStrategy.rollingUpdate() or recreate()');
    checkMadeBy(report, 'minReady', props.minReady, 'toSeconds', 'Duration.seconds()');
    checkMadeBy(report, 'progressDeadline', props.progressDeadline, 'toSeconds', 'Duration.seconds()');
    this.deployment = new kplus.Deployment(this, 'Deployment', {
      ...main.workloadProps(this.name, this.namespace, labels),
      replicas,
      strategy: props.strategy ?? kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.percent(25),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      minReady: props.minReady,
      progressDeadline: props.progressDeadline,
    });
    const revisionHistoryLimit = checkInteger(report, 'revisionHistoryLimit', props.revisionHistoryLimit ?? 10, 0, 1000);
    ApiObject.of(this.deployment).addJsonPatch(JsonPatch.add('/spec/revisionHistoryLimit', revisionHistoryLimit));
    this.mainContainer = main.addTo(this.deployment, labels, 'app');

    this.service = this.createService(report, props, labels, portName);

    if (props.ingress) {
      this.ingress = addIngress(this, report.child('ingress'), props.ingress, {
        name: this.name, namespace: this.namespace, labels, service: this.service, servicePort: this.servicePort,
      });
    }
    if (props.autoscaling) {
      this.autoscaler = this.createAutoscaler(report, props.autoscaling, labels);
    }
    if (props.disruptionBudget) {
      this.disruptionBudget = addDisruptionBudget(this, report, props.disruptionBudget, this.name, this.namespace, labels,
        props.autoscaling ? props.autoscaling.minReplicas ?? 2 : replicas!);
    }
    if (props.networkPolicy) {
      this.networkPolicy = restrictIngress(this, report.child('networkPolicy'), props.networkPolicy, {
        name: this.name,
        namespace: this.namespace,
        labels,
        ports: [this.containerPort],
        hasIngress: props.ingress !== undefined,
        external: this.serviceType !== kplus.ServiceType.CLUSTER_IP || (props.externalIPs ?? []).length > 0,
      });
    }
    AppChecks.of(this);
  }

  /** The workload, for add-ons such as `ConfigMapInjection`. */
  public get workload(): kplus.Workload {
    return this.deployment;
  }

  /** `<service>.<namespace>.svc.cluster.local`: the Service's name from any namespace. */
  public get dnsName(): string {
    return serviceDnsName(this.serviceName, this.namespace);
  }

  /** The Service's fully qualified name in a cluster with another DNS domain. */
  public dnsNameIn(clusterDomain: string): string {
    return serviceDnsName(this.serviceName, this.namespace, clusterDomain);
  }

  /** `http://<dnsName>:<servicePort>`: the in-cluster URL of the app. */
  public get url(): string {
    return `http://${this.dnsName}:${this.servicePort}`;
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

  private createService(report: Reporter, props: ExposedWebAppProps, labels: PatternLabels, portName: string): kplus.Service {
    if (this.serviceType === kplus.ServiceType.EXTERNAL_NAME) {
      report.fail('serviceType', this.serviceType, 'ExternalName Services have no pods to route to; use ExternalNameService for a DNS alias');
    }
    checkServiceOptions(report, props);
    const exposed = this.serviceType === kplus.ServiceType.NODE_PORT || this.serviceType === kplus.ServiceType.LOAD_BALANCER;
    const isLoadBalancer = this.serviceType === kplus.ServiceType.LOAD_BALANCER;
    if (props.nodePort !== undefined) {
      if (!exposed) report.fail('nodePort', props.nodePort, `is only allowed with serviceType NodePort or LoadBalancer, not ${this.serviceType}`);
      checkNodePort(report, 'nodePort', props.nodePort);
    }
    if (props.loadBalancerClass !== undefined && !isLoadBalancer) {
      report.fail('loadBalancerClass', props.loadBalancerClass, `is only allowed with serviceType LoadBalancer, not ${this.serviceType}`);
    }
    if (props.loadBalancerSourceRanges !== undefined && !isLoadBalancer) {
      report.fail('loadBalancerSourceRanges', props.loadBalancerSourceRanges, `is only allowed with serviceType LoadBalancer, not ${this.serviceType}`);
    }
    if (props.externalTrafficPolicy !== undefined && !exposed && !(props.externalIPs?.length)) {
      report.fail('externalTrafficPolicy', props.externalTrafficPolicy, `needs serviceType NodePort or LoadBalancer, or externalIPs; a ${this.serviceType} Service has no external traffic`);
    }

    const service = new kplus.Service(this, 'Service', {
      metadata: { name: this.serviceName, namespace: this.namespace, labels: { ...labels.all }, annotations: props.serviceAnnotations },
      type: this.serviceType,
      externalIPs: props.externalIPs,
      loadBalancerSourceRanges: props.loadBalancerSourceRanges,
      ports: [{ name: portName, port: this.servicePort, targetPort: this.containerPort, nodePort: props.nodePort, protocol: kplus.Protocol.TCP }],
    });
    for (const [key, value] of Object.entries(labels.selector)) service.selectLabel(key, value);
    tuneService(service, report, props);
    if (!props.externalIPs?.length) {
      // cdk8s-plus writes `externalIPs: []`; drop the noise from the review diff.
      ApiObject.of(service).addJsonPatch(JsonPatch.remove('/spec/externalIPs'));
    }
    return service;
  }

  private createAutoscaler(report: Reporter, options: AutoscalingOptions, labels: PatternLabels): kplus.HorizontalPodAutoscaler {
    const hpa = report.child('autoscaling');
    const min = checkInteger(hpa, 'minReplicas', options.minReplicas ?? 2, 1, 10000);
    const max = checkInteger(hpa, 'maxReplicas', options.maxReplicas, 1, 10000);
    if (min > max) hpa.fail('minReplicas', min, `must not exceed maxReplicas (${max})`);
    const target = checkInteger(hpa, 'targetCpuUtilizationPercent', options.targetCpuUtilizationPercent ?? 80, 1, 100);
    return new kplus.HorizontalPodAutoscaler(this, 'Autoscaler', {
      metadata: { name: this.name, namespace: this.namespace, labels: { ...labels.all } },
      target: this.deployment,
      minReplicas: min,
      maxReplicas: max,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(target))],
    });
  }
}
