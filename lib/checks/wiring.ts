import {
  asArray, containersOf, describeObject, isObject, kindOf, Manifest, mapSelectorMatches, nameOf,
  namespaceOf, PodTemplate, podTemplatesOf, selectorMatches, Violation, WORKLOAD_KINDS,
} from './manifest';
import { checkRoutes } from './routes';
import { checkClaimFit, EXTERNAL_CLASS_ANNOTATION } from './storage';
import { CLUSTER_SCOPED_KINDS } from '../shared/app-checks';
import { CHECKSUM_ANNOTATION, configChecksum, parseChecksums } from '../shared/config-data';
import { LABEL_MANAGED_BY, MANAGED_BY } from '../shared/labels';

/**
 * The wiring rules: every reference between objects meets its target. Each takes the whole
 * set of manifests, indexed once, so a check is linear in the number of objects.
 */
export function checkWiring(manifests: Manifest[]): Violation[] {
  const index = new ManifestIndex(manifests);
  const out: Violation[] = [];
  for (const m of index.objects) {
    const report = (fieldPath: string, rule: string, message: string) =>
      out.push({ object: describeObject(m), field: fieldPath, rule, message });
    switch (kindOf(m)) {
      case 'Service': checkService(index, m, report); break;
      case 'Ingress': checkIngress(index, m, report); break;
      case 'StatefulSet': checkStatefulSet(index, m, report); break;
      case 'PersistentVolumeClaim': checkClaimClass(index, m, 'spec', report); break;
      case 'HorizontalPodAutoscaler': checkScaleTarget(index, m, report); break;
      case 'PodDisruptionBudget': checkBudget(index, m, report); break;
      case 'NetworkPolicy': checkNetworkPolicy(index, m, report); break;
      default: break;
    }
    if (WORKLOAD_KINDS.has(kindOf(m))) checkWorkloadSelector(m, report);
    for (const template of podTemplatesOf(m)) {
      checkPodReferences(index, m, template, report);
      checkConfigRollout(index, m, template, report);
    }
  }
  out.push(...checkClaimFit(index.objects));
  out.push(...checkRoutes(index.objects));
  out.push(...checkUniqueNames(index.objects));
  return out;
}

/**
 * `unique-names`: two objects of one API group, kind, namespace and name are one object to
 * the API server; applying both keeps only the last.
 */
