import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { absolutePath, cidr, dnsLabel, envMap, hostName, image, nodePort, port, runChart, settings, synthOnce, unprivilegedPort } from './arbitraries';
import { ExposedWebApp, ExposedWebAppProps, HealthChecks, ResourcePreset } from '../../lib';
import { PatternValidationError, VIOLATION_FORMAT } from '../../lib/shared/errors';
import { expectWellFormed } from '../support/synth';

const serviceTypes = [kplus.ServiceType.CLUSTER_IP, kplus.ServiceType.NODE_PORT, kplus.ServiceType.LOAD_BALANCER];

/** Props that are valid by construction: every rule of ExposedWebApp is respected. */
const validProps: fc.Arbitrary<ExposedWebAppProps> = fc.record({
  image,
  name: fc.option(dnsLabel(30), { nil: undefined }),
  containerPort: unprivilegedPort,
  servicePort: port,
  serviceTypeIndex: fc.integer({ min: 0, max: 2 }),
  nodePort: fc.option(nodePort, { nil: undefined }),
  autoscale: fc.option(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 5 })), { nil: undefined }),
  replicas: fc.integer({ min: 0, max: 10 }),
  ingress: fc.option(fc.record({
    hosts: fc.uniqueArray(hostName, { maxLength: 3 }),
    tls: fc.boolean(),
    path: fc.option(absolutePath, { nil: undefined }),
  }), { nil: undefined }),
  budget: fc.boolean(),
  policyCidrs: fc.option(fc.array(cidr, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  env: envMap,
  preset: fc.constantFrom(...Object.values(ResourcePreset)),
  probes: fc.constantFrom('http', 'tcp', 'none'),
  writablePaths: fc.uniqueArray(absolutePath, { maxLength: 3 }),
}).map(r => {
  const serviceType = serviceTypes[r.serviceTypeIndex];
  const exposed = serviceType !== kplus.ServiceType.CLUSTER_IP;
  const hosts = r.ingress?.hosts ?? [];
  return {
    image: r.image,
    name: r.name,
    containerPort: r.containerPort,
    servicePort: r.servicePort,
    serviceType,
    nodePort: exposed ? r.nodePort : undefined,
    replicas: r.autoscale ? undefined : Math.max(r.replicas, r.budget ? 2 : 0),
    autoscaling: r.autoscale ? { minReplicas: Math.max(2, r.autoscale[0]), maxReplicas: Math.max(2, r.autoscale[0]) + r.autoscale[1] } : undefined,
    ingress: r.ingress ? { hosts, path: r.ingress.path, tlsSecretName: r.ingress.tls && hosts.length > 0 ? 'web-tls' : undefined } : undefined,
    disruptionBudget: r.budget ? {} : undefined,
    networkPolicy: r.policyCidrs || r.ingress ? { allowFromCidrs: r.policyCidrs } : undefined,
    env: r.env,
    resourcePreset: r.preset,
    healthChecks: r.probes === 'http' ? HealthChecks.http() : r.probes === 'tcp' ? HealthChecks.tcp() : HealthChecks.none(),
    security: { writablePaths: r.writablePaths },
  } as ExposedWebAppProps;
}).filter(p => !(p.networkPolicy && p.serviceType !== kplus.ServiceType.CLUSTER_IP && !p.networkPolicy.allowFromCidrs));

/** One field made invalid, with the prop the error must name. */
type Change = [string, Partial<ExposedWebAppProps>];
const change = (prop: string, props: Partial<ExposedWebAppProps>): Change => [prop, props];
const invalidChange: fc.Arbitrary<Change> = fc.oneof(
  fc.integer({ min: -5, max: 29999 }).map(n => change('nodePort', { serviceType: kplus.ServiceType.NODE_PORT, nodePort: n })),
  nodePort.map(n => change('nodePort', { serviceType: kplus.ServiceType.CLUSTER_IP, nodePort: n })),
  fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 })).map(n => change('containerPort', { containerPort: n })),
  fc.stringMatching(/^[A-Z_][A-Za-z_]{0,10}$/).map(n => change('name', { name: n })),
  fc.constantFrom('nginx', 'nginx:latest', 'a/b:latest', 'x:').map(i => change('image', { image: i })),
  fc.integer({ min: 2, max: 9 }).map(n => change('autoscaling.minReplicas', { replicas: undefined, autoscaling: { minReplicas: n + 1, maxReplicas: n } })),
  dnsLabel(10).map(s => change('ingress.tlsSecretName', { ingress: { tlsSecretName: s } })),
  fc.integer({ max: -1 }).map(n => change('replicas', { replicas: n })),
  fc.stringMatching(/^[0-9][A-Z]{0,5}$/).map(n => change('env', { env: { [n]: 'x' } })),
);

describe('ExposedWebApp properties', () => {
  test('synthOnce runs the construct validations, as cdk8s synth does: a run with a synth-time error fails', () => {
    const chart = runChart();
    new ExposedWebApp(chart, 'a', { image: 'nginx:1.27.3', name: 'web' });
    new ExposedWebApp(chart, 'b', { image: 'nginx:1.27.3', name: 'web' });
    expect(() => synthOnce(chart)).toThrow(/invalid metadata.name "web"/);
  });

  test('random valid props synthesize to schema-valid, well-wired, restricted YAML', () => {
    fc.assert(fc.property(validProps, props => {
      const chart = runChart();
      const app = new ExposedWebApp(chart, 'web', props);
      const out = synthOnce(chart); // validations + schemas
      expectWellFormed(out); // wiring + pod security
      const service = out.find(m => m.kind === 'Service');
      expect(service.spec.selector).toEqual(app.selectorLabels);
      expect(service.spec.ports[0].targetPort).toEqual(props.containerPort);
    }), settings);
  });

  test('random invalid props throw one error in the common format naming the prop', () => {
    fc.assert(fc.property(validProps, invalidChange, (props, [prop, invalid]) => {
      let thrown: unknown;
      try {
        new ExposedWebApp(runChart(), 'web', { ...props, ...invalid });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(PatternValidationError);
      const message = (thrown as Error).message;
      expect(message).toMatch(VIOLATION_FORMAT);
      expect(message.startsWith(`ExposedWebApp 'test/web': invalid ${prop}`)).toBe(true);
    }), settings);
  });
});
