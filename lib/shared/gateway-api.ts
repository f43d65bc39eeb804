import { IConstruct } from 'constructs';
import { asArray, isObject, selectorMatches } from '../checks/manifest';

/**
 * Gateway API rules as pure functions over manifest-shaped data: what the CRD schemas and the
 * specification say about host names, paths, durations, which listeners a route attaches to
 * and which ReferenceGrant admits a reference. The constructs (at construction and at synth)
 * and `ManifestChecks` (on any YAML) call the same functions, so the two cannot disagree.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/
 */

/** The API group of every Gateway API kind. */
export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
/** Gateway, HTTPRoute and GRPCRoute: GA since Gateway API v1.0 (GRPCRoute v1.1). */
export const GATEWAY_API_VERSION = `${GATEWAY_GROUP}/v1`;
/**
 * ReferenceGrant: v1beta1 is served, not deprecated and the storage version in every release
 * from v0.6 to v1.6; v1 is only served from v1.5. Writing v1beta1 works on every cluster.
 */
export const REFERENCE_GRANT_API_VERSION = `${GATEWAY_GROUP}/v1beta1`;
/** Label the API server puts on every Namespace (Kubernetes ≥ 1.22): selects a namespace by name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** `Hostname` of the CRDs: a DNS name, optionally with `*.` as its leftmost label. */
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** `PreciseHostname` (redirect and rewrite targets): no wildcard. */
const PRECISE_HOSTNAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** `HTTPHeaderName` / `GRPCHeaderName`: an RFC 7230 token. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
/** Characters an Exact or PathPrefix path may hold (the HTTPRoute CEL rule). */
const PATH_CHARACTERS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;
/** `Duration` (GEP-2257): up to four `<1-5 digits><h|m|s|ms>` parts. */
const DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;

/** Limits of the v1.4-v1.6 standard-channel CRDs. */
export const LIMITS = {
  parentRefs: 32,
  hostnames: 16,
  rules: 16,
  matchesPerRule: 64,
  /** Across all rules of one route (a CEL rule). */
  matchesPerRoute: 128,
  backendRefs: 16,
  filters: 16,
  headerMatches: 16,
  headerModifiers: 16,
  listeners: 64,
  certificateRefs: 64,
  allowedKinds: 8,
  weight: 1_000_000,
  pathLength: 1024,
  headerNameLength: 256,
  headerValueLength: 4096,
  queryValueLength: 1024,
  nameLength: 253,
};

/** A host name a route or listener accepts: precise or `*.`-wildcard, ≤ 253 characters, not an IP address. */
export function isGatewayHostname(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && HOSTNAME.test(value) && !/^[0-9.]+$/.test(value);
}

/** A redirect or rewrite host name: precise, ≤ 253 characters. */
export function isPreciseHostname(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && PRECISE_HOSTNAME.test(value) && !/^[0-9.]+$/.test(value);
}

/** An HTTP or gRPC header name (RFC 7230 token), ≤ 256 characters. */
export function isHeaderName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= LIMITS.headerNameLength && HEADER_NAME.test(value);
}

/**
 * Why an Exact or PathPrefix path value is refused by the HTTPRoute CEL rules, or undefined
 * when it is accepted.
 */
export function pathProblem(value: string): string | undefined {
  if (!value.startsWith('/')) return "must start with '/'";
  if (value.length > LIMITS.pathLength) return `must be at most ${LIMITS.pathLength} characters`;
  for (const bad of ['//', '/./', '/../', '%2f', '%2F', '#']) {
    if (value.includes(bad)) return `must not contain '${bad}'`;
  }
  for (const bad of ['/..', '/.']) {
    if (value.endsWith(bad)) return `must not end with '${bad}'`;
  }
  if (!PATH_CHARACTERS.test(value)) return "must hold only letters, digits, -._~!$&'()*+,;=:@/ and %XX escapes";
  return undefined;
}

/** The Gateway API form of a duration: `1h2m3s4ms`, each part omitted when zero, `0s` for none. */
export function gatewayDuration(milliseconds: number): string {
  let rest = milliseconds;
  const parts: string[] = [];
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return parts.length > 0 ? parts.join('') : '0s';
}

/** Whether a string is a Gateway API duration (`10s`, `1m30s`, `500ms`). */
export function isGatewayDuration(value: unknown): value is string {
  return typeof value === 'string' && DURATION.test(value);
}

/** Milliseconds of a Gateway API duration, or undefined when it is none. */
export function durationMilliseconds(value: unknown): number | undefined {
  if (!isGatewayDuration(value)) return undefined;
  const units: { [unit: string]: number } = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  return [...value.matchAll(/(\d+)(ms|h|m|s)/g)].reduce((sum, [, n, unit]) => sum + Number(n) * units[unit], 0);
}

