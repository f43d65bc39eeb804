import {
  cidrProblem, isConfigMapKey, isDns1035Label, isDns1123Label, isDns1123Subdomain, isIp, isPercent, isPortName, isPortNumber,
  isQualifiedName, isWildcardSubdomain, specialIpProblem,
} from './formats';
import { checkInt, checkLabels, checkLabelSelector, checkQuantity, Fail, isObject, list, selectorWithin } from './meta';
import { checkNodeSelector, checkPodTemplate, checkResources } from './pod';

/**
 * Spec rules per kind, mirroring pkg/apis/{core,apps,networking,policy,storage,rbac,autoscaling}/validation
 * of kubernetes/kubernetes release-1.28; each check names the function it follows.
 */
export type KindRule = (m: any, fail: Fail) => void;

export const KIND_RULES: { [key: string]: KindRule } = {
  'v1/Service': checkService,
  'v1/ConfigMap': checkConfigMap,
  'v1/PersistentVolumeClaim': (m, fail) => checkClaimSpec(m.spec, fail, 'spec'),
  'v1/PersistentVolume': checkPersistentVolume,
  'v1/Pod': (m, fail) => checkPodTemplate({ spec: m.spec }, fail, ''),
  'apps/v1/Deployment': checkDeployment,
  'apps/v1/StatefulSet': checkStatefulSet,
  'apps/v1/DaemonSet': (m, fail) => checkWorkloadTemplate(m, fail),
  'batch/v1/Job': (m, fail) => checkPodTemplate(m.spec?.template, fail, 'spec.template'),
  'networking.k8s.io/v1/Ingress': checkIngress,
  'networking.k8s.io/v1/NetworkPolicy': checkNetworkPolicy,
  'policy/v1/PodDisruptionBudget': checkBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': checkAutoscaler,
  'storage.k8s.io/v1/StorageClass': checkStorageClass,
  'rbac.authorization.k8s.io/v1/Role': checkRules,
  'rbac.authorization.k8s.io/v1/ClusterRole': checkRules,
  'rbac.authorization.k8s.io/v1/RoleBinding': checkBinding,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': checkBinding,
};

