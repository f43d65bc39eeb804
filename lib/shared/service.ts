import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkCidr, checkInteger, checkIp, checkMadeBy, checkNodePort, checkOneOf, checkPort, checkStringList, checkStringMap } from './checks';
import { Reporter } from './errors';
import { PatternLabels } from './labels';

/** Where external traffic may go: any node's pods, or only pods on the node it arrived at. */
export enum ExternalTrafficPolicy {
  /** Spread over all pods; the client's source IP is lost to SNAT. */
  CLUSTER = 'Cluster',
  /** Only to pods on the receiving node; keeps the client's source IP. */
  LOCAL = 'Local',
}

/** Whether a client keeps reaching the same pod. */
export enum SessionAffinity {
  /** Each connection may reach any pod. */
  NONE = 'None',
  /** Connections from one client IP reach the same pod. */
  CLIENT_IP = 'ClientIP',
}

/**
 * Options of a pattern's Service.
 */
export interface ServiceOptions {
  /**
   * How the Service is exposed. NodePort and LoadBalancer make the app reachable from
   * outside the cluster, so they are never the default.
   *
   * @default ServiceType.CLUSTER_IP
   */
  readonly serviceType?: kplus.ServiceType;

  /**
   * Port of the Service.
   *
   * @default 80
   */
  readonly servicePort?: number;

  /**
   * Node port, for NodePort and LoadBalancer Services only; within 30000-32767.
   *
   * @default - the API server picks a free one
   * @see https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
   */
  readonly nodePort?: number;

  /**
   * IP addresses of nodes that accept traffic for the Service on its port.
   *
   * @default - none
   */
  readonly externalIPs?: string[];

  /**
   * The load balancer implementation, for LoadBalancer Services only (e.g. `service.k8s.aws/nlb`).
   *
   * @default - the cluster's default load balancer
   */
  readonly loadBalancerClass?: string;

  /**
   * Client CIDR blocks the load balancer accepts, for LoadBalancer Services only.
   *
   * @default - every address
   */
  readonly loadBalancerSourceRanges?: string[];

  /**
   * Where external traffic goes, for NodePort and LoadBalancer Services.
   *
   * @default - ExternalTrafficPolicy.CLUSTER, the API server's default
   */
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;

  /**
   * Whether a client keeps reaching the same pod.
   *
   * @default SessionAffinity.NONE
   */
  readonly sessionAffinity?: SessionAffinity;

  /**
   * How long a client sticks to its pod, with SessionAffinity.CLIENT_IP.
   *
   * @default Duration.hours(3)
   */
  readonly sessionAffinityTimeout?: Duration;

  /**
   * Annotations on the Service (load balancer settings of cloud providers).
   *
   * @default - none
   */
  readonly serviceAnnotations?: { [key: string]: string };
}

/**
 * Checks the shape of every Service option (lists, choices, durations, annotations) and the
 * addresses in them, before any of them is used.
 */
export function checkServiceOptions(report: Reporter, options: ServiceOptions): void {
  if (options.serviceType !== undefined) checkOneOf(report, 'serviceType', options.serviceType, Object.values(kplus.ServiceType));
  checkStringList(report, 'externalIPs', options.externalIPs).forEach((ip, i) => checkIp(report, `externalIPs[${i}]`, ip));
  checkStringList(report, 'loadBalancerSourceRanges', options.loadBalancerSourceRanges)
    .forEach((cidr, i) => checkCidr(report, `loadBalancerSourceRanges[${i}]`, cidr));
  if (options.externalTrafficPolicy !== undefined) {
    checkOneOf(report, 'externalTrafficPolicy', options.externalTrafficPolicy, Object.values(ExternalTrafficPolicy));
  }
  if (options.sessionAffinity !== undefined) checkOneOf(report, 'sessionAffinity', options.sessionAffinity, Object.values(SessionAffinity));
  checkMadeBy(report, 'sessionAffinityTimeout', options.sessionAffinityTimeout, 'toSeconds', 'Duration.seconds()');
  checkStringMap(report, 'serviceAnnotations', options.serviceAnnotations);
}

/**
 * Sets the Service fields cdk8s-plus-28 has no prop for, through JSON patches on its ApiObject.
 * The patches must use the L1 (TypeScript) field names: the L1 class maps them afterwards and
 * drops any key it does not know.
 */
