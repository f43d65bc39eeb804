import { ClusterProfile } from '../cluster-profile';

// The checks run in ./validation-run, required when the cdk8s CLI calls the plugin: apps that
// only import the library do not load it (test/package-load.test.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const validationModule = (): typeof import('./validation-run') => require('./validation-run');

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
    return validationModule().validateManifests(context, {
      wiring: this.wiring, podSecurity: this.podSecurity, skipRules: this.skipRules, profile: this.profile,
    });
  }
}
