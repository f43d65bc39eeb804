import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { clusterDomainFor } from './profile/hooks';
import { AppChecks } from './shared/app-checks';
import { checkProps } from './shared/checks';
import { Reporter } from './shared/errors';
import { PatternLabelProps, PatternLabels } from './shared/labels';
import { checkServiceName, resolveName, resolveNamespace, serviceDnsName } from './shared/names';
import { SimpleServicePort, toKubePorts } from './shared/service-ports';

const TYPE = 'ExternalNameService';
const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\.?$/;

/**
 * Props of `ExternalNameService`.
 */
export interface ExternalNameServiceProps extends PatternLabelProps {
  /**
   * DNS name of the outside host (`db.example.com`). Not an IP address: cluster DNS answers
   * with a CNAME record.
   */
  readonly externalName: string;

  /**
   * Name of the Service, the alias pods use.
   *
   * @default - the construct id in kebab case
   */
  readonly name?: string;

  /**
   * Namespace of the Service.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * Ports, for documentation and SRV records (traffic is not proxied).
   *
   * @default - none
   */
  readonly ports?: SimpleServicePort[];
}

/**
 * A Service of type ExternalName: a DNS alias inside the cluster for a host outside it.
 * No selector, no proxy, no virtual IP: lookups of the Service name return a CNAME.
 */
export class ExternalNameService extends Construct {
  /** The Service. */
  public readonly service: kplus.k8s.KubeService;
  /** Name of the Service. */
  public readonly name: string;
  /** Namespace of the Service, when one is set. */
  public readonly namespace?: string;
  /** The outside host the alias points at. */
  public readonly externalName: string;

  constructor(scope: Construct, id: string, props: ExternalNameServiceProps) {
    super(scope, id);
    const report = new Reporter(this, TYPE);
    checkProps(report, props, "with at least 'externalName'");
    const host = props.externalName;
    if (typeof host !== 'string' || host.length > 253 || !DNS_NAME.test(host) || /^[\d.]+$/.test(host) || host.split('.').some(l => l.length > 63)) {
      report.fail('externalName', host, 'must be a lowercase DNS name such as "db.example.com" (not an IP address: cluster DNS answers with a CNAME)');
    }
    this.externalName = host;
    this.name = checkServiceName(report, 'name', resolveName(this, report, props.name));
    this.namespace = resolveNamespace(this, report, props.namespace);
    const labels = PatternLabels.of(report, this.name, 'external-service', props);
    this.service = new kplus.k8s.KubeService(this, 'Service', {
      metadata: { name: this.name, namespace: this.namespace, labels: { ...labels.all } },
      spec: {
        type: 'ExternalName',
        externalName: host,
        ports: props.ports ? toKubePorts(report, props.ports) : undefined,
      },
    });
    AppChecks.of(this);
  }

  /** `<service>.<namespace>.svc.<cluster domain>`: the alias, from any namespace (the domain of the cluster profile, `cluster.local` without one). */
  public get dnsName(): string {
    return serviceDnsName(this.name, this.namespace, clusterDomainFor(this));
  }
}
