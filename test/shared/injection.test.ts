import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ExposedWebApp } from '../../lib';
import { Reporter } from '../../lib/shared/errors';
import { InjectionTarget } from '../../lib/shared/injection';
import { expectError, newChart } from '../support/synth';

function setup() {
  const chart = newChart();
  const report = new Reporter(new Construct(chart, 'cfg'), 'ConfigMapInjection');
  const pod = new kplus.Pod(chart, 'pod', { metadata: { name: 'pod' }, containers: [{ name: 'main', image: 'busybox:1.36.1' }] });
  return { chart, report, pod, t: InjectionTarget.fromPod(pod)._resolve(report, 'target') };
}

const source = (identity: string, names: string[] = []) => ({ identity, origin: identity, names: () => names });
/** Variables from one injection, named by what they came from: `identity` for all of them. */
const variables = (identity: string) => ({ identityOf: () => identity, originOf: () => identity });

describe('InjectionTarget', () => {
  test('a pattern with cdk8s-plus parts resolves to its workload, pod template metadata and main container', () => {
    const chart = newChart({ namespace: 'shop' });
    const web = new ExposedWebApp(chart, 'web', { image: 'nginxinc/nginx-unprivileged:1.27.3-alpine' });
    const t = InjectionTarget.fromPattern(web)._resolve(new Reporter(web, 'X'), 'target');
    // Resolving a plain pattern does not build its parts: the target is the plain model.
    expect(t.pod.key).not.toBe(web.deployment);
    const built = InjectionTarget.fromPattern(web)._resolve(new Reporter(web, 'X'), 'target');
    expect(built.pod.key).toBe(web.deployment);
    expect(built.container.key).toBe(web.mainContainer);
    expect(built.podMetadata).toBe(web.deployment.podMetadata);
    for (const target of [t, built]) expect([target.name, target.describe, target.namespace]).toEqual(['web', 'Deployment "web"', 'shop']);
    expect(t.superseded).toBe(true);
    expect(built.superseded).toBe(false);
  });

  test('a bare Pod annotates its own metadata', () => {
    const { pod, t } = setup();
    expect(t.podMetadata).toBe(pod.metadata);
    expect(t.describe).toEqual('Pod "pod"');
  });
});

describe('ResolvedTarget', () => {
  test('volume names skip those the pod already uses; the same spec shares one volume', () => {
    const { chart, report, pod, t } = setup();
    pod.addVolume(kplus.Volume.fromEmptyDir(chart, 'taken', 'config-x'));
    const make = (name: string) => kplus.Volume.fromEmptyDir(chart, `v-${name}`, name);
    const a = t.volume('a', 'config-x', make);
    const b = t.volume('b', 'config-x', make);
    expect([a.name, b.name]).toEqual(['config-x-2', 'config-x-3']);
    expect(t.volume('a', 'config-x', make)).toBe(a);
    expect(t.mount(report, 'path', '/etc/x///', a)).toEqual('/etc/x');
    expect(pod.containers[0].mounts.map(m => [m.path, m.readOnly])).toEqual([['/etc/x', true]]);
  });

  test('single files may go into system directories; directories may not cover them', () => {
    const { chart, report, t } = setup();
    const v = kplus.Volume.fromEmptyDir(chart, 'v', 'v');
    t.mount(report, 'path', '/etc/app.conf', v, 'app.conf');
    for (const dir of ['/', '/usr/local', '/var/']) {
      expectError(() => t.mount(report, 'path', dir, v), `ConfigMapInjection 'test/cfg': invalid path "${dir}": would hide the image's own ${dir.length > 1 ? dir.replace(/\/$/, '') : dir}; mount into a subdirectory of it, or mount single files`);
    }
  });

  test('envFrom names are checked against single variables, the container\'s own and other envFrom sources', () => {
    const { chart, report, pod, t } = setup();
    const container = pod.containers[0];
    container.env.addVariable('OWN', kplus.EnvValue.fromValue('x'));
    t.addEnv(report, 'variables', 'ONE', variables('one'), kplus.EnvValue.fromValue('1'));
    const first = source('first', ['A', 'B']);
    t.addEnvFrom(report, 'prefix', first, kplus.Env.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'ref', 'x')));
    expect(t.envFromConflicts(source('probe', ['A', 'OWN', 'ONE', 'Z'])).map(c => `${c.name}<-${c.origin}`))
      .toEqual(['A<-first', 'OWN<-its own env', 'ONE<-one']);
    expect([...t.envNames()].sort()).toEqual(['A', 'B', 'ONE', 'OWN']);
    expect(t.hasForeignEnvFrom()).toBe(false);
    container.env.copyFrom(kplus.Env.fromSecret(kplus.Secret.fromSecretName(chart, 's', 's')));
    expect(t.hasForeignEnvFrom()).toBe(true);
  });

  test('a refused envFrom source leaves the container as it was', () => {
    const { chart, report, pod, t } = setup();
    t.addEnv(report, 'variables', 'A', variables('one'), kplus.EnvValue.fromValue('1'));
    expect(() => t.addEnvFrom(report, 'prefix', source('from', ['A']), kplus.Env.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'ref', 'x'))))
      .toThrow(/already gets A from one/);
    expect(pod.containers[0].env.sources).toHaveLength(0);
    expect([...t.envNames()]).toEqual(['A']);
  });
});