export function tuneService(service: kplus.Service, report: Reporter, options: ServiceOptions): void {
  const api = ApiObject.of(service);
  if (options.loadBalancerClass !== undefined) {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(options.loadBalancerClass)) {
      report.fail('loadBalancerClass', options.loadBalancerClass, "must be a label-style name such as 'service.k8s.aws/nlb'");
    }
    api.addJsonPatch(JsonPatch.add('/spec/loadBalancerClass', options.loadBalancerClass));
  }
  if (options.externalTrafficPolicy !== undefined) {
    api.addJsonPatch(JsonPatch.add('/spec/externalTrafficPolicy', options.externalTrafficPolicy));
  }
  const affinity = options.sessionAffinity;
  if (options.sessionAffinityTimeout !== undefined && options.sessionAffinityTimeout !== null && affinity !== SessionAffinity.CLIENT_IP) {
    report.fail('sessionAffinityTimeout', `${options.sessionAffinityTimeout.toSeconds()}s`, 'is only allowed with sessionAffinity ClientIP');
  }
  if (affinity === SessionAffinity.CLIENT_IP) {
    const seconds = checkInteger(report, 'sessionAffinityTimeout', (options.sessionAffinityTimeout ?? Duration.hours(3)).toSeconds(), 1, 86400);
    api.addJsonPatch(JsonPatch.add('/spec/sessionAffinity', affinity));
    // Patches on cdk8s-plus objects apply before the L1 class maps its TypeScript field names
    // to Kubernetes ones, so the key is `clientIp` here and `clientIP` in the YAML.
    api.addJsonPatch(JsonPatch.add('/spec/sessionAffinityConfig', { clientIp: { timeoutSeconds: seconds } }));
  }
}

/** What a pattern's Service fronts: its name, labels and the container port it routes to. */
export interface PatternServiceTarget {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: PatternLabels;
  readonly portName: string;
  readonly containerPort: number;
}

/**
 * A ClusterIP, NodePort or LoadBalancer Service for a pattern's pods, built from
 * `ServiceOptions` with every option checked against the Service type (a nodePort needs
 * NodePort or LoadBalancer, load balancer options need LoadBalancer, and so on).
 */
export function createPatternService(scope: Construct, id: string, report: Reporter, options: ServiceOptions,
  target: PatternServiceTarget): kplus.Service {
  checkServiceOptions(report, options);
  const type = options.serviceType ?? kplus.ServiceType.CLUSTER_IP;
  if (type === kplus.ServiceType.EXTERNAL_NAME) {
    report.fail('serviceType', type, 'ExternalName Services have no pods to route to; use ExternalNameService for a DNS alias');
  }
  const exposed = type === kplus.ServiceType.NODE_PORT || type === kplus.ServiceType.LOAD_BALANCER;
  const onlyWith = (prop: string, value: unknown, ok: boolean, types: string) => {
    if (value !== undefined && !ok) report.fail(prop, value, `is only allowed with serviceType ${types}, not ${type}`);
  };
  onlyWith('nodePort', options.nodePort, exposed, 'NodePort or LoadBalancer');
  onlyWith('loadBalancerClass', options.loadBalancerClass, type === kplus.ServiceType.LOAD_BALANCER, 'LoadBalancer');
  onlyWith('loadBalancerSourceRanges', options.loadBalancerSourceRanges, type === kplus.ServiceType.LOAD_BALANCER, 'LoadBalancer');
  if (options.nodePort !== undefined) checkNodePort(report, 'nodePort', options.nodePort);
  if (options.externalTrafficPolicy !== undefined && !exposed && !options.externalIPs?.length) {
    report.fail('externalTrafficPolicy', options.externalTrafficPolicy, `needs serviceType NodePort or LoadBalancer, or externalIPs; a ${type} Service has no external traffic`);
  }
  const port = checkPort(report, 'servicePort', options.servicePort ?? 80);

  const service = new kplus.Service(scope, id, {
    metadata: { name: target.name, namespace: target.namespace, labels: { ...target.labels.all }, annotations: options.serviceAnnotations },
    type,
    externalIPs: options.externalIPs,
    loadBalancerSourceRanges: options.loadBalancerSourceRanges,
    ports: [{ name: target.portName, port, targetPort: target.containerPort, nodePort: options.nodePort, protocol: kplus.Protocol.TCP }],
  });
  for (const [key, value] of Object.entries(target.labels.selector)) service.selectLabel(key, value as string);
  tuneService(service, report, options);
  if (!options.externalIPs?.length) {
    // cdk8s-plus writes `externalIPs: []`; drop the noise from the review diff.
    ApiObject.of(service).addJsonPatch(JsonPatch.remove('/spec/externalIPs'));
  }
  return service;
}