/** ValidateService and validateServicePort (core). */
function checkService(m: any, fail: Fail): void {
  const spec = m.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(type)) fail('spec.type', 'is not supported');
  const ports = list(spec.ports);
  if (type !== 'ExternalName' && spec.clusterIP !== 'None' && ports.length === 0) fail('spec.ports', 'is required unless the Service is headless or ExternalName');
  const names = new Set<string>();
  const portProtocols = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    if (ports.length > 1 && (p?.name === undefined || p.name === '')) fail(`${at}.name`, 'is required when a Service has more than one port (validateServicePort)');
    if (p?.name !== undefined && p.name !== '' && !isPortName(p.name)) fail(`${at}.name`, `${JSON.stringify(p.name)} must be an IANA_SVC_NAME (validateServicePort)`);
    if (names.has(p?.name)) fail(`${at}.name`, `${JSON.stringify(p?.name)} is a duplicate port name`);
    names.add(p?.name);
    if (!isPortNumber(p?.port)) fail(`${at}.port`, 'must be within 1-65535');
    const key = `${p?.port}/${p?.protocol ?? 'TCP'}`;
    if (portProtocols.has(key)) fail(at, `duplicate port and protocol ${key} (ValidateService)`);
    portProtocols.add(key);
    if (p?.targetPort !== undefined && !(typeof p.targetPort === 'number' ? isPortNumber(p.targetPort) : isPortName(p.targetPort))) {
      fail(`${at}.targetPort`, 'must be a port number or an IANA_SVC_NAME (validateServicePort)');
    }
    if (p?.nodePort !== undefined) {
      if (type !== 'NodePort' && type !== 'LoadBalancer') fail(`${at}.nodePort`, 'may not be used with this Service type (ValidateService)');
      // The allocator refuses ports outside --service-node-port-range (default 30000-32767).
      checkInt(p.nodePort, fail, `${at}.nodePort`, 30000, 32767, 'the default node port range');
      const nk = `${p.nodePort}/${p.protocol ?? 'TCP'}`;
      if (nodePorts.has(nk)) fail(`${at}.nodePort`, `duplicate node port ${nk} (ValidateService)`);
      nodePorts.add(nk);
    }
    if (p?.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) fail(`${at}.protocol`, 'is not supported');
  });
  if (type === 'ExternalName') {
    const host = typeof spec.externalName === 'string' ? spec.externalName.replace(/\.$/, '') : undefined;
    if (!isDns1123Subdomain(host) || isIp(host)) fail('spec.externalName', 'must be a DNS-1123 subdomain, not an IP (ValidateService)');
    if (spec.selector !== undefined) fail('spec.selector', 'an ExternalName Service selects no pods');
  } else if (spec.externalName !== undefined) {
    fail('spec.externalName', 'is only for type ExternalName');
  }
  checkLabels(spec.selector, fail, 'spec.selector');
  if (spec.clusterIP !== undefined && spec.clusterIP !== 'None' && spec.clusterIP !== '' && !isIp(spec.clusterIP)) fail('spec.clusterIP', 'must be None or an IP');
  list(spec.externalIPs).forEach((ip, i) => {
    if (!isIp(ip)) {fail(`spec.externalIPs[${i}]`, `${JSON.stringify(ip)} must be a valid IP address`);} else {
      const special = specialIpProblem(ip);
      if (special) fail(`spec.externalIPs[${i}]`, `${JSON.stringify(ip)} ${special} (ValidateNonSpecialIP)`);
    }
  });
  list(spec.loadBalancerSourceRanges).forEach((c, i) => {
    const problem = cidrProblem(c);
    if (problem) fail(`spec.loadBalancerSourceRanges[${i}]`, `${JSON.stringify(c)} ${problem} (ValidateLoadBalancerSourceRanges)`);
  });
  if (spec.loadBalancerSourceRanges !== undefined && type !== 'LoadBalancer') fail('spec.loadBalancerSourceRanges', 'may only be used with type LoadBalancer');
  if (spec.loadBalancerClass !== undefined) {
    if (type !== 'LoadBalancer') fail('spec.loadBalancerClass', 'may only be used with type LoadBalancer (validateLoadBalancerClassField)');
    if (!isQualifiedName(spec.loadBalancerClass)) fail('spec.loadBalancerClass', 'must be a qualified name');
  }
  const external = type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && list(spec.externalIPs).length > 0);
  if (spec.externalTrafficPolicy !== undefined) {
    if (!external) fail('spec.externalTrafficPolicy', 'may only be set for externally-accessible services (validateServiceExternalTrafficPolicy)');
    if (!['Cluster', 'Local'].includes(spec.externalTrafficPolicy)) fail('spec.externalTrafficPolicy', 'is not supported');
  }
  if (spec.sessionAffinity !== undefined && !['None', 'ClientIP'].includes(spec.sessionAffinity)) fail('spec.sessionAffinity', 'is not supported');
  const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
  if (spec.sessionAffinityConfig !== undefined && spec.sessionAffinity !== 'ClientIP') fail('spec.sessionAffinityConfig', 'needs sessionAffinity ClientIP (validateClientIPAffinityConfig)');
  checkInt(timeout, fail, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', 1, 86400, 'validateClientIPAffinityConfig');
}

/** ValidateConfigMap: keys, no key in both maps, 1 MiB in total. */
function checkConfigMap(m: any, fail: Fail): void {
  let total = 0;
  for (const field of ['data', 'binaryData']) {
    for (const [k, v] of Object.entries(isObject(m[field]) ? m[field] : {})) {
      if (!isConfigMapKey(k)) fail(`${field}[${JSON.stringify(k)}]`, 'must be a ConfigMap key (IsConfigMapKey)');
      total += field === 'data' ? Buffer.byteLength(String(v), 'utf8') : Buffer.from(String(v), 'base64').length;
    }
  }
  for (const k of Object.keys(isObject(m.data) ? m.data : {})) {
    if (isObject(m.binaryData) && k in m.binaryData) fail(`binaryData[${JSON.stringify(k)}]`, 'duplicate of a data key (ValidateConfigMap)');
  }
  if (total > 1024 * 1024) fail('data', `${total} bytes exceed 1 MiB (ValidateConfigMap: MaxSecretSize)`);
}

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** ValidateAccessModes (PV and PVC): known, at least one, ReadWriteOncePod alone. */
function checkAccessModes(modes: unknown, fail: Fail, path: string): void {
  const all = list(modes);
  if (all.length === 0) fail(path, 'at least 1 access mode is required (ValidatePersistentVolumeClaimSpec)');
  all.forEach((m, i) => { if (!ACCESS_MODES.includes(m)) fail(`${path}[${i}]`, `${JSON.stringify(m)} is not supported`); });
  if (all.includes('ReadWriteOncePod') && all.length > 1) fail(path, 'may not use ReadWriteOncePod with other access modes');
}

