import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ExposedWebApp, ExposedWebAppProps, ExternalTrafficPolicy, HealthChecks, ResourcePreset, SessionAffinity,
} from '../lib';
import { expectError, expectSynthError, expectWellFormed, find, newChart, synth } from './support/synth';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';

function build(props: Partial<ExposedWebAppProps> = {}, id = 'web') {
  const chart = newChart();
  const app = new ExposedWebApp(chart, id, { image: IMAGE, ...props });
  return { chart, app, manifests: () => synth(chart) };
}

function podSpec(manifests: any[]) {
  return find(manifests, 'Deployment').spec.template.spec;
}

describe('ExposedWebApp defaults', () => {
  const { app, manifests } = build();
  const out = manifests();
  const deployment = find(out, 'Deployment');
  const service = find(out, 'Service');

  test('writes a Deployment and a ClusterIP Service, nothing else', () => {
    expect(out.map(m => m.kind)).toEqual(['Deployment', 'Service']);
    expect(out).toMatchSnapshot();
  });

  test('every object is named after the construct id and carries the recommended labels', () => {
    for (const m of out) {
      expect(m.metadata.name).toEqual('web');
      expect(m.metadata.labels).toEqual({
        'app.kubernetes.io/name': 'web',
        'app.kubernetes.io/instance': 'web',
        'app.kubernetes.io/component': 'web',
        'app.kubernetes.io/part-of': 'web',
        'app.kubernetes.io/managed-by': 'cdk8s-patterns',
      });
    }
  });

  test('the selector is name + instance only, and is exactly what the Service selects', () => {
    const selector = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };
    expect(deployment.spec.selector).toEqual({ matchLabels: selector });
    expect(service.spec.selector).toEqual(selector);
    expect(app.selectorLabels).toEqual(selector);
    expect(deployment.spec.template.metadata.labels).toMatchObject(selector);
  });

  test('no path-derived cdk8s label leaks into the pod template', () => {
    expect(Object.keys(deployment.spec.template.metadata.labels)).not.toContain('cdk8s.io/metadata.addr');
  });

  test('2 replicas, rolling update without losing capacity, 10 revisions kept', () => {
    expect(deployment.spec.replicas).toEqual(2);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    expect(deployment.spec.revisionHistoryLimit).toEqual(10);
  });

  test('Service port 80 meets container port 8080 by name and number', () => {
    const container = podSpec(out).containers[0];
    expect(container.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    expect(service.spec.type).toEqual('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
    expect(service.spec).not.toHaveProperty('externalIPs');
  });

  test('pods meet the restricted Pod Security Standard', () => {
    const spec = podSpec(out);
    const container = spec.containers[0];
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 10001,
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'scratch-tmp' }]);
    expect(spec.volumes).toEqual([{ name: 'scratch-tmp', emptyDir: {} }]);
    expect(deployment.spec.template.metadata.annotations).toBeUndefined();
    expectWellFormed(out);
  });

  test('requests and limits from the nano preset, a pinned image pulled if not present', () => {
    const container = podSpec(out).containers[0];
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '150m', memory: '192Mi' } });
    expect(container.image).toEqual(IMAGE);
    expect(container.imagePullPolicy).toEqual('IfNotPresent');
  });

  test('HTTP readiness and liveness probes on / of the container port', () => {
    const container = podSpec(out).containers[0];
    expect(container.readinessProbe).toEqual({
      httpGet: { path: '/', port: 8080, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3,
    });
    expect(container.livenessProbe.failureThreshold).toEqual(6);
    expect(container.startupProbe).toBeUndefined();
  });

  test('exposes its parts and the in-cluster DNS name', () => {
    expect(app.deployment).toBeInstanceOf(kplus.Deployment);
    expect(app.service).toBeInstanceOf(kplus.Service);
    expect(app.workload).toBe(app.deployment);
    expect(app.mainContainer).toBe(app.deployment.containers[0]);
    expect(app.ingress).toBeUndefined();
    expect(app.dnsName).toEqual('web.default.svc.cluster.local');
    expect(app.dnsNameIn('corp.internal')).toEqual('web.default.svc.corp.internal');
    expect(app.url).toEqual('http://web.default.svc.cluster.local:80');
  });
});

