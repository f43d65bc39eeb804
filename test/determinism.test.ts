import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { buildApp as configInjection } from '../examples/config-injection/app';
import { buildApp as nfsStorage } from '../examples/nfs-storage/app';
import { buildApp as statefulApp } from '../examples/stateful-app/app';
import { buildApp as webApp } from '../examples/web-app/app';
import {
  ConfigMapInjection, ExposedWebApp, HealthChecks, InjectionTarget, NfsCsiStorageClass, NfsStorageClass, StatefulAppWithStorage,
} from '../lib';

/**
 * The same code gives byte-identical YAML: file names, their order and every byte, in this
 * process and in another one with another working directory, time zone and locale; nothing
 * depends on the time, on randomness, on the order keys were written in or on the order
 * unrelated constructs were created in.
 */

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES = ['web-app', 'nfs-storage', 'stateful-app', 'config-injection'];

/** Every example app (every pattern, composed as users compose them) in one cdk8s app. */
function buildAll(app: App): void {
  webApp(app);
  nfsStorage(app);
  statefulApp(app);
  configInjection(app);
}

interface Output {
  /** Charts in the order `App.synth()` writes their files. */
  readonly charts: string[];
  /** File name → content. */
  readonly files: Map<string, Buffer>;
}

function read(outdir: string, charts: string[]): Output {
  const names = fs.readdirSync(outdir).sort();
  return { charts, files: new Map(names.map(n => [n, fs.readFileSync(path.join(outdir, n))])) };
}

/** `cdk8s synth` as the CLI runs it: the real `App.synth()` into an outdir. */
function synthInProcess(outdir: string): Output {
  const app = new App({ outdir });
  buildAll(app);
  app.synth();
  return read(outdir, app.charts.map(c => c.node.id));
}

/**
 * The same app in a child process started elsewhere: another working directory, time zone and
 * locale. It prints the chart order; the files land in `outdir`.
 */
function synthInChild(outdir: string): Promise<Output> {
  const script = [
    `const { App } = require(${JSON.stringify(require.resolve('cdk8s'))});`,
    `const app = new App({ outdir: ${JSON.stringify(outdir)} });`,
    ...EXAMPLES.map(e => `require(${JSON.stringify(path.join(ROOT, 'examples', e, 'app.ts'))}).buildApp(app);`),
    'app.synth();',
    'process.stdout.write(JSON.stringify(app.charts.map(c => c.node.id)));',
  ].join('\n');
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8', TSX_TSCONFIG_PATH: path.join(ROOT, 'test', 'tsconfig.json') };
  delete env.CDK8S_OUTDIR;
  delete env.CDK8S_RECORD_CONSTRUCT_METADATA;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', require.resolve('tsx'), '--eval', script], { cwd: os.tmpdir(), env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`child synth failed: ${error.message}\n${stderr}`));
      else resolve(read(outdir, JSON.parse(stdout)));
    });
  });
}

function expectIdentical(a: Output, b: Output): void {
  expect(b.charts).toEqual(a.charts);
  expect([...b.files.keys()]).toEqual([...a.files.keys()]);
  for (const [name, bytes] of a.files) {
    // Compared as text first for a readable diff, then byte for byte.
    expect(b.files.get(name)!.toString('utf8')).toEqual(bytes.toString('utf8'));
    expect(b.files.get(name)!.equals(bytes)).toBe(true);
  }
}

/** A deep copy of plain objects with their keys in reverse order; arrays and class instances stay as they are. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as unknown as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)])) as T;
}

/** Every pattern with every map-valued prop filled, built from `props(...)` so key order can vary. */
function buildPatterns(chart: Chart, props: <T>(p: T) => T): void {
  const web = new ExposedWebApp(chart, 'web', props({
    image: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
    env: { LOG_LEVEL: 'info', BASE: '/srv', DATA: '$(BASE)/data', ALPHA: '1' },
    labels: { 'team': 'shop', 'tier': 'front', 'example.com/cost': 'a1' },
    serviceAnnotations: { 'example.com/lb': 'internal', 'example.com/owner': 'shop' },
    ingress: { hosts: ['shop.example.com'], annotations: { 'cert-manager.io/cluster-issuer': 'le', 'nginx.ingress.kubernetes.io/rewrite-target': '/' } },
    healthChecks: HealthChecks.http({ path: '/healthz', period: Duration.seconds(5), timeout: Duration.seconds(2) }),
    security: { writablePaths: ['/tmp', '/var/cache/nginx'], fsGroup: 2000 },
    disruptionBudget: {},
    networkPolicy: { allowFromNamespaces: ['monitoring'], allowSameNamespace: true },
  }));
  const nfs = new NfsStorageClass(chart, 'nfs', props({
    server: '10.0.0.5',
    path: '/exports',
    storageClassAnnotations: { 'example.com/tier': 'shared', 'example.com/backup': 'daily' },
    provisioner: { nodeSelector: { 'kubernetes.io/os': 'linux', 'storage': 'nfs' }, podAnnotations: { b: '2', a: '1' } },
  }));
  new NfsCsiStorageClass(chart, 'csi', props({ server: 'nfs.example.com', share: '/exports', mountOptions: ['nfsvers=4.1', 'hard'] }));
  const db = new StatefulAppWithStorage(chart, 'db', props({
    image: 'postgres:16.4',
    env: { PGDATA: '/var/lib/postgresql/data/pgdata', POSTGRES_DB: 'shop' },
    labels: { team: 'shop', tier: 'data' },
    storage: { size: '10Gi', mountPath: '/var/lib/postgresql/data', storageClass: nfs, accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE] },
  }));
  const cfg = new ConfigMapInjection(chart, 'cfg', props({ literals: { 'z.conf': 'z', 'a.conf': 'a', 'mode': 'prod', 'region': 'eu' } }));
  cfg.injectEnv(InjectionTarget.fromPattern(web), props({ variables: { MODE: 'mode', REGION: 'region', APP_MODE: 'mode' } }));
  cfg.injectAllEnv(InjectionTarget.fromPattern(db), { prefix: 'CFG_' });
  cfg.mountFiles(InjectionTarget.fromPattern(web), props({ path: '/etc/shop', items: [{ key: 'z.conf' }, { key: 'a.conf', path: 'conf/a.conf' }] }));
}

