/**
 * `npm run bench`: synthesis time and peak memory of this library against (raw) cdk8s
 * ApiObjects emitting byte-identical manifests and (cdk8s-plus) the same apps hand-assembled
 * with cdk8s-plus-28, for every scenario of bench/apps.ts, interleaved in one run; the heap each
 * form retains after construction; and the development loop (`require()` of the library, the
 * real `cdk8s synth` of every example against an empty app). Prints the figures and rewrites
 * the results block of bench/README.md, with a table against the targets of issue #14.
 *
 *   npm run bench                       # N = 1000, 2000, 4000 (web also 8000); 5 runs each
 *   BENCH_QUICK=1 npm run bench         # N = 1000, 3 runs, no 8000: a quick look
 *   BENCH_SIZES=1000,2000 BENCH_RUNS=3 BENCH_SCENARIOS=web,web-read BENCH_MEMORY_SIZES= npm run bench
 *   BENCH_SCENARIOS=storage-read ...    # a read scenario alone measures its base's baselines
 *
 * Every measurement is a separate plain `node` process running a precompiled script (peak
 * RSS is per process; tsx's loader would distort the timings); the median is reported.
 * BENCH_NO_README=1 prints the block without writing the README.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { Scenario, SCENARIOS } from './apps';

const root = path.resolve(__dirname, '..');
const quick = process.env.BENCH_QUICK === '1';
const list = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').filter(x => x.trim() !== '');
const sizes = list('BENCH_SIZES', quick ? '1000' : '1000,2000,4000').map(Number);
// The web scenario alone also runs at these sizes (patterns and raw: the memory target).
const memorySizes = list('BENCH_MEMORY_SIZES', quick ? '' : '8000').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? (quick ? 3 : 5));
const scenarios = list('BENCH_SCENARIOS', SCENARIOS.join(',')) as Scenario[];
// The config scenario writes 40 KB of YAML per app (4,000 apps: 191 MB), about half the run's
// time at the sizes; BENCH_CONFIG_SCALE=0.25 runs it at a quarter of N (the same 4×
// span for the growth) for a shorter look.
const configScale = Number(process.env.BENCH_CONFIG_SCALE ?? 1);
const sizeFor = (s: Scenario, n: number) => (s === 'config' ? Math.round(n * configScale) : n);
for (const s of scenarios) if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s} (known: ${SCENARIOS.join(', ')})`);
const modes = ['patterns', 'raw', 'cdk8s-plus'] as const;
type Mode = typeof modes[number];

interface Sample {
  scenario: string;
  mode: string;
  n: number;
  seconds: number;
  buildSeconds: number;
  yamlSeconds: number;
  peakRssMiB: number;
  retainedBytes?: number;
  objects: number;
  bytes: number;
  sha: string;
}
/** Medians of a form's runs; `build` and `yaml` are the phases synth-once times apart (each its own median). */
interface Stat { seconds: number; build: number; yaml: number; peakRssMiB: number; runs: number }

// Bundled next to the sources so that `cdk8s-patterns` resolves to this package's compiled dist/lib.
const build = path.join(__dirname, '.build');
const script = path.join(build, 'synth-once.js');
buildSync({ entryPoints: [path.join(__dirname, 'synth-once.ts')], outfile: script, bundle: true, platform: 'node', packages: 'external', logLevel: 'error' });

