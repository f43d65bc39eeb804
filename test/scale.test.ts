import * as v8 from 'v8';
import * as vm from 'vm';
import { Chart, Testing } from 'cdk8s';
import {
  CanaryTraffic, ConfigMapInjection, ExposedWebApp, Gateway, InjectionTarget, NfsStorageClass, StatefulAppWithStorage,
} from '../lib';

/**
 * A large app must not use up V8's hidden classes. V8 records at most 1,536 transitions from
 * one hidden class; an object made as `{}` and given a first key that differs per app (a name
 * or path as key) adds one to the class every `{}` starts from. Past the limit, every new
 * kind of object gets classes of its own that are never shared: the YAML serializer's
 * objects then cost a new class per object and per key, and synthesizing 2,000 ConfigMap
 * injections took 1.4-1.7× as long (bench/README.md). The probe asks V8 itself, so it covers
 * every object the library makes as `{}`, at construction or at synth, not only those known
 * today.
 */

const APPS = 1600; // more than V8's 1,536 transitions per hidden class

v8.setFlagsFromString('--allow-natives-syntax');
const PROBE = 'const key = "probe-" + Math.random(); const a = {}; a[key] = 1; const b = {}; b[key] = 2;';

/**
 * Whether two objects made as `{}` and given the same new key still share a hidden class, in
 * the realm of the code under test (jest's sandbox) or in `context`. Compiled after the flag
 * is set: V8 parses `%` calls only then.
 */
function emptyObjectsShareNewShapes(context?: vm.Context): boolean {
  if (context) return vm.runInContext(`(() => { ${PROBE} return %HaveSameMap(a, b); })()`, context);
  return new Function(`${PROBE} return %HaveSameMap(a, b);`)();
}

describe('hidden classes at scale', () => {
  test('the probe sees the exhaustion a key per app causes, and not fixed keys', () => {
    const perApp = vm.createContext({});
    expect(emptyObjectsShareNewShapes(perApp)).toBe(true);
    vm.runInContext(`for (let i = 0; i < ${APPS}; i++) { const o = {}; o['app' + i] = i; }`, perApp);
    expect(emptyObjectsShareNewShapes(perApp)).toBe(false);

    const fixed = vm.createContext({});
    vm.runInContext(`for (let i = 0; i < ${APPS}; i++) { const o = {}; o.name = 'app' + i; o[i % 20 + 'k'] = i; }`, fixed);
    expect(emptyObjectsShareNewShapes(fixed)).toBe(true);
  });

  test(`${APPS} apps of every pattern, each with names of its own, construct and synthesize without using them up`, () => {
    expect(emptyObjectsShareNewShapes()).toBe(true);
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const nfs = new NfsStorageClass(chart, 'nfs', { server: '10.0.0.1', path: '/exports' });
    const gateway = Gateway.fromGatewayName(chart, 'public', 'public', 'gateway');
    for (let i = 0; i < APPS; i++) {
      const web = new ExposedWebApp(chart, `web${i}`, {
        image: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
        ingress: { hosts: [`web${i}.example.com`], ingressClassName: 'nginx' },
      });
      const routed = new ExposedWebApp(chart, `routed${i}`, {
        image: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
        route: { parents: [{ gateway }], hostnames: [`routed${i}.example.com`] },
        canary: { image: 'nginxinc/nginx-unprivileged:1.27.4-alpine', traffic: CanaryTraffic.percent(10) },
      });
      // Every other app customises a part, which builds its cdk8s-plus objects.
      if (i % 2 === 0) web.deployment.scheduling.spread();
      const config = new ConfigMapInjection(chart, `config${i}`, { literals: { [`key${i % 20}`]: `value ${i}`, LOG_LEVEL: 'info' } });
      config.injectAllEnv(InjectionTarget.fromPattern(web));
      config.mountFiles(InjectionTarget.fromPattern(routed), { path: '/etc/config' });
      config.injectEnv(InjectionTarget.fromPattern(routed), { variables: { LOG_LEVEL: 'LOG_LEVEL' } });
      new StatefulAppWithStorage(chart, `db${i}`, {
        image: 'postgres:16.4',
        storage: { name: 'data', size: '1Gi', mountPath: '/var/lib/postgresql/data', storageClass: nfs },
      });
    }
    expect(emptyObjectsShareNewShapes()).toBe(true);

    const manifests = Testing.synth(chart);
    expect(manifests.filter(m => m.kind === 'Deployment')).toHaveLength(3 * APPS + 1); // and the NFS provisioner
    expect(emptyObjectsShareNewShapes()).toBe(true);
  });
});
