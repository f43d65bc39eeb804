import {
  admits, Attachment, attachesTo, attachmentsOf, BackendRef, backendRefsOf, effectiveHosts, gatewayKey, grantFor, hostCovers, isGateway,
  isReferenceGrant, isRoute, isService, Listener, listenersOf, Match, matchCovers, matchesOf, matchText, parentRefsOf, redirectOf, sameParent,
  sharePercent,
} from './gateway-routes';
import { add, Comparison, describeObject, listNames, objectKey, Out, same, UpgradeRisk } from './upgrade-common';
import { asArray, isObject, kindOf, Manifest, mapSelectorMatches, nameOf, namespaceOf, podTemplatesOf } from '../checks/manifest';

// Traffic loss through the Gateway API: requests a Gateway routed before the change that it
// no longer routes after it (a route, parentRef, hostname, rule or listener gone or changed),
// or routes to backends that are gone, weighted to 0, or no longer admitted by a
// ReferenceGrant. A canary's life (add a backendRef, shift weights, promote, drop the canary's
// backendRef, Deployment and Service) loses nothing, and is not reported.

/** One side of the upgrade, read for routing. */
interface Side {
  readonly index: Map<string, Manifest>;
  readonly routes: Manifest[];
  readonly gateways: Map<string, Manifest>;
  readonly namespaces: Manifest[];
  readonly grants: Manifest[];
  readonly services: Map<string, Manifest>;
}

function sideOf(index: Map<string, Manifest>): Side {
  const all = [...index.values()];
  return {
    index,
    routes: all.filter(isRoute),
    gateways: new Map(all.filter(isGateway).map(g => [gatewayKey(namespaceOf(g), nameOf(g)), g])),
    namespaces: all.filter(m => kindOf(m) === 'Namespace'),
    grants: all.filter(isReferenceGrant),
    services: new Map(all.filter(m => kindOf(m) === 'Service').map(s => [`${namespaceOf(s)}/${nameOf(s)}`, s])),
  };
}

