/**
 * The Service scenarios of the source documents 002, 003 and 004 (see ../../README.md),
 * one chart each. The documents' stock nginx/httpd images run as root on port 80, which the
 * restricted defaults refuse: nginx is replaced by nginxinc/nginx-unprivileged, which runs as
 * uid 101 on 8080 with its pid and temp files in /tmp (its Dockerfile), and httpd runs as the
 * non-root default user on port 80 through the unprivileged-port sysctl.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ExposedWebApp, ExternalNameService, ExternalTrafficPolicy, HeadlessService } from 'cdk8s-patterns';

/** 002: an httpd Deployment published on every node's port 30080. */
export class NodePortChart extends Chart {
  constructor(scope: App) {
    super(scope, 'storage-and-lb-002');
    new ExposedWebApp(this, 'httpd-deployment', {
      // Non-root nginx on 8080 (USER 101, pid and temp files in /tmp): the default writable /tmp suffices.
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
    // traefik/whoami (its Dockerfile): one static binary FROM scratch, no USER, listening on 80
    // unless given --port; it runs as any uid and writes nothing: no scratch /tmp needed.
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
      // The document's stock httpd, which listens on port 80 (EXPOSE 80, `Listen 80`) and
      // starts as root to bind it (docker-library/httpd 2.4/Dockerfile). Here it runs as the
      // non-root default user: the safe sysctl lets that user bind port 80, and httpd writes
      // only its pid file under logs/ (it logs to stdout and stderr, /proc/self/fd/1 and 2).
      image: 'httpd:2.4.68',
      containerPort: 80,
      appName: 'mytest',
      serviceName: 'httpd-service',
      replicas: 2,
      security: {
        allowPrivilegedPorts: true,
        writablePaths: ['/usr/local/apache2/logs'],
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
