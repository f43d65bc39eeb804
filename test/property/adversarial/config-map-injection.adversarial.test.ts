import * as path from 'path';
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  absolutePath, checkRun, FUZZ_SETTINGS, FUZZ_TIMEOUT, garbage, given, labels, maybe, mostly, name, Outcome, recordOutcome, security,
  withGarbage,
} from './harness';
import { ConfigMapInjection, ExposedWebApp, InjectionTarget, RestrictedSecurity, StatefulAppWithStorage } from '../../../lib';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'config-map-injection');

const key = fc.oneof(fc.stringMatching(/^[a-z][-._a-z0-9]{0,6}$/), fc.constantFrom('.', '..', '..x', 'a b', 'DB_PASS', 'max_tokens', 'x'.repeat(254)));
const value = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('', 'postgres://app:S3cr3t@db/app', 'password = hunter2', 'ghp_0123456789abcdefghijABCDEFGHIJ012345', 5 as any));

const props = withGarbage(fc.record({
  name: maybe(name),
  namespace: maybe(name),
  literals: maybe(fc.oneof(fc.dictionary(key, value, { maxKeys: 4 }), fc.constant('abc' as any))),
  files: maybe(fc.array(fc.record({ path: fc.constantFrom('test.conf', 'missing.conf', '', '/'), key: maybe(key) }, { requiredKeys: ['path'] }), { maxLength: 2 })),
  directories: maybe(fc.array(fc.record({ path: fc.constantFrom('.', 'nope'), keyPrefix: maybe(fc.constantFrom('cfg-', 'a b')), exclude: maybe(fc.constantFrom(['*.bin'], [5 as any])) }, { requiredKeys: ['path'] }), { maxLength: 1 })),
  immutable: maybe(fc.boolean()),
  allowSecretLikeKeys: maybe(fc.constantFrom(['DB_PASS'], 'DB_PASS' as any)),
  labels: maybe(labels),
}, { requiredKeys: [] }));

const envName = fc.oneof(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,6}$/), fc.constantFrom('1X', 'a b', ''));
const mode = fc.oneof(fc.integer({ min: 0, max: 0o777 }), fc.constantFrom(-1, 0o1000, 1.5));

/** One call of an injection method, with adversarial options. */
const injection = fc.oneof(
  withGarbage(fc.record({ variables: mostly(fc.dictionary(envName, key, { maxKeys: 2 })), optional: maybe(fc.boolean()) }, { requiredKeys: [] }))
    .map(o => ['injectEnv', o] as const),
  withGarbage(fc.record({ prefix: maybe(fc.constantFrom('APP_', '1', 'a b', '')) }, { requiredKeys: [] })).map(o => ['injectAllEnv', o] as const),
  withGarbage(fc.record({ variables: mostly(fc.dictionary(fc.constantFrom('A', 'B'), key, { maxKeys: 2 })), optional: maybe(fc.boolean()) }, { requiredKeys: [] }))
    .map(o => ['injectArgs', o] as const),
  withGarbage(fc.record({
    path: mostly(absolutePath),
    defaultMode: maybe(mode),
    optional: maybe(fc.boolean()),
    items: maybe(fc.array(fc.record({ key: mostly(key), path: maybe(fc.constantFrom('conf/a', '/abs', '../up', '')), mode: maybe(mode) }, { requiredKeys: [] }), { maxLength: 2 })),
  }, { requiredKeys: [] })).map(o => ['mountFiles', o] as const),
  withGarbage(fc.record({ key: mostly(key), path: mostly(absolutePath), mode: maybe(mode), optional: maybe(fc.boolean()) }, { requiredKeys: [] }))
    .map(o => ['mountFile', o] as const),
);

/** What the ConfigMap is injected into: each InjectionTarget factory, and garbage. */
const targetKind = fc.constantFrom('web-app', 'stateful-app', 'deployment', 'pod', 'workload-no-container', 'other-namespace', 'garbage');

