/**
 * A test-only stand-in for a Kubernetes 1.28 API server and its controllers: it takes the
 * manifests `kubectl apply` sends and returns the objects `kubectl get -o yaml
 * --show-managed-fields` would print some time later. It is written on its own, from
 * pkg/apis/{core,apps,batch,...}/v1/defaults.go, the registries' PrepareForCreate and the
 * controllers' behaviour, and shares no code with the library's live-state reading
 * (lib/review/live-*.ts), so fixtures made with it test that reading rather than mirror it.
 *
 * What it does, per object: kubectl's last-applied-configuration annotation (client-side
 * apply) and namespace; API defaults; Go's omission of zero values in non-pointer fields;
 * uid, resourceVersion, generation, creationTimestamp, managedFields; allocated cluster IPs
 * and node ports; claims bound to volumes (static or provisioned); status as the controllers
 * leave it. Optionally the objects controllers make: ReplicaSets, a StatefulSet's claims,
 * provisioned volumes.
 *
 * Checked by hand against public `kubectl get -o yaml` output (see live-fixtures.test.ts).
 */
import { createHash } from 'crypto';

export interface SimulateOptions {
  /** The namespace of `kubectl apply -n`, for manifests that name none. @default 'default' */
  readonly namespace?: string;
  /** Add the objects controllers create (ReplicaSets, StatefulSet claims, provisioned volumes). @default true */
  readonly controllerObjects?: boolean;
  /** How the manifests were applied: client-side (last-applied annotation) or server-side (managedFields only). @default 'client-side' */
  readonly apply?: 'client-side' | 'server-side';
}

const CREATED = '2026-03-02T09:14:07Z';
const CLUSTER_SCOPED = new Set(['Namespace', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'IngressClass', 'GatewayClass',
  'CustomResourceDefinition', 'PriorityClass', 'CSIDriver', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);
const WITH_GENERATION = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Ingress', 'NetworkPolicy',
  'PodDisruptionBudget', 'HorizontalPodAutoscaler']);

type Obj = { [key: string]: any };

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function uidOf(key: string): string {
  const h = hash(key);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys sorted at every level, as kubectl's YAML printer writes them. */
export function sortKeys(value: any): any {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObj(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map(k => [k, sortKeys(value[k])]));
}

/** What kubectl writes into kubectl.kubernetes.io/last-applied-configuration: compact JSON, keys sorted, a newline. */
function lastApplied(applied: Obj): string {
  const copy = structuredClone(applied);
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}) };
  return `${JSON.stringify(sortKeys(copy))}\n`;
}

// ---- defaults (pkg/apis/*/v1/defaults.go) ---------------------------------------------------

function setDefault(o: Obj, key: string, value: unknown): void {
  if (isObj(o) && o[key] === undefined) o[key] = value;
}

function probeDefaults(probe: Obj | undefined): void {
  if (!isObj(probe)) return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  if (isObj(probe.httpGet)) setDefault(probe.httpGet, 'scheme', 'HTTP');
}

function containerDefaults(c: Obj): void {
  const image = String(c.image ?? '');
  const last = image.split('/').pop() ?? '';
  const tagged = last.includes(':') && !last.endsWith(':latest');
  setDefault(c, 'imagePullPolicy', image.includes('@') || tagged ? 'IfNotPresent' : 'Always');
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  for (const p of c.ports ?? []) setDefault(p, 'protocol', 'TCP');
  for (const e of c.env ?? []) if (isObj(e.valueFrom?.fieldRef)) setDefault(e.valueFrom.fieldRef, 'apiVersion', 'v1');
  probeDefaults(c.livenessProbe);
  probeDefaults(c.readinessProbe);
  probeDefaults(c.startupProbe);
}

