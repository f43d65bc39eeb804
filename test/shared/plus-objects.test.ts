import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ConfigMapInjection, ExposedWebApp, HeadlessService, InjectionTarget, RestrictedSecurity } from '../../lib';
import { foreignPlusObject } from '../../lib/shared/plus-objects';
import { objectsOf33, otherCopy, PLUS_28_VERSION as OURS } from '../support/foreign-plus';
import { expectError, newChart } from '../support/synth';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';

const podOf33 = () => objectsOf33(IMAGE);

const FIX = "build it with cdk8s-plus-28 (npm install cdk8s-plus-28; import * as kplus from 'cdk8s-plus-28')";
const mismatch = (kind: string) =>
  `is a ${kind} of cdk8s-plus-33 2.5.57, but cdk8s-patterns is built on cdk8s-plus-28 ${OURS}, and objects of two cdk8s-plus major versions do not mix`;
const MAJOR = mismatch('Pod');

describe('cdk8s-plus objects from another copy', () => {
  test('objects of this library\'s copy, and anything else, are not foreign', () => {
    const chart = newChart();
    expect(foreignPlusObject(new kplus.Pod(chart, 'pod'))).toBeUndefined();
    expect(foreignPlusObject(new ExposedWebApp(chart, 'web', { image: IMAGE }))).toBeUndefined();
    for (const value of [undefined, null, 'pod', 3, {}, []]) expect(foreignPlusObject(value)).toBeUndefined();
  });

  test('InjectionTarget: a Pod of cdk8s-plus-33 is named as such, with both versions and the fix', () => {
    const { pod } = podOf33();
    const chart = newChart();
    expectError(() => new ConfigMapInjection(chart, 'cfg', { literals: { a: '1' } }).mountFiles(InjectionTarget.fromPod(pod), { path: '/etc/app' }),
      `ConfigMapInjection 'test/cfg': invalid mountFiles.target "cdk8s-plus-33.Pod": ${MAJOR}; ${FIX}`);
  });

  test('InjectionTarget: a container of another copy is named as such', () => {
    const chart = newChart();
    const deployment = new kplus.Deployment(chart, 'app', { containers: [{ image: IMAGE }] });
    const { container } = podOf33();
    expectError(() => new ConfigMapInjection(chart, 'cfg', { literals: { a: '1' } }).injectAllEnv(InjectionTarget.fromWorkload(deployment, container)),
      `ConfigMapInjection 'test/cfg': invalid injectAllEnv.target "cdk8s-plus-33.Container": ${mismatch('Container')}; ${FIX}`);
  });

  test('a second install of the same major version is named as another copy', () => {
    const { kplus: copy, chart: other } = otherCopy();
    const pod = new copy.Pod(other, 'pod', { containers: [{ image: IMAGE }] });
    expectError(() => new ConfigMapInjection(newChart(), 'cfg', { literals: { a: '1' } }).injectAllEnv(InjectionTarget.fromPod(pod as any)),
      `ConfigMapInjection 'test/cfg': invalid injectAllEnv.target "cdk8s-plus-28.Pod": is a Pod of another copy of cdk8s-plus-28 (${OURS}) `
        + `than the one cdk8s-patterns uses (${OURS}); install a single copy (one version of cdk8s-plus-28 in package.json, then npm dedupe)`);
  });

  test('RestrictedSecurity refuses to harden a foreign Pod, whose annotations it would miss', () => {
    const { pod, container } = podOf33();
    const security = RestrictedSecurity.of(Testing.chart());
    expectError(() => security.applyTo(pod, container),
      `RestrictedSecurity 'test': invalid pod "cdk8s-plus-33.Pod": ${MAJOR}; ${FIX}`);
    expectError(() => security.addContainer(pod, { image: IMAGE }),
      `RestrictedSecurity 'test': invalid pod "cdk8s-plus-33.Pod": ${MAJOR}; ${FIX}`);
    expectError(() => security.applyTo(new kplus.Pod(newChart(), 'p'), garbage({})),
      'RestrictedSecurity \'test\': invalid container "object": must be a cdk8s-plus container of the pod');
  });

  test('HeadlessService and NetworkPolicy peers: a cdk8s-plus object is not a pattern, and a foreign one says so', () => {
    const { pod } = podOf33();
    expectError(() => new HeadlessService(newChart(), 'headless', { target: garbage(pod) }),
      `HeadlessService 'test/headless': invalid target "cdk8s-plus-33.Pod": must be a pattern of this library (an ExposedWebApp, a StatefulAppWithStorage); this one also ${MAJOR}`);
    expectError(() => new ExposedWebApp(newChart(), 'web', { image: IMAGE, networkPolicy: { allowFrom: [garbage(pod)] } }),
      `ExposedWebApp 'test/web': invalid networkPolicy.allowFrom[0] "cdk8s-plus-33.Pod": must be a pattern of this library (an ExposedWebApp, a StatefulAppWithStorage); this one also ${MAJOR}`);
  });
});

function garbage(value: unknown): any {
  return value;
}
