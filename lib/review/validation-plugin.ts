import { guideFor } from './rule-guide';
import { parseYamlFile } from './yaml-files';
import { describeObject, Manifest, nameOf, Violation } from '../checks/manifest';
import { ManifestChecks } from '../checks/manifest-checks';
import { ClusterProfile } from '../cluster-profile';
import { readConstructIndex } from '../shared/construct-index';

/**
 * Properties of the validation plugin, given under `properties:` in `cdk8s.yaml`.
 */
export interface ManifestChecksValidationProps {
  /**
   * Check the references between objects (`ManifestChecks.wiring`).
   *
   * @default true
   */
  readonly wiring?: boolean;

  /**
   * Check every pod against the Pod Security Standard "restricted" and the library's
   * defaults (`ManifestChecks.podSecurity`).
   *
   * @default true
   */
  readonly podSecurity?: boolean;

  /**
   * Rule ids never reported anywhere in the app (`image-tag`). Prefer the per-pod
   * `cdk8s-patterns.io/pod-security-exceptions` annotation, which says where and why.
   *
   * @default - none
   */
  readonly skipRules?: string[];

  /**
   * A cluster profile file (as `cdk8s-patterns profile` writes it), relative to where `cdk8s
   * synth` runs: every object is also checked against that cluster (`ClusterProfile.check`).
   *
   * @default - no profile: the cluster is not checked
   */
  readonly profile?: string;
}

const KNOWN_PROPS = ['wiring', 'podSecurity', 'skipRules', 'profile'];

/**
 * A cdk8s validation plugin that runs the library's wiring and pod-security checks on
 * everything `cdk8s synth` writes, hand-written objects included, and fails the synth with a
 * report naming each object, field and rule. All charts are checked together, so a claim
 * in one chart may name a StorageClass made in another.
 *
 * Load it in the app's `cdk8s.yaml`:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-patterns   # the copy the app already uses, offline
 *     version: 1.0.0                           # any pinned version; only a label for a local package
 *     class: ManifestChecksValidation
 *     properties:                              # optional
 *       podSecurity: true
 *       profile: profiles/prod.yaml            # also check against the target cluster
 * ```
 *
 * `cdk8s synth --no-validate` skips it.
 */
export class ManifestChecksValidation {
  private readonly wiring: boolean;
  private readonly podSecurity: boolean;
  private readonly skipRules: Set<string>;
  private readonly profile?: ClusterProfile;

  constructor(props: ManifestChecksValidationProps = {}) {
    // Properties come from YAML, where a misspelt key would silently switch nothing off.
    const unknown = Object.keys(props ?? {}).filter(k => !KNOWN_PROPS.includes(k));
    if (unknown.length > 0) {
      throw new Error(`ManifestChecksValidation: unknown properties ${unknown.map(k => `'${k}'`).join(', ')} in cdk8s.yaml; known: ${KNOWN_PROPS.join(', ')}`);
    }
    for (const key of ['wiring', 'podSecurity'] as const) {
      if (props[key] !== undefined && typeof props[key] !== 'boolean') {
        throw new Error(`ManifestChecksValidation: property '${key}' must be true or false, got ${JSON.stringify(props[key])}`);
      }
    }
    if (props.skipRules !== undefined && !(Array.isArray(props.skipRules) && props.skipRules.every(r => typeof r === 'string'))) {
      throw new Error(`ManifestChecksValidation: property 'skipRules' must be a list of rule ids, got ${JSON.stringify(props.skipRules)}`);
    }
    this.wiring = props.wiring ?? true;
    this.podSecurity = props.podSecurity ?? true;
    this.skipRules = new Set(props.skipRules ?? []);
    if (props.profile !== undefined && (typeof props.profile !== 'string' || props.profile === '')) {
      throw new Error(`ManifestChecksValidation: property 'profile' must be the path of a cluster profile file, got ${JSON.stringify(props.profile)}`);
    }
    // Read now: a missing or broken profile fails the synth before anything is checked.
    this.profile = props.profile === undefined ? undefined : ClusterProfile.fromFile(props.profile);
  }

  /**
   * Called by `cdk8s synth`: reads the synthesized files, runs the checks and fills the
   * report.
   *
   * @param context the cdk8s CLI's `ValidationContext` (`manifests`, the written files, and `report`)
   */
  public async validate(context: any): Promise<void> {
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
    const keep = (v: Violation) => !this.skipRules.has(v.rule);
    const families = [
      { family: 'wiring' as const, violations: this.wiring ? ManifestChecks.wiring(objects).filter(keep) : [] },
      { family: 'podSecurity' as const, violations: this.podSecurity ? ManifestChecks.podSecurity(objects).filter(keep) : [] },
      { family: 'profile' as const, violations: this.profile ? this.profile.check(objects).filter(keep) : [] },
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
