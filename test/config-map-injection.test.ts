import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ConfigMapInjection, ConfigMapInjectionProps, ExposedWebApp, InjectionTarget, ManifestChecks, StatefulAppWithStorage } from '../lib';
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from './support/restricted';
import { expectError, expectSynthError, expectWellFormed, find, newChart, synth } from './support/synth';
import { configChecksum } from '../lib/shared/config-data';

const FIXTURES = path.join(__dirname, 'fixtures', 'config-map-injection');
const fixture = (name: string) => path.join(FIXTURES, name);
const MULTIMAP = { given: 'Nigel', family: 'Poulton' };
const CHECKSUM_KEY = 'checksum/config';
/** The annotation value for the multimap ConfigMap alone. */
const listed = (checksum: string) => `multimap:${checksum}`;

/** A container that meets the restricted Pod Security Standard, as the library's own do. */
function restricted(props: Partial<kplus.ContainerProps> = {}): kplus.ContainerProps {
  return { ...RESTRICTED_CONTAINER, command: ['sleep', 'infinity'], ...props };
}

const POD_SECURITY = RESTRICTED_POD;

function deployment(chart: Chart, container: Partial<kplus.ContainerProps> = {}, id = 'app'): kplus.Deployment {
  return new kplus.Deployment(chart, id, {
    metadata: { name: id }, securityContext: POD_SECURITY, containers: [restricted(container)],
  });
}

function multimap(chart: Chart, props: ConfigMapInjectionProps = {}): ConfigMapInjection {
  return new ConfigMapInjection(chart, 'multimap', { literals: { ...MULTIMAP }, ...props });
}

function podTemplate(manifests: any[], kind = 'Deployment', name?: string): any {
  const m = find(manifests, kind, name);
  return kind === 'Pod' ? m : m.spec.template;
}

function firstContainer(manifests: any[], kind = 'Deployment', name?: string): any {
  return podTemplate(manifests, kind, name).spec.containers[0];
}

describe('ConfigMap sources', () => {
  test('keys whose values are all empty keep their data (cdk8s-plus alone would drop it), as do keys added later', () => {
    const chart = newChart();
    const cm = new ConfigMapInjection(chart, 'flags', { literals: { maintenance: '' } });
    cm.addLiteral('read-only', '');
    cm.configMap.addData('debug', '');
    cm.injectEnv(InjectionTarget.fromWorkload(deployment(chart)), { variables: { MAINTENANCE: 'maintenance' } });
    const out = synth(chart);
    expect(find(out, 'ConfigMap').data).toEqual({ 'debug': '', 'maintenance': '', 'read-only': '' });
    expect(Object.keys(find(out, 'ConfigMap').data)).toEqual(['debug', 'maintenance', 'read-only']);
    expectWellFormed(out);
  });

  test('literals: data, recommended labels, name from the construct id, mutable by default', () => {
    const chart = newChart();
    const cm = multimap(chart);
    const out = synth(chart);
    expect(out).toMatchSnapshot();
    expect(find(out, 'ConfigMap')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'multimap',
        labels: {
          'app.kubernetes.io/name': 'multimap',
          'app.kubernetes.io/instance': 'multimap',
          'app.kubernetes.io/component': 'config',
          'app.kubernetes.io/part-of': 'multimap',
          'app.kubernetes.io/managed-by': 'cdk8s-patterns',
        },
      },
      data: { family: 'Poulton', given: 'Nigel' },
      immutable: false,
    });
    expect(cm.name).toEqual('multimap');
    expect(cm.configMap.name).toEqual('multimap');
    expect(cm.keys).toEqual(['family', 'given']);
    expect(cm.immutable).toBe(false);
    expect(cm.checksumAnnotation).toEqual(CHECKSUM_KEY);
  });

  test('kebab-case default name, chart namespace, explicit name, namespace and labels', () => {
    const chart = newChart({ namespace: 'shop' });
    const defaulted = new ConfigMapInjection(chart, 'AppConfig', { literals: { a: 'b' } });
    const explicit = new ConfigMapInjection(chart, 'Other', {
      name: 'testmap1', namespace: 'tools', appName: 'web', partOf: 'shop', labels: { team: 'a' }, literals: { a: 'b' },
    });
    const out = synth(chart);
    expect(defaulted.name).toEqual('app-config');
    expect(find(out, 'ConfigMap', 'app-config').metadata.namespace).toEqual('shop');
    expect(explicit.namespace).toEqual('tools');
    expect(find(out, 'ConfigMap', 'testmap1').metadata).toMatchObject({
      namespace: 'tools',
      labels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'testmap1', 'app.kubernetes.io/part-of': 'shop', 'team': 'a' },
    });
  });

  test('files: one key per file, named after it or as given; multi-line content kept byte for byte', () => {
    const chart = newChart();
    new ConfigMapInjection(chart, 'cfg', {
      baseDir: FIXTURES,
      files: [{ path: 'cmfile.txt' }, { path: 'test.conf' }, { path: 'cmfile.txt', key: 'copy.txt' }],
    });
    const data = find(synth(chart), 'ConfigMap').data;
    expect(Object.keys(data)).toEqual(['cmfile.txt', 'copy.txt', 'test.conf']);
    expect(data['cmfile.txt']).toEqual(fs.readFileSync(fixture('cmfile.txt'), 'utf8'));
    expect(data['test.conf']).toEqual('env = plex-test\nendpoint = 0.0.0.0:31001\nchar = utf8\nvault = PLEX/test\nlog-size = 512M\n');
  });

  test('relative paths resolve against the working directory by default, absolute paths as they are', () => {
    const chart = newChart();
    new ConfigMapInjection(chart, 'cfg', {
      files: [{ path: path.relative(process.cwd(), fixture('cmfile.txt')) }, { path: fixture('test.conf') }],
    });
    expect(Object.keys(find(synth(chart), 'ConfigMap').data)).toEqual(['cmfile.txt', 'test.conf']);
  });

  test('a file that is not UTF-8 text goes base64-encoded to binaryData', () => {
    const chart = newChart();
    const cm = new ConfigMapInjection(chart, 'cfg', { baseDir: FIXTURES, files: [{ path: 'logo.bin' }, { path: 'cmfile.txt' }] });
    const out = find(synth(chart), 'ConfigMap');
    expect(out.binaryData).toEqual({ 'logo.bin': fs.readFileSync(fixture('logo.bin')).toString('base64') });
    expect(Object.keys(out.data)).toEqual(['cmfile.txt']);
    expect(cm.keys).toEqual(['cmfile.txt', 'logo.bin']);
  });

  test('directories: regular files only, in name order, with exclusions and a key prefix', () => {
    const chart = newChart();
    new ConfigMapInjection(chart, 'cfg', {
      baseDir: FIXTURES,
      directories: [{ path: 'conf.d', exclude: ['*.md'] }, { path: 'conf.d/', keyPrefix: 'copy-', exclude: ['b?se.conf', 'README.*'] }],
    });
    const data = find(synth(chart), 'ConfigMap').data;
    expect(Object.keys(data)).toEqual(['app.conf', 'base.conf', 'copy-app.conf']);
    expect(data['app.conf']).toEqual('listen 8080;\n');
  });

  test('data added after construction through addLiteral, addFile and addDirectory', () => {
    const chart = newChart();
    const cm = new ConfigMapInjection(chart, 'cfg', { baseDir: FIXTURES });
    cm.addLiteral('shortname', 'msb.com');
    cm.addFile({ path: 'cmfile.txt', key: 'about' });
    cm.addDirectory({ path: 'conf.d', keyPrefix: 'nginx.' });
    expect(cm.keys).toEqual(['about', 'nginx.README.md', 'nginx.app.conf', 'nginx.base.conf', 'shortname']);
    expect(find(synth(chart), 'ConfigMap').data.shortname).toEqual('msb.com');
  });

  test('up to 1 MiB of values is accepted', () => {
    const chart = newChart();
    new ConfigMapInjection(chart, 'cfg', { literals: { a: 'x'.repeat(1024 * 1024 - 1), b: 'y' } });
    expect(find(synth(chart), 'ConfigMap').data.b).toEqual('y');
  });

  test('keys that look like secrets are accepted when listed', () => {
    const chart = newChart();
    new ConfigMapInjection(chart, 'cfg', { literals: { 'token-endpoint': 'https://id.example.com/token' }, allowSecretLikeKeys: ['token-endpoint'] });
    expect(find(synth(chart), 'ConfigMap').data).toEqual({ 'token-endpoint': 'https://id.example.com/token' });
  });
});