function podSpecDefaults(spec: Obj): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  if (spec.serviceAccountName !== undefined) setDefault(spec, 'serviceAccount', spec.serviceAccountName);
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) containerDefaults(c);
  for (const v of spec.volumes ?? []) {
    for (const source of ['configMap', 'secret', 'projected', 'downwardAPI']) if (isObj(v[source])) setDefault(v[source], 'defaultMode', 420);
    if (isObj(v.hostPath)) setDefault(v.hostPath, 'type', '');
  }
}

/** A pod template as stored: defaulted spec, and the null creationTimestamp Go's metav1.Time prints. */
function templateDefaults(template: Obj): void {
  if (!isObj(template)) return;
  template.metadata = { ...(template.metadata ?? {}), creationTimestamp: null };
  podSpecDefaults(template.spec);
}

// ---- Go's omitempty on fields that are not pointers -----------------------------------------

/** Removes `key` from `o` when it holds its type's zero value (Go encodes those as absent). */
function omitZero(o: Obj | undefined, ...keys: string[]): void {
  if (!isObj(o)) return;
  for (const key of keys) if (o[key] === 0 || o[key] === false || o[key] === '') delete o[key];
}

function podSpecZeros(spec: Obj): void {
  omitZero(spec, 'hostNetwork', 'hostPID', 'hostIPC', 'nodeName', 'hostname', 'subdomain');
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    omitZero(c, 'stdin', 'stdinOnce', 'tty', 'workingDir');
    for (const m of c.volumeMounts ?? []) omitZero(m, 'readOnly', 'subPath');
    for (const p of c.ports ?? []) omitZero(p, 'hostPort');
    for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) omitZero(probe, 'initialDelaySeconds');
  }
  for (const v of spec.volumes ?? []) {
    omitZero(v.persistentVolumeClaim, 'readOnly');
    omitZero(v.nfs, 'readOnly');
  }
}

// ---- managedFields --------------------------------------------------------------------------

/** The fieldsV1 set of a value, keyed the way the API server keys lists (containers by name, ports by port and protocol). */
function fieldsOf(value: any, listKey?: (item: Obj) => Obj | undefined): any {
  if (Array.isArray(value)) {
    if (!listKey || !value.every(isObj)) return {};
    const out: Obj = {};
    for (const item of value) {
      const key = listKey(item);
      if (key === undefined) return {};
      out[`k:${JSON.stringify(key)}`] = { '.': {}, ...fieldsOf(item) };
    }
    return out;
  }
  if (!isObj(value)) return {};
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    const keyed = k === 'ports' ? (i: Obj) => (i.containerPort !== undefined ? { containerPort: i.containerPort, protocol: i.protocol ?? 'TCP' } : { port: i.port, protocol: i.protocol ?? 'TCP' })
      : k === 'volumeMounts' ? (i: Obj) => ({ mountPath: i.mountPath })
        : ['containers', 'initContainers', 'env', 'volumes', 'listeners'].includes(k) ? (i: Obj) => (i.name === undefined ? undefined : { name: i.name })
          : undefined;
    // Label selectors are atomic: owned whole.
    const child = k === 'selector' ? {} : fieldsOf(v, keyed);
    out[`f:${k}`] = isObj(v) && Object.keys(child).length > 0 && !Array.isArray(v) ? { '.': {}, ...child } : child;
  }
  return out;
}

/** The fields an applier owns in `o`: its labels, annotations and content, not the identity or status the server keeps. */
function ownedFields(o: Obj): Obj {
  const { apiVersion: _a, kind: _k, status: _s, metadata, ...content } = o;
  const annotations = Object.fromEntries(Object.entries(metadata?.annotations ?? {}).filter(([k]) => !k.startsWith('deployment.kubernetes.io/') && !k.startsWith('pv.kubernetes.io/')
    && !k.startsWith('volume.')));
  const owned: Obj = { ...(Object.keys(annotations).length > 0 ? { annotations } : {}), ...(metadata?.labels ? { labels: metadata.labels } : {}) };
  const fields = fieldsOf(content);
  return { ...(Object.keys(owned).length > 0 ? { 'f:metadata': fieldsOf(owned) } : {}), ...fields };
}

