import { IConstruct } from 'constructs';
import { provisionerAccessModes } from './provisioners';
import {
  ClusterProfileProps, NodePortRange, PodSecurityLevel, ProfileGateway, ProfileGatewayListener, ProfileNamespace, ProfileRoutesFrom,
  ProfileStorageClass,
} from './types';
import {
  checkBoolean, checkInteger, checkList, checkNonEmpty, checkOneOf, checkPort, checkProps, checkStringList, checkStringMap, checkStruct, isStruct,
  NODE_PORT_MAX, NODE_PORT_MIN,
} from '../shared/checks';
import { Reporter } from '../shared/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../shared/names';
import { checkAccessModes, VolumeBindingMode } from '../shared/storage';

/** The label Pod Security admission reads a namespace's enforced level from. */
export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** A StorageClass of the profile, resolved. */
export interface StorageClassFacts {
  readonly name: string;
  readonly provisioner: string;
  readonly defaultClass: boolean;
  readonly volumeBindingMode: VolumeBindingMode;
  readonly allowVolumeExpansion: boolean;
  readonly accessModes: string[];
  /** False when the modes are the ReadWriteOnce-only guess for an unknown provisioner. */
  readonly accessModesKnown: boolean;
}

export interface IngressClassFacts {
  readonly name: string;
  readonly controller: string;
  readonly defaultClass: boolean;
}

export interface GatewayClassFacts {
  readonly name: string;
  readonly controllerName: string;
}

export interface ListenerFacts {
  readonly name: string;
  readonly protocol: string;
  readonly port: number;
  readonly hostname?: string;
  readonly from: ProfileRoutesFrom;
  readonly selector?: { matchLabels?: { [key: string]: string }; matchExpressions?: any[] };
  /** Route kinds it admits; from the protocol when not given. */
  readonly kinds: string[];
}

export interface GatewayFacts {
  readonly name: string;
  readonly namespace: string;
  readonly gatewayClassName: string;
  readonly listeners: ListenerFacts[];
}

export interface NamespaceFacts {
  readonly name: string;
  readonly labels: { [key: string]: string };
  /** The level it enforces: given, or from its label; undefined = the profile's default. */
  readonly enforce?: PodSecurityLevel;
}

/**
 * A profile as the rules read it: checked, defaults applied, lists indexed. A list that is
 * undefined is unknown (its rules are skipped); an empty one says the cluster has none.
 */
export interface ProfileFacts {
  readonly name: string;
  /** `major.minor`, as given. */
  readonly version?: string;
  /** The minor version, for comparisons (1.31 → 31). */
  readonly minor?: number;
  readonly apiVersions?: ReadonlySet<string>;
  /** Kinds by group/version, from `kubectl api-resources`. */
  readonly apiResources?: ReadonlyMap<string, ReadonlySet<string>>;
  readonly storageClasses?: readonly StorageClassFacts[];
  readonly ingressClasses?: readonly IngressClassFacts[];
  readonly gatewayClasses?: readonly GatewayClassFacts[];
  readonly gateways?: readonly GatewayFacts[];
  readonly namespaces?: readonly NamespaceFacts[];
  readonly nodePortRange: NodePortRange;
  readonly clusterDomain: string;
  readonly defaultPodSecurity: PodSecurityLevel;
}

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

const GROUP_VERSION = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v\d+((alpha|beta)\d+)?$/;
const PROFILE_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Route kinds a listener admits by default, by protocol (Gateway API `supportedKinds`). */
export const KINDS_BY_PROTOCOL: { readonly [protocol: string]: string[] } = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

/**
 * A reporter for a profile, which is no construct: messages name it by `where` (its name, or
 * the file it was read from), in the library's one format.
 */
export function profileReporter(where: string): Reporter {
  // Reporter reads nothing of its scope but the path.
  return new Reporter({ node: { path: where } } as unknown as IConstruct, 'ClusterProfile');
}

