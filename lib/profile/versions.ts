import { ProfileFacts } from './facts';
import { asArray, field, isObject, kindOf, Manifest, podTemplatesOf } from '../checks/manifest';

/*
 * What each Kubernetes version serves, for the fields and kinds this library writes (and a few
 * that hand-written objects often carry). "Served from" is the first minor version in which a
 * field works without touching feature gates: GA, or beta and on by default. Before it, the API
 * server drops the field (a disabled feature gate) or does not know it; either way the cluster
 * does not do what the YAML says. With `--emulated-version` the emulated version counts.
 *
 * Sources: https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/
 * (and feature-gates-removed/ for gates already retired), and for API versions
 * https://kubernetes.io/docs/reference/using-api/deprecation-guide/.
 */

/** A field that needs a minimum Kubernetes version. */
export interface VersionedField {
  /** What it is, for messages and docs. */
  readonly what: string;
  /** First minor version that serves it. */
  readonly since: number;
  /** Its history: feature gate and stages. */
  readonly history: string;
  /** What an older cluster does with it. */
  readonly consequence: string;
  /** Where a manifest uses it: field paths and values. */
  readonly find: (m: Manifest) => { field: string; value: unknown }[];
}

/** A built-in group/version of some kinds, with the versions that serve it. */
export interface VersionedApi {
  readonly groupVersion: string;
  readonly kinds: string[];
  /** First minor version that serves it. */
  readonly since?: number;
  /** First minor version that no longer serves it. */
  readonly removed?: number;
  /** What to use instead, once removed. */
  readonly replacement?: string;
}

const claimTemplates = (m: Manifest): { spec: any; path: string }[] => {
  if (kindOf(m) === 'PersistentVolumeClaim') return [{ spec: m.spec, path: 'spec' }];
  if (kindOf(m) === 'StatefulSet') {
    return asArray(m.spec?.volumeClaimTemplates).map((t, i) => ({ spec: t?.spec, path: `spec.volumeClaimTemplates[${i}].spec` }));
  }
  return [];
};

const podSecurityContexts = (m: Manifest): { context: any; path: string }[] => podTemplatesOf(m).flatMap(t => {
  const out = [{ context: t.spec.securityContext, path: field(t, 'spec.securityContext') }];
  for (const list of ['initContainers', 'containers']) {
    asArray(t.spec[list]).forEach((c, i) => out.push({ context: c?.securityContext, path: field(t, `spec.${list}[${i}].securityContext`) }));
  }
  return out.filter(s => isObject(s.context));
});

