import {
  attachmentsOf, backendRefsOf, gatewayKey, grantFor, isGateway, isReferenceGrant, isRoute, isService, listenersOf, matchesOf, matchText,
  parentRefsOf, redirectOf, sharePercent,
} from './gateway-routes';
import { CSI_NFS, nfsDeleteBehaviour } from './nfs';
import {
  asArray, containersOf, isObject, kindOf, Manifest, mapSelectorMatches, nameOf, namespaceOf, PodTemplate, podTemplatesOf,
} from '../checks/manifest';
import { Claim, claimsOf } from '../checks/storage';
import { DEFAULT_CLASS_ANNOTATION } from '../shared/storage';

/** How a node is drawn; each maps to a Mermaid shape and a class in topology.ts. */
export enum NodeStyle { CLIENTS, INGRESS, GATEWAY, ROUTE, GRANT, SERVICE, OUTSIDE, WORKLOAD, CONFIG, CLAIM, VOLUME, CLASS, PROVISIONER, SERVER }

export interface GraphNode {
  /** Stable identity (`Service/default/web`), from which the Mermaid id is derived. */
  readonly key: string;
  readonly style: NodeStyle;
  readonly lines: string[];
  /** Where the object comes from when it is not one of the diagram's own objects. */
  readonly note?: string;
  /** Referenced, but in no manifest. */
  readonly missing: boolean;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly labels: Set<string>;
}

/** One object to draw, with the note to show when it is drawn only because something references it. */
export interface SourcedManifest {
  readonly manifest: Manifest;
  /** undefined for the diagram's own objects. */
  readonly note?: string;
}

const ACCESS_MODES: { [mode: string]: string } = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

/** `RWO,RWX` from a list of access modes. */
function shortModes(modes: unknown): string {
  return asArray(modes).map(mode => ACCESS_MODES[mode] ?? String(mode)).join(',');
}
const ON_DELETE: { [behaviour: string]: string } = { archive: 'archives data on delete', delete: 'deletes data on delete', retain: 'keeps data on delete' };

function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}

/** `ns/name` when the manifest says its namespace, else `name`. */
function shownName(m: Manifest): string {
  return typeof m.metadata?.namespace === 'string' ? `${m.metadata.namespace}/${nameOf(m)}` : nameOf(m);
}

/**
 * The flow of traffic and data through a set of manifests: Ingress → Service → workload →
 * ConfigMaps and claims → volumes and StorageClasses → provisioner → NFS server. Nodes are
 * keyed by object identity, so the same input always gives the same graph.
 */
export class TopologyGraph {
  public readonly nodes = new Map<string, GraphNode>();
  public readonly edges = new Map<string, GraphEdge>();
  private readonly byKey = new Map<string, SourcedManifest>();
  private readonly templates = new Map<string, { owner: Manifest; template: PodTemplate }[]>();
  private readonly provisioners = new Map<string, Manifest[]>();
  private readonly own: string[] = [];
  private readonly kinds = new Map<string, Manifest[]>();

  constructor(objects: SourcedManifest[]) {
    const valid = objects.filter(o => isObject(o.manifest));
    for (const o of valid) {
      const m = o.manifest;
      const key = keyOf(m);
      if (!this.byKey.has(key)) this.byKey.set(key, o);
      if (o.note === undefined) this.own.push(key);
      if (!this.kinds.has(kindOf(m))) this.kinds.set(kindOf(m), []);
      this.kinds.get(kindOf(m))!.push(m);
      for (const template of podTemplatesOf(m)) {
        const list = this.templates.get(namespaceOf(m)) ?? [];
        list.push({ owner: m, template });
        this.templates.set(namespaceOf(m), list);
        for (const { container } of containersOf(template)) {
          const name = asArray(container.env).find(e => e?.name === 'PROVISIONER_NAME')?.value;
          if (typeof name === 'string') this.provisioners.set(name, [...(this.provisioners.get(name) ?? []), m]);
        }
      }
    }
    for (const o of valid) this.addObject(o.manifest);
    this.prune();
  }

