import * as kplus from 'cdk8s-plus-28';
import { VolumeBindingMode } from '../shared/storage';

/**
 * A Pod Security Standard, as a namespace enforces it through the label
 * `pod-security.kubernetes.io/enforce`.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum PodSecurityLevel {
  /** No restrictions: what Pod Security admission enforces on a namespace without the label. */
  PRIVILEGED = 'privileged',
  /** Refuses known privilege escalations: host namespaces, privileged containers, hostPath, ... */
  BASELINE = 'baseline',
  /** Baseline plus hardening: non-root, no privilege escalation, capabilities dropped, seccomp, volume types. */
  RESTRICTED = 'restricted',
}

/**
 * Which namespaces a Gateway listener accepts routes from (`allowedRoutes.namespaces.from`).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#fromnamespaces
 */
export enum ProfileRoutesFrom {
  /** Only routes in the Gateway's own namespace. */
  SAME = 'Same',
  /** Routes in every namespace. */
  ALL = 'All',
  /** Routes in namespaces whose labels match `allowedRoutesSelector`. */
  SELECTOR = 'Selector',
}

/**
 * The range node ports are allocated from (kube-apiserver `--service-node-port-range`).
 */
export interface NodePortRange {
  /** Lowest node port. */
  readonly min: number;
  /** Highest node port. */
  readonly max: number;
}

/**
 * A kind the cluster serves, as `kubectl api-resources` lists it.
 */
export interface ProfileApiResource {
  /** Group and version (`gateway.networking.k8s.io/v1`; `v1` for the core group). */
  readonly groupVersion: string;
  /** The kind (`GRPCRoute`). */
  readonly kind: string;
}

/**
 * A StorageClass of the cluster.
 */
export interface ProfileStorageClass {
  /** Name of the class, as claims write it in `storageClassName`. */
  readonly name: string;

  /** The provisioner (`nfs.csi.k8s.io`, `ebs.csi.aws.com`). */
  readonly provisioner: string;

  /**
   * Whether the class is the cluster's default (annotation `storageclass.kubernetes.io/is-default-class`).
   *
   * @default false
   */
  readonly defaultClass?: boolean;

  /**
   * When volumes are bound.
   *
   * @default VolumeBindingMode.IMMEDIATE
   */
  readonly volumeBindingMode?: VolumeBindingMode;

  /**
   * Whether claims of the class may grow.
   *
   * @default false - the API's default when the field is unset
   */
  readonly allowVolumeExpansion?: boolean;

  /**
   * The access modes its volumes can be mounted with. A StorageClass object does not say; the
   * loader takes them from the class's `cdk8s-patterns.io/access-modes` annotation, then from
   * the table of known provisioners (docs/cluster-profile.md).
   *
   * @default - from the known provisioners table; [ReadWriteOnce] for a provisioner it lacks
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];
}

/**
 * An IngressClass of the cluster.
 */
export interface ProfileIngressClass {
  /** Name of the class, as Ingresses write it in `ingressClassName`. */
  readonly name: string;

  /** The controller that serves it (`k8s.io/ingress-nginx`, `traefik.io/ingress-controller`). */
  readonly controller: string;

  /**
   * Whether Ingresses without a class get this one (annotation `ingressclass.kubernetes.io/is-default-class`).
   *
   * @default false
   */
  readonly defaultClass?: boolean;
}

/**
 * A GatewayClass of the cluster.
 */
export interface ProfileGatewayClass {
  /** Name of the class, as Gateways write it in `gatewayClassName`. */
  readonly name: string;

  /** The controller that implements it (`gateway.envoyproxy.io/gatewayclass-controller`). */
  readonly controllerName: string;
}

/**
 * A listener of a Gateway in the cluster.
 */
export interface ProfileGatewayListener {
  /** Name of the listener, the `sectionName` routes attach to. */
  readonly name: string;

  /** Protocol, as the Gateway writes it (`HTTP`, `HTTPS`, `TLS`, `TCP`, `UDP` or an implementation's own). */
  readonly protocol: string;

  /** Port. */
  readonly port: number;

  /**
   * Host name the listener serves, precise or with a leading `*.`.
   *
   * @default - every host name
   */
  readonly hostname?: string;

