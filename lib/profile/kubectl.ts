import * as kplus from 'cdk8s-plus-28';
import * as yaml from 'yaml';
import { DEFAULT_CLUSTER_DOMAIN, GATEWAY_GROUP } from './facts';
import { PROFILE_KIND } from './file';
import { ACCESS_MODES_ANNOTATION, parseAccessModes, provisionerAccessModes } from './provisioners';
import {
  ClusterProfileProps, NodePortRange, PodSecurityLevel, ProfileApiResource, ProfileGateway, ProfileGatewayClass, ProfileGatewayListener,
  ProfileIngressClass, ProfileNamespace, ProfileRoutesFrom, ProfileStorageClass,
} from './types';
import { asArray, isObject, Manifest } from '../checks/manifest';
import { NODE_PORT_MAX, NODE_PORT_MIN } from '../shared/checks';
import { VolumeBindingMode } from '../shared/storage';

/*
 * Reads what a user captures once with plain kubectl and turns it into a profile's props,
 * saying what is missing. Each file is recognised by its content, not its name:
 *
 *   kubectl version -o json                                                     → version
 *   kubectl api-versions                                                        → group/versions served
 *   kubectl api-resources                                                       → kinds served (optional)
 *   kubectl get storageclass,ingressclass,gatewayclass,gateway,namespace -A -o yaml   → the cluster's objects
 *   kubectl -n kube-system get configmap coredns -o yaml                        → DNS domain (optional)
 *   kubectl -n kube-system get pod -l component=kube-apiserver -o yaml          → node port range (optional, kubeadm)
 */

/** A captured file. */
export interface CaptureFile {
  readonly path: string;
  readonly text: string;
}

/** What a capture cannot say, given on the command line. */
export interface CaptureOptions {
  readonly name: string;
  readonly nodePortRange?: NodePortRange;
  readonly clusterDomain?: string;
  /** Access modes by StorageClass name; they win over annotations and the provisioner table. */
  readonly accessModes?: { readonly [className: string]: string[] };
  /** Kinds the cluster has none of, so an empty capture of them is knowledge, not a gap. */
  readonly none?: string[];
  readonly defaultPodSecurity?: PodSecurityLevel;
}

/** The props of a profile, the files they came from, and what is missing or assumed. */
export interface Capture {
  readonly props: ClusterProfileProps;
  readonly sources: { readonly path: string; readonly what: string }[];
  readonly notes: string[];
}

/** A capture that cannot be read: the message names the file and the problem. */
export class CaptureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureError';
  }
}

/** The kinds of objects the profile reads, as `--none` takes them. */
export const CAPTURED_KINDS = ['StorageClass', 'IngressClass', 'GatewayClass', 'Gateway', 'Namespace'];

const GROUP_VERSION = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v\d+((alpha|beta)\d+)?$/;
const DEFAULT_STORAGE_CLASS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];
const DEFAULT_INGRESS_CLASS = 'ingressclass.kubernetes.io/is-default-class';

interface Collected {
  version?: { version: string; note?: string };
  apiVersions?: string[];
  apiResources?: ProfileApiResource[];
  objects: Manifest[];
  clusterDomain?: string;
  nodePortRange?: NodePortRange;
}

