import { GatewayFacts, ListenerFacts, ProfileFacts, profileNamespaceLevel, StorageClassFacts } from './facts';
import { ACCESS_MODES_ANNOTATION } from './provisioners';
import { PodSecurityLevel, ProfileRoutesFrom } from './types';
import { Manifest, selectorMatches } from '../checks/manifest';
import { checkPodSecurityAdmission } from '../checks/pod-security';

/*
 * The rules of a cluster profile as pure functions. Each returns why the cluster would refuse
 * or ignore what it is given (the `<rule>` part of the library's message), or undefined when
 * the cluster accepts it or the profile does not know. Patterns call them with their props;
 * `checkAgainstProfile` calls them with synthesized manifests.
 */

/** "(it has: a, b)", or "(it has none)". */
function itHas(names: string[]): string {
  return names.length > 0 ? `(it has: ${names.join(', ')})` : '(it has none)';
}

/** A claim or claim template, as the storage rule reads it. */
export interface ClaimRequest {
  /** undefined: the cluster's default class; '': only PersistentVolumes without a class. */
  readonly className?: string;
  readonly modes: readonly string[];
  /** The claim will be grown later, so the class must allow expansion. */
  readonly expand?: boolean;
}

/** What about a claim the cluster refuses: its class, its access modes, or its growth. */
export type ClaimAspect = 'storageClassName' | 'accessModes' | 'expand';

/**
 * A claim's class exists in the cluster (or the app makes it) and serves the access modes and
 * expansion the claim asks for.
 *
 * @param appClasses classes the app itself creates or gives static volumes: the cluster need not have them
 */
export function claimProblem(facts: ProfileFacts, claim: ClaimRequest,
  appClasses: ReadonlySet<string> = new Set()): { aspect: ClaimAspect; rule: string } | undefined {
  const classes = facts.storageClasses;
  if (claim.className === '' || classes === undefined) return undefined;
  if (claim.className !== undefined && appClasses.has(claim.className)) return undefined;
  let cls: StorageClassFacts | undefined;
  if (claim.className === undefined) {
    const defaults = classes.filter(c => c.defaultClass);
    if (defaults.length === 0) {
      return {
        aspect: 'storageClassName',
        rule: `names no StorageClass, and the cluster profile '${facts.name}' has no default StorageClass ${itHas(classes.map(c => c.name))}; the claim would stay Pending. Name a class`,
      };
    }
    // Several defaults: Kubernetes takes the newest, which the profile cannot tell.
    if (defaults.length > 1) return undefined;
    cls = defaults[0];
  } else {
    cls = classes.find(c => c.name === claim.className);
    if (cls === undefined) {
      return { aspect: 'storageClassName', rule: `the cluster profile '${facts.name}' has no StorageClass "${claim.className}" ${itHas(classes.map(c => c.name))}` };
    }
  }
  const missing = claim.modes.filter(m => !cls!.accessModes.includes(m));
  if (missing.length > 0) {
    const guess = cls.accessModesKnown ? '' : ` (its provisioner ${cls.provisioner} is not in the known provisioners table, so only ReadWriteOnce is assumed; `
      + `if it serves more, list them in the class's annotation ${ACCESS_MODES_ANNOTATION} or in the profile)`;
    return {
      aspect: 'accessModes',
      rule: `StorageClass "${cls.name}" of the cluster profile '${facts.name}' serves only ${cls.accessModes.join(', ')}${guess}; ${missing.join(', ')} would leave the claim Pending`,
    };
  }
  if (claim.expand && !cls.allowVolumeExpansion) {
    return { aspect: 'expand', rule: `StorageClass "${cls.name}" of the cluster profile '${facts.name}' does not allow volume expansion; the API server refuses a larger request` };
  }
  return undefined;
}

/**
 * A StorageClass the app creates does not clash with one of the same name in the cluster: a
 * class's provisioner (like its parameters, reclaimPolicy and volumeBindingMode) is immutable,
 * so the API server refuses to apply one with another provisioner over it.
 */
