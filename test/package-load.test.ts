import { execFileSync } from 'child_process';
import * as path from 'path';

// `require('cdk8s-patterns')` loads what every app needs; the review tools (diagram, upgrade
// guard, validation plugin run), the command line, the profile file reader and the `yaml`
// parser they use are required on first use (lib/review/topology.ts and the other facades).
// A behaviour test on the module graph, in a fresh process: no timing is asserted.

const root = path.resolve(__dirname, '..');

/** The modules a fresh process holds after requiring `entry`, relative to the repository. */
function loadedBy(code: string): string[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', `${code}
    console.log(JSON.stringify(Object.keys(require.cache)));`], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return (JSON.parse(out.trim().split('\n').pop()!) as string[]).map(f => path.relative(root, f).split(path.sep).join('/'));
}

const ENTRY = `require(${JSON.stringify(path.join(root, 'lib', 'index.ts'))});`;
const isYaml = (f: string) => f.startsWith('node_modules/yaml/');
const isLazy = (f: string) => /^lib\/(cli\/|profile\/(file|kubectl)\.ts$|review\/(?!(topology|upgrade-guard|upgrade-risk|validation-plugin)\.ts$))/.test(f);

describe('requiring the package', () => {
  const loaded = loadedBy(ENTRY);

  test('loads the patterns', () => {
    expect(loaded).toContain('lib/index.ts');
    expect(loaded).toContain('lib/exposed-web-app.ts');
  });

  test('does not load the review tools, the command line, the profile file reader nor yaml', () => {
    expect(loaded.filter(f => isYaml(f) || isLazy(f))).toEqual([]);
  });

  test('of the review tools, loads only the small modules that declare the public classes', () => {
    expect(loaded.filter(f => f.startsWith('lib/review/')).sort())
      .toEqual(['lib/review/topology.ts', 'lib/review/upgrade-guard.ts', 'lib/review/upgrade-risk.ts', 'lib/review/validation-plugin.ts']);
  });

  test('using a review tool loads it on demand', () => {
    const used = loadedBy(`const lib = ${ENTRY.slice(0, -1)};
      lib.Topology.fromManifests([]); lib.UpgradeGuard.compare([], []);`);
    expect(used).toEqual(expect.arrayContaining(['lib/review/topology-document.ts', 'lib/review/upgrade-compare.ts']));
    expect(used.some(isYaml)).toBe(true);
  });
});