  /**
   * Namespaces routes may attach from.
   *
   * @default ProfileRoutesFrom.SAME
   */
  readonly allowedRoutesFrom?: ProfileRoutesFrom;

  /**
   * Labels a route's namespace must carry, with `ProfileRoutesFrom.SELECTOR`.
   *
   * @default - none
   */
  readonly allowedRoutesSelector?: kplus.k8s.LabelSelector;

  /**
   * Route kinds the listener accepts (`HTTPRoute`, `GRPCRoute`).
   *
   * @default - the protocol's kinds: HTTPRoute and GRPCRoute for HTTP and HTTPS, TLSRoute for TLS, TCPRoute for TCP, UDPRoute for UDP
   */
  readonly allowedRouteKinds?: string[];
}

/**
 * A Gateway of the cluster, that routes may attach to.
 */
export interface ProfileGateway {
  /** Name of the Gateway. */
  readonly name: string;

  /** Namespace of the Gateway. */
  readonly namespace: string;

  /** Its GatewayClass. */
  readonly gatewayClassName: string;

  /** Its listeners. */
  readonly listeners: ProfileGatewayListener[];
}

/**
 * A namespace of the cluster.
 */
export interface ProfileNamespace {
  /** Name of the namespace. */
  readonly name: string;

  /**
   * Its labels: Gateway listeners select route namespaces by them.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };

  /**
   * The Pod Security Standard the namespace enforces.
   *
   * @default - the label `pod-security.kubernetes.io/enforce` in `labels`, else the profile's `defaultPodSecurity`
   */
  readonly podSecurityEnforce?: PodSecurityLevel;
}

/**
 * What a cluster offers, for the patterns to check an app against before it reaches the
 * cluster. Every list is optional: a list not given is unknown and its rules are skipped; an
 * empty list says the cluster has none.
 */
export interface ClusterProfileProps {
  /** Name of the profile, as messages quote it (`prod`). */
  readonly name: string;

  /**
   * The Kubernetes version the API server serves, as `major.minor` (`1.31`); with
   * `--emulated-version`, the emulated one.
   *
   * @default - unknown: rules on fields and APIs by version are skipped
   */
  readonly kubernetesVersion?: string;

  /**
   * Every group/version the API server serves, as `kubectl api-versions` prints them
   * (`apps/v1`, `gateway.networking.k8s.io/v1`, `v1`).
   *
   * @default - unknown: built-in APIs are judged by `kubernetesVersion`, others are not checked
   */
  readonly apiVersions?: string[];

  /**
   * The kinds the API server serves, with their preferred group/version
   * (`kubectl api-resources`). More precise than `apiVersions`, which says nothing about which
   * kinds of a group a version holds.
   *
   * @default - unknown: kinds are judged by `apiVersions`
   */
  readonly apiResources?: ProfileApiResource[];

  /**
   * The StorageClasses.
   *
   * @default - unknown: claims are not checked against the cluster's classes
   */
  readonly storageClasses?: ProfileStorageClass[];

  /**
   * The IngressClasses.
   *
   * @default - unknown: Ingress classes are not checked
   */
  readonly ingressClasses?: ProfileIngressClass[];

  /**
   * The GatewayClasses.
   *
   * @default - unknown; none when `apiVersions` lacks the Gateway API
   */
  readonly gatewayClasses?: ProfileGatewayClass[];

  /**
   * The Gateways routes may attach to.
   *
   * @default - unknown; none when `apiVersions` lacks the Gateway API
   */
  readonly gateways?: ProfileGateway[];

  /**
   * The namespaces, with their labels and Pod Security level.
   *
   * @default - unknown: only `defaultPodSecurity` applies
   */
  readonly namespaces?: ProfileNamespace[];

  /**
   * The node port range.
   *
   * @default { min: 30000, max: 32767 } - the API server's default
   */
  readonly nodePortRange?: NodePortRange;

  /**
   * The cluster's DNS domain (kubelet `clusterDomain`).
   *
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;

  /**
   * The Pod Security level enforced on namespaces without the `enforce` label (the
   * admission controller's configured defaults).
   *
   * @default PodSecurityLevel.PRIVILEGED - Pod Security admission's built-in default
   */
  readonly defaultPodSecurity?: PodSecurityLevel;
}
