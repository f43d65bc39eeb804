import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import { ClusterProfile, ConfigMapInjection, ExposedWebApp, InjectionTarget } from '../../lib';
import { main } from '../../lib/cli/main';
import { claim, edit, nfsClass, statefulSet } from '../review/manifests';
import { fixtureProps } from '../support/profiles';

const root = path.resolve(__dirname, '../..');

/** Runs the command line in-process and collects what it prints. */
function run(...argv: string[]): { status: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(argv, { out: t => out.push(t), err: t => err.push(t) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

/** Runs the entry point as a process, as `npx cdk8s-patterns` does (from the sources, through tsx). */
function exec(...argv: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'lib/cli/main.ts'), ...argv], { cwd: root, encoding: 'utf-8' });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

/** Two syntheses on disk: before/ (two charts) and after/ as the test writes it. */
function syntheses(after: any[]): { before: string; after: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  fs.mkdirSync(path.join(dir, 'before'));
  fs.mkdirSync(path.join(dir, 'after'));
  Yaml.save(path.join(dir, 'before', 'app.k8s.yaml'), [statefulSet(), claim()]);
  Yaml.save(path.join(dir, 'before', 'storage.k8s.yaml'), [nfsClass()]);
  Yaml.save(path.join(dir, 'after', 'all.k8s.yaml'), after);
  return { before: path.join(dir, 'before'), after: path.join(dir, 'after'), dir };
}

describe('cdk8s-patterns check-upgrade', () => {
  test('nothing unsafe: exit 0 and a one-line summary', () => {
    const bumped = edit(statefulSet(), s => { s.spec.template.spec.containers[0].image = 'postgres:16.5'; });
    const { before, after } = syntheses([bumped, claim(), nfsClass(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'new' } }]);
    const result = run('check-upgrade', before, after);
    expect(result).toEqual({
      status: 0,
      out: 'check-upgrade: safe to apply: no refused, data-losing or traffic-losing changes; 3 objects before, 4 after (1 added, 0 removed)',
      err: '',
    });
  });

  test('findings: exit 1 and a report with object, field, before → after and why', () => {
    const renamed = statefulSet('database');
    const shrunk = edit(claim(), c => { c.spec.resources.requests.storage = '5Gi'; });
    const { before, after } = syntheses([renamed, shrunk, nfsClass()]);
    const result = run('check-upgrade', before, after);
    expect(result.status).toBe(1);
    expect(result.err).toEqual('');
    expect(result.out.split('\n').slice(0, 5)).toEqual([
      'check-upgrade: 3 unsafe changes (1 refused by the API server, 2 losing or orphaning data); 3 objects before, 3 after (1 added, 1 removed)',
      `  before: ${before}`,
      `  after:  ${after}`,
      '',
      '[refused] PersistentVolumeClaim/shared spec.resources.requests.storage (claim-shrink-refused)',
    ]);
    expect(result.out).toContain('[data-loss] PersistentVolumeClaim/shared spec.resources.requests.storage (claim-shrunk)');
    expect(result.out).toContain('    "10Gi" → "5Gi"\n    a claim cannot shrink');
    expect(result.out).toContain('[data-loss] StatefulSet/db (whole object) (statefulset-renamed)\n    "db" → "database"\n    renaming (or moving) a StatefulSet orphans its data');
  });

  test('single files work as well as directories', () => {
    const { before, dir } = syntheses([]);
    const file = path.join(dir, 'one.yaml');
    Yaml.save(file, [statefulSet(), claim()]);
    expect(run('check-upgrade', path.join(before, 'app.k8s.yaml'), file).status).toBe(0);
  });

  test.each<[string, string[], string]>([
    ['no command', [], 'cdk8s-patterns: no command given'],
    ['an unknown command', ['lint'], 'cdk8s-patterns: unknown command "lint"'],
    ['one path', ['check-upgrade', 'dist'], 'cdk8s-patterns: check-upgrade takes two paths, <before> and <after>; got 1'],
    ['three paths', ['check-upgrade', 'a', 'b', 'c'], 'cdk8s-patterns: check-upgrade takes two paths, <before> and <after>; got 3'],
    ['a topology without a directory', ['topology'], 'cdk8s-patterns: topology takes one directory; got 0 arguments'],
  ])('usage error, %s: exit 2, the problem and the usage', (_, argv, message) => {
    const result = run(...argv);
    expect(result.status).toBe(2);
    expect(result.out).toEqual('');
    expect(result.err.split('\n')[0]).toEqual(message);
    expect(result.err).toContain('usage:\n  cdk8s-patterns check-upgrade <before> <after>');
  });

  test('unreadable paths, empty folders and broken YAML: exit 2 naming the path', () => {
    const { before, dir } = syntheses([]);
    expect(run('check-upgrade', before, path.join(dir, 'missing'))).toEqual({ status: 2, out: '', err: `cdk8s-patterns: ${path.join(dir, 'missing')}: no such file or directory` });
    fs.mkdirSync(path.join(dir, 'empty'));
    expect(run('check-upgrade', before, path.join(dir, 'empty')).err.split('\n')[0]).toEqual(`cdk8s-patterns: ${path.join(dir, 'empty')}: no *.yaml files`);
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(broken, 'kind: Service\nmetadata: {name: web\n');
    const result = run('check-upgrade', before, broken);
    expect(result.status).toBe(2);
    expect(result.err).toMatch(new RegExp(`^cdk8s-patterns: ${broken.replace(/[.]/g, '\\.')}:\\d+: not valid YAML: `));
    fs.writeFileSync(broken, '- just\n- a list\n');
    expect(run('check-upgrade', before, broken).err).toEqual(`cdk8s-patterns: ${broken}: a document is not a Kubernetes object (["just","a list"])`);
  });

  test('--help: exit 0 with the usage', () => {
    expect(run('--help')).toEqual({ status: 0, out: expect.stringMatching(/^usage:\n/), err: '' });
  });
});

