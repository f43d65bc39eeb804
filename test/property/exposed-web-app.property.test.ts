import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { dnsLabel, nodePort, runChart, settings, synthOnce, webAppProps as validProps } from './arbitraries';
import { ExposedWebApp, ExposedWebAppProps } from '../../lib';
import { PatternValidationError, VIOLATION_FORMAT } from '../../lib/shared/errors';
import { expectWellFormed } from '../support/synth';

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
