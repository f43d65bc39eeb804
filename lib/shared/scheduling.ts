import * as kplus from 'cdk8s-plus-28';
import { checkInteger, checkList, isQualifiedName, isStruct } from './checks';
import { Reporter } from './errors';

/*
 * Tolerations and affinity given as the API's own structs (the L1 types), checked as the API
 * server checks them (pkg/apis/core/validation: ValidateTolerations, validateAffinity), so that
 * a struct that type-checks but the API server refuses fails here instead.
 */

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function checkTolerations(report: Reporter, prop: string, value: kplus.k8s.Toleration[] | undefined): kplus.k8s.Toleration[] {
  const tolerations = checkList(report, prop, value);
  tolerations.forEach((t: any, i) => {
    const at = `${prop}[${i}]`;
    if (!isStruct(t as unknown)) report.fail(at, t, 'must be a Toleration object');
    const key = t.key ?? '';
    if (key !== '' && !isQualifiedName(key)) report.fail(`${at}.key`, t.key, 'must be a qualified name such as "node-role.kubernetes.io/control-plane"');
    if (t.operator !== undefined && t.operator !== 'Equal' && t.operator !== 'Exists') report.fail(`${at}.operator`, t.operator, 'must be Equal or Exists');
    if (key === '' && t.operator !== 'Exists') {
      report.fail(at, t, "tolerates every taint only with operator 'Exists'; give a key, or operator 'Exists' to tolerate everything");
    }
    if (t.operator === 'Exists' && t.value !== undefined && t.value !== '') report.fail(`${at}.value`, t.value, "must be empty with operator 'Exists'");
    if (t.value !== undefined && (typeof t.value !== 'string' || t.value.length > 63 || !LABEL_VALUE.test(t.value))) {
      report.fail(`${at}.value`, t.value, 'must be a label value: at most 63 letters, digits, \'-\', \'_\' and \'.\'');
    }
    if (t.effect !== undefined && !EFFECTS.includes(t.effect)) report.fail(`${at}.effect`, t.effect, `must be one of ${EFFECTS.join(', ')}`);
    if (t.tolerationSeconds !== undefined) {
      checkInteger(report, `${at}.tolerationSeconds`, t.tolerationSeconds, 0);
      if (t.effect !== 'NoExecute') report.fail(`${at}.tolerationSeconds`, t.tolerationSeconds, "is only allowed with effect 'NoExecute'");
    }
  });
  return tolerations;
}

export function checkAffinity(report: Reporter, prop: string, given: kplus.k8s.Affinity): void {
  if (!isStruct(given)) report.fail(prop, given, 'must be an Affinity object');
  const affinity: any = given;
  const node = affinity.nodeAffinity;
  const required = node?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required !== undefined) {
    const at = `${prop}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    const terms = checkList(report, at, required?.nodeSelectorTerms);
    if (terms.length === 0) report.fail(at, terms, 'must list at least one node selector term, or no node matches');
    terms.forEach((term: any, i: number) => checkTerm(report, `${at}[${i}]`, term));
  }
  checkList(report, `${prop}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution`, node?.preferredDuringSchedulingIgnoredDuringExecution)
    .forEach((p: any, i: number) => {
      const at = `${prop}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      checkInteger(report, `${at}.weight`, p?.weight, 1, 100);
      checkTerm(report, `${at}.preference`, p.preference);
    });
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const a = affinity[kind];
    const at = `${prop}.${kind}`;
    checkList(report, `${at}.requiredDuringSchedulingIgnoredDuringExecution`, a?.requiredDuringSchedulingIgnoredDuringExecution)
      .forEach((t: any, i: number) => checkPodTerm(report, `${at}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, t));
    checkList(report, `${at}.preferredDuringSchedulingIgnoredDuringExecution`, a?.preferredDuringSchedulingIgnoredDuringExecution)
      .forEach((w: any, i: number) => {
        checkInteger(report, `${at}.preferredDuringSchedulingIgnoredDuringExecution[${i}].weight`, w?.weight, 1, 100);
        checkPodTerm(report, `${at}.preferredDuringSchedulingIgnoredDuringExecution[${i}].podAffinityTerm`, w?.podAffinityTerm);
      });
  }
}

function checkTerm(report: Reporter, at: string, given: kplus.k8s.NodeSelectorTerm): void {
  if (!isStruct(given)) report.fail(at, given, 'must be a NodeSelectorTerm object');
  const term: any = given;
  checkList(report, `${at}.matchExpressions`, term.matchExpressions).forEach((r: any, i: number) => {
    const rat = `${at}.matchExpressions[${i}]`;
    if (!isStruct(r as unknown) || !isQualifiedName(r.key)) report.fail(`${rat}.key`, r?.key, 'must be a qualified label key');
    const values = checkList(report, `${rat}.values`, r.values);
    const ok = ['In', 'NotIn'].includes(r.operator) ? values.length > 0
      : ['Exists', 'DoesNotExist'].includes(r.operator) ? values.length === 0
        : ['Gt', 'Lt'].includes(r.operator) ? values.length === 1 && /^-?\d+$/.test(String(values[0])) : false;
    if (!ok) report.fail(rat, r, 'needs operator In or NotIn with values, Exists or DoesNotExist without, or Gt or Lt with one integer');
  });
  checkList(report, `${at}.matchFields`, term.matchFields).forEach((r: any, i: number) => {
    if (r?.key !== 'metadata.name') report.fail(`${at}.matchFields[${i}].key`, r?.key, "must be 'metadata.name'");
  });
}

function checkPodTerm(report: Reporter, at: string, given: kplus.k8s.PodAffinityTerm): void {
  if (!isStruct(given)) report.fail(at, given, 'must be a PodAffinityTerm object');
  const term: any = given;
  if (!isQualifiedName(term.topologyKey)) report.fail(`${at}.topologyKey`, term.topologyKey, 'must be a qualified label key such as "kubernetes.io/hostname"');
}
