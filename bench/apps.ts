/**
 * The three ways of writing the same N web apps that the benchmark compares. Each app is a
 * Deployment, a ClusterIP Service, an Ingress and a ConfigMap whose keys reach the container
 * as environment variables.
 */
import { ApiObject, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ConfigMapInjection, ExposedWebApp, InjectionTarget } from 'cdk8s-patterns';

export const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';

/** This library: one ExposedWebApp with an Ingress and one ConfigMapInjection per app. */
export function addPatternApps(chart: Chart, n: number): void {
  for (let i = 0; i < n; i++) {
    const web = new ExposedWebApp(chart, `app${i}`, {
      image: IMAGE,
      ingress: { hosts: [`app${i}.example.com`], ingressClassName: 'nginx' },
    });
    const config = new ConfigMapInjection(chart, `app${i}-config`, { literals: { LOG_LEVEL: 'info', GREETING: `hello from app ${i}` } });
    config.injectAllEnv(InjectionTarget.fromPattern(web));
  }
}

/** Baseline (a): raw cdk8s ApiObjects holding this library's own output as plain objects. */
export function addRawApps(chart: Chart, manifests: any[]): void {
  manifests.forEach((manifest, i) => new ApiObject(chart, `o${i}`, manifest));
}

/**
 * Baseline (b): the same apps hand-assembled with cdk8s-plus-28, with the same security
 * context, resources, probes and wiring a careful author would write.
 */
export function addCdk8sPlusApps(chart: Chart, n: number): void {
  for (let i = 0; i < n; i++) {
    const name = `app${i}`;
    const config = new kplus.ConfigMap(chart, `${name}-config`, {
      metadata: { name: `${name}-config` },
      data: { LOG_LEVEL: 'info', GREETING: `hello from app ${i}` },
    });
    const deployment = new kplus.Deployment(chart, name, {
      metadata: { name },
      replicas: 2,
      securityContext: { ensureNonRoot: true, user: 1001, group: 1001, fsGroup: 1001 },
      containers: [{
        name: 'app',
        image: IMAGE,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        ports: [{ number: 8080, name: 'http' }],
        envFrom: [kplus.Env.fromConfigMap(config)],
        readiness: kplus.Probe.fromHttpGet('/', { port: 8080 }),
        liveness: kplus.Probe.fromHttpGet('/', { port: 8080, failureThreshold: 6 }),
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(150) },
          memory: { request: Size.mebibytes(128), limit: Size.mebibytes(192) },
        },
        securityContext: {
          ensureNonRoot: true,
          user: 1001,
          group: 1001,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: [kplus.Capability.ALL] },
          seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
        },
        volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, `${name}-tmp`, 'scratch-tmp') }],
      }],
    });
    const service = deployment.exposeViaService({ name, ports: [{ port: 80, targetPort: 8080, name: 'http' }] });
    const ingress = new kplus.Ingress(chart, `${name}-ingress`, { metadata: { name }, className: 'nginx' });
    ingress.addHostRule(`${name}.example.com`, '/', kplus.IngressBackend.fromService(service, { port: 80 }));
  }
}