/** The fields, one row each: the table docs/cluster-profile.md shows. */
export const VERSIONED_FIELDS: readonly VersionedField[] = [
  {
    what: 'the access mode ReadWriteOncePod',
    since: 27,
    history: 'feature gate ReadWriteOncePod: alpha 1.22, beta and on by default 1.27, GA 1.29',
    consequence: 'the API server refuses the claim (unsupported access mode)',
    find: m => claimTemplates(m).flatMap(({ spec, path }) => asArray(spec?.accessModes)
      .map((mode, i) => ({ field: `${path}.accessModes[${i}]`, value: mode }))
      .filter(u => u.value === 'ReadWriteOncePod')),
  },
  {
    what: 'persistentVolumeClaimRetentionPolicy with Delete',
    since: 27,
    history: 'feature gate StatefulSetAutoDeletePVC: alpha 1.23, beta and on by default 1.27, GA 1.32',
    consequence: 'the API server drops the policy and the claims are kept',
    find: m => {
      if (kindOf(m) !== 'StatefulSet' || !isObject(m.spec?.persistentVolumeClaimRetentionPolicy)) return [];
      const policy = m.spec.persistentVolumeClaimRetentionPolicy;
      // Retain everywhere is what an older cluster does anyway.
      return ['whenDeleted', 'whenScaled']
        .filter(k => policy[k] === 'Delete')
        .map(k => ({ field: `spec.persistentVolumeClaimRetentionPolicy.${k}`, value: policy[k] }));
    },
  },
  {
    what: 'StatefulSet minReadySeconds',
    since: 23,
    history: 'feature gate StatefulSetMinReadySeconds: alpha 1.22, beta and on by default 1.23, GA 1.25',
    consequence: 'the API server drops it and pods count as available as soon as they are ready',
    find: m => (kindOf(m) === 'StatefulSet' && typeof m.spec?.minReadySeconds === 'number' && m.spec.minReadySeconds > 0
      ? [{ field: 'spec.minReadySeconds', value: m.spec.minReadySeconds }] : []),
  },
  {
    what: "sidecar containers (init containers with restartPolicy 'Always')",
    since: 29,
    history: 'feature gate SidecarContainers: alpha 1.28, beta and on by default 1.29, GA 1.33',
    consequence: 'the API server refuses the pod template or drops the field, and the sidecar then blocks the pod as an init container that never ends',
    find: m => podTemplatesOf(m).flatMap(t => asArray(t.spec.initContainers)
      .map((c, i) => ({ field: field(t, `spec.initContainers[${i}].restartPolicy`), value: c?.restartPolicy }))
      .filter(u => u.value === 'Always')),
  },
  {
    what: 'Service trafficDistribution',
    since: 31,
    history: 'feature gate ServiceTrafficDistribution: alpha 1.30, beta and on by default 1.31, GA 1.33',
    consequence: 'the API server drops it and traffic is spread over all endpoints',
    find: m => (kindOf(m) === 'Service' && m.spec?.trafficDistribution !== undefined
      ? [{ field: 'spec.trafficDistribution', value: m.spec.trafficDistribution }] : []),
  },
  {
    what: 'Service loadBalancerClass',
    since: 22,
    history: 'feature gate ServiceLoadBalancerClass: alpha 1.21, beta and on by default 1.22, GA 1.24',
    consequence: "the API server drops it and the cloud provider's default load balancer takes the Service",
    find: m => (kindOf(m) === 'Service' && m.spec?.loadBalancerClass !== undefined
      ? [{ field: 'spec.loadBalancerClass', value: m.spec.loadBalancerClass }] : []),
  },
  {
    what: 'fsGroupChangePolicy',
    since: 20,
    history: 'feature gate ConfigurableFSGroupPolicy: alpha 1.18, beta and on by default 1.20, GA 1.23',
    consequence: 'the API server drops it and every file of every volume is re-owned at each start',
    find: m => podTemplatesOf(m)
      .filter(t => isObject(t.spec.securityContext) && t.spec.securityContext.fsGroupChangePolicy !== undefined)
      .map(t => ({ field: field(t, 'spec.securityContext.fsGroupChangePolicy'), value: t.spec.securityContext.fsGroupChangePolicy })),
  },
  {
    what: 'the seccompProfile field',
    since: 19,
    history: 'GA in 1.19; before, seccomp profiles were set by annotations',
    consequence: 'the API server does not know it and the containers run without a seccomp profile',
    find: m => podSecurityContexts(m)
      .filter(s => s.context.seccompProfile !== undefined)
      .map(s => ({ field: `${s.path}.seccompProfile.type`, value: s.context.seccompProfile?.type })),
  },
];

