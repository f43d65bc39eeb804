import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * The file, beside the synthesized YAML, that maps each object (`Kind/namespace/name`) to its
 * construct path, for the validation plugin's report.
 *
 * cdk8s's own `construct-metadata.json` is keyed by `metadata.name` alone, so an
 * ExposedWebApp's Deployment, Service and Ingress (all named `web`) share one entry: the
 * last one's. A violation on the Deployment was reported at the Service's path.
 */
export const CONSTRUCT_INDEX_FILE = 'cdk8s-patterns.constructs.json';

/** `Kind/namespace/name`, or `Kind/name` without a namespace: the key ManifestChecks reports objects by. */
export function objectKeyOf(kind: string, namespace: string | undefined, name: string): string {
  return namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}

/**
 * Writes the index into the app's output directory when `cdk8s synth` records construct
 * metadata (it sets `CDK8S_RECORD_CONSTRUCT_METADATA=true` when validation plugins are
 * configured): the plugin reads it after the synth.
 *
 * @param clusterScoped kinds without a namespace: indexed under `Kind/name` too, since the
 *   patterns drop the chart's namespace from them and hand-written ones may keep it
 */
export function recordConstructIndex(root: IConstruct, objects: ApiObject[], clusterScoped: ReadonlySet<string>): void {
  if (process.env.CDK8S_RECORD_CONSTRUCT_METADATA !== 'true' || !(root instanceof App)) return;
  const resources: { [key: string]: { path: string } } = {};
  for (const obj of objects) {
    if (!obj.name) continue;
    // The cdk8s-plus object users know, not its inner `Resource`.
    const entry = { path: obj.node.path.replace(/\/Resource$/, '') };
    resources[objectKeyOf(obj.kind, obj.metadata.namespace, obj.name)] = entry;
    if (clusterScoped.has(obj.kind)) resources[objectKeyOf(obj.kind, undefined, obj.name)] = { ...entry };
  }
  fs.mkdirSync(root.outdir, { recursive: true });
  fs.writeFileSync(path.join(root.outdir, CONSTRUCT_INDEX_FILE), JSON.stringify({ version: '1', resources }));
}

/**
 * The index written beside `manifests` (in their folder or the one above, for the
 * folder-per-chart layout), or an empty map when the app wrote none.
 */
export function readConstructIndex(manifests: string[]): Map<string, string> {
  const dirs = [...new Set(manifests.flatMap(m => [path.dirname(m), path.dirname(path.dirname(m))]))];
  for (const dir of dirs) {
    const file = path.join(dir, CONSTRUCT_INDEX_FILE);
    if (!fs.existsSync(file)) continue;
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf-8'));
      return new Map(Object.entries<{ path?: unknown }>(parsed?.resources ?? {})
        .filter(([, v]) => typeof v?.path === 'string')
        .map(([k, v]) => [k, v.path as string]));
    } catch {
      return new Map(); // unreadable: the report falls back to cdk8s's metadata
    }
  }
  return new Map();
}