function checkUniqueNames(objects: Manifest[]): Violation[] {
  const first = new Map<string, Manifest>();
  const out: Violation[] = [];
  for (const m of objects) {
    const name = m.metadata?.name;
    if (typeof name !== 'string' || name === '') continue;
    const apiVersion = typeof m.apiVersion === 'string' ? m.apiVersion : '';
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
    const namespace = CLUSTER_SCOPED_KINDS.has(kindOf(m)) ? '' : m.metadata?.namespace ?? '';
    const key = `${group}/${kindOf(m)}/${namespace}/${name}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, m);
    } else {
      out.push({
        object: describeObject(m),
        field: 'metadata.name',
        rule: 'unique-names',
        message: `${describeObject(earlier)} comes earlier with the same name; applying both would overwrite one with the other`,
      });
    }
  }
  return out;
}

type Report = (field: string, rule: string, message: string) => void;

/** Objects by kind and namespace, and the pod templates of each namespace. */
class ManifestIndex {
  public readonly objects: Manifest[];
  private readonly byKey = new Map<string, Manifest>();
  private readonly templatesByNamespace = new Map<string, PodTemplate[]>();
  private readonly classes = new Set<string>();

  constructor(manifests: Manifest[]) {
    this.objects = manifests.filter(isObject);
    for (const m of this.objects) {
      this.byKey.set(`${kindOf(m)}/${namespaceOf(m)}/${nameOf(m)}`, m);
      if (kindOf(m) === 'StorageClass') this.classes.add(nameOf(m));
      // A static PV names its class without a StorageClass object (SCENARIOS 001): claims may bind to it.
      if (kindOf(m) === 'PersistentVolume' && typeof m.spec?.storageClassName === 'string') this.classes.add(m.spec.storageClassName);
      for (const t of podTemplatesOf(m)) {
        const list = this.templatesByNamespace.get(namespaceOf(m)) ?? [];
        list.push(t);
        this.templatesByNamespace.set(namespaceOf(m), list);
      }
    }
  }

  public get(kind: string, namespace: string, name: string): Manifest | undefined {
    return this.byKey.get(`${kind}/${namespace}/${name}`);
  }

  public templates(namespace: string): PodTemplate[] {
    return this.templatesByNamespace.get(namespace) ?? [];
  }

  public hasClass(name: string): boolean {
    return this.classes.has(name);
  }
}

function checkWorkloadSelector(m: Manifest, report: Report): void {
  const template = podTemplatesOf(m)[0];
  if (!template) return;
  const selector = m.spec?.selector;
  if (kindOf(m) === 'Job' && selector === undefined) return; // Jobs get a generated selector
  if (!selectorMatches(selector, template.labels)) {
    report('spec.selector', 'workload-selector',
      `the selector ${JSON.stringify(selector ?? null)} does not match the pod template labels ${JSON.stringify(template.labels)}; the API server rejects the ${kindOf(m)}`);
  }
}

function selectedTemplates(index: ManifestIndex, m: Manifest, selector: { [key: string]: string }): PodTemplate[] {
  return index.templates(namespaceOf(m)).filter(t => mapSelectorMatches(selector, t.labels));
}

function checkService(index: ManifestIndex, m: Manifest, report: Report): void {
  const spec = m.spec ?? {};
  if (spec.type === 'ExternalName' || !isObject(spec.selector) || Object.keys(spec.selector).length === 0) return;
  const pods = selectedTemplates(index, m, spec.selector);
  if (pods.length === 0) {
    report('spec.selector', 'service-selector',
      `selects no pods: no pod template in namespace "${namespaceOf(m)}" carries all of ${JSON.stringify(spec.selector)}`);
    return;
  }
  asArray(spec.ports).forEach((port, i) => {
    const target = port?.targetPort ?? port?.port;
    const served = pods.some(t => containersOf(t).some(({ container }) => asArray(container.ports).some(p =>
      (typeof target === 'number' ? p?.containerPort === target : p?.name === target))));
    if (!served) {
      report(`spec.ports[${i}].targetPort`, 'service-target-port',
        `targetPort ${JSON.stringify(target)} meets no containerPort of the selected pods (${describePorts(pods)})`);
    }
  });
}

function describePorts(pods: PodTemplate[]): string {
  const ports = pods.flatMap(t => containersOf(t).flatMap(({ container }) =>
    asArray(container.ports).map(p => (p?.name ? `${p.name}=${p.containerPort}` : String(p?.containerPort)))));
  return ports.length ? `they declare ${[...new Set(ports)].join(', ')}` : 'they declare none';
}

function checkIngress(index: ManifestIndex, m: Manifest, report: Report): void {
  const backends: { backend: any; path: string }[] = [];
  if (m.spec?.defaultBackend) backends.push({ backend: m.spec.defaultBackend, path: 'spec.defaultBackend' });
  asArray(m.spec?.rules).forEach((rule, r) => asArray(rule?.http?.paths).forEach((p, i) =>
    backends.push({ backend: p?.backend, path: `spec.rules[${r}].http.paths[${i}].backend` })));
  for (const { backend, path } of backends) {
    const svc = backend?.service;
    if (!svc) continue; // resource backends point at other APIs
    const target = index.get('Service', namespaceOf(m), svc.name);
    if (!target) {
      report(`${path}.service.name`, 'ingress-backend', `names Service "${svc.name}", which is not among the manifests in namespace "${namespaceOf(m)}"`);
      continue;
    }
    const ports = asArray(target.spec?.ports);
    const ok = svc.port?.name !== undefined
      ? ports.some(p => p?.name === svc.port.name)
      : ports.some(p => p?.port === svc.port?.number);
    if (!ok) {
      const wanted = svc.port?.name ?? svc.port?.number;
      report(`${path}.service.port`, 'ingress-backend',
        `port ${JSON.stringify(wanted)} is not a port of Service "${svc.name}" (it has ${ports.map(p => p?.name ? `${p.name}=${p.port}` : p?.port).join(', ') || 'none'})`);
    }
  }
}

function checkStatefulSet(index: ManifestIndex, m: Manifest, report: Report): void {
  const serviceName = m.spec?.serviceName;
  const template = podTemplatesOf(m)[0];
  if (typeof serviceName === 'string' && serviceName.length > 0) {
    const svc = index.get('Service', namespaceOf(m), serviceName);
    if (!svc) {
      report('spec.serviceName', 'statefulset-service', `names Service "${serviceName}", which is not among the manifests; pods get no stable DNS names`);
    } else if (svc.spec?.clusterIP !== 'None') {
      report('spec.serviceName', 'statefulset-service', `Service "${serviceName}" is not headless (clusterIP: None); pods get no per-pod DNS records`);
    } else if (template && !(isObject(svc.spec?.selector) && mapSelectorMatches(svc.spec.selector, template.labels))) {
      report('spec.serviceName', 'statefulset-service', `headless Service "${serviceName}" does not select this StatefulSet's pods`);
    }
  }
  asArray(m.spec?.volumeClaimTemplates).forEach((t, i) => checkClaimClass(index, t, `spec.volumeClaimTemplates[${i}].spec`, report));
}

