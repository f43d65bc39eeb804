import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AppChecks } from './shared/app-checks';
import { checkBoolean, checkProps, checkStringMap } from './shared/checks';
import { IWorkloadPattern } from './shared/container';
import { Reporter } from './shared/errors';
import { PatternLabelProps, PatternLabels } from './shared/labels';
import { resolveName, resolveNamespace, serviceDnsName } from './shared/names';
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
    this.name = resolveName(this, report, props.name);
    this.namespace = props.namespace !== undefined || !props.target
      ? resolveNamespace(this, report, props.namespace)
      : props.target.workload.metadata.namespace;
    const labels = PatternLabels.of(report, this.name, 'headless-service', {
      ...props,
      appName: props.appName ?? props.target?.selectorLabels['app.kubernetes.io/name'],
    });
    const ports = props.ports ?? (props.target?.mainContainer.ports ?? []).map(p => ({
      port: p.number, name: p.name, protocol: p.protocol,
    }));
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

  /** `<service>.<namespace>.svc.cluster.local`: resolves to the IPs of the ready pods. */
  public get dnsName(): string {
    return serviceDnsName(this.name, this.namespace);
  }
}