describe('ConfigMap source errors', () => {
  const build = (props: ConfigMapInjectionProps) => () => new ConfigMapInjection(newChart(), 'cfg', { baseDir: FIXTURES, ...props });
  const at = "ConfigMapInjection 'test/cfg': invalid";

  test('a key outside [-._a-zA-Z0-9]', () => expectError(build({ literals: { 'bad key': 'x' } }),
    `${at} literals "bad key": must be a ConfigMap key: at most 253 letters, digits, '-', '_' and '.', and not '.' or starting with '..'`));

  test('a key that looks like a secret', () => expectError(build({ literals: { DB_PASSWORD: 'hunter2' } }),
    `${at} literals "DB_PASSWORD": looks like a secret (its name says it is a credential); put it in a Secret, or list it in 'allowSecretLikeKeys' if it is plain configuration`));

  test('a private key under an innocent name', () => expectError(build({ literals: { 'tls.pem': '-----BEGIN RSA PRIVATE KEY-----\nMII...' } }),
    `${at} literals "tls.pem": looks like a secret (its value holds what looks like a PEM private key); put it in a Secret, or list it in 'allowSecretLikeKeys' if it is plain configuration`));

  test('a value that is not a string', () => expectError(build({ literals: { n: 1 as any } }),
    `${at} literals["n"] 1: must be a string`));

  test('the same key from two sources', () => expectError(build({ literals: { 'cmfile.txt': 'x' }, files: [{ path: 'cmfile.txt' }] }),
    `${at} files[0].key "cmfile.txt": is already a key of the ConfigMap, from literal "cmfile.txt"`));

  test('a missing file, with the path it was looked for at', () => expectError(build({ files: [{ path: 'nope.txt' }] }),
    `${at} files[0].path "nope.txt": cannot be read: no such file or directory (resolved to ${fixture('nope.txt')})`));

  test('a directory given as a file', () => expectError(build({ files: [{ path: 'conf.d' }] }),
    `${at} files[0].path "conf.d": is not a regular file (resolved to ${fixture('conf.d')})`));

  test('a missing directory', () => expectError(build({ directories: [{ path: 'nope' }] }),
    `${at} directories[0].path "nope": cannot be read as a directory: no such file or directory (resolved to ${fixture('nope')})`));

  test('a file whose name is not a valid key', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmi-'));
    fs.writeFileSync(path.join(dir, 'my file.txt'), 'x');
    expectError(() => new ConfigMapInjection(newChart(), 'cfg', { directories: [{ path: dir }] }),
      `${at} directories[0].path "my file.txt": must be a ConfigMap key: at most 253 letters, digits, '-', '_' and '.', and not '.' or starting with '..'`);
  });

  test('more than 1 MiB of values', () => expectError(build({ literals: { a: 'x'.repeat(1024 * 1024 - 1), b: 'é' } }),
    `${at} literals "b": would bring the ConfigMap to 1048577 bytes, over the 1048576 (1 MiB) the API server accepts; keep large files in the image or a volume`));

  test('files that are not a list', () => expectError(build({ files: 'cmfile.txt' as any }),
    `${at} files "cmfile.txt": must be a list`));

  test('a base directory that is not a path', () => expectError(build({ baseDir: 42 as any }),
    `${at} baseDir 42: must be a directory path`));

  test('an invalid name', () => expectError(build({ name: 'Multi_Map' }),
    `${at} name "Multi_Map": must be a DNS-1123 label: at most 63 characters, lowercase letters, digits and '-', starting and ending with a letter or digit`));

  test('adding data to an immutable ConfigMap', () => {
    const cm = new ConfigMapInjection(newChart(), 'cfg', { immutable: true, literals: { a: 'b' } });
    expectError(() => cm.addLiteral('c', 'd'),
      `${at} addLiteral.immutable true: ConfigMap "${cm.name}" cannot change after construction: its name carries the hash of its data. Give all data in the props`);
  });

  test('at synth: entries added to the cdk8s-plus ConfigMap directly are checked too', () => {
    const chart = newChart();
    const cm = new ConfigMapInjection(chart, 'cfg', { literals: { a: 'b' } });
    cm.configMap.addData('api-token', 'x');
    expectSynthError(chart, `${at} configMap.data "api-token": looks like a secret`);
  });

  test('at synth: an immutable ConfigMap changed after its name was set', () => {
    const chart = newChart();
    const cm = new ConfigMapInjection(chart, 'cfg', { immutable: true, literals: { a: 'b' } });
    cm.configMap.addData('c', 'd');
    expectSynthError(chart, `${at} configMap.data ["a","c"]: changed after construction, but the name "${cm.name}" carries the hash of the data it had then; give all data of an immutable ConfigMap in the props`);
  });
});

