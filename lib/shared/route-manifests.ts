import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Reporter, formatViolation } from './errors';
import {
  describeListener, GATEWAY_GROUP, gatewayModel, listenerRejection, NamespaceLabels, referenceGrantSpec, Rejection, RouteFacts, selectedListeners,
} from './gateway-api';
import { canaryRuleName, httpsRedirectRouteName, ResolvedParent, ResolvedRoute } from './route';
import { describeObject } from '../checks/manifest';
import { checkRoutes } from '../checks/routes';

/**
 * The manifests of an app's routes (HTTPRoute / GRPCRoute, the HTTP→HTTPS redirect route and
 * the ReferenceGrants cross-namespace backends need) from their resolved options, and the
 * checks at synth of their wiring to Gateways built in the same app.
 */

/** What a route forwards to: the app's Service, and the canary's when there is one. */
export interface RouteTarget {
  /** The app's name: the routes' default name. */
  readonly name: string;
  /** The app's namespace, where its Services live. */
  readonly namespace?: string;
  readonly serviceName: string;
  readonly servicePort: number;
  readonly labels: { [key: string]: string };
  readonly canary?: {
    readonly serviceName: string;
    readonly stableWeight: number;
    readonly canaryWeight: number;
    readonly header?: { name: string; value: string; type?: string };
  };
}

type Manifest = { metadata: { [key: string]: any }; spec: { [key: string]: any } };

/** The route's namespace: its own, else the app's. */
export function routeNamespace(route: ResolvedRoute, target: RouteTarget): string | undefined {
  return route.namespace ?? target.namespace;
}

/** The Gateway's namespace as the checks see it: `default` for none (the manifests' usual target). */
function gatewayNamespace(parent: ResolvedParent, routeNs: string | undefined): string | undefined {
  return gatewayModel(parent.gateway)?.namespace ?? parent.gateway.gatewayNamespace ?? routeNs;
}

function parentRefs(parents: ResolvedParent[], routeNs: string | undefined): object[] {
  return parents.map(p => {
    const ns = gatewayNamespace(p, routeNs);
    return {
      name: p.gateway.gatewayName,
      namespace: ns !== undefined && ns !== (routeNs ?? 'default') ? ns : undefined,
      sectionName: p.sectionName,
      port: p.port,
    };
  });
}

function metadata(name: string, namespace: string | undefined, target: RouteTarget, annotations?: { [key: string]: string }): object {
  return { name, namespace, labels: { ...target.labels }, annotations: annotations ? { ...annotations } : undefined };
}

/**
 * The route's manifest. Every forwarding rule sends to the app's Service by its port number;
 * with a canary, to both Services by weight, and a header opt-in adds one rule per forwarding
 * rule, after them, that sends matching requests to the canary alone.
 */
export function renderRoute(route: ResolvedRoute, target: RouteTarget): Manifest {
  const routeNs = routeNamespace(route, target);
  const backendNs = routeNs !== target.namespace ? target.namespace : undefined;
  const backend = (name: string, weight?: number) => ({ name, namespace: backendNs, port: target.servicePort, weight });
  const canary = target.canary;
  // Fresh objects everywhere: a shared one would come out as a YAML anchor and alias.
  const copy = (json: object) => JSON.parse(JSON.stringify(json));
  const rules = route.rules.map(r => ({
    ...copy(r.json),
    backendRefs: !r.forwards ? undefined
      : canary ? [backend(target.serviceName, canary.stableWeight), backend(canary.serviceName, canary.canaryWeight)]
        : [backend(target.serviceName)],
  }));
  if (canary?.header) {
    for (const r of route.rules.filter(x => x.forwards)) {
      const json = copy(r.json);
      const matches = json.matches ?? [{}];
      rules.push({
        ...json,
        name: json.name === undefined ? undefined : canaryRuleName(json.name),
        matches: matches.map((m: any) => ({ ...m, headers: [...(m.headers ?? []), { ...canary.header }] })),
        backendRefs: [backend(canary.serviceName)],
      });
    }
  }
  return {
    metadata: metadata(route.name ?? target.name, routeNs, target, route.annotations),
    spec: { parentRefs: parentRefs(route.parents, routeNs), hostnames: route.hostnames.length > 0 ? [...route.hostnames] : undefined, rules },
  };
}

/** The HTTP→HTTPS redirect route: every request for the route's hosts on the HTTP listeners gets a redirect to https. */
export function renderHttpsRedirect(route: ResolvedRoute, target: RouteTarget): Manifest | undefined {
  const redirect = route.httpsRedirect;
  if (!redirect) return undefined;
  const routeNs = routeNamespace(route, target);
  return {
    metadata: metadata(httpsRedirectRouteName(route.name ?? target.name), routeNs, target, route.annotations),
    spec: {
      parentRefs: parentRefs(redirect.parents, routeNs),
      hostnames: route.hostnames.length > 0 ? [...route.hostnames] : undefined,
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', port: redirect.port, statusCode: redirect.statusCode } }],
      }],
    },
  };
}

/**
 * The ReferenceGrants routes in other namespaces need to reach the app's Services: one per
 * route namespace, in the app's namespace, naming the Services (stable and canary) only.
 */
export function renderRouteGrants(routes: ResolvedRoute[], target: RouteTarget): { id: string; manifest: Manifest }[] {
  if (routes.length === 0) return [];
  const byNamespace = new Map<string, string[]>();
  for (const route of routes) {
    const ns = routeNamespace(route, target);
    if (ns === undefined || ns === target.namespace) continue;
    byNamespace.set(ns, [...new Set([...(byNamespace.get(ns) ?? []), route.kind])]);
  }
  const services = [target.serviceName, ...(target.canary ? [target.canary.serviceName] : [])];
  return [...byNamespace].map(([ns, kinds]) => ({
    id: `RouteGrant-${ns}`,
    manifest: {
      metadata: metadata(`${target.name}-from-${ns}`, target.namespace, target),
      spec: referenceGrantSpec(kinds, ns, 'Service', services),
    },
  }));
}

