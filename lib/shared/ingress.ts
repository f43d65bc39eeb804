import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkBoolean, checkList, checkOneOf, checkStringMap } from './checks';
import { Reporter } from './errors';
import { PatternLabels, checkLabelKey } from './labels';
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
  readonly service: kplus.Service;
  readonly servicePort: number;
}

/** Builds the Ingress; every backend names the Service's own port, so the two cannot drift apart. */
export function addIngress(scope: Construct, report: Reporter, options: IngressOptions, target: IngressTarget): kplus.Ingress {
  const hosts = checkList(report, 'hosts', options.hosts);
  hosts.forEach((host, i) => {
    if (typeof host !== 'string' || host.length > 253 || !INGRESS_HOST.test(host)) {
      report.fail(`hosts[${i}]`, host, "must be a lowercase DNS name, optionally starting with '*.'");
    }
  });
  if (new Set(hosts).size !== hosts.length) report.fail('hosts', hosts, 'must not repeat a host');
  const path = options.path ?? '/';
  if (typeof path !== 'string' || !path.startsWith('/') || /\s/.test(path)) {
    report.fail('path', path, "must be an absolute URL path starting with '/'");
  }
  if (options.ingressClassName !== undefined) checkDnsSubdomain(report, 'ingressClassName', options.ingressClassName);
  if (options.tlsSecretName !== undefined) {
    checkDnsSubdomain(report, 'tlsSecretName', options.tlsSecretName);
    if (hosts.length === 0) {
      report.fail('tlsSecretName', options.tlsSecretName, 'needs at least one entry in hosts: a certificate is issued for host names');
    }
  }
  for (const key of Object.keys(checkStringMap(report, 'annotations', options.annotations))) checkLabelKey(report, key, 'annotations');
  const pathType = checkOneOf(report, 'pathType', options.pathType ?? kplus.HttpIngressPathType.PREFIX, Object.values(kplus.HttpIngressPathType));
  const defaultBackend = checkBoolean(report, 'defaultBackend', options.defaultBackend, false);

  const ingress = new kplus.Ingress(scope, 'Ingress', {
    metadata: { name: target.name, namespace: target.namespace, labels: { ...target.labels.all }, annotations: options.annotations },
    className: options.ingressClassName,
  });
  const backend = kplus.IngressBackend.fromService(target.service, { port: target.servicePort });
  if (hosts.length === 0) {
    ingress.addRule(path, backend, pathType);
  } else {
    for (const host of hosts) ingress.addHostRule(host, path, backend, pathType);
  }
  if (defaultBackend) ingress.addDefaultBackend(backend);
  if (options.tlsSecretName !== undefined) {
    ingress.addTls([{ hosts: [...hosts], secret: kplus.Secret.fromSecretName(scope, 'TlsSecret', options.tlsSecretName) }]);
  }
  return ingress;
}
