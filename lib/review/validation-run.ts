// What the validation plugin does when the cdk8s CLI calls it, required on that call: apps
// that only import the library do not load the checks' report formatting nor the YAML parser.
import { guideFor } from './rule-guide';
import { parseYamlFile } from './yaml-files';
import { describeObject, Manifest, nameOf, Violation } from '../checks/manifest';
import { ManifestChecks } from '../checks/manifest-checks';
import type { ClusterProfile } from '../cluster-profile';
import { readConstructIndex } from '../shared/construct-index';

/** Which check families run, and which rules are skipped (the plugin's checked properties). */
export interface ValidationSettings {
  readonly wiring: boolean;
  readonly podSecurity: boolean;
  readonly skipRules: Set<string>;
  /** A cluster profile every object is also checked against. */
  readonly profile?: ClusterProfile;
}

/** `ManifestChecksValidation.validate`: checks the files in `context.manifests` and reports to `context.report`. */
export async function validateManifests(context: any, settings: ValidationSettings): Promise<void> {
  const files: string[] = [...(context?.manifests ?? [])];
  const parsed = files.map(file => ({ file, manifests: parseYamlFile(file) }));
  const fileOf = new Map<string, string>();
  const objects: Manifest[] = [];
  for (const { file, manifests } of parsed) {
    for (const m of manifests) {
      objects.push(m);
      if (!fileOf.has(describeObject(m))) fileOf.set(describeObject(m), file);
    }
  }
  const keep = (v: Violation) => !settings.skipRules.has(v.rule);
  const families = [
    { family: 'wiring' as const, violations: settings.wiring ? ManifestChecks.wiring(objects).filter(keep) : [] },
    { family: 'podSecurity' as const, violations: settings.podSecurity ? ManifestChecks.podSecurity(objects).filter(keep) : [] },
    { family: 'profile' as const, violations: settings.profile ? settings.profile.check(objects).filter(keep) : [] },
  ];
  const paths = constructPaths(parsed, context?.metadata ?? {});
  // The CLI reads each violating resource's construct path from `context.metadata`, keyed by
  // the resource name we give: the object's key, with the path found for it.
  for (const [key, path] of paths) {
    if (context?.metadata && typeof context.metadata === 'object') context.metadata[key] = { path };
  }
  let count = 0;
  for (const { family, violations } of families) {
    count += violations.length;
    for (const rule of [...new Set(violations.map(v => v.rule))].sort()) {
      const byObject = new Map<string, string[]>();
      for (const v of violations.filter(x => x.rule === rule)) {
        byObject.set(v.object, [...(byObject.get(v.object) ?? []), `${v.object} ${v.field}: ${v.message}`]);
      }
      const guide = guideFor(rule, family);
      context.report.addViolation({
        ruleName: rule,
        recommendation: guide.recommendation,
        fix: guide.fix,
        violatingResources: [...byObject.entries()].map(([object, locations]) => ({
          resourceName: object,
          manifestPath: fileOf.get(object) ?? '',
          locations,
        })),
      });
    }
  }
  context.report.submit(count === 0 ? 'success' : 'failure', {
    objects: String(objects.length),
    violations: String(count),
  });
}

/**
 * The construct path of each object, by its `Kind/namespace/name` key.
 *
 * From the index an app using the patterns writes at synth (exact); otherwise from cdk8s's own
 * metadata, which is keyed by `metadata.name` alone and holds the path of the last object
 * synthesized with that name. That path is given only to the object it belongs to: the
 * last of its name in its file, when no other file has an object of that name (the order
 * of files is not the order of charts). Other objects of a shared name get no path rather
 * than a wrong one.
 */
function constructPaths(
  parsed: { file: string; manifests: Manifest[] }[],
  cdk8sMetadata: { [name: string]: { path?: string } },
): Map<string, string> {
  const out = readConstructIndex(parsed.map(p => p.file));
  const byName = new Map<string, { key: string; file: string }[]>();
  for (const { file, manifests } of parsed) {
    for (const m of manifests) {
      byName.set(nameOf(m), [...(byName.get(nameOf(m)) ?? []), { key: describeObject(m), file }]);
    }
  }
  for (const [name, holders] of byName) {
    const path = cdk8sMetadata[name]?.path;
    const last = holders[holders.length - 1];
    if (typeof path !== 'string' || out.has(last.key) || holders.some(h => h.file !== last.file)) continue;
    out.set(last.key, path.replace(/\/Resource$/, ''));
  }
  return out;
}
