import { UpgradeFinding, UpgradeGuardOptions, UpgradeRisk } from './upgrade-risk';

export { UpgradeRisk };
export type { UpgradeFinding, UpgradeGuardOptions };

// The rules and the YAML reader are required on first use: most apps never compare syntheses,
// and `require('cdk8s-patterns')` should not pay for them (test/package-load.test.ts).
/* eslint-disable @typescript-eslint/no-require-imports */
const compareModule = (): typeof import('./upgrade-compare') => require('./upgrade-compare');
const yamlFilesModule = (): typeof import('./yaml-files') => require('./yaml-files');
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Compares two syntheses of the same app (the manifests on the main branch and those of a
 * change), or what runs in the cluster (`kubectl get … -o yaml`) with a synthesis, and reports
 * what would go wrong when the second is applied over the first: changes to fields the API
 * server keeps immutable (Kubernetes 1.28), changes that delete or orphan data, changes that
 * drop traffic routed through the Gateway API, and, for live objects, changes made by hand
 * since the last apply (drift). Objects are matched by API group, kind, namespace and name,
 * so a rename reads as a removal plus an addition, which is exactly what the cluster sees.
 *
 * ```ts
 * const findings = UpgradeGuard.compareSyntheses('main-synth/dist', 'dist');
 * if (UpgradeGuard.blocking(findings).length > 0) throw new Error(UpgradeGuard.format(findings));
 * ```
 *
 * The command line does the same: `cdk8s-patterns check-upgrade <before> <after>`.
 */
export class UpgradeGuard {
  /**
   * The findings of applying `after` over `before`, sorted by object, field and rule.
   *
   * @param before the manifests in the cluster: a previous synthesis, or live objects as `kubectl get -o yaml` prints them (a `List` is read as its items)
   * @param after the manifests about to be applied
   */
  public static compare(before: any[], after: any[], options: UpgradeGuardOptions = {}): UpgradeFinding[] {
    return compareModule().compareDetailed(before, after, options).findings;
  }

  /**
   * Reads two syntheses from disk and compares them. Each path is a YAML file or a directory
   * of them (`cdk8s synth`'s output folder; every `*.yaml` below it, sorted); the first may
   * hold live objects (`kubectl get … -o yaml > live.yaml`).
   *
   * @param beforePath the synthesis in the cluster, e.g. the main branch's `dist/`, or a live export
   * @param afterPath the synthesis about to be applied
   */
  public static compareSyntheses(beforePath: string, afterPath: string, options: UpgradeGuardOptions = {}): UpgradeFinding[] {
    const { loadManifests } = yamlFilesModule();
    return UpgradeGuard.compare(loadManifests(beforePath).manifests, loadManifests(afterPath).manifests, options);
  }

  /**
   * The findings that should stop a deployment: every one but drift, and drift too when
   * `failOnDrift` is set.
   *
   * @param failOnDrift count hand-made changes in the cluster as blocking
   */
  public static blocking(findings: UpgradeFinding[], failOnDrift: boolean = false): UpgradeFinding[] {
    return findings.filter(f => failOnDrift || f.risk !== UpgradeRisk.DRIFT);
  }

  /**
   * A readable report: per finding, the risk, object, field and rule, the value before and
   * after, and why.
   */
  public static format(findings: UpgradeFinding[]): string {
    return findings.map(f => [
      `[${f.risk}] ${f.object} ${f.field || '(whole object)'} (${f.rule})`,
      `    ${f.before} → ${f.after}`,
      `    ${f.message}`,
    ].join('\n')).join('\n\n');
  }

  private constructor() {}
}