/** ValidatePersistentVolumeClaimSpec. */
function checkClaimSpec(spec: any, fail: Fail, path: string): void {
  if (!isObject(spec)) {
    fail(path, 'is required');
    return;
  }
  checkAccessModes(spec.accessModes, fail, `${path}.accessModes`);
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) fail(`${path}.resources.requests.storage`, 'is required');
  else checkQuantity(storage, fail, `${path}.resources.requests.storage`, true);
  checkResources(spec.resources, fail, `${path}.resources`);
  if (spec.storageClassName !== undefined && spec.storageClassName !== '' && !isDns1123Subdomain(spec.storageClassName)) {
    fail(`${path}.storageClassName`, 'must be a DNS-1123 subdomain (ValidateClassName)');
  }
  if (spec.volumeMode !== undefined && !['Filesystem', 'Block'].includes(spec.volumeMode)) fail(`${path}.volumeMode`, 'is not supported');
  checkLabelSelector(spec.selector, fail, `${path}.selector`);
}

/** ValidatePersistentVolumeSpec. */
function checkPersistentVolume(m: any, fail: Fail): void {
  const spec = m.spec ?? {};
  checkAccessModes(spec.accessModes, fail, 'spec.accessModes');
  const capacity = spec.capacity?.storage;
  if (capacity === undefined) fail('spec.capacity.storage', 'is required');
  else checkQuantity(capacity, fail, 'spec.capacity.storage', true);
  const sources = ['nfs', 'hostPath', 'csi', 'local', 'iscsi', 'fc', 'cephfs', 'rbd'].filter(s => spec[s] !== undefined);
  if (sources.length !== 1) fail('spec', `must have exactly one volume source, has ${sources.join(', ') || 'none'}`);
  if (spec.nfs !== undefined) {
    if (typeof spec.nfs.server !== 'string' || spec.nfs.server === '') fail('spec.nfs.server', 'is required');
    if (typeof spec.nfs.path !== 'string' || !spec.nfs.path.startsWith('/')) fail('spec.nfs.path', 'must be an absolute path');
  }
  if (spec.hostPath !== undefined && (typeof spec.hostPath.path !== 'string' || spec.hostPath.path === '' || spec.hostPath.path.split('/').includes('..'))) {
    fail('spec.hostPath.path', "must be a path without '..' (validateHostPathVolumeSource)");
  }
  if (spec.persistentVolumeReclaimPolicy !== undefined && !['Retain', 'Delete', 'Recycle'].includes(spec.persistentVolumeReclaimPolicy)) fail('spec.persistentVolumeReclaimPolicy', 'is not supported');
  if (spec.storageClassName !== undefined && spec.storageClassName !== '' && !isDns1123Subdomain(spec.storageClassName)) fail('spec.storageClassName', 'must be a DNS-1123 subdomain');
  if (spec.nodeAffinity !== undefined) checkNodeSelector(spec.nodeAffinity.required, fail, 'spec.nodeAffinity.required');
  if (spec.claimRef !== undefined && (!isDns1123Subdomain(spec.claimRef.name) || !isDns1123Label(spec.claimRef.namespace))) fail('spec.claimRef', 'must name a claim and its namespace');
}