  private addObject(m: Manifest): void {
    const kind = kindOf(m);
    if (kind === 'Ingress') this.addIngress(m);
    else if (isGateway(m)) this.addGateway(m);
    else if (isRoute(m)) this.addRoute(m);
    else if (kind === 'Service') this.addService(m);
    else if (kind === 'PersistentVolume') this.addVolume(m);
    else if (kind === 'StorageClass') this.addStorageClass(m);
    else if (kind === 'ConfigMap') this.objectNode(m);
    if (podTemplatesOf(m).length > 0) this.addWorkload(m);
    // Claims and claim templates, with where their volumes come from.
    for (const claim of claimsOf([m])) this.addClaim(claim);
  }

  // ---- nodes --------------------------------------------------------------------------------

  private nodeFor(key: string, make: () => Omit<GraphNode, 'key' | 'note' | 'missing'>, missing = false): string {
    if (!this.nodes.has(key)) {
      const note = this.byKey.get(key)?.note;
      this.nodes.set(key, { key, ...make(), note, missing });
    }
    return key;
  }

  private objectNode(m: Manifest): string {
    return this.nodeFor(keyOf(m), () => describe(m, this.hpaOf(m)));
  }

  /** The node of a referenced object, or a node that says it is in no manifest. */
  private ref(kind: string, namespace: string | undefined, name: string): string {
    const found = this.byKey.get(objectKey(kind, namespace, name));
    if (found) return this.objectNode(found.manifest);
    const style = kind === 'Service' ? NodeStyle.SERVICE : kind === 'ConfigMap' ? NodeStyle.CONFIG
      : kind === 'StorageClass' ? NodeStyle.CLASS : kind === 'PersistentVolume' ? NodeStyle.VOLUME
        : kind === 'Gateway' ? NodeStyle.GATEWAY : kind === 'PersistentVolumeClaim' ? NodeStyle.CLAIM : NodeStyle.OUTSIDE;
    return this.nodeFor(objectKey(kind, namespace, name), () => ({ style, lines: [`${kind} ${name}`] }), true);
  }

  private edge(from: string, to: string, label?: string): void {
    const key = `${from} -> ${to}`;
    const edge = this.edges.get(key) ?? { from, to, labels: new Set<string>() };
    if (label) edge.labels.add(label);
    this.edges.set(key, edge);
  }

  private hpaOf(m: Manifest): Manifest | undefined {
    return this.ofKind('HorizontalPodAutoscaler').find(h => namespaceOf(h) === namespaceOf(m)
      && h.spec?.scaleTargetRef?.kind === kindOf(m) && h.spec?.scaleTargetRef?.name === nameOf(m));
  }

  private ofKind(kind: string): Manifest[] {
    return this.kinds.get(kind) ?? [];
  }

  // ---- traffic ------------------------------------------------------------------------------

  /** Where traffic from outside the cluster comes in: Ingresses, node ports, load balancers. */
  private clients(): string {
    return this.nodeFor('Clients', () => ({ style: NodeStyle.CLIENTS, lines: ['clients outside the cluster'] }));
  }

  private addIngress(m: Manifest): void {
    const from = this.objectNode(m);
    this.edge(this.clients(), from);
    const ns = namespaceOf(m);
    const backend = (b: any, label: string) => {
      if (typeof b?.service?.name === 'string') this.edge(from, this.ref('Service', ns, b.service.name), label);
    };
    if (m.spec?.defaultBackend) backend(m.spec.defaultBackend, 'default backend');
    for (const rule of asArray(m.spec?.rules)) {
      for (const p of asArray(rule?.http?.paths)) backend(p?.backend, `${rule?.host ?? '*'}${p?.path ?? '/'}`);
    }
  }

  private addGateway(m: Manifest): void {
    const from = this.objectNode(m);
    const ports = [...new Set(listenersOf(m).map(l => `${l.port}/${l.protocol}`))];
    this.edge(this.clients(), from, ports.join(', '));
  }

