/**
 * One before/after pair per rule of the upgrade guard: the finding it gives, a phrase its
 * message holds, and the other rules the same change trips (a shrunk claim is refused and
 * loses data). The guard's own tests run it, and the live-state tests run it again with the
 * before side read back from a simulated cluster.
 */
import {
  claim, configMap, deployment, edit, gateway, httpRoute, ingressClass, job, nfsClass, pod, roleBinding,
  secret, service, shopApp, statefulSet, volume, workload,
} from './manifests';
import { UpgradeFinding, UpgradeRisk } from '../../lib';

export interface Case {
  readonly before: any[];
  readonly after: any[];
  readonly finding: Omit<UpgradeFinding, 'message'>;
  /** A phrase the message must hold. */
  readonly says: string;
  /** Rules the same change trips too, besides `finding`. */
  readonly companions?: string[];
}

const REFUSED = UpgradeRisk.REFUSED;
const LOSS = UpgradeRisk.DATA_LOSS;
const TRAFFIC = UpgradeRisk.TRAFFIC_LOSS;

/** The shared Gateway admitting routes from namespaces labelled `exposed: "true"`. */
function selectorGateway(): any {
  return gateway(g => g.spec.listeners.forEach((l: any) => { l.allowedRoutes = { namespaces: { from: 'Selector', selector: { matchLabels: { exposed: 'true' } } } }; }));
}

