import { asArray, isObject, kindOf, Manifest } from '../checks/manifest';

// What the Kubernetes 1.28 API server writes into an object that its manifest did not say:
// the defaults of pkg/apis/*/v1/defaults.go (and of the Gateway API CRDs' schemas), values
// the registry or admission assigns (cluster IPs, node ports, a claim's volume), and
// metadata it keeps. The upgrade guard reads a live object (`kubectl get -o yaml`) through
// this table so that it compares like with like; see live-state.ts for how it is applied.

/** A value the API server or a controller picks (a cluster IP, a node port): any value counts. */
export const ASSIGNED = Symbol('assigned');

/** The default: a value, a function of the object holding the field and of the root object, or ASSIGNED. */
export type DefaultValue = unknown;

export interface ServerDefault {
  /** Dotted path; `[]` after a segment means every element of that list. */
  readonly path: string;
  readonly value: DefaultValue;
}

const PROBE: [string, unknown][] = [['timeoutSeconds', 1], ['periodSeconds', 10], ['successThreshold', 1], ['failureThreshold', 3], ['httpGet.scheme', 'HTTP']];

/** imagePullPolicy: Always for `:latest` or an untagged image, else IfNotPresent (SetDefaults_Container). */
function pullPolicy(container: any): string | undefined {
  const image = container?.image;
  if (typeof image !== 'string') return undefined;
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.split('/').pop() ?? '';
  const tag = last.includes(':') ? last.split(':').pop() : undefined;
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function containerDefaults(list: string): [string, DefaultValue][] {
  return [
    [`${list}[].imagePullPolicy`, pullPolicy],
    [`${list}[].terminationMessagePath`, '/dev/termination-log'],
    [`${list}[].terminationMessagePolicy`, 'File'],
    [`${list}[].ports[].protocol`, 'TCP'],
    [`${list}[].env[].valueFrom.fieldRef.apiVersion`, 'v1'],
    ...['livenessProbe', 'readinessProbe', 'startupProbe'].flatMap(p => PROBE.map(([f, v]) => [`${list}[].${p}.${f}`, v] as [string, unknown])),
    ...['postStart', 'preStop'].map(h => [`${list}[].lifecycle.${h}.httpGet.scheme`, 'HTTP'] as [string, unknown]),
  ];
}

/** SetDefaults_PodSpec and the defaults of the types inside a pod spec. */
const POD_SPEC: [string, DefaultValue][] = [
  ['dnsPolicy', 'ClusterFirst'],
  ['restartPolicy', 'Always'],
  ['terminationGracePeriodSeconds', 30],
  ['schedulerName', 'default-scheduler'],
  ['securityContext', {}],
  // The deprecated twin of serviceAccountName, filled in from it when the object is read.
  ['serviceAccount', (spec: any) => spec?.serviceAccountName],
  ...containerDefaults('containers'),
  ...containerDefaults('initContainers'),
  ...['configMap', 'secret', 'projected', 'downwardAPI'].map(v => [`volumes[].${v}.defaultMode`, 420] as [string, unknown]),
  ['volumes[].downwardAPI.items[].fieldRef.apiVersion', 'v1'],
  ['volumes[].projected.sources[].downwardAPI.items[].fieldRef.apiVersion', 'v1'],
  ['volumes[].projected.sources[].serviceAccountToken.expirationSeconds', 3600],
  ['volumes[].hostPath.type', ''],
  ['volumes[].ephemeral.volumeClaimTemplate.spec.volumeMode', 'Filesystem'],
];

/** A bare Pod also gets what admission and the scheduler add. */
const POD_ONLY: [string, DefaultValue][] = [
  ['enableServiceLinks', true],
  ['preemptionPolicy', 'PreemptLowerPriority'],
  ['priority', 0],
  ['serviceAccountName', ASSIGNED],
  ['serviceAccount', ASSIGNED],
  ['nodeName', ASSIGNED],
];

const TEMPLATE_META: [string, DefaultValue][] = [['metadata.creationTimestamp', null]];

function under(prefix: string, list: [string, DefaultValue][]): [string, DefaultValue][] {
  return list.map(([p, v]) => [`${prefix}.${p}`, v]);
}

const PARENT_REF: [string, DefaultValue][] = [['group', 'gateway.networking.k8s.io'], ['kind', 'Gateway']];
const BACKEND_REF: [string, DefaultValue][] = [['group', ''], ['kind', 'Service'], ['weight', 1]];
const ROOT_PATH_MATCH = { type: 'PathPrefix', value: '/' };

const JOB_SPEC: [string, DefaultValue][] = [
  ['parallelism', 1],
  ['completions', (_spec: any, _root: any, ref: any) => (ref?.parallelism === undefined ? 1 : undefined)],
  ['backoffLimit', 6],
  ['completionMode', 'NonIndexed'],
  ['suspend', false],
  ['selector', ASSIGNED],
  ['template.metadata.labels.controller-uid', ASSIGNED],
  ['template.metadata.labels.job-name', ASSIGNED],
  ['template.metadata.labels.batch\\.kubernetes\\.io/controller-uid', ASSIGNED],
  ['template.metadata.labels.batch\\.kubernetes\\.io/job-name', ASSIGNED],
  ...under('template', TEMPLATE_META),
  ...under('template.spec', POD_SPEC),
];

const byKind: { [kind: string]: [string, DefaultValue][] } = {
  Pod: under('spec', [...POD_SPEC, ...POD_ONLY]),
  Deployment: [
    ['spec.replicas', 1],
    ['spec.strategy.type', 'RollingUpdate'],
    ['spec.strategy.rollingUpdate.maxUnavailable', (_ru: any, root: any) => (root.spec?.strategy?.type === 'Recreate' ? undefined : '25%')],
    ['spec.strategy.rollingUpdate.maxSurge', (_ru: any, root: any) => (root.spec?.strategy?.type === 'Recreate' ? undefined : '25%')],
    ['spec.revisionHistoryLimit', 10],
    ['spec.progressDeadlineSeconds', 600],
    ...under('spec.template', TEMPLATE_META),
    ...under('spec.template.spec', POD_SPEC),
  ],
  StatefulSet: [
    ['spec.replicas', 1],
    ['spec.podManagementPolicy', 'OrderedReady'],
    ['spec.updateStrategy.type', 'RollingUpdate'],
    ['spec.updateStrategy.rollingUpdate.partition', 0],
    ['spec.revisionHistoryLimit', 10],
    ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted', 'Retain'],
    ['spec.persistentVolumeClaimRetentionPolicy.whenScaled', 'Retain'],
    ['spec.volumeClaimTemplates[].apiVersion', 'v1'],
    ['spec.volumeClaimTemplates[].kind', 'PersistentVolumeClaim'],
    ['spec.volumeClaimTemplates[].metadata.creationTimestamp', null],
    ['spec.volumeClaimTemplates[].spec.volumeMode', 'Filesystem'],
    ['spec.volumeClaimTemplates[].status', ASSIGNED],
    ...under('spec.template', TEMPLATE_META),
    ...under('spec.template.spec', POD_SPEC),
  ],
  DaemonSet: [
    ['spec.updateStrategy.type', 'RollingUpdate'],
    ['spec.updateStrategy.rollingUpdate.maxUnavailable', 1],
    ['spec.updateStrategy.rollingUpdate.maxSurge', 0],
    ['spec.revisionHistoryLimit', 10],
    ...under('spec.template', TEMPLATE_META),
    ...under('spec.template.spec', POD_SPEC),
  ],
  ReplicaSet: [['spec.replicas', 1], ...under('spec.template', TEMPLATE_META), ...under('spec.template.spec', POD_SPEC)],
  Job: [
    // A Job without labels takes its pod template's (SetDefaults_Job).
    ['metadata.labels', ASSIGNED],
    ...under('spec', JOB_SPEC),
  ],
  CronJob: [
    ['spec.concurrencyPolicy', 'Allow'],
    ['spec.suspend', false],
    ['spec.successfulJobsHistoryLimit', 3],
    ['spec.failedJobsHistoryLimit', 1],
    ['spec.jobTemplate.metadata.creationTimestamp', null],
    ...under('spec.jobTemplate.spec.template', TEMPLATE_META),
    ...under('spec.jobTemplate.spec.template.spec', POD_SPEC),
  ],
  Service: [
    ['spec.type', 'ClusterIP'],
    ['spec.sessionAffinity', 'None'],
    ['spec.sessionAffinityConfig.clientIP.timeoutSeconds', 10800],
    ['spec.clusterIP', ASSIGNED],
    ['spec.clusterIPs', ASSIGNED],
    ['spec.ipFamilies', ASSIGNED],
    ['spec.ipFamilyPolicy', ASSIGNED],
    ['spec.internalTrafficPolicy', (spec: any) => (spec?.type === 'ExternalName' ? undefined : 'Cluster')],
    ['spec.externalTrafficPolicy', (spec: any) => (spec?.type === 'NodePort' || spec?.type === 'LoadBalancer' ? 'Cluster' : undefined)],
    ['spec.allocateLoadBalancerNodePorts', (spec: any) => (spec?.type === 'LoadBalancer' ? true : undefined)],
    ['spec.healthCheckNodePort', ASSIGNED],
    ['spec.ports[].protocol', 'TCP'],
    ['spec.ports[].targetPort', (port: any) => port?.port],
    ['spec.ports[].nodePort', ASSIGNED],
  ],
  PersistentVolumeClaim: [
    ['spec.volumeMode', 'Filesystem'],
    ['spec.volumeName', ASSIGNED],
    // The DefaultStorageClass admission plugin names the default class for a claim that names none.
    ['spec.storageClassName', ASSIGNED],
  ],
  PersistentVolume: [
    ['spec.persistentVolumeReclaimPolicy', 'Retain'],
    ['spec.volumeMode', 'Filesystem'],
    ['spec.hostPath.type', ''],
    ['spec.claimRef', ASSIGNED],
    ['spec.claimRef.uid', ASSIGNED],
    ['spec.claimRef.resourceVersion', ASSIGNED],
    ['spec.claimRef.apiVersion', 'v1'],
    ['spec.claimRef.kind', 'PersistentVolumeClaim'],
  ],
  StorageClass: [['reclaimPolicy', 'Delete'], ['volumeBindingMode', 'Immediate']],
  Namespace: [['spec.finalizers', ['kubernetes']]],
  Secret: [['type', 'Opaque']],
  NetworkPolicy: [
    ['spec.policyTypes', (spec: any) => (asArray(spec?.egress).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'])],
    ['spec.ingress[].ports[].protocol', 'TCP'],
    ['spec.egress[].ports[].protocol', 'TCP'],
  ],
  HorizontalPodAutoscaler: [
    ['spec.minReplicas', 1],
    ['spec.metrics', ASSIGNED],
    ...['scaleUp', 'scaleDown'].flatMap(d => ['selectPolicy', 'stabilizationWindowSeconds', 'policies'].map(f => [`spec.behavior.${d}.${f}`, ASSIGNED] as [string, unknown])),
  ],
  HTTPRoute: [
    ...under('spec.parentRefs[]', PARENT_REF),
    ['spec.rules', () => [{ matches: [{ path: { ...ROOT_PATH_MATCH } }] }]],
    ['spec.rules[].matches', () => [{ path: { ...ROOT_PATH_MATCH } }]],
    ['spec.rules[].matches[].path', () => ({ ...ROOT_PATH_MATCH })],
    ['spec.rules[].matches[].path.type', 'PathPrefix'],
    ['spec.rules[].matches[].path.value', '/'],
    ['spec.rules[].matches[].headers[].type', 'Exact'],
    ['spec.rules[].matches[].queryParams[].type', 'Exact'],
    ['spec.rules[].filters[].requestRedirect.statusCode', 302],
    ...under('spec.rules[].backendRefs[]', BACKEND_REF),
  ],
  GRPCRoute: [
    ...under('spec.parentRefs[]', PARENT_REF),
    ['spec.rules[].matches[].method.type', 'Exact'],
    ['spec.rules[].matches[].headers[].type', 'Exact'],
    ...under('spec.rules[].backendRefs[]', BACKEND_REF),
  ],
  Gateway: [
    ['spec.listeners[].allowedRoutes', () => ({ namespaces: { from: 'Same' } })],
    ['spec.listeners[].allowedRoutes.namespaces', () => ({ from: 'Same' })],
    ['spec.listeners[].allowedRoutes.namespaces.from', 'Same'],
    ['spec.listeners[].tls.mode', 'Terminate'],
    ['spec.listeners[].tls.certificateRefs[].group', ''],
    ['spec.listeners[].tls.certificateRefs[].kind', 'Secret'],
  ],
};

/** The server defaults of a kind, as paths and values. */
export function serverDefaults(m: Manifest): ServerDefault[] {
  return (byKind[kindOf(m)] ?? []).map(([path, value]) => ({ path, value }));
}

/** Annotations the control plane writes, never the user (a user-set one stays: it is in the manifest). */
export const SERVER_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'pv.kubernetes.io/bind-completed',
  'pv.kubernetes.io/bound-by-controller',
  'pv.kubernetes.io/provisioned-by',
  'pv.kubernetes.io/migrated-to',
  'volume.beta.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/selected-node',
  'endpoints.kubernetes.io/last-change-trigger-time',
  'control-plane.alpha.kubernetes.io/leader',
  'batch.kubernetes.io/job-tracking',
  'kubernetes.io/description',
];

/** Labels the control plane writes. */
export const SERVER_LABELS = [
  'kubernetes.io/metadata.name',
  'controller-uid',
  'job-name',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-name',
  'pod-template-hash',
  'controller-revision-hash',
  'statefulset.kubernetes.io/pod-name',
];

/** Finalizers the control plane adds. */
export const SERVER_FINALIZERS = ['kubernetes.io/pvc-protection', 'kubernetes.io/pv-protection', 'foregroundDeletion', 'orphan'];

/** Metadata only the API server writes. */
export const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionGracePeriodSeconds', 'deletionTimestamp'];

/**
 * Keys whose absence means something else than their zero value (`replicas` absent is 1,
 * `automountServiceAccountToken` absent is true), so an absent field and a `false` or `0`
 * are not the same there; elsewhere the API server drops zero values it does not keep.
 */
export const ABSENT_IS_NOT_ZERO = new Set([
  'replicas', 'automountServiceAccountToken', 'enableServiceLinks', 'allowPrivilegeEscalation', 'allocateLoadBalancerNodePorts',
  'weight', 'selector', 'storageClassName',
]);

/** Numeric fields whose absence is 0: the only places a dropped 0 is the same as a written one. */
export const ABSENT_IS_ZERO_NUMBERS = new Set(['minReadySeconds', 'initialDelaySeconds', 'partition', 'hostPort', 'priority']);

/** Whether `value` is what the API server leaves out as empty (false, '', 0 where that is the default, {} or [] of such). */
export function isEmptyValue(value: unknown, key: string | number, kind: string): boolean {
  if (typeof key === 'string' && ABSENT_IS_NOT_ZERO.has(key) && !(key === 'storageClassName' && kind === 'PersistentVolume')) return false;
  if (value === null || value === false || value === '') return true;
  if (typeof value === 'number') return value === 0 && typeof key === 'string' && ABSENT_IS_ZERO_NUMBERS.has(key);
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.entries(value).every(([k, v]) => isEmptyValue(v, k, kind));
  return false;
}