/** `claim` is a PersistentVolumeClaim or a claim template: `{ metadata, spec }`. */
function checkClaimClass(index: ManifestIndex, claim: any, path: string, report: Report): void {
  const cls = claim?.spec?.storageClassName;
  // undefined: the cluster's default class; '': bind to a PV without a class.
  if (typeof cls !== 'string' || cls === '' || index.hasClass(cls)) return;
  // A class declared external (ExternalStorageClass) exists in the cluster, outside the manifests.
  if (claim?.metadata?.annotations?.[EXTERNAL_CLASS_ANNOTATION] === cls) return;
  report(`${path}.storageClassName`, 'claim-class',
    `StorageClass "${cls}" is neither among the manifests nor named by a PersistentVolume; the claim stays Pending`);
}

function checkScaleTarget(index: ManifestIndex, m: Manifest, report: Report): void {
  const ref = m.spec?.scaleTargetRef;
  if (!ref || index.get(ref.kind, namespaceOf(m), ref.name)) return;
  report('spec.scaleTargetRef', 'hpa-target', `names ${ref.kind} "${ref.name}", which is not among the manifests`);
}

/** A NetworkPolicy whose pod selector matches no pod protects nothing, while it looks as if it did. */
function checkNetworkPolicy(index: ManifestIndex, m: Manifest, report: Report): void {
  const selector = m.spec?.podSelector;
  const empty = !isObject(selector) || (Object.keys(selector.matchLabels ?? {}).length === 0 && asArray(selector.matchExpressions).length === 0);
  if (empty) return; // selects every pod of the namespace
  if (!index.templates(namespaceOf(m)).some(t => selectorMatches(selector, t.labels))) {
    report('spec.podSelector', 'networkpolicy-selector',
      `selects no pods: no pod template in namespace "${namespaceOf(m)}" matches ${JSON.stringify(selector)}; the policy protects nothing`);
  }
}

function checkBudget(index: ManifestIndex, m: Manifest, report: Report): void {
  if (!index.templates(namespaceOf(m)).some(t => selectorMatches(m.spec?.selector, t.labels))) {
    report('spec.selector', 'pdb-selector', `selects no pods: no pod template in namespace "${namespaceOf(m)}" matches ${JSON.stringify(m.spec?.selector ?? null)}`);
  }
}

