/**
 * The scenarios the benchmark runs, each written three ways: with this library (patterns), as
 * raw cdk8s ApiObjects holding the library's own output (raw), and hand-assembled with
 * cdk8s-plus-28 the way a careful author would write the same objects (cdk8s-plus). All three
 * write the very same bytes (bench/run.ts checks every run), as in the issue's own harness: the
 * hand-written form sets the same labels, checksum annotation, probe timings and strategy, and
 * removes with JSON patches what cdk8s-plus adds and the library leaves out.
 *
 * - web: per app a Deployment, a ClusterIP Service, an Ingress and a ConfigMap whose keys
 *   reach the container through `envFrom` (ExposedWebApp + ConfigMapInjection).
 * - web-read: the same apps, with `web.deployment` read after construction (the README's way
 *   of customising a part); the output is the same bytes as web.
 * - storage: per app a 3-replica StatefulSet with one claim template and its headless Service;
 *   every claim asks for one NfsStorageClass shared by all apps.
 * - config: per app a ConfigMap of 20 keys of 2 KB each, mounted as files and read as 20
 *   environment variables by an unexposed web app (Deployment + Service).
 */
import { createHash } from 'crypto';
import { ApiObject, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ConfigMapInjection, ExposedWebApp, InjectionTarget, NfsStorageClass, StatefulAppWithStorage } from 'cdk8s-patterns';

export const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';

export const SCENARIOS = ['web', 'web-read', 'storage', 'storage-read', 'config'] as const;
export type Scenario = typeof SCENARIOS[number];

/** Builds N apps of a scenario with this library. */
export function addPatternApps(chart: Chart, scenario: Scenario, n: number): void {
  switch (scenario) {
    case 'web': return addWebApps(chart, n, false);
    case 'web-read': return addWebApps(chart, n, true);
    case 'storage': return addStorageApps(chart, n, false);
    case 'storage-read': return addStorageApps(chart, n, true);
    case 'config': return addConfigApps(chart, n);
  }
}

/** Builds N apps of a scenario with cdk8s-plus-28 by hand. */
export function addCdk8sPlusApps(chart: Chart, scenario: Scenario, n: number): void {
  switch (scenario) {
    case 'web':
    case 'web-read':
      return addPlusWebApps(chart, n);
    case 'storage':
    case 'storage-read':
      return addPlusStorageApps(chart, n);
    case 'config': return addPlusConfigApps(chart, n);
  }
}

/** Baseline (raw): cdk8s ApiObjects holding this library's own output as plain objects. */
export function addRawApps(chart: Chart, manifests: any[]): void {
  manifests.forEach((manifest, i) => new ApiObject(chart, `o${i}`, manifest));
}

function addWebApps(chart: Chart, n: number, readPart: boolean): void {
  for (let i = 0; i < n; i++) {
    const web = new ExposedWebApp(chart, `app${i}`, {
      image: IMAGE,
      ingress: { hosts: [`app${i}.example.com`], ingressClassName: 'nginx' },
    });
    // Reading a part is how the README says to customise one: it builds the cdk8s-plus objects.
    if (readPart && web.deployment.replicas !== 2) throw new Error('unexpected replicas');
    const config = new ConfigMapInjection(chart, `app${i}-config`, { literals: { LOG_LEVEL: 'info', GREETING: `hello from app ${i}` } });
    config.injectAllEnv(InjectionTarget.fromPattern(web));
  }
}

/**
 * 20 keys of 2 KB each, different per app. Each value is made a flat string of its own, as
 * values read from files or JSON are (padEnd alone gives a rope sharing its filler, which
 * some modes would flatten and others not: unequal memory for the same bytes).
 */
function configKeys(i: number): Record<string, string> {
  return configInputs[i] ?? makeConfigKeys(i);
}

/** Config values made ahead by `prepareInputs`, by app. */
const configInputs: Record<string, string>[] = [];

/**
 * Makes a scenario's input data (the config scenario's 40 KB of values per app) before the
 * clock starts, as the raw baseline reads its manifests before it: only building and
 * synthesizing are timed, in every mode.
 */
export function prepareInputs(scenario: Scenario, n: number): void {
  if (scenario === 'config') for (let i = 0; i < n; i++) configInputs[i] = makeConfigKeys(i);
}

function makeConfigKeys(i: number): Record<string, string> {
  const keys: Record<string, string> = {};
  for (let k = 0; k < 20; k++) keys[`key${String(k).padStart(2, '0')}`] = Buffer.from(`${i}-${k}:`.padEnd(2048, 'abcdefghij'), 'latin1').toString('latin1');
  return keys;
}

