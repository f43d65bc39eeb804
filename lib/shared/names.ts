import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Reporter } from './errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Longest DNS-1123 label: Service and Namespace names, label values. */
export const MAX_DNS_LABEL = 63;
/** Longest DNS-1123 subdomain: most other object names. */
export const MAX_DNS_SUBDOMAIN = 253;

/** Checks a DNS-1123 label (Services, Namespaces, container and port names). */
export function checkDnsLabel(report: Reporter, prop: string, value: string, maxLength = MAX_DNS_LABEL): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength || !DNS_LABEL.test(value)) {
    report.fail(prop, value,
      `must be a DNS-1123 label: at most ${maxLength} characters, lowercase letters, digits and '-', starting and ending with a letter or digit`);
  }
  return value;
}

/**
 * Checks a port name (IANA_SVC_NAME, as the API server validates container and Service port
 * names): at most 15 lowercase letters, digits and '-', at least one letter, no '--', starting
 * and ending with a letter or digit.
 */
export function checkPortName(report: Reporter, prop: string, value: string): string {
  if (typeof value !== 'string' || value.length > 15 || !DNS_LABEL.test(value) || !/[a-z]/.test(value) || value.includes('--')) {
    report.fail(prop, value,
      "must be a port name: at most 15 lowercase letters, digits and '-', with at least one letter, no '--', starting and ending with a letter or digit");
  }
  return value;
}

/** Checks a DNS-1123 subdomain (ConfigMaps, PVCs, StorageClasses and most other objects). */
export function checkDnsSubdomain(report: Reporter, prop: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_DNS_SUBDOMAIN || !DNS_SUBDOMAIN.test(value)) {
    report.fail(prop, value,
      `must be a DNS-1123 subdomain: at most ${MAX_DNS_SUBDOMAIN} characters, lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`);
  }
  return value;
}

/** Checks a label value: at most 63 characters, alphanumerics, '-', '_' and '.', alphanumeric at both ends. */
export function checkLabelValue(report: Reporter, prop: string, value: string): string {
  if (typeof value !== 'string' || value.length > MAX_DNS_LABEL || !LABEL_VALUE.test(value)) {
    report.fail(prop, value,
      'must be a label value: at most 63 characters, letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit');
  }
  return value;
}

/**
 * The default name of a pattern's objects: its construct id in kebab case (`WebApp` → `web-app`).
 *
 * Unlike cdk8s' hashed names this does not change when the construct moves in the tree, so a
 * refactoring does not rename (and, for a StatefulSet, orphan the data of) a running app;
 * duplicates are caught at synth instead.
 */
export function defaultName(scope: IConstruct): string {
  return scope.node.id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * Resolves a pattern's `name` prop: the given name, or the id-derived default, checked as a
 * DNS-1123 label so it fits Services as well as workloads.
 */
export function resolveName(scope: IConstruct, report: Reporter, name: string | undefined, maxLength = MAX_DNS_LABEL): string {
  if (name !== undefined) {
    return checkDnsLabel(report, 'name', name, maxLength);
  }
  const derived = defaultName(scope);
  if (derived.length === 0 || derived.length > maxLength || !DNS_LABEL.test(derived)) {
    report.fail('name', derived,
      `the name derived from construct id '${scope.node.id}' is not a DNS-1123 label of at most ${maxLength} characters; set 'name' explicitly`);
  }
  return derived;
}

/** The namespace objects land in: the prop, else the chart's, else `default`. */
export function resolveNamespace(scope: IConstruct, report: Reporter, namespace: string | undefined): string | undefined {
  if (namespace !== undefined) {
    return checkDnsLabel(report, 'namespace', namespace);
  }
  const inherited = Chart.of(scope).namespace;
  if (inherited !== undefined && (typeof inherited !== 'string' || inherited.length > MAX_DNS_LABEL || !DNS_LABEL.test(inherited))) {
    report.fail('namespace', inherited, "comes from the chart, whose namespace is not a DNS-1123 label (at most 63 characters, lowercase letters, digits and '-'); fix the Chart's namespace or set 'namespace'");
  }
  return inherited;
}

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Checks a Service name: a DNS-1035 label, which unlike a DNS-1123 label starts with a letter
 * (ValidateServiceName), because it becomes a host name in cluster DNS.
 */
export function checkServiceName(report: Reporter, prop: string, value: string, what = 'a Service name'): string {
  if (typeof value !== 'string' || value.length > MAX_DNS_LABEL || !DNS_1035_LABEL.test(value)) {
    report.fail(prop, value,
      `must be a DNS-1035 label, as ${what} is: at most 63 characters, lowercase letters, digits and '-', starting with a letter and ending with a letter or digit`);
  }
  return value;
}

/** `<service>.<namespace>.svc.<clusterDomain>`: the name that resolves from any namespace. */
export function serviceDnsName(service: string, namespace: string | undefined, clusterDomain = 'cluster.local'): string {
  return `${service}.${namespace ?? 'default'}.svc.${clusterDomain}`;
}

/**
 * Cluster-scoped objects (StorageClass, PersistentVolume, ClusterRole, ...) have no namespace,
 * but cdk8s gives every object of a chart the chart's namespace; drop it again.
 */
export function clusterScoped<T extends ApiObject>(obj: T): T {
  if (obj.metadata.namespace !== undefined) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return obj;
}
