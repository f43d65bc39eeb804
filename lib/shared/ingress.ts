import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AppChecks } from './app-checks';
import { checkAnnotations, checkBoolean, checkList, checkOneOf } from './checks';
import { Reporter } from './errors';
import { PatternLabels } from './labels';
import { checkDnsSubdomain } from './names';

/** Host names an Ingress rule accepts: a DNS name, optionally with one leading `*.` wildcard. */
const INGRESS_HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * An Ingress in front of a pattern's Service.
 */
export interface IngressOptions {
  /**
   * Host names to route (`app.example.com`, `*.example.com`).
   *
   * @default - every host
   */
  readonly hosts?: string[];

  /**
   * Path to route.
   *
   * @default '/'
   */
  readonly path?: string;

  /**
   * How `path` matches.
   *
   * @default HttpIngressPathType.PREFIX
   */
  readonly pathType?: kplus.HttpIngressPathType;

  /**
   * The IngressClass (controller) that serves this Ingress, e.g. `nginx`.
   *
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string;

  /**
   * Name of the Secret (type kubernetes.io/tls) holding the certificate for `hosts`.
   * Terminates TLS at the controller; needs at least one host.
   *
   * @default - plain HTTP
   */
  readonly tlsSecretName?: string;

  /**
   * Annotations for the controller (`nginx.ingress.kubernetes.io/...`, `cert-manager.io/cluster-issuer`).
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };

  /**
   * Also send requests that match no rule to this app (the Ingress's default backend).
   *
   * @default false
   */
  readonly defaultBackend?: boolean;
}

/** What the Ingress routes to. */
export interface IngressTarget {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: PatternLabels;
  readonly serviceName: string;
  readonly servicePort: number;
}

/** The Ingress options, checked: what both the cdk8s-plus object and the plain manifest are built from. */
export interface ResolvedIngress {
  readonly hosts: string[];
  readonly path: string;
  readonly pathType: kplus.HttpIngressPathType;
  readonly className?: string;
  readonly tlsSecretName?: string;
  readonly annotations?: { [key: string]: string };
  readonly defaultBackend: boolean;
}

export function resolveIngress(report: Reporter, options: IngressOptions): ResolvedIngress {
  const hosts = checkList(report, 'hosts', options.hosts);
  hosts.forEach((host, i) => {
    if (typeof host !== 'string' || host.length > 253 || !INGRESS_HOST.test(host) || host.split('.').some(l => l.length > 63)) {
      report.fail(`hosts[${i}]`, host, "must be a lowercase DNS name, optionally starting with '*.'");
    }
    if (/^[\d.]+$/.test(host)) report.fail(`hosts[${i}]`, host, 'must be a DNS name, not an IP address: Ingress rules match the Host header by name');
  });
  if (new Set(hosts).size !== hosts.length) report.fail('hosts', hosts, 'must not repeat a host');
  const path = options.path ?? '/';
  if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path) || path.length > 2048) {
    report.fail('path', path, "must be an absolute URL path starting with '/'");
  }
  if (options.ingressClassName !== undefined) checkDnsSubdomain(report, 'ingressClassName', options.ingressClassName);
  if (options.tlsSecretName !== undefined) {
    checkDnsSubdomain(report, 'tlsSecretName', options.tlsSecretName);
    if (hosts.length === 0) {
      report.fail('tlsSecretName', options.tlsSecretName, 'needs at least one entry in hosts: a certificate is issued for host names');
    }
  }
  checkAnnotations(report, 'annotations', options.annotations);
  const pathType = checkOneOf(report, 'pathType', options.pathType ?? kplus.HttpIngressPathType.PREFIX, Object.values(kplus.HttpIngressPathType));
  // validateHTTPIngressPath: Prefix and Exact paths are matched element by element.
  if (pathType !== kplus.HttpIngressPathType.IMPLEMENTATION_SPECIFIC) {
    const bad = ['//', '/./', '/../', '%2f', '%2F'].find(seq => path.includes(seq)) ?? ['/..', '/.'].find(end => path.endsWith(end));
    if (bad !== undefined) {
      report.fail('path', path, `must not contain '//', '/./', '/../' or '%2f', nor end with '/.' or '/..' (it has '${bad}'): the API server refuses such ${pathType} paths`);
    }
  }
  const defaultBackend = checkBoolean(report, 'defaultBackend', options.defaultBackend, false);
  return {
    hosts: [...hosts],
    path,
    pathType,
    className: options.ingressClassName,
    tlsSecretName: options.tlsSecretName,
    annotations: options.annotations,
    defaultBackend,
  };
}

/** The Ingress as a cdk8s-plus object; every backend names the Service's own port, so the two cannot drift apart. */
export function buildIngress(scope: Construct, id: string, spec: ResolvedIngress, target: IngressTarget, service: kplus.Service): kplus.Ingress {
  const ingress = new kplus.Ingress(scope, id, {
    metadata: { name: target.name, namespace: target.namespace, labels: { ...target.labels.all }, annotations: spec.annotations },
    className: spec.className,
  });
  const backend = kplus.IngressBackend.fromService(service, { port: target.servicePort });
  if (spec.hosts.length === 0) {
    ingress.addRule(spec.path, backend, spec.pathType);
  } else {
    for (const host of spec.hosts) ingress.addHostRule(host, spec.path, backend, spec.pathType);
  }
  if (spec.defaultBackend) ingress.addDefaultBackend(backend);
  if (spec.tlsSecretName !== undefined) {
    ingress.addTls([{ hosts: [...spec.hosts], secret: kplus.Secret.fromSecretName(scope, 'TlsSecret', spec.tlsSecretName) }]);
  }
  return ingress;
}

/** The same Ingress as plain manifest fields, for a pattern that has not built its cdk8s-plus objects. */
export function renderIngress(spec: ResolvedIngress, target: IngressTarget): { metadata: object; spec: object } {
  // Fresh objects everywhere: a shared one would come out as a YAML anchor and alias.
  const backend = () => ({ service: { name: target.serviceName, port: { number: target.servicePort } } });
  const http = () => ({ paths: [{ path: spec.path, pathType: spec.pathType, backend: backend() }] });
  return {
    metadata: { name: target.name, namespace: target.namespace, labels: { ...target.labels.all }, annotations: spec.annotations },
    spec: {
      ingressClassName: spec.className,
      defaultBackend: spec.defaultBackend ? backend() : undefined,
      rules: spec.hosts.length === 0 ? [{ http: http() }] : spec.hosts.map(host => ({ host, http: http() })),
      tls: spec.tlsSecretName === undefined ? undefined : [{ hosts: [...spec.hosts], secretName: spec.tlsSecretName }],
    },
  };
}

/**
 * An Ingress route (class, host, path) belongs to one Ingress: the controller refuses or
 * silently drops a second one (ingress-nginx: "host ... and path ... is already defined").
 */
export function claimIngressRoutes(scope: Construct, report: Reporter, spec: ResolvedIngress): void {
  const checks = AppChecks.of(scope);
  (spec.hosts.length > 0 ? spec.hosts : ['*']).forEach(host => {
    checks.claimUnique(`ingress/${spec.className ?? ''}/${host}/${spec.path}/${spec.pathType}`, scope.node.path, first =>
      report.message(spec.hosts.length > 0 ? 'hosts' : 'path', spec.hosts.length > 0 ? host : spec.path,
        `the route ${host === '*' ? 'for every host' : `for host ${host}`} and path ${spec.path} is already served by '${first}'; an ingress controller routes it to one of them only`));
  });
}