const yamlOf = (build: (chart: Chart) => void) => {
  const chart = Testing.chart();
  build(chart);
  return Yaml.stringify(...Testing.synth(chart));
};

describe('deterministic output', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-determinism-'));
  // Started first, so the child runs on the other core while this process synthesizes.
  const child = synthInChild(path.join(tmp, 'child'));
  const first = synthInProcess(path.join(tmp, 'first'));
  const second = synthInProcess(path.join(tmp, 'second'));
  // The child may take longer than jest's 5 s default on a busy machine; waiting for it to end
  // (execFile kills it after 60 s) keeps the worker from exiting with a process still running.
  afterAll(async () => {
    await child.catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 70_000);

  test('the examples synthesize every chart to its own file', () => {
    expect(first.charts).toEqual([
      'storage-and-lb-002', 'whoami-003', 'services-004', 'platform-gateway', 'gateway-004', 'nfs-storage-000', 'static-storage-000',
      'statefulset-001', 'statefulset-dynamic', 'configmaps-003',
    ]);
    expect([...first.files.keys()]).toEqual([...first.charts].sort().map(c => `${c}.k8s.yaml`));
    for (const bytes of first.files.values()) expect(bytes.length).toBeGreaterThan(100);
  });

  test('synthesizing twice gives the same file names, in the same order, byte for byte', () => {
    expectIdentical(first, second);
  });

  // The child synthesizes every example in a fresh Node: on a busy 2-core machine that outlasts jest's 5 s.
  test('another process, working directory, time zone and locale gives the same bytes', async () => {
    expectIdentical(first, await child);
  }, 120_000);

  test('nothing in the output depends on the time or the machine', () => {
    const text = [...first.files.values()].map(b => b.toString('utf8')).join('\n');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/); // ISO timestamps
    expect(text).not.toContain('creationTimestamp');
    expect(text).not.toContain(ROOT); // config files are read from the repo; their path must not leak
    expect(text).not.toContain(tmp);
    expect(text).not.toContain(os.hostname());
  });

  test('keys written in another order give the same YAML', () => {
    const asWritten = yamlOf(chart => buildPatterns(chart, p => p));
    const reversed = yamlOf(chart => buildPatterns(chart, reverseKeys));
    expect(Object.keys(reverseKeys({ a: 1, b: { c: 1, d: 2 } }).b)).toEqual(['d', 'c']); // the reversal is deep
    expect(reversed).toEqual(asWritten);
  });

  test('environment variables come by name, each after the variables it references', () => {
    const names = (props: <T>(p: T) => T) => {
      const chart = Testing.chart();
      buildPatterns(chart, props);
      const web = Testing.synth(chart).find(m => m.kind === 'Deployment' && m.metadata.name === 'web');
      return web.spec.template.spec.containers[0].env.map((e: any) => e.name);
    };
    // DATA is $(BASE)/data: BASE must come first, or Kubernetes leaves $(BASE) as text.
    expect(names(reverseKeys)).toEqual(['ALPHA', 'BASE', 'DATA', 'LOG_LEVEL', 'APP_MODE', 'MODE', 'REGION']);
    expect(names(p => p)).toEqual(names(reverseKeys));
  });

  test('unrelated constructs created in another order give the same objects', () => {
    const byName = (build: (chart: Chart) => void) => {
      const chart = Testing.chart();
      build(chart);
      return Object.fromEntries(Testing.synth(chart).map(m => [`${m.kind}/${m.metadata.name}`, m]));
    };
    const web = (chart: Chart) => new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3' });
    const db = (chart: Chart) => new StatefulAppWithStorage(chart, 'db', { image: 'postgres:16.4', storage: { size: '1Gi', mountPath: '/data' } });
    const nfs = (chart: Chart) => new NfsStorageClass(chart, 'nfs', { server: '10.0.0.5', path: '/exports' });
    const forwards = byName(chart => [web, db, nfs].forEach(b => b(chart)));
    const backwards = byName(chart => [nfs, db, web].forEach(b => b(chart)));
    expect(Object.keys(forwards)).toHaveLength(11);
    expect(backwards).toEqual(forwards);
  });

  test('synthesizing one chart twice gives the same YAML: nothing accumulates between synths', () => {
    const chart = Testing.chart();
    buildPatterns(chart, p => p);
    expect(Yaml.stringify(...Testing.synth(chart))).toEqual(Yaml.stringify(...Testing.synth(chart)));
  });
});
