import * as kplus from 'cdk8s-plus-28';
import { checkPort } from './checks';
import { Reporter } from './errors';
import { checkDnsLabel } from './names';

/**
 * A port of a Service built from L1 objects (headless and ExternalName Services).
 */
export interface SimpleServicePort {
  /** The port. */
  readonly port: number;
  /**
   * Port on the pods.
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number;
  /**
   * Port name; needed when the Service has more than one port.
   *
   * @default - none
   */
  readonly name?: string;
  /**
   * Protocol.
   *
   * @default Protocol.TCP
   */
  readonly protocol?: kplus.Protocol;
}

export function toKubePorts(report: Reporter, ports: SimpleServicePort[]): kplus.k8s.ServicePort[] {
  if (ports.length > 1 && ports.some(p => p.name === undefined)) {
    report.fail('ports', ports.map(p => p.port), 'each port needs a name when a Service has more than one');
  }
  const names = new Set<string>();
  return ports.map((p, i) => {
    checkPort(report, `ports[${i}].port`, p.port);
    if (p.targetPort !== undefined) checkPort(report, `ports[${i}].targetPort`, p.targetPort);
    if (p.name !== undefined) {
      checkDnsLabel(report, `ports[${i}].name`, p.name, 15);
      if (names.has(p.name)) report.fail(`ports[${i}].name`, p.name, 'must be unique among the ports');
      names.add(p.name);
    }
    return {
      name: p.name,
      port: p.port,
      targetPort: kplus.k8s.IntOrString.fromNumber(p.targetPort ?? p.port),
      protocol: p.protocol ?? kplus.Protocol.TCP,
    };
  });
}
