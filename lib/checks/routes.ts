import { asArray, describeObject, isObject, kindOf, Manifest, nameOf, namespaceOf, Violation } from './manifest';
import {
  describeListener, GATEWAY_GROUP, grantCovers, listenerRejection, NamespaceLabels, selectedListeners,
} from '../shared/gateway-api';

/**
 * The Gateway API rules of `ManifestChecks`: routes reach Services and ports that exist,
 * cross-namespace references have their ReferenceGrant, routes fit the Gateways they name when
 * those are among the manifests (listener, namespace, kind, host names), HTTPS listeners name a
 * certificate, and no rule weighs all its backends zero. The judgement of each rule is a pure
 * function of lib/shared/gateway-api.ts, the same the constructs use at synth.
 *
 * Rule ids: `route-backend`, `route-grant`, `route-parent`, `route-allowed`, `route-hostnames`,
 * `route-weights`, `gateway-tls`, `gateway-grant`.
 */

const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute']);

const isGatewayApi = (m: Manifest) => typeof m.apiVersion === 'string' && m.apiVersion.startsWith(`${GATEWAY_GROUP}/`);

/** The objects the rules look up, by namespace and name. */
class RouteIndex {
  public readonly gateways = new Map<string, Manifest>();
  public readonly services = new Map<string, Manifest>();
  public readonly grants = new Map<string, Manifest[]>();
  public readonly namespaceLabels: NamespaceLabels;

  constructor(objects: Manifest[]) {
    const namespaces = new Map<string, { [key: string]: string }>();
    for (const m of objects) {
      const key = `${namespaceOf(m)}/${nameOf(m)}`;
      switch (kindOf(m)) {
        case 'Gateway': if (isGatewayApi(m)) this.gateways.set(key, m); break;
        case 'Service': if (m.apiVersion === 'v1') this.services.set(key, m); break;
        case 'ReferenceGrant':
          if (isGatewayApi(m)) this.grants.set(namespaceOf(m), [...(this.grants.get(namespaceOf(m)) ?? []), m]);
          break;
        case 'Namespace': namespaces.set(nameOf(m), isObject(m.metadata?.labels) ? m.metadata.labels : {}); break;
        default: break;
      }
    }
    this.namespaceLabels = ns => namespaces.get(ns);
  }

  /** Whether a ReferenceGrant in `toNamespace` admits the reference. */
  public granted(toNamespace: string, fromKind: string, fromNamespace: string, toKind: string, toName: string): boolean {
    return (this.grants.get(toNamespace) ?? []).some(g => grantCovers(g.spec, fromKind, fromNamespace, toKind, toName));
  }
}

/**
 * Checks every route and Gateway among the manifests.
 *
 * @param complete the manifests are all there is: a backend Service that is not among them is
 *   reported. When false (the checks at synth of hand-written routes in an app), references to
 *   objects outside the manifests are left to the cluster.
 */
export function checkRoutes(objects: Manifest[], complete = true): Violation[] {
  const gatewayObjects = objects.filter(m => isGatewayApi(m));
  if (gatewayObjects.length === 0) return [];
  const index = new RouteIndex(objects);
  const out: Violation[] = [];
  for (const m of gatewayObjects) {
    const report = (field: string, rule: string, message: string) => out.push({ object: describeObject(m), field, rule, message });
    if (ROUTE_KINDS.has(kindOf(m))) {
      checkParents(index, m, report);
      checkBackends(index, m, complete, report);
    } else if (kindOf(m) === 'Gateway') {
      checkListeners(index, m, complete, report);
    }
  }
  return out;
}

type Report = (field: string, rule: string, message: string) => void;

