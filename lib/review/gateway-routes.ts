import { asArray, isObject, kindOf, Manifest, nameOf, namespaceOf, selectorMatches } from '../checks/manifest';

// A plain-object model of Gateway API v1 routing for the review tools: which listeners a
// route attaches to, with which hostnames, which requests its rules match, and where their
// backendRefs send them. It reads manifests as written (the CRDs' defaults applied here:
// parentRef group/kind, PathPrefix "/", weight 1, allowedRoutes from Same), so hand-written
// routes and the patterns' own read alike.

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute'];

function groupOf(m: Manifest): string {
  const apiVersion = typeof m.apiVersion === 'string' ? m.apiVersion : '';
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

export function isRoute(m: Manifest): boolean {
  return ROUTE_KINDS.includes(kindOf(m)) && groupOf(m) === GATEWAY_API_GROUP;
}

export function isGateway(m: Manifest): boolean {
  return kindOf(m) === 'Gateway' && groupOf(m) === GATEWAY_API_GROUP;
}

export function isReferenceGrant(m: Manifest): boolean {
  return kindOf(m) === 'ReferenceGrant' && groupOf(m) === GATEWAY_API_GROUP;
}

/** `namespace/name` of a Gateway. */
export function gatewayKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export interface ParentRef {
  readonly index: number;
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly sectionName?: string;
  readonly port?: number;
}

/** A route's parentRefs with the CRD's defaults (group gateway.networking.k8s.io, kind Gateway, the route's namespace). */
export function parentRefsOf(route: Manifest): ParentRef[] {
  return asArray(route.spec?.parentRefs).map((p, index) => ({
    index,
    group: typeof p?.group === 'string' ? p.group : GATEWAY_API_GROUP,
    kind: typeof p?.kind === 'string' ? p.kind : 'Gateway',
    namespace: typeof p?.namespace === 'string' ? p.namespace : namespaceOf(route),
    name: String(p?.name),
    sectionName: typeof p?.sectionName === 'string' ? p.sectionName : undefined,
    port: typeof p?.port === 'number' ? p.port : undefined,
  })).filter(p => p.group === GATEWAY_API_GROUP && p.kind === 'Gateway');
}

export function sameParent(a: ParentRef, b: ParentRef): boolean {
  return a.namespace === b.namespace && a.name === b.name && a.sectionName === b.sectionName && a.port === b.port;
}

export interface Listener {
  readonly index: number;
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly hostname?: string;
  readonly allowedRoutes: any;
}

export function listenersOf(gateway: Manifest): Listener[] {
  return asArray(gateway.spec?.listeners).map((l, index) => ({
    index,
    name: String(l?.name),
    port: l?.port,
    protocol: String(l?.protocol),
    hostname: typeof l?.hostname === 'string' ? l.hostname : undefined,
    allowedRoutes: l?.allowedRoutes,
  }));
}

/** Whether a host pattern (`a.example.com`, `*.example.com`, or '*' for any) covers another one. */
export function hostCovers(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) return true;
  if (!pattern.startsWith('*.')) return false;
  const suffix = pattern.slice(1); // ".example.com"
  return host.endsWith(suffix) && host.length > suffix.length;
}

/**
 * The hostnames a route is served under on a listener: the intersection of the route's
 * hostnames with the listener's hostname ('*' where neither restricts); empty when they do
 * not intersect, and the route does not attach there.
 */
export function effectiveHosts(route: Manifest, listenerHost: string | undefined): string[] {
  const hosts = asArray(route.spec?.hostnames).filter(h => typeof h === 'string');
  if (hosts.length === 0) return [listenerHost ?? '*'];
  if (listenerHost === undefined) return hosts;
  return [...new Set(hosts.flatMap(h => (hostCovers(listenerHost, h) ? [h] : hostCovers(h, listenerHost) ? [listenerHost] : [])))];
}

/** Route kinds an HTTP or HTTPS listener takes; other protocols take none of these routes. */
function protocolTakes(protocol: string, kind: string): boolean {
  return (protocol === 'HTTP' || protocol === 'HTTPS') && ROUTE_KINDS.includes(kind);
}