/** Turns captured kubectl output into a profile's props and a list of what is missing. */
export function profileFromCaptures(files: CaptureFile[], options: CaptureOptions): Capture {
  const collected: Collected = { objects: [] };
  const sources: { path: string; what: string }[] = [];
  for (const file of files) sources.push({ path: file.path, what: readCapture(file, collected) });
  const notes: string[] = [];
  const none = new Set(options.none ?? []);
  const byKind = (kind: string) => collected.objects.filter(o => o.kind === kind);

  if (collected.version?.note) notes.push(collected.version.note);
  if (!collected.version) notes.push('Kubernetes version: unknown (no `kubectl version -o json` output); rules on fields and APIs by version are skipped');
  if (!collected.apiVersions) {
    notes.push('API versions: unknown (no `kubectl api-versions` output); built-in APIs are judged by the Kubernetes version, the Gateway API is not checked');
  }
  const gatewayApi = collected.apiVersions === undefined || collected.apiVersions.some(v => v.startsWith(`${GATEWAY_GROUP}/`));
  if (!gatewayApi) notes.push(`Gateway API: not served (no ${GATEWAY_GROUP} in \`kubectl api-versions\`); routes and Gateways are refused`);
  if (!collected.apiResources) notes.push('API kinds: not captured (optional: `kubectl api-resources`); a kind is judged by its group/version alone');

  const listOf = <T>(kind: string, plural: string, rules: string, convert: (o: Manifest) => T): T[] | undefined => {
    const found = byKind(kind);
    if (found.length > 0 || none.has(kind)) return found.map(convert);
    if ((kind === 'GatewayClass' || kind === 'Gateway') && !gatewayApi) return undefined;
    notes.push(`${plural}: none among the captured objects, so unknown; ${rules} are skipped (if the cluster has none, pass --none ${kind})`);
    return undefined;
  };
  const storageClasses = listOf('StorageClass', 'StorageClasses', 'claim rules', o => storageClassOf(o, options, notes));
  const ingressClasses = listOf('IngressClass', 'IngressClasses', 'Ingress class rules', ingressClassOf);
  const gatewayClasses = listOf('GatewayClass', 'GatewayClasses', 'Gateway class rules', gatewayClassOf);
  const gateways = listOf('Gateway', 'Gateways', 'route rules', gatewayOf);
  const namespaces = listOf('Namespace', 'Namespaces', 'Pod Security rules by namespace', namespaceOf);

  const nodePortRange = options.nodePortRange ?? collected.nodePortRange;
  if (!nodePortRange) {
    notes.push(`node port range: ${NODE_PORT_MIN}-${NODE_PORT_MAX}, the API server's default (not captured: pass --node-port-range, or add `
      + 'the output of `kubectl -n kube-system get pod -l component=kube-apiserver -o yaml` on kubeadm clusters)');
  }
  const clusterDomain = options.clusterDomain ?? collected.clusterDomain;
  if (!clusterDomain) {
    notes.push(`cluster domain: ${DEFAULT_CLUSTER_DOMAIN}, the default (not captured: pass --cluster-domain, or add the output of `
      + '`kubectl -n kube-system get configmap coredns -o yaml`)');
  }
  if (!options.defaultPodSecurity) {
    notes.push('Pod Security of namespaces without the enforce label: privileged, the admission default (pass --default-pod-security if the API server configures another)');
  }
  const ignored = collected.objects.filter(o => !CAPTURED_KINDS.includes(o.kind) && !isDomainSource(o) && !isApiServer(o));
  if (ignored.length > 0) {
    notes.push(`ignored ${ignored.length} object${ignored.length === 1 ? '' : 's'} of other kinds (${[...new Set(ignored.map(o => o.kind))].sort().join(', ')})`);
  }
  const props: ClusterProfileProps = {
    name: options.name,
    kubernetesVersion: collected.version?.version,
    clusterDomain,
    nodePortRange,
    defaultPodSecurity: options.defaultPodSecurity,
    storageClasses: storageClasses && sortBy(storageClasses, c => c.name),
    ingressClasses: ingressClasses && sortBy(ingressClasses, c => c.name),
    gatewayClasses: gatewayClasses && sortBy(gatewayClasses, c => c.name),
    gateways: gateways && sortBy(gateways, g => `${g.namespace}/${g.name}`),
    namespaces: namespaces && sortBy(namespaces, n => n.name),
    apiVersions: collected.apiVersions && [...new Set(collected.apiVersions)].sort(),
    apiResources: collected.apiResources && sortBy(collected.apiResources, r => `${r.groupVersion}/${r.kind}`),
  };
  return { props, sources, notes };
}

function sortBy<T>(list: T[], key: (item: T) => string): T[] {
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Reads one file into `collected` and says what it was. */
function readCapture(file: CaptureFile, collected: Collected): string {
  const lines = file.text.split(/\r?\n/).map(l => l.trim()).filter(l => l.length > 0);
  if (lines.length > 0 && lines.every(l => GROUP_VERSION.test(l))) {
    collected.apiVersions = [...(collected.apiVersions ?? []), ...lines];
    return 'kubectl api-versions';
  }
  if (lines.length > 0 && /^NAME\s.*\bAPIVERSION\s.*\bKIND\b/.test(lines[0])) {
    collected.apiResources = [...(collected.apiResources ?? []), ...parseApiResources(file)];
    return 'kubectl api-resources';
  }
  const docs = yaml.parseAllDocuments(file.text, { version: '1.1' });
  const what = new Set<string>();
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      throw new CaptureError(`${file.path}${line ? `:${line}` : ''}: not valid YAML or JSON: ${error.message.split('\n')[0]}`);
    }
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    what.add(readDocument(file.path, value, collected));
  }
  if (what.size === 0) throw new CaptureError(`${file.path}: empty; expected the output of one of the kubectl commands in docs/cluster-profile.md`);
  return [...what].join(', ');
}

