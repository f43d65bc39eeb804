import {
  isConfigMapKey, isDns1123Label, isDns1123Subdomain, isEnvVarName, isLabelValue, isPortName, isPortNumber, isQualifiedName,
} from './formats';
import { checkAnnotations, checkInt, checkLabels, checkQuantity, compareQuantities, Fail, isObject, list } from './meta';

/**
 * Pod spec rules of pkg/apis/core/validation/validation.go (release-1.28), each named after the
 * function it mirrors: ValidatePodSpec and what it calls.
 */
export function checkPodTemplate(template: any, fail: Fail, path: string, claimTemplates: string[] = []): void {
  if (!isObject(template)) {
    fail(path, 'is required');
    return;
  }
  checkLabels(template.metadata?.labels, fail, `${path}.metadata.labels`);
  checkAnnotations(template.metadata?.annotations, fail, `${path}.metadata.annotations`);
  checkPodSpec(template.spec, fail, `${path}.spec`, claimTemplates);
}

/** @param claimTemplates a StatefulSet's claim templates, which its containers mount like volumes */
export function checkPodSpec(spec: any, fail: Fail, path: string, claimTemplates: string[] = []): void {
  if (!isObject(spec)) {
    fail(path, 'is required');
    return;
  }
  const volumes = checkVolumes(spec.volumes, fail, `${path}.volumes`);
  claimTemplates.forEach(name => volumes.add(name));
  const containers = list(spec.containers);
  if (containers.length === 0) fail(`${path}.containers`, 'must have at least one container (validateContainers)');
  const names = new Set<string>();
  for (const [field, items] of [['initContainers', list(spec.initContainers)], ['containers', containers]] as const) {
    items.forEach((c: any, i: number) => {
      const at = `${path}.${field}[${i}]`;
      if (names.has(c?.name)) fail(`${at}.name`, `${JSON.stringify(c?.name)} is a duplicate container name (validateContainers)`);
      names.add(c?.name);
      checkContainer(c, volumes, fail, at, field === 'initContainers');
    });
  }
  if (spec.restartPolicy !== undefined && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) {
    fail(`${path}.restartPolicy`, 'must be Always, OnFailure or Never (validateRestartPolicy)');
  }
  if (spec.dnsPolicy !== undefined && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(spec.dnsPolicy)) {
    fail(`${path}.dnsPolicy`, 'is not a supported DNS policy (validateDNSPolicy)');
  }
  checkInt(spec.terminationGracePeriodSeconds, fail, `${path}.terminationGracePeriodSeconds`, 0);
  checkInt(spec.activeDeadlineSeconds, fail, `${path}.activeDeadlineSeconds`, 1);
  if (spec.serviceAccountName !== undefined && !isDns1123Subdomain(spec.serviceAccountName)) {
    fail(`${path}.serviceAccountName`, 'must be a DNS-1123 subdomain (ValidateServiceAccountName)');
  }
  if (spec.priorityClassName !== undefined && !isDns1123Subdomain(spec.priorityClassName)) {
    fail(`${path}.priorityClassName`, 'must be a DNS-1123 subdomain (ValidatePriorityClassName)');
  }
  list(spec.imagePullSecrets).forEach((s, i) => {
    if (!isDns1123Subdomain(s?.name)) fail(`${path}.imagePullSecrets[${i}].name`, 'must be a DNS-1123 subdomain (validateImagePullSecrets)');
  });
  if (isObject(spec.nodeSelector)) {
    for (const [k, v] of Object.entries(spec.nodeSelector)) {
      if (!isQualifiedName(k) || !isLabelValue(v)) fail(`${path}.nodeSelector[${JSON.stringify(k)}]`, 'must be a label key and value (ValidateNodeSelector via ValidateLabels)');
    }
  }
  checkTolerations(spec.tolerations, fail, `${path}.tolerations`);
  checkAffinity(spec.affinity, fail, `${path}.affinity`);
  checkPodSecurityContext(spec.securityContext, fail, `${path}.securityContext`);
  if (spec.hostname !== undefined && !isDns1123Label(spec.hostname)) fail(`${path}.hostname`, 'must be a DNS-1123 label');
  if (spec.subdomain !== undefined && !isDns1123Label(spec.subdomain)) fail(`${path}.subdomain`, 'must be a DNS-1123 label');
}

