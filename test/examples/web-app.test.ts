import * as path from 'path';
import { Testing } from 'cdk8s';
import { APACHE_NEXT, APACHE_STABLE, attachClusterProfile, buildApp, CLUSTER_PROFILES, CURRENT_RELEASE, GatewayRelease } from '../../examples/web-app/app';
import { CanaryTraffic, ClusterProfile, UpgradeGuard } from '../../lib';
import { fixtureProps } from '../support/profiles';
import { expectWellFormed, find, synthApp } from '../support/synth';

function synthExample() {
  const app = Testing.app();
  buildApp(app);
  return { app, manifests: synthApp(app) };
}

describe('examples/web-app (documents 002, 003, 004)', () => {
  const { app, manifests } = synthExample();

  test('one chart per document, each snapshotted', () => {
    expect(app.charts.map(c => c.node.id)).toEqual(['storage-and-lb-002', 'whoami-003', 'services-004', 'platform-gateway', 'gateway-004']);
    for (const chart of app.charts) expect(Testing.synth(chart)).toMatchSnapshot(chart.node.id);
  });

  test('every Service selects pods, every targetPort and backend lines up, every pod is restricted', () => {
    expectWellFormed(manifests);
  });

  test('002: httpd published on node port 30080', () => {
    const svc = find(manifests, 'Service', 'httpd-deployment');
    expect(svc.spec.type).toEqual('NodePort');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }]);
  });

  test('003: whoami as hello-svc on NodePort 30001, port 8080, and behind a LoadBalancer', () => {
    const hello = find(manifests, 'Service', 'hello-svc');
    expect(hello.spec).toMatchObject({ type: 'NodePort', ports: [{ port: 8080, targetPort: 8080, nodePort: 30001 }] });
    expect(hello.spec.selector['app.kubernetes.io/name']).toEqual('hello-world');
    const lb = find(manifests, 'Service', 'whoami-lb');
    expect(lb.spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    const whoami = find(manifests, 'Deployment', 'hello-world').spec.template.spec.containers[0];
    expect(whoami.args).toEqual(['--port', '8080']);
  });

  test('004: my-apache, 2 replicas, behind httpd-service and an nginx Ingress, plus headless and ExternalName Services', () => {
    // The same app on the Gateway API lives in namespace web; these are the namespace-less charts.
    const classic = manifests.filter(m => m.metadata.namespace === undefined);
    const deployment = find(classic, 'Deployment', 'my-apache');
    expect(deployment.spec.replicas).toEqual(2);
    expect(deployment.spec.template.metadata.labels['app.kubernetes.io/name']).toEqual('mytest');
    // The stock httpd on port 80 as a non-root user, through the safe unprivileged-port sysctl.
    const pod = deployment.spec.template.spec;
    expect(pod.containers[0]).toMatchObject({ image: 'httpd:2.4.68', ports: [{ containerPort: 80, name: 'http' }] });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] });
    expect(pod.containers[0].volumeMounts).toEqual([{ mountPath: '/usr/local/apache2/logs', name: 'scratch-usr-local-apache2-logs' }]);
    const svc = find(classic, 'Service', 'httpd-service');
    expect(svc.spec.type).toEqual('ClusterIP');
    const ingress = find(classic, 'Ingress', 'my-apache');
    expect(ingress.spec.ingressClassName).toEqual('nginx');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'httpd-service', port: { number: 80 } });
    expect(find(classic, 'Service', 'headless').spec.clusterIP).toEqual('None');
    expect(find(classic, 'Service', 'external-db').spec).toMatchObject({ type: 'ExternalName', externalName: 'db.example.com' });
    expect(find(classic, 'NetworkPolicy', 'my-apache').spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
    ]);
  });
});

