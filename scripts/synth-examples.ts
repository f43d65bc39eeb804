/**
 * `npm run synth`: runs the real `cdk8s synth` in every examples/<name>/ folder (each a cdk8s
 * app with its own cdk8s.yaml and main.ts, importing the compiled library by its package
 * name), then checks what it wrote: every object passes the Kubernetes schemas and the strict
 * validator, the library's wiring and pod-security checks, and Monokle's rules with no finding. Exits non-zero on the first failure.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { ManifestChecks } from '../lib';
import { validateSchemas } from '../test/support/schema';

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'node_modules', '.bin', 'cdk8s');
const only = process.argv.slice(2);

const examples = fs.readdirSync(path.join(root, 'examples'))
  .filter(name => fs.existsSync(path.join(root, 'examples', name, 'cdk8s.yaml')))
  .filter(name => only.length === 0 || only.includes(name))
  .sort();

if (examples.length === 0) {
  console.error('no examples found under examples/*/cdk8s.yaml');
  process.exit(1);
}

let failed = false;
for (const name of examples) {
  const dir = path.join(root, 'examples', name);
  const outdir = path.join(dir, 'dist');
  fs.rmSync(outdir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  try {
    execFileSync(cli, ['synth'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' },
    });
  } catch (e: any) {
    console.error(`✗ ${name}: cdk8s synth failed\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    failed = true;
    continue;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const files = fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')).sort();
  const manifests = files.flatMap(f => Yaml.load(path.join(outdir, f)));
  const problems: string[] = [];
  try {
    validateSchemas(manifests);
  } catch (e) {
    problems.push((e as Error).message);
  }
  const violations = ManifestChecks.all(manifests);
  if (violations.length > 0) problems.push(ManifestChecks.format(violations));
  const findings = monokleFindings(files.filter(f => f.endsWith('.k8s.yaml')).map(f => path.join(outdir, f)));
  if (findings.length > 0) problems.push(`Monokle (default rules + practices):\n${findings.join('\n')}`);
  // Every chart's review diagram lies beside it: main.ts calls Topology.writeForDirectory(app.outdir).
  const diagrams = files.filter(f => f.endsWith('.k8s.yaml')).map(f => f.replace(/\.k8s\.yaml$/, '.topology.md'));
  const undrawn = diagrams.filter(f => !fs.existsSync(path.join(outdir, f)));
  if (undrawn.length > 0) problems.push(`no topology diagram ${undrawn.join(', ')}: main.ts must call Topology.writeForDirectory(app.outdir) after app.synth()`);
  if (problems.length > 0) {
    console.error(`✗ ${name}: ${problems.join('\n')}`);
    failed = true;
    continue;
  }
  console.log(`✓ ${name}: ${manifests.length} objects in ${files.map(f => `examples/${name}/dist/${f}`).join(', ')} (cdk8s synth ${seconds.toFixed(2)}s)`);
}
process.exit(failed ? 1 : 0);

/** Monokle's findings on the files, one line each (scripts/monokle.mjs). */
function monokleFindings(yamlFiles: string[]): string[] {
  const output = execFileSync(process.execPath, [path.join(root, 'scripts', 'monokle.mjs'), ...yamlFiles], { cwd: root, encoding: 'utf8' });
  return output.split('\n').filter(line => line.trim() !== '');
}
