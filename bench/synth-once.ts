/**
 * One measurement, in a process of its own so peak memory is per run: builds N apps of a
 * scenario the given way and runs the real `App.synth()` into a temporary folder. Prints one
 * JSON line.
 *
 *   node bench/.build/synth-once.js <scenario> <patterns|raw|cdk8s-plus|dump> <N> [manifests.json]
 *
 * `dump` writes this library's output as plain objects for the raw baseline (not timed).
 * Besides the total it reports two phases: building the apps (`buildSeconds`) and the YAML
 * pass (`yamlSeconds`: cdk8s's `Yaml.save`, the `yaml` package's stringify and the write),
 * which is the same work on the same bytes in every mode; the rest is synthesis before it
 * (validations, `toJson`).
 * Under `node --expose-gc` (not a timed run) it also reports the heap still live after
 * construction, before synthesis, after full collections: what the apps hold on to (for raw,
 * its input manifests count too).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import { addCdk8sPlusApps, addPatternApps, addRawApps, prepareInputs, Scenario, SCENARIOS } from './apps';

const [scenarioText, mode, countText, manifestsFile] = process.argv.slice(2);
const scenario = scenarioText as Scenario;
if (!SCENARIOS.includes(scenario)) throw new Error(`unknown scenario ${scenarioText}`);
const n = Number(countText);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-bench-'));

const gc = (globalThis as any).gc as (() => void) | undefined;
const heapNow = () => {
  gc?.(); gc?.();
  return process.memoryUsage().heapUsed;
};
const heapBefore = gc ? heapNow() : 0;
// Every mode's input is made or read before the clock starts (the raw baseline's manifests, the
// config scenario's values): only building and synthesizing is timed.
const manifests = mode === 'raw' ? JSON.parse(fs.readFileSync(manifestsFile, 'utf8')) : undefined;
if (mode !== 'raw') prepareInputs(scenario, n);

// The YAML pass timed apart by wrapping cdk8s's own writer (one call per chart).
let yamlNanos = 0n;
const save = Yaml.save.bind(Yaml);
Yaml.save = (file: string, docs: any[]): void => {
  const from = process.hrtime.bigint();
  try {
    save(file, docs);
  } finally {
    yamlNanos += process.hrtime.bigint() - from;
  }
};

const started = process.hrtime.bigint();
const app = new App({ outdir });
const chart = new Chart(app, 'apps');
switch (mode) {
  case 'patterns':
  case 'dump':
    addPatternApps(chart, scenario, n);
    break;
  case 'raw':
    addRawApps(chart, manifests);
    break;
  case 'cdk8s-plus':
    addCdk8sPlusApps(chart, scenario, n);
    break;
  default:
    throw new Error(`unknown mode ${mode}`);
}
const built = process.hrtime.bigint();
const retainedBytes = gc ? heapNow() - heapBefore : undefined;
app.synth();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

const yaml = fs.readFileSync(path.join(outdir, 'apps.k8s.yaml'), 'utf8');
if (mode === 'dump') fs.writeFileSync(manifestsFile, JSON.stringify(chart.toJson()));
fs.rmSync(outdir, { recursive: true, force: true });

console.log(JSON.stringify({
  scenario,
  mode,
  n,
  seconds,
  buildSeconds: Number(built - started) / 1e9,
  yamlSeconds: Number(yamlNanos) / 1e9,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
  retainedBytes,
  objects: (yaml.match(/^kind: /gm) ?? []).length,
  bytes: yaml.length,
  sha: createHash('sha256').update(yaml).digest('hex'),
}));