  /** Gateway → route (the listeners it attaches to) → Services, one edge label per rule: its matches and, for a split, each backend's share. */
  private addRoute(m: Manifest): void {
    const from = this.objectNode(m);
    const ns = namespaceOf(m);
    const gateways = new Map(this.ofKind('Gateway').filter(isGateway).map(g => [gatewayKey(namespaceOf(g), nameOf(g)), g]));
    const attachments = attachmentsOf(m, gateways, this.ofKind('Namespace'));
    for (const a of attachments) {
      this.edge(this.ref('Gateway', a.parent.namespace, a.parent.name), from, a.listener === '*' ? undefined : a.listener);
    }
    // A parentRef that attaches nowhere is drawn too, so a broken attachment shows.
    for (const p of parentRefsOf(m).filter(ref => !attachments.some(a => a.parent.index === ref.index))) {
      this.edge(this.ref('Gateway', p.namespace, p.name), from, `not attached${p.sectionName ? ` (${p.sectionName})` : ''}`);
    }
    const grpc = kindOf(m) === 'GRPCRoute';
    const grants = this.ofKind('ReferenceGrant').filter(isReferenceGrant);
    for (const rule of asArray(m.spec?.rules)) {
      const matches = matchesOf(m, rule).map(x => matchText(x, grpc)).join(' or ');
      const redirect = redirectOf(rule);
      if (redirect !== undefined) {
        const path = redirect.path?.replaceFullPath ?? redirect.path?.replacePrefixMatch ?? '';
        const where = redirect.hostname || redirect.port || path
          ? `${redirect.scheme ? `${redirect.scheme}://` : ''}${redirect.hostname ?? '(same host)'}${redirect.port ? `:${redirect.port}` : ''}${path}`
          : redirect.scheme ? `to ${redirect.scheme}` : 'elsewhere';
        const text = `redirect ${where} · ${redirect.statusCode ?? 302}`;
        this.edge(from, this.nodeFor(`Redirect/${text}`, () => ({ style: NodeStyle.OUTSIDE, lines: [text] })), matches);
      }
      const backends = backendRefsOf(m, rule);
      for (const b of backends) {
        const share = b.weight <= 0 ? ' · weight 0' : backends.length > 1 ? ` · ${sharePercent(backends, b)}%` : '';
        const label = `${matches}${share}`;
        const to = isService(b) ? this.ref('Service', b.namespace, b.name)
          : this.nodeFor(`${b.kind}/${b.namespace}/${b.name}`, () => ({ style: NodeStyle.OUTSIDE, lines: [`${b.kind} ${b.namespace}/${b.name}`] }));
        if (b.namespace === ns) {
          this.edge(from, to, label);
          continue;
        }
        const grant = grantFor(m, b, grants);
        if (grant) {
          this.edge(from, to, `${label} · ReferenceGrant ${namespaceOf(grant)}/${nameOf(grant)}`);
        } else {
          // No grant: the Gateway refuses the backend. One node per pair of namespaces keeps paths apart.
          const missing = this.nodeFor(`ReferenceGrant/${b.namespace}/(from ${ns})`, () => ({
            style: NodeStyle.GRANT, lines: [`no ReferenceGrant in ${b.namespace}`, `for ${kindOf(m)}s from ${ns}`],
          }), true);
          this.edge(from, missing, label);
          this.edge(missing, to, 'refused');
        }
      }
    }
  }

  private addService(m: Manifest): void {
    const from = this.objectNode(m);
    if (m.spec?.type === 'ExternalName') {
      const host = String(m.spec.externalName);
      this.edge(from, this.nodeFor(`External/${host}`, () => ({ style: NodeStyle.OUTSIDE, lines: [host, 'outside the cluster'] })));
      return;
    }
    const nodePorts = asArray(m.spec?.ports).map(p => p?.nodePort).filter(p => p !== undefined);
    if (m.spec?.type === 'LoadBalancer') this.edge(this.clients(), from, 'load balancer');
    else if (m.spec?.type === 'NodePort') this.edge(this.clients(), from, nodePorts.length ? `node port ${nodePorts.join(', ')}` : 'node port');
    const selector = m.spec?.selector;
    if (!isObject(selector) || Object.keys(selector).length === 0) return;
    for (const { owner, template } of this.templates.get(namespaceOf(m)) ?? []) {
      if (mapSelectorMatches(selector, template.labels)) this.edge(from, this.objectNode(owner));
    }
  }

  // ---- workloads ----------------------------------------------------------------------------