/** ValidateVolumes: DNS-1123 label names, unique, exactly one source, per-source rules. Returns the names. */
function checkVolumes(volumes: unknown, fail: Fail, path: string): Set<string> {
  const names = new Set<string>();
  list(volumes).forEach((v, i) => {
    const at = `${path}[${i}]`;
    if (!isDns1123Label(v?.name)) fail(`${at}.name`, `${JSON.stringify(v?.name)} must be a DNS-1123 label (ValidateVolumes)`);
    if (names.has(v?.name)) fail(`${at}.name`, `${JSON.stringify(v?.name)} is a duplicate volume name (ValidateVolumes)`);
    names.add(v?.name);
    const sources = Object.keys(v ?? {}).filter(k => k !== 'name');
    if (sources.length !== 1) fail(at, `must have exactly one volume source, has ${sources.join(', ') || 'none'} (validateVolumeSource)`);
    if (isObject(v?.configMap)) {
      if (!isDns1123Subdomain(v.configMap.name)) fail(`${at}.configMap.name`, 'must be a DNS-1123 subdomain (validateConfigMapVolumeSource)');
      checkMode(v.configMap.defaultMode, fail, `${at}.configMap.defaultMode`);
      list(v.configMap.items).forEach((item, j) => {
        const it = `${at}.configMap.items[${j}]`;
        if (!isConfigMapKey(item?.key)) fail(`${it}.key`, 'must be a ConfigMap key (validateKeyToPath)');
        checkRelativePath(item?.path, fail, `${it}.path`);
        checkMode(item?.mode, fail, `${it}.mode`);
      });
    }
    if (isObject(v?.nfs)) {
      if (typeof v.nfs.server !== 'string' || v.nfs.server === '') fail(`${at}.nfs.server`, 'is required (validateNFSVolumeSource)');
      if (typeof v.nfs.path !== 'string' || !v.nfs.path.startsWith('/')) fail(`${at}.nfs.path`, 'must be an absolute path (validateNFSVolumeSource)');
    }
    if (isObject(v?.persistentVolumeClaim) && !isDns1123Subdomain(v.persistentVolumeClaim.claimName)) {
      fail(`${at}.persistentVolumeClaim.claimName`, 'must be a DNS-1123 subdomain (validatePersistentClaimVolumeSource)');
    }
    if (isObject(v?.emptyDir) && v.emptyDir.sizeLimit !== undefined) checkQuantity(v.emptyDir.sizeLimit, fail, `${at}.emptyDir.sizeLimit`);
  });
  return names;
}

/** validateLocalDescendingPath / validateKeyToPath: relative, no '..' element, not empty. */
function checkRelativePath(p: unknown, fail: Fail, path: string): void {
  if (typeof p !== 'string' || p === '' || p.startsWith('/') || p.split('/').includes('..')) {
    fail(path, `${JSON.stringify(p)} must be a relative path without '..' (validateLocalDescendingPath)`);
  }
}

function checkMode(mode: unknown, fail: Fail, path: string): void {
  checkInt(mode, fail, path, 0, 0o777, 'a number between 0 and 0777 (octal)');
}