describe('environment variables from chosen keys', () => {
  const chart = newChart();
  const app = deployment(chart);
  const cm = multimap(chart);
  cm.injectEnv(InjectionTarget.fromWorkload(app), { variables: { FIRSTNAME: 'given', LASTNAME: 'family' } });
  const out = synth(chart);

  test('configMapKeyRef per variable, and the checksum annotation on the pod template', () => {
    expect(out).toMatchSnapshot();
    expect(firstContainer(out).env).toEqual([
      { name: 'FIRSTNAME', valueFrom: { configMapKeyRef: { name: 'multimap', key: 'given' } } },
      { name: 'LASTNAME', valueFrom: { configMapKeyRef: { name: 'multimap', key: 'family' } } },
    ]);
    const cmOut = find(out, 'ConfigMap');
    expect(podTemplate(out).metadata.annotations).toEqual({ [CHECKSUM_KEY]: listed(configChecksum(cmOut.data, cmOut.binaryData)) });
    expect(cm.envNames).toEqual(['FIRSTNAME', 'LASTNAME']);
  });

  test('every reference resolves and the pods stay restricted', () => {
    expectWellFormed(out);
  });

  test('injecting the same variable from the same key again changes nothing', () => {
    cm.injectEnv(InjectionTarget.fromWorkload(app), { variables: { FIRSTNAME: 'given' } });
    expect(firstContainer(Testing.synth(chart)).env).toHaveLength(2);
  });

  test('optional keys may be missing and are marked optional', () => {
    const c = newChart();
    const d = deployment(c);
    multimap(c).injectEnv(InjectionTarget.fromWorkload(d), { variables: { MIDDLE: 'middle' }, optional: true });
    const o = synth(c);
    expect(firstContainer(o).env).toEqual([{ name: 'MIDDLE', valueFrom: { configMapKeyRef: { name: 'multimap', key: 'middle', optional: true } } }]);
    expectWellFormed(o);
  });
});

describe('environment variable errors', () => {
  const at = "ConfigMapInjection 'test/multimap': invalid";
  function setup() {
    const chart = newChart();
    const app = deployment(chart, { envVariables: { LOG: kplus.EnvValue.fromValue('debug') } });
    const cm = multimap(chart, { baseDir: FIXTURES, files: [{ path: 'logo.bin' }] });
    return { chart, app, cm, target: InjectionTarget.fromWorkload(app) };
  }

  test('a key the ConfigMap does not have, listing those it has', () => {
    const { cm, target } = setup();
    expectError(() => cm.injectEnv(target, { variables: { FIRSTNAME: 'givne' } }),
      `${at} injectEnv.variables["FIRSTNAME"] "givne": ConfigMap "multimap" has no such key (it has family, given, logo.bin)`);
  });

  test('an invalid variable name', () => {
    const { cm, target } = setup();
    expectError(() => cm.injectEnv(target, { variables: { '1NAME': 'given' } }),
      `${at} injectEnv.variables "1NAME": must be an environment variable name: letters, digits, '_', '-' and '.', not starting with a digit`);
  });

  test('a binary key', () => {
    const { cm, target } = setup();
    expectError(() => cm.injectEnv(target, { variables: { LOGO: 'logo.bin' } }),
      `${at} injectEnv.variables["LOGO"] "logo.bin": holds binary data, which cannot be an environment variable; mount it as a file`);
  });

  test('no variables', () => {
    const { cm, target } = setup();
    expectError(() => cm.injectEnv(target, { variables: {} }),
      `${at} injectEnv.variables {}: must map at least one environment variable name to a ConfigMap key`);
  });

  test('two injections setting the same variable', () => {
    const { chart, cm, target } = setup();
    cm.injectEnv(target, { variables: { NAME: 'given' } });
    const other = new ConfigMapInjection(chart, 'other', { literals: { name: 'x' } });
    expectError(() => other.injectEnv(target, { variables: { NAME: 'name' } }),
      "ConfigMapInjection 'test/other': invalid injectEnv.variables \"NAME\": container \"main\" of Deployment \"app\" already gets NAME from key \"given\" of ConfigMap \"multimap\"; two sources for one variable would silently shadow each other");
  });

  test('a variable the container sets itself', () => {
    const { cm, target } = setup();
    expectError(() => cm.injectEnv(target, { variables: { LOG: 'given' } }),
      `${at} injectEnv.variables "LOG": container "main" of Deployment "app" already gets LOG from its own env; two sources for one variable would silently shadow each other`);
  });
});

