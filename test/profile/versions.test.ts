import * as fs from 'fs';
import * as path from 'path';
import { ClusterProfileProps } from '../../lib';
import { profileReporter, resolveProfile } from '../../lib/profile/facts';
import { apiServedProblem, BUILT_IN_APIS, fieldVersionProblems, VERSIONED_FIELDS, versionPriority } from '../../lib/profile/versions';
import { fixtureProps } from '../support/profiles';

const facts = (props: Partial<ClusterProfileProps> = {}) => resolveProfile(profileReporter('p'), { name: 'old', ...props });

describe('apiServedProblem: an apiVersion and kind the cluster serves', () => {
  const current = resolveProfile(profileReporter('current'), fixtureProps('current'));
  const legacy = resolveProfile(profileReporter('legacy'), fixtureProps('legacy-1.28'));

  test('served: nothing to say', () => {
    expect(apiServedProblem(current, 'gateway.networking.k8s.io/v1', 'HTTPRoute')).toBeUndefined();
    expect(apiServedProblem(current, 'v1', 'Service')).toBeUndefined();
    expect(apiServedProblem(legacy, 'autoscaling/v2', 'HorizontalPodAutoscaler')).toBeUndefined();
  });

  test('from `kubectl api-versions`: a group not served at all, and a version of a group that is', () => {
    expect(apiServedProblem(legacy, 'gateway.networking.k8s.io/v1', 'HTTPRoute')).toEqual(
      "the cluster profile 'legacy' (Kubernetes 1.28) serves no version of gateway.networking.k8s.io: the Gateway API CRDs are not installed");
    expect(apiServedProblem(legacy, 'flowcontrol.apiserver.k8s.io/v1', 'FlowSchema')).toEqual(
      "the cluster profile 'legacy' (Kubernetes 1.28) does not serve flowcontrol.apiserver.k8s.io/v1 (it serves flowcontrol.apiserver.k8s.io/v1beta2, flowcontrol.apiserver.k8s.io/v1beta3)");
  });

  test('from `kubectl api-resources`: a kind whose best version is below the one asked for, or a kind the group lacks', () => {
    // Gateway API v1.0 served HTTPRoute as v1 but GRPCRoute only as v1alpha2: api-versions alone would pass it.
    const gw10 = facts({
      apiVersions: ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1alpha2', 'gateway.networking.k8s.io/v1beta1', 'v1'],
      apiResources: [
        { groupVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
        { groupVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'GRPCRoute' },
        { groupVersion: 'v1', kind: 'Service' },
      ],
    });
    expect(apiServedProblem(gw10, 'gateway.networking.k8s.io/v1', 'GRPCRoute')).toEqual(
      "the cluster profile 'old' serves GRPCRoute as gateway.networking.k8s.io/v1alpha2 only, not gateway.networking.k8s.io/v1");
    expect(apiServedProblem(gw10, 'gateway.networking.k8s.io/v1alpha2', 'GRPCRoute')).toBeUndefined();
    expect(apiServedProblem(gw10, 'gateway.networking.k8s.io/v1', 'TLSRoute')).toEqual("the cluster profile 'old' serves no TLSRoute in gateway.networking.k8s.io");
    expect(apiServedProblem(gw10, 'v1', 'Endpoints')).toEqual("the cluster profile 'old' serves no Endpoints in the core group");
  });

  test('from the Kubernetes version alone, for built-in APIs: not yet served, and removed', () => {
    expect(apiServedProblem(facts({ kubernetesVersion: '1.22' }), 'autoscaling/v2', 'HorizontalPodAutoscaler')).toEqual(
      "the cluster profile 'old' (Kubernetes 1.22) does not serve autoscaling/v2 HorizontalPodAutoscaler: it is served from Kubernetes 1.23");
    expect(apiServedProblem(facts({ kubernetesVersion: '1.23' }), 'autoscaling/v2', 'HorizontalPodAutoscaler')).toBeUndefined();
    expect(apiServedProblem(facts({ kubernetesVersion: '1.25' }), 'policy/v1beta1', 'PodDisruptionBudget')).toEqual(
      "the cluster profile 'old' (Kubernetes 1.25) no longer serves policy/v1beta1 PodDisruptionBudget: it was removed in Kubernetes 1.25; use policy/v1");
    expect(apiServedProblem(facts({ kubernetesVersion: '1.24' }), 'policy/v1beta1', 'PodDisruptionBudget')).toBeUndefined();
  });

  test('nothing known: nothing said', () => {
    expect(apiServedProblem(facts(), 'autoscaling/v2', 'HorizontalPodAutoscaler')).toBeUndefined();
    expect(apiServedProblem(facts({ kubernetesVersion: '1.20' }), 'gateway.networking.k8s.io/v1', 'HTTPRoute')).toBeUndefined();
  });

  test('every row of the built-in table serves from before it is removed', () => {
    for (const api of BUILT_IN_APIS) expect(api.since ?? 0).toBeLessThan(api.removed ?? 100);
  });
});

describe('versionPriority: Kubernetes orders versions GA, beta, alpha, higher numbers first', () => {
  test('the order', () => {
    const ordered = ['v2', 'v1', 'v2beta2', 'v2beta1', 'v1beta1', 'v1alpha2', 'v1alpha1'].map(v => `g.io/${v}`);
    expect([...ordered].sort((a, b) => versionPriority(b) - versionPriority(a))).toEqual(ordered);
    expect(versionPriority('v1')).toBeGreaterThan(versionPriority('v1beta1'));
    expect(versionPriority('g.io/latest')).toEqual(-1);
  });
});

describe('fieldVersionProblems: one row per field, each reported before its version and not from it', () => {
  // Each row, with a manifest that uses the field.
  const uses: { [what: string]: any } = {
    'the access mode ReadWriteOncePod': { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { accessModes: ['ReadWriteOnce', 'ReadWriteOncePod'] } },
    'persistentVolumeClaimRetentionPolicy with Delete': {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } },
    },
    'StatefulSet minReadySeconds': { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { minReadySeconds: 10 } },
    "sidecar containers (init containers with restartPolicy 'Always')": {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { initContainers: [{ name: 'once' }, { name: 'log', restartPolicy: 'Always' }], containers: [] },
    },
    'Service trafficDistribution': { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { trafficDistribution: 'PreferClose' } },
    'Service loadBalancerClass': { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { type: 'LoadBalancer', loadBalancerClass: 'service.k8s.aws/nlb' } },
    'fsGroupChangePolicy': { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { securityContext: { fsGroupChangePolicy: 'OnRootMismatch' }, containers: [] } },
    'the seccompProfile field': {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { template: { spec: { containers: [{ name: 'a', securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }] } } },
    },
  };
  const fields: { [what: string]: string } = {
    'the access mode ReadWriteOncePod': 'spec.accessModes[1]',
    'persistentVolumeClaimRetentionPolicy with Delete': 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted',
    'StatefulSet minReadySeconds': 'spec.minReadySeconds',
    "sidecar containers (init containers with restartPolicy 'Always')": 'spec.initContainers[1].restartPolicy',
    'Service trafficDistribution': 'spec.trafficDistribution',
    'Service loadBalancerClass': 'spec.loadBalancerClass',
    'fsGroupChangePolicy': 'spec.securityContext.fsGroupChangePolicy',
    'the seccompProfile field': 'spec.template.spec.containers[0].securityContext.seccompProfile.type',
  };

  test('the table has a use for every row', () => {
    expect(VERSIONED_FIELDS.map(f => f.what).sort()).toEqual(Object.keys(uses).sort());
  });

  test.each(VERSIONED_FIELDS.map(f => [f.what, f] as const))('%s', (what, row) => {
    const before = fieldVersionProblems(facts({ kubernetesVersion: `1.${row.since - 1}` }), uses[what]);
    expect(before.map(p => p.field)).toEqual([fields[what]]);
    expect(before[0].message).toEqual(`the cluster profile 'old' (Kubernetes 1.${row.since - 1}) does not serve ${row.what}, which needs Kubernetes 1.${row.since} (${row.history}); ${row.consequence}`);
    expect(fieldVersionProblems(facts({ kubernetesVersion: `1.${row.since}` }), uses[what])).toEqual([]);
  });

  test('what an older cluster does anyway is no problem: Retain everywhere, minReadySeconds 0, ordinary init containers', () => {
    const old = facts({ kubernetesVersion: '1.20' });
    expect(fieldVersionProblems(old, { kind: 'StatefulSet', spec: { minReadySeconds: 0, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' } } })).toEqual([]);
    expect(fieldVersionProblems(old, { kind: 'Pod', spec: { initContainers: [{ name: 'once', restartPolicy: 'OnFailure' }] } })).toEqual([]);
  });

  test('claim templates are claims too; an unknown version checks nothing', () => {
    const sts = { kind: 'StatefulSet', spec: { volumeClaimTemplates: [{ spec: { accessModes: ['ReadWriteOncePod'] } }] } };
    expect(fieldVersionProblems(facts({ kubernetesVersion: '1.26' }), sts).map(p => p.field)).toEqual(['spec.volumeClaimTemplates[0].spec.accessModes[0]']);
    expect(fieldVersionProblems(facts(), sts)).toEqual([]);
  });
});

describe('docs/cluster-profile.md shows the tables the rules use', () => {
  const docs = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'cluster-profile.md'), 'utf-8');

  test('every versioned field, with the version it is served from', () => {
    for (const f of VERSIONED_FIELDS) expect(docs).toContain(`| ${f.what} | 1.${f.since} |`);
  });

  test('every built-in API version', () => {
    for (const api of BUILT_IN_APIS) expect(docs).toContain(api.groupVersion);
  });
});
