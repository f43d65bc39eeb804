import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkBoolean, checkCidr, checkList, checkStringList } from './checks';
import { IWorkloadPattern } from './container';
import { Reporter } from './errors';
import { NAMESPACE_NAME_LABEL } from './gateway-api';
import { PatternLabels } from './labels';
import { checkDnsLabel } from './names';
import { checkWorkloadPattern } from './plus-objects';

/**
 * A NetworkPolicy that lets only the named sources reach the pods, on the app's ports: the
 * ingress controller's namespace when the app has an Ingress, the Gateway's data plane when it
 * has a route (both during a migration), and the peers given here.
 * Egress is not restricted.
 */
export interface NetworkPolicyOptions {
  /**
   * Namespace of the ingress controller, allowed in when the app has an Ingress.
   *
   * @default 'ingress-nginx'
   */
  readonly ingressControllerNamespace?: string;

  /**
   * Namespaces where the Gateway implementation runs its proxies (the data plane), allowed
   * in when the app has a `route` or `grpcRoute`. Implementations differ: Istio, NGINX Gateway
   * Fabric and Contour's provisioner run a Gateway's proxies in the Gateway's namespace; Envoy
   * Gateway runs them in its own namespace (`envoy-gateway-system`) unless told otherwise, and
   * Traefik in the namespace Traefik runs in. Implementations that proxy from the node (Cilium)
   * need `allowFromCidrs` or a policy of their own.
   *
   * @default - the namespaces of the routes' parent Gateways
   */
  readonly gatewayDataPlaneNamespaces?: string[];

  /**
   * Namespaces whose pods may connect.
   *
   * @default - none
   */
  readonly allowFromNamespaces?: string[];

  /**
   * Other patterns (an ExposedWebApp front end, a StatefulAppWithStorage) whose pods may connect.
   *
   * @default - none
   */
  readonly allowFrom?: IWorkloadPattern[];

  /**
   * CIDR blocks that may connect. Needed for NodePort and LoadBalancer Services, whose
   * traffic comes from outside the cluster.
   *
   * @default - none
   */
  readonly allowFromCidrs?: string[];

  /**
   * Let every pod of the app's own namespace connect.
   *
   * @default false
   */
  readonly allowSameNamespace?: boolean;
}

export interface PolicyTarget {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: PatternLabels;
  readonly ports: number[];
  readonly hasIngress: boolean;
  /** Namespaces of the Gateways the app's routes attach to; undefined when it has no route. */
  readonly gatewayNamespaces?: string[];
  /** The Service takes traffic from outside the cluster (NodePort, LoadBalancer, external IPs). */
  readonly external?: boolean;
}

/**
 * The NetworkPolicy of a pattern's pods (`id` 'NetworkPolicy'), or of its canary's pods with
 * the same sources.
 */
export function restrictIngress(
  scope: Construct, report: Reporter, options: NetworkPolicyOptions, target: PolicyTarget, id = 'NetworkPolicy',
): kplus.k8s.KubeNetworkPolicy {
  const from: kplus.k8s.NetworkPolicyPeer[] = [];
  const namespaces = new Set<string>();
  const fromNamespace = (ns: string) => {
    from.push({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } } });
    namespaces.add(ns);
  };
  if (target.hasIngress) {
    fromNamespace(checkDnsLabel(report, 'ingressControllerNamespace', options.ingressControllerNamespace ?? 'ingress-nginx'));
  } else if (options.ingressControllerNamespace !== undefined) {
    report.fail('ingressControllerNamespace', options.ingressControllerNamespace, "is only used when the app has an 'ingress'");
  }
  if (target.gatewayNamespaces) {
    const given = checkStringList(report, 'gatewayDataPlaneNamespaces', options.gatewayDataPlaneNamespaces);
    if (options.gatewayDataPlaneNamespaces !== undefined && given.length === 0) {
      report.fail('gatewayDataPlaneNamespaces', given, "must name at least one namespace; leave it out for the Gateways' own namespaces");
    }
    given.forEach((ns, i) => checkDnsLabel(report, `gatewayDataPlaneNamespaces[${i}]`, ns));
    // An ingress controller sharing the Gateway's namespace is admitted once.
    [...new Set(given.length > 0 ? given : target.gatewayNamespaces)].filter(ns => !namespaces.has(ns)).forEach(fromNamespace);
  } else if (options.gatewayDataPlaneNamespaces !== undefined) {
    report.fail('gatewayDataPlaneNamespaces', options.gatewayDataPlaneNamespaces, "is only used when the app has a 'route' or 'grpcRoute'");
  }
  checkStringList(report, 'allowFromNamespaces', options.allowFromNamespaces).forEach((ns, i) => {
    fromNamespace(checkDnsLabel(report, `allowFromNamespaces[${i}]`, ns));
  });
  const peers = checkList(report, 'allowFrom', options.allowFrom);
  peers.forEach((peer, i) => checkWorkloadPattern(report, `allowFrom[${i}]`, peer));
  for (const peer of peers) {
    const peerNamespace = peer.workload.metadata.namespace;
    from.push({
      podSelector: { matchLabels: peer.workload.matchLabels },
      namespaceSelector: peerNamespace && peerNamespace !== target.namespace
        ? { matchLabels: { [NAMESPACE_NAME_LABEL]: peerNamespace } }
        : undefined,
    });
  }
  const cidrs = checkStringList(report, 'allowFromCidrs', options.allowFromCidrs);
  cidrs.forEach((cidr, i) => {
    checkCidr(report, `allowFromCidrs[${i}]`, cidr);
    from.push({ ipBlock: { cidr } });
  });
  if (checkBoolean(report, 'allowSameNamespace', options.allowSameNamespace, false)) from.push({ podSelector: {} });
  if (target.external && cidrs.length === 0) {
    report.fail('allowFromCidrs', cidrs, "must name the client networks when the Service is exposed outside the cluster (NodePort, LoadBalancer or externalIPs), or the policy drops that traffic; use ['0.0.0.0/0'] to accept any client");
  }
  if (from.length === 0) {
    report.fail('allowFrom', [], "names no source, so the policy would drop all traffic to the app; give allowFrom, allowFromNamespaces, allowFromCidrs or allowSameNamespace, or an 'ingress'");
  }
  return new kplus.k8s.KubeNetworkPolicy(scope, id, {
    metadata: { name: target.name, namespace: target.namespace, labels: { ...target.labels.all } },
    spec: {
      podSelector: { matchLabels: { ...target.labels.selector } },
      policyTypes: ['Ingress'],
      ingress: [{
        from,
        ports: target.ports.map(port => ({ port: kplus.k8s.IntOrString.fromNumber(port), protocol: 'TCP' })),
      }],
    },
  });
}