/** Checks a profile's props and resolves them into the facts the rules read. */
export function resolveProfile(report: Reporter, props: ClusterProfileProps): ProfileFacts {
  checkProps(report, props, "with at least 'name'");
  if (typeof props.name !== 'string' || props.name.length > 63 || !PROFILE_NAME.test(props.name)) {
    report.fail('name', props.name, "must be 1-63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
  }
  let minor: number | undefined;
  if (props.kubernetesVersion !== undefined) {
    const match = typeof props.kubernetesVersion === 'string' ? /^1\.(\d{1,3})$/.exec(props.kubernetesVersion) : null;
    if (!match) report.fail('kubernetesVersion', props.kubernetesVersion, "must be a Kubernetes version as major.minor, such as '1.31'");
    minor = Number(match[1]);
  }
  const apiVersions = props.apiVersions === undefined ? undefined : new Set(checkStringList(report, 'apiVersions', props.apiVersions).map((v, i) => {
    if (!GROUP_VERSION.test(v)) report.fail(`apiVersions[${i}]`, v, "must be a group/version such as 'apps/v1', or 'v1' for the core group");
    return v;
  }));
  let apiResources: Map<string, Set<string>> | undefined;
  if (props.apiResources !== undefined) {
    apiResources = new Map();
    checkList(report, 'apiResources', props.apiResources).forEach((r, i) => {
      const at = report.child(`apiResources[${i}]`);
      checkEntry(report, `apiResources[${i}]`, r);
      if (typeof r.groupVersion !== 'string' || !GROUP_VERSION.test(r.groupVersion)) at.fail('groupVersion', r.groupVersion, "must be a group/version such as 'apps/v1'");
      if (typeof r.kind !== 'string' || !KIND.test(r.kind)) at.fail('kind', r.kind, "must be a kind such as 'Deployment'");
      const kinds = apiResources!.get(r.groupVersion) ?? new Set<string>();
      kinds.add(r.kind);
      apiResources!.set(r.groupVersion, kinds);
    });
  }
  const gatewayApiServed = apiVersions === undefined || [...apiVersions].some(v => v.startsWith(`${GATEWAY_GROUP}/`));
  return {
    name: props.name,
    version: props.kubernetesVersion,
    minor,
    apiVersions,
    apiResources,
    storageClasses: listOf(report, 'storageClasses', props.storageClasses, c => c.name, resolveStorageClass),
    ingressClasses: listOf(report, 'ingressClasses', props.ingressClasses, c => c.name, (at, c) => {
      checkDnsSubdomain(at, 'name', c.name);
      checkNonEmpty(at, 'controller', c.controller);
      return { name: c.name, controller: c.controller, defaultClass: checkBoolean(at, 'defaultClass', c.defaultClass, false) };
    }),
    // Without the Gateway API's group the cluster has neither classes nor Gateways.
    gatewayClasses: listOf(report, 'gatewayClasses', props.gatewayClasses ?? (gatewayApiServed ? undefined : []), c => c.name, (at, c) => {
      checkDnsSubdomain(at, 'name', c.name);
      checkNonEmpty(at, 'controllerName', c.controllerName);
      return { name: c.name, controllerName: c.controllerName };
    }),
    gateways: listOf(report, 'gateways', props.gateways ?? (gatewayApiServed ? undefined : []), g => `${g.namespace}/${g.name}`, resolveGateway),
    namespaces: listOf(report, 'namespaces', props.namespaces, n => n.name, resolveNamespace),
    nodePortRange: resolveNodePortRange(report, props.nodePortRange),
    clusterDomain: props.clusterDomain === undefined ? DEFAULT_CLUSTER_DOMAIN : checkDnsSubdomain(report, 'clusterDomain', props.clusterDomain),
    defaultPodSecurity: checkOneOf(report, 'defaultPodSecurity', props.defaultPodSecurity ?? PodSecurityLevel.PRIVILEGED, Object.values(PodSecurityLevel)),
  };
}

/** An entry of a list: an object (null is no entry, unlike a prop left out). */
function checkEntry(report: Reporter, prop: string, value: unknown): void {
  if (!isStruct(value)) report.fail(prop, value, 'must be an object');
}

/** A list of the profile: each entry checked and resolved, keys unique; undefined stays unknown. */
function listOf<T extends object, R>(report: Reporter, prop: string, list: T[] | undefined, key: (item: T) => string,
  resolve: (at: Reporter, item: T) => R): R[] | undefined {
  if (list === undefined || list === null) return undefined;
  const seen = new Set<string>();
  return checkList(report, prop, list).map((item, i) => {
    checkEntry(report, `${prop}[${i}]`, item);
    const resolved = resolve(report.child(`${prop}[${i}]`), item);
    const k = key(item);
    if (seen.has(k)) report.fail(`${prop}[${i}]`, k, 'is listed twice; list each once');
    seen.add(k);
    return resolved;
  });
}

function resolveStorageClass(at: Reporter, c: ProfileStorageClass): StorageClassFacts {
  checkDnsSubdomain(at, 'name', c.name);
  checkNonEmpty(at, 'provisioner', c.provisioner);
  const fromTable = provisionerAccessModes(c.provisioner);
  const modes = c.accessModes === undefined ? fromTable.modes : checkAccessModes(at, 'accessModes', c.accessModes, false);
  return {
    name: c.name,
    provisioner: c.provisioner,
    defaultClass: checkBoolean(at, 'defaultClass', c.defaultClass, false),
    volumeBindingMode: checkOneOf(at, 'volumeBindingMode', c.volumeBindingMode ?? VolumeBindingMode.IMMEDIATE, Object.values(VolumeBindingMode)),
    allowVolumeExpansion: checkBoolean(at, 'allowVolumeExpansion', c.allowVolumeExpansion, false),
    accessModes: [...modes],
    accessModesKnown: c.accessModes !== undefined || fromTable.known,
  };
}

function resolveGateway(at: Reporter, g: ProfileGateway): GatewayFacts {
  checkDnsSubdomain(at, 'name', g.name);
  checkDnsLabel(at, 'namespace', g.namespace);
  checkDnsSubdomain(at, 'gatewayClassName', g.gatewayClassName);
  const listeners = checkList(at, 'listeners', g.listeners);
  if (listeners.length === 0) at.fail('listeners', g.listeners, 'must list at least one listener');
  const names = new Set<string>();
  return {
    name: g.name,
    namespace: g.namespace,
    gatewayClassName: g.gatewayClassName,
    listeners: listeners.map((l, i) => {
      checkEntry(at, `listeners[${i}]`, l);
      const resolved = resolveListener(at.child(`listeners[${i}]`), l);
      if (names.has(l.name)) at.fail(`listeners[${i}].name`, l.name, 'is the name of another listener of this Gateway');
      names.add(l.name);
      return resolved;
    }),
  };
}

function resolveListener(at: Reporter, l: ProfileGatewayListener): ListenerFacts {
  checkDnsSubdomain(at, 'name', l.name);
  checkNonEmpty(at, 'protocol', l.protocol);
  checkPort(at, 'port', l.port);
  if (l.hostname !== undefined && (typeof l.hostname !== 'string' || l.hostname.length > 253 || !HOSTNAME.test(l.hostname))) {
    at.fail('hostname', l.hostname, "must be a lowercase DNS name, optionally starting with '*.'");
  }
  const from = checkOneOf(at, 'allowedRoutesFrom', l.allowedRoutesFrom ?? ProfileRoutesFrom.SAME, Object.values(ProfileRoutesFrom));
  const selector = l.allowedRoutesSelector === undefined ? undefined : checkStruct(at, 'allowedRoutesSelector', l.allowedRoutesSelector);
  if (from === ProfileRoutesFrom.SELECTOR && selector === undefined) {
    at.fail('allowedRoutesFrom', from, "needs 'allowedRoutesSelector': the labels route namespaces must carry");
  }
  const kinds = l.allowedRouteKinds === undefined ? [...(KINDS_BY_PROTOCOL[l.protocol] ?? [])] : checkStringList(at, 'allowedRouteKinds', l.allowedRouteKinds);
  return {
    name: l.name,
    protocol: l.protocol,
    port: l.port,
    hostname: l.hostname,
    from,
    selector: selector === undefined ? undefined : { matchLabels: selector.matchLabels, matchExpressions: selector.matchExpressions },
    kinds,
  };
}

function resolveNamespace(at: Reporter, n: ProfileNamespace): NamespaceFacts {
  checkDnsLabel(at, 'name', n.name);
  const labels = checkStringMap(at, 'labels', n.labels);
  const levels = Object.values(PodSecurityLevel) as string[];
  const label = labels[ENFORCE_LABEL];
  if (label !== undefined && !levels.includes(label)) at.fail(`labels["${ENFORCE_LABEL}"]`, label, `must be one of ${levels.join(', ')}`);
  const enforce = n.podSecurityEnforce === undefined ? label as PodSecurityLevel | undefined
    : checkOneOf(at, 'podSecurityEnforce', n.podSecurityEnforce, Object.values(PodSecurityLevel));
  return { name: n.name, labels: { ...labels }, enforce };
}

function resolveNodePortRange(report: Reporter, range: NodePortRange | undefined): NodePortRange {
  if (range === undefined || range === null) return { min: NODE_PORT_MIN, max: NODE_PORT_MAX };
  checkStruct(report, 'nodePortRange', range);
  const at = report.child('nodePortRange');
  checkInteger(at, 'min', range.min, 1, 65535);
  checkInteger(at, 'max', range.max, 1, 65535);
  if (range.max < range.min) at.fail('max', range.max, `must not be below min (${range.min})`);
  return { min: range.min, max: range.max };
}

/** The Pod Security level a namespace of the profile enforces, and where that comes from. */
export function profileNamespaceLevel(facts: ProfileFacts, namespace: string): { level: PodSecurityLevel; source: string } {
  const ns = facts.namespaces?.find(n => n.name === namespace);
  if (ns?.enforce !== undefined) {
    return { level: ns.enforce, source: `label ${ENFORCE_LABEL}=${ns.enforce} in the cluster profile '${facts.name}'` };
  }
  return {
    level: facts.defaultPodSecurity,
    source: `the cluster profile '${facts.name}' enforces ${facts.defaultPodSecurity} on namespaces without the label ${ENFORCE_LABEL}`,
  };
}
