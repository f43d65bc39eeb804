/**
 * The Service scenarios of the source documents 002, 003 and 004 (see ../../README.md),
 * one chart each. The documents' stock nginx/httpd images run as root on port 80, which the
 * restricted defaults refuse; these use images that run as a non-root user on 8080.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ExposedWebApp, ExternalNameService, ExternalTrafficPolicy, HeadlessService } from 'cdk8s-patterns';

/** 002: an httpd Deployment published on every node's port 30080. */
export class NodePortChart extends Chart {
  constructor(scope: App) {
    super(scope, 'storage-and-lb-002');
    new ExposedWebApp(this, 'httpd-deployment', {
      image: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
      serviceType: kplus.ServiceType.NODE_PORT,
      nodePort: 30080,
    });
  }
}

/** 003: `whoami` on NodePort 30001 as `hello-svc`, and behind a LoadBalancer. */
export class WhoamiChart extends Chart {
  constructor(scope: App) {
    super(scope, 'whoami-003');
    // whoami is a static binary that writes nothing: no scratch /tmp needed.
    const whoami = {
      image: 'traefik/whoami:v1.10.3',
      args: ['--port', '8080'],
      appName: 'hello-world',
      security: { writablePaths: [] },
    };
    new ExposedWebApp(this, 'hello-world', {
      ...whoami,
      serviceName: 'hello-svc',
      serviceType: kplus.ServiceType.NODE_PORT,
      servicePort: 8080,
      nodePort: 30001,
    });
    new ExposedWebApp(this, 'whoami-lb', {
      ...whoami,
      serviceType: kplus.ServiceType.LOAD_BALANCER,
      externalTrafficPolicy: ExternalTrafficPolicy.LOCAL,
      loadBalancerSourceRanges: ['0.0.0.0/0'],
    });
  }
}

/**
 * 004: `my-apache` (2 replicas) behind the ClusterIP Service `httpd-service` and an nginx
 * Ingress, a headless Service resolving to its pod IPs, and an ExternalName alias.
 */
export class LoadBalancingChart extends Chart {
  constructor(scope: App) {
    super(scope, 'services-004');
    const apache = new ExposedWebApp(this, 'my-apache', {
      image: 'bitnami/apache:2.4.62',
      appName: 'mytest',
      serviceName: 'httpd-service',
      replicas: 2,
      // Bitnami's Apache writes its config, logs and pid file at start-up.
      security: {
        writablePaths: ['/tmp', '/opt/bitnami/apache/conf', '/opt/bitnami/apache/logs', '/opt/bitnami/apache/var/run'],
      },
      ingress: { hosts: ['apache.example.com'], ingressClassName: 'nginx' },
      disruptionBudget: {},
      networkPolicy: {},
    });
    new HeadlessService(this, 'headless', { target: apache });
    new ExternalNameService(this, 'external-db', {
      externalName: 'db.example.com',
      ports: [{ port: 5432 }],
    });
  }
}

export function buildApp(app: App): void {
  new NodePortChart(app);
  new WhoamiChart(app);
  new LoadBalancingChart(app);
}
