import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  absolutePath, accessModes, checkRun, edgy, cidr, duration, envMap, FUZZ_SETTINGS, FUZZ_TIMEOUT, garbage, given, image, labels, labelValue,
  maybe, mostly, name, nodePort, Outcome, percentOrAbsolute, port, quantity, recordOutcome, resources, security, withGarbage,
} from './harness';
import { ClaimRetention, ExternalStorageClass, HealthChecks, StatefulAppWithStorage } from '../../../lib';

const storage = withGarbage(fc.record({
  mountPath: mostly(absolutePath),
  size: mostly(quantity),
  name: maybe(name),
  accessModes: maybe(accessModes),
  storageClassName: maybe(fc.constantFrom('', 'gold', 'Gold', 'fast')),
  subPath: maybe(fc.constantFrom('pgdata', '/abs', '../up', 'a/../b', '')),
  whenDeleted: maybe(fc.constantFrom(...Object.values(ClaimRetention), 'Keep' as any)),
  whenScaled: maybe(fc.constantFrom(...Object.values(ClaimRetention))),
  external: fc.boolean(),
}, { requiredKeys: ['mountPath', 'size', 'external'] }));

const props = withGarbage(fc.record({
  image: mostly(image),
  name: maybe(name),
  namespace: maybe(name),
  component: maybe(edgy(labelValue, fc.constant(24390 as any))),
  labels: maybe(labels),
  replicas: maybe(fc.integer({ min: -1, max: 5 })),
  containerPort: maybe(port),
  portName: maybe(edgy(fc.constantFrom('tcp', 'pg'), fc.constantFrom('a--b', '5432'))),
  headlessServiceName: maybe(name),
  clientService: maybe(fc.record({
    name: maybe(name),
    serviceType: maybe(fc.constantFrom(kplus.ServiceType.CLUSTER_IP, kplus.ServiceType.NODE_PORT, kplus.ServiceType.LOAD_BALANCER)),
    servicePort: maybe(port),
    nodePort: maybe(nodePort),
    loadBalancerSourceRanges: maybe(fc.array(cidr, { maxLength: 2 })),
  }, { requiredKeys: [] })),
  podManagementPolicy: maybe(fc.constantFrom(...Object.values(kplus.PodManagementPolicy))),
  updateStrategy: maybe(fc.oneof(fc.constant(kplus.StatefulSetUpdateStrategy.onDelete()),
    fc.integer({ min: -2, max: 3 }).map(partition => kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition })))),
  minReady: maybe(duration),
  disruptionBudget: maybe(fc.record({ maxUnavailable: maybe(percentOrAbsolute), minAvailable: maybe(percentOrAbsolute) }, { requiredKeys: [] })),
  env: maybe(envMap),
  resources: maybe(resources),
  healthChecks: maybe(fc.constantFrom(HealthChecks.tcp(), HealthChecks.none(), HealthChecks.http({ path: '/health' }))),
  security: maybe(security),
}, { requiredKeys: [] }));

describe('StatefulAppWithStorage under adversarial input', () => {
  test('each run ends in our error naming a prop the user passed, or in YAML the strict validator accepts', () => {
    const outcome: Outcome = { errors: 0, synthErrors: 0, valid: 0 };
    fc.assert(fc.property(fc.oneof({ weight: 20, arbitrary: props }, { weight: 1, arbitrary: garbage }),
      fc.oneof({ weight: 20, arbitrary: storage }, { weight: 1, arbitrary: garbage }), (p, s) => {
        // The class is built from storage.accessModes: its error names that prop.
        checkRun(outcome, ['StatefulAppWithStorage', 'ExternalStorageClass'], [...given(p, ['image', 'storage']), 'accessModes', 'ordinal'], chart => {
          let store: any = s;
          if (s !== null && typeof s === 'object' && (s as any).external) {
            const { external, storageClassName, ...rest } = s as any;
            store = { ...rest, storageClass: new ExternalStorageClass(chart, 'Ext', { storageClassName: 'fast', accessModes: rest.accessModes ?? undefined }) };
          } else if (s !== null && typeof s === 'object') {
            const { external, ...rest } = s as any;
            store = rest;
          }
          const app = new StatefulAppWithStorage(chart, 'db', { ...(p as any), storage: store });
          app.podDnsName(0);
        });
      }), FUZZ_SETTINGS);
    recordOutcome('StatefulAppWithStorage', outcome);
    expect(outcome.valid).toBeGreaterThan(0);
    expect(outcome.errors).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);

  test('podDnsName and claimName take only ordinals of the replicas', () => {
    const outcome: Outcome = { errors: 0, synthErrors: 0, valid: 0 };
    fc.assert(fc.property(fc.integer({ min: 0, max: 3 }), fc.oneof(fc.integer({ min: -1, max: 4 }), garbage), (replicas, ordinal) => {
      checkRun(outcome, 'StatefulAppWithStorage', ['ordinal'], chart => {
        const app = new StatefulAppWithStorage(chart, 'db', { image: 'postgres:16.4', replicas, storage: { size: '1Gi', mountPath: '/data' } });
        app.podDnsName(ordinal);
        app.claimName(ordinal);
      });
    }), { ...FUZZ_SETTINGS, numRuns: Math.max(50, FUZZ_SETTINGS.numRuns / 10) });
    recordOutcome('StatefulAppWithStorage ordinals', outcome);
    expect(outcome.valid).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);
});