  private addWorkload(m: Manifest): void {
    const from = this.objectNode(m);
    const ns = namespaceOf(m);
    for (const template of podTemplatesOf(m)) {
      const mounts = mountPaths(template);
      const mounted = (volume: string) => (mounts.get(volume) ?? []).join(', ');
      for (const v of asArray(template.spec.volumes)) {
        if (typeof v?.configMap?.name === 'string') this.edge(from, this.ref('ConfigMap', ns, v.configMap.name), `files ${mounted(v.name)}`.trim());
        for (const source of asArray(v?.projected?.sources)) {
          if (typeof source?.configMap?.name === 'string') this.edge(from, this.ref('ConfigMap', ns, source.configMap.name), `files ${mounted(v.name)}`.trim());
        }
        if (typeof v?.persistentVolumeClaim?.claimName === 'string') {
          this.edge(from, this.ref('PersistentVolumeClaim', ns, v.persistentVolumeClaim.claimName), mounted(v.name));
        }
        if (isObject(v?.nfs)) this.edge(from, this.server(v.nfs.server, v.nfs.path), mounted(v.name));
      }
      for (const { container } of containersOf(template)) {
        for (const e of asArray(container.env)) {
          if (typeof e?.valueFrom?.configMapKeyRef?.name === 'string') this.edge(from, this.ref('ConfigMap', ns, e.valueFrom.configMapKeyRef.name), 'env');
        }
        for (const e of asArray(container.envFrom)) {
          if (typeof e?.configMapRef?.name === 'string') this.edge(from, this.ref('ConfigMap', ns, e.configMapRef.name), 'env');
        }
        // nfs-subdir-external-provisioner names its export in the environment.
        const env = (name: string) => asArray(container.env).find(e => e?.name === name)?.value;
        if (typeof env('NFS_SERVER') === 'string') this.edge(from, this.server(env('NFS_SERVER'), env('NFS_PATH')), 'provisions into');
      }
      // A StatefulSet's claim templates are mounted like volumes of the same name.
      for (const t of asArray(m.spec?.volumeClaimTemplates)) {
        const name = t?.metadata?.name;
        if (typeof name === 'string') this.edge(from, templateKey(m, name), mounted(name));
      }
    }
  }

  // ---- storage ------------------------------------------------------------------------------

