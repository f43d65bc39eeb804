import { ENFORCE_LABEL, GATEWAY_GROUP, ProfileFacts } from './facts';
import {
  claimProblem, gatewayClassProblem, ingressClassProblem, NamespaceLevel, nodePortProblem, parentRefProblem, podSecurityProblem,
  storageClassClashProblem,
} from './rules';
import { PodSecurityLevel } from './types';
import { apiServedProblem, fieldVersionProblems } from './versions';
import { asArray, isObject, kindOf, Manifest, nameOf, podTemplatesOf } from '../checks/manifest';
import { claimsOf, knownClasses } from '../checks/storage';

/** One thing in a set of manifests the cluster of a profile would refuse or ignore. */
export interface ProfileFinding {
  readonly manifest: Manifest;
  /** Path of the field in the manifest (`spec.ingressClassName`). */
  readonly field: string;
  /** Its value. */
  readonly value: unknown;
  /** Stable rule id (`profile-storage-class`). */
  readonly rule: string;
  /** Why the cluster refuses it. */
  readonly message: string;
}

const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);
const LEGACY_INGRESS_CLASS = 'kubernetes.io/ingress.class';

/** What the manifests themselves provide, so the cluster need not have it. */
interface AppContext {
  readonly storageClasses: ReadonlySet<string>;
  readonly ingressClasses: ReadonlySet<string>;
  readonly gatewayClasses: ReadonlySet<string>;
  readonly gateways: ReadonlySet<string>;
  readonly namespaces: ReadonlyMap<string, { [key: string]: string }>;
}

function contextOf(manifests: Manifest[]): AppContext {
  const named = (kind: string) => new Set(manifests.filter(m => kindOf(m) === kind).map(nameOf));
  const namespaces = new Map<string, { [key: string]: string }>();
  for (const m of manifests.filter(n => kindOf(n) === 'Namespace')) {
    namespaces.set(nameOf(m), isObject(m.metadata?.labels) ? m.metadata.labels : {});
  }
  return {
    storageClasses: knownClasses(manifests),
    ingressClasses: named('IngressClass'),
    gatewayClasses: named('GatewayClass'),
    gateways: new Set(manifests.filter(m => kindOf(m) === 'Gateway').map(m => `${m.metadata?.namespace ?? 'default'}/${nameOf(m)}`)),
    namespaces,
  };
}

/**
 * Checks manifests against what the cluster of a profile offers: APIs and fields its version
 * serves, claims' classes and access modes, Ingress and Gateway classes, routes' Gateways and
 * listeners, the Pod Security level of each pod's namespace, node ports. Classes, Gateways and
 * Namespaces among the manifests count as the cluster's.
 */