/** ConfigMaps and claims a pod template reads: they must exist and hold the keys it asks for. */
function checkPodReferences(index: ManifestIndex, m: Manifest, template: PodTemplate, report: Report): void {
  const ns = namespaceOf(m);
  const claimTemplates = new Set(asArray(m.spec?.volumeClaimTemplates).map(t => t?.metadata?.name));
  const configMap = (name: string) => index.get('ConfigMap', ns, name);
  const keysOf = (cm: Manifest) => new Set([...Object.keys(cm.data ?? {}), ...Object.keys(cm.binaryData ?? {})]);
  const path = (rest: string) => (template.path ? `${template.path}.${rest}` : rest);

  /** A configMap volume or projected source: the map must exist and have the keys its items name. */
  const checkSource = (source: any, at: string) => {
    const cm = configMap(source.name);
    if (!cm) {
      if (!source.optional) report(path(`${at}.name`), 'configmap-ref', `ConfigMap "${source.name}" is not among the manifests; the pod cannot start`);
      return;
    }
    const keys = keysOf(cm);
    asArray(source.items).forEach((item, j) => {
      if (!keys.has(item?.key) && !source.optional) {
        report(path(`${at}.items[${j}].key`), 'configmap-ref',
          `ConfigMap "${source.name}" has no key "${item?.key}" (it has ${[...keys].join(', ') || 'none'})`);
      }
    });
  };
  asArray(template.spec.volumes).forEach((v, i) => {
    if (v?.configMap) checkSource(v.configMap, `spec.volumes[${i}].configMap`);
    asArray(v?.projected?.sources).forEach((s, j) => {
      if (s?.configMap) checkSource(s.configMap, `spec.volumes[${i}].projected.sources[${j}].configMap`);
    });
    const claim = v?.persistentVolumeClaim?.claimName;
    if (typeof claim === 'string' && !claimTemplates.has(claim) && !index.get('PersistentVolumeClaim', ns, claim)) {
      report(path(`spec.volumes[${i}].persistentVolumeClaim.claimName`), 'claim-ref', `PersistentVolumeClaim "${claim}" is not among the manifests; the pod stays Pending`);
    }
  });

  /** One file of a configMap volume mounted by subPath: a missing key would leave the container without the file. */
  const checkConfigSubPath = (source: any, vm: any, at: string) => {
    const sub = vm?.subPath;
    if (!isObject(source) || typeof sub !== 'string' || sub === '' || source.optional) return;
    const cm = configMap(source.name);
    if (!cm) return; // reported with the volume
    const files: string[] = Array.isArray(source.items) ? source.items.map((item: any) => item?.path ?? item?.key) : [...keysOf(cm)];
    if (!files.some(f => f === sub || (typeof f === 'string' && f.startsWith(`${sub}/`)))) {
      report(at, 'configmap-ref', `"${sub}" is no file of the volume of ConfigMap "${source.name}" (it has ${files.join(', ') || 'none'}); the container would not get the file`);
    }
  };

  for (const { container, path: cpath } of containersOf(template)) {
    asArray(container.env).forEach((e, i) => {
      const ref = e?.valueFrom?.configMapKeyRef;
      if (!ref || ref.optional) return;
      const cm = configMap(ref.name);
      if (!cm) {
        report(`${cpath}.env[${i}].valueFrom.configMapKeyRef.name`, 'configmap-ref', `ConfigMap "${ref.name}" is not among the manifests; the container cannot start`);
      } else if (!keysOf(cm).has(ref.key)) {
        report(`${cpath}.env[${i}].valueFrom.configMapKeyRef.key`, 'configmap-ref',
          `ConfigMap "${ref.name}" has no key "${ref.key}" (it has ${[...keysOf(cm)].join(', ') || 'none'})`);
      }
    });
    asArray(container.envFrom).forEach((e, i) => {
      const ref = e?.configMapRef;
      if (ref && !ref.optional && !configMap(ref.name)) {
        report(`${cpath}.envFrom[${i}].configMapRef.name`, 'configmap-ref', `ConfigMap "${ref.name}" is not among the manifests; the container cannot start`);
      }
    });
    const volumes = new Map(asArray(template.spec.volumes).map(v => [v?.name, v]));
    asArray(container.volumeMounts).forEach((vm, i) => {
      if (!claimTemplates.has(vm?.name) && !volumes.has(vm?.name)) {
        report(`${cpath}.volumeMounts[${i}].name`, 'volume-mount', `mounts volume "${vm?.name}", which the pod does not declare`);
      }
      checkConfigSubPath(volumes.get(vm?.name)?.configMap, vm, `${cpath}.volumeMounts[${i}].subPath`);
    });
  }
}