function namespace(name: string, labels: { [key: string]: string }): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** One before/after pair per rule. */
export const CATALOG: { [rule: string]: Case } = {
  'statefulset-selector': {
    before: [statefulSet()],
    after: [edit(statefulSet(), s => { s.spec.selector.matchLabels['app.kubernetes.io/instance'] = 'db2'; })],
    finding: { object: 'StatefulSet/db', field: 'spec.selector.matchLabels["app.kubernetes.io/instance"]', rule: 'statefulset-selector', risk: REFUSED, before: '"db"', after: '"db2"' },
    says: 'spec.selector of a StatefulSet is immutable',
  },
  'statefulset-service-name': {
    before: [statefulSet()],
    after: [edit(statefulSet(), s => { s.spec.serviceName = 'db-hl'; })],
    finding: { object: 'StatefulSet/db', field: 'spec.serviceName', rule: 'statefulset-service-name', risk: REFUSED, before: '"db-headless"', after: '"db-hl"' },
    says: '--cascade=orphan',
  },
  'statefulset-pod-management-policy': {
    before: [statefulSet()],
    after: [edit(statefulSet(), s => { s.spec.podManagementPolicy = 'Parallel'; })],
    finding: { object: 'StatefulSet/db', field: 'spec.podManagementPolicy', rule: 'statefulset-pod-management-policy', risk: REFUSED, before: '"OrderedReady"', after: '"Parallel"' },
    says: 'podManagementPolicy of a StatefulSet is immutable',
  },
  'statefulset-claim-templates': {
    before: [statefulSet()],
    after: [edit(statefulSet(), s => { s.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '20Gi'; })],
    finding: {
      object: 'StatefulSet/db',
      field: 'spec.volumeClaimTemplates[0].spec.resources.requests.storage',
      rule: 'statefulset-claim-templates',
      risk: REFUSED,
      before: '"10Gi"',
      after: '"20Gi"',
    },
    says: 'resize the existing claims one by one',
  },
  'deployment-selector': {
    before: [deployment()],
    after: [edit(deployment(), d => { d.spec.selector.matchLabels = { app: 'web2' }; })],
    finding: { object: 'Deployment/web', field: 'spec.selector.matchLabels.app', rule: 'deployment-selector', risk: REFUSED, before: '"web"', after: '"web2"' },
    says: 'spec.selector of a Deployment is immutable',
  },
  'claim-spec': {
    before: [claim()],
    after: [edit(claim(), c => { c.spec.accessModes = ['ReadWriteMany']; })],
    finding: { object: 'PersistentVolumeClaim/shared', field: 'spec.accessModes[0]', rule: 'claim-spec', risk: REFUSED, before: '"ReadWriteOnce"', after: '"ReadWriteMany"' },
    says: 'immutable except a larger storage request',
  },
  'claim-expansion': {
    before: [claim(), nfsClass({ allowVolumeExpansion: false })],
    after: [edit(claim(), c => { c.spec.resources.requests.storage = '20Gi'; }), nfsClass({ allowVolumeExpansion: false })],
    finding: { object: 'PersistentVolumeClaim/shared', field: 'spec.resources.requests.storage', rule: 'claim-expansion', risk: REFUSED, before: '"10Gi"', after: '"20Gi"' },
    says: 'does not set allowVolumeExpansion: true',
  },
  'storageclass-immutable': {
    before: [nfsClass()],
    after: [nfsClass({ volumeBindingMode: 'WaitForFirstConsumer' })],
    finding: { object: 'StorageClass/nfs', field: 'volumeBindingMode', rule: 'storageclass-immutable', risk: REFUSED, before: '"Immediate"', after: '"WaitForFirstConsumer"' },
    says: 'volumeBindingMode of a StorageClass is immutable',
  },
  'service-cluster-ip': {
    before: [service({ clusterIP: 'None' })],
    after: [service({ clusterIP: '10.96.0.10' })],
    finding: { object: 'Service/web', field: 'spec.clusterIP', rule: 'service-cluster-ip', risk: REFUSED, before: '"None"', after: '"10.96.0.10"' },
    says: 'a headless Service stays headless',
  },
  'job-template': {
    before: [job()],
    after: [edit(job(), j => { j.spec.template.spec.containers[0].image = 'migrate:1.1.0'; })],
    finding: { object: 'Job/migrate', field: 'spec.template.spec.containers[0].image', rule: 'job-template', risk: REFUSED, before: '"migrate:1.0.0"', after: '"migrate:1.1.0"' },
    says: 'the pod template of a Job is immutable',
  },
  'volume-source': {
    before: [volume()],
    after: [edit(volume(), v => { v.spec.nfs.server = '10.0.0.6'; })],
    finding: { object: 'PersistentVolume/nfs-pv', field: 'spec.nfs.server', rule: 'volume-source', risk: REFUSED, before: '"10.0.0.5"', after: '"10.0.0.6"' },
    says: 'volume source of a PersistentVolume',
  },
  'statefulset-removed': {
    before: [statefulSet(), deployment()],
    after: [deployment()],
    finding: { object: 'StatefulSet/db', field: '', rule: 'statefulset-removed', risk: LOSS, before: '"db"', after: '(absent)' },
    says: 'its claims "data-db-0", "data-db-1", "data-db-2" stay behind, bound to nothing',
  },
  'statefulset-renamed': {
    before: [statefulSet('db')],
    after: [statefulSet('database')],
    finding: { object: 'StatefulSet/db', field: '', rule: 'statefulset-renamed', risk: LOSS, before: '"db"', after: '"database"' },
    says: '"database" starts with new, empty claims "data-database-0", "data-database-1", "data-database-2"',
  },
  'claim-removed': {
    before: [claim()],
    after: [],
    finding: { object: 'PersistentVolumeClaim/shared', field: '', rule: 'claim-removed', risk: LOSS, before: '"shared"', after: '(absent)' },
    says: 'pruning the claim releases its volume',
  },
  'volume-removed': {
    before: [volume({ persistentVolumeReclaimPolicy: 'Delete' })],
    after: [],
    finding: { object: 'PersistentVolume/nfs-pv', field: '', rule: 'volume-removed', risk: LOSS, before: '"nfs-pv"', after: '(absent)' },
    says: 'pruning the volume deletes its storage (persistentVolumeReclaimPolicy: Delete)',
  },
  'storageclass-removed': {
    before: [nfsClass()],
    after: [],
    finding: { object: 'StorageClass/nfs', field: '', rule: 'storageclass-removed', risk: LOSS, before: '"nfs"', after: '(absent)' },
    says: 'storageClassName is immutable',
  },
  'claim-shrunk': {
    before: [claim()],
    after: [edit(claim(), c => { c.spec.resources.requests.storage = '5Gi'; })],
    finding: { object: 'PersistentVolumeClaim/shared', field: 'spec.resources.requests.storage', rule: 'claim-shrunk', risk: LOSS, before: '"10Gi"', after: '"5Gi"' },
    says: 'a claim cannot shrink',
    companions: ['claim-shrink-refused'],
  },
  'claim-retention': {
    before: [statefulSet()],
    after: [edit(statefulSet(), s => { s.spec.persistentVolumeClaimRetentionPolicy = { whenScaled: 'Delete' }; })],
    finding: {
      object: 'StatefulSet/db', field: 'spec.persistentVolumeClaimRetentionPolicy.whenScaled', rule: 'claim-retention', risk: LOSS, before: '(absent)', after: '"Delete"',
    },
    says: 'now deleted when it scales down',
  },
  'reclaim-policy': {
    before: [volume({ persistentVolumeReclaimPolicy: 'Retain' })],
    after: [volume({ persistentVolumeReclaimPolicy: 'Delete' })],
    finding: { object: 'PersistentVolume/nfs-pv', field: 'spec.persistentVolumeReclaimPolicy', rule: 'reclaim-policy', risk: LOSS, before: '"Retain"', after: '"Delete"' },
    says: 'is now deleted with it',
  },
  'archive-on-delete': {
    before: [nfsClass({ parameters: { archiveOnDelete: 'true' } })],
    after: [nfsClass({ parameters: { archiveOnDelete: 'false' } })],
    finding: { object: 'StorageClass/nfs', field: 'parameters.archiveOnDelete', rule: 'archive-on-delete', risk: LOSS, before: '"true"', after: '"false"' },
    says: 'used to archive a deleted volume\'s directory and now deletes it',
    companions: ['storageclass-immutable'],
  },

  // ---- Kubernetes 1.28 immutability, the rest of the kinds --------------------------------
  'statefulset-spec': {
    before: [statefulSet()],
    after: [edit(statefulSet(), s => { s.spec.revisionHistoryLimit = 5; })],
    finding: { object: 'StatefulSet/db', field: 'spec.revisionHistoryLimit', rule: 'statefulset-spec', risk: REFUSED, before: '10', after: '5' },
    says: 'only replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds may change',
  },
  'replicaset-selector': {
    before: [workload('ReplicaSet')],
    after: [edit(workload('ReplicaSet'), r => { r.spec.selector.matchLabels.app = 'agent2'; })],
    finding: { object: 'ReplicaSet/agent', field: 'spec.selector.matchLabels.app', rule: 'replicaset-selector', risk: REFUSED, before: '"agent"', after: '"agent2"' },
    says: 'spec.selector of a ReplicaSet is immutable',
  },
  'daemonset-selector': {
    before: [workload('DaemonSet')],
    after: [edit(workload('DaemonSet'), d => { d.spec.selector.matchLabels = { app: 'agent', tier: 'node' }; })],
    finding: { object: 'DaemonSet/agent', field: 'spec.selector.matchLabels.tier', rule: 'daemonset-selector', risk: REFUSED, before: '(absent)', after: '"node"' },
    says: 'spec.selector of a DaemonSet is immutable',
  },
  'job-selector': {
    before: [edit(job(), j => { j.spec.manualSelector = true; j.spec.selector = { matchLabels: { job: 'migrate' } }; })],
    after: [edit(job(), j => { j.spec.manualSelector = true; j.spec.selector = { matchLabels: { job: 'migrate-2' } }; })],
    finding: { object: 'Job/migrate', field: 'spec.selector.matchLabels.job', rule: 'job-selector', risk: REFUSED, before: '"migrate"', after: '"migrate-2"' },
    says: 'spec.selector of a Job is immutable',
  },
  'job-spec': {
    before: [job()],
    after: [edit(job(), j => { j.spec.completions = 3; })],
    finding: { object: 'Job/migrate', field: 'spec.completions', rule: 'job-spec', risk: REFUSED, before: '1', after: '3' },
    says: 'spec.completions of a Job is immutable',
  },
  'pod-spec': {
    before: [pod()],
    after: [edit(pod(), p => { p.spec.containers[0].args = ['--port', '9090']; })],
    finding: { object: 'Pod/read-pod', field: 'spec.containers[0].args[1]', rule: 'pod-spec', risk: REFUSED, before: '"8080"', after: '"9090"' },
    says: 'a Pod\'s spec is immutable except container images',
  },
  'claim-shrink-refused': {
    before: [claim()],
    after: [edit(claim(), c => { c.spec.resources.requests.storage = '8Gi'; })],
    finding: { object: 'PersistentVolumeClaim/shared', field: 'spec.resources.requests.storage', rule: 'claim-shrink-refused', risk: REFUSED, before: '"10Gi"', after: '"8Gi"' },
    says: 'field can not be less than previous value',
    companions: ['claim-shrunk'],
  },
  'volume-mode': {
    before: [volume()],
    after: [volume({ volumeMode: 'Block' })],
    finding: { object: 'PersistentVolume/nfs-pv', field: 'spec.volumeMode', rule: 'volume-mode', risk: REFUSED, before: '"Filesystem"', after: '"Block"' },
    says: 'spec.volumeMode of a PersistentVolume is immutable',
  },
  'volume-node-affinity': {
    before: [volume({ nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } })],
    after: [volume({ nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }] } } })],
    finding: {
      object: 'PersistentVolume/nfs-pv',
      field: 'spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]',
      rule: 'volume-node-affinity',
      risk: REFUSED,
      before: '"a"',
      after: '"b"',
    },
    says: 'spec.nodeAffinity of a PersistentVolume is immutable once set',
  },
  'service-ip-families': {
    before: [service({ ipFamilies: ['IPv4'] })],
    after: [service({ ipFamilies: ['IPv6'] })],
    finding: { object: 'Service/web', field: 'spec.ipFamilies[0]', rule: 'service-ip-families', risk: REFUSED, before: '"IPv4"', after: '"IPv6"' },
    says: 'the primary IP family',
  },
  'service-load-balancer-class': {
    before: [service({ type: 'LoadBalancer' })],
    after: [service({ type: 'LoadBalancer', loadBalancerClass: 'example.com/internal' })],
    finding: { object: 'Service/web', field: 'spec.loadBalancerClass', rule: 'service-load-balancer-class', risk: REFUSED, before: '(absent)', after: '"example.com/internal"' },
    says: 'spec.loadBalancerClass of a LoadBalancer Service is immutable',
  },
  'configmap-immutable': {
    before: [configMap('settings', { immutable: true })],
    after: [configMap('settings', { immutable: false })],
    finding: { object: 'ConfigMap/settings', field: 'immutable', rule: 'configmap-immutable', risk: REFUSED, before: 'true', after: 'false' },
    says: 'stays immutable',
  },
  'secret-immutable': {
    before: [secret('db-credentials', { immutable: true })],
    after: [secret('db-credentials', { immutable: true, data: { password: 'bmV3' } })],
    finding: { object: 'Secret/db-credentials', field: 'data.password', rule: 'secret-immutable', risk: REFUSED, before: '"c2VjcmV0"', after: '"bmV3"' },
    says: 'the data of an immutable Secret cannot change',
  },
  'secret-type': {
    before: [secret()],
    after: [secret('db-credentials', { type: 'kubernetes.io/basic-auth', data: { username: 'YXBw', password: 'c2VjcmV0' } })],
    finding: { object: 'Secret/db-credentials', field: 'type', rule: 'secret-type', risk: REFUSED, before: '"Opaque"', after: '"kubernetes.io/basic-auth"' },
    says: 'the type of a Secret is immutable',
  },
  'rolebinding-role-ref': {
    before: [roleBinding('RoleBinding', 'reader')],
    after: [roleBinding('RoleBinding', 'writer')],
    finding: { object: 'RoleBinding/read-things', field: 'roleRef.name', rule: 'rolebinding-role-ref', risk: REFUSED, before: '"reader"', after: '"writer"' },
    says: 'roleRef of a RoleBinding is immutable',
  },
  'ingressclass-controller': {
    before: [ingressClass()],
    after: [ingressClass('traefik.io/ingress-controller')],
    finding: { object: 'IngressClass/nginx', field: 'spec.controller', rule: 'ingressclass-controller', risk: REFUSED, before: '"k8s.io/ingress-nginx"', after: '"traefik.io/ingress-controller"' },
    says: 'spec.controller of an IngressClass is immutable',
  },
  'gatewayclass-controller': {
    before: [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'envoy' }, spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' } }],
    after: [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', metadata: { name: 'envoy' }, spec: { controllerName: 'example.com/other' } }],
    finding: {
      object: 'GatewayClass/envoy', field: 'spec.controllerName', rule: 'gatewayclass-controller', risk: REFUSED, before: '"gateway.envoyproxy.io/gatewayclass-controller"', after: '"example.com/other"',
    },
    says: 'spec.controllerName of a GatewayClass is immutable',
  },

  // ---- Gateway API traffic loss ------------------------------------------------------------
  'route-removed': {
    before: [gateway(), httpRoute(), ...shopApp('web'), ...shopApp('api')],
    after: [gateway(), ...shopApp('web'), ...shopApp('api')],
    finding: { object: 'HTTPRoute/shop/shop', field: '', rule: 'route-removed', risk: TRAFFIC, before: '"shop"', after: '(absent)' },
    says: 'requests for "shop.example.com", "www.example.com" on "infra/shared" get 404',
  },
  'route-parent-removed': {
    before: [gateway(), httpRoute(r => { r.spec.parentRefs.push({ name: 'shared', namespace: 'infra', sectionName: 'http' }); }), ...shopApp('web'), ...shopApp('api')],
    after: [gateway(), httpRoute(), ...shopApp('web'), ...shopApp('api')],
    finding: {
      object: 'HTTPRoute/shop/shop',
      field: 'spec.parentRefs[1]',
      rule: 'route-parent-removed',
      risk: TRAFFIC,
      before: '{"name":"shared","namespace":"infra","sectionName":"http"}',
      after: '(absent)',
    },
    says: 'no longer attaches to Gateway infra/shared (listener "http")',
  },
  'route-detached': {
    before: [selectorGateway(), namespace('shop', { exposed: 'true' }), httpRoute(), ...shopApp('web'), ...shopApp('api')],
    after: [selectorGateway(), namespace('shop', { exposed: 'no' }), httpRoute(), ...shopApp('web'), ...shopApp('api')],
    finding: { object: 'HTTPRoute/shop/shop', field: 'spec.parentRefs[0]', rule: 'route-detached', risk: TRAFFIC, before: '"https"', after: '(absent)' },
    says: 'the route no longer attaches to listener "https" of Gateway infra/shared: the listener\'s allowedRoutes no longer admits HTTPRoutes from namespace "shop"',
  },
  'route-hostname-removed': {
    before: [gateway(), httpRoute(), ...shopApp('web'), ...shopApp('api')],
    after: [gateway(), httpRoute(r => { r.spec.hostnames = ['shop.example.com']; }), ...shopApp('web'), ...shopApp('api')],
    finding: { object: 'HTTPRoute/shop/shop', field: 'spec.hostnames[1]', rule: 'route-hostname-removed', risk: TRAFFIC, before: '"www.example.com"', after: '(absent)' },
    says: 'requests for "www.example.com" no longer match this route',
  },
  'route-rule-removed': {
    before: [gateway(), httpRoute(r => { r.spec.rules[1].matches[0].path.value = '/shop'; }), ...shopApp('web'), ...shopApp('api')],
    after: [gateway(), httpRoute(r => { r.spec.rules = [r.spec.rules[1]]; r.spec.rules[0].matches[0].path.value = '/shop'; }), ...shopApp('web'), ...shopApp('api')],
    finding: { object: 'HTTPRoute/shop/shop', field: 'spec.rules[0]', rule: 'route-rule-removed', risk: TRAFFIC, before: '"/api"', after: '(absent)' },
    says: 'requests matching /api for "shop.example.com" no longer match any rule',
  },
  'route-backends-zero': {
    before: [gateway(), httpRoute(), ...shopApp('web'), ...shopApp('api')],
    after: [gateway(), httpRoute(r => { r.spec.rules[1].backendRefs[0].weight = 0; }), ...shopApp('web'), ...shopApp('api')],
    finding: { object: 'HTTPRoute/shop/shop', field: 'spec.rules[1].backendRefs', rule: 'route-backends-zero', risk: TRAFFIC, before: '[1]', after: '[0]' },
    says: 'has weight 0: no request it matches reaches a backend',
  },
  'route-backend-missing': {
    before: [gateway(), httpRoute(), ...shopApp('web'), ...shopApp('api')],
    after: [gateway(), httpRoute(), ...shopApp('web')],
    finding: { object: 'HTTPRoute/shop/shop', field: 'spec.rules[0].backendRefs[0]', rule: 'route-backend-missing', risk: TRAFFIC, before: '"api"', after: '(absent)' },
    says: 'Service "shop/api" is gone, but the rule for /api still sends it all of its requests',
  },
  'gateway-removed': {
    before: [gateway(), httpRoute(), ...shopApp('web'), ...shopApp('api')],
    after: [httpRoute(), ...shopApp('web'), ...shopApp('api')],
    finding: { object: 'Gateway/infra/shared', field: '', rule: 'gateway-removed', risk: TRAFFIC, before: '"shared"', after: '(absent)' },
    says: 'the routes attached to it ("HTTPRoute shop/shop") lose their traffic',
  },
  'gateway-listener-removed': {
    before: [gateway(), httpRoute(), ...shopApp('web'), ...shopApp('api')],
    after: [gateway(g => { g.spec.listeners = [g.spec.listeners[0]]; }), httpRoute(), ...shopApp('web'), ...shopApp('api')],
    finding: { object: 'Gateway/infra/shared', field: 'spec.listeners[1]', rule: 'gateway-listener-removed', risk: TRAFFIC, before: '"https"', after: '(absent)' },
    says: 'listener "https" (443/HTTPS *.example.com) is gone: routes "HTTPRoute shop/shop" lose the traffic it carried',
  },
  'gateway-listener-changed': {
    before: [gateway(), httpRoute(), ...shopApp('web'), ...shopApp('api')],
    after: [gateway(g => { g.spec.listeners[1].port = 8443; }), httpRoute(), ...shopApp('web'), ...shopApp('api')],
    finding: { object: 'Gateway/infra/shared', field: 'spec.listeners[1].port', rule: 'gateway-listener-changed', risk: TRAFFIC, before: '443', after: '8443' },
    says: 'clients of port 443 get no answer',
  },
};
