import { claim, deployment, edit, service, statefulSet } from './manifests';
import { UpgradeGuard } from '../../lib';
import { driftOf, isLive, lastAppliedOf, madeByController, managedDriftOf, normalizeLive } from '../../lib/review/live-state';
import { simulateCluster } from '../support/api-server';

/** `m` as the simulated cluster returns it, without the last-applied annotation (as after `kubectl create` or server-side apply). */
function liveWithoutRecord(m: any): any {
  const [live] = simulateCluster([m], { controllerObjects: false, apply: 'server-side' });
  return live;
}

describe('recognising live objects', () => {
  test('only the API server writes a uid, resourceVersion, creationTimestamp or managedFields', () => {
    expect(isLive(deployment())).toBe(false);
    expect(isLive(edit(deployment(), d => { d.metadata.creationTimestamp = null; }))).toBe(false);
    expect(isLive(edit(deployment(), d => { d.metadata.uid = 'x'; }))).toBe(true);
    expect(isLive(simulateCluster([deployment()])[0])).toBe(true);
  });

  test('the last-applied annotation is read when it is JSON, else ignored', () => {
    expect(lastAppliedOf(simulateCluster([deployment()])[0])?.spec.replicas).toEqual(2);
    expect(lastAppliedOf(edit(deployment(), d => { d.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{broken' }; }))).toBeUndefined();
  });

  test('objects controllers made are set aside, unless kubectl apply recorded them', () => {
    const live = simulateCluster([statefulSet(), deployment()]);
    const sets = [statefulSet()];
    const why = live.map(o => `${o.kind}/${o.metadata.name}: ${madeByController(o, sets) ?? 'the app\'s'}`);
    expect(why).toEqual([
      'StatefulSet/db: the app\'s',
      'Deployment/web: the app\'s',
      'PersistentVolumeClaim/data-db-0: a StatefulSet\'s claim',
      'PersistentVolumeClaim/data-db-1: a StatefulSet\'s claim',
      'PersistentVolumeClaim/data-db-2: a StatefulSet\'s claim',
      'ReplicaSet/web-5d8f7c9b6d: owned by a controller',
    ]);
    expect(madeByController({ kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', uid: 'u' } }, [])).toEqual('made for every namespace');
    expect(madeByController({ kind: 'Endpoints', metadata: { name: 'web', uid: 'u' } }, [])).toEqual('a Endpoints the control plane keeps');
    expect(madeByController({ kind: 'ConfigMap', metadata: { name: 'x', managedFields: [{ manager: 'kube-controller-manager' }] } }, [])).toEqual('written only by kube-controller-manager');
  });
});

describe('reading a live object as its manifest', () => {
  test('with the last-applied record: exactly the applied manifest', () => {
    for (const m of [deployment(), statefulSet(), service({ type: 'NodePort' }), claim()]) {
      const [live] = simulateCluster([m], { controllerObjects: false });
      expect(normalizeLive(live, lastAppliedOf(live), m, 'default')).toEqual({ ...m, metadata: { ...m.metadata } });
    }
  });

  test('without it, against the next manifest: the same', () => {
    for (const m of [deployment(), statefulSet(), service({ type: 'LoadBalancer' })]) {
      expect(normalizeLive(liveWithoutRecord(m), undefined, m, 'default')).toEqual(m);
    }
  });

  test('a default the next manifest changes stays as the live value, so the change shows', () => {
    const parallel = edit(statefulSet(), s => { s.spec.podManagementPolicy = 'Parallel'; });
    expect(UpgradeGuard.compare([liveWithoutRecord(parallel)], [statefulSet()]).map(f => `${f.rule} ${f.before} ${f.after}`))
      .toEqual(['statefulset-pod-management-policy "Parallel" "OrderedReady"']);
    expect(UpgradeGuard.compare([liveWithoutRecord(statefulSet())], [parallel]).map(f => `${f.rule} ${f.before} ${f.after}`))
      .toEqual(['statefulset-pod-management-policy "OrderedReady" "Parallel"']);
  });

  test('values that look like defaults but are not hidden: an empty class, a headless Service, a non-default grace period', () => {
    const noClass = claim('shared', { storageClassName: '' });
    expect(UpgradeGuard.compare([liveWithoutRecord(noClass)], [claim('shared', { storageClassName: undefined })]).map(f => f.rule)).toEqual(['claim-spec']);
    const headless = service({ clusterIP: 'None' });
    expect(UpgradeGuard.compare([liveWithoutRecord(headless)], [service({ clusterIP: '10.96.0.10' })]).map(f => `${f.rule} ${f.before}`)).toEqual(['service-cluster-ip "None"']);
    const grace = edit(deployment(), d => { d.spec.template.spec.terminationGracePeriodSeconds = 60; });
    expect(normalizeLive(liveWithoutRecord(grace), undefined, deployment(), 'default').spec.template.spec.terminationGracePeriodSeconds).toEqual(60);
  });

  test('an allocated cluster IP the next manifest writes out as it is stays; one it does not ask for goes', () => {
    const live = liveWithoutRecord(service({}));
    const ip = live.spec.clusterIP;
    expect(normalizeLive(live, undefined, service({ clusterIP: ip }), 'default').spec.clusterIP).toEqual(ip);
    expect(normalizeLive(live, undefined, service({}), 'default').spec).not.toHaveProperty('clusterIP');
    expect(UpgradeGuard.compare([live], [service({ clusterIP: ip })])).toEqual([]);
  });

  test('a bare Pod: the token volume and the tolerations admission adds go', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27.3' }] } };
    const [live] = simulateCluster([pod]);
    expect(live.spec.volumes[0].name).toMatch(/^kube-api-access-/);
    expect(normalizeLive(live, lastAppliedOf(live), pod, 'default')).toEqual(pod);
  });

  test('the namespace the manifests leave out goes, another one stays', () => {
    const [live] = simulateCluster([deployment()], { namespace: 'shop', controllerObjects: false });
    expect(normalizeLive(live, lastAppliedOf(live), deployment(), 'shop').metadata).not.toHaveProperty('namespace');
    expect(normalizeLive(live, lastAppliedOf(live), deployment(), 'default').metadata.namespace).toEqual('shop');
  });
});

describe('drift', () => {
  test('differences from what was applied, lists of named items matched by name', () => {
    const applied = edit(deployment(), d => { d.spec.template.spec.containers[0].env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]; });
    const live = edit(applied, d => { d.spec.template.spec.containers[0].env = [{ name: 'B', value: '3' }]; });
    expect(driftOf(live, applied, false).map(d => [d.path.join('.'), d.applied, d.live])).toEqual([
      ['spec.template.spec.containers.0.env', { name: 'A', value: '1' }, undefined],
      ['spec.template.spec.containers.0.env.0.value', '2', '3'],
    ]);
  });

  test('replicas of a scaled object, the namespace and apiVersion are not drift', () => {
    const live = edit(deployment(), d => { d.spec.replicas = 9; d.apiVersion = 'apps/v1beta2'; d.metadata.namespace = 'x'; });
    expect(driftOf(live, deployment(), true)).toEqual([]);
    expect(driftOf(live, deployment(), false).map(d => d.path.join('.'))).toEqual(['spec.replicas']);
  });

  test('managedFields: only a plain update by a non-system manager on a server-side-applied object', () => {
    const live = liveWithoutRecord(deployment());
    live.spec.replicas = 4;
    live.metadata.managedFields.push({ manager: 'kubectl', operation: 'Update', subresource: 'scale', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
    live.metadata.managedFields.push({ manager: 'kube-controller-manager', operation: 'Update', fieldsV1: { 'f:metadata': { 'f:annotations': { 'f:x': {} } } } });
    expect(managedDriftOf(live, false).map(d => `${d.path.join('.')} ${d.live} ${d.manager}`)).toEqual(['spec.replicas 4 kubectl']);
    expect(managedDriftOf(live, true)).toEqual([]);
    const clientSide = simulateCluster([deployment()], { controllerObjects: false })[0];
    expect(managedDriftOf(clientSide, false)).toEqual([]);
  });
});