export function checkAgainstProfile(facts: ProfileFacts, manifests: Manifest[]): ProfileFinding[] {
  const objects = manifests.filter(isObject);
  const app = contextOf(objects);
  const out: ProfileFinding[] = [];
  for (const m of objects) {
    const add = (fieldPath: string, value: unknown, rule: string, message: string | undefined) => {
      if (message !== undefined) out.push({ manifest: m, field: fieldPath, value, rule, message });
    };
    const unserved = typeof m.apiVersion === 'string' && typeof m.kind === 'string' ? apiServedProblem(facts, m.apiVersion, m.kind) : undefined;
    if (unserved !== undefined) {
      // An object the cluster cannot take at all: its other rules would only repeat that.
      add('apiVersion', m.apiVersion, 'profile-api-version', unserved);
      continue;
    }
    for (const p of fieldVersionProblems(facts, m)) add(p.field, p.value, 'profile-field-version', p.message);
    const kind = kindOf(m);
    const group = typeof m.apiVersion === 'string' && m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
    if (kind === 'StorageClass' && typeof m.provisioner === 'string') {
      add('provisioner', m.provisioner, 'profile-storage-class-clash', storageClassClashProblem(facts, nameOf(m), m.provisioner));
    }
    if (kind === 'Ingress' && m.metadata?.annotations?.[LEGACY_INGRESS_CLASS] === undefined) {
      add('spec.ingressClassName', m.spec?.ingressClassName, 'profile-ingress-class', ingressClassProblem(facts, m.spec?.ingressClassName, app.ingressClasses));
    }
    if (group === GATEWAY_GROUP && kind === 'Gateway' && typeof m.spec?.gatewayClassName === 'string') {
      add('spec.gatewayClassName', m.spec.gatewayClassName, 'profile-gateway-class', gatewayClassProblem(facts, m.spec.gatewayClassName, app.gatewayClasses));
    }
    if (group === GATEWAY_GROUP && ROUTE_KINDS.has(kind)) checkRoute(facts, app, m, add);
    if (kind === 'Service') {
      asArray(m.spec?.ports).forEach((p, i) => {
        if (p?.nodePort !== undefined) add(`spec.ports[${i}].nodePort`, p.nodePort, 'profile-node-port', nodePortProblem(facts, p.nodePort));
      });
    }
    if (podTemplatesOf(m).length > 0) {
      const namespace = typeof m.metadata?.namespace === 'string' ? m.metadata.namespace : 'default';
      add('metadata.namespace', namespace, 'profile-pod-security', podSecurityProblem(facts, m, namespace, appLevel(app, namespace)));
    }
  }
  for (const claim of claimsOf(objects)) {
    const problem = claimProblem(facts, { className: claim.className, modes: claim.modes }, app.storageClasses);
    if (problem === undefined) continue;
    const onModes = problem.aspect === 'accessModes';
    out.push({
      manifest: claim.owner,
      field: onModes ? claim.field.replace(/storageClassName$/, 'accessModes') : claim.field,
      value: onModes ? claim.modes : claim.className,
      rule: onModes ? 'profile-access-modes' : 'profile-storage-class',
      message: problem.rule,
    });
  }
  return out;
}

/** The level a Namespace object of the app enforces, when the app writes one with the label. */
function appLevel(app: AppContext, namespace: string): NamespaceLevel | undefined {
  const label = app.namespaces.get(namespace)?.[ENFORCE_LABEL];
  if (!(Object.values(PodSecurityLevel) as string[]).includes(label as string)) return undefined;
  return { level: label as PodSecurityLevel, source: `label ${ENFORCE_LABEL}=${label} on the Namespace "${namespace}" of this app` };
}

type Add = (fieldPath: string, value: unknown, rule: string, message: string | undefined) => void;

/** Each parentRef of a route to a Gateway of the cluster (Gateways of the app are the Gateway checks' concern). */
function checkRoute(facts: ProfileFacts, app: AppContext, route: Manifest, add: Add): void {
  const namespace = typeof route.metadata?.namespace === 'string' ? route.metadata.namespace : 'default';
  const hostnames = asArray(route.spec?.hostnames).filter((h): h is string => typeof h === 'string');
  const labels = (ns: string) => app.namespaces.get(ns) ?? facts.namespaces?.find(n => n.name === ns)?.labels;
  asArray(route.spec?.parentRefs).forEach((ref, i) => {
    if (!isObject(ref) || typeof ref.name !== 'string') return;
    if ((ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (ref.kind ?? 'Gateway') !== 'Gateway') return;
    const gatewayNamespace = typeof ref.namespace === 'string' ? ref.namespace : namespace;
    if (app.gateways.has(`${gatewayNamespace}/${ref.name}`)) return;
    const problem = parentRefProblem(facts, { kind: kindOf(route), namespace, hostnames }, {
      name: ref.name,
      namespace: gatewayNamespace,
      sectionName: typeof ref.sectionName === 'string' ? ref.sectionName : undefined,
      port: typeof ref.port === 'number' ? ref.port : undefined,
    }, labels);
    if (problem === undefined) return;
    const at = `spec.parentRefs[${i}]`;
    const fieldOf = { name: [`${at}.name`, ref.name], sectionName: [`${at}.sectionName`, ref.sectionName], port: [`${at}.port`, ref.port], attach: [at, ref.name] };
    const [fieldPath, value] = fieldOf[problem.aspect];
    add(fieldPath as string, value, 'profile-gateway', problem.rule);
  });
}
