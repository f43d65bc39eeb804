import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { AppChecks } from './app-checks';
import { checkAnnotations, checkCidr, checkDuration, checkInteger, checkIp, checkOneOf, checkPort, checkStringList } from './checks';
import { Reporter } from './errors';
import { PatternLabels } from './labels';
import { checkNodePortFor } from '../profile/hooks';

/** Where external traffic may go: any node's pods, or only pods on the node it arrived at. */
export enum ExternalTrafficPolicy {
  /** Spread over all pods, losing the client's source IP to SNAT. */
  CLUSTER = 'Cluster',
  /** Only to pods on the receiving node, which keeps the client's source IP. */
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
   * Node port, for NodePort and LoadBalancer Services only (within 30000-32767, or the range of the cluster profile).
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

/** A pattern Service's options, checked: what both its cdk8s-plus object and its plain manifest are built from. */
export interface ResolvedService {
  readonly type: kplus.ServiceType;
  readonly port: number;
  readonly nodePort?: number;
  readonly externalIPs?: string[];
  readonly loadBalancerSourceRanges?: string[];
  readonly loadBalancerClass?: string;
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
  /** Set with SessionAffinity.CLIENT_IP only. */
  readonly sessionAffinitySeconds?: number;
  readonly annotations?: { [key: string]: string };
  /** The port's application protocol (`kubernetes.io/h2c` for a gRPC app behind a Gateway). */
  readonly appProtocol?: string;
}

/** What a pattern's Service fronts: its name, labels and the container port it routes to. */
export interface PatternServiceTarget {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: PatternLabels;
  readonly portName: string;
  readonly containerPort: number;
}

/** Every Service type, for the checks (made once: the checks run for every app). */
export const SERVICE_TYPES = Object.values(kplus.ServiceType);

/**
 * Checks every Service option, its shape and against the Service type (a nodePort needs
 * NodePort or LoadBalancer, load balancer options need LoadBalancer, and so on).
 *
 * @param scope the pattern: a node port is checked against the range of its cluster profile
 * @param appProtocol the port's application protocol, when the pattern sets one
 */
export function resolveServiceOptions(report: Reporter, options: ServiceOptions, scope: IConstruct, appProtocol?: string): ResolvedService {
  const type = checkOneOf(report, 'serviceType', options.serviceType ?? kplus.ServiceType.CLUSTER_IP, SERVICE_TYPES);
  if (type === kplus.ServiceType.EXTERNAL_NAME) {
    report.fail('serviceType', type, 'ExternalName Services have no pods to route to; use ExternalNameService for a DNS alias');
  }
  const externalIPs = checkStringList(report, 'externalIPs', options.externalIPs);
  externalIPs.forEach((ip, i) => checkIp(report, `externalIPs[${i}]`, ip));
  checkStringList(report, 'loadBalancerSourceRanges', options.loadBalancerSourceRanges)
    .forEach((cidr, i) => checkCidr(report, `loadBalancerSourceRanges[${i}]`, cidr));
  if (options.externalTrafficPolicy !== undefined) {
    checkOneOf(report, 'externalTrafficPolicy', options.externalTrafficPolicy, Object.values(ExternalTrafficPolicy));
  }
  if (options.sessionAffinity !== undefined) checkOneOf(report, 'sessionAffinity', options.sessionAffinity, Object.values(SessionAffinity));
  checkDuration(report, 'sessionAffinityTimeout', options.sessionAffinityTimeout, 1);
  checkAnnotations(report, 'serviceAnnotations', options.serviceAnnotations);

  const exposed = type === kplus.ServiceType.NODE_PORT || type === kplus.ServiceType.LOAD_BALANCER;
  const onlyWith = (prop: string, value: unknown, ok: boolean, types: string) => {
    if (value !== undefined && !ok) report.fail(prop, value, `is only allowed with serviceType ${types}, not ${type}`);
  };
  onlyWith('nodePort', options.nodePort, exposed, 'NodePort or LoadBalancer');
  if (options.nodePort !== undefined) checkNodePortFor(scope, report, 'nodePort', options.nodePort);
  onlyWith('loadBalancerClass', options.loadBalancerClass, type === kplus.ServiceType.LOAD_BALANCER, 'LoadBalancer');
  onlyWith('loadBalancerSourceRanges', options.loadBalancerSourceRanges, type === kplus.ServiceType.LOAD_BALANCER, 'LoadBalancer');
  if (options.externalTrafficPolicy !== undefined && !exposed && externalIPs.length === 0) {
    report.fail('externalTrafficPolicy', options.externalTrafficPolicy, `needs serviceType NodePort or LoadBalancer, or externalIPs; a ${type} Service has no external traffic`);
  }
  const port = checkPort(report, 'servicePort', options.servicePort ?? 80);
  if (options.loadBalancerClass !== undefined
    && !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(options.loadBalancerClass)) {
    report.fail('loadBalancerClass', options.loadBalancerClass, "must be a label-style name such as 'service.k8s.aws/nlb'");
  }
  const affinity = options.sessionAffinity;
  if (options.sessionAffinityTimeout !== undefined && options.sessionAffinityTimeout !== null && affinity !== SessionAffinity.CLIENT_IP) {
    report.fail('sessionAffinityTimeout', `${options.sessionAffinityTimeout.toSeconds()}s`, 'is only allowed with sessionAffinity ClientIP');
  }
  const sessionAffinitySeconds = affinity === SessionAffinity.CLIENT_IP
    ? checkInteger(report, 'sessionAffinityTimeout', (options.sessionAffinityTimeout ?? Duration.hours(3)).toSeconds(), 1, 86400)
    : undefined;
  return {
    type,
    port,
    nodePort: options.nodePort,
    externalIPs: externalIPs.length > 0 ? externalIPs : undefined,
    loadBalancerSourceRanges: options.loadBalancerSourceRanges,
    loadBalancerClass: options.loadBalancerClass,
    externalTrafficPolicy: options.externalTrafficPolicy,
    sessionAffinitySeconds,
    annotations: options.serviceAnnotations,
    appProtocol,
  };
}

/** The Service as a cdk8s-plus object, with JSON patches for the fields cdk8s-plus-28 lacks. */
export function buildService(scope: Construct, id: string, spec: ResolvedService, target: PatternServiceTarget): kplus.Service {
  const service = new kplus.Service(scope, id, {
    metadata: { name: target.name, namespace: target.namespace, labels: { ...target.labels.all }, annotations: spec.annotations },
    type: spec.type,
    externalIPs: spec.externalIPs,
    loadBalancerSourceRanges: spec.loadBalancerSourceRanges,
    ports: [{ name: target.portName, port: spec.port, targetPort: target.containerPort, nodePort: spec.nodePort, protocol: kplus.Protocol.TCP }],
  });
  for (const [key, value] of Object.entries(target.labels.selector)) service.selectLabel(key, value as string);
  // The patches use the L1 (TypeScript) field names: the L1 class maps them afterwards and drops
  // any key it does not know (so `clientIp` here is `clientIP` in the YAML).
  const api = ApiObject.of(service);
  if (spec.loadBalancerClass !== undefined) api.addJsonPatch(JsonPatch.add('/spec/loadBalancerClass', spec.loadBalancerClass));
  if (spec.externalTrafficPolicy !== undefined) api.addJsonPatch(JsonPatch.add('/spec/externalTrafficPolicy', spec.externalTrafficPolicy));
  if (spec.appProtocol !== undefined) api.addJsonPatch(JsonPatch.add('/spec/ports/0/appProtocol', spec.appProtocol));
  if (spec.sessionAffinitySeconds !== undefined) {
    api.addJsonPatch(JsonPatch.add('/spec/sessionAffinity', SessionAffinity.CLIENT_IP));
    api.addJsonPatch(JsonPatch.add('/spec/sessionAffinityConfig', { clientIp: { timeoutSeconds: spec.sessionAffinitySeconds } }));
  }
  // cdk8s-plus writes `externalIPs: []`; drop the noise from the review diff.
  if (!spec.externalIPs) api.addJsonPatch(JsonPatch.remove('/spec/externalIPs'));
  return service;
}

/** The same Service as plain manifest fields, for a pattern that has not built its cdk8s-plus objects. */
export function renderService(spec: ResolvedService, target: PatternServiceTarget): { metadata: object; spec: object } {
  return {
    metadata: { name: target.name, namespace: target.namespace, labels: { ...target.labels.all }, annotations: spec.annotations },
    spec: {
      type: spec.type,
      selector: { ...target.labels.selector },
      ports: [{
        name: target.portName,
        port: spec.port,
        targetPort: target.containerPort,
        nodePort: spec.nodePort,
        protocol: kplus.Protocol.TCP,
        appProtocol: spec.appProtocol,
      }],
      externalIPs: spec.externalIPs,
      loadBalancerSourceRanges: spec.loadBalancerSourceRanges,
      loadBalancerClass: spec.loadBalancerClass,
      externalTrafficPolicy: spec.externalTrafficPolicy,
      sessionAffinity: spec.sessionAffinitySeconds === undefined ? undefined : SessionAffinity.CLIENT_IP,
      sessionAffinityConfig: spec.sessionAffinitySeconds === undefined ? undefined : { clientIP: { timeoutSeconds: spec.sessionAffinitySeconds } },
    },
  };
}

/** A ClusterIP, NodePort or LoadBalancer Service for a pattern's pods, as a cdk8s-plus object. */
export function createPatternService(scope: Construct, id: string, report: Reporter, options: ServiceOptions,
  target: PatternServiceTarget): kplus.Service {
  const spec = resolveServiceOptions(report, options, scope);
  claimNodePort(scope, report, spec.nodePort);
  return buildService(scope, id, spec, target);
}

/** A node port is the cluster's: a second Service asking for it is refused ("provided port is already allocated"). */
export function claimNodePort(scope: Construct, report: Reporter, nodePort: number | undefined): void {
  if (nodePort === undefined) return;
  AppChecks.of(scope).claimUnique(`node-port/${nodePort}`, scope.node.path, first =>
    report.message('nodePort', nodePort, `is already the node port of '${first}'; the API server gives a node port to one Service only`));
}