/** ValidatePodTemplateSpecForReplicaSet etc.: a selector that is non-empty and matches the template's labels. */
function checkWorkloadTemplate(m: any, fail: Fail): void {
  const spec = m.spec ?? {};
  const selector = spec.selector;
  if (!isObject(selector) || (Object.keys(selector.matchLabels ?? {}).length === 0 && list(selector.matchExpressions).length === 0)) {
    fail('spec.selector', 'empty selector is invalid for a workload (ValidateDeploymentSpec / ValidateStatefulSetSpec)');
  }
  checkLabelSelector(selector, fail, 'spec.selector');
  if (!selectorWithin(selector, spec.template?.metadata?.labels)) fail('spec.template.metadata.labels', '`selector` does not match template `labels`');
  checkPodTemplate(spec.template, fail, 'spec.template', list(spec.volumeClaimTemplates).map(t => t?.metadata?.name));
  if (spec.template?.spec?.restartPolicy !== undefined && spec.template.spec.restartPolicy !== 'Always') {
    fail('spec.template.spec.restartPolicy', 'must be Always for a workload (ValidatePodTemplateSpecForReplicaSet)');
  }
  checkInt(spec.replicas, fail, 'spec.replicas', 0);
  checkInt(spec.minReadySeconds, fail, 'spec.minReadySeconds', 0);
  checkInt(spec.revisionHistoryLimit, fail, 'spec.revisionHistoryLimit', 0);
}

/** ValidateDeploymentSpec and ValidateRollingUpdateDeployment. */
function checkDeployment(m: any, fail: Fail): void {
  checkWorkloadTemplate(m, fail);
  const spec = m.spec ?? {};
  const strategy = spec.strategy;
  if (isObject(strategy)) {
    if (strategy.type === 'Recreate' && strategy.rollingUpdate !== undefined) fail('spec.strategy.rollingUpdate', 'may not be specified when strategy type is Recreate');
    const ru = strategy.rollingUpdate;
    if (isObject(ru)) {
      checkIntOrPercent(ru.maxSurge, fail, 'spec.strategy.rollingUpdate.maxSurge', false);
      checkIntOrPercent(ru.maxUnavailable, fail, 'spec.strategy.rollingUpdate.maxUnavailable', true);
      if (isZero(ru.maxSurge) && isZero(ru.maxUnavailable)) fail('spec.strategy.rollingUpdate.maxUnavailable', 'may not be 0 when maxSurge is 0');
    }
  }
  checkInt(spec.progressDeadlineSeconds, fail, 'spec.progressDeadlineSeconds', 1);
  if (spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
    fail('spec.progressDeadlineSeconds', 'must be greater than minReadySeconds (ValidateDeploymentSpec)');
  }
}

/** ValidateStatefulSetSpec. */
function checkStatefulSet(m: any, fail: Fail): void {
  checkWorkloadTemplate(m, fail);
  const spec = m.spec ?? {};
  if (spec.podManagementPolicy !== undefined && !['OrderedReady', 'Parallel'].includes(spec.podManagementPolicy)) fail('spec.podManagementPolicy', 'is not supported');
  const strategy = spec.updateStrategy;
  if (isObject(strategy)) {
    if (!['RollingUpdate', 'OnDelete'].includes(strategy.type)) fail('spec.updateStrategy.type', 'is not supported');
    if (strategy.type === 'OnDelete' && strategy.rollingUpdate !== undefined) fail('spec.updateStrategy.rollingUpdate', 'only allowed for RollingUpdate');
    checkInt(strategy.rollingUpdate?.partition, fail, 'spec.updateStrategy.rollingUpdate.partition', 0, 2147483647, 'ValidateStatefulSetSpec');
  }
  if (spec.serviceName !== undefined && !isDns1035Label(spec.serviceName)) fail('spec.serviceName', 'must name a Service');
  const policy = spec.persistentVolumeClaimRetentionPolicy;
  if (isObject(policy)) {
    for (const f of ['whenDeleted', 'whenScaled']) {
      if (policy[f] !== undefined && !['Retain', 'Delete'].includes(policy[f])) fail(`spec.persistentVolumeClaimRetentionPolicy.${f}`, 'is not supported');
    }
  }
  checkInt(spec.ordinals?.start, fail, 'spec.ordinals.start', 0);
  const templateNames = new Set<string>();
  list(spec.volumeClaimTemplates).forEach((t, i) => {
    const at = `spec.volumeClaimTemplates[${i}]`;
    if (!isDns1123Label(t?.metadata?.name)) fail(`${at}.metadata.name`, 'must be a DNS-1123 label');
    if (templateNames.has(t?.metadata?.name)) fail(`${at}.metadata.name`, 'duplicate claim template');
    templateNames.add(t?.metadata?.name);
    checkLabels(t?.metadata?.labels, fail, `${at}.metadata.labels`);
    checkClaimSpec(t?.spec, fail, `${at}.spec`);
  });
}

