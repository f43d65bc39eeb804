/**
 * One measurement, in a process of its own so peak memory is per run: builds N apps the
 * given way and runs the real `App.synth()` into a temporary folder. Prints one JSON line.
 *
 *   node bench/.build/synth-once.js <patterns|raw|cdk8s-plus|dump> <N> [manifests.json]   (built by bench/run.ts)
 *
 * `dump` writes this library's output as plain objects for the raw baseline (not timed).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { addCdk8sPlusApps, addPatternApps, addRawApps } from './apps';

const [mode, countText, manifestsFile] = process.argv.slice(2);
const n = Number(countText);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-bench-'));

// The raw baseline's input is read before the clock starts: only building and synthesizing is timed.
const manifests = mode === 'raw' ? JSON.parse(fs.readFileSync(manifestsFile, 'utf8')) : undefined;

const started = process.hrtime.bigint();
const app = new App({ outdir });
const chart = new Chart(app, 'apps');
switch (mode) {
  case 'patterns':
  case 'dump':
    addPatternApps(chart, n);
    break;
  case 'raw':
    addRawApps(chart, manifests);
    break;
  case 'cdk8s-plus':
    addCdk8sPlusApps(chart, n);
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}
app.synth();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

const yaml = fs.readFileSync(path.join(outdir, 'apps.k8s.yaml'), 'utf8');
if (mode === 'dump') fs.writeFileSync(manifestsFile, JSON.stringify(chart.toJson()));
fs.rmSync(outdir, { recursive: true, force: true });

console.log(JSON.stringify({
  mode,
  n,
  seconds,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
  objects: (yaml.match(/^kind: /gm) ?? []).length,
  bytes: yaml.length,
  sha: createHash('sha256').update(yaml).digest('hex'),
}));
