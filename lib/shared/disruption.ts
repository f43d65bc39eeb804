import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkIntOrPercent, checkMadeBy, checkStruct } from './checks';
import { Reporter } from './errors';
import { PatternLabels } from './labels';

/**
 * A PodDisruptionBudget: how many pods voluntary disruptions (node drains, cluster
 * upgrades) may take down at once. Give one of `maxUnavailable` or `minAvailable`.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
 */
export interface DisruptionBudgetOptions {
  /**
   * Pods that may be down at once.
   *
   * @default - PercentOrAbsolute.absolute(1) when `minAvailable` is not given
   */
  readonly maxUnavailable?: kplus.PercentOrAbsolute;

  /**
   * Pods that must stay up.
   *
   * @default - not set; `maxUnavailable` applies
   */
  readonly minAvailable?: kplus.PercentOrAbsolute;
}

/**
 * Builds the budget for the pods `labels.selector` picks. A budget that allows no eviction at
 * all is refused: it would hang every node drain.
 */
export function addDisruptionBudget(
  scope: Construct,
  report: Reporter,
  options: DisruptionBudgetOptions,
  name: string,
  namespace: string | undefined,
  labels: PatternLabels,
  minReplicas: number,
): kplus.k8s.KubePodDisruptionBudget {
  checkStruct(report, 'disruptionBudget', options);
  const pdb = report.child('disruptionBudget');
  for (const prop of ['maxUnavailable', 'minAvailable'] as const) {
    checkMadeBy(pdb, prop, options[prop], 'isZero', 'PercentOrAbsolute.absolute() or percent()');
  }
  for (const prop of ['maxUnavailable', 'minAvailable'] as const) {
    if (options[prop]) checkIntOrPercent(pdb, prop, options[prop]!.value, 'PercentOrAbsolute.absolute() or percent()');
  }
  if (options.maxUnavailable && options.minAvailable) {
    pdb.fail('minAvailable', options.minAvailable.value, "cannot be combined with 'maxUnavailable'; give one of them");
  }
  const maxUnavailable = options.minAvailable ? undefined : options.maxUnavailable ?? kplus.PercentOrAbsolute.absolute(1);
  if (maxUnavailable && maxUnavailable.isZero()) {
    pdb.fail('maxUnavailable', maxUnavailable.value, 'must allow at least one pod to be evicted, or every node drain hangs');
  }
  const min = options.minAvailable;
  if (min && (typeof min.value === 'number' ? min.value >= minReplicas : min.value === '100%')) {
    pdb.fail('minAvailable', min.value,
      `must be lower than the replica count (${minReplicas}), or no pod can ever be evicted and every node drain hangs`);
  }
  const toIntOrString = (v: kplus.PercentOrAbsolute) => typeof v.value === 'number'
    ? kplus.k8s.IntOrString.fromNumber(v.value)
    : kplus.k8s.IntOrString.fromString(v.value);
  return new kplus.k8s.KubePodDisruptionBudget(scope, 'DisruptionBudget', {
    metadata: { name, namespace, labels: { ...labels.all } },
    spec: {
      selector: { matchLabels: { ...labels.selector } },
      maxUnavailable: maxUnavailable ? toIntOrString(maxUnavailable) : undefined,
      minAvailable: min ? toIntOrString(min) : undefined,
    },
  });
}
