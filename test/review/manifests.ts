/**
 * Hand-written manifests for the review tests: each builder gives a fresh, well-formed object
 * that a test edits into the "after" of an upgrade or into a topology scenario.
 */

/** A deep copy of `m` changed by `change`. */
export function edit<T>(m: T, change: (copy: any) => void): T {
  const copy = structuredClone(m);
  change(copy);
  return copy;
}

const stsLabels = { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'db' };

export function statefulSet(name = 'db'): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas: 3,
      serviceName: 'db-headless',
      selector: { matchLabels: { ...stsLabels } },
      template: {
        metadata: { labels: { ...stsLabels } },
        spec: { containers: [{ name: 'main', image: 'postgres:16.4', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }] }] },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'nfs', resources: { requests: { storage: '10Gi' } } },
      }],
    },
  };
}

export function deployment(name = 'web', extra: { [key: string]: any } = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'main', image: 'web:1.0.0', ports: [{ containerPort: 8080 }], ...extra }] },
      },
    },
  };
}

export function service(spec: { [key: string]: any }, name = 'web'): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }], ...spec } };
}

export function claim(name = 'shared', spec: { [key: string]: any } = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'nfs', resources: { requests: { storage: '10Gi' } }, ...spec },
  };
}

export function volume(spec: { [key: string]: any } = {}, name = 'nfs-pv'): any {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: {
      capacity: { storage: '10Gi' },
      accessModes: ['ReadWriteMany'],
      storageClassName: 'static-nfs',
      nfs: { server: '10.0.0.5', path: '/exports/data' },
      ...spec,
    },
  };
}

export function nfsClass(fields: { [key: string]: any } = {}, name = 'nfs'): any {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
    provisioner: 'k8s-sigs.io/nfs-subdir-external-provisioner',
    allowVolumeExpansion: true,
    ...fields,
  };
}

export function job(name = 'migrate'): any {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'migrate:1.0.0' }] } } },
  };
}

export function pod(name = 'read-pod', spec: { [key: string]: any } = {}): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'nginx:1.27.3', args: ['--port', '8080'] }], ...spec },
  };
}

export function configMap(name = 'settings', fields: { [key: string]: any } = {}): any {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { LOG_LEVEL: 'info' }, ...fields };
}

export function secret(name = 'db-credentials', fields: { [key: string]: any } = {}): any {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'Opaque', data: { password: 'c2VjcmV0' }, ...fields };
}

export function roleBinding(kind: 'RoleBinding' | 'ClusterRoleBinding' = 'RoleBinding', role = 'reader'): any {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: 'read-things' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: kind === 'RoleBinding' ? 'Role' : 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: 'app', namespace: 'default' }],
  };
}

export function workload(kind: 'DaemonSet' | 'ReplicaSet', name = 'agent'): any {
  return { ...deployment(name), kind };
}

export function ingressClass(controller = 'k8s.io/ingress-nginx'): any {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller } };
}

const GW = 'gateway.networking.k8s.io/v1';

/** A platform team's Gateway in namespace `infra`: HTTP on 80 and HTTPS on 443 for *.example.com, routes from every namespace. */
export function gateway(change: (g: any) => void = () => undefined): any {
  const g = {
    apiVersion: GW,
    kind: 'Gateway',
    metadata: { name: 'shared', namespace: 'infra' },
    spec: {
      gatewayClassName: 'envoy',
      listeners: [
        { name: 'http', port: 80, protocol: 'HTTP', hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } },
        {
          name: 'https',
          port: 443,
          protocol: 'HTTPS',
          hostname: '*.example.com',
          tls: { certificateRefs: [{ name: 'wildcard-tls' }] },
          allowedRoutes: { namespaces: { from: 'All' } },
        },
      ],
    },
  };
  change(g);
  return g;
}

/**
 * The shop's HTTPRoute in namespace `shop`: shop.example.com on the Gateway's https listener,
 * `/` to the stable Service `web` and `/api` to `api`.
 */
export function httpRoute(change: (r: any) => void = () => undefined, kind = 'HTTPRoute'): any {
  const r = {
    apiVersion: GW,
    kind,
    metadata: { name: 'shop', namespace: 'shop' },
    spec: {
      parentRefs: [{ name: 'shared', namespace: 'infra', sectionName: 'https' }],
      hostnames: ['shop.example.com', 'www.example.com'],
      rules: [
        { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'api', port: 80 }] },
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'web', port: 80 }] },
      ],
    },
  };
  change(r);
  return r;
}

export function grpcRoute(change: (r: any) => void = () => undefined): any {
  return httpRoute(r => {
    r.metadata.name = 'orders';
    r.spec.hostnames = ['grpc.example.com'];
    r.spec.rules = [
      { matches: [{ method: { service: 'shop.Orders', method: 'Place' } }], backendRefs: [{ name: 'orders', port: 9090 }] },
      { backendRefs: [{ name: 'grpc-default', port: 9090 }] },
    ];
    change(r);
  }, 'GRPCRoute');
}

export function referenceGrant(namespace = 'backends', fromNamespace = 'shop'): any {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1beta1',
    kind: 'ReferenceGrant',
    metadata: { name: `from-${fromNamespace}`, namespace },
    spec: {
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: fromNamespace }],
      to: [{ group: '', kind: 'Service' }],
    },
  };
}

/** An app in namespace `shop`: its Deployment and Service, `track` telling stable and canary apart. */
export function shopApp(name: string, track = 'stable', image = 'web:1.0.0'): any[] {
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name, 'cdk8s-patterns.io/track': track };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'shop' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { ...labels } },
        template: { metadata: { labels: { ...labels } }, spec: { containers: [{ name: 'app', image, ports: [{ containerPort: 8080 }] }] } },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec: { selector: { ...labels }, ports: [{ port: 80, targetPort: 8080 }] } },
  ];
}