describe('all keys through envFrom', () => {
  test('into a StatefulSet, with a prefix; binary keys are left out by Kubernetes', () => {
    const chart = newChart();
    const sts = new kplus.StatefulSet(chart, 'db', {
      metadata: { name: 'db' }, securityContext: POD_SECURITY, containers: [restricted({ ports: [{ number: 5432 }] })],
    });
    const cm = multimap(chart);
    cm.injectAllEnv(InjectionTarget.fromWorkload(sts), { prefix: 'NAME_' });
    const out = synth(chart);
    expect(out).toMatchSnapshot();
    expect(firstContainer(out, 'StatefulSet').envFrom).toEqual([{ configMapRef: { name: 'multimap' }, prefix: 'NAME_' }]);
    expect(podTemplate(out, 'StatefulSet').metadata.annotations[CHECKSUM_KEY]).toEqual(listed(cm.checksum));
    expectWellFormed(out);
  });

  const at = "ConfigMapInjection 'test/cfg': invalid";

  test('a key that makes no valid variable name', () => {
    const chart = newChart();
    const cm = new ConfigMapInjection(chart, 'cfg', { literals: { '1st': 'x' } });
    expectError(() => cm.injectAllEnv(InjectionTarget.fromWorkload(deployment(chart))),
      `${at} injectAllEnv.prefix "": key "1st" would become the variable "1st", which is not a valid environment variable name (the kubelet skips it); choose a prefix that makes it one, or inject chosen keys with injectEnv`);
  });

  test('a key that collides with a variable already set', () => {
    const chart = newChart();
    const target = InjectionTarget.fromWorkload(deployment(chart));
    multimap(chart).injectEnv(target, { variables: { given: 'given' } });
    const cm = new ConfigMapInjection(chart, 'cfg', { literals: { given: 'x' } });
    expectError(() => cm.injectAllEnv(target),
      `${at} injectAllEnv.prefix "given": container "main" of Deployment "app" already gets given from key "given" of ConfigMap "multimap"; two sources for one variable would silently shadow each other`);
  });

  test('at synth: a key added after injection that collides or makes no valid name', () => {
    const chart = newChart();
    const target = InjectionTarget.fromWorkload(deployment(chart, { envVariables: { MODE: kplus.EnvValue.fromValue('x') } }));
    const cm = new ConfigMapInjection(chart, 'cfg', { literals: { a: 'b' } });
    cm.injectAllEnv(target);
    cm.addLiteral('MODE', 'prod');
    cm.addLiteral('9lives', 'cat');
    expectSynthError(chart, `${at} injectAllEnv.prefix "": container "main" of Deployment "app" already gets MODE from its own env`);
    expectSynthError(chart, `${at} injectAllEnv.prefix "": key "9lives" would become the variable "9lives"`);
  });
});

describe('start-up arguments (document 003: startup-pod)', () => {
  const echo = ['/bin/sh', '-c', 'echo First name $(FIRSTNAME) last name $(LASTNAME)'];
  function startupPod(command = echo) {
    const chart = newChart();
    const pod = new kplus.Pod(chart, 'startup-pod', {
      metadata: { name: 'startup-pod' },
      securityContext: POD_SECURITY,
      restartPolicy: kplus.RestartPolicy.ON_FAILURE,
      containers: [restricted({ name: 'args1', command })],
    });
    return { chart, pod, cm: multimap(chart), target: InjectionTarget.fromPod(pod) };
  }

  test('injects the variables the command references; the annotation goes on the Pod itself', () => {
    const { chart, cm, target } = startupPod();
    cm.injectArgs(target, { variables: { FIRSTNAME: 'given', LASTNAME: 'family' } });
    const out = synth(chart);
    expect(out).toMatchSnapshot();
    const pod = find(out, 'Pod');
    expect(pod.spec.containers[0].command).toEqual(echo);
    expect(pod.spec.containers[0].env.map((e: any) => [e.name, e.valueFrom.configMapKeyRef.key])).toEqual([['FIRSTNAME', 'given'], ['LASTNAME', 'family']]);
    expect(pod.metadata.annotations[CHECKSUM_KEY]).toEqual(listed(cm.checksum));
    expectWellFormed(out);
  });

  test('variables already injected from the same keys are reused; $$(NAME) is an escape, not a reference', () => {
    const { chart, cm, target } = startupPod([...echo, 'echo $$(HOME)']);
    cm.injectEnv(target, { variables: { FIRSTNAME: 'given' } });
    cm.injectArgs(target, { variables: { LASTNAME: 'family' } });
    expect(firstContainer(synth(chart), 'Pod').env.map((e: any) => e.name)).toEqual(['FIRSTNAME', 'LASTNAME']);
  });

  const at = "ConfigMapInjection 'test/multimap': invalid";

  test('a variable the command does not reference', () => {
    const { cm, target } = startupPod();
    expectError(() => cm.injectArgs(target, { variables: { FIRSTNAME: 'given', LASTNAME: 'family', NICK: 'given' } }),
      `${at} injectArgs.variables "NICK": is not referenced as $(NICK) in the command and args of container "args1" of Pod "startup-pod" (they reference FIRSTNAME, LASTNAME)`);
  });

  test('a reference no variable defines', () => {
    const { cm, target } = startupPod();
    expectError(() => cm.injectArgs(target, { variables: { FIRSTNAME: 'given' } }),
      `${at} injectArgs.variables "LASTNAME": the command and args of container "args1" of Pod "startup-pod" reference $(LASTNAME), which no environment variable defines; Kubernetes would pass it through as text. Map LASTNAME to a key`);
  });

  test('a command without references', () => {
    const { cm, target } = startupPod(['sleep', 'infinity']);
    expectError(() => cm.injectArgs(target, { variables: { FIRSTNAME: 'given' } }),
      `${at} injectArgs.target "args1": the command and args of container "args1" of Pod "startup-pod" reference no variable as $(NAME); set them first, or use injectEnv`);
  });

  test('the same variable from another key', () => {
    const { cm, target } = startupPod();
    cm.injectEnv(target, { variables: { FIRSTNAME: 'family' } });
    expectError(() => cm.injectArgs(target, { variables: { FIRSTNAME: 'given', LASTNAME: 'family' } }),
      `${at} injectArgs.variables "FIRSTNAME": container "args1" of Pod "startup-pod" already gets FIRSTNAME from key "family" of ConfigMap "multimap"; two sources for one variable would silently shadow each other`);
  });
});