/** Built-in APIs with a version history that matters to a supported cluster (deprecation guide). */
export const BUILT_IN_APIS: readonly VersionedApi[] = [
  { groupVersion: 'autoscaling/v2', kinds: ['HorizontalPodAutoscaler'], since: 23 },
  { groupVersion: 'autoscaling/v2beta1', kinds: ['HorizontalPodAutoscaler'], removed: 25, replacement: 'autoscaling/v2' },
  { groupVersion: 'autoscaling/v2beta2', kinds: ['HorizontalPodAutoscaler'], removed: 26, replacement: 'autoscaling/v2' },
  { groupVersion: 'policy/v1', kinds: ['PodDisruptionBudget'], since: 21 },
  { groupVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget', 'PodSecurityPolicy'], removed: 25, replacement: 'policy/v1' },
  { groupVersion: 'batch/v1', kinds: ['CronJob'], since: 21 },
  { groupVersion: 'batch/v1beta1', kinds: ['CronJob'], removed: 25, replacement: 'batch/v1' },
  { groupVersion: 'networking.k8s.io/v1', kinds: ['Ingress', 'IngressClass'], since: 19 },
  { groupVersion: 'networking.k8s.io/v1beta1', kinds: ['Ingress', 'IngressClass'], removed: 22, replacement: 'networking.k8s.io/v1' },
  { groupVersion: 'extensions/v1beta1', kinds: ['Ingress'], removed: 22, replacement: 'networking.k8s.io/v1' },
  { groupVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet', 'NetworkPolicy'], removed: 16, replacement: 'apps/v1' },
  { groupVersion: 'discovery.k8s.io/v1', kinds: ['EndpointSlice'], since: 21 },
  { groupVersion: 'discovery.k8s.io/v1beta1', kinds: ['EndpointSlice'], removed: 25, replacement: 'discovery.k8s.io/v1' },
];

const groupOf = (groupVersion: string) => (groupVersion.includes('/') ? groupVersion.split('/')[0] : '');

/** Kubernetes' order of versions in a group: GA above beta above alpha, higher numbers first. */
export function versionPriority(groupVersion: string): number {
  const version = groupVersion.slice(groupVersion.lastIndexOf('/') + 1);
  const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
  if (!match) return -1;
  const stability = match[2] === undefined ? 3 : match[2] === 'beta' ? 2 : 1;
  return stability * 1e6 + Number(match[1]) * 1e3 + Number(match[3] ?? 0);
}

/** `1.22` for messages, with the profile's name. */
function cluster(facts: ProfileFacts): string {
  return facts.version ? `the cluster profile '${facts.name}' (Kubernetes ${facts.version})` : `the cluster profile '${facts.name}'`;
}

/**
 * Why the cluster does not serve an object's apiVersion and kind, or undefined when it does or
 * the profile cannot tell. Checked against what the profile knows best: the kinds of
 * `kubectl api-resources`, then the group/versions of `kubectl api-versions`, then the
 * Kubernetes version for built-in APIs.
 */
export function apiServedProblem(facts: ProfileFacts, apiVersion: string, kind: string): string | undefined {
  const group = groupOf(apiVersion);
  if (facts.apiResources) {
    // api-resources lists each kind once, at its group's preferred version.
    const preferred = [...facts.apiResources].filter(([gv, kinds]) => groupOf(gv) === group && kinds.has(kind)).map(([gv]) => gv);
    if (preferred.length === 0 && [...facts.apiResources.keys()].some(gv => groupOf(gv) === group)) {
      return `${cluster(facts)} serves no ${kind} in ${group || 'the core group'}`;
    }
    // A version above the preferred one is not served: the preferred is the best served.
    if (preferred.length > 0 && preferred.every(gv => versionPriority(gv) < versionPriority(apiVersion))) {
      return `${cluster(facts)} serves ${kind} as ${preferred.join(', ')} only, not ${apiVersion}`;
    }
  }
  if (facts.apiVersions) {
    if (facts.apiVersions.has(apiVersion)) return undefined;
    const others = [...facts.apiVersions].filter(v => groupOf(v) === group).sort();
    return others.length > 0
      ? `${cluster(facts)} does not serve ${apiVersion} (it serves ${others.join(', ')})`
      : `${cluster(facts)} serves no version of ${group}${group === 'gateway.networking.k8s.io' ? ': the Gateway API CRDs are not installed' : ''}`;
  }
  if (facts.minor === undefined) return undefined;
  const api = BUILT_IN_APIS.find(a => a.groupVersion === apiVersion && a.kinds.includes(kind));
  if (api?.since !== undefined && facts.minor < api.since) {
    return `${cluster(facts)} does not serve ${apiVersion} ${kind}: it is served from Kubernetes 1.${api.since}`;
  }
  if (api?.removed !== undefined && facts.minor >= api.removed) {
    return `${cluster(facts)} no longer serves ${apiVersion} ${kind}: it was removed in Kubernetes 1.${api.removed}; use ${api.replacement}`;
  }
  return undefined;
}

/** Every field of a manifest the profile's Kubernetes version does not serve, with why. */
export function fieldVersionProblems(facts: ProfileFacts, m: Manifest): { field: string; value: unknown; message: string }[] {
  if (facts.minor === undefined || !isObject(m)) return [];
  const minor = facts.minor;
  return VERSIONED_FIELDS.filter(f => minor < f.since).flatMap(f => f.find(m).map(use => ({
    field: use.field,
    value: use.value,
    message: `${cluster(facts)} does not serve ${f.what}, which needs Kubernetes 1.${f.since} (${f.history}); ${f.consequence}`,
  })));
}