const nodeEnv = { ...process.env, NODE_OPTIONS: '' };
function once(scenario: Scenario, mode: string, n: number, manifests: string, nodeArgs: string[] = []): Sample {
  const out = execFileSync(process.execPath, [...nodeArgs, script, scenario, mode, String(n), manifests], {
    cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: nodeEnv,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;
const loads: number[] = [os.loadavg()[0]];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-bench-'));
// A read scenario (web-read, storage-read) writes the same bytes as its base: its raw and
// cdk8s-plus baselines are the base's.
const isRead = (s: Scenario) => s.endsWith('-read');
const baseOf = (s: Scenario): Scenario => (isRead(s) ? s.slice(0, -'-read'.length) as Scenario : s);
const manifestsFile = (s: Scenario, n: number) => path.join(tmp, `${baseOf(s)}-${n}.json`);

/** stats[scenario][n][mode] */
const stats: Record<string, Record<number, Partial<Record<Mode, Stat>>>> = {};
const objects: Record<string, Record<number, number>> = {};

function measure(nominal: number, jobs: { scenario: Scenario; mode: Mode }[]): void {
  const references: Partial<Record<Scenario, Sample>> = {};
  for (const s of new Set(jobs.map(j => baseOf(j.scenario)))) references[s] = once(s, 'dump', sizeFor(s, nominal), manifestsFile(s, sizeFor(s, nominal)));
  const samples = jobs.map(() => [] as Sample[]);
  // Interleave scenarios and modes run by run, so that drift in machine load hits all alike.
  for (let r = 0; r < runs; r++) {
    jobs.forEach((job, j) => {
      const n = sizeFor(job.scenario, nominal);
      samples[j].push(once(job.scenario, job.mode, n, manifestsFile(job.scenario, n)));
    });
    loads.push(os.loadavg()[0]);
    process.stdout.write(`  N=${nominal} run ${r + 1}/${runs} done (${elapsed()})\n`);
  }
  jobs.forEach((job, j) => {
    const n = sizeFor(job.scenario, nominal);
    const reference = references[baseOf(job.scenario)]!;
    // Every mode writes the very same bytes, so the modes differ only in how they get there.
    for (const s of samples[j]) {
      if (s.sha !== reference.sha) throw new Error(`${job.scenario} ${job.mode} at N=${n} is not byte-identical to the library's output`);
    }
    const stat = {
      seconds: median(samples[j].map(s => s.seconds)),
      build: median(samples[j].map(s => s.buildSeconds)),
      yaml: median(samples[j].map(s => s.yamlSeconds)),
      peakRssMiB: median(samples[j].map(s => s.peakRssMiB)),
      runs: samples[j].length,
    };
    // A base's baselines are its read scenario's too.
    for (const s of [job.scenario, ...scenarios.filter(r => isRead(r) && baseOf(r) === job.scenario)]) {
      if (s === job.scenario || job.mode !== 'patterns') ((stats[s] ??= {})[n] ??= {})[job.mode] = stat;
      (objects[s] ??= {})[n] = reference.objects;
    }
  });
  for (const s of new Set(jobs.map(j => j.scenario))) {
    const n = sizeFor(s, nominal);
    const line = modes.map(m => stats[s][n][m]).map((st, i) => st ? `${modes[i]} ${st.seconds.toFixed(2)}s ${st.peakRssMiB.toFixed(0)}MiB` : '').filter(Boolean);
    console.log(`${s} N=${n}: ${line.join(' | ')}`);
  }
}

for (const n of sizes) {
  const jobs: { scenario: Scenario; mode: Mode }[] = [];
  for (const scenario of scenarios) {
    jobs.push({ scenario, mode: 'patterns' });
    if (!isRead(scenario) || !scenarios.includes(baseOf(scenario))) {
      // A read scenario's baselines are its base's, measured once.
      jobs.push({ scenario: baseOf(scenario), mode: 'raw' }, { scenario: baseOf(scenario), mode: 'cdk8s-plus' });
    }
  }
  measure(n, jobs);
}
if (scenarios.includes('web')) {
  for (const n of memorySizes) measure(n, [{ scenario: 'web', mode: 'patterns' }, { scenario: 'web', mode: 'raw' }]);
}

// What each form holds live after construction, before synthesis (one run each, under --expose-gc).
const retainedN = sizes.includes(1000) ? 1000 : sizes[0];
const retained: { scenario: Scenario; perMode: Partial<Record<Mode, number>> }[] = [];
for (const scenario of scenarios) {
  const perMode: Partial<Record<Mode, number>> = {};
  for (const mode of modes) {
    if (isRead(scenario) && mode !== 'patterns') continue;
    const n = sizeFor(scenario, retainedN);
    perMode[mode] = once(scenario, mode, n, manifestsFile(scenario, n), ['--expose-gc']).retainedBytes! / n;
  }
  retained.push({ scenario, perMode });
}
console.log(`retained after construction at N=${retainedN} (${elapsed()}): ${JSON.stringify(retained)}`);

// ---- The development loop ----

/** `require()` of a package in a fresh process: milliseconds, modules loaded, whether the review tools or `yaml` came along. */
function requireOnce(pkg: string): { ms: number; modules: number; review: boolean } {
  // This package's review tools and CLI, and the `yaml` it bundles (cdk8s has its own copy, nested in cdk8s/);
  // not the small modules that declare the review tools' public classes and load the rest on first use.
  const heavy = [path.join(root, 'dist', 'lib', 'review'), path.join(root, 'dist', 'lib', 'cli'), path.join(root, 'node_modules', 'yaml')].map(p => p + path.sep);
  const facades = ['topology', 'upgrade-guard', 'upgrade-risk', 'validation-plugin'].map(f => path.join(root, 'dist', 'lib', 'review', `${f}.js`));
  const code = `const t = process.hrtime.bigint(); require(${JSON.stringify(pkg)}); const ms = Number(process.hrtime.bigint() - t) / 1e6;
const keys = Object.keys(require.cache); const heavy = ${JSON.stringify(heavy)}; const facades = ${JSON.stringify(facades)};
console.log(JSON.stringify({ ms, modules: keys.length, review: keys.some(k => heavy.some(h => k.startsWith(h)) && !facades.includes(k)) }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8', env: nodeEnv }).trim());
}
// BENCH_DEVLOOP=0 skips the development loop (a quicker look at the scenarios alone).
const devLoop = process.env.BENCH_DEVLOOP !== '0';
const requireRuns = devLoop ? (quick ? 5 : 11) : 0;
const requireTargets = ['cdk8s', 'cdk8s-plus-28', 'cdk8s-patterns'];
const requireSamples: Record<string, { ms: number; modules: number; review: boolean }[]> = {};
for (let r = 0; r < requireRuns; r++) for (const pkg of requireTargets) (requireSamples[pkg] ??= []).push(requireOnce(pkg));
const requireStats = (devLoop ? requireTargets : []).map(pkg => ({
  pkg, ms: median(requireSamples[pkg].map(s => s.ms)), modules: requireSamples[pkg][0].modules, review: requireSamples[pkg][0].review,
}));
for (const r of requireStats) console.log(`require('${r.pkg}'): ${r.ms.toFixed(0)} ms, ${r.modules} modules${r.review ? ' (review tools or yaml loaded)' : ''}`);

// The real CLI on every example, against an empty cdk8s app run the same way (the CLI's own
// start-up and tsx's are the floor).
const emptyApp = path.join(build, 'empty-app');
fs.mkdirSync(emptyApp, { recursive: true });
fs.writeFileSync(path.join(emptyApp, 'cdk8s.yaml'), 'language: typescript\napp: node --import tsx main.ts\noutput: dist\n');
fs.writeFileSync(path.join(emptyApp, 'main.ts'), "import { App } from 'cdk8s';\n\nnew App().synth();\n");
const examples = fs.readdirSync(path.join(root, 'examples')).filter(e => fs.existsSync(path.join(root, 'examples', e, 'cdk8s.yaml'))).sort();
const cli = path.join(root, 'node_modules', '.bin', 'cdk8s');
const synthTargets = [{ name: '(empty cdk8s app)', dir: emptyApp }, ...examples.map(e => ({ name: `examples/${e}`, dir: path.join(root, 'examples', e) }))];
const synthSamples: Record<string, number[]> = {};
const synthRuns = devLoop ? (quick ? 3 : 5) : 0;
for (let r = 0; r < synthRuns; r++) {
  for (const t of synthTargets) {
    const t0 = process.hrtime.bigint();
    execFileSync(cli, ['synth'], { cwd: t.dir, stdio: 'ignore', env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' } });
    (synthSamples[t.name] ??= []).push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
}
const emptySynth = devLoop ? median(synthSamples[synthTargets[0].name]) : 0;
if (devLoop) for (const t of synthTargets) console.log(`cdk8s synth ${t.name}: ${median(synthSamples[t.name]).toFixed(2)}s`);
fs.rmSync(tmp, { recursive: true, force: true });
loads.push(os.loadavg()[0]);

// ---- The results block of bench/README.md ----

const ratio = (a?: number, b?: number) => (a !== undefined && b !== undefined ? `${(a / b).toFixed(2)}×` : '—');
const secs = (st?: Stat) => (st ? `${st.seconds.toFixed(2)} s` : '—');
const mib = (st?: Stat) => (st ? st.peakRssMiB.toFixed(0) : '—');
const allSizes = [...sizes, ...memorySizes];
const rows: string[] = [];
for (const s of scenarios) {
  for (const nominal of allSizes) {
    const n = sizeFor(s, nominal);
    const row = stats[s]?.[n];
    if (!row?.patterns) continue;
    const p = row.patterns; const a = row.raw; const b = row['cdk8s-plus'];
    rows.push(`| ${s} | ${n} | ${objects[s][n]} | ${secs(p)} | ${secs(a)} | ${secs(b)} | ${ratio(p?.seconds, a?.seconds)} | ${ratio(p?.seconds, b?.seconds)} | ` +
      `${mib(p)} | ${mib(a)} | ${mib(b)} | ${ratio(p?.peakRssMiB, a?.peakRssMiB)} | ${ratio(p?.peakRssMiB, b?.peakRssMiB)} |`);
  }
}
// Where the time goes: building, synthesis before the YAML pass (validations, toJson), and the
// YAML pass, which does the same work on the same bytes in every mode. What is left without it
// is what the forms themselves cost.
const phases = (st?: Stat) => (st ? `${st.build.toFixed(2)} / ${Math.max(0, st.seconds - st.build - st.yaml).toFixed(2)} / ${st.yaml.toFixed(2)}` : '—');
const withoutYaml = (st?: Stat) => (st ? st.seconds - st.yaml : undefined);
const phaseRows: string[] = [];
for (const s of scenarios) {
  for (const nominal of allSizes) {
    const n = sizeFor(s, nominal);
    const row = stats[s]?.[n];
    if (!row?.patterns) continue;
    const p = row.patterns; const a = row.raw; const b = row['cdk8s-plus'];
    phaseRows.push(`| ${s} | ${n} | ${phases(p)} | ${phases(a)} | ${phases(b)} | ${ratio(withoutYaml(p), withoutYaml(a))} | ${ratio(withoutYaml(p), withoutYaml(b))} | ${ratio(p.yaml, a?.yaml)} |`);
  }
}
const growth = (s: Scenario, mode: Mode) => {
  const t4 = stats[s]?.[sizeFor(s, 4000)]?.[mode]?.seconds; const t1 = stats[s]?.[sizeFor(s, 1000)]?.[mode]?.seconds;
  return t4 && t1 ? t4 / t1 : undefined;
};
/** `(config 250)` where the config scenario runs at another N than the others. */
const configNote = (n: number) => (sizeFor('config', n) === n ? '' : ` (config ${sizeFor('config', n)})`);
const fmt = (x?: number) => (x === undefined ? 'n/a' : x.toFixed(2));

// Against the targets of issue #14: the worst ratio over the sizes measured.
const targetSizes = sizes.filter(n => n >= 1000 && n <= 4000);
const worst = (s: Scenario, f: (row: Partial<Record<Mode, Stat>>) => number | undefined, ns: number[]) => {
  const xs = ns.map(n => stats[s]?.[sizeFor(s, n)]).filter(Boolean).map(r => f(r!)).filter((x): x is number => x !== undefined && Number.isFinite(x));
  return xs.length ? Math.max(...xs) : undefined;
};
const verdict = (x: number | undefined, limit: number, strict = false) =>
  (x === undefined ? 'not measured' : `${x.toFixed(2)}${strict ? ' < ' : ' ≤ '}${limit}? ${(strict ? x < limit : x <= limit) ? '**met**' : '**not met**'}`);
const targetRows: string[] = [];
for (const s of scenarios) {
  const vsRaw = worst(s, r => r.patterns && r.raw && r.patterns.seconds / r.raw.seconds, targetSizes);
  const vsPlus = worst(s, r => r.patterns && r['cdk8s-plus'] && r.patterns.seconds / r['cdk8s-plus'].seconds, targetSizes);
  const ns = targetSizes.map(n => sizeFor(s, n)).join(' / ');
  targetRows.push(`| ${s} | time ÷ raw, worst of N = ${ns} | ${verdict(vsRaw, 1.3)} |`);
  targetRows.push(`| ${s} | time ÷ cdk8s-plus, worst of N = ${ns} | ${verdict(vsPlus, 1.0, !isRead(s))} |`);
  targetRows.push(`| ${s} | t(${sizeFor(s, 4000)}) ÷ t(${sizeFor(s, 1000)}) | ${verdict(growth(s, 'patterns'), 4.4)} |`);
  if (s === 'web') {
    const memNs = [...targetSizes, ...memorySizes];
    targetRows.push(`| ${s} | peak RSS ÷ raw, worst of N = ${memNs.join(' / ')} | ${verdict(worst(s, r => r.patterns && r.raw && r.patterns.peakRssMiB / r.raw.peakRssMiB, memNs), 1.3)} |`);
  }
}

const kib = (bytesPerApp?: number) => (bytesPerApp === undefined ? '—' : `${(bytesPerApp / 1024).toFixed(1)}`);
function devLoopLines(): string[] {
  const requireOf = (pkg: string) => requireStats.find(r => r.pkg === pkg)!;
  const patternsRequire = requireOf('cdk8s-patterns'); const plusRequire = requireOf('cdk8s-plus-28');
  return [
    '### The development loop',
    '',
    `| \`require()\` in a fresh process (median of ${requireRuns}) | time | modules loaded | review tools or \`yaml\` loaded |`,
    '|---|---:|---:|---|',
    ...requireStats.map(r => `| \`${r.pkg}\` | ${r.ms.toFixed(0)} ms | ${r.modules} | ${r.review ? 'yes' : 'no'} |`),
    '',
    `\`require('cdk8s-patterns')\` ÷ \`require('cdk8s-plus-28')\`: ${ratio(patternsRequire.ms, plusRequire.ms)} ` +
      `(${patternsRequire.modules - plusRequire.modules} modules more).`,
    '',
    `| \`cdk8s synth\` (median of ${synthRuns}) | time | ÷ empty app |`,
    '|---|---:|---:|',
    ...synthTargets.map(t => `| ${t.name} | ${median(synthSamples[t.name]).toFixed(2)} s | ${ratio(median(synthSamples[t.name]), emptySynth)} |`),
  ];
}

const block = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}; ` +
    `median of ${runs} interleaved runs, each a separate process; load average ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)} during the run; ${elapsed()} in all.`,
  '',
  '| scenario | N apps | objects | patterns | raw | cdk8s-plus | time ÷ raw | time ÷ cdk8s-plus | MiB patterns | MiB raw | MiB cdk8s-plus | memory ÷ raw | memory ÷ cdk8s-plus |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
  '',
  `| scenario | t(4N) ÷ t(N), N = 1000${configNote(1000)}: patterns | raw | cdk8s-plus |`,
  '|---|---:|---:|---:|',
  ...scenarios.map(s => `| ${s} | ${fmt(growth(s, 'patterns'))} | ${fmt(growth(s, 'raw'))} | ${fmt(growth(s, 'cdk8s-plus'))} |`),
  '',
  'Where the time goes (medians in seconds: build / synthesis before the YAML pass / YAML pass; the YAML pass writes the same bytes in every mode):',
  '',
  '| scenario | N apps | patterns | raw | cdk8s-plus | without YAML ÷ raw | without YAML ÷ cdk8s-plus | YAML pass ÷ raw |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...phaseRows,
  '',
  `Heap live after construction, before synthesis (KiB per app, N = ${retainedN}${configNote(retainedN)}, after full collections; raw counts its input manifests):`,
  '',
  '| scenario | patterns | raw | cdk8s-plus |',
  '|---|---:|---:|---:|',
  ...retained.map(r => `| ${r.scenario} | ${kib(r.perMode.patterns)} | ${kib(r.perMode.raw)} | ${kib(r.perMode['cdk8s-plus'])} |`),
  '',
  '### Against the targets',
  '',
  '| scenario | target | result |',
  '|---|---|---|',
  ...targetRows,
  ...(scenarios.some(isRead) ? ['',
    'The issue bounds the apps with a part read by cdk8s-plus by hand ("with parts read: ≤ 1.0× cdk8s-plus"); the read scenarios\' time ÷ raw ' +
    'is listed with the same 1.3 for reference: a read part is a cdk8s-plus object, built and rendered by cdk8s-plus.'] : []),
  '',
  ...(devLoop ? devLoopLines() : ['### The development loop', '', 'Not measured in this run (BENCH_DEVLOOP=0).']),
].join('\n');

console.log(`\n${block}\n`);
if (process.env.BENCH_NO_README !== '1') {
  const readme = path.join(__dirname, 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const begin = '<!-- results:begin -->';
  const end = '<!-- results:end -->';
  if (!text.includes(begin) || !text.includes(end)) throw new Error(`${readme} has no ${begin} ... ${end} block`);
  fs.writeFileSync(readme, `${text.slice(0, text.indexOf(begin) + begin.length)}\n${block}\n${text.slice(text.indexOf(end))}`);
  console.log(`wrote the results into ${path.relative(root, readme)}`);
}
