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