function checkParents(index: RouteIndex, route: Manifest, report: Report): void {
  const routeNs = namespaceOf(route);
  const hostnames = asArray(route.spec?.hostnames).filter(h => typeof h === 'string');
  asArray(route.spec?.parentRefs).forEach((ref, i) => {
    if ((ref?.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (ref?.kind ?? 'Gateway') !== 'Gateway') return;
    const gwNs = ref?.namespace ?? routeNs;
    const gateway = index.gateways.get(`${gwNs}/${ref?.name}`);
    if (!gateway) return; // owned elsewhere: nothing to check it against
    const listeners = asArray(gateway.spec?.listeners);
    const field = `spec.parentRefs[${i}]`;
    if (ref.sectionName !== undefined && !listeners.some(l => l?.name === ref.sectionName)) {
      report(`${field}.sectionName`, 'route-parent',
        `Gateway "${gwNs}/${ref.name}" has no listener "${ref.sectionName}" (it has ${listeners.map(l => `"${l?.name}"`).join(', ') || 'none'}); the route does not attach`);
      return;
    }
    const selected = selectedListeners(listeners, ref.sectionName, ref.port);
    if (selected.length === 0) {
      report(`${field}.port`, 'route-parent', `no listener of Gateway "${gwNs}/${ref.name}" takes port ${ref.port}; the route does not attach`);
      return;
    }
    const rejections = selected.map(l => listenerRejection(l, gwNs, { kind: kindOf(route), namespace: routeNs, hostnames }, index.namespaceLabels));
    const first = rejections[0];
    if (first && rejections.every(r => r !== undefined)) {
      report(first.cause === 'hostnames' ? 'spec.hostnames' : field, first.rule, `${first.reason}; the route does not attach to Gateway "${gwNs}/${ref.name}"`);
    }
  });
}

function checkBackends(index: RouteIndex, route: Manifest, complete: boolean, report: Report): void {
  const routeNs = namespaceOf(route);
  asArray(route.spec?.rules).forEach((rule, r) => {
    const refs = asArray(rule?.backendRefs);
    refs.forEach((ref, b) => {
      if ((ref?.group ?? '') !== '' || (ref?.kind ?? 'Service') !== 'Service') return; // other backends are implementation-specific
      const field = `spec.rules[${r}].backendRefs[${b}]`;
      const ns = ref?.namespace ?? routeNs;
      const service = index.services.get(`${ns}/${ref?.name}`);
      if (typeof ref?.port !== 'number') {
        report(`${field}.port`, 'route-backend', `names no port of Service "${ref?.name}"; a Service backend must name one`);
      } else if (service && !asArray(service.spec?.ports).some(p => p?.port === ref.port)) {
        const ports = asArray(service.spec?.ports).map(p => (p?.name ? `${p.name}=${p.port}` : p?.port)).join(', ') || 'none';
        report(`${field}.port`, 'route-backend', `port ${ref.port} is not a port of Service "${ns}/${ref.name}" (it has ${ports})`);
      }
      if (!service && complete) {
        report(`${field}.name`, 'route-backend', `names Service "${ref?.name}", which is not among the manifests in namespace "${ns}"; requests to this backend fail`);
      }
      if (ns !== routeNs && (service || complete) && !index.granted(ns, kindOf(route), routeNs, 'Service', ref?.name)) {
        report(`${field}.namespace`, 'route-grant',
          `refers to Service "${ref?.name}" in namespace "${ns}", but no ReferenceGrant there admits ${kindOf(route)}s of namespace "${routeNs}"; `
          + `the Gateway refuses the backend. Add one in "${ns}" (from: ${GATEWAY_GROUP} ${kindOf(route)} ${routeNs}; to: Service ${ref?.name})`);
      }
    });
    if (refs.length > 0 && refs.every(ref => (ref?.weight ?? 1) === 0)) {
      report(`spec.rules[${r}].backendRefs`, 'route-weights', 'every backend weighs 0, so every request the rule matches gets an error (500); give at least one a weight');
    }
  });
}

function checkListeners(index: RouteIndex, gateway: Manifest, complete: boolean, report: Report): void {
  const gwNs = namespaceOf(gateway);
  asArray(gateway.spec?.listeners).forEach((l, i) => {
    const tls = l?.tls;
    const refs = asArray(tls?.certificateRefs);
    if (l?.protocol === 'HTTPS' && (tls?.mode ?? 'Terminate') === 'Terminate' && refs.length === 0 && Object.keys(tls?.options ?? {}).length === 0) {
      report(`spec.listeners[${i}].tls`, 'gateway-tls', `HTTPS listener ${describeListener(l)} names no certificate; it cannot terminate TLS`);
    }
    refs.forEach((ref, j) => {
      const ns = ref?.namespace;
      if (!complete || ns === undefined || ns === gwNs || (ref?.kind ?? 'Secret') !== 'Secret' || (ref?.group ?? '') !== '') return;
      if (!index.granted(ns, 'Gateway', gwNs, 'Secret', ref?.name)) {
        report(`spec.listeners[${i}].tls.certificateRefs[${j}].namespace`, 'gateway-grant',
          `refers to Secret "${ref?.name}" in namespace "${ns}", but no ReferenceGrant there admits Gateways of namespace "${gwNs}"; the listener gets no certificate`);
      }
    });
  });
}