describe('examples/web-app: 004 on the Gateway API', () => {
  const { manifests } = synthExample();
  const inWeb = (kind: string, name: string) => find(manifests.filter(m => m.metadata.namespace === 'web'), kind, name);

  test('the platform Gateway: HTTP and HTTPS for *.example.com, routes from namespace web only, certificate by cert-manager', () => {
    const gateway = find(manifests, 'Gateway', 'public');
    expect(gateway.metadata).toMatchObject({ namespace: 'gateway', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } });
    expect(gateway.spec.gatewayClassName).toEqual('eg');
    expect(gateway.spec.listeners.map((l: any) => [l.name, l.protocol, l.port, l.hostname])).toEqual([
      ['http', 'HTTP', 80, '*.example.com'], ['https', 'HTTPS', 443, '*.example.com'],
    ]);
    expect(gateway.spec.listeners[1].tls).toEqual({ certificateRefs: [{ name: 'wildcard-example-com' }] });
  });

  test('my-apache behind an HTTPRoute on the HTTPS listener, 90/10 between the stable and the canary Service, by port number', () => {
    const route = inWeb('HTTPRoute', 'my-apache');
    expect(route.spec.parentRefs).toEqual([{ name: 'public', namespace: 'gateway', sectionName: 'https' }]);
    expect(route.spec.hostnames).toEqual(['apache.example.com']);
    expect(route.spec.rules[0].backendRefs).toEqual([
      { name: 'httpd-service', port: 80, weight: 90 },
      { name: 'httpd-service-canary', port: 80, weight: 10 },
    ]);
    expect(inWeb('Service', 'httpd-service').spec.ports[0].port).toEqual(80);
    expect(inWeb('Service', 'httpd-service-canary').spec.ports[0].port).toEqual(80);
    expect(inWeb('Deployment', 'my-apache-canary').spec.template.spec.containers[0].image).toEqual(APACHE_NEXT);
    expect(inWeb('Deployment', 'my-apache').spec.template.spec.containers[0].image).toEqual(APACHE_STABLE);
  });

  test('plain HTTP is redirected to HTTPS on the HTTP listener', () => {
    const redirect = inWeb('HTTPRoute', 'my-apache-https-redirect');
    expect(redirect.spec.parentRefs).toEqual([{ name: 'public', namespace: 'gateway', sectionName: 'http' }]);
    expect(redirect.spec.rules[0].filters).toEqual([{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }]);
  });

  test('only Envoy Gateway\'s proxies may reach the stable and the canary pods', () => {
    for (const name of ['my-apache', 'my-apache-canary']) {
      expect(inWeb('NetworkPolicy', name).spec.ingress[0].from).toEqual([
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } } },
      ]);
    }
  });
});

describe('examples/web-app: a canary release, step by step', () => {
  const at = (release: GatewayRelease) => {
    const app = Testing.app();
    buildApp(app, release);
    return synthApp(app);
  };
  const steps: [string, GatewayRelease][] = [
    ['before', { image: APACHE_STABLE }],
    ['add canary', CURRENT_RELEASE],
    ['shift weight', { image: APACHE_STABLE, canary: { image: APACHE_NEXT, traffic: CanaryTraffic.percent(50) } }],
    ['promote', { image: APACHE_NEXT, canary: { image: APACHE_NEXT, traffic: CanaryTraffic.percent(50) } }],
    ['remove canary', { image: APACHE_NEXT }],
  ];
  const outputs = steps.map(([step, release]) => [step, at(release)] as const);
  const stable = (out: any[], kind: string, name: string) => out.find(m => m.kind === kind && m.metadata.name === name && m.metadata.namespace === 'web');

  test.each(outputs.slice(1).map((o, i) => [o[0], outputs[i][1], o[1]] as const))('%s: the upgrade guard finds nothing to refuse or lose', (_, before, after) => {
    expect(UpgradeGuard.compare(before, after)).toEqual([]);
    expectWellFormed(after);
  });

  test('the stable Deployment\'s selector and the stable Service are the same bytes at every step', () => {
    const [first, ...rest] = outputs.map(([, out]) => out);
    for (const out of rest) {
      expect(JSON.stringify(stable(out, 'Deployment', 'my-apache').spec.selector)).toEqual(JSON.stringify(stable(first, 'Deployment', 'my-apache').spec.selector));
      expect(JSON.stringify(stable(out, 'Service', 'httpd-service'))).toEqual(JSON.stringify(stable(first, 'Service', 'httpd-service')));
    }
  });

  test('each step changes only the canary objects, the weights and the stable image', () => {
    const kinds = (out: any[]) => out.filter(m => m.metadata.namespace === 'web').map(m => `${m.kind}/${m.metadata.name}`);
    expect(kinds(outputs[0][1])).toEqual([
      'Deployment/my-apache', 'Service/httpd-service', 'HTTPRoute/my-apache', 'HTTPRoute/my-apache-https-redirect',
      'PodDisruptionBudget/my-apache', 'NetworkPolicy/my-apache',
    ]);
    expect(kinds(outputs[1][1])).toEqual([
      'Deployment/my-apache', 'Service/httpd-service', 'HTTPRoute/my-apache', 'HTTPRoute/my-apache-https-redirect',
      'Deployment/my-apache-canary', 'Service/httpd-service-canary', 'PodDisruptionBudget/my-apache', 'NetworkPolicy/my-apache', 'NetworkPolicy/my-apache-canary',
    ]);
    const weights = (out: any[]) => stable(out, 'HTTPRoute', 'my-apache').spec.rules[0].backendRefs.map((b: any) => `${b.name}:${b.weight ?? 1}`);
    expect(outputs.map(([, out]) => weights(out))).toEqual([
      ['httpd-service:1'],
      ['httpd-service:90', 'httpd-service-canary:10'],
      ['httpd-service:50', 'httpd-service-canary:50'],
      ['httpd-service:50', 'httpd-service-canary:50'],
      ['httpd-service:1'],
    ]);
    for (const [kind, name] of [['PodDisruptionBudget', 'my-apache'], ['NetworkPolicy', 'my-apache'], ['HTTPRoute', 'my-apache-https-redirect']]) {
      expect(new Set(outputs.map(([, out]) => JSON.stringify(stable(out, kind, name)))).size).toEqual(1);
    }
  });
});

