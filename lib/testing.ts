import { Chart, Testing } from 'cdk8s';
import { describeObject } from './checks/manifest';

/**
 * Test helpers for app repos that use the patterns.
 *
 * A snapshot of `Testing.synth(chart)` is one long list: when an image changes, the diff
 * shows `image: ...` somewhere in it, without saying which of three Deployments it belongs
 * to. Keyed objects make one snapshot per object, named after it:
 *
 * ```ts
 * const objects = PatternTesting.synthByKey(new ShopChart(Testing.app(), 'shop'));
 * expect(Object.keys(objects)).toMatchSnapshot('objects');  // an added or removed object
 * for (const [key, object] of Object.entries(objects)) {
 *   expect(object).toMatchSnapshot(key);                     // "› Deployment/shop/web 1"
 * }
 * ```
 */
export class PatternTesting {
  /**
   * Synthesizes a chart as `Testing.synth` does (every construct validation runs, and its
   * errors are thrown) and returns its objects keyed by `Kind/namespace/name`, or `Kind/name`
   * for objects without a namespace, the keys `ManifestChecks` reports violations with.
   *
   * Two objects with one key (the same kind and name in two API groups) fail with both
   * named, since one key could not tell them apart.
   *
   * @param chart the chart to synthesize
   */
  public static synthByKey(chart: Chart): { [key: string]: any } {
    const out: { [key: string]: any } = {};
    for (const manifest of Testing.synth(chart)) {
      const key = describeObject(manifest);
      if (key in out) {
        throw new Error(`PatternTesting.synthByKey: two objects of chart '${chart.node.path}' have the key ${key} `
          + `(apiVersion ${out[key].apiVersion} and ${manifest.apiVersion}); synthesize with Testing.synth(chart) instead`);
      }
      out[key] = manifest;
    }
    return out;
  }

  private constructor() {}
}