export function storageClassClashProblem(facts: ProfileFacts, name: string, provisioner: string): string | undefined {
  const existing = facts.storageClasses?.find(c => c.name === name);
  if (existing === undefined || existing.provisioner === provisioner) return undefined;
  return `the cluster profile '${facts.name}' already has StorageClass "${name}" with provisioner ${existing.provisioner}; `
    + 'a StorageClass\'s provisioner is immutable, so the API server refuses this one. Give it another name';
}

/**
 * An Ingress's class exists in the cluster (or the app makes it); an Ingress without one needs
 * exactly one default IngressClass.
 */
export function ingressClassProblem(facts: ProfileFacts, className: string | undefined,
  appClasses: ReadonlySet<string> = new Set()): string | undefined {
  const classes = facts.ingressClasses;
  if (classes === undefined) return undefined;
  const names = classes.map(c => c.name);
  if (className !== undefined) {
    if (appClasses.has(className) || names.includes(className)) return undefined;
    return `the cluster profile '${facts.name}' has no IngressClass "${className}" ${itHas(names)}; no controller would serve the Ingress`;
  }
  const defaults = classes.filter(c => c.defaultClass).map(c => c.name);
  if (defaults.length === 1) return undefined;
  return defaults.length === 0
    ? `the Ingress names no class, and the cluster profile '${facts.name}' has no default IngressClass ${itHas(names)}; no controller would serve it. Name a class`
    : `the Ingress names no class, and the cluster profile '${facts.name}' has ${defaults.length} default IngressClasses (${defaults.join(', ')}); the API server refuses an Ingress without a class then. Name one`;
}

/** A Gateway's class exists in the cluster (or the app makes it). */
export function gatewayClassProblem(facts: ProfileFacts, className: string, appClasses: ReadonlySet<string> = new Set()): string | undefined {
  const classes = facts.gatewayClasses;
  if (classes === undefined || appClasses.has(className) || classes.some(c => c.name === className)) return undefined;
  return `the cluster profile '${facts.name}' has no GatewayClass "${className}" ${itHas(classes.map(c => c.name))}; no controller would program the Gateway`;
}

/** A route, as the parentRef rule reads it. */
export interface RouteRequest {
  readonly kind: string;
  readonly namespace: string;
  /** Empty: every host name. */
  readonly hostnames: readonly string[];
}

/** A route's reference to a Gateway of the cluster. */
export interface ParentRefRequest {
  readonly name: string;
  /** @default the route's namespace */
  readonly namespace?: string;
  readonly sectionName?: string;
  readonly port?: number;
}

export type ParentAspect = 'name' | 'sectionName' | 'port' | 'attach';

/**
 * A route's parentRef names a Gateway of the cluster, one of whose listeners (the one named by
 * `sectionName`, or any) admits the route: its namespace, its kind and one of its host names.
 *
 * @param namespaceLabels the labels of a namespace, when known (for listeners that select namespaces)
 */
export function parentRefProblem(facts: ProfileFacts, route: RouteRequest, parent: ParentRefRequest,
  namespaceLabels: (namespace: string) => { [key: string]: string } | undefined): { aspect: ParentAspect; rule: string } | undefined {
  const gateways = facts.gateways;
  if (gateways === undefined) return undefined;
  const namespace = parent.namespace ?? route.namespace;
  const gateway = gateways.find(g => g.name === parent.name && g.namespace === namespace);
  if (gateway === undefined) {
    return {
      aspect: 'name',
      rule: `the cluster profile '${facts.name}' has no Gateway "${parent.name}" in namespace "${namespace}" ${itHas(gateways.map(g => `${g.namespace}/${g.name}`))}`,
    };
  }
  const id = `Gateway "${gateway.namespace}/${gateway.name}" of the cluster profile '${facts.name}'`;
  let listeners = gateway.listeners;
  if (parent.sectionName !== undefined) {
    listeners = listeners.filter(l => l.name === parent.sectionName);
    if (listeners.length === 0) return { aspect: 'sectionName', rule: `${id} has no listener "${parent.sectionName}" ${itHas(gateway.listeners.map(l => l.name))}` };
  }
  if (parent.port !== undefined) {
    const onPort = listeners.filter(l => l.port === parent.port);
    if (onPort.length === 0) {
      return { aspect: 'port', rule: `${id} has no listener${parent.sectionName ? ` "${parent.sectionName}"` : ''} on port ${parent.port} (listeners: ${listeners.map(l => `${l.name} ${l.port}`).join(', ')})` };
    }
    listeners = onPort;
  }
  const refusals = listeners.map(l => listenerRefusal(gateway, l, route, namespaceLabels));
  if (refusals.some(r => r === undefined)) return undefined;
  return { aspect: 'attach', rule: `no listener of ${id} admits the ${route.kind}: ${refusals.join('; ')}` };
}