describe('ExposedWebApp names and namespaces', () => {
  test('a camel-case id becomes a kebab-case name', () => {
    const { app } = build({}, 'MyApache');
    expect(app.name).toEqual('my-apache');
  });

  test('an explicit name and a separate Service name', () => {
    const { app, manifests } = build({ name: 'my-apache', serviceName: 'httpd-service' });
    const out = manifests();
    expect(find(out, 'Deployment').metadata.name).toEqual('my-apache');
    expect(find(out, 'Service').metadata.name).toEqual('httpd-service');
    expect(app.dnsName).toEqual('httpd-service.default.svc.cluster.local');
  });

  test('the chart namespace flows into every object and the DNS name', () => {
    const chart = newChart({ namespace: 'shop' });
    const app = new ExposedWebApp(chart, 'web', { image: IMAGE, ingress: {} });
    for (const m of synth(chart)) expect(m.metadata.namespace).toEqual('shop');
    expect(app.dnsName).toEqual('web.shop.svc.cluster.local');
  });

  test('a namespace prop wins over the chart', () => {
    const { app, manifests } = build({ namespace: 'team-a' });
    expect(find(manifests(), 'Service').metadata.namespace).toEqual('team-a');
    expect(app.url).toEqual('http://web.team-a.svc.cluster.local:80');
  });

  test('user labels win over the recommended ones and the selector follows', () => {
    const { manifests } = build({ appName: 'mytest', partOf: 'shop', component: 'frontend', labels: { tier: 'edge' } });
    const out = manifests();
    const deployment = find(out, 'Deployment');
    expect(deployment.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'mytest', 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/component': 'frontend', 'tier': 'edge',
    });
    expect(find(out, 'Service').spec.selector).toEqual({ 'app.kubernetes.io/name': 'mytest', 'app.kubernetes.io/instance': 'web' });
    expectWellFormed(out);
  });

  test('two apps of the same name in one namespace fail at synth', () => {
    const chart = newChart();
    new ExposedWebApp(chart, 'a', { image: IMAGE, name: 'shop' });
    new ExposedWebApp(chart, 'b', { image: IMAGE, name: 'shop' });
    expectSynthError(chart,
      "Deployment 'test/b/Deployment': invalid metadata.name \"shop\": 'test/a/Deployment' already uses this name" +
      '; applying both would overwrite one with the other. Give one of them another \'name\'');
  });
});

describe('ExposedWebApp Service types', () => {
  test('NodePort with a fixed node port (document 003: hello-svc on 30001)', () => {
    const { manifests } = build({ serviceType: kplus.ServiceType.NODE_PORT, servicePort: 8080, nodePort: 30001, serviceName: 'hello-svc' });
    const service = find(manifests(), 'Service');
    expect(service.spec.type).toEqual('NodePort');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080, nodePort: 30001, protocol: 'TCP' }]);
  });

  test('LoadBalancer with class, source ranges, local traffic policy and annotations', () => {
    const { manifests } = build({
      serviceType: kplus.ServiceType.LOAD_BALANCER,
      loadBalancerClass: 'service.k8s.aws/nlb',
      loadBalancerSourceRanges: ['10.0.0.0/8', '2001:db8::/32'],
      externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
      serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' },
    });
    const service = find(manifests(), 'Service');
    expect(service.spec).toMatchObject({
      type: 'LoadBalancer',
      loadBalancerClass: 'service.k8s.aws/nlb',
      loadBalancerSourceRanges: ['10.0.0.0/8', '2001:db8::/32'],
      externalTrafficPolicy: 'Local',
    });
    expect(service.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' });
  });

  test('external IPs on a ClusterIP Service (document 003: whoami with an external IP)', () => {
    const { manifests } = build({ externalIPs: ['192.168.1.10'] });
    expect(find(manifests(), 'Service').spec.externalIPs).toEqual(['192.168.1.10']);
  });

  test('client-IP session affinity with its timeout', () => {
    const { manifests } = build({ sessionAffinity: SessionAffinity.CLIENT_IP, sessionAffinityTimeout: Duration.minutes(30) });
    expect(find(manifests(), 'Service').spec).toMatchObject({
      sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 1800 } },
    });
  });

  test('no affinity fields unless asked', () => {
    const service = find(build().manifests(), 'Service');
    expect(service.spec).not.toHaveProperty('sessionAffinity');
    expect(service.spec).not.toHaveProperty('externalTrafficPolicy');
    expect(service.spec).not.toHaveProperty('loadBalancerClass');
  });
});

