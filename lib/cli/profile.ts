import * as fs from 'fs';
import * as path from 'path';
import { ProfileFacts, profileReporter, resolveProfile } from '../profile/facts';
import { profileToYaml } from '../profile/file';
import { CAPTURED_KINDS, CaptureError, CaptureFile, CaptureOptions, profileFromCaptures } from '../profile/kubectl';
import { PodSecurityLevel } from '../profile/types';
import { PatternValidationError } from '../shared/errors';

export const PROFILE_USAGE = `  cdk8s-patterns profile --name <name> [--out <file>] [options] <capture>...
      Turn kubectl output captured once from a cluster into a profile file for
      ClusterProfile.fromFile, and say what is missing. A <capture> is a file or a directory
      of them, each recognised by its content (docs/cluster-profile.md):
        kubectl version -o json; kubectl api-versions; kubectl api-resources;
        kubectl get storageclass,ingressclass,gatewayclass,gateway,namespace -A -o yaml
      Options: --node-port-range <min>-<max>, --cluster-domain <domain>,
        --access-modes <class>=<mode>,... (repeatable), --none <Kind>,... (kinds the cluster
        has none of), --default-pod-security privileged|baseline|restricted.
      Without --out the profile goes to stdout and the notes to stderr.
      Exit status: 0 written, 2 usage error or unreadable capture.`;

interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** A mistake in how the command was called, or in what it was given: exit status 2. */
class ProfileUsageError extends Error {}

interface Parsed {
  readonly name?: string;
  readonly out?: string;
  readonly captures: string[];
  readonly options: Omit<CaptureOptions, 'name'>;
}

function parseArgs(args: string[]): Parsed {
  const captures: string[] = [];
  const accessModes: { [className: string]: string[] } = {};
  const none: string[] = [];
  let name: string | undefined;
  let out: string | undefined;
  let nodePortRange: { min: number; max: number } | undefined;
  let clusterDomain: string | undefined;
  let defaultPodSecurity: PodSecurityLevel | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      captures.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const option = eq >= 0 ? arg.slice(0, eq) : arg;
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new ProfileUsageError(`${option} needs a value`);
    switch (option) {
      case '--name': name = value; break;
      case '--out': out = value; break;
      case '--cluster-domain': clusterDomain = value; break;
      case '--node-port-range': {
        const match = /^(\d+)-(\d+)$/.exec(value);
        if (!match) throw new ProfileUsageError(`--node-port-range takes <min>-<max>, such as 30000-32767; got "${value}"`);
        nodePortRange = { min: Number(match[1]), max: Number(match[2]) };
        break;
      }
      case '--access-modes': {
        const [cls, modes] = value.split('=', 2);
        if (!cls || !modes) throw new ProfileUsageError(`--access-modes takes <class>=<mode>,<mode>, such as nfs=ReadWriteOnce,ReadWriteMany; got "${value}"`);
        accessModes[cls] = modes.split(',').map(m => m.trim()).filter(m => m.length > 0);
        break;
      }
      case '--none':
        for (const kind of value.split(',').map(k => k.trim())) {
          const known = CAPTURED_KINDS.find(k => k.toLowerCase() === kind.toLowerCase());
          if (!known) throw new ProfileUsageError(`--none takes kinds among ${CAPTURED_KINDS.join(', ')}; got "${kind}"`);
          none.push(known);
        }
        break;
      case '--default-pod-security':
        if (!(Object.values(PodSecurityLevel) as string[]).includes(value)) {
          throw new ProfileUsageError(`--default-pod-security takes ${Object.values(PodSecurityLevel).join(', ')}; got "${value}"`);
        }
        defaultPodSecurity = value as PodSecurityLevel;
        break;
      default: throw new ProfileUsageError(`unknown option ${option}`);
    }
  }
  return { name, out, captures, options: { accessModes, none, nodePortRange, clusterDomain, defaultPodSecurity } };
}

