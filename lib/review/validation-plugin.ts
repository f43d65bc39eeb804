import { parseYamlFile } from './yaml-files';
import { describeObject, Manifest, nameOf, Violation } from '../checks/manifest';
import { ManifestChecks } from '../checks/manifest-checks';
import { SECURITY_EXCEPTIONS_ANNOTATION } from '../shared/security';

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
}

const KNOWN_PROPS = ['wiring', 'podSecurity', 'skipRules'];

const GUIDE = {
  wiring: {
    recommendation: 'Every reference between objects must meet its target: selectors select pods, ports meet container ports, '
      + 'backends, classes, claims and ConfigMap keys exist (cdk8s-patterns ManifestChecks.wiring).',
    fix: 'Correct each location as its message says, or build the objects with a cdk8s-patterns construct, which wires them by construction.',
  },
  podSecurity: {
    recommendation: 'Every pod meets the Pod Security Standard "restricted" and the library\'s defaults (cdk8s-patterns ManifestChecks.podSecurity).',
    fix: `Set the field each location names; a deliberate exception goes in the pod's ${SECURITY_EXCEPTIONS_ANNOTATION} annotation, with a reason.`,
  },
};

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
 * ```
 *
 * `cdk8s synth --no-validate` skips it.
 */
export class ManifestChecksValidation {
  private readonly wiring: boolean;
  private readonly podSecurity: boolean;
  private readonly skipRules: Set<string>;

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
  }

  /**
   * Called by `cdk8s synth`: reads the synthesized files, runs the checks and fills the
   * report.
   *
   * @param context the cdk8s CLI's `ValidationContext` (`manifests`, the written files, and `report`)
   */
  public async validate(context: any): Promise<void> {
    const files: string[] = [...(context?.manifests ?? [])];
    const fileOf = new Map<string, string>();
    const objects: Manifest[] = [];
    for (const file of files) {
      for (const m of parseYamlFile(file)) {
        objects.push(m);
        if (!fileOf.has(describeObject(m))) fileOf.set(describeObject(m), file);
      }
    }
    const keep = (v: Violation) => !this.skipRules.has(v.rule);
    const families = [
      { guide: GUIDE.wiring, violations: this.wiring ? ManifestChecks.wiring(objects).filter(keep) : [] },
      { guide: GUIDE.podSecurity, violations: this.podSecurity ? ManifestChecks.podSecurity(objects).filter(keep) : [] },
    ];
    const nameOfObject = new Map(objects.map(m => [describeObject(m), nameOf(m)]));
    let count = 0;
    for (const { guide, violations } of families) {
      count += violations.length;
      for (const rule of [...new Set(violations.map(v => v.rule))].sort()) {
        const byObject = new Map<string, string[]>();
        for (const v of violations.filter(x => x.rule === rule)) {
          byObject.set(v.object, [...(byObject.get(v.object) ?? []), `${v.object} ${v.field}: ${v.message}`]);
        }
        context.report.addViolation({
          ruleName: rule,
          recommendation: guide.recommendation,
          fix: guide.fix,
          violatingResources: [...byObject.entries()].map(([object, locations]) => ({
            // The CLI finds the construct path by metadata.name.
            resourceName: nameOfObject.get(object) ?? object,
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