describe('ExposedWebApp Ingress', () => {
  test('routes hosts and a path to the Service port, with class, TLS and annotations', () => {
    const { app, manifests } = build({
      ingress: {
        hosts: ['shop.example.com', 'www.shop.example.com'],
        path: '/api',
        pathType: kplus.HttpIngressPathType.EXACT,
        ingressClassName: 'nginx',
        tlsSecretName: 'shop-tls',
        annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
      },
    });
    const out = manifests();
    const ingress = find(out, 'Ingress');
    const backend = { service: { name: 'web', port: { number: 80 } } };
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [
        { host: 'shop.example.com', http: { paths: [{ path: '/api', pathType: 'Exact', backend }] } },
        { host: 'www.shop.example.com', http: { paths: [{ path: '/api', pathType: 'Exact', backend }] } },
      ],
      tls: [{ hosts: ['shop.example.com', 'www.shop.example.com'], secretName: 'shop-tls' }],
    });
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
    expect(app.ingress).toBeInstanceOf(kplus.Ingress);
    expect(out.map(m => m.kind)).toEqual(['Deployment', 'Service', 'Ingress']);
    expectWellFormed(out);
  });

  test('without hosts it routes every host on / with Prefix', () => {
    const ingress = find(build({ ingress: {} }).manifests(), 'Ingress');
    expect(ingress.spec.rules).toEqual([{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }]);
    expect(ingress.spec).not.toHaveProperty('ingressClassName');
  });

  test('a default backend catches requests that match no rule', () => {
    const ingress = find(build({ ingress: { hosts: ['a.example.com'], defaultBackend: true } }).manifests(), 'Ingress');
    expect(ingress.spec.defaultBackend).toEqual({ service: { name: 'web', port: { number: 80 } } });
  });

  test('the backend follows a custom Service name and port', () => {
    const ingress = find(build({ serviceName: 'httpd-service', servicePort: 8081, ingress: {} }).manifests(), 'Ingress');
    expect(ingress.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'httpd-service', port: { number: 8081 } } });
  });
});