function managedEntry(manager: string, operation: string, apiVersion: string, fields: Obj, subresource?: string): Obj {
  return { apiVersion, fieldsType: 'FieldsV1', fieldsV1: fields, manager, operation, ...(subresource ? { subresource } : {}), time: CREATED };
}

// ---- the simulated cluster ------------------------------------------------------------------

/** Live objects for `manifests`, applied with `kubectl apply` to a 1.28 cluster that has run a while. */
export function simulateCluster(manifests: any[], options: SimulateOptions = {}): Obj[] {
  const namespace = options.namespace ?? 'default';
  const serverSide = options.apply === 'server-side';
  const objects = manifests.filter(isObj).map(m => structuredClone(m));
  for (const o of objects) {
    o.metadata = o.metadata ?? {};
    if (!CLUSTER_SCOPED.has(o.kind)) setDefault(o.metadata, 'namespace', namespace);
  }
  const keyOf = (o: Obj) => `${groupOf(o.apiVersion)}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const classes = new Map(objects.filter(o => o.kind === 'StorageClass').map(c => [c.metadata.name, c]));
  const staticVolumes = objects.filter(o => o.kind === 'PersistentVolume');
  const taken = new Set<string>();
  const made: Obj[] = [];

  // Volumes first, so that claims find them served, whatever the order of the manifests.
  const order = objects.map((_, i) => i).sort((a, b) => Number(objects[b].kind === 'PersistentVolume') - Number(objects[a].kind === 'PersistentVolume'));
  const live: Obj[] = [];
  for (const index of order) live[index] = serveOne(objects[index], index);
  return [...live, ...made].map(sortKeys);

  function serveOne(applied: Obj, index: number): Obj {
    const o = structuredClone(applied);
    const meta = o.metadata;
    if (!serverSide) meta.annotations = { ...(meta.annotations ?? {}), 'kubectl.kubernetes.io/last-applied-configuration': lastApplied(applied) };
    const uid = uidOf(keyOf(o));
    meta.uid = uid;
    meta.resourceVersion = String(48211 + index * 17);
    meta.creationTimestamp = CREATED;
    if (WITH_GENERATION.has(o.kind) || groupOf(o.apiVersion) === 'gateway.networking.k8s.io') meta.generation = 1;
    meta.managedFields = [];
    serve(o, { uid, classes, staticVolumes, taken, made, controllerObjects: options.controllerObjects !== false });
    // Server-side apply owns what it sent; a client-side apply is an update and owns what it wrote, defaults included.
    meta.managedFields.unshift(serverSide
      ? managedEntry('kubectl', 'Apply', o.apiVersion, ownedFields(applied))
      : managedEntry('kubectl-client-side-apply', 'Update', o.apiVersion, ownedFields(o)));
    if (o.status !== undefined) meta.managedFields.push(managedEntry(statusManager(o), 'Update', o.apiVersion, { 'f:status': fieldsOf(o.status) }, 'status'));
    return o;
  }
}

function statusManager(o: Obj): string {
  if (o.kind === 'Pod') return 'kubelet';
  if (groupOf(o.apiVersion) === 'gateway.networking.k8s.io') return 'envoy-gateway';
  return 'kube-controller-manager';
}

interface World {
  readonly uid: string;
  readonly classes: Map<string, Obj>;
  readonly staticVolumes: Obj[];
  readonly taken: Set<string>;
  readonly made: Obj[];
  readonly controllerObjects: boolean;
}

/** What the API server, admission and the controllers do to one object. */
function serve(o: Obj, world: World): void {
  const spec = o.spec;
  switch (o.kind) {
    case 'Deployment': {
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'progressDeadlineSeconds', 600);
      setDefault(spec, 'strategy', {});
      setDefault(spec.strategy, 'type', 'RollingUpdate');
      if (spec.strategy.type === 'RollingUpdate') {
        setDefault(spec.strategy, 'rollingUpdate', {});
        setDefault(spec.strategy.rollingUpdate, 'maxUnavailable', '25%');
        setDefault(spec.strategy.rollingUpdate, 'maxSurge', '25%');
      }
      templateDefaults(spec.template);
      omitZero(spec, 'minReadySeconds', 'paused');
      podSpecZeros(spec.template.spec);
      o.metadata.annotations = { ...(o.metadata.annotations ?? {}), 'deployment.kubernetes.io/revision': '1' };
      o.metadata.managedFields.push(managedEntry('kube-controller-manager', 'Update', o.apiVersion, { 'f:metadata': { 'f:annotations': { 'f:deployment.kubernetes.io/revision': {} } } }));
      const n = spec.replicas;
      o.status = {
        availableReplicas: n,
        observedGeneration: 1,
        readyReplicas: n,
        replicas: n,
        updatedReplicas: n,
        conditions: [
          { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastTransitionTime: CREATED, lastUpdateTime: CREATED },
          { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${o.metadata.name}-5d8f7c9b6d" has successfully progressed.`, lastTransitionTime: CREATED, lastUpdateTime: CREATED },
        ],
      };
      if (world.controllerObjects) world.made.push(replicaSetOf(o));
      return;
    }
    case 'StatefulSet': {
      setDefault(spec, 'replicas', 1);
      setDefault(spec, 'podManagementPolicy', 'OrderedReady');
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate' });
      if (spec.updateStrategy.type === 'RollingUpdate') setDefault(spec.updateStrategy, 'rollingUpdate', { partition: 0 });
      setDefault(spec, 'persistentVolumeClaimRetentionPolicy', {});
      setDefault(spec.persistentVolumeClaimRetentionPolicy, 'whenDeleted', 'Retain');
      setDefault(spec.persistentVolumeClaimRetentionPolicy, 'whenScaled', 'Retain');
      templateDefaults(spec.template);
      omitZero(spec, 'minReadySeconds');
      podSpecZeros(spec.template.spec);
      for (const t of spec.volumeClaimTemplates ?? []) {
        t.apiVersion = 'v1';
        t.kind = 'PersistentVolumeClaim';
        t.metadata = { ...(t.metadata ?? {}), creationTimestamp: null };
        setDefault(t.spec, 'volumeMode', 'Filesystem');
        t.status = { phase: 'Pending' };
      }
      const n = spec.replicas;
      o.status = {
        availableReplicas: n,
        collisionCount: 0,
        currentReplicas: n,
        currentRevision: `${o.metadata.name}-6c9b8d7f5`,
        observedGeneration: 1,
        readyReplicas: n,
        replicas: n,
        updateRevision: `${o.metadata.name}-6c9b8d7f5`,
        updatedReplicas: n,
      };
      if (world.controllerObjects) {
        for (const t of spec.volumeClaimTemplates ?? []) {
          for (let i = 0; i < n; i++) {
            const claim: Obj = {
              apiVersion: 'v1',
              kind: 'PersistentVolumeClaim',
              metadata: { name: `${t.metadata.name}-${o.metadata.name}-${i}`, namespace: o.metadata.namespace, labels: { ...(t.metadata.labels ?? {}), ...spec.selector.matchLabels } },
              spec: structuredClone(t.spec),
            };
            claim.metadata.uid = uidOf(`claim/${claim.metadata.namespace}/${claim.metadata.name}`);
            claim.metadata.resourceVersion = String(52000 + i);
            claim.metadata.creationTimestamp = CREATED;
            claim.metadata.managedFields = [managedEntry('kube-controller-manager', 'Update', 'v1', fieldsOf({ metadata: { labels: claim.metadata.labels }, spec: claim.spec }))];
            bindClaim(claim, world);
            world.made.push(claim);
          }
        }
      }
      return;
    }
    case 'DaemonSet':
      setDefault(spec, 'revisionHistoryLimit', 10);
      setDefault(spec, 'updateStrategy', { type: 'RollingUpdate' });
      if (spec.updateStrategy.type === 'RollingUpdate') setDefault(spec.updateStrategy, 'rollingUpdate', { maxSurge: 0, maxUnavailable: 1 });
      templateDefaults(spec.template);
      omitZero(spec, 'minReadySeconds');
      podSpecZeros(spec.template.spec);
      o.status = {
        currentNumberScheduled: 3,
        desiredNumberScheduled: 3,
        numberAvailable: 3,
        numberMisscheduled: 0,
        numberReady: 3,
        observedGeneration: 1,
        updatedNumberScheduled: 3,
      };
      return;
    case 'Job': {
      if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
      setDefault(spec, 'parallelism', 1);
      setDefault(spec, 'backoffLimit', 6);
      setDefault(spec, 'completionMode', 'NonIndexed');
      setDefault(spec, 'suspend', false);
      const generated = { 'batch.kubernetes.io/controller-uid': world.uid, 'batch.kubernetes.io/job-name': o.metadata.name, 'controller-uid': world.uid, 'job-name': o.metadata.name };
      if (spec.manualSelector !== true) setDefault(spec, 'selector', { matchLabels: { 'batch.kubernetes.io/controller-uid': world.uid } });
      spec.template.metadata = { ...(spec.template.metadata ?? {}), labels: { ...(spec.template.metadata?.labels ?? {}), ...generated } };
      if (o.metadata.labels === undefined) o.metadata.labels = { ...spec.template.metadata.labels };
      templateDefaults(spec.template);
      podSpecZeros(spec.template.spec);
      o.status = { active: 0, completionTime: CREATED, conditions: [{ type: 'Complete', status: 'True', lastProbeTime: CREATED, lastTransitionTime: CREATED }], startTime: CREATED, succeeded: 1 };
      return;
    }
    case 'CronJob':
      setDefault(spec, 'concurrencyPolicy', 'Allow');
      setDefault(spec, 'suspend', false);
      setDefault(spec, 'successfulJobsHistoryLimit', 3);
      setDefault(spec, 'failedJobsHistoryLimit', 1);
      spec.jobTemplate.metadata = { ...(spec.jobTemplate.metadata ?? {}), creationTimestamp: null };
      templateDefaults(spec.jobTemplate.spec.template);
      podSpecZeros(spec.jobTemplate.spec.template.spec);
      o.status = { lastScheduleTime: CREATED };
      return;
    case 'Pod':
      podSpecDefaults(spec);
      setDefault(spec, 'enableServiceLinks', true);
      setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
      setDefault(spec, 'priority', 0);
      setDefault(spec, 'serviceAccountName', 'default');
      setDefault(spec, 'serviceAccount', spec.serviceAccountName);
      spec.nodeName = 'worker-2';
      // The ServiceAccount admission plugin mounts a token unless the pod or its account says not to.
      if (spec.automountServiceAccountToken !== false) {
        const token = `kube-api-access-${hash(o.metadata.name).slice(0, 5)}`;
        spec.volumes = [...(spec.volumes ?? []), {
          name: token,
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
            ],
          },
        }];
        for (const c of spec.containers ?? []) c.volumeMounts = [...(c.volumeMounts ?? []), { name: token, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }];
      }
      // DefaultTolerationSeconds admission.
      spec.tolerations = [...(spec.tolerations ?? []),
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 }];
      podSpecZeros(spec);
      o.status = {
        phase: 'Running',
        hostIP: '10.0.1.12',
        podIP: '10.244.2.17',
        podIPs: [{ ip: '10.244.2.17' }],
        qosClass: 'Burstable',
        startTime: CREATED,
        conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(type => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: CREATED })),
        containerStatuses: (spec.containers ?? []).map((c: Obj) => ({
          name: c.name,
          image: c.image,
          imageID: `docker.io/library/${c.name}@sha256:${hash(c.image).slice(0, 64)}`,
          containerID: `containerd://${hash(c.name).slice(0, 64)}`,
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: CREATED } },
          lastState: {},
        })),
      };
      return;
    case 'Service':
      serveService(o);
      return;
    case 'PersistentVolumeClaim':
      setDefault(spec, 'volumeMode', 'Filesystem');
      bindClaim(o, world);
      return;
    case 'PersistentVolume':
      setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
      setDefault(spec, 'volumeMode', 'Filesystem');
      omitZero(spec, 'storageClassName');
      omitZero(spec.nfs, 'readOnly');
      if (isObj(spec.hostPath)) setDefault(spec.hostPath, 'type', '');
      o.metadata.finalizers = ['kubernetes.io/pv-protection'];
      // Bound later, when a claim takes it: bindClaim writes claimRef and status.
      if (o.status === undefined) o.status = { phase: 'Available' };
      world.staticVolumes.splice(world.staticVolumes.findIndex(v => v.metadata.name === o.metadata.name), 1, o);
      return;
    case 'StorageClass':
      setDefault(o, 'reclaimPolicy', 'Delete');
      setDefault(o, 'volumeBindingMode', 'Immediate');
      return;
    case 'Secret':
      setDefault(o, 'type', 'Opaque');
      return;
    case 'Namespace':
      o.metadata.labels = { ...(o.metadata.labels ?? {}), 'kubernetes.io/metadata.name': o.metadata.name };
      o.spec = { finalizers: ['kubernetes'] };
      o.status = { phase: 'Active' };
      return;
    case 'NetworkPolicy':
      setDefault(spec, 'policyTypes', (spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress']);
      for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) for (const p of rule.ports ?? []) setDefault(p, 'protocol', 'TCP');
      return;
    case 'PodDisruptionBudget':
      o.status = {
        currentHealthy: 2,
        desiredHealthy: 1,
        disruptionsAllowed: 1,
        expectedPods: 2,
        observedGeneration: 1,
        conditions: [{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', lastTransitionTime: CREATED, observedGeneration: 1 }],
      };
      return;
    case 'Ingress':
      o.status = { loadBalancer: { ingress: [{ ip: '203.0.113.20' }] } };
      return;
    case 'HorizontalPodAutoscaler':
      setDefault(spec, 'minReplicas', 1);
      o.status = { currentReplicas: spec.minReplicas, desiredReplicas: spec.minReplicas, currentMetrics: null };
      return;
    case 'Gateway':
      for (const l of spec.listeners ?? []) {
        setDefault(l, 'allowedRoutes', { namespaces: { from: 'Same' } });
        setDefault(l.allowedRoutes, 'namespaces', { from: 'Same' });
        setDefault(l.allowedRoutes.namespaces, 'from', 'Same');
        if (isObj(l.tls)) {
          setDefault(l.tls, 'mode', 'Terminate');
          for (const r of l.tls.certificateRefs ?? []) { setDefault(r, 'group', ''); setDefault(r, 'kind', 'Secret'); }
        }
      }
      o.status = {
        addresses: [{ type: 'IPAddress', value: '203.0.113.40' }],
        conditions: ['Accepted', 'Programmed'].map(type => ({ type, status: 'True', reason: type, message: '', lastTransitionTime: CREATED, observedGeneration: 1 })),
        listeners: (spec.listeners ?? []).map((l: Obj) => ({ name: l.name, attachedRoutes: 1, supportedKinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }], conditions: [] })),
      };
      return;
    case 'HTTPRoute': case 'GRPCRoute':
      for (const p of spec.parentRefs ?? []) { setDefault(p, 'group', 'gateway.networking.k8s.io'); setDefault(p, 'kind', 'Gateway'); }
      if (o.kind === 'HTTPRoute') setDefault(spec, 'rules', [{}]);
      for (const rule of spec.rules ?? []) {
        if (o.kind === 'HTTPRoute') {
          setDefault(rule, 'matches', [{ path: { type: 'PathPrefix', value: '/' } }]);
          for (const m of rule.matches) {
            if (m.path === undefined && m.headers === undefined && m.queryParams === undefined && m.method === undefined) m.path = {};
            if (isObj(m.path)) { setDefault(m.path, 'type', 'PathPrefix'); setDefault(m.path, 'value', '/'); }
            for (const h of [...(m.headers ?? []), ...(m.queryParams ?? [])]) setDefault(h, 'type', 'Exact');
          }
          for (const f of rule.filters ?? []) if (isObj(f.requestRedirect)) setDefault(f.requestRedirect, 'statusCode', 302);
        } else {
          for (const m of rule.matches ?? []) {
            if (isObj(m.method)) setDefault(m.method, 'type', 'Exact');
            for (const h of m.headers ?? []) setDefault(h, 'type', 'Exact');
          }
        }
        for (const b of rule.backendRefs ?? []) { setDefault(b, 'group', ''); setDefault(b, 'kind', 'Service'); setDefault(b, 'weight', 1); }
      }
      o.status = {
        parents: (spec.parentRefs ?? []).map((p: Obj) => ({
          parentRef: structuredClone(p),
          controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
          conditions: ['Accepted', 'ResolvedRefs'].map(type => ({ type, status: 'True', reason: type, message: '', lastTransitionTime: CREATED, observedGeneration: 1 })),
        })),
      };
      return;
    default:
  }
}