const envNames = (keys: Record<string, string>) => Object.fromEntries(Object.keys(keys).map(key => [key.toUpperCase(), key]));

function addConfigApps(chart: Chart, n: number): void {
  for (let i = 0; i < n; i++) {
    const web = new ExposedWebApp(chart, `app${i}`, { image: IMAGE });
    const literals = configKeys(i);
    const config = new ConfigMapInjection(chart, `app${i}-config`, { literals });
    config.mountFiles(InjectionTarget.fromPattern(web), { path: '/etc/config' });
    config.injectEnv(InjectionTarget.fromPattern(web), { variables: envNames(literals) });
  }
}

function addStorageApps(chart: Chart, n: number, readPart: boolean): void {
  const nfs = new NfsStorageClass(chart, 'nfs', { server: '10.0.0.1', path: '/exports' });
  for (let i = 0; i < n; i++) {
    const db = new StatefulAppWithStorage(chart, `db${i}`, {
      image: IMAGE,
      replicas: 3,
      storage: { name: 'data', size: '1Gi', mountPath: '/data', storageClass: nfs },
    });
    if (readPart && db.statefulSet.replicas !== 3) throw new Error('unexpected replicas');
  }
}

// ---- cdk8s-plus-28 by hand ----

const podSecurity: kplus.PodSecurityContextProps = {
  ensureNonRoot: true, user: 10001, group: 10001, fsGroup: 10001, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
};
const containerSecurity: kplus.ContainerSecurityContextProps = {
  ensureNonRoot: true,
  user: 10001,
  group: 10001,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: [kplus.Capability.ALL] },
  seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
};
const resources = (): kplus.ContainerResources => ({
  cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(150) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(192) },
});

/** The labels this library puts on every object of an app, and the two its selectors use. */
function plusLabels(name: string, component: string): { all: Record<string, string>; selector: Record<string, string> } {
  return {
    all: {
      'app.kubernetes.io/component': component,
      'app.kubernetes.io/instance': name,
      'app.kubernetes.io/managed-by': 'cdk8s-patterns',
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/part-of': name,
    },
    selector: { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/name': name },
  };
}

/** The checksum of a ConfigMap's data that rolls the pods reading it, as a careful author computes it. */
function plusChecksum(data: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.keys(data).sort().map(key => [key, data[key]]));
  return createHash('sha256').update(JSON.stringify({ binaryData: {}, data: sorted }), 'utf8').digest('hex');
}

/** The library's probe timings on port 8080: readiness fails after `failureThreshold` periods, liveness after twice that. */
const probeOptions = (failureThreshold: number) => ({
  port: 8080, failureThreshold, periodSeconds: Duration.seconds(10), timeoutSeconds: Duration.seconds(1),
});
const httpProbe = (failureThreshold: number) => kplus.Probe.fromHttpGet('/', probeOptions(failureThreshold));
const tcpProbe = (failureThreshold: number) => kplus.Probe.fromTcpSocket(probeOptions(failureThreshold));

/** The path-derived label cdk8s-plus puts on every pod template (and a StatefulSet's Service selects), which the library leaves out. */
const ADDRESS_LABEL = 'cdk8s.io~1metadata.addr';

/** The main container as the library writes it: its port name and probes differ by pattern. */
function plusContainer(chart: Chart, name: string, portName: string, probe: (failureThreshold: number) => kplus.Probe): kplus.ContainerProps {
  return {
    name: 'app',
    image: IMAGE,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    ports: [{ number: 8080, name: portName }],
    readiness: probe(3),
    liveness: probe(6),
    resources: resources(),
    securityContext: containerSecurity,
    volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, `${name}-tmp`, 'scratch-tmp') }],
  };
}

function plusWebDeployment(chart: Chart, name: string, configName: string, data: Record<string, string>): kplus.Deployment {
  const labels = plusLabels(name, 'web');
  const deployment = new kplus.Deployment(chart, name, {
    metadata: { name, labels: labels.all },
    podMetadata: { labels: labels.all, annotations: { 'checksum/config': `${configName}:${plusChecksum(data)}` } },
    select: false,
    replicas: 2,
    strategy: kplus.DeploymentStrategy.rollingUpdate({
      maxSurge: kplus.PercentOrAbsolute.percent(25),
      maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
    }),
    securityContext: podSecurity,
    automountServiceAccountToken: false,
    containers: [plusContainer(chart, name, 'http', httpProbe)],
  });
  deployment.select(kplus.LabelSelector.of({ labels: labels.selector }));
  ApiObject.of(deployment).addJsonPatch(
    JsonPatch.add('/spec/revisionHistoryLimit', 10),
    JsonPatch.remove(`/spec/template/metadata/labels/${ADDRESS_LABEL}`),
  );
  return deployment;
}