describe('ExposedWebApp scaling, budgets and policies', () => {
  test('an autoscaler owns the replica count', () => {
    const { app, manifests } = build({ autoscaling: { minReplicas: 3, maxReplicas: 10, targetCpuUtilizationPercent: 70 } });
    const out = manifests();
    const hpa = find(out, 'HorizontalPodAutoscaler');
    expect(find(out, 'Deployment').spec).not.toHaveProperty('replicas');
    expect(hpa.spec).toMatchObject({
      minReplicas: 3,
      maxReplicas: 10,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(app.autoscaler).toBeInstanceOf(kplus.HorizontalPodAutoscaler);
    expectWellFormed(out);
  });

  test('a disruption budget selects the same pods', () => {
    const out = build({ disruptionBudget: {} }).manifests();
    const pdb = find(out, 'PodDisruptionBudget');
    expect(pdb.spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } },
    });
    expectWellFormed(out);
  });

  test('a budget by minimum available pods', () => {
    const pdb = find(build({ replicas: 3, disruptionBudget: { minAvailable: kplus.PercentOrAbsolute.absolute(2) } }).manifests(), 'PodDisruptionBudget');
    expect(pdb.spec.minAvailable).toEqual(2);
    expect(pdb.spec).not.toHaveProperty('maxUnavailable');
  });

  test('a network policy admits only the ingress controller on the container port', () => {
    const out = build({ ingress: {}, networkPolicy: {} }).manifests();
    const policy = find(out, 'NetworkPolicy');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' } },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      }],
    });
  });

  test('a network policy admits the given peers: patterns, namespaces, CIDRs', () => {
    const chart = newChart();
    const frontend = new ExposedWebApp(chart, 'frontend', { image: IMAGE, namespace: 'web' });
    const api = new ExposedWebApp(chart, 'api', {
      image: IMAGE,
      namespace: 'backend',
      networkPolicy: { allowFrom: [frontend], allowFromNamespaces: ['monitoring'], allowFromCidrs: ['10.1.0.0/16'], allowSameNamespace: true },
    });
    const policy = synth(chart).find(m => m.kind === 'NetworkPolicy');
    expect(policy.metadata.namespace).toEqual('backend');
    expect(policy.spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
      {
        podSelector: { matchLabels: frontend.selectorLabels },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } },
      },
      { ipBlock: { cidr: '10.1.0.0/16' } },
      { podSelector: {} },
    ]);
    expect(api.networkPolicy).toBeDefined();
  });
});

