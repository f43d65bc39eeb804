import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  absolutePath, accessModes, checkRun, FUZZ_SETTINGS, FUZZ_TIMEOUT, garbage, given, image, ip, labels, labelValue, maybe, mostly,
  name, Outcome, percentOrAbsolute, quantity, recordOutcome, resources, security, withGarbage,
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
    name: maybe(name), namespace: maybe(name), image: maybe(image), replicas: maybe(fc.integer({ min: -1, max: 3 })),
    leaderElection: maybe(fc.boolean()), resources: maybe(resources),
    nodeSelector: maybe(labels), tolerations: maybe(fc.array(toleration, { maxLength: 2 })), affinity: maybe(affinity),
    priorityClassName: maybe(name), imagePullSecrets: maybe(fc.array(name, { maxLength: 2 })),
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

function outcome(): Outcome {
  return { errors: 0, synthErrors: 0, valid: 0 };
}

describe('storage constructs under adversarial input', () => {
  test('NfsStorageClass', () => {
    const o = outcome();
    fc.assert(fc.property(fc.oneof({ weight: 20, arbitrary: nfsProps }, { weight: 1, arbitrary: garbage }), props => {
      const p: any = props;
      checkRun(o, 'NfsStorageClass', given(props, ['server', 'path']).concat(p?.provisioner ? ['provisioner'] : []),
        chart => new NfsStorageClass(chart, 'nfs', p));
    }), FUZZ_SETTINGS);
    recordOutcome('NfsStorageClass', o);
    expect(o.valid).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);

  test('NfsCsiStorageClass', () => {
    const o = outcome();
    fc.assert(fc.property(fc.oneof({ weight: 20, arbitrary: csiProps }, { weight: 1, arbitrary: garbage }), props => {
      checkRun(o, 'NfsCsiStorageClass', given(props, ['server', 'share']), chart => new NfsCsiStorageClass(chart, 'csi', props as any));
    }), FUZZ_SETTINGS);
    recordOutcome('NfsCsiStorageClass', o);
    expect(o.valid).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);

  test('ExternalStorageClass', () => {
    const o = outcome();
    const props = withGarbage(fc.record({ storageClassName: mostly(fc.oneof(name, fc.constant(''))), accessModes: maybe(accessModes) }, { requiredKeys: [] }));
    fc.assert(fc.property(fc.oneof({ weight: 20, arbitrary: props }, { weight: 1, arbitrary: garbage }), p => {
      checkRun(o, 'ExternalStorageClass', given(p, ['storageClassName']), chart => new ExternalStorageClass(chart, 'ext', p as any));
    }), FUZZ_SETTINGS);
    recordOutcome('ExternalStorageClass', o);
    expect(o.valid).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);

  test('NfsPersistentVolume and HostPathPersistentVolume', () => {
    const o = outcome();
    fc.assert(fc.property(fc.oneof({ weight: 20, arbitrary: pvProps }, { weight: 1, arbitrary: garbage }), fc.boolean(), (props, nfs) => {
      checkRun(o, nfs ? 'NfsPersistentVolume' : 'HostPathPersistentVolume', given(props, nfs ? ['capacity', 'server', 'path'] : ['capacity', 'path']),
        chart => (nfs ? new NfsPersistentVolume(chart, 'pv', props as any) : new HostPathPersistentVolume(chart, 'pv', props as any)));
    }), FUZZ_SETTINGS);
    recordOutcome('static PersistentVolumes', o);
    expect(o.valid).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);

  test('VolumeClaim, of a class, a class name, an external class or a static volume', () => {
    const o = outcome();
    fc.assert(fc.property(fc.oneof({ weight: 20, arbitrary: claimProps }, { weight: 1, arbitrary: garbage }), quantity, (props, capacity) => {
      const p: any = props;
      checkRun(o, 'VolumeClaim', given(props, ['size']).concat(p?.classKind && p.classKind !== 'none' ? ['storageClass', 'volume', 'accessModes'] : []), chart => {
        const { classKind, ...rest } = (p !== null && typeof p === 'object' ? p : { classKind: 'none' }) as any;
        const extra: any = {};
        if (classKind === 'nfs') extra.storageClass = new NfsCsiStorageClass(chart, 'csi', { server: '10.0.0.5', share: '/exports' });
        if (classKind === 'external') extra.storageClass = new ExternalStorageClass(chart, 'ext', { storageClassName: 'fast', accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE] });
        if (classKind === 'volume') extra.volume = new HostPathPersistentVolume(chart, 'pv', { path: '/mnt/data', capacity: typeof capacity === 'string' && /^[1-9]\d*Gi$/.test(capacity) ? capacity : '1Gi' });
        const claim = new VolumeClaim(chart, 'claim', { ...(p === null || typeof p !== 'object' ? p : rest), ...(classKind !== 'none' ? { storageClassName: undefined } : {}), ...extra });
        claim.asVolume();
      });
    }), FUZZ_SETTINGS);
    recordOutcome('VolumeClaim', o);
    expect(o.valid).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);
});