function serveService(o: Obj): void {
  const spec = o.spec;
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  const key = hash(`${o.metadata.namespace}/${o.metadata.name}`);
  if (spec.type !== 'ExternalName') {
    if (spec.clusterIP === undefined || spec.clusterIP === '') spec.clusterIP = `10.96.${parseInt(key.slice(0, 2), 16)}.${parseInt(key.slice(2, 4), 16) % 254 + 1}`;
    setDefault(spec, 'clusterIPs', [spec.clusterIP]);
    setDefault(spec, 'ipFamilies', ['IPv4']);
    setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
    setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  } else {
    omitZero(spec, 'clusterIP');
  }
  const nodePorts = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  (spec.ports ?? []).forEach((p: Obj, i: number) => {
    setDefault(p, 'protocol', 'TCP');
    if (spec.type !== 'ExternalName') setDefault(p, 'targetPort', p.port);
    if (nodePorts) setDefault(p, 'nodePort', 30000 + (parseInt(key.slice(4, 8), 16) + i) % 2768);
  });
  if (nodePorts) setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  omitZero(spec, 'publishNotReadyAddresses');
  o.status = { loadBalancer: spec.type === 'LoadBalancer' ? { ingress: [{ ip: '203.0.113.10', ipMode: 'VIP' }] } : {} };
}