describe('ExposedWebApp container options', () => {
  test('env, command and args', () => {
    const container = podSpec(build({ env: { LOG_LEVEL: 'debug' }, command: ['/bin/app'], args: ['--port', '8080'] }).manifests()).containers[0];
    expect(container.env).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
    expect(container.command).toEqual(['/bin/app']);
    expect(container.args).toEqual(['--port', '8080']);
  });

  test('a resource preset or explicit resources', () => {
    const small = podSpec(build({ resourcePreset: ResourcePreset.SMALL }).manifests()).containers[0];
    expect(small.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '750m', memory: '768Mi' } });
    const custom = podSpec(build({
      resources: {
        cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.units(1) },
        memory: { request: Size.mebibytes(64), limit: Size.gibibytes(1) },
      },
    }).manifests()).containers[0];
    expect(custom.resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '1', memory: '1024Mi' } });
  });

  test('TCP probes, a startup probe, custom probes, or none', () => {
    const tcp = podSpec(build({ healthChecks: HealthChecks.tcp({ startupTimeout: Duration.minutes(2) }) }).manifests()).containers[0];
    expect(tcp.readinessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(tcp.startupProbe).toMatchObject({ tcpSocket: { port: 8080 }, failureThreshold: 12, periodSeconds: 10 });
    const http = podSpec(build({ healthChecks: HealthChecks.http({ path: '/healthz', port: 9090, failureThreshold: 2 }) }).manifests()).containers[0];
    expect(http.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 9090, scheme: 'HTTP' });
    expect(http.livenessProbe.failureThreshold).toEqual(4);
    const custom = podSpec(build({ healthChecks: HealthChecks.custom({ readiness: kplus.Probe.fromCommand(['true']) }) }).manifests()).containers[0];
    expect(custom.readinessProbe.exec).toEqual({ command: ['true'] });
    expect(custom.livenessProbe).toBeUndefined();
    const none = podSpec(build({ healthChecks: HealthChecks.none() }).manifests()).containers[0];
    expect(none.readinessProbe).toBeUndefined();
    expect(none.livenessProbe).toBeUndefined();
  });

  test('extra writable paths get their own emptyDir', () => {
    const spec = podSpec(build({ security: { writablePaths: ['/tmp', '/var/cache/nginx'] } }).manifests());
    expect(spec.containers[0].volumeMounts).toEqual([
      { mountPath: '/tmp', name: 'scratch-tmp' },
      { mountPath: '/var/cache/nginx', name: 'scratch-var-cache-nginx' },
    ]);
    expect(spec.volumes.map((v: any) => v.name)).toEqual(['scratch-tmp', 'scratch-var-cache-nginx']);
  });

  test('relaxations are explicit and visible on the pod template', () => {
    const out = build({
      security: {
        readOnlyRootFilesystem: false,
        automountServiceAccountToken: true,
        addCapabilities: [kplus.Capability.NET_BIND_SERVICE, kplus.Capability.SYS_TIME],
        exceptionReason: 'legacy clock sync',
      },
    }).manifests();
    const template = find(out, 'Deployment').spec.template;
    expect(template.metadata.annotations).toEqual({
      'cdk8s-patterns.io/pod-security-exceptions':
        'readOnlyRootFilesystem=false; capabilities.add=SYS_TIME; automountServiceAccountToken=true; reason: legacy clock sync',
    });
    expect(template.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SYS_TIME'] });
    expect(template.spec.automountServiceAccountToken).toBe(true);
    // The checks accept what the annotation declares, and nothing else.
    expectWellFormed(out);
  });

  test('root only by explicit opt-out, recorded', () => {
    const template = find(build({ security: { allowRunAsRoot: true } }).manifests(), 'Deployment').spec.template;
    expect(template.spec.securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0 });
    expect(template.metadata.annotations['cdk8s-patterns.io/pod-security-exceptions']).toEqual('runAsNonRoot=false');
  });

  test('a port below 1024 for a non-root user: refused unless the pod may bind it', () => {
    expect(() => build({ containerPort: 80 })).toThrow(/invalid containerPort 80: the container runs as a non-root user, which cannot bind a port below 1024; set 'security.allowPrivilegedPorts'/);
    // The stock httpd image on port 80, as uid 1001: the safe sysctl lets it bind, nothing is relaxed.
    const { app, manifests } = build({ image: 'httpd:2.4.68', containerPort: 80, security: { allowPrivilegedPorts: true, writablePaths: ['/usr/local/apache2/logs'] } });
    const out = manifests();
    const template = find(out, 'Deployment').spec.template;
    expect(template.spec.securityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]);
    expect(template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(template.metadata.annotations).toBeUndefined();
    expect(template.spec.containers[0].ports).toEqual([{ containerPort: 80, name: 'http' }]);
    expect(find(out, 'Service').spec.ports[0]).toMatchObject({ port: 80, targetPort: 80 });
    expectWellFormed(out);
    // The cdk8s-plus parts carry the same sysctl.
    expect(app.deployment.securityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]);
    // Root, or an image whose binary has NET_BIND_SERVICE as a file capability, may bind it as they are.
    expect(() => build({ containerPort: 80, security: { allowRunAsRoot: true } })).not.toThrow();
    expect(() => build({ containerPort: 80, security: { addCapabilities: [kplus.Capability.NET_BIND_SERVICE] } })).not.toThrow();
    // Without the prop the pod has no sysctls.
    expect(podSpec(build().manifests()).securityContext.sysctls).toBeUndefined();
  });

  test('a mutable image tag only by explicit opt-out, then always pulled and recorded', () => {
    const template = find(build({ image: 'nginx:latest', allowMutableImageTag: true }).manifests(), 'Deployment').spec.template;
    expect(template.spec.containers[0].imagePullPolicy).toEqual('Always');
    expect(template.metadata.annotations['cdk8s-patterns.io/pod-security-exceptions']).toEqual('image-tag');
  });

  test('digests count as pinned', () => {
    const image = 'registry.example.com:5000/team/app@sha256:' + 'a'.repeat(64);
    expect(podSpec(build({ image }).manifests()).containers[0].image).toEqual(image);
  });

  test('users customise through the parts', () => {
    const { app, manifests } = build();
    app.mainContainer.env.addVariable('EXTRA', kplus.EnvValue.fromValue('1'));
    expect(podSpec(manifests()).containers[0].env).toEqual([{ name: 'EXTRA', value: '1' }]);
  });

  test('rollout settings', () => {
    const deployment = find(build({
      strategy: kplus.DeploymentStrategy.recreate(), revisionHistoryLimit: 3, minReady: Duration.seconds(5), progressDeadline: Duration.minutes(5),
    }).manifests(), 'Deployment');
    expect(deployment.spec).toMatchObject({ strategy: { type: 'Recreate' }, revisionHistoryLimit: 3, minReadySeconds: 5, progressDeadlineSeconds: 300 });
  });
});