// ---- host names -----------------------------------------------------------------------------

/** `*.example.com` covers `a.example.com`, `a.b.example.com` and `*.a.example.com`, not `example.com`. */
function covers(wildcard: string, host: string): boolean {
  return wildcard.startsWith('*.') && host.endsWith(wildcard.slice(1)) && host.length > wildcard.length - 1;
}

/** Whether two host names (each precise or wildcard) share at least one host. */
export function hostnamesIntersect(a: string, b: string): boolean {
  return a === b || covers(a, b) || covers(b, a);
}

/**
 * Whether a route with these host names gets traffic from a listener with this host name:
 * a listener or route without host names matches every host; otherwise at least one pair
 * must intersect, or the route is not accepted by that listener.
 */
export function hostnamesMatch(listenerHostname: string | undefined, routeHostnames: readonly string[]): boolean {
  if (listenerHostname === undefined || listenerHostname === '' || routeHostnames.length === 0) return true;
  return routeHostnames.some(h => hostnamesIntersect(listenerHostname, h));
}

// ---- listeners and attachment -----------------------------------------------------------------

/** A Gateway listener as it appears in `spec.listeners[]`. */
export type ListenerJson = { [key: string]: any };

/** What attachment depends on of a route. */
export interface RouteFacts {
  /** `HTTPRoute` or `GRPCRoute`. */
  readonly kind: string;
  /** The route's namespace (`default` when it has none). */
  readonly namespace: string;
  readonly hostnames: readonly string[];
}

/** The labels of a Namespace object, when it is among the objects checked. */
export type NamespaceLabels = (namespace: string) => { [key: string]: string } | undefined;

/** Why a listener does not accept a route, with the rule id `ManifestChecks` reports it under. */
export interface Rejection {
  readonly rule: 'route-allowed' | 'route-hostnames';
  /** What the listener holds against the route. */
  readonly cause: 'namespace' | 'kind' | 'hostnames';
  readonly reason: string;
}

/** Route kinds a listener takes when its `allowedRoutes.kinds` is empty: those of its protocol. */
export function defaultRouteKinds(protocol: unknown): string[] {
  return protocol === 'HTTP' || protocol === 'HTTPS' ? ['HTTPRoute', 'GRPCRoute'] : [];
}

/**
 * The listeners a parentRef selects: the one named by `sectionName`, or all of them, narrowed
 * to `port` when one is given.
 */
export function selectedListeners(listeners: ListenerJson[], sectionName?: string, port?: number): ListenerJson[] {
  return listeners.filter(l => (sectionName === undefined || l?.name === sectionName) && (port === undefined || l?.port === port));
}

/**
 * Whether the listener's `allowedRoutes.namespaces` admits a route namespace: undefined when
 * that cannot be decided (a label selector on labels other than the namespace's name, for a
 * Namespace whose labels are unknown).
 *
 * @param namespaceLabels the labels of the route's Namespace object, when it is known (asked only when needed)
 */
export function admitsNamespace(listener: ListenerJson, gatewayNamespace: string, routeNamespace: string,
  namespaceLabels: NamespaceLabels = () => undefined): boolean | undefined {
  const namespaces = listener?.allowedRoutes?.namespaces;
  const from = namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return routeNamespace === gatewayNamespace;
  if (from !== 'Selector') return false;
  const selector = namespaces?.selector;
  const keys = [...Object.keys(isObject(selector?.matchLabels) ? selector.matchLabels : {}), ...asArray(selector?.matchExpressions).map(e => e?.key)];
  const known = keys.every(k => k === NAMESPACE_NAME_LABEL) ? {} : namespaceLabels(routeNamespace);
  if (known === undefined) return undefined;
  return selectorMatches(selector ?? {}, { ...known, [NAMESPACE_NAME_LABEL]: routeNamespace });
}

/** Whether the listener's `allowedRoutes.kinds` (or its protocol's kinds) include a route kind. */
export function admitsKind(listener: ListenerJson, kind: string): boolean {
  const kinds = asArray(listener?.allowedRoutes?.kinds);
  if (kinds.length === 0) return defaultRouteKinds(listener?.protocol).includes(kind);
  return kinds.some(k => (k?.group ?? GATEWAY_GROUP) === GATEWAY_GROUP && k?.kind === kind);
}

/** A readable summary of a listener, for messages: `"https" (HTTPS :443, *.example.com)`. */
export function describeListener(listener: ListenerJson): string {
  const host = listener?.hostname ? `, ${listener.hostname}` : '';
  return `"${listener?.name}" (${listener?.protocol} :${listener?.port}${host})`;
}