describe('cdk8s-patterns topology', () => {
  test('writes a diagram beside each chart and lists the files', () => {
    const { before } = syntheses([]);
    const result = run('topology', before);
    expect(result).toEqual({
      status: 0,
      out: [`wrote ${path.join(before, 'app.topology.md')}`, `wrote ${path.join(before, 'storage.topology.md')}`].join('\n'),
      err: '',
    });
    expect(fs.readFileSync(path.join(before, 'app.topology.md'), 'utf-8')).toContain('claimtemplate_default_db_data --> storageclass_nfs');
  });

  test('a missing directory or one without charts: exit 2', () => {
    const { dir, after } = syntheses([]);
    expect(run('topology', path.join(dir, 'nope')).err.split('\n')[0]).toEqual(`cdk8s-patterns: ${path.join(dir, 'nope')}: no such directory`);
    fs.rmSync(path.join(after, 'all.k8s.yaml'));
    expect(run('topology', after).err.split('\n')[0]).toEqual(`cdk8s-patterns: ${after}: no *.k8s.yaml files`);
  });
});

describe('the entry point as a process', () => {
  test('exit status 0, 1 and 2 reach the shell', () => {
    const { before, after } = syntheses([statefulSet(), claim(), nfsClass()]);
    expect(exec('check-upgrade', before, after)).toMatchObject({ status: 0, out: expect.stringMatching(/^check-upgrade: safe to apply/) });
    const { before: b2, after: a2 } = syntheses([statefulSet('database'), claim(), nfsClass()]);
    expect(exec('check-upgrade', b2, a2)).toMatchObject({ status: 1, out: expect.stringContaining('(statefulset-renamed)') });
    expect(exec('check-upgrade', b2)).toMatchObject({ status: 2, out: '', err: expect.stringContaining('check-upgrade takes two paths') });
  }, 60_000);

  test('starts with a shebang, so the compiled bin runs as a command', () => {
    expect(fs.readFileSync(path.join(root, 'lib/cli/main.ts'), 'utf-8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf-8'));
    expect(pkg.bin['cdk8s-patterns']).toEqual('dist/lib/cli/main.js');
  });
});