function checkContainer(c: any, volumes: Set<string>, fail: Fail, at: string, init: boolean): void {
  if (!isDns1123Label(c?.name)) fail(`${at}.name`, `${JSON.stringify(c?.name)} must be a DNS-1123 label (validateContainerCommon)`);
  if (typeof c?.image !== 'string' || c.image.trim() === '' || c.image.trim() !== c.image) {
    fail(`${at}.image`, 'is required and may not have leading or trailing whitespace (validateContainerCommon)');
  }
  if (c?.imagePullPolicy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy)) {
    fail(`${at}.imagePullPolicy`, 'is not supported (validatePullPolicy)');
  }
  // validateContainerPorts: numbers, names unique.
  const portNames = new Set<string>();
  list(c?.ports).forEach((p, i) => {
    const pat = `${at}.ports[${i}]`;
    if (!isPortNumber(p?.containerPort)) fail(`${pat}.containerPort`, 'must be within 1-65535 (validateContainerPorts)');
    if (p?.hostPort !== undefined && p.hostPort !== 0 && !isPortNumber(p.hostPort)) fail(`${pat}.hostPort`, 'must be within 1-65535');
    if (p?.name !== undefined) {
      if (!isPortName(p.name)) fail(`${pat}.name`, `${JSON.stringify(p.name)} must be an IANA_SVC_NAME (validateContainerPorts)`);
      if (portNames.has(p.name)) fail(`${pat}.name`, `${JSON.stringify(p.name)} is a duplicate port name (validateContainerPorts)`);
      portNames.add(p.name);
    }
    if (p?.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) fail(`${pat}.protocol`, 'must be TCP, UDP or SCTP');
  });
  // ValidateEnv: names, exactly one value source.
  list(c?.env).forEach((e, i) => {
    const eat = `${at}.env[${i}]`;
    if (!isEnvVarName(e?.name)) fail(`${eat}.name`, `${JSON.stringify(e?.name)} must be a C identifier-ish env var name (ValidateEnv: IsEnvVarName)`);
    if (e?.value !== undefined && e?.valueFrom !== undefined) fail(eat, 'may not have both value and valueFrom (validateEnvVarValueFrom)');
    if (isObject(e?.valueFrom)) {
      const sources = Object.keys(e.valueFrom);
      if (sources.length !== 1) fail(`${eat}.valueFrom`, 'must have exactly one source (validateEnvVarValueFrom)');
      const ref = e.valueFrom.configMapKeyRef ?? e.valueFrom.secretKeyRef;
      if (isObject(ref)) {
        if (!isConfigMapKey(ref.key)) fail(`${eat}.valueFrom`, `key ${JSON.stringify(ref.key)} must be a ConfigMap key (validateConfigMapKeySelector)`);
        if (!isDns1123Subdomain(ref.name)) fail(`${eat}.valueFrom`, 'name must be a DNS-1123 subdomain');
      }
    }
  });
  list(c?.envFrom).forEach((e, i) => {
    const eat = `${at}.envFrom[${i}]`;
    if (e?.prefix !== undefined && !isEnvVarName(e.prefix)) fail(`${eat}.prefix`, 'must be a valid env var name prefix (ValidateEnvFrom)');
    const ref = e?.configMapRef ?? e?.secretRef;
    if (!isObject(ref) || !isDns1123Subdomain(ref.name)) fail(eat, 'must name a ConfigMap or Secret (ValidateEnvFrom)');
  });
  // ValidateVolumeMounts: the volume exists, mount paths unique, subPath relative.
  const mountPaths = new Set<string>();
  list(c?.volumeMounts).forEach((m, i) => {
    const mat = `${at}.volumeMounts[${i}]`;
    if (!volumes.has(m?.name)) fail(`${mat}.name`, `${JSON.stringify(m?.name)} names no volume of the pod (ValidateVolumeMounts)`);
    if (typeof m?.mountPath !== 'string' || m.mountPath === '') fail(`${mat}.mountPath`, 'is required (ValidateVolumeMounts)');
    if (mountPaths.has(m?.mountPath)) fail(`${mat}.mountPath`, `${JSON.stringify(m?.mountPath)} must be unique (ValidateVolumeMounts)`);
    mountPaths.add(m?.mountPath);
    if (m?.subPath !== undefined && m.subPath !== '') checkRelativePath(m.subPath, fail, `${mat}.subPath`);
  });
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (c?.[probe] === undefined) continue;
    if (init) fail(`${at}.${probe}`, 'may not be set for init containers (validateInitContainers)');
    checkProbe(c[probe], portNames, fail, `${at}.${probe}`, probe !== 'readinessProbe');
  }
  checkResources(c?.resources, fail, `${at}.resources`);
  checkContainerSecurityContext(c?.securityContext, fail, `${at}.securityContext`);
}

/** validateProbe / validateHandler: one handler, ports, non-negative numbers, success threshold 1 for liveness and startup. */
function checkProbe(probe: any, portNames: Set<string>, fail: Fail, at: string, successOne: boolean): void {
  if (!isObject(probe)) return;
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter(h => probe[h] !== undefined);
  if (handlers.length !== 1) fail(at, `must have exactly one handler, has ${handlers.join(', ') || 'none'} (validateHandler)`);
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold', 'terminationGracePeriodSeconds']) {
    checkInt(probe[field], fail, `${at}.${field}`, field === 'initialDelaySeconds' ? 0 : 1, 2147483647, 'validateProbe');
  }
  if (successOne && probe.successThreshold !== undefined && probe.successThreshold !== 1) fail(`${at}.successThreshold`, 'must be 1');
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
  if (port !== undefined) {
    const ok = typeof port === 'number' ? isPortNumber(port) : isPortName(port) && portNames.has(port);
    if (!ok) fail(`${at}.${probe.httpGet ? 'httpGet' : 'tcpSocket'}.port`, `${JSON.stringify(port)} must be a port number or the name of a container port (ValidatePortNumOrName)`);
  }
  if (probe.httpGet?.scheme !== undefined && !['HTTP', 'HTTPS'].includes(probe.httpGet.scheme)) fail(`${at}.httpGet.scheme`, 'must be HTTP or HTTPS');
}