/**
 * Why the listener does not accept the route, or undefined when it does (or when that cannot
 * be decided from what is known).
 */
export function listenerRejection(listener: ListenerJson, gatewayNamespace: string, route: RouteFacts,
  namespaceLabels?: NamespaceLabels): Rejection | undefined {
  const admitted = admitsNamespace(listener, gatewayNamespace, route.namespace, namespaceLabels);
  if (admitted === false) {
    const from = listener?.allowedRoutes?.namespaces?.from ?? 'Same';
    const why = from === 'Same'
      ? `admits only routes of the Gateway's own namespace "${gatewayNamespace}" (allowedRoutes from Same)`
      : from === 'Selector'
        ? `admits only routes of namespaces matching ${JSON.stringify(listener.allowedRoutes.namespaces.selector ?? {})}`
        : `admits routes from no namespace (allowedRoutes from ${from})`;
    return { rule: 'route-allowed', cause: 'namespace', reason: `listener ${describeListener(listener)} ${why}, not "${route.namespace}"` };
  }
  if (!admitsKind(listener, route.kind)) {
    const kinds = asArray(listener?.allowedRoutes?.kinds).map(k => k?.kind);
    return {
      rule: 'route-allowed',
      cause: 'kind',
      reason: `listener ${describeListener(listener)} admits only ${(kinds.length > 0 ? kinds : defaultRouteKinds(listener?.protocol)).join(', ') || 'no route kind'}, not ${route.kind}`,
    };
  }
  if (!hostnamesMatch(listener?.hostname, route.hostnames)) {
    return {
      rule: 'route-hostnames',
      cause: 'hostnames',
      reason: `none of ${JSON.stringify(route.hostnames)} falls under the host name "${listener.hostname}" of listener ${describeListener(listener)}`,
    };
  }
  return undefined;
}

// ---- ReferenceGrants --------------------------------------------------------------------------

/**
 * Whether a ReferenceGrant spec admits a reference from a `fromKind` in `fromNamespace` to the
 * object `toName` of `toKind` (core group unless `toGroup` says otherwise). The grant must live
 * in the target's namespace; the caller picks grants by that.
 */
export function grantCovers(spec: any, fromKind: string, fromNamespace: string, toKind: string, toName: string, toGroup = ''): boolean {
  const fromOk = asArray(spec?.from).some(f => f?.group === GATEWAY_GROUP && f?.kind === fromKind && f?.namespace === fromNamespace);
  const toOk = asArray(spec?.to).some(t => (t?.group ?? '') === toGroup && t?.kind === toKind && (t?.name === undefined || t?.name === toName));
  return fromOk && toOk;
}

/**
 * The spec of a ReferenceGrant letting `fromKinds` of `fromNamespace` refer to the named
 * objects of `toKind` (core group) in the grant's namespace: only those objects, never the
 * whole namespace.
 */
export function referenceGrantSpec(fromKinds: readonly string[], fromNamespace: string, toKind: string, toNames: readonly string[]): object {
  return {
    from: fromKinds.map(kind => ({ group: GATEWAY_GROUP, kind, namespace: fromNamespace })),
    to: toNames.map(name => ({ group: '', kind: toKind, name })),
  };
}

// ---- Gateways built in the app ------------------------------------------------------------------

/**
 * A Gateway that routes can attach to: one built in this app (`Gateway`) or one owned
 * elsewhere (`Gateway.fromGatewayName`).
 */
export interface IGateway extends IConstruct {
  /** Name of the Gateway. */
  readonly gatewayName: string;
  /** Namespace of the Gateway. Undefined for the namespace the manifests are applied to. */
  readonly gatewayNamespace?: string;
}

/** What a Gateway construct tells routes about itself, for the checks at synth. */
export interface GatewayModel {
  readonly name: string;
  /** Its namespace, `default` when it has none. */
  readonly namespace: string;
  /** Its listeners, rendered as in `spec.listeners` (read at synth: listeners may be added late). */
  listeners(): ListenerJson[];
}

const GATEWAYS = new WeakMap<IConstruct, GatewayModel>();

/** Lets routes of the app check their wiring against a Gateway construct. */
export function registerGateway(gateway: IConstruct, model: GatewayModel): void {
  GATEWAYS.set(gateway, model);
}

/** The model of a Gateway construct of the app, or undefined for a reference to one owned elsewhere. */
export function gatewayModel(gateway: IConstruct): GatewayModel | undefined {
  return GATEWAYS.get(gateway);
}
