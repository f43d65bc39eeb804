#!/usr/bin/env node
/*
 * `cdk8s-patterns`: the review commands of the library.
 *
 *   cdk8s-patterns check-upgrade <before> <after>   exit 0: safe, 1: findings, 2: usage error
 *   cdk8s-patterns topology <dir>                   write <chart>.topology.md beside each <chart>.k8s.yaml
 *   cdk8s-patterns profile --name <n> <capture>...  turn captured kubectl output into a cluster profile file
 */
import { PROFILE_USAGE, profileCommand } from './profile';
import { Topology } from '../review/topology';
import { objectKey, UpgradeGuard, UpgradeRisk } from '../review/upgrade-guard';
import { loadManifests, ManifestReadError } from '../review/yaml-files';

const USAGE = `usage:
  cdk8s-patterns check-upgrade <before> <after>
      Compare two syntheses (a YAML file, or a directory of them such as cdk8s synth's dist/)
      and report changes the API server refuses or that lose data.
      Exit status: 0 nothing found, 1 findings, 2 usage error.
  cdk8s-patterns topology <dir>
      Write <chart>.topology.md (a Mermaid diagram) beside every <chart>.k8s.yaml in <dir>.
${PROFILE_USAGE}`;

/** A mistake in how the command was called: exit status 2. */
class UsageError extends Error {}

interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

function checkUpgrade(args: string[], io: Io): number {
  if (args.length !== 2) throw new UsageError(`check-upgrade takes two paths, <before> and <after>; got ${args.length}`);
  const [beforePath, afterPath] = args;
  const before = loadManifests(beforePath);
  const after = loadManifests(afterPath);
  if (before.files.length === 0) throw new UsageError(`${beforePath}: no *.yaml files`);
  if (after.files.length === 0) throw new UsageError(`${afterPath}: no *.yaml files`);
  const findings = UpgradeGuard.compare(before.manifests, after.manifests);
  const was = new Set(before.manifests.map(objectKey));
  const now = new Set(after.manifests.map(objectKey));
  const added = [...now].filter(k => !was.has(k)).length;
  const removed = [...was].filter(k => !now.has(k)).length;
  const counts = `${before.manifests.length} objects before, ${after.manifests.length} after (${added} added, ${removed} removed)`;
  if (findings.length === 0) {
    io.out(`check-upgrade: safe to apply: no refused or data-losing changes; ${counts}`);
    return 0;
  }
  const refused = findings.filter(f => f.risk === UpgradeRisk.REFUSED).length;
  const lossy = findings.length - refused;
  io.out([
    `check-upgrade: ${findings.length} unsafe ${findings.length === 1 ? 'change' : 'changes'} `
      + `(${refused} refused by the API server, ${lossy} losing or orphaning data); ${counts}`,
    `  before: ${beforePath}`,
    `  after:  ${afterPath}`,
    '',
    UpgradeGuard.format(findings),
  ].join('\n'));
  return 1;
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
    if (e instanceof ManifestReadError) {
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