describe('examples/web-app against the profiles of two clusters (profiles/*.yaml)', () => {
  /** The app built as main.ts builds it for a target cluster: its errors at synth, and its manifests when there are none. */
  function against(profile: string) {
    const app = Testing.app();
    attachClusterProfile(app, profile);
    buildApp(app);
    const errors = app.node.findAll().flatMap(c => c.node.validate());
    return { app, errors };
  }

  test('the profile files are what `cdk8s-patterns profile` makes of the captures in test/fixtures/profile', () => {
    for (const cluster of CLUSTER_PROFILES as ('current' | 'legacy-1.28')[]) {
      const file = path.join(__dirname, '../../examples/web-app/profiles', `${cluster}.yaml`);
      expect(ClusterProfile.fromFile(file).toYaml()).toEqual(new ClusterProfile(fixtureProps(cluster, cluster)).toYaml());
    }
  });

  test('current (Gateway API, NFS class): synthesizes cleanly, to the same manifests as without a profile', () => {
    const { app, errors } = against('current');
    expect(ClusterProfile.of(app)?.name).toEqual('current');
    expect(errors).toEqual([]);
    expect(synthApp(app)).toEqual(synthApp(against('none').app));
  });

  test('legacy-1.28 (no Gateway API): the platform Gateway and the 004 app\'s routes fail, named by construct and prop; the Ingress of 004 passes', () => {
    const notServed = "the cluster profile 'legacy-1.28' (Kubernetes 1.28) serves no version of gateway.networking.k8s.io: the Gateway API CRDs are not installed";
    expect(against('legacy-1.28').errors).toEqual([
      `Gateway 'platform-gateway/public': invalid apiVersion "gateway.networking.k8s.io/v1": ${notServed}`,
      `ExposedWebApp 'gateway-004/my-apache': invalid route "gateway.networking.k8s.io/v1": ${notServed}`,
      `ExposedWebApp 'gateway-004/my-apache': invalid route.httpsRedirect "gateway.networking.k8s.io/v1": ${notServed}`,
    ]);
  });

  test('CLUSTER_PROFILE names one of the profiles, or none', () => {
    expect(() => attachClusterProfile(Testing.app(), 'prod')).toThrow('CLUSTER_PROFILE must be one of current, legacy-1.28, none; got "prod"');
    expect(ClusterProfile.of(against('none').app)).toBeUndefined();
  });
});