/** Names of the ConfigMaps a pod template reads: env, envFrom, configMap and projected volumes. */
function configMapsRead(template: PodTemplate): Set<string> {
  const names = new Set<string>();
  const add = (name: unknown) => { if (typeof name === 'string') names.add(name); };
  for (const v of asArray(template.spec.volumes)) {
    add(v?.configMap?.name);
    for (const source of asArray(v?.projected?.sources)) add(source?.configMap?.name);
  }
  for (const { container } of containersOf(template)) {
    for (const e of asArray(container.env)) add(e?.valueFrom?.configMapKeyRef?.name);
    for (const e of asArray(container.envFrom)) add(e?.configMapRef?.name);
  }
  return names;
}

/**
 * Pods roll when a ConfigMap they read changes: the `checksum/config` annotation on the pod
 * template lists `<name>:<sha256>` for each ConfigMap it reads. Required for mutable
 * ConfigMaps this library made; a listed checksum must never be stale. Immutable ConfigMaps
 * change name instead.
 *
 * kustomize's `namePrefix` / `nameSuffix` rename the ConfigMap and the references to it but
 * not the annotation, which keeps the synthesized name: an entry whose name is inside the
 * renamed one (`web-config` in `prod-web-config-v2`) and names no ConfigMap the pod reads
 * stands for it.
 */
function checkConfigRollout(index: ManifestIndex, m: Manifest, template: PodTemplate, report: Report): void {
  const listed = parseChecksums(template.annotations[CHECKSUM_ANNOTATION]);
  const field = `${template.path ? `${template.path}.metadata.annotations` : 'metadata.annotations'}["${CHECKSUM_ANNOTATION}"]`;
  const read = [...configMapsRead(template)].sort();
  // Entries that name no ConfigMap the pod reads: candidates for a map renamed after synth.
  const unmatched = [...listed.keys()].filter(name => !read.includes(name)).sort((a, b) => b.length - a.length || a.localeCompare(b));
  for (const name of read) {
    const cm = index.get('ConfigMap', namespaceOf(m), name);
    if (!cm) continue; // configmap-ref reports a missing one
    const synthesized = listed.has(name) ? name : unmatched.find(entry => name.includes(entry));
    const checksum = synthesized === undefined ? undefined : listed.get(synthesized);
    const expected = configChecksum(cm.data, cm.binaryData);
    if (checksum === undefined) {
      if (cm.immutable !== true && cm.metadata?.labels?.[LABEL_MANAGED_BY] === MANAGED_BY) {
        report(field, 'configmap-rollout',
          `reads ConfigMap "${name}" but lists no checksum of it: pods would keep the old values when it changes; inject it with ConfigMapInjection`);
      }
    } else if (checksum !== expected) {
      const as = synthesized === name ? '' : ` (listed as "${synthesized}", its name before renaming)`;
      report(field, 'configmap-rollout',
        `lists ${JSON.stringify(checksum)} for ConfigMap "${name}"${as}, which hashes to "${expected}"; the annotation is stale and pods would not roll`);
    }
  }
}