describe('cdk8s-patterns check', () => {
  /** An app as cdk8s synth writes it: an ExposedWebApp reading a ConfigMapInjection. */
  function synthesized(): any[] {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const web = new ExposedWebApp(chart, 'web', { image: 'nginxinc/nginx-unprivileged:1.27.3-alpine' });
    new ConfigMapInjection(chart, 'web-config', { literals: { LOG_LEVEL: 'info' } }).injectAllEnv(InjectionTarget.fromPattern(web));
    return Testing.synth(chart);
  }

  /** What `kubectl kustomize` makes of it with `namePrefix: prod-`: names and references renamed, annotations not. */
  function kustomized(): string {
    return synthesized().map(m => Yaml.stringify(JSON.parse(JSON.stringify(m)
      .replace(/"name":"(web|web-config)"/g, '"name":"prod-$1"')))).join('---\n');
  }

  function dir(files: { [name: string]: any[] }): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-check-'));
    for (const [name, objects] of Object.entries(files)) Yaml.save(path.join(d, name), objects);
    return d;
  }

  test('a synthesized app passes: exit 0 and a one-line summary', () => {
    const d = dir({ 'shop.k8s.yaml': synthesized() });
    expect(run('check', d)).toEqual({ status: 0, out: 'check: no violations; 3 objects in 1 file', err: '' });
  });

  test('kustomize output from standard input passes, namePrefix and all', () => {
    const text = kustomized();
    expect(text).toContain('name: prod-web-config');
    expect(text).toMatch(/checksum\/config: web-config:[0-9a-f]{64}/);
    const out: string[] = [];
    const status = main(['check', '-'], { out: t => out.push(t), err: t => out.push(t), stdin: () => text });
    expect({ status, out }).toEqual({ status: 0, out: ['check: no violations; 3 objects in 1 file'] });
  });

  test('violations: exit 1, one line each with object, field and rule; --skip leaves rules out', () => {
    const broken = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'typo', namespace: 'shop' }, spec: { selector: { app: 'wbe' }, ports: [{ port: 80 }] } };
    const d = dir({ 'shop.k8s.yaml': synthesized(), 'extra.yaml': [broken] });
    expect(run('check', d)).toEqual({
      status: 1,
      out: [
        'check: 1 violation on 1 object; 4 objects in 2 files',
        '',
        'Service/shop/typo spec.selector [service-selector] selects no pods: no pod template in namespace "shop" carries all of {"app":"wbe"}',
      ].join('\n'),
      err: '',
    });
    expect(run('check', '--skip', 'service-selector,image-tag', d)).toMatchObject({ status: 0, out: 'check: no violations; 4 objects in 2 files' });
    // Files and folders are checked together: the Service in one file selects the pods of the other.
    const [first, ...rest] = synthesized();
    const apart = dir({ 'a.yaml': [first], 'b.yaml': rest });
    expect(run('check', path.join(apart, 'a.yaml'), path.join(apart, 'b.yaml')).status).toBe(0);
  });

  test.each<[string, string[], string]>([
    ['no input', ['check'], 'cdk8s-patterns: check takes at least one file, directory or - (standard input)'],
    ['an unknown option', ['check', '--fix', 'dist'], 'cdk8s-patterns: check: unknown option "--fix"'],
    ['--skip without rules', ['check', 'dist', '--skip'], 'cdk8s-patterns: --skip needs a comma-separated list of rule ids'],
  ])('usage error, %s: exit 2 and the usage', (_, argv, message) => {
    const result = run(...argv);
    expect(result).toMatchObject({ status: 2, out: '' });
    expect(result.err.split('\n')[0]).toEqual(message);
    expect(result.err).toContain('cdk8s-patterns check [--skip <rule>[,<rule>...]] [--profile <file>] <file|dir|->...');
  });

  test('unreadable input: exit 2 naming it', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-check-'));
    expect(run('check', d)).toMatchObject({ status: 2, err: expect.stringMatching(new RegExp(`^cdk8s-patterns: ${d}: no \\*\\.yaml files`)) });
    expect(run('check', path.join(d, 'nope.yaml'))).toMatchObject({ status: 2, err: `cdk8s-patterns: ${path.join(d, 'nope.yaml')}: no such file or directory` });
    const out: string[] = [];
    const status = main(['check', '-'], { out: t => out.push(t), err: t => out.push(t), stdin: () => 'kind: [' });
    expect(status).toBe(2);
    expect(out[0]).toMatch(/^cdk8s-patterns: <stdin>:1: not valid YAML/);
  });

  describe('--profile: the rules of a cluster profile on the same YAML', () => {
    const profileFile = (cluster: 'current' | 'legacy-1.28') => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-profile-')), `${cluster}.yaml`);
      fs.writeFileSync(file, new ClusterProfile(fixtureProps(cluster)).toYaml());
      return file;
    };
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop' }, spec: { ingressClassName: 'traefik', defaultBackend: { service: { name: 'web', port: { number: 80 } } } } };

    test('an app the cluster takes passes; what it refuses fails with the profile rule, and --skip leaves it out', () => {
      const d = dir({ 'shop.k8s.yaml': synthesized() });
      expect(run('check', '--profile', profileFile('current'), d)).toEqual({ status: 0, out: 'check: no violations; 3 objects in 1 file', err: '' });
      const withIngress = dir({ 'shop.k8s.yaml': [...synthesized(), ingress] });
      expect(run('check', withIngress)).toMatchObject({ status: 0 });
      expect(run('check', '--profile', profileFile('legacy-1.28'), withIngress)).toEqual({
        status: 1,
        out: [
          'check: 1 violation on 1 object; 4 objects in 1 file',
          '',
          'Ingress/shop/web spec.ingressClassName [profile-ingress-class] the cluster profile \'legacy\' has no IngressClass "traefik" (it has: nginx); no controller would serve the Ingress',
        ].join('\n'),
        err: '',
      });
      expect(run('check', '--profile', profileFile('legacy-1.28'), '--skip', 'profile-ingress-class', withIngress)).toMatchObject({ status: 0 });
    });

    test.each<[string, string[], RegExp]>([
      ['without a file', ['check', 'dist', '--profile'], /^cdk8s-patterns: --profile needs a cluster profile file\n\nusage:/],
      ['twice', ['check', '--profile', 'a.yaml', '--profile', 'b.yaml', 'dist'], /^cdk8s-patterns: --profile is given twice; check against one cluster at a time\n/],
      ['of a file that is not there', ['check', '--profile', '/nonexistent/prod.yaml', 'dist'], /^cdk8s-patterns: ClusterProfile '\/nonexistent\/prod.yaml': invalid /],
    ])('a profile %s: exit 2', (_, argv, message) => {
      const result = run(...argv);
      expect(result).toMatchObject({ status: 2, out: '' });
      expect(result.err).toMatch(message);
    });
  });

  test('the process reads standard input and exits 1 on violations', () => {
    const broken = Yaml.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } });
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'lib/cli/main.ts'), 'check', '-'], { cwd: root, encoding: 'utf-8', input: broken });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Service/s spec.selector [service-selector]');
  }, 60_000);
});