/** The files of the captures: files as given, directories' files sorted by name (the output file left out). */
function captureFiles(targets: string[], out: string | undefined): CaptureFile[] {
  const files: string[] = [];
  for (const target of targets) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch {
      throw new ProfileUsageError(`${target}: no such file or directory`);
    }
    if (stat.isDirectory()) {
      const entries = fs.readdirSync(target, { withFileTypes: true }).filter(e => e.isFile() && /\.(json|ya?ml|txt)$/.test(e.name)).map(e => e.name).sort();
      files.push(...entries.map(e => path.join(target, e)).filter(f => out === undefined || path.resolve(f) !== path.resolve(out)));
    } else {
      files.push(target);
    }
  }
  return files.map(file => ({ path: file, text: fs.readFileSync(file, 'utf-8') }));
}

/** One line on what the profile knows. */
function summary(facts: ProfileFacts): string {
  const count = (list: readonly unknown[] | undefined, one: string, many: string) =>
    (list === undefined ? `${many} unknown` : `${list.length} ${list.length === 1 ? one : many}`);
  const defaults = (list: readonly { name: string; defaultClass: boolean }[] | undefined) => {
    const names = (list ?? []).filter(c => c.defaultClass).map(c => c.name);
    return names.length > 0 ? ` (default: ${names.join(', ')})` : '';
  };
  const enforcing = (facts.namespaces ?? []).filter(n => n.enforce && n.enforce !== PodSecurityLevel.PRIVILEGED);
  return [
    facts.version ? `Kubernetes ${facts.version}` : 'Kubernetes version unknown',
    facts.apiVersions ? `${facts.apiVersions.size} API versions` : 'API versions unknown',
    count(facts.storageClasses, 'StorageClass', 'StorageClasses') + defaults(facts.storageClasses),
    count(facts.ingressClasses, 'IngressClass', 'IngressClasses') + defaults(facts.ingressClasses),
    count(facts.gatewayClasses, 'GatewayClass', 'GatewayClasses'),
    count(facts.gateways, 'Gateway', 'Gateways'),
    count(facts.namespaces, 'namespace', 'namespaces') + (enforcing.length > 0 ? ` (${enforcing.map(n => `${n.name}: ${n.enforce}`).join(', ')})` : ''),
    `node ports ${facts.nodePortRange.min}-${facts.nodePortRange.max}`,
    `domain ${facts.clusterDomain}`,
  ].join('; ');
}

/** `cdk8s-patterns profile`: returns the exit status. */
export function profileCommand(args: string[], io: Io): number {
  try {
    const parsed = parseArgs(args);
    if (!parsed.name) throw new ProfileUsageError('profile needs --name, the name messages quote the profile by (such as prod)');
    if (parsed.captures.length === 0) throw new ProfileUsageError('profile needs at least one capture: a file or directory of kubectl output');
    const files = captureFiles(parsed.captures, parsed.out);
    if (files.length === 0) throw new ProfileUsageError(`${parsed.captures.join(', ')}: no *.json, *.yaml, *.yml or *.txt files`);
    const capture = profileFromCaptures(files, { ...parsed.options, name: parsed.name });
    const facts = resolveProfile(profileReporter(parsed.out ?? parsed.name), capture.props);
    const text = profileToYaml(capture.props, [
      `Cluster profile '${parsed.name}', written by \`cdk8s-patterns profile\` from:`,
      ...capture.sources.map(s => `  ${s.path} (${s.what})`),
      'Capture again and rerun the command rather than editing it; load it with ClusterProfile.fromFile().',
    ]);
    const report = [
      `profile '${parsed.name}': ${summary(facts)}`,
      ...(capture.notes.length > 0 ? ['missing or assumed:', ...capture.notes.map(n => `  - ${n}`)] : []),
    ].join('\n');
    if (parsed.out) {
      fs.writeFileSync(parsed.out, text);
      io.out(`wrote ${parsed.out} from ${files.length} capture${files.length === 1 ? '' : 's'}\n${report}`);
    } else {
      io.out(text.trimEnd());
      io.err(report);
    }
    return 0;
  } catch (e) {
    if (e instanceof ProfileUsageError) {
      io.err(`cdk8s-patterns: ${e.message}\n\nusage:\n${PROFILE_USAGE}`);
      return 2;
    }
    if (e instanceof CaptureError || e instanceof PatternValidationError) {
      io.err(`cdk8s-patterns: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
