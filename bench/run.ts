/**
 * `npm run bench`: synthesis time and peak memory of this library against (a) raw cdk8s
 * ApiObjects emitting byte-identical manifests and (b) the same apps hand-assembled with
 * cdk8s-plus-28, side by side in one run; plus the real `cdk8s synth` of every example.
 * Prints a table and rewrites the results block of bench/README.md.
 *
 *   npm run bench                    # N = 250, 1000, 2000, 4000; 5 runs each (3 at 4000)
 *   BENCH_SIZES=250,1000 BENCH_RUNS=3 npm run bench
 *
 * Every measurement is a separate plain `node` process running a precompiled script (peak
 * RSS is per process; tsx's loader would distort the timings); the median is reported.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';

const root = path.resolve(__dirname, '..');
const sizes = (process.env.BENCH_SIZES ?? '250,1000,2000,4000').split(',').map(Number);
const runsFor = (n: number) => Number(process.env.BENCH_RUNS ?? (n >= 4000 ? 3 : 5));
const modes = ['patterns', 'raw', 'cdk8s-plus'] as const;
type Mode = typeof modes[number];

interface Sample { mode: string; n: number; seconds: number; peakRssMiB: number; objects: number; bytes: number; sha: string }

// Bundled next to the sources so that `cdk8s-patterns` resolves to this package's compiled dist/lib.
const script = path.join(__dirname, '.build', 'synth-once.js');
buildSync({ entryPoints: [path.join(__dirname, 'synth-once.ts')], outfile: script, bundle: true, platform: 'node', packages: 'external', logLevel: 'error' });

function once(mode: string, n: number, manifests: string): Sample {
  const out = execFileSync(process.execPath, [script, mode, String(n), manifests], {
    cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '' },
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-bench-'));
const results: { n: number; objects: number; stats: Record<Mode, { seconds: number; peakRssMiB: number }> }[] = [];

for (const n of sizes) {
  const manifests = path.join(tmp, `manifests-${n}.json`);
  const reference = once('dump', n, manifests);
  const samples: Record<Mode, Sample[]> = { 'patterns': [], 'raw': [], 'cdk8s-plus': [] };
  // Interleave the modes so that drift in machine load hits all three alike.
  for (let r = 0; r < runsFor(n); r++) {
    for (const mode of modes) samples[mode].push(once(mode, n, manifests));
  }
  for (const s of samples.raw) {
    if (s.sha !== reference.sha) throw new Error(`raw baseline at N=${n} is not byte-identical to the library's output`);
  }
  const stats = {} as Record<Mode, { seconds: number; peakRssMiB: number }>;
  for (const mode of modes) {
    stats[mode] = { seconds: median(samples[mode].map(s => s.seconds)), peakRssMiB: median(samples[mode].map(s => s.peakRssMiB)) };
  }
  results.push({ n, objects: reference.objects, stats });
  const p = stats.patterns;
  console.log(`N=${n} (${reference.objects} objects): patterns ${p.seconds.toFixed(2)}s ${p.peakRssMiB.toFixed(0)}MiB | ` +
    `raw ${stats.raw.seconds.toFixed(2)}s ${stats.raw.peakRssMiB.toFixed(0)}MiB | cdk8s-plus ${stats['cdk8s-plus'].seconds.toFixed(2)}s ${stats['cdk8s-plus'].peakRssMiB.toFixed(0)}MiB`);
}

// The real CLI on every example: what a developer waits for.
const examples = fs.readdirSync(path.join(root, 'examples')).filter(e => fs.existsSync(path.join(root, 'examples', e, 'cdk8s.yaml'))).sort();
const cli = path.join(root, 'node_modules', '.bin', 'cdk8s');
const exampleTimes: { name: string; seconds: number }[] = [];
for (const name of examples) {
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const started = process.hrtime.bigint();
    execFileSync(cli, ['synth'], { cwd: path.join(root, 'examples', name), stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  exampleTimes.push({ name, seconds: median(times) });
  console.log(`cdk8s synth examples/${name}: ${median(times).toFixed(2)}s`);
}
fs.rmSync(tmp, { recursive: true, force: true });

// The results block of bench/README.md.
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const rows = results.map(({ n, objects, stats }) => {
  const p = stats.patterns; const a = stats.raw; const b = stats['cdk8s-plus'];
  return `| ${n} | ${objects} | ${p.seconds.toFixed(2)} s | ${a.seconds.toFixed(2)} s | ${b.seconds.toFixed(2)} s | ` +
    `${ratio(p.seconds, a.seconds)} | ${ratio(p.seconds, b.seconds)} | ${p.peakRssMiB.toFixed(0)} | ${a.peakRssMiB.toFixed(0)} | ${b.peakRssMiB.toFixed(0)} | ` +
    `${ratio(p.peakRssMiB, a.peakRssMiB)} | ${ratio(p.peakRssMiB, b.peakRssMiB)} |`;
});
const scaling = (mode: Mode) => {
  const t = (n: number) => results.find(r => r.n === n)?.stats[mode].seconds;
  const t4 = t(4000); const t1 = t(1000);
  return t4 && t1 ? (t4 / t1).toFixed(2) : 'n/a';
};
const block = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}; ` +
    `median of ${runsFor(1000)} runs (${runsFor(4000)} at N=4000), each a separate process.`,
  '',
  '| N apps | objects | patterns | (a) raw | (b) cdk8s-plus | time ÷ (a) | time ÷ (b) | MiB patterns | MiB (a) | MiB (b) | memory ÷ (a) | memory ÷ (b) |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
  '',
  `Scaling t(4000)/t(1000): patterns ${scaling('patterns')}, raw ${scaling('raw')}, cdk8s-plus ${scaling('cdk8s-plus')}.`,
  '',
  '| example | `cdk8s synth` (median of 3) |',
  '|---|---:|',
  ...exampleTimes.map(e => `| examples/${e.name} | ${e.seconds.toFixed(2)} s |`),
].join('\n');
const readme = path.join(__dirname, 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const begin = '<!-- results:begin -->';
const end = '<!-- results:end -->';
if (!text.includes(begin) || !text.includes(end)) throw new Error(`${readme} has no ${begin} ... ${end} block`);
fs.writeFileSync(readme, `${text.slice(0, text.indexOf(begin) + begin.length)}\n${block}\n${text.slice(text.indexOf(end))}`);
console.log(`\nwrote the results into ${path.relative(root, readme)}`);