/** ValidateIngressSpec: hosts are DNS names (not IPs), paths follow their pathType, backends name a Service port. */
function checkIngress(m: any, fail: Fail): void {
  const spec = m.spec ?? {};
  if (spec.ingressClassName !== undefined && !isDns1123Subdomain(spec.ingressClassName)) fail('spec.ingressClassName', 'must be a DNS-1123 subdomain');
  if (spec.defaultBackend !== undefined) checkIngressBackend(spec.defaultBackend, fail, 'spec.defaultBackend');
  const rules = list(spec.rules);
  if (rules.length === 0 && spec.defaultBackend === undefined) fail('spec', 'either defaultBackend or rules must be specified');
  rules.forEach((r, i) => {
    const at = `spec.rules[${i}]`;
    if (r?.host !== undefined) checkIngressHost(r.host, fail, `${at}.host`);
    list(r?.http?.paths).forEach((p, j) => {
      const pat = `${at}.http.paths[${j}]`;
      checkIngressPath(p?.path, p?.pathType, fail, pat);
      checkIngressBackend(p?.backend, fail, `${pat}.backend`);
    });
    if (r?.http !== undefined && list(r.http.paths).length === 0) fail(`${at}.http.paths`, 'is required');
  });
  list(spec.tls).forEach((t, i) => {
    list(t?.hosts).forEach((h, j) => checkIngressHost(h, fail, `spec.tls[${i}].hosts[${j}]`));
    if (t?.secretName !== undefined && !isDns1123Subdomain(t.secretName)) fail(`spec.tls[${i}].secretName`, 'must be a DNS-1123 subdomain');
  });
}

function checkIngressHost(host: unknown, fail: Fail, path: string): void {
  if (isIp(host)) fail(path, `${JSON.stringify(host)} must be a DNS name, not an IP address (validateIngressRules)`);
  else if (!isDns1123Subdomain(host) && !isWildcardSubdomain(host)) fail(path, `${JSON.stringify(host)} must be a DNS-1123 subdomain or a wildcard *.subdomain`);
}

/** validateHTTPIngressPath: absolute for Exact and Prefix, none of `//`, `/./`, `/../`, `%2f`, `%2F`, nor a `/.`, `/..` ending. */
function checkIngressPath(p: unknown, pathType: unknown, fail: Fail, at: string): void {
  if (!['Exact', 'Prefix', 'ImplementationSpecific'].includes(pathType as string)) fail(`${at}.pathType`, 'must be Exact, Prefix or ImplementationSpecific');
  if (p === undefined && pathType === 'ImplementationSpecific') return;
  if (typeof p !== 'string' || !p.startsWith('/')) {
    fail(`${at}.path`, `${JSON.stringify(p)} must be an absolute path`);
    return;
  }
  if (pathType === 'Exact' || pathType === 'Prefix') {
    for (const seq of ['//', '/./', '/../', '%2f', '%2F']) if (p.includes(seq)) fail(`${at}.path`, `${JSON.stringify(p)} must not contain '${seq}' (validateHTTPIngressPath)`);
    for (const suffix of ['/..', '/.']) if (p.endsWith(suffix)) fail(`${at}.path`, `${JSON.stringify(p)} cannot end with '${suffix}'`);
  }
}

function checkIngressBackend(backend: any, fail: Fail, at: string): void {
  const svc = backend?.service;
  if (!isObject(svc) && !isObject(backend?.resource)) {
    fail(at, 'must name a service or a resource (validateIngressBackend)');
    return;
  }
  if (isObject(svc)) {
    if (!isDns1035Label(svc.name)) fail(`${at}.service.name`, 'must be a Service name (DNS-1035 label)');
    const port = svc.port ?? {};
    if ((port.number === undefined) === (port.name === undefined)) fail(`${at}.service.port`, 'must have exactly one of name and number');
    if (port.number !== undefined && !isPortNumber(port.number)) fail(`${at}.service.port.number`, 'must be within 1-65535');
    if (port.name !== undefined && !isPortName(port.name)) fail(`${at}.service.port.name`, 'must be an IANA_SVC_NAME');
  }
}