/** Reports once per object, field and rule, however many requests a change loses. */
class Report {
  private readonly seen = new Set<string>();
  constructor(private readonly out: Out) {}
  add(object: string, field: string, rule: string, values: [unknown, unknown], message: string): void {
    const key = `${object} ${field} ${rule}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    add(this.out, object, field, rule, UpgradeRisk.TRAFFIC_LOSS, values, message);
  }
}

export function compareTraffic(cmp: Comparison): void {
  const before = sideOf(cmp.before);
  const after = sideOf(cmp.after);
  if (before.routes.length === 0 && before.gateways.size === 0) return;
  const report = new Report(cmp.out);
  for (const [key, gateway] of before.gateways) compareGateway(key, gateway, before, after, report);
  for (const route of before.routes) compareRoute(route, before, after, report, cmp.namespace);
}

function counterpart(m: Manifest, side: Side, namespace: string): Manifest | undefined {
  return side.index.get(objectKey(m, namespace));
}

function routesOn(side: Side, gateway: string, listener: string): Manifest[] {
  return side.routes.filter(r => attachmentsOf(r, side.gateways, side.namespaces).some(a => a.gateway === gateway && a.listener === listener));
}

function describeRoutes(routes: Manifest[]): string {
  return listNames(routes.map(r => `${kindOf(r)} ${namespaceOf(r)}/${nameOf(r)}`), 4);
}

function describeListener(l: Listener): string {
  return `"${l.name}" (${l.port}/${l.protocol}${l.hostname ? ` ${l.hostname}` : ''})`;
}

// ---- Gateways -----------------------------------------------------------------------------

function compareGateway(key: string, gateway: Manifest, before: Side, after: Side, report: Report): void {
  const object = describeObject(gateway);
  const next = after.gateways.get(key);
  // Routes of other repositories may attach when none here names this Gateway.
  const named = before.routes.some(r => parentRefsOf(r).some(p => gatewayKey(p.namespace, p.name) === key));
  const elsewhere = named ? '' : ' (no route in these manifests names it: routes of other teams may)';
  if (!next) {
    const routes = before.routes.filter(r => attachmentsOf(r, before.gateways, before.namespaces).some(a => a.gateway === key));
    report.add(object, '', 'gateway-removed', [nameOf(gateway), undefined],
      `removing the Gateway drops its listeners ${listenersOf(gateway).map(describeListener).join(', ')}: `
      + `${routes.length > 0 ? `the routes attached to it (${describeRoutes(routes)})` : `every route attached to it${elsewhere}`} lose their traffic, `
      + 'and a re-created Gateway may get another address. Keep it, or move the routes to another Gateway first');
    return;
  }
  for (const listener of listenersOf(gateway)) {
    const attached = routesOn(before, key, listener.name);
    if (attached.length === 0 && named) continue;
    const who = attached.length > 0 ? `routes ${describeRoutes(attached)}` : `routes attached to it${elsewhere}`;
    const field = `spec.listeners[${listener.index}]`;
    const nextListener = listenersOf(next).find(l => l.name === listener.name);
    if (!nextListener) {
      // A renamed listener with the same port, protocol and hostname still serves routes that name no sectionName.
      const kept = attached.length > 0 && attached.every(r => {
        const r2 = after.routes.find(x => kindOf(x) === kindOf(r) && namespaceOf(x) === namespaceOf(r) && nameOf(x) === nameOf(r));
        return r2 !== undefined && listenersOf(next).some(l => l.port === listener.port && l.protocol === listener.protocol
          && l.hostname === listener.hostname
          && parentRefsOf(r2).some(p => gatewayKey(p.namespace, p.name) === key && attachesTo(r2, p, next, l, after.namespaces)));
      });
      if (!kept) {
        report.add(object, field, 'gateway-listener-removed', [listener.name, undefined],
          `listener ${describeListener(listener)} is gone: ${who} lose the traffic it carried; keep the listener until no route needs it`);
      }
      continue;
    }
    const changed = (what: string, values: [unknown, unknown], why: string) =>
      report.add(object, `${field}.${what}`, 'gateway-listener-changed', values, why);
    if (listener.port !== nextListener.port) {
      changed('port', [listener.port, nextListener.port],
        `listener "${listener.name}" moves from port ${listener.port} to ${nextListener.port}: clients of port ${listener.port} get no answer, and ${who} lose that traffic. `
        + 'Add a listener on the new port beside the old one, move the clients, then drop the old one');
    }
    if (listener.protocol !== nextListener.protocol) {
      changed('protocol', [listener.protocol, nextListener.protocol],
        `listener "${listener.name}" changes protocol from ${listener.protocol} to ${nextListener.protocol}: clients speaking ${listener.protocol} fail, `
        + `and ${who} lose that traffic${['HTTP', 'HTTPS'].includes(nextListener.protocol) ? '' : ` (${nextListener.protocol} listeners take no HTTP or gRPC routes)`}`);
    }
    // Which attached routes no longer attach because of the listener, not because of the route.
    const detached = () => attached.filter(r => {
      const r2 = after.routes.find(x => objectKey(x) === objectKey(r)) ?? r;
      const parents = parentRefsOf(r2).filter(p => gatewayKey(p.namespace, p.name) === key);
      const probe: Listener = { ...listener, allowedRoutes: nextListener.allowedRoutes };
      return parents.some(p => attachesTo(r2, p, gateway, listener, after.namespaces))
        && !parents.some(p => attachesTo(r2, p, gateway, probe, after.namespaces));
    });
    if (listener.hostname !== nextListener.hostname) {
      // Hostnames attached routes were served under that the new listener hostname no longer covers.
      const lost = attached.flatMap(r => {
        const r2 = after.routes.find(x => objectKey(x) === objectKey(r)) ?? r;
        const now = effectiveHosts(r2, nextListener.hostname);
        return effectiveHosts(r2, listener.hostname).filter(h => !now.some(n => hostCovers(n, h))).map(h => `${h} (${kindOf(r)} ${namespaceOf(r)}/${nameOf(r)})`);
      });
      const narrowed = nextListener.hostname !== undefined
        && (listener.hostname === undefined || !hostCovers(nextListener.hostname, listener.hostname));
      if (lost.length > 0 || (attached.length === 0 && narrowed)) {
        changed('hostname', [listener.hostname, nextListener.hostname],
          `listener "${listener.name}" now serves ${nextListener.hostname ?? 'any hostname'} instead of ${listener.hostname ?? 'any hostname'}: `
          + `${lost.length > 0 ? `requests for ${listNames(lost, 4)} no longer reach their routes (404)` : `${who} may lose hostnames`}`);
      }
    }
    if (!same(listener.allowedRoutes ?? {}, nextListener.allowedRoutes ?? {})) {
      const lost = detached();
      if (lost.length > 0 || attached.length === 0) {
        changed('allowedRoutes', [listener.allowedRoutes, nextListener.allowedRoutes],
          `listener "${listener.name}" admits other routes now (allowedRoutes): `
          + `${lost.length > 0 ? `routes ${describeRoutes(lost)} are no longer admitted and detach` : `${who} may no longer be admitted`}`);
      }
    }
  }
}

// ---- routes -------------------------------------------------------------------------------

/** One (listener, hostname, match) a route serves, with the rule that serves it. */
interface Served {
  readonly attachment: Attachment;
  readonly host: string;
  readonly ruleIndex: number;
  readonly matchIndex: number;
  readonly match: Match;
}

function served(route: Manifest, attachments: Attachment[]): Served[] {
  const out: Served[] = [];
  asArray(route.spec?.rules).forEach((rule, ruleIndex) => {
    matchesOf(route, rule).forEach((match, matchIndex) => {
      for (const attachment of attachments) for (const host of attachment.hosts) out.push({ attachment, host, ruleIndex, matchIndex, match });
    });
  });
  return out;
}

/** The rule of some route on `side` that serves the same listener, hostname and request, preferring `preferred`'s own. */
function coveringRule(s: Served, side: Side, preferred: Manifest | undefined, grpc: boolean): { route: Manifest; rule: any } | undefined {
  const candidates = preferred ? [preferred, ...side.routes.filter(r => r !== preferred)] : side.routes;
  let fallback: { route: Manifest; rule: any } | undefined;
  for (const route of candidates) {
    if ((kindOf(route) === 'GRPCRoute') !== grpc) continue;
    const on = attachmentsOf(route, side.gateways, side.namespaces)
      .filter(a => a.gateway === s.attachment.gateway && (a.listener === s.attachment.listener || a.listener === '*' || s.attachment.listener === '*'));
    if (!on.some(a => a.hosts.some(h => hostCovers(h, s.host)))) continue;
    for (const rule of asArray(route.spec?.rules)) {
      const matches = matchesOf(route, rule);
      if (matches.some(m => same(m, s.match))) return { route, rule };
      if (!fallback && matches.some(m => matchCovers(m, s.match, grpc))) fallback = { route, rule };
    }
  }
  return fallback;
}

/** Why a backendRef gets no traffic through on a side: gone, no pods, not admitted; undefined when it can. */
function backendProblem(route: Manifest, b: BackendRef, side: Side, other: Side): string | undefined {
  if (!isService(b)) return undefined;
  const key = `${b.namespace}/${b.name}`;
  const service = side.services.get(key);
  // A Service in neither side's manifests lives elsewhere: assume it is there.
  if (!service) return other.services.has(key) ? `Service "${key}" is gone` : undefined;
  if (b.namespace !== namespaceOf(route) && !grantFor(route, b, side.grants) && (side.grants.length > 0 || other.grants.length > 0)) {
    return `no ReferenceGrant in namespace "${b.namespace}" admits ${kindOf(route)}s from "${namespaceOf(route)}"`;
  }
  const selector = service.spec?.selector;
  if (isObject(selector) && Object.keys(selector).length > 0) {
    const pods = (s: Side) => [...s.index.values()]
      .some(m => namespaceOf(m) === b.namespace && podTemplatesOf(m).some(t => mapSelectorMatches(selector, t.labels)));
    if (!pods(side) && pods(other)) return `Service "${key}" selects no pods any more`;
  }
  return undefined;
}

function compareRoute(route: Manifest, before: Side, after: Side, report: Report, namespace: string): void {
  const object = describeObject(route);
  const grpc = kindOf(route) === 'GRPCRoute';
  const attachments = attachmentsOf(route, before.gateways, before.namespaces);
  if (attachments.length === 0) return; // attached nowhere: no traffic to lose
  const next = counterpart(route, after, namespace);
  const units = served(route, attachments);
  const hosts = [...new Set(units.map(u => u.host))];
  if (!next) {
    if (units.some(u => !coveringRule(u, after, undefined, grpc))) {
      report.add(object, '', 'route-removed', [nameOf(route), undefined],
        `removing the ${kindOf(route)} drops what it routes: requests for ${listNames(hosts)} on ${listNames([...new Set(attachments.map(a => a.gateway))])} `
        + 'get 404 from the Gateway. Apply its successor first, and remove this route in a later change');
    }
    return;
  }
  const nextAttachments = attachmentsOf(next, after.gateways, after.namespaces);
  for (const u of units) {
    const a = u.attachment;
    const still = nextAttachments.some(n => n.gateway === a.gateway && n.listener === a.listener);
    if (!still) {
      detachedUnit(route, next, u, before, after, report);
      continue;
    }
    const rule = coveringRule(u, after, next, grpc);
    if (!rule) {
      const hostIndex = asArray(route.spec?.hostnames).indexOf(u.host);
      const hostServed = nextAttachments.some(n => n.gateway === a.gateway && n.listener === a.listener && n.hosts.some(h => hostCovers(h, u.host)));
      // A hostname the route still claims but the listener no longer serves is the Gateway's change, reported there.
      const claimed = effectiveHosts(next, undefined).some(h => hostCovers(h, u.host));
      if (!hostServed && hostIndex >= 0 && !claimed) {
        report.add(object, `spec.hostnames[${hostIndex}]`, 'route-hostname-removed', [u.host, undefined],
          `requests for "${u.host}" no longer match this route${a.unknown ? '' : ` on listener "${a.listener}"`}, and no other route takes them: the Gateway answers 404`);
      } else if (hostServed) {
        const rules = asArray(route.spec.rules);
        const allLost = matchesOf(route, rules[u.ruleIndex]).every(m => !coveringRule({ ...u, match: m }, after, next, grpc));
        const field = allLost || asArray(rules[u.ruleIndex]?.matches).length === 0 ? `spec.rules[${u.ruleIndex}]` : `spec.rules[${u.ruleIndex}].matches[${u.matchIndex}]`;
        report.add(object, field, 'route-rule-removed', [matchText(u.match, grpc), undefined],
          `requests matching ${matchText(u.match, grpc)} for "${u.host}" no longer match any rule of the routes on Gateway ${a.gateway}: the Gateway answers 404`);
      }
      continue;
    }
    compareBackends(route, u, rule, before, after, report);
  }
}

/** A served unit whose listener the route no longer attaches to: a parentRef removed, or the route (or its namespace) no longer admitted. */
function detachedUnit(route: Manifest, next: Manifest, u: Served, before: Side, after: Side, report: Report): void {
  const object = describeObject(route);
  const a = u.attachment;
  const grpc = kindOf(route) === 'GRPCRoute';
  if (coveringRule(u, after, next, grpc)) return; // another route takes these requests
  const parent = parentRefsOf(next).find(p => sameParent(p, a.parent));
  if (!parent) {
    report.add(object, `spec.parentRefs[${a.parent.index}]`, 'route-parent-removed', [route.spec.parentRefs[a.parent.index], undefined],
      `the route no longer attaches to Gateway ${a.gateway}${a.listener === '*' ? '' : ` (listener "${a.listener}")`}: `
      + `requests for ${listNames(a.hosts)} arriving there get 404`);
    return;
  }
  const gateway = before.gateways.get(a.gateway);
  const nextGateway = after.gateways.get(a.gateway);
  const listener = gateway && listenersOf(gateway).find(l => l.name === a.listener);
  const nextListener = nextGateway && listenersOf(nextGateway).find(l => l.name === a.listener);
  // The Gateway or its listener is gone or changed so that the route would not attach either way: reported on the Gateway.
  if (!gateway || !listener || !nextGateway || !nextListener || attachesTo(next, parent, gateway, listener, after.namespaces)) return;
  const hostIndex = asArray(route.spec?.hostnames).indexOf(u.host);
  const claimed = effectiveHosts(next, undefined).some(h => hostCovers(h, u.host));
  if (effectiveHosts(next, nextListener.hostname).length === 0 && hostIndex >= 0 && !claimed) {
    report.add(object, `spec.hostnames[${hostIndex}]`, 'route-hostname-removed', [u.host, undefined],
      `requests for "${u.host}" no longer match this route on listener "${a.listener}", and no other route takes them: the Gateway answers 404`);
    return;
  }
  const why = effectiveHosts(next, nextListener.hostname).length === 0
    ? `its hostnames no longer share one with the listener's ${nextListener.hostname}`
    : !admits(nextListener, nextGateway, next, after.namespaces)
      ? `the listener's allowedRoutes no longer admits ${kindOf(route)}s from namespace "${namespaceOf(route)}" (its labels or the route's kind changed)`
      : 'its parentRef no longer selects the listener';
  report.add(object, `spec.parentRefs[${a.parent.index}]`, 'route-detached', [a.listener, undefined],
    `the route no longer attaches to listener "${a.listener}" of Gateway ${a.gateway}: ${why}; requests for ${listNames(a.hosts)} arriving there get 404`);
}

function compareBackends(route: Manifest, u: Served, covering: { route: Manifest; rule: any }, before: Side, after: Side, report: Report): void {
  const object = describeObject(route);
  const oldRule = asArray(route.spec.rules)[u.ruleIndex];
  if (redirectOf(covering.rule) !== undefined) return;
  const oldBackends = backendRefsOf(route, oldRule);
  const working = (r: Manifest, list: BackendRef[], side: Side, other: Side) =>
    list.filter(b => b.weight > 0 && backendProblem(r, b, side, other) === undefined);
  // Only a rule that sent traffic somewhere before can lose it.
  if (redirectOf(oldRule) === undefined && working(route, oldBackends, before, after).length === 0) return;
  const backends = backendRefsOf(covering.route, covering.rule);
  const field = `spec.rules[${u.ruleIndex}].backendRefs`;
  if (backends.length > 0 && backends.every(b => b.weight <= 0)) {
    report.add(object, field, 'route-backends-zero', [oldBackends.map(b => b.weight), backends.map(b => b.weight)],
      `every backendRef of the rule for ${matchText(u.match, kindOf(route) === 'GRPCRoute')} has weight 0: no request it matches reaches a backend (the Gateway answers 500). `
      + 'Keep a weight above 0 on the stable backend');
    return;
  }
  if (backends.length === 0) {
    report.add(object, field, 'route-backends-zero', [oldBackends.map(b => b.name), []],
      `the rule for ${matchText(u.match, kindOf(route) === 'GRPCRoute')} has no backendRefs and no redirect any more: the Gateway answers its requests with 500`);
    return;
  }
  for (const b of backends.filter(x => x.weight > 0)) {
    const problem = backendProblem(covering.route, b, after, before);
    if (problem === undefined) continue;
    // A backend that was already broken before the change loses nothing new.
    if (backendProblem(covering.route, b, before, after) !== undefined) continue;
    const share = sharePercent(backends, b);
    const was = oldBackends.find(o => o.name === b.name && o.namespace === b.namespace && o.kind === b.kind);
    report.add(object, was ? `${field}[${was.index}]` : field, 'route-backend-missing', [b.name, undefined],
      `${problem}, but the rule for ${matchText(u.match, kindOf(route) === 'GRPCRoute')} still sends it `
      + `${share >= 100 ? 'all of its requests: they fail (500)' : `${share}% of its requests, which fail (500)`}. `
      + 'Drop the backendRef in the same change, or keep what it needs');
  }
}
