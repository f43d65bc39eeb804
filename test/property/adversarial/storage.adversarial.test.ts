import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  absolutePath, accessModes, fuzzTest, given, image, ip, labels, labelValue, maybe, mostly, name, percentOrAbsolute, quantity, resources,
  security, withGarbage,
} from './harness';
import {
  ExternalStorageClass, HostPathPersistentVolume, NfsCsiOnDelete, NfsCsiStorageClass, NfsOnDelete, NfsPersistentVolume, NfsStorageClass,
  VolumeBindingMode, VolumeClaim,
} from '../../../lib';

const server = fc.oneof(ip, fc.constantFrom('nfs.example.com', 'NFS', 'nfs_server', '', 'a'.repeat(254)));
const mountOptions = fc.array(fc.constantFrom('nfsvers=4.1', 'hard', 'a b', 'x,y', ''), { maxLength: 2 });

const classOptions = {
  name: maybe(name),
  defaultClass: maybe(fc.boolean()),
  reclaimPolicy: maybe(fc.constantFrom(...Object.values(kplus.PersistentVolumeReclaimPolicy))),
  volumeBindingMode: maybe(fc.constantFrom(...Object.values(VolumeBindingMode))),
  allowVolumeExpansion: maybe(fc.boolean()),
  mountOptions: maybe(mountOptions),
  storageClassAnnotations: maybe(fc.dictionary(fc.constantFrom('example.com/x', 'Bad Key', 'a/b/c'), fc.string({ maxLength: 3 }), { maxKeys: 2 })),
  labels: maybe(labels),
  component: maybe(labelValue),
};

const toleration = fc.record({
  key: maybe(fc.constantFrom('node-role.kubernetes.io/control-plane', 'bad key', '')),
  operator: maybe(fc.constantFrom('Equal', 'Exists', 'Maybe')),
  value: maybe(fc.constantFrom('true', '', 'a b')),
  effect: maybe(fc.constantFrom('NoSchedule', 'NoExecute', 'Sometimes')),
  tolerationSeconds: maybe(fc.integer({ min: -1, max: 60 })),
}, { requiredKeys: [] });

const affinity = fc.oneof(
  fc.constant({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }),
  fc.constant({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } } }),
  fc.constant({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: [] }] }] } } }),
  fc.constant({ podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } }] } }),
  fc.constant({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '' }] } }),
  fc.constant({}),
);

const nfsProps = withGarbage(fc.record({
  server: mostly(server),
  path: mostly(absolutePath),
  provisionerName: maybe(fc.constantFrom('example.com/nfs', 'nfs', 'Bad Name', `example.com/${'a'.repeat(60)}`)),
  archiveOnDelete: maybe(fc.boolean()),
  onDelete: maybe(fc.constantFrom(...Object.values(NfsOnDelete))),
  pathPattern: maybe(fc.constantFrom('${.PVC.namespace}-${.PVC.name}', '/abs', '../up', '')),
  provisioner: maybe(withGarbage(fc.record({
    name: maybe(name),
    namespace: maybe(name),
    image: maybe(image),
    replicas: maybe(fc.integer({ min: -1, max: 3 })),
    leaderElection: maybe(fc.boolean()),
    resources: maybe(resources),
    nodeSelector: maybe(labels),
    tolerations: maybe(fc.array(toleration, { maxLength: 2 })),
    affinity: maybe(affinity),
    priorityClassName: maybe(name),
    imagePullSecrets: maybe(fc.array(name, { maxLength: 2 })),
    podAnnotations: maybe(fc.dictionary(fc.constantFrom('prometheus.io/scrape', 'Bad Key', 'a/b/c'), fc.constantFrom('true', 'x'), { maxKeys: 2 })),
    security: maybe(security),
    disruptionBudget: maybe(fc.record({ maxUnavailable: maybe(percentOrAbsolute), minAvailable: maybe(percentOrAbsolute) }, { requiredKeys: [] })),
  }, { requiredKeys: [] }))),
  ...classOptions,
}, { requiredKeys: [] }));

const csiProps = withGarbage(fc.record({
  server: mostly(server),
  share: mostly(absolutePath),
  subDir: maybe(fc.constantFrom('${pvc.metadata.name}', '/abs', '../up', '')),
  mountPermissions: maybe(fc.constantFrom('0777', '0', '999', 777 as any)),
  onDelete: maybe(fc.constantFrom(...Object.values(NfsCsiOnDelete), 'shred' as any)),
  ...classOptions,
}, { requiredKeys: [] }));