function readDocument(path: string, value: unknown, collected: Collected): string {
  if (!isObject(value)) {
    throw new CaptureError(`${path}: not a kubectl output this command reads (expected kubectl version -o json, api-versions, api-resources, or objects as YAML)`);
  }
  if ('serverVersion' in value || 'clientVersion' in value) {
    collected.version = versionOf(path, value);
    return 'kubectl version';
  }
  if (isObject(value.kubeletconfig)) {
    if (typeof value.kubeletconfig.clusterDomain === 'string') collected.clusterDomain = value.kubeletconfig.clusterDomain;
    return 'kubelet configz';
  }
  if (value.kind === PROFILE_KIND) throw new CaptureError(`${path}: already a cluster profile; give the kubectl output it was made from`);
  const objects = value.kind === 'List' || value.kind?.endsWith?.('List') ? asArray(value.items) : [value];
  for (const o of objects) {
    if (!isObject(o) || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') {
      throw new CaptureError(`${path}: an item is not a Kubernetes object with a kind and a name`);
    }
    if (isDomainSource(o)) collected.clusterDomain = corefileDomain(o.data.Corefile) ?? collected.clusterDomain;
    if (isApiServer(o)) collected.nodePortRange = apiServerNodePorts(path, o) ?? collected.nodePortRange;
    collected.objects.push(o);
  }
  return 'objects';
}

/** The server's version; with `--emulated-version` (Kubernetes 1.32 on), the emulated one. */
function versionOf(path: string, value: any): { version: string; note?: string } | undefined {
  const server = value.serverVersion;
  if (!isObject(server)) {
    throw new CaptureError(`${path}: has no serverVersion: kubectl could not reach the cluster when it was captured; run \`kubectl version -o json\` again against the cluster`);
  }
  const digits = (v: unknown) => (typeof v === 'string' ? /^(\d+)/.exec(v)?.[1] : undefined);
  const fromGit = /^v(\d+)\.(\d+)/.exec(String(server.gitVersion ?? ''));
  const binaryMajor = digits(server.major) ?? fromGit?.[1];
  const binaryMinor = digits(server.minor) ?? fromGit?.[2];
  // Reported by Kubernetes 1.32 on; it differs from the binary's with --emulated-version.
  const major = digits(server.emulationMajor) ?? binaryMajor;
  const minor = digits(server.emulationMinor) ?? binaryMinor;
  if (major !== '1' || minor === undefined) throw new CaptureError(`${path}: serverVersion holds no Kubernetes 1.x version (${JSON.stringify(server.gitVersion)})`);
  const emulated = minor !== binaryMinor || major !== binaryMajor;
  return {
    version: `1.${Number(minor)}`,
    note: emulated ? `Kubernetes version: 1.${Number(minor)}, emulated by the API server (binary ${server.gitVersion}); rules follow the emulated version` : undefined,
  };
}

/** `kubectl api-resources` (also `-o wide`): columns start where their header starts. */
function parseApiResources(file: CaptureFile): ProfileApiResource[] {
  const lines = file.text.split(/\r?\n/).filter(l => l.trim().length > 0);
  const header = lines[0];
  const starts = [...header.matchAll(/\S+/g)].map(m => ({ name: m[0], at: m.index! }));
  const column = (line: string, name: string) => {
    const i = starts.findIndex(s => s.name === name);
    return line.slice(starts[i].at, i + 1 < starts.length ? starts[i + 1].at : undefined).trim().split(/\s+/)[0] ?? '';
  };
  return lines.slice(1).map((line, n) => {
    const resource = { groupVersion: column(line, 'APIVERSION'), kind: column(line, 'KIND') };
    if (!GROUP_VERSION.test(resource.groupVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(resource.kind)) {
      throw new CaptureError(`${file.path}:${n + 2}: not a line of \`kubectl api-resources\` (${JSON.stringify(line.trim())})`);
    }
    return resource;
  });
}

function isDomainSource(o: Manifest): boolean {
  return o.kind === 'ConfigMap' && o.metadata?.name === 'coredns' && o.metadata?.namespace === 'kube-system' && typeof o.data?.Corefile === 'string';
}

/** The zone of CoreDNS's `kubernetes` plugin that is not a reverse zone: the cluster domain. */
export function corefileDomain(corefile: string): string | undefined {
  for (const line of corefile.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== 'kubernetes') continue;
    const zone = words.slice(1).find(w => w !== '{' && !w.endsWith('.arpa') && !w.endsWith('.arpa.'));
    if (zone) return zone.replace(/\.$/, '');
  }
  return undefined;
}

