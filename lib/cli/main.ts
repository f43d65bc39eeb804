#!/usr/bin/env node
/*
 * `cdk8s-patterns`: the review commands of the library.
 *
 *   cdk8s-patterns check [--profile <file>] <file|dir|->...   exit 0: clean, 1: violations, 2: usage or parse error
 *   cdk8s-patterns check-upgrade [-n ns] [--fail-on-drift] <before> <after>   exit 0: safe, 1: findings, 2: usage error
 *   cdk8s-patterns topology <dir>                   write <chart>.topology.md beside each <chart>.k8s.yaml
 *   cdk8s-patterns profile --name <n> <capture>...  turn captured kubectl output into a cluster profile file
 */
import * as fs from 'fs';
import { PROFILE_USAGE, profileCommand } from './profile';
import { Manifest } from '../checks/manifest';
import { ManifestChecks } from '../checks/manifest-checks';
import { ClusterProfile } from '../cluster-profile';
import { Topology } from '../review/topology';
import { compareDetailed } from '../review/upgrade-compare';
import { UpgradeGuard, UpgradeRisk } from '../review/upgrade-guard';
import { loadManifests, ManifestReadError, parseYamlText } from '../review/yaml-files';
import { PatternValidationError } from '../shared/errors';

const USAGE = `usage:
  cdk8s-patterns check-upgrade <before> <after> [--namespace <ns>] [--fail-on-drift]
      Compare two syntheses (a YAML file, or a directory of them such as cdk8s synth's dist/)
      and report changes the API server refuses or that lose data or traffic. <before> may be
      what the cluster runs: kubectl get deploy,sts,svc,... -n <ns> -o yaml > live.yaml
      --namespace  where manifests that name no namespace are applied (default: default)
      --fail-on-drift  hand-made changes in the live objects fail the check too
      Exit status: 0 nothing unsafe (drift is listed, but passes), 1 unsafe findings
      (or drift with --fail-on-drift), 2 usage error.
  cdk8s-patterns check [--skip <rule>[,<rule>...]] [--profile <file>] <file|dir|->...
      Run the library's wiring and pod-security checks (ManifestChecks.all) on any Kubernetes
      YAML: cdk8s synth's dist/, hand-written files, \`kubectl kustomize\` or \`helm template\`
      output (\`-\` reads standard input). All inputs are checked together.
      --profile  also check against a cluster profile file (ClusterProfile.check): APIs and
                 fields its version serves, classes, Gateways, Pod Security, node ports
      Exit status: 0 no violations, 1 violations, 2 usage error or unreadable input.
  cdk8s-patterns topology <dir>
      Write <chart>.topology.md (a Mermaid diagram) beside every <chart>.k8s.yaml in <dir>.
${PROFILE_USAGE}`;

/** A mistake in how the command was called: exit status 2. */
class UsageError extends Error {}

interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Standard input, for `check -`; read only when asked for. */
  readonly stdin?: () => string;
}

function check(args: string[], io: Io): number {
  const skip = new Set<string>();
  const inputs: string[] = [];
  let profileFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--profile') {
      const file = args[++i];
      if (file === undefined || file === '') throw new UsageError('--profile needs a cluster profile file');
      if (profileFile !== undefined) throw new UsageError('--profile is given twice; check against one cluster at a time');
      profileFile = file;
    } else if (args[i] === '--skip') {
      const rules = args[++i];
      if (rules === undefined || rules === '') throw new UsageError('--skip needs a comma-separated list of rule ids');
      rules.split(',').forEach(r => skip.add(r.trim()));
    } else if (args[i].startsWith('--')) {
      throw new UsageError(`check: unknown option "${args[i]}"`);
    } else {
      inputs.push(args[i]);
    }
  }
  if (inputs.length === 0) throw new UsageError('check takes at least one file, directory or - (standard input)');
  const profile = profileFile === undefined ? undefined : ClusterProfile.fromFile(profileFile);
  const manifests: Manifest[] = [];
  let files = 0;
  for (const input of inputs) {
    if (input === '-') {
      manifests.push(...parseYamlText((io.stdin ?? (() => fs.readFileSync(0, 'utf-8')))(), '<stdin>'));
      files++;
      continue;
    }
    const loaded = loadManifests(input);
    if (loaded.files.length === 0) throw new UsageError(`${input}: no *.yaml files`);
    manifests.push(...loaded.manifests);
    files += loaded.files.length;
  }
  const violations = [...ManifestChecks.all(manifests), ...(profile?.check(manifests) ?? [])].filter(v => !skip.has(v.rule));
  const scope = `${manifests.length} ${manifests.length === 1 ? 'object' : 'objects'} in ${files} ${files === 1 ? 'file' : 'files'}`;
  if (violations.length === 0) {
    io.out(`check: no violations; ${scope}`);
    return 0;
  }
  const objects = new Set(violations.map(v => v.object)).size;
  io.out([
    `check: ${violations.length} ${violations.length === 1 ? 'violation' : 'violations'} on ${objects} ${objects === 1 ? 'object' : 'objects'}; ${scope}`,
    '',
    ManifestChecks.format(violations),
  ].join('\n'));
  return 1;
}

