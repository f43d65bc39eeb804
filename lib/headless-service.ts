import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { clusterDomainFor } from './profile/hooks';
import { AppChecks } from './shared/app-checks';
import { checkBoolean, checkList, checkProps, checkStringMap, isStruct } from './shared/checks';
import { IWorkloadPattern } from './shared/container';
import { Reporter } from './shared/errors';
import { checkLabelKey, PatternLabelProps, PatternLabels } from './shared/labels';
import { checkLabelValue, checkServiceName, resolveName, resolveNamespace, serviceDnsName } from './shared/names';
import { checkWorkloadPattern } from './shared/plus-objects';
import { SimpleServicePort, toKubePorts } from './shared/service-ports';

const TYPE = 'HeadlessService';

/**
 * Props of `HeadlessService`.
 */
export interface HeadlessServiceProps extends PatternLabelProps {
  /**
   * Name of the Service, whose DNS name resolves to the pod IPs.
   *
   * @default - the construct id in kebab case
   */
  readonly name?: string;

  /**
   * Namespace of the Service.
   *
   * @default - the target's namespace, else the chart's
   */
  readonly namespace?: string;

  /**
   * The pattern whose pods the Service resolves to (an ExposedWebApp, a StatefulAppWithStorage).
   * Give this or `selector`.
   *
   * @default - the `selector`
   */
  readonly target?: IWorkloadPattern;

  /**
   * Labels of the pods to resolve to, for pods not built by this library.
   *
   * @default - the target's selector labels
   */
  readonly selector?: { [key: string]: string };

  /**
   * Ports, for SRV records. A headless Service needs none.
   *
   * @default - the target's container ports, or none
   */
  readonly ports?: SimpleServicePort[];

  /**
   * Publish DNS records for pods that are not ready yet, as peers of a clustered database
   * need to find each other while starting.
   *
   * @default false
   */
  readonly publishNotReadyAddresses?: boolean;
}

/**
 * A headless Service (`clusterIP: None`): its DNS name resolves to the IPs of the pods it
 * selects instead of a virtual IP, and StatefulSet pods get per-pod names through it.
 *
 * Built from the L1 object because cdk8s-plus-28 refuses a Service without ports.
 */
export class HeadlessService extends Construct {
  /** The Service. */
  public readonly service: kplus.k8s.KubeService;
  /** Name of the Service. */
  public readonly name: string;
  /** Namespace of the Service, when one is set. */
  public readonly namespace?: string;

  constructor(scope: Construct, id: string, props: HeadlessServiceProps) {
    super(scope, id);
    const report = new Reporter(this, TYPE);
    checkProps(report, props, "with 'target' or 'selector'");
    if ((props.target === undefined) === (props.selector === undefined)) {
      report.fail('target', props.target?.node?.path, "give exactly one of 'target' and 'selector'");
    }
    if (props.target !== undefined) checkWorkloadPattern(report, 'target', props.target);
    const selector = props.selector === undefined ? props.target!.selectorLabels : checkStringMap(report, 'selector', props.selector);
    if (Object.keys(selector).length === 0) {
      report.fail('selector', selector, 'must name at least one label, or the Service resolves to every pod of the namespace');
    }
    for (const [key, value] of Object.entries(selector)) {
      checkLabelKey(report, key, 'selector');
      checkLabelValue(report, `selector["${key}"]`, value);
    }
    this.name = checkServiceName(report, 'name', resolveName(this, report, props.name));
    const targetNamespace = props.target?.workload.metadata.namespace;
    this.namespace = props.namespace !== undefined || !props.target ? resolveNamespace(this, report, props.namespace) : targetNamespace;
    if (props.target && this.namespace !== targetNamespace) {
      report.fail('namespace', props.namespace,
        `differs from the target's namespace (${targetNamespace ?? 'none'}); a Service only selects pods of its own namespace, so it would resolve to nothing`);
    }
    const labels = PatternLabels.of(report, this.name, 'headless-service', {
      ...props,
      appName: props.appName ?? props.target?.selectorLabels['app.kubernetes.io/name'],
    });
    const targetPorts = (props.target?.mainContainer.ports ?? []).map(p => ({ port: p.number, name: p.name, protocol: p.protocol }));
    const ports = props.ports ?? targetPorts;
    if (props.target && props.ports) {
      checkList(report, 'ports', props.ports).forEach((p, i) => {
        const port = isStruct(p) ? p.targetPort ?? p.port : undefined;
        if (!targetPorts.some(t => t.port === port)) {
          report.fail(`ports[${i}].${p?.targetPort === undefined ? 'port' : 'targetPort'}`, port,
            `is no container port of the target (it has ${targetPorts.map(t => t.port).join(', ') || 'none'}); its SRV records would point nowhere`);
        }
      });
    }
    this.service = new kplus.k8s.KubeService(this, 'Service', {
      metadata: { name: this.name, namespace: this.namespace, labels: { ...labels.all } },
      spec: {
        clusterIp: 'None',
        selector: { ...selector },
        ports: toKubePorts(report, ports),
        publishNotReadyAddresses: props.publishNotReadyAddresses === undefined || props.publishNotReadyAddresses === null
          ? undefined : checkBoolean(report, 'publishNotReadyAddresses', props.publishNotReadyAddresses, false),
      },
    });
    AppChecks.of(this);
  }

  /** `<service>.<namespace>.svc.<cluster domain>`: resolves to the IPs of the ready pods (the domain of the cluster profile, `cluster.local` without one). */
  public get dnsName(): string {
    return serviceDnsName(this.name, this.namespace, clusterDomainFor(this));
  }
}