/** Why a listener refuses a route, or undefined when it admits it. */
function listenerRefusal(gateway: GatewayFacts, l: ListenerFacts, route: RouteRequest,
  namespaceLabels: (namespace: string) => { [key: string]: string } | undefined): string | undefined {
  if (!l.kinds.includes(route.kind)) return `listener "${l.name}" (${l.protocol}) admits ${l.kinds.length > 0 ? l.kinds.join(', ') : 'no route kind'} only`;
  if (l.from === ProfileRoutesFrom.SAME && route.namespace !== gateway.namespace) {
    return `listener "${l.name}" admits routes from namespace "${gateway.namespace}" only (allowedRoutes Same), not "${route.namespace}"`;
  }
  if (l.from === ProfileRoutesFrom.SELECTOR) {
    const labels = namespaceLabels(route.namespace);
    // Unknown labels: the profile cannot tell, so it does not refuse.
    if (labels !== undefined && !selectorMatches(l.selector ?? {}, labels)) {
      return `listener "${l.name}" admits routes only from namespaces matching ${JSON.stringify(l.selector)}, and namespace "${route.namespace}" does not`;
    }
  }
  if (l.hostname !== undefined && route.hostnames.length > 0 && !route.hostnames.some(h => hostnamesIntersect(h, l.hostname!))) {
    return `listener "${l.name}" serves ${l.hostname}, which none of the route's hostnames (${route.hostnames.join(', ')}) falls under`;
  }
  return undefined;
}

/** Whether two Gateway API host names (precise, or `*.` for any number of leading labels) share a host. */
export function hostnamesIntersect(a: string, b: string): boolean {
  const covers = (wild: string, other: string) => wild.startsWith('*.') && other.endsWith(wild.slice(1)) && other.length > wild.length - 1;
  return a === b || covers(a, b) || covers(b, a);
}

/** Where a namespace's Pod Security level comes from, when the app itself writes the Namespace. */
export interface NamespaceLevel {
  readonly level: PodSecurityLevel;
  readonly source: string;
}

/**
 * The pods of a manifest meet the Pod Security level their namespace enforces, as Pod Security
 * admission (Kubernetes 1.23 on) would judge them: the library's exceptions annotation excuses
 * nothing there.
 *
 * @param appLevel the level from a Namespace object of the app, which wins over the profile's
 */
export function podSecurityProblem(facts: ProfileFacts, manifest: Manifest, namespace: string, appLevel?: NamespaceLevel): string | undefined {
  if (facts.minor !== undefined && facts.minor < 23) return undefined;
  const { level, source } = appLevel ?? profileNamespaceLevel(facts, namespace);
  if (level === PodSecurityLevel.PRIVILEGED) return undefined;
  const violations = checkPodSecurityAdmission(manifest, level);
  if (violations.length === 0) return undefined;
  return `namespace "${namespace}" enforces Pod Security "${level}" (${source}), which refuses the pod: `
    + violations.map(v => `${v.field}: ${v.message}`).join('; ');
}

/** A node port within the cluster's range. */
export function nodePortProblem(facts: ProfileFacts, port: number): string | undefined {
  const { min, max } = facts.nodePortRange;
  if (typeof port !== 'number' || (port >= min && port <= max)) return undefined;
  return `must be within the node port range ${min}-${max} of the cluster profile '${facts.name}'`;
}
