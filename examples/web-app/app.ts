/**
 * The Service scenarios of the source documents 002, 003 and 004 (see ../../README.md),
 * one chart each. The documents' stock nginx/httpd images run as root on port 80, which the
 * restricted defaults refuse: nginx is replaced by nginxinc/nginx-unprivileged, which listens
 * on 8080 with its pid and temp files in /tmp (its Dockerfile) and runs under any uid, and httpd
 * runs as the non-root default user on port 80 through the unprivileged-port sysctl.
 * 004 comes again on the Gateway API, behind a platform team's Gateway, with a canary release.
 *
 * The app knows its target cluster: `profiles/` holds the cluster profiles of two clusters, made
 * with `cdk8s-patterns profile` from their kubectl captures (test/fixtures/profile): `current`
 * (Kubernetes 1.34 with the Gateway API and an NFS class) and `legacy-1.28` (neither).
 * `CLUSTER_PROFILE=legacy-1.28 cdk8s synth` fails, naming what that cluster lacks: the Gateway
 * API of the platform Gateway and of the 004 app's routes. The Ingress of 004 serves on both.
 */
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  AllowedRoutes, CanaryOptions, CanaryTraffic, ClusterProfile, ExposedWebApp, ExternalNameService, ExternalTrafficPolicy, Gateway, GatewayProtocol,
  HeadlessService, IGateway,
} from 'cdk8s-patterns';

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

/**
 * The platform team's shared Gateway (Envoy Gateway's class `eg`) in namespace `gateway`: plain
 * HTTP and HTTPS for `*.example.com`, with a wildcard certificate cert-manager issues, taking
 * routes from the app namespace `web` only.
 */
export class PlatformGatewayChart extends Chart {
  public readonly gateway: Gateway;

  constructor(scope: App) {
    super(scope, 'platform-gateway', { namespace: 'gateway' });
    const allowedRoutes = AllowedRoutes.fromNamespaces(['web']);
    this.gateway = new Gateway(this, 'public', {
      gatewayClassName: 'eg',
      annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
      listeners: [
        { name: 'http', protocol: GatewayProtocol.HTTP, hostname: '*.example.com', allowedRoutes },
        {
          name: 'https',
          protocol: GatewayProtocol.HTTPS,
          hostname: '*.example.com',
          certificates: [{ secretName: 'wildcard-example-com' }],
          allowedRoutes,
        },
      ],
    });
  }
}

/** The stable and the next image of the 004 app on the Gateway. */
export const APACHE_STABLE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';
export const APACHE_NEXT = 'nginxinc/nginx-unprivileged:1.27.4-alpine';

/** One release of the 004 app on the Gateway: the stable image and the canary, if one runs. */
export interface GatewayRelease {
  readonly image: string;
  readonly canary?: CanaryOptions;
}

/** What is released now: the stable image, and the next one as a canary getting 10% of the traffic. */
export const CURRENT_RELEASE: GatewayRelease = {
  image: APACHE_STABLE,
  canary: { image: APACHE_NEXT, traffic: CanaryTraffic.percent(10) },
};

/**
 * 004 on the Gateway API, in namespace `web`: `my-apache` (2 replicas) behind `httpd-service`
 * and an HTTPRoute on the platform Gateway's HTTPS listener, plain HTTP redirected to HTTPS,
 * and a canary ("grey") release of the next image by route weights (90/10).
 */
export class GatewayLoadBalancingChart extends Chart {
  constructor(scope: App, gateway: IGateway, release: GatewayRelease = CURRENT_RELEASE) {
    super(scope, 'gateway-004', { namespace: 'web' });
    new ExposedWebApp(this, 'my-apache', {
      image: release.image,
      appName: 'mytest',
      serviceName: 'httpd-service',
      replicas: 2,
      route: {
        parents: [{ gateway, sectionName: 'https' }],
        hostnames: ['apache.example.com'],
        httpsRedirect: { parents: [{ gateway, sectionName: 'http' }] },
      },
      canary: release.canary,
      disruptionBudget: {},
      // Envoy Gateway runs the proxies of every Gateway in its own namespace.
      networkPolicy: { gatewayDataPlaneNamespaces: ['envoy-gateway-system'] },
    });
  }
}

/** The clusters this app has a profile of, in profiles/<name>.yaml. */
export const CLUSTER_PROFILES = ['current', 'legacy-1.28'];

/**
 * Attaches the profile of the target cluster, by name (`CLUSTER_PROFILE`, default `current`;
 * `none` for no profile), before any construct is built: those that read it while being built
 * (DNS names, node ports) then see it.
 */
export function attachClusterProfile(app: App, name: string = process.env.CLUSTER_PROFILE ?? 'current'): ClusterProfile | undefined {
  if (name === 'none') return undefined;
  if (!CLUSTER_PROFILES.includes(name)) throw new Error(`CLUSTER_PROFILE must be one of ${[...CLUSTER_PROFILES, 'none'].join(', ')}; got "${name}"`);
  const profile = ClusterProfile.fromFile(path.join(__dirname, 'profiles', `${name}.yaml`));
  profile.attach(app);
  return profile;
}

export function buildApp(app: App, release: GatewayRelease = CURRENT_RELEASE): void {
  new NodePortChart(app);
  new WhoamiChart(app);
  new LoadBalancingChart(app);
  const platform = new PlatformGatewayChart(app);
  new GatewayLoadBalancingChart(app, platform.gateway, release);
}