describe('ExposedWebApp upgrade stability', () => {
  // Fields the API server refuses to change, or whose change would orphan objects.
  const immutable = (out: any[]) => ({
    selector: find(out, 'Deployment').spec.selector,
    serviceSelector: find(out, 'Service').spec.selector,
    names: out.map(m => `${m.kind}/${m.metadata.name}`),
  });
  const base: Partial<ExposedWebAppProps> = { ingress: {}, disruptionBudget: {} };
  test.each<[string, Partial<ExposedWebAppProps>]>([
    ['image', { image: 'nginxinc/nginx-unprivileged:1.27.4-alpine' }],
    ['replicas', { replicas: 5 }],
    ['env', { env: { A: 'b' } }],
    ['resources', { resourcePreset: ResourcePreset.LARGE }],
    ['probes', { healthChecks: HealthChecks.tcp() }],
    ['security', { security: { writablePaths: ['/tmp', '/cache'] } }],
  ])('changing %s leaves selectors and names unchanged', (_, change) => {
    const before = immutable(build(base).manifests());
    const after = immutable(build({ ...base, ...change }).manifests());
    expect(after).toEqual(before);
  });

  test('the same props synthesize byte-identical output', () => {
    const once = JSON.stringify(build({ ingress: { hosts: ['a.example.com'] } }).manifests());
    const twice = JSON.stringify(build({ ingress: { hosts: ['a.example.com'] } }).manifests());
    expect(twice).toEqual(once);
  });
});

