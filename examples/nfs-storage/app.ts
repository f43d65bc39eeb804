/**
 * The storage scenarios of source document 000 (see ../../README.md), one chart each:
 * NFS dynamic provisioning with a claim and a pod reading it, and static provisioning of a
 * hostPath volume.
 *
 * Where the document does something unsafe the constructs do the safe thing: the provisioner
 * gets the chart's least-privilege RBAC instead of cluster-admin and runs as nfsnobody, and
 * the document's stock nginx (root, port 80) is replaced by an image that runs unprivileged.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HostPathPersistentVolume, NfsStorageClass, RestrictedSecurity, VolumeClaim } from 'cdk8s-patterns';

/** 000: the provisioner for 172.16.1.30:/data/nfs_pro, class `nfs`, claim `test-claim1` and `read-pod`. */
export class NfsProvisioningChart extends Chart {
  constructor(scope: App) {
    super(scope, 'nfs-storage-000');
    const nfs = new NfsStorageClass(this, 'Nfs', {
      server: '172.16.1.30',
      path: '/data/nfs_pro',
      provisionerName: 'example.com/nfs',
    });
    const claim = new VolumeClaim(this, 'test-claim1', {
      size: '1Gi',
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      storageClass: nfs,
    });

    // nginx serving the claim's files; `kubectl cp` puts them there, so the mount is writable.
    // nginx-unprivileged runs under any uid (here the library's default, 10001) and keeps its
    // pid file and temp files in /tmp.
    const security = RestrictedSecurity.of(this);
    const pod = new kplus.Pod(this, 'read-pod', {
      metadata: { name: 'read-pod' },
      restartPolicy: kplus.RestartPolicy.NEVER,
      automountServiceAccountToken: security.automountServiceAccountToken,
      securityContext: security.podSecurityContext,
    });
    // The patterns' container defaults: restricted security context, nano requests and limits, IfNotPresent.
    const nginx = pod.addContainer(security.containerProps({ name: 'read-pod', image: 'nginxinc/nginx-unprivileged:1.27.3-alpine', portNumber: 8080 }));
    nginx.mount('/usr/share/nginx/html', claim);
    security.applyTo(pod, nginx); // /tmp as an emptyDir
  }
}

/** 000: the static PersistentVolume `my-pv` (hostPath /mnt/data) and the claim `my-pvc` bound to it. */
export class StaticStorageChart extends Chart {
  constructor(scope: App) {
    super(scope, 'static-storage-000');
    const pv = new HostPathPersistentVolume(this, 'my-pv', { path: '/mnt/data', capacity: '10Gi' });
    new VolumeClaim(this, 'my-pvc', { size: '10Gi', volume: pv });
  }
}

export function buildApp(app: App): void {
  new NfsProvisioningChart(app);
  new StaticStorageChart(app);
}
