import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  checkRun, FUZZ_SETTINGS, FUZZ_TIMEOUT, fuzzTest, garbage, given, host, labels, labelValue, maybe, mostly, name, Outcome, port, recordOutcome,
  withGarbage,
} from './harness';
import { ExposedWebApp, ExternalNameService, HeadlessService, StatefulAppWithStorage } from '../../../lib';

const servicePorts = fc.array(withGarbage(fc.record({
  port: mostly(port),
  targetPort: maybe(port),
  name: maybe(fc.oneof(fc.constantFrom('http', 'tcp', 'a--b', '8080', 'a'.repeat(16)), name)),
  protocol: maybe(fc.constantFrom(...Object.values(kplus.Protocol))),
}, { requiredKeys: [] })), { maxLength: 3 });

const headlessProps = withGarbage(fc.record({
  name: maybe(name),
  namespace: maybe(name),
  target: fc.constantFrom('web', 'db', 'none'),
  selector: maybe(fc.oneof(labels, fc.constant({}))),
  ports: maybe(servicePorts),
  publishNotReadyAddresses: maybe(fc.boolean()),
  labels: maybe(labels),
  appName: maybe(labelValue),
}, { requiredKeys: ['target'] }));

const externalProps = withGarbage(fc.record({
  externalName: mostly(host),
  name: maybe(name),
  namespace: maybe(name),
  ports: maybe(servicePorts),
  labels: maybe(labels),
}, { requiredKeys: [] }));

describe('Services under adversarial input', () => {
  test('HeadlessService, for a target pattern in a namespace or for a selector', () => {
    const o: Outcome = { errors: 0, synthErrors: 0, valid: 0 };
    fc.assert(fc.property(fc.oneof({ weight: 20, arbitrary: headlessProps }, { weight: 1, arbitrary: garbage }), fc.option(fc.constantFrom('team-a', 'team-b'), { nil: undefined }),
      (props, targetNamespace) => {
        const p: any = props !== null && typeof props === 'object' ? { ...props } : props;
        checkRun(o, 'HeadlessService', given(p, ['target', 'selector']), chart => {
          if (p !== null && typeof p === 'object') {
            if (p.target === 'web') p.target = new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3', namespace: targetNamespace });
            else if (p.target === 'db') p.target = new StatefulAppWithStorage(chart, 'db', { image: 'postgres:16.4', namespace: targetNamespace, storage: { size: '1Gi', mountPath: '/data' } });
            else delete p.target;
          }
          new HeadlessService(chart, 'headless', p);
        }, {}, ['service-selector']);
      }), { ...FUZZ_SETTINGS, numRuns: Math.max(50, FUZZ_SETTINGS.numRuns) });
    recordOutcome('HeadlessService', o);
    expect(o.valid).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);

  fuzzTest('ExternalNameService', 'ExternalNameService', externalProps, ['externalName'], (chart, p) => new ExternalNameService(chart, 'alias', p as any));
});