  private addClaim(claim: Claim): void {
    const owner = claim.owner;
    const details = [claim.requestText === 'undefined' ? '' : claim.requestText, shortModes(claim.modes)]
      .filter(x => x).join(' · ');
    const template = kindOf(owner) === 'StatefulSet' ? claimTemplateName(claim) : undefined;
    const from = template !== undefined
      ? this.nodeFor(templateKey(owner, template), () => ({
        style: NodeStyle.CLAIM,
        lines: [`claim template ${template}`, claimRange(claim.names), details].filter(x => x),
      }))
      : this.objectNode(owner);
    if (claim.volumeName) {
      this.edge(from, this.ref('PersistentVolume', undefined, claim.volumeName), 'bound to');
      return;
    }
    if (claim.className === undefined) {
      const defaults = this.ofKind('StorageClass').filter(m => m.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
      const to = defaults.length === 1 ? this.objectNode(defaults[0])
        : this.nodeFor('StorageClass/(default)', () => ({ style: NodeStyle.CLASS, lines: ['the cluster\'s default StorageClass'] }), true);
      this.edge(from, to);
      return;
    }
    const cls = this.byKey.get(objectKey('StorageClass', undefined, claim.className));
    if (cls) {
      this.edge(from, this.objectNode(cls.manifest));
      return;
    }
    // No class object: the claim binds to a static volume of the same class ('' = none).
    const volumes = this.ofKind('PersistentVolume').filter(m => (m.spec?.storageClassName ?? '') === claim.className);
    if (volumes.length > 0) volumes.forEach(pv => this.edge(from, this.objectNode(pv), 'binds'));
    else if (claim.className !== '') this.edge(from, this.ref('StorageClass', undefined, claim.className));
  }

  private addVolume(m: Manifest): void {
    const from = this.objectNode(m);
    const spec = m.spec ?? {};
    if (isObject(spec.nfs)) this.edge(from, this.server(spec.nfs.server, spec.nfs.path));
    if (spec.csi?.driver === CSI_NFS) {
      const attrs = spec.csi.volumeAttributes ?? {};
      this.edge(from, this.server(attrs.server, attrs.share), attrs.subdir ?? attrs.subDir);
    }
    if (isObject(spec.hostPath)) {
      const p = String(spec.hostPath.path);
      this.edge(from, this.nodeFor(`HostPath/${p}`, () => ({ style: NodeStyle.SERVER, lines: [`hostPath ${p}`, 'on the node'] })));
    }
  }

  private addStorageClass(m: Manifest): void {
    const from = this.objectNode(m);
    const provisioner = String(m.provisioner);
    const deployments = this.provisioners.get(provisioner) ?? [];
    if (deployments.length > 0) {
      deployments.forEach(d => this.edge(from, this.objectNode(d), 'provisioned by'));
    } else if (provisioner === CSI_NFS) {
      const driver = this.nodeFor(`CSIDriver/${CSI_NFS}`, () => ({ style: NodeStyle.PROVISIONER, lines: [`CSI driver ${CSI_NFS}`] }));
      this.edge(from, driver, 'provisioned by');
      this.edge(driver, this.server(m.parameters?.server, m.parameters?.share), nameOf(m));
    } else {
      this.edge(from, this.nodeFor(`Provisioner/${provisioner}`, () => ({ style: NodeStyle.PROVISIONER, lines: [`provisioner ${provisioner}`, 'outside these manifests'] })), 'provisioned by');
    }
  }

  private server(host: unknown, exportPath: unknown): string {
    const where = `${String(host)}:${exportPath === undefined ? '/' : String(exportPath)}`;
    return this.nodeFor(`NFS/${where}`, () => ({ style: NodeStyle.SERVER, lines: ['NFS server', where] }));
  }

  /** Keeps the diagram's own objects and what they lead to; other objects were only context. */
  private prune(): void {
    const keep = new Set<string>();
    const queue = this.own.filter(k => this.nodes.has(k));
    const out = new Map<string, string[]>();
    for (const e of this.edges.values()) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
    while (queue.length > 0) {
      const key = queue.pop()!;
      if (keep.has(key) || !this.nodes.has(key)) continue;
      keep.add(key);
      queue.push(...(out.get(key) ?? []));
    }
    // Gateways and clients lead to the diagram's objects rather than from them.
    for (const e of this.edges.values()) if (this.nodes.get(e.from)?.style === NodeStyle.GATEWAY && keep.has(e.to)) keep.add(e.from);
    if ([...this.edges.values()].some(e => e.from === 'Clients' && keep.has(e.to))) keep.add('Clients');
    for (const key of [...this.nodes.keys()]) if (!keep.has(key)) this.nodes.delete(key);
    for (const [key, e] of [...this.edges.entries()]) if (!keep.has(e.from) || !keep.has(e.to)) this.edges.delete(key);
  }
}

function keyOf(m: Manifest): string {
  const clusterScoped = kindOf(m) === 'StorageClass' || kindOf(m) === 'PersistentVolume';
  return objectKey(kindOf(m), clusterScoped ? undefined : namespaceOf(m), nameOf(m));
}

function templateKey(sts: Manifest, template: string): string {
  return `ClaimTemplate/${namespaceOf(sts)}/${nameOf(sts)}/${template}`;
}

/** `data` from a template claim's names (`data-db-0`): the names are `<template>-<sts>-<n>`. */
function claimTemplateName(claim: Claim): string {
  const index = Number(claim.field.match(/volumeClaimTemplates\[(\d+)\]/)?.[1]);
  return String(asArray(claim.owner.spec?.volumeClaimTemplates)[index]?.metadata?.name);
}

function claimRange(names: string[]): string {
  if (names.length === 0) return 'no replicas';
  return names.length === 1 ? names[0] : `${names[0]} … ${names[names.length - 1]}`;
}

/** Mount paths of each volume of a pod template, sorted. */
function mountPaths(template: PodTemplate): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { container } of containersOf(template)) {
    for (const vm of asArray(container.volumeMounts)) {
      if (typeof vm?.name !== 'string' || typeof vm?.mountPath !== 'string') continue;
      out.set(vm.name, [...new Set([...(out.get(vm.name) ?? []), vm.mountPath])].sort());
    }
  }
  return out;
}

