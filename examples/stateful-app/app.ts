/**
 * The StatefulSet scenario of source document 001 (see ../../README.md): three NFS
 * PersistentVolumes of class `gold` made by hand and a 3-replica StatefulSet whose claims
 * ask for `gold`; and the same app with its volumes provisioned on demand by an
 * NfsStorageClass.
 *
 * The document's stock nginx runs as root on port 80; these use an image that runs
 * unprivileged on 8080. Claims are retained when pods, replicas or the StatefulSet go away.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { NfsPersistentVolume, NfsStorageClass, StatefulAppWithStorage } from 'cdk8s-patterns';

const NFS_SERVER = '172.16.1.30';
// nginxinc/nginx-unprivileged (its Dockerfile): USER 101, listens on 8080, pid and temp files
// in /tmp; it runs as any uid with /tmp writable, as the patterns' default writable path makes it.
const NGINX = 'nginxinc/nginx-unprivileged:1.27.3-alpine';

/** 001: static provisioning. `web-0.nginx.default.svc.cluster.local` is pod 0's stable name. */
export class StaticStatefulSetChart extends Chart {
  public readonly web: StatefulAppWithStorage;

  constructor(scope: App) {
    super(scope, 'statefulset-001');
    // Export directories owned by nfsnobody, as the document prepares them (root_squash).
    for (const n of [1, 2, 3]) {
      new NfsPersistentVolume(this, `nfspv${n}`, {
        server: NFS_SERVER,
        path: `/nfs/${n}`,
        capacity: '1Gi',
        storageClassName: 'gold',
      });
    }
    this.web = new StatefulAppWithStorage(this, 'web', {
      image: NGINX,
      appName: 'nginx',
      component: 'web',
      replicas: 3,
      headlessServiceName: 'nginx',
      storage: { name: 'www', size: '1Gi', mountPath: '/usr/share/nginx/html', storageClassName: 'gold' },
    });
  }
}

/**
 * The same app on dynamically provisioned volumes: an NfsStorageClass (mounting the export
 * with NFS 4.1, through a static volume as the Helm chart does) makes one directory per claim.
 */
export class DynamicStatefulSetChart extends Chart {
  public readonly web: StatefulAppWithStorage;

  constructor(scope: App) {
    super(scope, 'statefulset-dynamic', { namespace: 'web-dynamic' });
    const nfs = new NfsStorageClass(this, 'Nfs', {
      name: 'nfs-web',
      server: NFS_SERVER,
      path: '/data/nfs_pro',
      mountOptions: ['nfsvers=4.1', 'hard'],
      pathPattern: '${.PVC.namespace}-${.PVC.name}',
    });
    this.web = new StatefulAppWithStorage(this, 'web', {
      image: NGINX,
      appName: 'nginx',
      component: 'web',
      replicas: 3,
      podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      headlessServiceName: 'nginx',
      storage: { name: 'www', size: '1Gi', mountPath: '/usr/share/nginx/html', storageClass: nfs },
      clientService: {},
      disruptionBudget: {},
    });
  }
}

export function buildApp(app: App): void {
  new StaticStatefulSetChart(app);
  new DynamicStatefulSetChart(app);
}