/** ValidateNetworkPolicySpec: peers, ipBlocks, ports. */
function checkNetworkPolicy(m: any, fail: Fail): void {
  const spec = m.spec ?? {};
  checkLabelSelector(spec.podSelector, fail, 'spec.podSelector');
  list(spec.policyTypes).forEach((t, i) => { if (!['Ingress', 'Egress'].includes(t)) fail(`spec.policyTypes[${i}]`, 'is not supported'); });
  for (const dir of ['ingress', 'egress']) {
    list(spec[dir]).forEach((rule, i) => {
      const at = `spec.${dir}[${i}]`;
      list(rule?.[dir === 'ingress' ? 'from' : 'to']).forEach((peer, j) => {
        const pat = `${at}.${dir === 'ingress' ? 'from' : 'to'}[${j}]`;
        const kinds = ['podSelector', 'namespaceSelector', 'ipBlock'].filter(k => peer?.[k] !== undefined);
        if (kinds.length === 0) fail(pat, 'must specify a peer (ValidateNetworkPolicyPeer)');
        if (peer?.ipBlock !== undefined && kinds.length > 1) fail(pat, 'may not specify more than 1 peer type when ipBlock is set');
        checkLabelSelector(peer?.podSelector, fail, `${pat}.podSelector`);
        checkLabelSelector(peer?.namespaceSelector, fail, `${pat}.namespaceSelector`);
        if (peer?.ipBlock !== undefined) {
          const problem = cidrProblem(peer.ipBlock.cidr);
          if (problem) fail(`${pat}.ipBlock.cidr`, `${JSON.stringify(peer.ipBlock.cidr)} ${problem} (ValidateIPBlock)`);
          list(peer.ipBlock.except).forEach((e, k) => { if (cidrProblem(e)) fail(`${pat}.ipBlock.except[${k}]`, 'must be a CIDR'); });
        }
      });
      list(rule?.ports).forEach((p, j) => {
        const pat = `${at}.ports[${j}]`;
        if (p?.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) fail(`${pat}.protocol`, 'is not supported');
        if (p?.port !== undefined && !(typeof p.port === 'number' ? isPortNumber(p.port) : isPortName(p.port))) fail(`${pat}.port`, 'must be a port number or name (ValidateNetworkPolicyPort)');
        if (p?.endPort !== undefined && !(typeof p.port === 'number' && p.endPort >= p.port && isPortNumber(p.endPort))) fail(`${pat}.endPort`, 'must be a port number >= port');
      });
    });
  }
}

/** ValidatePodDisruptionBudgetSpec: one of minAvailable and maxUnavailable, each >= 0 and <= 100%. */
function checkBudget(m: any, fail: Fail): void {
  const spec = m.spec ?? {};
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) fail('spec', 'minAvailable and maxUnavailable cannot be both set');
  checkIntOrPercent(spec.minAvailable, fail, 'spec.minAvailable', true);
  checkIntOrPercent(spec.maxUnavailable, fail, 'spec.maxUnavailable', true);
  checkLabelSelector(spec.selector, fail, 'spec.selector');
}

/** ValidatePositiveIntOrPercent and IsValidPercent <= 100%. */
function checkIntOrPercent(v: unknown, fail: Fail, path: string, max100: boolean): void {
  if (v === undefined) return;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) fail(path, `${v} must be greater than or equal to 0 (ValidatePositiveIntOrPercent)`);
  } else if (!isPercent(v)) {
    fail(path, `${JSON.stringify(v)} must be an integer or percentage (e.g '5%')`);
  } else if (max100 && Number((v as string).slice(0, -1)) > 100) {
    fail(path, `${JSON.stringify(v)} must not be greater than 100%`);
  }
}

function isZero(v: unknown): boolean {
  return v === 0 || v === '0%';
}