/** Whether a listener's allowedRoutes admits a route (kinds, and namespaces Same / All / Selector). */
export function admits(listener: Listener, gateway: Manifest, route: Manifest, namespaces: Manifest[]): boolean {
  const allowed = isObject(listener.allowedRoutes) ? listener.allowedRoutes : {};
  const kinds = asArray(allowed.kinds);
  if (kinds.length > 0 && !kinds.some(k => k?.kind === kindOf(route) && (k?.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP)) return false;
  if (!protocolTakes(listener.protocol, kindOf(route))) return false;
  const from = allowed.namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return namespaceOf(route) === namespaceOf(gateway);
  if (from === 'Selector') {
    const ns = namespaces.find(n => nameOf(n) === namespaceOf(route));
    // Without the Namespace object its labels are unknown: assume the platform team admits it.
    if (!ns) return true;
    const labels = { ...(isObject(ns.metadata?.labels) ? ns.metadata.labels : {}), 'kubernetes.io/metadata.name': nameOf(ns) };
    return selectorMatches(allowed.namespaces?.selector, labels);
  }
  return false;
}

/** One listener a route is attached to, through one of its parentRefs, with the hostnames it is served under there. */
export interface Attachment {
  readonly parent: ParentRef;
  /** `namespace/name` of the Gateway. */
  readonly gateway: string;
  /** The listener's name, or the parentRef's sectionName ('*' for all) when the Gateway is not in the manifests. */
  readonly listener: string;
  /** The Gateway is not among the manifests: its listeners are unknown. */
  readonly unknown: boolean;
  readonly hosts: string[];
}

/** Whether a route attaches to one listener of a Gateway through a parentRef. */
export function attachesTo(route: Manifest, parent: ParentRef, gateway: Manifest, listener: Listener, namespaces: Manifest[]): boolean {
  if (parent.sectionName !== undefined && parent.sectionName !== listener.name) return false;
  if (parent.port !== undefined && parent.port !== listener.port) return false;
  return admits(listener, gateway, route, namespaces) && effectiveHosts(route, listener.hostname).length > 0;
}

/** Every listener a route attaches to, given the Gateways (by `namespace/name`) and Namespaces of the same manifests. */
export function attachmentsOf(route: Manifest, gateways: Map<string, Manifest>, namespaces: Manifest[]): Attachment[] {
  const out: Attachment[] = [];
  for (const parent of parentRefsOf(route)) {
    const key = gatewayKey(parent.namespace, parent.name);
    const gateway = gateways.get(key);
    if (!gateway) {
      out.push({ parent, gateway: key, listener: parent.sectionName ?? '*', unknown: true, hosts: effectiveHosts(route, undefined) });
      continue;
    }
    for (const listener of listenersOf(gateway)) {
      if (!attachesTo(route, parent, gateway, listener, namespaces)) continue;
      out.push({ parent, gateway: key, listener: listener.name, unknown: false, hosts: effectiveHosts(route, listener.hostname) });
    }
  }
  return out;
}

// ---- rules and matches --------------------------------------------------------------------

/** A match with the CRD's defaults applied and its lists sorted, comparable with `same`. */
export type Match = { [key: string]: any };

function sortedConditions(list: unknown, lowerCaseNames: boolean): any[] {
  return asArray(list).map(h => ({
    type: h?.type ?? 'Exact',
    name: lowerCaseNames ? String(h?.name).toLowerCase() : String(h?.name),
    value: String(h?.value),
  })).sort((a, b) => (`${a.name}=${a.value}` < `${b.name}=${b.value}` ? -1 : 1));
}

/** The matches of a route rule, defaulted: an HTTPRoute rule without matches matches PathPrefix "/"; a GRPCRoute one matches everything. */
export function matchesOf(route: Manifest, rule: any): Match[] {
  const grpc = kindOf(route) === 'GRPCRoute';
  const raw = asArray(rule?.matches);
  const list = raw.length > 0 ? raw : [{}];
  return list.map(m => (grpc
    ? {
      method: isObject(m?.method) ? { type: m.method.type ?? 'Exact', service: m.method.service, method: m.method.method } : undefined,
      headers: sortedConditions(m?.headers, true),
    }
    : {
      path: { type: m?.path?.type ?? 'PathPrefix', value: m?.path?.value ?? '/' },
      headers: sortedConditions(m?.headers, true),
      queryParams: sortedConditions(m?.queryParams, false),
      method: typeof m?.method === 'string' ? m.method : undefined,
    }));
}

function conditionsCover(general: any[], specific: any[]): boolean {
  return general.every(g => specific.some(s => s.type === g.type && s.name === g.name && s.value === g.value));
}

function pathCovers(general: any, specific: any): boolean {
  if (general.type === specific.type && general.value === specific.value) return true;
  if (general.type !== 'PathPrefix') return false;
  if (general.value === '/') return true;
  if (specific.type === 'RegularExpression') return false;
  const prefix = general.value.endsWith('/') ? general.value : `${general.value}/`;
  return specific.value === general.value || specific.value.startsWith(prefix);
}

/** Whether every request `specific` matches is matched by `general` too. */
export function matchCovers(general: Match, specific: Match, grpc: boolean): boolean {
  if (!conditionsCover(general.headers, specific.headers)) return false;
  if (grpc) {
    const g = general.method;
    const s = specific.method;
    if (g === undefined) return true;
    if (s === undefined || g.type !== s.type) return false;
    if (g.type !== 'Exact') return g.service === s.service && g.method === s.method;
    return (g.service === undefined || g.service === s.service) && (g.method === undefined || g.method === s.method);
  }
  if (!conditionsCover(general.queryParams, specific.queryParams)) return false;
  if (general.method !== undefined && general.method !== specific.method) return false;
  return pathCovers(general.path, specific.path);
}

/** A match as a reviewer reads it: `/api`, `= /login`, `~ ^/v[0-9]+`, `GET /`, `x-canary: always`, `grpc.Service/Method`. */
export function matchText(match: Match, grpc: boolean): string {
  const headers = match.headers.map((h: any) => `${h.name}${h.type === 'Exact' ? ':' : ' ~'} ${h.value}`);
  if (grpc) {
    const m = match.method;
    const method = m === undefined ? '' : `${m.type === 'Exact' ? '' : '~ '}${m.service ?? '*'}/${m.method ?? '*'}`;
    return [method || 'any method', ...headers].join(' · ');
  }
  const path = match.path.type === 'Exact' ? `= ${match.path.value}` : match.path.type === 'RegularExpression' ? `~ ${match.path.value}` : match.path.value;
  const query = match.queryParams.map((q: any) => `?${q.name}${q.type === 'Exact' ? '=' : '~'}${q.value}`);
  return [[match.method, path].filter(x => x).join(' ') + query.join(''), ...headers].join(' · ');
}

export interface BackendRef {
  readonly index: number;
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly port?: number;
  readonly weight: number;
}

/** A rule's backendRefs, defaulted: group '' and kind Service, the route's namespace, weight 1. */
export function backendRefsOf(route: Manifest, rule: any): BackendRef[] {
  return asArray(rule?.backendRefs).map((b, index) => ({
    index,
    group: typeof b?.group === 'string' ? b.group : '',
    kind: typeof b?.kind === 'string' ? b.kind : 'Service',
    namespace: typeof b?.namespace === 'string' ? b.namespace : namespaceOf(route),
    name: String(b?.name),
    port: typeof b?.port === 'number' ? b.port : undefined,
    weight: typeof b?.weight === 'number' ? b.weight : 1,
  }));
}

export function isService(b: BackendRef): boolean {
  return b.group === '' && b.kind === 'Service';
}

/** The share (0–100, one decimal) of a rule's requests a backendRef gets. */
export function sharePercent(backends: BackendRef[], b: BackendRef): number {
  const total = backends.reduce((sum, x) => sum + Math.max(0, x.weight), 0);
  return total === 0 ? 0 : Math.round((Math.max(0, b.weight) / total) * 1000) / 10;
}

/** The RequestRedirect filter of a rule, if any: such a rule answers without a backend. */
export function redirectOf(rule: any): any {
  return asArray(rule?.filters).find(f => f?.type === 'RequestRedirect')?.requestRedirect;
}

/**
 * The ReferenceGrant that lets a route reach a backend in another namespace, or undefined
 * when none among `grants` does (a same-namespace backend needs none: check that first).
 */
export function grantFor(route: Manifest, backend: BackendRef, grants: Manifest[]): Manifest | undefined {
  return grants.filter(g => namespaceOf(g) === backend.namespace).find(g =>
    asArray(g.spec?.from).some(f => f?.group === GATEWAY_API_GROUP && f?.kind === kindOf(route) && f?.namespace === namespaceOf(route))
    && asArray(g.spec?.to).some(t => (t?.group ?? '') === backend.group && t?.kind === backend.kind && (t?.name === undefined || t.name === backend.name)));
}
