/**
 * `npm run check:pack`: packs the library as npm would publish it and checks the tarball
 * holds the compiled library (dist/lib/**\/*.js, .js.map and .d.ts), the jsii assembly, the docs the
 * README links (docs/, bench/README.md) and the bundled `yaml`, and nothing else: no sources,
 * tests, examples or build config; and that no compiled module carries an inline source map
 * (every `require()` would read it: they sit in the .map files beside).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';

const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path).sort();

const allowed = [
  /^dist\/lib\/.+\.(js|js\.map|d\.ts)$/,
  // jsii libraries ship their non-jsii dependencies bundled.
  /^node_modules\/yaml\//,
  /^\.jsii$/,
  /^package\.json$/,
  /^README\.md$/,
  /^API\.md$/,
  /^LICENSE$/,
  /^docs\/[^/]+\.md$/,
  /^bench\/README\.md$/,
];
const required = [
  'dist/lib/index.js', 'dist/lib/index.d.ts', '.jsii', 'package.json', 'README.md', 'API.md', 'LICENSE', 'docs/review.md', 'bench/README.md',
];

const stray = files.filter(f => !allowed.some(re => re.test(f)));
const missing = required.filter(f => !files.includes(f));
const inlineMaps = files.filter(f => /^dist\/lib\/.+\.js$/.test(f) && fs.readFileSync(f, 'utf8').includes('sourceMappingURL=data:'));
console.log(`tarball: ${files.length} files, ${files.filter(f => f.endsWith('.js')).length} compiled modules`);
if (stray.length > 0) console.error(`stray files in the tarball:\n  ${stray.join('\n  ')}`);
if (missing.length > 0) console.error(`missing from the tarball (run 'npx projen compile' first):\n  ${missing.join('\n  ')}`);
if (inlineMaps.length > 0) console.error(`inline source maps in:\n  ${inlineMaps.join('\n  ')}`);
process.exit(stray.length > 0 || missing.length > 0 || inlineMaps.length > 0 ? 1 : 0);
