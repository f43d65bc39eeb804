import * as kplus from 'cdk8s-plus-28';
import { checkList, checkOneOf, checkPort, isStruct } from './checks';
import { Reporter } from './errors';
import { checkPortName } from './names';

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
   * Port name, needed when the Service has more than one port.
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

/** The ports as the L1 Service takes them, or undefined for none. */
export function toKubePorts(report: Reporter, given: SimpleServicePort[] | undefined): kplus.k8s.ServicePort[] | undefined {
  const ports = checkList(report, 'ports', given);
  ports.forEach((p, i) => { if (!isStruct(p)) report.fail(`ports[${i}]`, p, "must be an object with at least 'port'"); });
  if (ports.length === 0) return undefined;
  if (ports.length > 1 && ports.some(p => p.name === undefined)) {
    report.fail('ports', ports.map(p => p.port), 'each port needs a name when a Service has more than one');
  }
  const names = new Set<string>();
  const numbers = new Set<string>();
  return ports.map((p, i) => {
    checkPort(report, `ports[${i}].port`, p.port);
    const key = `${p.port}/${p.protocol ?? kplus.Protocol.TCP}`;
    if (numbers.has(key)) report.fail(`ports[${i}].port`, p.port, `must be unique among the ports of one protocol (${key} is given twice); the API server refuses duplicates`);
    numbers.add(key);
    if (p.targetPort !== undefined) checkPort(report, `ports[${i}].targetPort`, p.targetPort);
    if (p.name !== undefined) {
      checkPortName(report, `ports[${i}].name`, p.name);
      if (names.has(p.name)) report.fail(`ports[${i}].name`, p.name, 'must be unique among the ports');
      names.add(p.name);
    }
    return {
      name: p.name,
      port: p.port,
      targetPort: kplus.k8s.IntOrString.fromNumber(p.targetPort ?? p.port),
      protocol: checkOneOf(report, `ports[${i}].protocol`, p.protocol ?? kplus.Protocol.TCP, Object.values(kplus.Protocol)),
    };
  });
}
