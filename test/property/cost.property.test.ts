import { Testing } from 'cdk8s';
import { ConfigMapInjection, ExposedWebApp, InjectionTarget, NfsStorageClass } from '../../lib';
import { newChart } from '../support/synth';

/**
 * Cost bounded by input size, measured without a clock: every map and list the user passes is
 * wrapped in a Proxy that counts each read the library makes of it, and the synthesized YAML is
 * measured in characters. Doubling the input may at most about double both. A check that
 * re-reads every label for every label, or a string spread into thousands of labels, makes the
 * reads grow fourfold.
 */
let reads = 0;

function counted<T extends object>(target: T): T {
  return new Proxy(target, {
    get(t, key, receiver) {
      reads++;
      return Reflect.get(t, key, receiver);
    },
    ownKeys(t) {
      reads++;
      return Reflect.ownKeys(t);
    },
    getOwnPropertyDescriptor(t, key) {
      reads++;
      return Reflect.getOwnPropertyDescriptor(t, key);
    },
  });
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const map = (n: number, key: (i: number) => string, value: (i: number) => string) =>
  counted(Object.fromEntries(range(n).map(i => [key(i), value(i)])));

function measure(name: string, build: (chart: ReturnType<typeof newChart>, n: number) => void): void {
  test(`${name}: doubling the input at most about doubles the work`, () => {
    const sizes = [40, 80, 160, 320];
    const results = sizes.map(n => {
      reads = 0;
      const chart = newChart();
      build(chart, n);
      const constructionReads = reads;
      const output = JSON.stringify(Testing.synth(chart)).length;
      return { n, reads: constructionReads, output };
    });
    for (let i = 1; i < results.length; i++) {
      // Linear work doubles; a fixed overhead makes the ratio smaller still. Quadratic work quadruples.
      expect(results[i].reads / results[i - 1].reads).toBeLessThan(2.3);
      expect(results[i].output / results[i - 1].output).toBeLessThan(2.3);
    }
    expect(results[0].reads).toBeGreaterThan(0);
  });
}

describe('work grows linearly with the input', () => {
  measure('ExposedWebApp labels, env, args, hosts and annotations', (chart, n) => {
    new ExposedWebApp(chart, 'web', {
      image: 'nginx:1.27.3',
      labels: map(n, i => `example.com/l${i}`, i => `v${i}`),
      env: map(n, i => `VAR_${i}`, i => (i > 0 ? `$(VAR_${i - 1})` : 'x')),
      args: counted(range(n).map(i => `--a${i}`)),
      ingress: { hosts: counted(range(n).map(i => `h${i}.example.com`)), annotations: map(n, i => `example.com/a${i}`, i => `${i}`) },
      serviceAnnotations: map(n, i => `example.com/s${i}`, i => `${i}`),
    });
  });

  measure('ConfigMapInjection literals, injected as env vars', (chart, n) => {
    const web = new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3' });
    const cm = new ConfigMapInjection(chart, 'cfg', { literals: map(n, i => `key-${i}`, i => `value ${i}`) });
    cm.injectEnv(InjectionTarget.fromPattern(web), { variables: map(n, i => `V_${i}`, i => `key-${i}`) });
  });

  measure('NfsStorageClass node selector, tolerations and mount options', (chart, n) => {
    new NfsStorageClass(chart, 'nfs', {
      server: '10.0.0.5',
      path: '/exports',
      mountOptions: counted(range(n).map(i => `opt${i}`)),
      provisioner: {
        nodeSelector: map(n, i => `example.com/n${i}`, i => `${i}`),
        tolerations: counted(range(n).map(i => ({ key: `example.com/t${i}`, operator: 'Exists' }))),
      },
    });
  });

  test('a long string where a map belongs is refused at once, whatever its length', () => {
    for (const length of [2_000, 200_000]) {
      expect(() => new ExposedWebApp(newChart(), 'web', { image: 'nginx:1.27.3', labels: 'x'.repeat(length) as any }))
        .toThrow(/invalid labels "x+\.\.\.: must map names to strings/);
    }
  });
});