describe('files', () => {
  function job() {
    const chart = newChart();
    const j = new kplus.Job(chart, 'report', { metadata: { name: 'report' }, securityContext: POD_SECURITY, containers: [restricted()] });
    return { chart, job: j, target: InjectionTarget.fromWorkload(j) };
  }

  test('every key as a file under /etc/name, in a Job (document 003: cmvol)', () => {
    const { chart, target } = job();
    const cm = multimap(chart);
    cm.mountFiles(target, { path: '/etc/name' });
    const out = synth(chart);
    expect(out).toMatchSnapshot();
    const template = podTemplate(out, 'Job');
    expect(template.spec.volumes).toEqual([{ name: 'config-multimap', configMap: { name: 'multimap' } }]);
    expect(template.spec.containers[0].volumeMounts).toEqual([{ name: 'config-multimap', mountPath: '/etc/name', readOnly: true }]);
    expect(template.metadata.annotations[CHECKSUM_KEY]).toEqual(listed(cm.checksum));
    expect(cm.mountPaths).toEqual(['/etc/name']);
    expectWellFormed(out);
  });

  test('chosen items with their own paths and modes, a default mode, optional', () => {
    const { chart, target } = job();
    multimap(chart).mountFiles(target, {
      path: '/etc/name/',
      items: [{ key: 'given', path: 'first/name', mode: 0o400 }, { key: 'family' }, { key: 'nick', path: 'nick' }],
      defaultMode: 0o440,
      optional: true,
    });
    const out = synth(chart);
    expect(podTemplate(out, 'Job').spec.volumes).toEqual([{
      name: 'config-multimap',
      configMap: {
        name: 'multimap',
        defaultMode: 0o440,
        optional: true,
        items: [{ key: 'family', path: 'family' }, { key: 'given', path: 'first/name', mode: 0o400 }, { key: 'nick', path: 'nick' }],
      },
    }]);
    expect(firstContainer(out, 'Job').volumeMounts[0].mountPath).toEqual('/etc/name');
    expectWellFormed(out);
  });

  test('one key as one file by subPath; the volume of every key is shared, a mode gets its own', () => {
    const { chart, target } = job();
    const cm = multimap(chart);
    cm.mountFiles(target, { path: '/etc/name' });
    cm.mountFile(target, { key: 'given', path: '/home/app/given.txt' });
    cm.mountFile(target, { key: 'family', path: '/home/app/family.txt', mode: 0o600 });
    const out = synth(chart);
    const template = podTemplate(out, 'Job');
    expect(template.spec.volumes).toEqual([
      { name: 'config-multimap', configMap: { name: 'multimap' } },
      { name: 'config-multimap-2', configMap: { name: 'multimap', items: [{ key: 'family', path: 'family', mode: 0o600 }] } },
    ]);
    expect(template.spec.containers[0].volumeMounts).toEqual([
      { name: 'config-multimap', mountPath: '/etc/name', readOnly: true },
      { name: 'config-multimap', mountPath: '/home/app/given.txt', readOnly: true, subPath: 'given' },
      { name: 'config-multimap-2', mountPath: '/home/app/family.txt', readOnly: true, subPath: 'family' },
    ]);
    expect(cm.mountPaths).toEqual(['/etc/name', '/home/app/family.txt', '/home/app/given.txt']);
    expectWellFormed(out);
  });

  test('binary keys are mounted as files too', () => {
    const { chart, target } = job();
    new ConfigMapInjection(chart, 'assets', { baseDir: FIXTURES, files: [{ path: 'logo.bin' }] })
      .mountFile(target, { key: 'logo.bin', path: '/srv/logo.png' });
    expectWellFormed(synth(chart));
  });

  const at = "ConfigMapInjection 'test/multimap': invalid";
  const fails = (mount: (cm: ConfigMapInjection, target: InjectionTarget) => void, message: string) => {
    const { chart, target } = job();
    const cm = multimap(chart);
    expectError(() => mount(cm, target), message);
  };

  test('two mounts at one path', () => fails((cm, t) => {
    cm.mountFiles(t, { path: '/etc/name' });
    cm.mountFiles(t, { path: '/etc/name/', items: [{ key: 'given' }] });
  }, `${at} mountFiles.path "/etc/name/": container "main" of Job "report" already mounts volume "config-multimap" there`));

  test('a directory that would hide the image\'s own files', () => fails(
    (cm, t) => cm.mountFiles(t, { path: '/etc' }),
    `${at} mountFiles.path "/etc": would hide the image's own /etc; mount into a subdirectory of it, or mount single files`));

  test('a relative mount path', () => fails((cm, t) => cm.mountFiles(t, { path: 'etc/name' }),
    `${at} mountFiles.path "etc/name": must be an absolute path starting with '/' and without '..' segments`));

  test('an item key the ConfigMap does not have', () => fails(
    (cm, t) => cm.mountFiles(t, { path: '/etc/name', items: [{ key: 'middle' }] }),
    `${at} mountFiles.items[0].key "middle": ConfigMap "multimap" has no such key (it has family, given)`));

  test('an item path leaving the volume', () => fails(
    (cm, t) => cm.mountFiles(t, { path: '/etc/name', items: [{ key: 'given', path: '../passwd' }] }),
    `${at} mountFiles.items[0].path "../passwd": must be a relative path without '..' segments`));

  test('two items at one path', () => fails(
    (cm, t) => cm.mountFiles(t, { path: '/etc/name', items: [{ key: 'given', path: 'name' }, { key: 'family', path: 'name' }] }),
    `${at} mountFiles.items[1].path "name": is the path of another item`));

  test('a key listed twice', () => fails(
    (cm, t) => cm.mountFiles(t, { path: '/etc/name', items: [{ key: 'given' }, { key: 'given', path: 'again' }] }),
    `${at} mountFiles.items[1].key "given": is listed twice`));

  test('no items', () => fails((cm, t) => cm.mountFiles(t, { path: '/etc/name', items: [] }),
    `${at} mountFiles.items []: must list at least one key; leave it out to mount every key`));

  test('a mode beyond 0777', () => fails((cm, t) => cm.mountFiles(t, { path: '/etc/name', defaultMode: 0o1777 }),
    `${at} mountFiles.defaultMode 1023: must be a whole number within 0-511`));

  test('a subPath file path ending in /', () => fails((cm, t) => cm.mountFile(t, { key: 'given', path: '/etc/name/' }),
    `${at} mountFile.path "/etc/name/": is the path of the file itself, so it must not end with '/'`));

  test('a missing subPath key', () => fails((cm, t) => cm.mountFile(t, { key: 'nick', path: '/etc/nick' }),
    `${at} mountFile.key "nick": ConfigMap "multimap" has no such key (it has family, given)`));
});