/** The web apps' Service port. */
const WEB_SERVICE: kplus.ServiceProps = { ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: kplus.Protocol.TCP }] };

/** A Service selecting the app's pods as the library writes it: `props` gives what differs (the port, headless fields). */
function plusService(chart: Chart, name: string, serviceName: string, component: string, props: kplus.ServiceProps): kplus.Service {
  const labels = plusLabels(name, component);
  const service = new kplus.Service(chart, `${serviceName}-service`, { ...props, metadata: { name: serviceName, labels: labels.all } });
  for (const [key, value] of Object.entries(labels.selector)) service.selectLabel(key, value);
  // cdk8s-plus writes `externalIPs: []`, which the library leaves out.
  ApiObject.of(service).addJsonPatch(JsonPatch.remove('/spec/externalIPs'));
  return service;
}

function plusConfigMap(chart: Chart, name: string, data: Record<string, string>): kplus.ConfigMap {
  return new kplus.ConfigMap(chart, name, { metadata: { name, labels: plusLabels(name, 'config').all }, data });
}

function addPlusWebApps(chart: Chart, n: number): void {
  for (let i = 0; i < n; i++) {
    const name = `app${i}`;
    const data = { LOG_LEVEL: 'info', GREETING: `hello from app ${i}` };
    const deployment = plusWebDeployment(chart, name, `${name}-config`, data);
    const service = plusService(chart, name, name, 'web', WEB_SERVICE);
    const ingress = new kplus.Ingress(chart, `${name}-ingress`, { metadata: { name, labels: plusLabels(name, 'web').all }, className: 'nginx' });
    ingress.addHostRule(`${name}.example.com`, '/', kplus.IngressBackend.fromService(service, { port: 80 }));
    const config = plusConfigMap(chart, `${name}-config`, data);
    deployment.containers[0].env.copyFrom(kplus.Env.fromConfigMap(config));
  }
}

function addPlusConfigApps(chart: Chart, n: number): void {
  for (let i = 0; i < n; i++) {
    const name = `app${i}`;
    const data = configKeys(i);
    const deployment = plusWebDeployment(chart, name, `${name}-config`, data);
    plusService(chart, name, name, 'web', WEB_SERVICE);
    const config = plusConfigMap(chart, `${name}-config`, data);
    const container = deployment.containers[0];
    container.mount('/etc/config', kplus.Volume.fromConfigMap(chart, `${name}-files`, config, { name: `config-${name}-config` }), { readOnly: true });
    for (const [env, key] of Object.entries(envNames(data))) container.env.addVariable(env, kplus.EnvValue.fromConfigMap(config, key));
  }
}

function addPlusStorageApps(chart: Chart, n: number): void {
  // The class every claim asks for is this library's NfsStorageClass in every mode: one
  // provisioner written once, a fixed cost the same in each, outside what the scenario compares.
  new NfsStorageClass(chart, 'nfs', { server: '10.0.0.1', path: '/exports' });
  for (let i = 0; i < n; i++) {
    const name = `db${i}`;
    const labels = plusLabels(name, 'server');
    const headless = plusService(chart, name, `${name}-headless`, 'server', {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      ports: [{ name: 'tcp', port: 8080, targetPort: 8080, protocol: kplus.Protocol.TCP }],
    });
    const set = new kplus.StatefulSet(chart, name, {
      metadata: { name, labels: labels.all },
      podMetadata: { labels: labels.all },
      select: false,
      service: headless,
      replicas: 3,
      securityContext: podSecurity,
      automountServiceAccountToken: false,
      containers: [plusContainer(chart, name, 'tcp', tcpProbe)],
    });
    set.select(kplus.LabelSelector.of({ labels: labels.selector }));
    // Given to a StatefulSet, the Service selects its path-derived label too.
    ApiObject.of(headless).addJsonPatch(JsonPatch.remove(`/spec/selector/${ADDRESS_LABEL}`));
    // The patches use the L1 (TypeScript) field names, mapped to the manifest's afterwards.
    ApiObject.of(set).addJsonPatch(
      JsonPatch.remove(`/spec/template/metadata/labels/${ADDRESS_LABEL}`),
      JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { mountPath: '/data', name: 'data' }),
      JsonPatch.add('/spec/volumeClaimTemplates', [{
        metadata: { name: 'data', labels: labels.selector },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: kplus.k8s.Quantity.fromString('1Gi') } }, storageClassName: 'nfs' },
      }]),
      JsonPatch.add('/spec/persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' }),
    );
  }
}