/** ValidateResourceRequirements: standard names, quantities, requests <= limits. */
export function checkResources(resources: any, fail: Fail, at: string): void {
  if (!isObject(resources)) return;
  for (const side of ['limits', 'requests'] as const) {
    for (const [name, q] of Object.entries(isObject(resources[side]) ? resources[side] : {})) {
      if (!['cpu', 'memory', 'ephemeral-storage', 'storage'].includes(name) && !/^hugepages-/.test(name) && !name.includes('/')) {
        fail(`${at}.${side}.${name}`, 'is not a standard resource name (validateContainerResourceName)');
      }
      checkQuantity(q, fail, `${at}.${side}.${name}`);
    }
  }
  if (isObject(resources.limits) && isObject(resources.requests)) {
    for (const [name, request] of Object.entries(resources.requests)) {
      const limit = resources.limits[name];
      if (limit !== undefined && compareQuantities(request, limit) === 1) {
        fail(`${at}.requests.${name}`, `${JSON.stringify(request)} must be less than or equal to the ${name} limit ${JSON.stringify(limit)} (ValidateResourceRequirements)`);
      }
    }
  }
}

/** ValidateTolerations: qualified-name keys, empty key only with Exists, Exists takes no value, known effects. */
export function checkTolerations(tolerations: unknown, fail: Fail, path: string): void {
  list(tolerations).forEach((t, i) => {
    const at = `${path}[${i}]`;
    const key = t?.key ?? '';
    if (key !== '' && !isQualifiedName(key)) fail(`${at}.key`, 'must be a qualified name (ValidateTolerations)');
    if (key === '' && t?.operator !== 'Exists') fail(`${at}.operator`, `${JSON.stringify(t?.operator)}: an empty key needs operator Exists (ValidateTolerations)`);
    if (t?.operator !== undefined && !['Equal', 'Exists'].includes(t.operator)) fail(`${at}.operator`, 'must be Equal or Exists');
    if (t?.operator === 'Exists' && t?.value !== undefined && t.value !== '') fail(`${at}.value`, 'must be empty when operator is Exists (ValidateTolerations)');
    if (t?.value !== undefined && !isLabelValue(t.value)) fail(`${at}.value`, 'must be a label value');
    if (t?.effect !== undefined && !['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)) fail(`${at}.effect`, 'is not supported');
    if (t?.tolerationSeconds !== undefined && t?.effect !== 'NoExecute') fail(`${at}.effect`, 'must be NoExecute when tolerationSeconds is set (ValidateTolerations)');
  });
}

/** validateAffinity: required node selectors have terms; each term and pod affinity term is checked. */
export function checkAffinity(affinity: any, fail: Fail, path: string): void {
  if (!isObject(affinity)) return;
  const required = affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required !== undefined) checkNodeSelector(required, fail, `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`);
  list(affinity.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
    const at = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    checkInt(p?.weight, fail, `${at}.weight`, 1, 100, 'ValidatePreferredSchedulingTerms');
    if (p?.weight === undefined) fail(`${at}.weight`, 'is required');
    checkNodeSelectorTerm(p?.preference, fail, `${at}.preference`);
  });
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = affinity[kind];
    if (!isObject(a)) continue;
    list(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
      checkPodAffinityTerm(t, fail, `${path}.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`));
    list(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, i) => {
      const at = `${path}.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      checkInt(w?.weight, fail, `${at}.weight`, 1, 100, 'validateWeightedPodAffinityTerms');
      checkPodAffinityTerm(w?.podAffinityTerm, fail, `${at}.podAffinityTerm`);
    });
  }
}

/** ValidateNodeSelector: at least one term. */
export function checkNodeSelector(selector: any, fail: Fail, path: string): void {
  const terms = list(selector?.nodeSelectorTerms);
  if (terms.length === 0) fail(`${path}.nodeSelectorTerms`, 'must have at least one node selector term (ValidateNodeSelector)');
  terms.forEach((t, i) => checkNodeSelectorTerm(t, fail, `${path}.nodeSelectorTerms[${i}]`));
}

/** ValidateNodeSelectorTerm / ValidateNodeSelectorRequirement. */
function checkNodeSelectorTerm(term: any, fail: Fail, path: string): void {
  if (!isObject(term)) {
    fail(path, 'is required');
    return;
  }
  list(term.matchExpressions).forEach((r, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    if (!isQualifiedName(r?.key)) fail(`${at}.key`, 'must be a qualified name (ValidateNodeSelectorRequirement)');
    const values = list(r?.values);
    switch (r?.operator) {
      case 'In': case 'NotIn': if (values.length === 0) fail(`${at}.values`, 'must be specified when operator is In or NotIn'); break;
      case 'Exists': case 'DoesNotExist': if (values.length > 0) fail(`${at}.values`, 'may not be specified when operator is Exists or DoesNotExist'); break;
      case 'Gt': case 'Lt': if (values.length !== 1 || !/^-?\d+$/.test(values[0])) fail(`${at}.values`, 'must be one integer for Gt and Lt'); break;
      default: fail(`${at}.operator`, `${JSON.stringify(r?.operator)} is not a valid node selector operator`);
    }
  });
  list(term.matchFields).forEach((r, i) => {
    if (r?.key !== 'metadata.name') fail(`${path}.matchFields[${i}].key`, 'must be metadata.name (ValidateNodeFieldSelectorRequirement)');
  });
}

/** validatePodAffinityTerm: a topology key. */
function checkPodAffinityTerm(term: any, fail: Fail, path: string): void {
  if (!isObject(term)) {
    fail(path, 'is required');
    return;
  }
  if (!isQualifiedName(term.topologyKey)) fail(`${path}.topologyKey`, 'must be a qualified name (validatePodAffinityTerm)');
  list(term.namespaces).forEach((ns, i) => { if (!isDns1123Label(ns)) fail(`${path}.namespaces[${i}]`, 'must be a DNS-1123 label'); });
}

/** validatePodSecurityContext / ValidateSecurityContext: ids non-negative, seccomp profile. */
function checkPodSecurityContext(ctx: any, fail: Fail, path: string): void {
  if (!isObject(ctx)) return;
  for (const id of ['runAsUser', 'runAsGroup', 'fsGroup']) checkInt(ctx[id], fail, `${path}.${id}`, 0, 2147483647, 'ValidateNonnegativeField');
  list(ctx.supplementalGroups).forEach((g, i) => checkInt(g, fail, `${path}.supplementalGroups[${i}]`, 0, 2147483647));
  if (ctx.fsGroupChangePolicy !== undefined && !['OnRootMismatch', 'Always'].includes(ctx.fsGroupChangePolicy)) fail(`${path}.fsGroupChangePolicy`, 'is not supported');
  checkSeccomp(ctx.seccompProfile, fail, `${path}.seccompProfile`);
  list(ctx.sysctls).forEach((s, i) => {
    if (typeof s?.name !== 'string' || !/^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/.test(s.name)) {
      fail(`${path}.sysctls[${i}].name`, 'must be a sysctl name (validateSysctls)');
    }
  });
}

function checkContainerSecurityContext(ctx: any, fail: Fail, path: string): void {
  if (!isObject(ctx)) return;
  for (const id of ['runAsUser', 'runAsGroup']) checkInt(ctx[id], fail, `${path}.${id}`, 0, 2147483647, 'ValidateSecurityContext');
  if (ctx.privileged === true && ctx.allowPrivilegeEscalation === false) {
    fail(`${path}.allowPrivilegeEscalation`, 'cannot be false when privileged is true (ValidateSecurityContext)');
  }
  list(ctx.capabilities?.add).concat(list(ctx.capabilities?.drop)).forEach(cap => {
    if (typeof cap !== 'string' || cap === '') fail(`${path}.capabilities`, 'capabilities must be non-empty strings');
  });
  checkSeccomp(ctx.seccompProfile, fail, `${path}.seccompProfile`);
}

/** validateSeccompProfileField: Localhost needs a profile, the others none. */
function checkSeccomp(profile: any, fail: Fail, path: string): void {
  if (!isObject(profile)) return;
  if (!['RuntimeDefault', 'Unconfined', 'Localhost'].includes(profile.type)) fail(`${path}.type`, 'is not supported');
  if ((profile.type === 'Localhost') !== (profile.localhostProfile !== undefined)) fail(`${path}.localhostProfile`, 'must be set with type Localhost, and only then');
}