function describe(m: Manifest, hpa: Manifest | undefined): Omit<GraphNode, 'key' | 'note' | 'missing'> {
  const kind = kindOf(m);
  const title = `${kind} ${shownName(m)}`;
  const spec = m.spec ?? {};
  switch (kind) {
    case 'Gateway': {
      const listeners = listenersOf(m).map(l => `${l.name} :${l.port} ${l.protocol}${l.hostname ? ` ${l.hostname}` : ''}`);
      return { style: NodeStyle.GATEWAY, lines: [title, spec.gatewayClassName ? `class ${spec.gatewayClassName}` : '', ...listeners].filter(x => x) };
    }
    case 'HTTPRoute': case 'GRPCRoute': {
      const hosts = asArray(spec.hostnames).filter(h => typeof h === 'string');
      return { style: NodeStyle.ROUTE, lines: [title, hosts.length > 0 ? hosts.join(', ') : 'any hostname'] };
    }
    case 'Ingress':
      return { style: NodeStyle.INGRESS, lines: [title, spec.ingressClassName ? `class ${spec.ingressClassName}` : '', asArray(spec.tls).length ? 'TLS' : ''].filter(x => x) };
    case 'Service': {
      const type = spec.type ?? 'ClusterIP';
      const ports = asArray(spec.ports).map(p => `${p?.port}→${p?.targetPort ?? p?.port}${p?.nodePort ? ` node ${p.nodePort}` : ''}${p?.protocol && p.protocol !== 'TCP' ? `/${p.protocol}` : ''}`);
      const shape = spec.clusterIP === 'None' ? 'headless' : type;
      return { style: NodeStyle.SERVICE, lines: [title, [shape, ...ports].join(' · ')] };
    }
    case 'ConfigMap': {
      const keys = Object.keys(m.data ?? {}).length + Object.keys(m.binaryData ?? {}).length;
      return { style: NodeStyle.CONFIG, lines: [title, `${keys} ${keys === 1 ? 'key' : 'keys'}${m.immutable === true ? ' · immutable' : ''}`] };
    }
    case 'PersistentVolumeClaim': {
      return { style: NodeStyle.CLAIM, lines: [title, [spec.resources?.requests?.storage, shortModes(spec.accessModes)].filter(x => x).join(' · ')].filter(x => x) };
    }
    case 'PersistentVolume': {
      const size = spec.capacity?.storage;
      return { style: NodeStyle.VOLUME, lines: [title, [size, shortModes(spec.accessModes), spec.persistentVolumeReclaimPolicy ?? 'Retain'].filter(x => x).join(' · ')] };
    }
    case 'StorageClass': {
      const onDelete = nfsDeleteBehaviour(m);
      const facts = [`reclaim ${m.reclaimPolicy ?? 'Delete'}`, onDelete ? ON_DELETE[onDelete] ?? `onDelete ${onDelete}` : '', m.allowVolumeExpansion === true ? 'expandable' : ''];
      const isDefault = m.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true';
      return { style: NodeStyle.CLASS, lines: [title + (isDefault ? ' (default)' : ''), facts.filter(x => x).join(' · ')] };
    }
    default:
      return { style: NodeStyle.WORKLOAD, lines: [title, scaleOf(m, hpa)].filter(x => x) };
  }
}

function scaleOf(m: Manifest, hpa: Manifest | undefined): string {
  const spec = m.spec ?? {};
  if (hpa) return `replicas ${hpa.spec?.minReplicas ?? 1}–${hpa.spec?.maxReplicas} (HPA)`;
  switch (kindOf(m)) {
    case 'Deployment': case 'StatefulSet': case 'ReplicaSet': case 'ReplicationController':
      return `replicas ${spec.replicas ?? 1}`;
    case 'DaemonSet': return 'one pod per node';
    case 'CronJob': return `schedule ${spec.schedule}`;
    case 'Job': return spec.completions !== undefined ? `completions ${spec.completions}` : '';
    default: return '';
  }
}