/**
 * The wiring of the routes to Gateways built in this app, as the Gateway would judge it:
 * every named listener exists, and at least one listener a parent selects accepts the route
 * (namespace, kind, host names). Messages name the prop the user gave.
 *
 * @param namespaceLabels the labels of a Namespace object of the app, when there is one
 */
export function attachmentErrors(report: Reporter, route: ResolvedRoute, target: RouteTarget, namespaceLabels: NamespaceLabels): string[] {
  const routeNs = routeNamespace(route, target) ?? 'default';
  const facts: RouteFacts = { kind: 'HTTPRoute', namespace: routeNs, hostnames: route.hostnames };
  const errors: string[] = [];
  const check = (parent: ResolvedParent, kind: string, redirect: boolean) => {
    const model = gatewayModel(parent.gateway);
    if (!model) return; // owned elsewhere: the cluster decides
    const listeners = model.listeners();
    const where = `Gateway "${model.name}" ('${parent.gateway.node.path}')`;
    if (parent.sectionName !== undefined && !listeners.some(l => l.name === parent.sectionName)) {
      errors.push(report.message(`${parent.prop}.sectionName`, parent.sectionName, `${where} has no such listener; it has ${listeners.map(l => `"${l.name}"`).join(', ')}`));
      return;
    }
    const selected = selectedListeners(listeners, parent.sectionName, parent.port);
    if (selected.length === 0) {
      errors.push(report.message(`${parent.prop}.port`, parent.port, `no listener of ${where}${parent.sectionName ? ` named "${parent.sectionName}"` : ''} takes this port`));
      return;
    }
    const rejections = selected.map(l => listenerRejection(l, model.namespace, { ...facts, kind }, namespaceLabels));
    if (rejections.every(r => r !== undefined)) {
      errors.push(rejectionMessage(report, route, parent, rejections[0]!));
      return;
    }
    if (redirect && selected.every(l => l.protocol === 'HTTPS')) {
      errors.push(report.message(`${parent.prop}.sectionName`, parent.sectionName ?? null,
        `selects only HTTPS listeners (${selected.map(describeListener).join(', ')}) of ${where}; redirecting https to https loops. Name the plain-HTTP listener`));
    }
  };
  for (const parent of route.parents) check(parent, route.kind, false);
  for (const parent of route.httpsRedirect?.parents ?? []) check(parent, 'HTTPRoute', true);
  return errors;
}

function rejectionMessage(report: Reporter, route: ResolvedRoute, parent: ResolvedParent, rejection: Rejection): string {
  if (rejection.cause === 'hostnames') {
    return report.message(`${route.prop}.hostnames`, route.hostnames,
      `${rejection.reason}, so the listener does not accept the route; use host names under the listener's, or attach to another listener`);
  }
  const fix = rejection.cause === 'kind'
    ? "add the kind to the listener's allowedKinds, or attach to another listener"
    : `move the route (${route.prop}.namespace) or widen the listener's allowedRoutes`;
  return report.message(parent.prop, { gateway: parent.gateway.gatewayName, sectionName: parent.sectionName },
    `${rejection.reason}, so the route would not attach; ${fix}`);
}

/**
 * The labels of the app's Namespace objects, looked up on first use only: most listeners
 * decide without them.
 */
export function namespaceLabelsOf(scope: IConstruct): NamespaceLabels {
  let index: Map<string, { [key: string]: string }> | undefined;
  return namespace => {
    index ??= new Map((scope.node.root.node.findAll().filter(ApiObject.isApiObject) as ApiObject[])
      .filter(o => o.kind === 'Namespace' && o.apiVersion === 'v1')
      .map(o => [o.name, o.metadata.toJson().labels ?? {}]));
    return index.get(namespace);
  };
}

/** Routes the patterns render themselves: they come with their grants, and are checked through their props. */
const PATTERN_ROUTES = new WeakSet<ApiObject>();

/** Marks a route object as the pattern's own. */
export function patternRoute(route: ApiObject): ApiObject {
  PATTERN_ROUTES.add(route);
  return route;
}

function valueAt(manifest: any, path: string): unknown {
  return path.split(/\.|\[|\]/).filter(p => p !== '').reduce((v, p) => (v === undefined || v === null ? undefined : v[p]), manifest);
}

/**
 * Routes written by hand in the app (an `ApiObject` of kind HTTPRoute or GRPCRoute) that refer
 * to a Service of the app in another namespace need a ReferenceGrant for it in the app too, or
 * the Gateway refuses the backend. A Service outside the app is left to the cluster.
 */
export function handMadeRouteGrants(objects: ApiObject[]): string[] {
  const routes = objects.filter(o => (o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute') && o.apiVersion.startsWith(`${GATEWAY_GROUP}/`) && !PATTERN_ROUTES.has(o));
  if (routes.length === 0) return [];
  const related = objects.filter(o => (o.kind === 'Service' && o.apiVersion === 'v1') || o.kind === 'ReferenceGrant');
  const manifests = new Map<ApiObject, any>([...routes, ...related].map(o => [o, o.toJson()]));
  const violations = checkRoutes([...manifests.values()], false).filter(v => v.rule === 'route-grant');
  const byObject = new Map(routes.map(r => [describeObject(manifests.get(r)), r]));
  return violations.map(v => {
    const route = byObject.get(v.object)!;
    return formatViolation(route.kind, route.node.path.replace(/\/Resource$/, ''), v.field, valueAt(manifests.get(route), v.field), v.message);
  });
}