/** The PV controller binds a claim: to a static volume of its class, or to one its class's provisioner makes. */
function bindClaim(claim: Obj, world: World): void {
  const spec = claim.spec;
  const size = spec.resources?.requests?.storage;
  const annotations: Obj = { 'pv.kubernetes.io/bind-completed': 'yes' };
  if (spec.storageClassName === undefined) spec.storageClassName = 'standard'; // the DefaultStorageClass admission plugin
  const cls = world.classes.get(spec.storageClassName);
  let volume: string;
  if (spec.volumeName === undefined && cls) {
    volume = `pvc-${claim.metadata.uid ?? uidOf(`${claim.metadata.namespace}/${claim.metadata.name}`)}`;
    annotations['pv.kubernetes.io/bound-by-controller'] = 'yes';
    annotations['volume.beta.kubernetes.io/storage-provisioner'] = cls.provisioner;
    annotations['volume.kubernetes.io/storage-provisioner'] = cls.provisioner;
    if (world.controllerObjects) world.made.push(provisionedVolume(volume, claim, cls));
  } else {
    const pv = world.staticVolumes.find(v => (spec.volumeName ? v.metadata.name === spec.volumeName
      : (v.spec.storageClassName ?? '') === spec.storageClassName) && !world.taken.has(v.metadata.name));
    if (!pv) {
      claim.status = { phase: 'Pending' };
      claim.metadata.finalizers = ['kubernetes.io/pvc-protection'];
      return;
    }
    volume = pv.metadata.name;
    if (spec.volumeName === undefined) annotations['pv.kubernetes.io/bound-by-controller'] = 'yes';
    world.taken.add(volume);
    pv.spec.claimRef = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claim.metadata.name, namespace: claim.metadata.namespace, resourceVersion: '52117', uid: claim.metadata.uid ?? '' };
    pv.metadata.annotations = { ...(pv.metadata.annotations ?? {}), 'pv.kubernetes.io/bound-by-controller': 'yes' };
    pv.status = { phase: 'Bound' };
  }
  spec.volumeName = volume;
  claim.metadata.annotations = { ...(claim.metadata.annotations ?? {}), ...annotations };
  claim.metadata.finalizers = ['kubernetes.io/pvc-protection'];
  claim.status = { phase: 'Bound', accessModes: spec.accessModes, capacity: { storage: size } };
}