const pvProps = withGarbage(fc.record({
  name: maybe(name),
  capacity: mostly(quantity),
  accessModes: maybe(accessModes),
  reclaimPolicy: maybe(fc.constantFrom(...Object.values(kplus.PersistentVolumeReclaimPolicy))),
  storageClassName: maybe(fc.constantFrom('', 'gold', 'Gold')),
  server: mostly(server),
  path: mostly(absolutePath),
  readOnly: maybe(fc.boolean()),
  mountOptions: maybe(mountOptions),
  hostPathType: maybe(fc.constantFrom(...Object.values(kplus.HostPathVolumeType))),
  nodeName: maybe(name),
  labels: maybe(labels),
}, { requiredKeys: [] }));

const claimProps = withGarbage(fc.record({
  name: maybe(fc.oneof(name, fc.constant('a'.repeat(253)), fc.constant('a'.repeat(254)))),
  namespace: maybe(name),
  size: mostly(quantity),
  accessModes: maybe(accessModes),
  storageClassName: maybe(fc.constantFrom('', 'gold', 'fast', 'Gold')),
  classKind: fc.constantFrom('none', 'nfs', 'external', 'volume'),
  labels: maybe(labels),
}, { requiredKeys: ['classKind'] }));

describe('storage constructs under adversarial input', () => {
  fuzzTest('NfsStorageClass', 'NfsStorageClass', nfsProps, ['server', 'path'], (chart, p) => new NfsStorageClass(chart, 'nfs', p as any),
    p => ((p as any)?.provisioner ? ['provisioner'] : []));

  fuzzTest('NfsCsiStorageClass', 'NfsCsiStorageClass', csiProps, ['server', 'share'], (chart, p) => new NfsCsiStorageClass(chart, 'csi', p as any));

  fuzzTest('ExternalStorageClass', 'ExternalStorageClass',
    withGarbage(fc.record({ storageClassName: mostly(fc.oneof(name, fc.constant(''))), accessModes: maybe(accessModes) }, { requiredKeys: [] })),
    ['storageClassName'], (chart, p) => new ExternalStorageClass(chart, 'ext', p as any));

  fuzzTest('NfsPersistentVolume', 'NfsPersistentVolume', pvProps, ['capacity', 'server', 'path'], (chart, p) => new NfsPersistentVolume(chart, 'pv', p as any));

  fuzzTest('HostPathPersistentVolume', 'HostPathPersistentVolume', pvProps, ['capacity', 'path'],
    (chart, p) => new HostPathPersistentVolume(chart, 'pv', p as any));

  fuzzTest('VolumeClaim, of a class, a class name, an external class or a static volume', 'VolumeClaim', fc.tuple(claimProps, quantity), ['size'],
    (chart, drawn) => {
      // Garbage may stand for the whole pair: then it is the props.
      const [p, capacity] = Array.isArray(drawn) ? drawn : [drawn as any, '1Gi'];
      const { classKind, ...rest } = (p !== null && typeof p === 'object' ? p : { classKind: 'none' }) as any;
      const extra: any = {};
      if (classKind === 'nfs') extra.storageClass = new NfsCsiStorageClass(chart, 'csi', { server: '10.0.0.5', share: '/exports' });
      if (classKind === 'external') extra.storageClass = new ExternalStorageClass(chart, 'ext', { storageClassName: 'fast', accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE] });
      if (classKind === 'volume') extra.volume = new HostPathPersistentVolume(chart, 'pv', { path: '/mnt/data', capacity: /^[1-9]\d*Gi$/.test(capacity) ? capacity : '1Gi' });
      const claim = new VolumeClaim(chart, 'claim', { ...(p === null || typeof p !== 'object' ? p : rest), ...(classKind !== 'none' ? { storageClassName: undefined } : {}), ...extra });
      claim.asVolume();
    }, drawn => [...given(Array.isArray(drawn) ? drawn[0] : drawn), ...((Array.isArray(drawn) ? drawn[0] as any : undefined)?.classKind !== 'none' ? ['storageClass', 'volume', 'accessModes'] : [])]);
});
