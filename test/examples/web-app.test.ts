import { Testing } from 'cdk8s';
import { buildApp } from '../../examples/web-app/app';
import { expectWellFormed, find, synthApp } from '../support/synth';

function synthExample() {
  const app = Testing.app();
  buildApp(app);
  return { app, manifests: synthApp(app) };
}

describe('examples/web-app (documents 002, 003, 004)', () => {
  const { app, manifests } = synthExample();

  test('one chart per document, each snapshotted', () => {
    expect(app.charts.map(c => c.node.id)).toEqual(['storage-and-lb-002', 'whoami-003', 'services-004']);
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
    const deployment = find(manifests, 'Deployment', 'my-apache');
    expect(deployment.spec.replicas).toEqual(2);
    expect(deployment.spec.template.metadata.labels['app.kubernetes.io/name']).toEqual('mytest');
    // The stock httpd on port 80 as a non-root user, through the safe unprivileged-port sysctl.
    const pod = deployment.spec.template.spec;
    expect(pod.containers[0]).toMatchObject({ image: 'httpd:2.4.68', ports: [{ containerPort: 80, name: 'http' }] });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }] });
    expect(pod.containers[0].volumeMounts).toEqual([{ mountPath: '/usr/local/apache2/logs', name: 'scratch-usr-local-apache2-logs' }]);
    const svc = find(manifests, 'Service', 'httpd-service');
    expect(svc.spec.type).toEqual('ClusterIP');
    const ingress = find(manifests, 'Ingress', 'my-apache');
    expect(ingress.spec.ingressClassName).toEqual('nginx');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'httpd-service', port: { number: 80 } });
    expect(find(manifests, 'Service', 'headless').spec.clusterIP).toEqual('None');
    expect(find(manifests, 'Service', 'external-db').spec).toMatchObject({ type: 'ExternalName', externalName: 'db.example.com' });
    expect(find(manifests, 'NetworkPolicy', 'my-apache').spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
    ]);
  });
});
