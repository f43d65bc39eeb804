import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'yaml';
import { isObject, Manifest } from '../checks/manifest';

// cdk8s's own `Yaml.load` spawns a process per file and lets syntax errors through as
// half-read objects; a review tool must say "this file is broken" instead, so it parses with
// `yaml` (bundled with this library) directly.

/** A path that cannot be read as synthesized YAML; the message names the path and the problem. */
export class ManifestReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestReadError';
  }
}

/**
 * The YAML files a path names: the file itself, or every `*.yaml` / `*.yml` below a directory
 * (as `cdk8s synth` writes them, sub-folders included), sorted by relative path so the order
 * never depends on the file system.
 */
export function yamlFilesOf(target: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new ManifestReadError(`${target}: no such file or directory`);
  }
  if (stat.isFile()) return [target];
  if (!stat.isDirectory()) throw new ManifestReadError(`${target}: neither a file nor a directory`);
  const found: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), relPath);
      else if (/\.ya?ml$/.test(entry.name)) found.push(relPath);
    }
  };
  walk(target, '');
  return found.sort().map(rel => path.join(target, rel));
}

/** The objects of one multi-document YAML file; empty documents are skipped. */
export function parseYamlFile(file: string): Manifest[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    throw new ManifestReadError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseYamlText(text, file);
}

/**
 * The objects of multi-document YAML text (`kubectl kustomize` or `helm template` output);
 * `file` names it in messages.
 */
export function parseYamlText(text: string, file: string): Manifest[] {
  // YAML 1.1, as kubectl and cdk8s read and write it.
  const docs = yaml.parseAllDocuments(text, { version: '1.1' });
  const out: Manifest[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      throw new ManifestReadError(`${file}${line ? `:${line}` : ''}: not valid YAML: ${error.message.split('\n')[0]}`);
    }
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isObject(value)) throw new ManifestReadError(`${file}: a document is not a Kubernetes object (${JSON.stringify(value).slice(0, 60)})`);
    out.push(value);
  }
  return out;
}

/** The objects of `kubectl get … -o yaml` (a `List`, or a `DeploymentList` and the like) and of multi-document YAML, flattened. */
export function unwrapLists(manifests: unknown): Manifest[] {
  const out: Manifest[] = [];
  for (const m of Array.isArray(manifests) ? manifests : []) {
    if (isObject(m) && typeof m.kind === 'string' && m.kind.endsWith('List') && Array.isArray(m.items)) out.push(...unwrapLists(m.items));
    else out.push(m);
  }
  return out;
}

/** Every object in a YAML file or a directory of them (lists read as their items), with the files read. */
export function loadManifests(target: string): { files: string[]; manifests: Manifest[] } {
  const files = yamlFilesOf(target);
  return { files, manifests: unwrapLists(files.flatMap(parseYamlFile)) };
}