/** ValidateHorizontalPodAutoscalerSpec (autoscaling). */
function checkAutoscaler(m: any, fail: Fail): void {
  const spec = m.spec ?? {};
  checkInt(spec.minReplicas, fail, 'spec.minReplicas', 1);
  checkInt(spec.maxReplicas, fail, 'spec.maxReplicas', 1);
  if ((spec.minReplicas ?? 1) > spec.maxReplicas) fail('spec.maxReplicas', 'must be greater than or equal to minReplicas');
  if (!isPathSegmentLike(spec.scaleTargetRef?.name) || typeof spec.scaleTargetRef?.kind !== 'string') fail('spec.scaleTargetRef', 'must name a kind and an object');
  for (const dir of ['scaleUp', 'scaleDown']) {
    const rules = spec.behavior?.[dir];
    if (!isObject(rules)) continue;
    checkInt(rules.stabilizationWindowSeconds, fail, `spec.behavior.${dir}.stabilizationWindowSeconds`, 0, 3600);
    list(rules.policies).forEach((p, i) => {
      checkInt(p?.periodSeconds, fail, `spec.behavior.${dir}.policies[${i}].periodSeconds`, 1, 1800);
      checkInt(p?.value, fail, `spec.behavior.${dir}.policies[${i}].value`, 1);
    });
  }
  list(spec.metrics).forEach((metric, i) => {
    const util = metric?.resource?.target?.averageUtilization;
    checkInt(util, fail, `spec.metrics[${i}].resource.target.averageUtilization`, 1);
  });
}

function isPathSegmentLike(v: unknown): boolean {
  return typeof v === 'string' && v !== '' && !/[/%]/.test(v);
}

/** ValidateStorageClass: provisioner, parameters, reclaim policy, binding mode. */
function checkStorageClass(m: any, fail: Fail): void {
  if (typeof m.provisioner !== 'string' || !isQualifiedName(m.provisioner.toLowerCase()) || m.provisioner.length > 63) {
    fail('provisioner', `${JSON.stringify(m.provisioner)} must be a qualified name of at most 63 characters (validateProvisioner)`);
  }
  const params = isObject(m.parameters) ? m.parameters : {};
  let size = 0;
  for (const [k, v] of Object.entries(params)) {
    if (k === '') fail('parameters', 'key may not be empty');
    size += k.length + String(v).length;
  }
  if (Object.keys(params).length > 512) fail('parameters', 'may not hold more than 512 entries (validateParameters)');
  if (size > 256 * 1024) fail('parameters', 'may not be larger than 256 KiB (validateParameters)');
  if (m.reclaimPolicy !== undefined && !['Retain', 'Delete'].includes(m.reclaimPolicy)) fail('reclaimPolicy', 'must be Retain or Delete (validateReclaimPolicy)');
  if (m.volumeBindingMode !== undefined && !['Immediate', 'WaitForFirstConsumer'].includes(m.volumeBindingMode)) fail('volumeBindingMode', 'is not supported');
  list(m.mountOptions).forEach((o, i) => { if (typeof o !== 'string' || o === '') fail(`mountOptions[${i}]`, 'must be a non-empty string'); });
}

/** ValidatePolicyRule (rbac): verbs, and API groups for resource rules. */
function checkRules(m: any, fail: Fail): void {
  list(m.rules).forEach((r, i) => {
    if (list(r?.verbs).length === 0) fail(`rules[${i}].verbs`, 'verbs must contain at least one value (ValidatePolicyRule)');
    if (list(r?.resources).length > 0 && r?.apiGroups === undefined) fail(`rules[${i}].apiGroups`, 'resource rules must supply at least one api group');
  });
}

/** ValidateRoleBinding / ValidateClusterRoleBinding: roleRef and subjects. */
function checkBinding(m: any, fail: Fail): void {
  const ref = m.roleRef ?? {};
  if (ref.apiGroup !== 'rbac.authorization.k8s.io') fail('roleRef.apiGroup', 'must be rbac.authorization.k8s.io');
  const kinds = m.kind === 'ClusterRoleBinding' ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  if (!kinds.includes(ref.kind)) fail('roleRef.kind', `must be ${kinds.join(' or ')}`);
  if (!isPathSegmentLike(ref.name)) fail('roleRef.name', 'is required');
  list(m.subjects).forEach((s, i) => {
    const at = `subjects[${i}]`;
    if (s?.kind === 'ServiceAccount') {
      if (!isDns1123Subdomain(s.name)) fail(`${at}.name`, 'must be a ServiceAccount name (ValidateServiceAccountName)');
      if (m.kind === 'ClusterRoleBinding' && !isDns1123Label(s.namespace)) fail(`${at}.namespace`, 'is required for a ServiceAccount subject of a ClusterRoleBinding');
    } else if (!['User', 'Group'].includes(s?.kind)) {
      fail(`${at}.kind`, 'must be ServiceAccount, User or Group');
    }
  });
}