function isApiServer(o: Manifest): boolean {
  return o.kind === 'Pod' && o.metadata?.namespace === 'kube-system'
    && asArray(o.spec?.containers).some(c => asArray(c?.command).some(a => typeof a === 'string' && a.endsWith('kube-apiserver')));
}

function apiServerNodePorts(path: string, pod: Manifest): NodePortRange | undefined {
  for (const c of asArray(pod.spec?.containers)) {
    for (const arg of [...asArray(c?.command), ...asArray(c?.args)]) {
      const match = typeof arg === 'string' ? /^--service-node-port-range=(\d+)-(\d+)$/.exec(arg) : null;
      if (match) return { min: Number(match[1]), max: Number(match[2]) };
      if (typeof arg === 'string' && arg.startsWith('--service-node-port-range=')) {
        throw new CaptureError(`${path}: cannot read ${arg} (expected --service-node-port-range=<min>-<max>)`);
      }
    }
  }
  return { min: NODE_PORT_MIN, max: NODE_PORT_MAX };
}

const annotation = (o: Manifest, key: string): string | undefined => {
  const value = o.metadata?.annotations?.[key];
  return typeof value === 'string' ? value : undefined;
};

function storageClassOf(o: Manifest, options: CaptureOptions, notes: string[]): ProfileStorageClass {
  const name: string = o.metadata.name;
  const given = options.accessModes?.[name];
  const annotated = annotation(o, ACCESS_MODES_ANNOTATION);
  const provisioner = typeof o.provisioner === 'string' ? o.provisioner : '';
  if (given === undefined && annotated === undefined && !provisionerAccessModes(provisioner).known) {
    notes.push(`StorageClass "${name}": provisioner ${provisioner} is not in the known provisioners table, so ReadWriteOnce only is assumed `
      + `(annotate the class with ${ACCESS_MODES_ANNOTATION}, or pass --access-modes ${name}=ReadWriteOnce,ReadWriteMany)`);
  }
  const modes = given ?? (annotated === undefined ? undefined : parseAccessModes(annotated));
  return {
    name,
    provisioner,
    defaultClass: DEFAULT_STORAGE_CLASS.some(key => annotation(o, key) === 'true') || undefined,
    volumeBindingMode: o.volumeBindingMode === undefined ? undefined : o.volumeBindingMode as VolumeBindingMode,
    allowVolumeExpansion: o.allowVolumeExpansion === undefined ? undefined : o.allowVolumeExpansion,
    accessModes: modes as kplus.PersistentVolumeAccessMode[] | undefined,
  };
}

function ingressClassOf(o: Manifest): ProfileIngressClass {
  return {
    name: o.metadata.name,
    controller: typeof o.spec?.controller === 'string' ? o.spec.controller : '',
    defaultClass: annotation(o, DEFAULT_INGRESS_CLASS) === 'true' || undefined,
  };
}

function gatewayClassOf(o: Manifest): ProfileGatewayClass {
  return { name: o.metadata.name, controllerName: typeof o.spec?.controllerName === 'string' ? o.spec.controllerName : '' };
}

function gatewayOf(o: Manifest): ProfileGateway {
  return {
    name: o.metadata.name,
    namespace: typeof o.metadata.namespace === 'string' ? o.metadata.namespace : 'default',
    gatewayClassName: o.spec?.gatewayClassName,
    listeners: asArray(o.spec?.listeners).map((l): ProfileGatewayListener => {
      const routes = isObject(l?.allowedRoutes) ? l.allowedRoutes : {};
      const kinds = asArray(routes.kinds).filter(k => (k?.group ?? GATEWAY_GROUP) === GATEWAY_GROUP).map(k => k?.kind);
      return {
        name: l?.name,
        protocol: l?.protocol,
        port: l?.port,
        hostname: l?.hostname,
        allowedRoutesFrom: routes.namespaces?.from as ProfileRoutesFrom | undefined,
        allowedRoutesSelector: routes.namespaces?.selector,
        allowedRouteKinds: asArray(routes.kinds).length > 0 ? kinds : undefined,
      };
    }),
  };
}

function namespaceOf(o: Manifest): ProfileNamespace {
  const labels = isObject(o.metadata.labels) ? o.metadata.labels : undefined;
  return { name: o.metadata.name, labels: labels && Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))) };
}
