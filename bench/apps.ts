/**
 * The scenarios the benchmark runs, each written three ways: with this library (patterns), as
 * raw cdk8s ApiObjects holding the library's own output (raw), and hand-assembled with
 * cdk8s-plus-28 the way a careful author would write the same objects (cdk8s-plus).
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
import { ApiObject, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ConfigMapInjection, ExposedWebApp, InjectionTarget, NfsStorageClass, StatefulAppWithStorage } from 'cdk8s-patterns';

export const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';

export const SCENARIOS = ['web', 'web-read', 'storage', 'config'] as const;
export type Scenario = typeof SCENARIOS[number];

/** Builds N apps of a scenario with this library. */
export function addPatternApps(chart: Chart, scenario: Scenario, n: number): void {
  switch (scenario) {
    case 'web': return addWebApps(chart, n, false);
    case 'web-read': return addWebApps(chart, n, true);
    case 'storage': return addStorageApps(chart, n);
    case 'config': return addConfigApps(chart, n);
  }
}

/** Builds N apps of a scenario with cdk8s-plus-28 by hand. */
export function addCdk8sPlusApps(chart: Chart, scenario: Scenario, n: number): void {
  switch (scenario) {
    case 'web':
    case 'web-read':
      return addPlusWebApps(chart, n);
    case 'storage': return addPlusStorageApps(chart, n);
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

function addStorageApps(chart: Chart, n: number): void {
  const nfs = new NfsStorageClass(chart, 'nfs', { server: '10.0.0.1', path: '/exports' });
  for (let i = 0; i < n; i++) {
    new StatefulAppWithStorage(chart, `db${i}`, {
      image: IMAGE,
      replicas: 3,
      storage: { name: 'data', size: '1Gi', mountPath: '/data', storageClass: nfs },
    });
  }
}

// ---- cdk8s-plus-28 by hand ----

const podSecurity: kplus.PodSecurityContextProps = { ensureNonRoot: true, user: 10001, group: 10001, fsGroup: 10001 };
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

function plusWebDeployment(chart: Chart, name: string): kplus.Deployment {
  return new kplus.Deployment(chart, name, {
    metadata: { name },
    replicas: 2,
    securityContext: podSecurity,
    automountServiceAccountToken: false,
    containers: [{
      name: 'app',
      image: IMAGE,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      ports: [{ number: 8080, name: 'http' }],
      readiness: kplus.Probe.fromHttpGet('/', { port: 8080 }),
      liveness: kplus.Probe.fromHttpGet('/', { port: 8080, failureThreshold: 6 }),
      resources: resources(),
      securityContext: containerSecurity,
      volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, `${name}-tmp`, 'scratch-tmp') }],
    }],
  });
}

function addPlusWebApps(chart: Chart, n: number): void {
  for (let i = 0; i < n; i++) {
    const name = `app${i}`;
    const config = new kplus.ConfigMap(chart, `${name}-config`, {
      metadata: { name: `${name}-config` },
      data: { LOG_LEVEL: 'info', GREETING: `hello from app ${i}` },
    });
    const deployment = plusWebDeployment(chart, name);
    deployment.containers[0].env.copyFrom(kplus.Env.fromConfigMap(config));
    const service = deployment.exposeViaService({ name, ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
    const ingress = new kplus.Ingress(chart, `${name}-ingress`, { metadata: { name }, className: 'nginx' });
    ingress.addHostRule(`${name}.example.com`, '/', kplus.IngressBackend.fromService(service, { port: 80 }));
  }
}

function addPlusConfigApps(chart: Chart, n: number): void {
  for (let i = 0; i < n; i++) {
    const name = `app${i}`;
    const literals = configKeys(i);
    const config = new kplus.ConfigMap(chart, `${name}-config`, { metadata: { name: `${name}-config` }, data: literals });
    const deployment = plusWebDeployment(chart, name);
    const container = deployment.containers[0];
    container.mount('/etc/config', kplus.Volume.fromConfigMap(chart, `${name}-files`, config, { name: 'config-files' }), { readOnly: true });
    for (const [env, key] of Object.entries(envNames(literals))) container.env.addVariable(env, kplus.EnvValue.fromConfigMap(config, key));
    deployment.exposeViaService({ name, ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
  }
}

function addPlusStorageApps(chart: Chart, n: number): void {
  // The shared class, written once (its provisioner is a fixed cost, not part of the growth).
  new ApiObject(chart, 'nfs', {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'nfs' },
    provisioner: 'cluster.local/nfs-provisioner',
    parameters: { archiveOnDelete: 'true' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: true,
  });
  for (let i = 0; i < n; i++) {
    const name = `db${i}`;
    const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
    const headless = new kplus.Service(chart, `${name}-headless`, {
      metadata: { name: `${name}-headless`, labels: selector },
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      ports: [{ name: 'tcp', port: 8080, targetPort: 8080 }],
    });
    const set = new kplus.StatefulSet(chart, name, {
      metadata: { name, labels: selector },
      podMetadata: { labels: selector },
      select: false,
      service: headless,
      replicas: 3,
      securityContext: podSecurity,
      automountServiceAccountToken: false,
      containers: [{
        name: 'app',
        image: IMAGE,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        ports: [{ number: 8080, name: 'tcp' }],
        readiness: kplus.Probe.fromTcpSocket({ port: 8080 }),
        liveness: kplus.Probe.fromTcpSocket({ port: 8080, failureThreshold: 6 }),
        resources: resources(),
        securityContext: containerSecurity,
        volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, `${name}-tmp`, 'scratch-tmp') }],
      }],
    });
    for (const [key, value] of Object.entries(selector)) set.select(kplus.LabelSelector.of({ labels: { [key]: value } }));
    const api = ApiObject.of(set);
    api.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { mountPath: '/data', name: 'data' }));
    api.addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates', [{
      metadata: { name: 'data', labels: selector },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'nfs' },
    }]));
    api.addJsonPatch(JsonPatch.add('/spec/persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' }));
  }
}