describe('targets', () => {
  const web = (chart: Chart, props = {}) => new ExposedWebApp(chart, 'web', { image: 'nginxinc/nginx-unprivileged:1.27.3-alpine', ...props });

  test('an ExposedWebApp: env, args and files in its main container, the annotation on its Deployment\'s pods', () => {
    const chart = newChart();
    const app = web(chart, { args: ['-g', 'daemon off; env $(LASTNAME);'] });
    const cm = multimap(chart);
    const target = InjectionTarget.fromPattern(app);
    cm.injectEnv(target, { variables: { FIRSTNAME: 'given' } });
    cm.injectArgs(target, { variables: { LASTNAME: 'family' } });
    cm.mountFiles(target, { path: '/etc/name' });
    const out = synth(chart);
    expect(out).toMatchSnapshot();
    const template = podTemplate(out);
    expect(template.metadata.annotations).toEqual({ [CHECKSUM_KEY]: listed(cm.checksum) });
    expect(template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['FIRSTNAME', 'LASTNAME']);
    expect(template.spec.containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp', '/etc/name']);
    expectWellFormed(out);
  });

  test('a StatefulAppWithStorage: files and envFrom next to its claim, the annotation on its StatefulSet\'s pods', () => {
    const chart = newChart();
    const db = new StatefulAppWithStorage(chart, 'db', {
      image: 'bitnami/redis:7.2.4', storage: { mountPath: '/bitnami/redis/data', size: '1Gi' }, replicas: 2,
    });
    const cm = multimap(chart);
    const target = InjectionTarget.fromPattern(db);
    cm.injectAllEnv(target, { prefix: 'NAME_' });
    cm.mountFile(target, { key: 'given', path: '/opt/bitnami/redis/etc/given.conf' });
    const out = synth(chart);
    const template = podTemplate(out, 'StatefulSet');
    expect(template.metadata.annotations).toEqual({ [CHECKSUM_KEY]: listed(cm.checksum) });
    expect(template.spec.volumes.map((v: any) => v.name)).toEqual(['scratch-tmp', 'config-multimap']);
    expect(template.spec.containers[0].volumeMounts.map((m: any) => m.mountPath))
      .toEqual(['/tmp', '/bitnami/redis/data', '/opt/bitnami/redis/etc/given.conf']);
    expect(template.spec.containers[0].envFrom).toEqual([{ configMapRef: { name: 'multimap' }, prefix: 'NAME_' }]);
    // Only the rules this injection touches: the pattern's own wiring is its own tests' business.
    const touched = new Set(['configmap-ref', 'configmap-rollout', 'volume-mount', 'claim-ref']);
    expect(ManifestChecks.wiring(out).filter(v => touched.has(v.rule))).toEqual([]);
    expect(ManifestChecks.podSecurity(out)).toEqual([]);
  });

  test('a CronJob: the annotation goes on the pod template inside the job template', () => {
    const chart = newChart();
    const cron = new kplus.CronJob(chart, 'nightly', {
      metadata: { name: 'nightly' }, schedule: Cron.daily(), securityContext: POD_SECURITY, containers: [restricted()],
    });
    const cm = multimap(chart);
    cm.injectEnv(InjectionTarget.fromWorkload(cron), { variables: { FIRSTNAME: 'given' } });
    const out = synth(chart);
    const template = find(out, 'CronJob').spec.jobTemplate.spec.template;
    expect(template.metadata.annotations).toEqual({ [CHECKSUM_KEY]: listed(cm.checksum) });
    expect(ManifestChecks.wiring(out)).toEqual([]);
  });

  test('an ExposedWebApp\'s scratch /tmp cannot be mounted over', () => {
    const chart = newChart();
    const app = web(chart);
    expectError(() => multimap(chart).mountFiles(InjectionTarget.fromPattern(app), { path: '/tmp' }),
      "ConfigMapInjection 'test/multimap': invalid mountFiles.path \"/tmp\": container \"app\" of Deployment \"web\" already mounts volume \"scratch-tmp\" there");
  });

  test('a chosen container of a workload, an init container too; each pod gets its own volume', () => {
    const chart = newChart();
    const d = new kplus.Deployment(chart, 'app', { metadata: { name: 'app' }, securityContext: POD_SECURITY });
    d.addContainer(restricted());
    const sidecar = d.addContainer(restricted({ name: 'sidecar' }));
    const init = d.addInitContainer(restricted({ name: 'init' }));
    const cm = multimap(chart);
    cm.mountFiles(InjectionTarget.fromWorkload(d, sidecar), { path: '/etc/name' });
    cm.mountFiles(InjectionTarget.fromWorkload(d, init), { path: '/etc/name' });
    const out = synth(chart);
    const spec = podTemplate(out).spec;
    expect(spec.containers.map((c: any) => c.volumeMounts?.[0]?.mountPath)).toEqual([undefined, '/etc/name']);
    expect(spec.initContainers[0].volumeMounts).toEqual([{ name: 'config-multimap', mountPath: '/etc/name', readOnly: true }]);
    expect(spec.volumes).toHaveLength(1);
    expectWellFormed(out);
  });

  const at = "ConfigMapInjection 'test/multimap': invalid";

  test('a workload with several containers and none chosen', () => {
    const chart = newChart();
    const d = deployment(chart);
    d.addContainer(restricted({ name: 'sidecar' }));
    expectError(() => multimap(chart).injectEnv(InjectionTarget.fromWorkload(d), { variables: { A: 'given' } }),
      `${at} injectEnv.target "app": Deployment "app" has 2 containers (main, sidecar); name the one to inject into`);
  });

  test('a workload without containers', () => {
    const chart = newChart();
    const d = new kplus.Deployment(chart, 'app', { metadata: { name: 'app' } });
    expectError(() => multimap(chart).mountFiles(InjectionTarget.fromWorkload(d), { path: '/etc/name' }),
      `${at} mountFiles.target "app": Deployment "app" has no containers yet; add the container before injecting into it`);
  });

  test('a container of another workload', () => {
    const chart = newChart();
    const other = deployment(chart, { name: 'stranger' }, 'other');
    expectError(() => multimap(chart).injectEnv(InjectionTarget.fromWorkload(deployment(chart), other.containers[0]), { variables: { A: 'given' } }),
      `${at} injectEnv.target "stranger": is not a container of Deployment "app"`);
  });

  test('a pod in another namespace', () => {
    const chart = newChart({ namespace: 'shop' });
    const d = new kplus.Deployment(chart, 'app', { metadata: { name: 'app', namespace: 'tools' }, containers: [restricted()] });
    expectError(() => multimap(chart).injectEnv(InjectionTarget.fromWorkload(d), { variables: { A: 'given' } }),
      `${at} injectEnv.target "app": Deployment "app" is in namespace "tools" but ConfigMap "multimap" is in namespace "shop"; pods can only read ConfigMaps of their own namespace`);
  });

  test('a target built from nothing', () => {
    const chart = newChart();
    expectError(() => multimap(chart).injectEnv(InjectionTarget.fromPattern(undefined as any), { variables: { A: 'given' } }),
      `${at} injectEnv.target undefined: must be built from a cdk8s-plus workload, a Pod, or a pattern of this library`);
  });

  test('something that is not an InjectionTarget', () => {
    const chart = newChart();
    expectError(() => multimap(chart).injectEnv(deployment(chart) as any, { variables: { A: 'given' } }),
      `${at} injectEnv.target "object": must be an InjectionTarget: InjectionTarget.fromPattern(...), fromWorkload(...) or fromPod(...)`);
  });
});

describe('rollout on change', () => {
  /** The same app with one ConfigMap value changed. */
  function app(given: string, immutable = false) {
    const chart = newChart();
    const web = new ExposedWebApp(chart, 'web', { image: 'nginxinc/nginx-unprivileged:1.27.3-alpine' });
    const cm = multimap(chart, { literals: { ...MULTIMAP, given }, immutable });
    const target = InjectionTarget.fromPattern(web);
    cm.injectEnv(target, { variables: { FIRSTNAME: 'given' } });
    cm.injectAllEnv(target, { prefix: 'NAME_' });
    cm.mountFiles(target, { path: '/etc/name' });
    cm.mountFile(target, { key: 'family', path: '/home/app/family' });
    return { chart, cm, out: synth(chart) };
  }

  test('one changed value changes the pod annotation and nothing else in the workload', () => {
    const before = app('Nigel');
    const after = app('Nige');
    const [d1, d2] = [find(before.out, 'Deployment'), find(after.out, 'Deployment')];
    const a1 = d1.spec.template.metadata.annotations[CHECKSUM_KEY];
    const a2 = d2.spec.template.metadata.annotations[CHECKSUM_KEY];
    expect(a1).toMatch(/^multimap:[0-9a-f]{64}$/);
    expect(a2).not.toEqual(a1);
    expect(a2).toEqual(listed(configChecksum({ ...MULTIMAP, given: 'Nige' }, undefined)));
    delete d1.spec.template.metadata.annotations;
    delete d2.spec.template.metadata.annotations;
    expect(d2).toEqual(d1);
    // The other objects do not change at all, and the ConfigMap only in its data.
    expect(find(after.out, 'Service')).toEqual(find(before.out, 'Service'));
    expect({ ...find(after.out, 'ConfigMap'), data: undefined }).toEqual({ ...find(before.out, 'ConfigMap'), data: undefined });
  });

  test('a pod reading two ConfigMaps lists both under one key; a change in one changes only its entry', () => {
    const build = (family: string) => {
      const chart = newChart();
      const names = multimap(chart, { literals: { given: 'Nigel', family } });
      const other = new ConfigMapInjection(chart, 'app-config', { literals: { mode: 'prod' } });
      const target = InjectionTarget.fromWorkload(deployment(chart));
      other.mountFiles(target, { path: '/etc/app' });
      names.injectEnv(target, { variables: { LASTNAME: 'family' } });
      return { names, other, annotations: podTemplate(synth(chart)).metadata.annotations };
    };
    const before = build('Poulton');
    const after = build('Smith');
    expect(before.annotations).toEqual({ [CHECKSUM_KEY]: `app-config:${before.other.checksum} multimap:${before.names.checksum}` });
    expect(after.annotations[CHECKSUM_KEY]).toEqual(`app-config:${before.other.checksum} multimap:${after.names.checksum}`);
    expect(after.names.checksum).not.toEqual(before.names.checksum);
  });

  test('data added after the injection counts', () => {
    const chart = newChart();
    const cm = multimap(chart);
    cm.injectEnv(InjectionTarget.fromWorkload(deployment(chart)), { variables: { FIRSTNAME: 'given' } });
    const early = cm.checksum;
    cm.addLiteral('nick', 'Nige');
    const out = synth(chart);
    const annotation = podTemplate(out).metadata.annotations[CHECKSUM_KEY];
    expect(annotation).not.toEqual(listed(early));
    expect(annotation).toEqual(listed(configChecksum(find(out, 'ConfigMap').data, undefined)));
    expectWellFormed(out);
  });

  test('the same code gives the same YAML', () => {
    expect(app('Nigel').out).toEqual(app('Nigel').out);
    expect(app('Nigel', true).out).toEqual(app('Nigel', true).out);
  });

  test('immutable: the name carries the content hash, and every reference follows it', () => {
    const before = app('Nigel', true);
    expect(before.out).toMatchSnapshot();
    const cm = find(before.out, 'ConfigMap');
    const hash = configChecksum(cm.data, undefined).slice(0, 10);
    expect(cm.metadata.name).toEqual(`multimap-${hash}`);
    expect(cm.immutable).toBe(true);
    expect(before.cm.name).toEqual(`multimap-${hash}`);
    expect(before.cm.checksumAnnotation).toBeUndefined();
    const template = podTemplate(before.out);
    expect(template.metadata.annotations).toBeUndefined();
    expect(template.spec.volumes.filter((v: any) => v.configMap).map((v: any) => [v.name, v.configMap.name]))
      .toEqual([['config-multimap', `multimap-${hash}`]]);
    expectWellFormed(before.out);

    const after = app('Nige', true);
    const newName = find(after.out, 'ConfigMap').metadata.name;
    expect(newName).not.toEqual(cm.metadata.name);
    // Replacing the name everywhere turns the old Deployment into the new one: nothing else changed.
    const renamed = JSON.parse(JSON.stringify(find(before.out, 'Deployment')).split(cm.metadata.name).join(newName));
    expect(find(after.out, 'Deployment')).toEqual(renamed);
    const refs = JSON.stringify(find(after.out, 'Deployment')).split(`"${newName}"`).length - 1;
    expect(refs).toEqual(3); // env configMapKeyRef, envFrom, the volume
  });
});

describe('ManifestChecks: configmap-rollout', () => {
  function manifests() {
    const chart = newChart();
    multimap(chart).injectEnv(InjectionTarget.fromWorkload(deployment(chart)), { variables: { FIRSTNAME: 'given' } });
    return synth(chart);
  }
  const rules = (m: any[]) => ManifestChecks.wiring(m).filter(v => v.rule === 'configmap-rollout').map(v => `${v.object} ${v.field}: ${v.message}`);

  test('holds for what the construct writes', () => {
    expect(rules(manifests())).toEqual([]);
  });

  test('a stale checksum is reported', () => {
    const m = manifests();
    find(m, 'ConfigMap').data.given = 'Nige';
    const expected = configChecksum(find(m, 'ConfigMap').data, undefined);
    expect(rules(m)).toEqual([
      `Deployment/app spec.template.metadata.annotations["${CHECKSUM_KEY}"]: lists "${podTemplate(m).metadata.annotations[CHECKSUM_KEY].slice('multimap:'.length)}" for ConfigMap "multimap", which hashes to "${expected}"; the annotation is stale and pods would not roll`,
    ]);
  });

  test('a missing checksum is reported for the library\'s mutable ConfigMaps only', () => {
    const m = manifests();
    delete podTemplate(m).metadata.annotations;
    expect(rules(m)).toEqual([
      `Deployment/app spec.template.metadata.annotations["${CHECKSUM_KEY}"]: reads ConfigMap "multimap" but lists no checksum of it: pods would keep the old values when it changes; inject it with ConfigMapInjection`,
    ]);
    find(m, 'ConfigMap').immutable = true;
    expect(rules(m)).toEqual([]);
    find(m, 'ConfigMap').immutable = false;
    delete find(m, 'ConfigMap').metadata.labels;
    expect(rules(m)).toEqual([]);
  });

  test('checksums are checked on bare Pods and projected volumes too', () => {
    const m = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: 'b' } },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', annotations: { 'checksum/config': 'cfg:old' } },
        spec: { containers: [{ name: 'c', image: 'busybox:1.36.1' }], volumes: [{ name: 'v', projected: { sources: [{ configMap: { name: 'cfg' } }] } }] },
      },
    ];
    expect(ManifestChecks.wiring(m).map(v => `${v.rule} ${v.object} ${v.field}`))
      .toEqual(['configmap-rollout Pod/p metadata.annotations["checksum/config"]']);
  });
});
