import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterProfile } from '../../lib';
import { main } from '../../lib/cli/main';
import { profileCommand } from '../../lib/cli/profile';
import { FIXTURES } from '../support/profiles';

function run(...argv: string[]): { status: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = profileCommand(argv, { out: t => out.push(t), err: t => err.push(t) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'profile-cli-'));
const CURRENT = path.join(FIXTURES, 'current');
const LEGACY = path.join(FIXTURES, 'legacy-1.28');

describe('cdk8s-patterns profile', () => {
  test('a directory of captures → a profile file, a summary and what is missing; the file loads', () => {
    const out = path.join(tmp(), 'legacy.yaml');
    const result = run('--name', 'legacy', '--out', out, LEGACY);
    expect(result.status).toBe(0);
    expect(result.err).toEqual('');
    expect(result.out.split('\n').slice(0, 4)).toEqual([
      `wrote ${out} from 3 captures`,
      "profile 'legacy': Kubernetes 1.28; 22 API versions; 1 StorageClass (default: standard); 1 IngressClass (default: nginx); 0 GatewayClasses; 0 Gateways; "
      + '8 namespaces (shop: baseline, web-dynamic: restricted); node ports 30000-32767; domain cluster.local',
      'missing or assumed:',
      '  - Gateway API: not served (no gateway.networking.k8s.io in `kubectl api-versions`); routes and Gateways are refused',
    ]);
    const text = fs.readFileSync(out, 'utf-8');
    expect(text.split('\n').slice(0, 5)).toEqual([
      "# Cluster profile 'legacy', written by `cdk8s-patterns profile` from:",
      `#   ${LEGACY}/api-versions.txt (kubectl api-versions)`,
      `#   ${LEGACY}/cluster.yaml (objects)`,
      `#   ${LEGACY}/version.json (kubectl version)`,
      '# Capture again and rerun the command rather than editing it; load it with ClusterProfile.fromFile().',
    ]);
    expect(ClusterProfile.fromFile(out).podSecurityLevel('web-dynamic')).toEqual('restricted');
  });

  test('the same captures give the same bytes', () => {
    const dir = tmp();
    run('--name', 'current', '--out', path.join(dir, 'a.yaml'), CURRENT);
    run('--name', 'current', `--out=${path.join(dir, 'b.yaml')}`, CURRENT);
    expect(fs.readFileSync(path.join(dir, 'a.yaml'))).toEqual(fs.readFileSync(path.join(dir, 'b.yaml')));
  });

  test('without --out: the profile on stdout, the report on stderr', () => {
    const result = run('--name', 'current', path.join(CURRENT, 'version.json'), path.join(CURRENT, 'cluster.yaml'));
    expect(result.status).toBe(0);
    expect(result.out).toContain('kind: ClusterProfile\nname: current\nkubernetesVersion: "1.34"\n');
    expect(result.err.split('\n')[0]).toMatch(/^profile 'current': Kubernetes 1.34; API versions unknown; 2 StorageClasses \(default: standard\);/);
  });

  test('options say what kubectl cannot', () => {
    const dir = tmp();
    const out = path.join(dir, 'p.yaml');
    const result = run('--name', 'p', '--out', out, '--node-port-range', '31000-31999', '--cluster-domain', 'corp.internal',
      '--access-modes', 'standard=ReadWriteOnce,ReadWriteOncePod', '--none', 'gatewayclass,Gateway', '--default-pod-security', 'baseline', path.join(LEGACY, 'cluster.yaml'));
    expect(result.status).toBe(0);
    const profile = ClusterProfile.fromFile(out);
    expect(profile.nodePortRange).toEqual({ min: 31000, max: 31999 });
    expect(profile.clusterDomain).toEqual('corp.internal');
    expect(profile.podSecurityLevel('default')).toEqual('baseline');
    expect(fs.readFileSync(out, 'utf-8')).toContain('    accessModes:\n      - ReadWriteOnce\n      - ReadWriteOncePod\n');
    expect(result.out).not.toContain('node port range:');
  });

  test('a profile written into the captures\' directory is not read back as a capture', () => {
    const dir = tmp();
    for (const f of fs.readdirSync(LEGACY)) fs.copyFileSync(path.join(LEGACY, f), path.join(dir, f));
    expect(run('--name', 'p', '--out', path.join(dir, 'profile.yaml'), dir).status).toBe(0);
    expect(run('--name', 'p', '--out', path.join(dir, 'profile.yaml'), dir).status).toBe(0);
  });

  test.each<[string, string[], string]>([
    ['no name', [LEGACY], 'profile needs --name, the name messages quote the profile by (such as prod)'],
    ['no captures', ['--name', 'p'], 'profile needs at least one capture: a file or directory of kubectl output'],
    ['a missing capture', ['--name', 'p', '/nonexistent'], '/nonexistent: no such file or directory'],
    ['an option without a value', ['--name'], '--name needs a value'],
    ['an unknown option', ['--name', 'p', '--colour', 'x', LEGACY], 'unknown option --colour'],
    ['a bad node port range', ['--name', 'p', '--node-port-range', '30000', LEGACY], '--node-port-range takes <min>-<max>, such as 30000-32767; got "30000"'],
    ['bad access modes', ['--name', 'p', '--access-modes', 'standard', LEGACY], '--access-modes takes <class>=<mode>,<mode>, such as nfs=ReadWriteOnce,ReadWriteMany; got "standard"'],
    ['an unknown kind for --none', ['--name', 'p', '--none', 'Route', LEGACY], '--none takes kinds among StorageClass, IngressClass, GatewayClass, Gateway, Namespace; got "Route"'],
    ['a bad level', ['--name', 'p', '--default-pod-security', 'strict', LEGACY], '--default-pod-security takes privileged, baseline, restricted; got "strict"'],
  ])('usage error: %s → exit 2 and the usage', (_, argv, message) => {
    const result = run(...argv);
    expect(result.status).toBe(2);
    expect(result.out).toEqual('');
    expect(result.err.startsWith(`cdk8s-patterns: ${message}\n\nusage:\n  cdk8s-patterns profile --name <name>`)).toBe(true);
  });

  test('an empty directory is a usage error', () => {
    expect(run('--name', 'p', tmp()).err).toMatch(/^cdk8s-patterns: .*: no \*\.json, \*\.yaml, \*\.yml or \*\.txt files/);
  });

  test('an unreadable capture, or one that makes an invalid profile: exit 2 with the message alone', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'version.json'), '{"clientVersion":{"major":"1","minor":"34"}}');
    expect(run('--name', 'p', dir)).toEqual({
      status: 2,
      out: '',
      err: `cdk8s-patterns: ${path.join(dir, 'version.json')}: has no serverVersion: kubectl could not reach the cluster when it was captured; run \`kubectl version -o json\` again against the cluster`,
    });
    expect(run('--name', 'p', '--access-modes', 'standard=RWX', path.join(LEGACY, 'cluster.yaml')).err)
      .toEqual("cdk8s-patterns: ClusterProfile 'p': invalid storageClasses[0].accessModes[0] \"RWX\": must be one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod");
    expect(run('--name', 'no good', LEGACY).status).toBe(2);
  });

  test('main dispatches to it, and its help lists it', () => {
    const out: string[] = [];
    expect(main(['help'], { out: t => out.push(t), err: () => undefined })).toBe(0);
    expect(out.join('\n')).toContain('  cdk8s-patterns profile --name <name> [--out <file>] [options] <capture>...');
    expect(main(['profile', '--name', 'p', path.join(LEGACY, 'version.json')], { out: () => undefined, err: () => undefined })).toBe(0);
  });
});