function checkUpgrade(argv: string[], io: Io): number {
  const args: string[] = [];
  let namespace: string | undefined;
  let failOnDrift = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--fail-on-drift') {failOnDrift = true;} else if (argv[i] === '--namespace' || argv[i] === '-n') {
      namespace = argv[++i];
      if (namespace === undefined || namespace === '') throw new UsageError(`${argv[i - 1]} needs a namespace`);
    } else if (argv[i].startsWith('-')) {throw new UsageError(`check-upgrade: unknown option "${argv[i]}"`);} else {args.push(argv[i]);}
  }
  if (args.length !== 2) throw new UsageError(`check-upgrade takes two paths, <before> and <after>; got ${args.length}`);
  const [beforePath, afterPath] = args;
  const before = loadManifests(beforePath);
  const after = loadManifests(afterPath);
  if (before.files.length === 0) throw new UsageError(`${beforePath}: no *.yaml files`);
  if (after.files.length === 0) throw new UsageError(`${afterPath}: no *.yaml files`);
  const result = compareDetailed(before.manifests, after.manifests, { namespace });
  const { findings, skipped, live } = result;
  const liveNote = live > 0 ? `; ${live} live, ${skipped.length} of them made by controllers and left out` : '';
  const counts = `${result.before} objects before, ${result.after} after (${result.added} added, ${result.removed} removed)${liveNote}`;
  const blocking = UpgradeGuard.blocking(findings, failOnDrift);
  const drift = findings.filter(f => f.risk === UpgradeRisk.DRIFT);
  if (findings.length === 0) {
    io.out(`check-upgrade: safe to apply: no refused, data-losing or traffic-losing changes; ${counts}`);
    return 0;
  }
  const unsafe = findings.length - drift.length;
  const count = (risk: UpgradeRisk) => findings.filter(f => f.risk === risk).length;
  const headline = unsafe > 0
    ? `check-upgrade: ${unsafe} unsafe ${unsafe === 1 ? 'change' : 'changes'} (${count(UpgradeRisk.REFUSED)} refused by the API server, `
      + `${count(UpgradeRisk.DATA_LOSS)} losing or orphaning data${count(UpgradeRisk.TRAFFIC_LOSS) > 0 ? `, ${count(UpgradeRisk.TRAFFIC_LOSS)} losing traffic` : ''})`
    : 'check-upgrade: safe to apply: no refused, data-losing or traffic-losing changes';
  const driftNote = drift.length > 0 ? `; ${drift.length} hand-made ${drift.length === 1 ? 'change' : 'changes'} in the cluster (drift${failOnDrift ? ', failing' : ''})` : '';
  io.out([
    `${headline}${driftNote}; ${counts}`,
    `  before: ${beforePath}`,
    `  after:  ${afterPath}`,
    '',
    UpgradeGuard.format(findings),
  ].join('\n'));
  return blocking.length > 0 ? 1 : 0;
}

function topology(args: string[], io: Io): number {
  if (args.length !== 1) throw new UsageError(`topology takes one directory; got ${args.length} arguments`);
  let written: string[];
  try {
    written = Topology.writeForDirectory(args[0]);
  } catch (e) {
    if (e instanceof ManifestReadError) throw e;
    throw new UsageError(`${args[0]}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (e as Error).message}`);
  }
  if (written.length === 0) throw new UsageError(`${args[0]}: no *.k8s.yaml files`);
  written.forEach(f => io.out(`wrote ${f}`));
  return 0;
}

/** Runs the command line and returns the exit status. */
export function main(argv: string[], io: Io): number {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'check': return check(args, io);
      case 'check-upgrade': return checkUpgrade(args, io);
      case 'topology': return topology(args, io);
      case 'profile': return profileCommand(args, io);
      case '-h': case '--help': case 'help':
        io.out(USAGE);
        return 0;
      case undefined: throw new UsageError('no command given');
      default: throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`cdk8s-patterns: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    // An unreadable input, or a profile file that is not one: said once, without the usage.
    if (e instanceof ManifestReadError || e instanceof PatternValidationError) {
      io.err(`cdk8s-patterns: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    out: text => process.stdout.write(`${text}\n`),
    err: text => process.stderr.write(`${text}\n`),
  });
}