describe('ExposedWebApp rejects bad input', () => {
  const at = "ExposedWebApp 'test/web': invalid";
  test.each<[string, Partial<ExposedWebAppProps>, string]>([
    ['a node port outside the range', { serviceType: kplus.ServiceType.NODE_PORT, nodePort: 80 },
      `${at} nodePort 80: must be within the node port range 30000-32767`],
    ['a node port on a ClusterIP Service', { nodePort: 30080 },
      `${at} nodePort 30080: is only allowed with serviceType NodePort or LoadBalancer, not ClusterIP`],
    ['container port 0', { containerPort: 0 }, `${at} containerPort 0: must be a port number within 1-65535`],
    ['container port 70000', { containerPort: 70000 }, `${at} containerPort 70000: must be a port number within 1-65535`],
    ['a fractional service port', { servicePort: 80.5 }, `${at} servicePort 80.5: must be a port number within 1-65535`],
    ['an invalid name', { name: 'My_App' },
      `${at} name "My_App": must be a DNS-1123 label: at most 63 characters, lowercase letters, digits and '-', starting and ending with a letter or digit`],
    ['an untagged image', { image: 'nginx' },
      `${at} image "nginx": must carry a tag other than 'latest' (e.g. "nginx:1.25.3") or a digest, so every rollout runs the same code; set 'allowMutableImageTag' to accept it`],
    ['the latest tag', { image: 'registry:5000/nginx:latest' },
      `${at} image "registry:5000/nginx:latest": must carry a tag other than 'latest' (e.g. "nginx:1.25.3") or a digest, so every rollout runs the same code; set 'allowMutableImageTag' to accept it`],
    ['an image with spaces', { image: 'nginx 1.2' }, `${at} image "nginx 1.2": must be a container image reference such as "nginx:1.25.3"`],
    ['min replicas above max', { autoscaling: { minReplicas: 5, maxReplicas: 3 } }, `${at} autoscaling.minReplicas 5: must not exceed maxReplicas (3)`],
    ['replicas with an autoscaler', { replicas: 3, autoscaling: { maxReplicas: 5 } },
      `${at} replicas 3: cannot be combined with 'autoscaling': the autoscaler owns the replica count; set autoscaling.minReplicas instead`],
    ['a CPU target above 100%', { autoscaling: { maxReplicas: 5, targetCpuUtilizationPercent: 150 } },
      `${at} autoscaling.targetCpuUtilizationPercent 150: must be a whole number within 1-100`],
    ['negative replicas', { replicas: -1 }, `${at} replicas -1: must be a whole number within 0-10000`],
    ['TLS without a host', { ingress: { tlsSecretName: 'web-tls' } },
      `${at} ingress.tlsSecretName "web-tls": needs at least one entry in hosts: a certificate is issued for host names`],
    ['an invalid host', { ingress: { hosts: ['Shop.Example.com'] } },
      `${at} ingress.hosts[0] "Shop.Example.com": must be a lowercase DNS name, optionally starting with '*.'`],
    ['a repeated host', { ingress: { hosts: ['a.example.com', 'a.example.com'] } },
      `${at} ingress.hosts ["a.example.com","a.example.com"]: must not repeat a host`],
    ['a relative path', { ingress: { path: 'api' } }, `${at} ingress.path "api": must be an absolute URL path starting with '/'`],
    ['an ExternalName type', { serviceType: kplus.ServiceType.EXTERNAL_NAME },
      `${at} serviceType "ExternalName": ExternalName Services have no pods to route to; use ExternalNameService for a DNS alias`],
    ['a load balancer class on ClusterIP', { loadBalancerClass: 'x' },
      `${at} loadBalancerClass "x": is only allowed with serviceType LoadBalancer, not ClusterIP`],
    ['a bad source range', { serviceType: kplus.ServiceType.LOAD_BALANCER, loadBalancerSourceRanges: ['10.0.0.0/33'] },
      `${at} loadBalancerSourceRanges[0] "10.0.0.0/33": must be a CIDR block such as '10.0.0.0/8' or '2001:db8::/32'`],
    ['a traffic policy without external traffic', { externalTrafficPolicy: ExternalTrafficPolicy.LOCAL },
      `${at} externalTrafficPolicy "Local": needs serviceType NodePort or LoadBalancer, or externalIPs; a ClusterIP Service has no external traffic`],
    ['an affinity timeout without affinity', { sessionAffinityTimeout: Duration.minutes(1) },
      `${at} sessionAffinityTimeout "60s": is only allowed with sessionAffinity ClientIP`],
    ['a bad external IP', { externalIPs: ['300.1.1.1'] }, `${at} externalIPs[0] "300.1.1.1": must be an IPv4 or IPv6 address`],
    ['resources without limits', { resources: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } } },
      `${at} resources.cpu {"request":"100m"}: must set both a request and a limit`],
    ['a request above its limit', { resources: { cpu: { request: kplus.Cpu.units(2), limit: kplus.Cpu.units(1) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } } },
      `${at} resources.cpu {"request":"2","limit":"1"}: the request may not exceed the limit`],
    ['resources and a preset', { resourcePreset: ResourcePreset.NANO, resources: {} },
      `${at} resourcePreset "nano": cannot be combined with 'resources'; give one of them`],
    ['uid 0 without opt-out', { security: { runAsUser: 0 } },
      `${at} security.runAsUser 0: uid 0 is root, which the restricted standard forbids; set 'security.allowRunAsRoot' to accept it`],
    ['a relative writable path', { security: { writablePaths: ['tmp'] } },
      `${at} security.writablePaths[0] "tmp": must be an absolute path starting with '/' and without '..' segments`],
    ['adding ALL capabilities', { security: { addCapabilities: [kplus.Capability.ALL] } },
      `${at} security.addCapabilities "ALL": adding ALL capabilities would undo the drop of ALL; name the capabilities the app needs`],
    ['an invalid env name', { env: { '1ST': 'x' } },
      `${at} env["1ST"] "1ST": must be an environment variable name: letters, digits, '_', '-' and '.', not starting with a digit`],
    ['an invalid label value', { labels: { team: 'a b' } },
      `${at} labels["team"] "a b": must be a label value: at most 63 characters, letters, digits, '-', '_' and '.', starting and ending with a letter or digit`],
    ['an invalid label key', { labels: { 'bad key': 'x' } },
      `${at} labels "bad key": each key must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'`],
    ['a budget that blocks every drain', { replicas: 2, disruptionBudget: { minAvailable: kplus.PercentOrAbsolute.absolute(2) } },
      `${at} disruptionBudget.minAvailable 2: must be lower than the replica count (2), or no pod can ever be evicted and every node drain hangs`],
    ['a budget allowing no eviction', { disruptionBudget: { maxUnavailable: kplus.PercentOrAbsolute.absolute(0) } },
      `${at} disruptionBudget.maxUnavailable 0: must allow at least one pod to be evicted, or every node drain hangs`],
    ['both budget fields', { disruptionBudget: { maxUnavailable: kplus.PercentOrAbsolute.absolute(1), minAvailable: kplus.PercentOrAbsolute.absolute(1) } },
      `${at} disruptionBudget.minAvailable 1: cannot be combined with 'maxUnavailable'; give one of them`],
    ['a policy that admits nobody', { networkPolicy: {} },
      `${at} networkPolicy.allowFrom []: names no source, so the policy would drop all traffic to the app; give allowFrom, allowFromNamespaces, allowFromCidrs or allowSameNamespace, or an 'ingress'`],
    ['a policy that drops NodePort traffic', { serviceType: kplus.ServiceType.NODE_PORT, ingress: {}, networkPolicy: {} },
      `${at} networkPolicy.allowFromCidrs []: must name the client networks when the Service is exposed outside the cluster (NodePort, LoadBalancer or externalIPs), or the policy drops that traffic; use ['0.0.0.0/0'] to accept any client`],
    ['a probe timeout longer than its period', { healthChecks: HealthChecks.http({ timeout: Duration.seconds(10) }) },
      `${at} healthChecks.timeout "10s": must be shorter than the period (10s)`],
    ['a custom probe without a port', { healthChecks: HealthChecks.custom({ liveness: kplus.Probe.fromTcpSocket() }) },
      `${at} healthChecks.liveness "no port": must name its port (e.g. Probe.fromTcpSocket({ port: 8080 })); without one cdk8s-plus probes port 80`],
    ['a probe path without a slash', { healthChecks: HealthChecks.http({ path: 'healthz' }) },
      `${at} healthChecks.path "healthz": must be an absolute URL path starting with '/'`],
    ['a port name too long', { portName: 'a-very-long-port-name' },
      `${at} portName "a-very-long-port-name": must be a port name: at most 15 lowercase letters, digits and '-', with at least one letter, no '--', starting and ending with a letter or digit`],
  ])('%s', (_, props, message) => {
    expectError(() => new ExposedWebApp(newChart(), 'web', { image: IMAGE, ...props }), message);
  });

  test('an id that makes no DNS name asks for an explicit name', () => {
    expectError(() => new ExposedWebApp(newChart(), '___', { image: IMAGE }),
      "ExposedWebApp 'test/___': invalid name \"\": the name derived from construct id '___' is not a DNS-1123 label of at most 63 characters; set 'name' explicitly");
  });

  test('missing props give a clear error, not a TypeError', () => {
    expectError(() => new ExposedWebApp(newChart(), 'web', undefined as any),
      "ExposedWebApp 'test/web': invalid props undefined: must be an object with at least 'image'");
  });
});
