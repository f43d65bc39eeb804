import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkBoolean, checkCidr, checkList, checkStringList } from './checks';
import { IWorkloadPattern } from './container';
import { Reporter } from './errors';
import { PatternLabels } from './labels';
import { checkDnsLabel } from './names';
import { checkWorkloadPattern } from './plus-objects';

/** Label the API server puts on every Namespace (Kubernetes ≥ 1.22): selects a namespace by name. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * A NetworkPolicy that lets only the named sources reach the pods, on the app's ports.
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
  /** The Service takes traffic from outside the cluster (NodePort, LoadBalancer, external IPs). */
  readonly external?: boolean;
}

export function restrictIngress(
  scope: Construct, report: Reporter, options: NetworkPolicyOptions, target: PolicyTarget,
): kplus.k8s.KubeNetworkPolicy {
  const from: kplus.k8s.NetworkPolicyPeer[] = [];
  if (target.hasIngress) {
    const ns = checkDnsLabel(report, 'ingressControllerNamespace', options.ingressControllerNamespace ?? 'ingress-nginx');
    from.push({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } } });
  } else if (options.ingressControllerNamespace !== undefined) {
    report.fail('ingressControllerNamespace', options.ingressControllerNamespace, "is only used when the app has an 'ingress'");
  }
  checkStringList(report, 'allowFromNamespaces', options.allowFromNamespaces).forEach((ns, i) => {
    checkDnsLabel(report, `allowFromNamespaces[${i}]`, ns);
    from.push({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } } });
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
  return new kplus.k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
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