function target(chart: any, kind: string): InjectionTarget {
  const args = ['--a', '$(A)', '--b', '$(B)'];
  switch (kind) {
    case 'web-app': return InjectionTarget.fromPattern(new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3', args }));
    case 'stateful-app': return InjectionTarget.fromPattern(new StatefulAppWithStorage(chart, 'db', { image: 'postgres:16.4', args, storage: { size: '1Gi', mountPath: '/data' } }));
    case 'pod': {
      const sec = RestrictedSecurity.of(chart);
      const pod = new kplus.Pod(chart, 'pod', { securityContext: sec.podSecurityContext, automountServiceAccountToken: false });
      const c = pod.addContainer({ image: 'busybox:1.36.1', args, securityContext: sec.containerSecurityContext, resources: RESOURCES });
      sec.applyTo(pod, c);
      return InjectionTarget.fromPod(pod, c);
    }
    case 'workload-no-container': return InjectionTarget.fromWorkload(new kplus.Deployment(chart, 'empty'));
    case 'other-namespace': return InjectionTarget.fromPattern(new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3', namespace: 'elsewhere' }));
    case 'garbage': return 'web' as any;
    default: {
      const sec = RestrictedSecurity.of(chart);
      const d = new kplus.Deployment(chart, 'deploy', { securityContext: sec.podSecurityContext, automountServiceAccountToken: false });
      const c = d.addContainer({ image: 'busybox:1.36.1', args, securityContext: sec.containerSecurityContext, resources: RESOURCES });
      sec.applyTo(d, c);
      return InjectionTarget.fromWorkload(d);
    }
  }
}

const RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(50) },
  memory: { request: Size.mebibytes(16), limit: Size.mebibytes(32) },
};

describe('ConfigMapInjection under adversarial input', () => {
  test('the constructor, then any sequence of injections into any kind of target', () => {
    const o: Outcome = { errors: 0, synthErrors: 0, valid: 0 };
    fc.assert(fc.property(fc.oneof({ weight: 20, arbitrary: props }, { weight: 1, arbitrary: garbage }), targetKind,
      fc.array(injection, { maxLength: 3 }), (p, drawn, calls) => {
        // A Deployment without containers is the caller's own invalid object unless an injection refuses it.
        const kind = drawn === 'workload-no-container' && calls.length === 0 ? 'deployment' : drawn;
        const roots = [...given(p), ...calls.map(c => c[0])];
        checkRun(o, 'ConfigMapInjection', roots, chart => {
          const cm = new ConfigMapInjection(chart, 'cfg', p === null || typeof p !== 'object' ? p : { baseDir: FIXTURES, ...p });
          const t = target(chart, kind);
          for (const [method, options] of calls) (cm as any)[method](t, options);
        });
      }), FUZZ_SETTINGS);
    recordOutcome('ConfigMapInjection', o);
    expect(o.valid).toBeGreaterThan(0);
    expect(o.errors).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);

  test('RestrictedSecurity.of and applyTo, on one or two containers, once or twice', () => {
    const o: Outcome = { errors: 0, synthErrors: 0, valid: 0 };
    const drawnOptions = fc.oneof({ weight: 20, arbitrary: security }, { weight: 1, arbitrary: garbage });
    fc.assert(fc.property(drawnOptions, fc.integer({ min: 1, max: 2 }), fc.boolean(),
      (options, containers, twice) => {
        checkRun(o, 'RestrictedSecurity', given(options), chart => {
          const sec = RestrictedSecurity.of(chart, options as any);
          const d = new kplus.Deployment(chart, 'deploy', { securityContext: sec.podSecurityContext, automountServiceAccountToken: sec.automountServiceAccountToken });
          for (let i = 0; i < containers; i++) {
            const c = d.addContainer({ name: `c${i}`, image: 'busybox:1.36.1', securityContext: sec.containerSecurityContext, resources: RESOURCES });
            sec.applyTo(d, c);
            if (twice) sec.applyTo(d, c);
          }
        });
      }), FUZZ_SETTINGS);
    recordOutcome('RestrictedSecurity', o);
    expect(o.valid).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);
});