function provisionedVolume(name: string, claim: Obj, cls: Obj): Obj {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      uid: uidOf(`pv/${name}`),
      resourceVersion: '52301',
      creationTimestamp: CREATED,
      finalizers: ['kubernetes.io/pv-protection'],
      annotations: { 'pv.kubernetes.io/provisioned-by': cls.provisioner },
      managedFields: [managedEntry('nfs-subdir-external-provisioner', 'Update', 'v1', { 'f:spec': { 'f:capacity': {}, 'f:nfs': {} } })],
    },
    spec: {
      accessModes: claim.spec.accessModes,
      capacity: { storage: claim.spec.resources?.requests?.storage },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claim.metadata.name, namespace: claim.metadata.namespace, uid: claim.metadata.uid },
      nfs: { server: cls.parameters?.server ?? '172.16.1.30', path: `/data/${claim.metadata.namespace}-${claim.metadata.name}-${name}` },
      persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
      storageClassName: cls.metadata.name,
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Bound' },
  };
}

function replicaSetOf(d: Obj): Obj {
  const template = structuredClone(d.spec.template);
  template.metadata.labels = { ...template.metadata.labels, 'pod-template-hash': '5d8f7c9b6d' };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-5d8f7c9b6d`,
      namespace: d.metadata.namespace,
      uid: uidOf(`rs/${d.metadata.name}`),
      resourceVersion: '52410',
      creationTimestamp: CREATED,
      generation: 1,
      labels: template.metadata.labels,
      annotations: { 'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas), 'deployment.kubernetes.io/max-replicas': String(d.spec.replicas + 1), 'deployment.kubernetes.io/revision': '1' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }],
      managedFields: [managedEntry('kube-controller-manager', 'Update', 'apps/v1', { 'f:spec': { 'f:replicas': {} } })],
    },
    spec: { replicas: d.spec.replicas, selector: { matchLabels: { ...d.spec.selector.matchLabels, 'pod-template-hash': '5d8f7c9b6d' } }, template },
    status: {
      availableReplicas: d.spec.replicas,
      fullyLabeledReplicas: d.spec.replicas,
      observedGeneration: 1,
      readyReplicas: d.spec.replicas,
      replicas: d.spec.replicas,
    },
  };
}

/** `kubectl get … -o yaml` of several kinds: one `List`. */
export function asKubectlList(objects: Obj[]): Obj {
  return { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
}
