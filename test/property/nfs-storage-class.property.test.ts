import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { absolutePath, dnsLabel, dnsSubdomain, expectErrorNaming, runChart, server, settings, subsetOf, synthOnce } from './arbitraries';
import {
  NfsCsiOnDelete, NfsCsiStorageClass, NfsCsiStorageClassProps, NfsOnDelete, NfsStorageClass, NfsStorageClassProps, ResourcePreset,
  VolumeBindingMode, VolumeClaim,
} from '../../lib';
import { expectWellFormed, find, findAll } from '../support/synth';

const { READ_WRITE_ONCE: RWO, READ_ONLY_MANY: ROX, READ_WRITE_MANY: RWX } = kplus.PersistentVolumeAccessMode;
const EXCEPTIONS = 'cdk8s-patterns.io/pod-security-exceptions';
const MOUNT_OPTIONS = ['nfsvers=4.1', 'nfsvers=3', 'hard', 'soft', 'noatime', 'timeo=600', 'retrans=3'];
const PATH_PATTERNS = ['${.PVC.namespace}-${.PVC.name}', '${.PVC.annotations.nfs.io/storage-path}', 'volumes/${.PVC.name}'];
const option = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Options both NFS classes share. */
const classOptions = fc.record({
  defaultClass: option(fc.boolean()),
  reclaimPolicy: option(fc.constantFrom(...Object.values(kplus.PersistentVolumeReclaimPolicy))),
  volumeBindingMode: option(fc.constantFrom(...Object.values(VolumeBindingMode))),
  allowVolumeExpansion: option(fc.boolean()),
  mountOptions: option(subsetOf(MOUNT_OPTIONS)),
  storageClassAnnotations: option(fc.dictionary(fc.constantFrom('example.com/owner', 'team', 'cost-center'), dnsLabel(8), { maxKeys: 2 })),
});

const nfsProps: fc.Arbitrary<NfsStorageClassProps> = fc.record({
  common: classOptions,
  server,
  path: absolutePath,
  name: option(dnsSubdomain.filter(n => n.length <= 40)),
  provisionerName: option(dnsLabel(20).map(n => `example.com/${n}`)),
  onDelete: option(fc.oneof(fc.boolean(), fc.constantFrom(...Object.values(NfsOnDelete)))),
  pathPattern: option(fc.constantFrom(...PATH_PATTERNS)),
  provisioner: option(fc.record({
    name: option(dnsLabel(30)),
    namespace: option(dnsLabel(15)),
    replicas: option(fc.integer({ min: 0, max: 3 })),
    leaderElection: option(fc.boolean()),
    resourcePreset: option(fc.constantFrom(...Object.values(ResourcePreset))),
    nodeSelector: option(fc.dictionary(fc.constantFrom('kubernetes.io/os', 'storage', 'zone'), dnsLabel(8), { minKeys: 1, maxKeys: 2 })),
    priorityClassName: option(dnsLabel(20)),
    imagePullSecrets: option(fc.uniqueArray(dnsLabel(12), { minLength: 1, maxLength: 2 })),
    podAnnotations: option(fc.dictionary(fc.constantFrom('example.com/scrape', 'team'), fc.string({ maxLength: 10 }), { maxKeys: 2 })),
    root: fc.boolean(),
    budget: fc.boolean(),
  })),
}).map(r => ({
  ...r.common,
  server: r.server,
  path: r.path,
  name: r.name,
  provisionerName: r.provisionerName,
  // `onDelete` as a boolean stands for archiveOnDelete: the two are exclusive.
  archiveOnDelete: typeof r.onDelete === 'boolean' ? r.onDelete : undefined,
  onDelete: typeof r.onDelete === 'string' ? r.onDelete : undefined,
  pathPattern: r.pathPattern,
  provisioner: r.provisioner && {
    ...r.provisioner,
    // More than one provisioner needs leader election.
    leaderElection: (r.provisioner.replicas ?? 1) > 1 ? true : r.provisioner.leaderElection,
    security: r.provisioner.root ? { runAsUser: 0, allowRunAsRoot: true, exceptionReason: 'no_root_squash export owned by root' } : undefined,
    disruptionBudget: r.provisioner.budget ? {} : undefined,
    root: undefined,
    budget: undefined,
  },
}));

const csiProps: fc.Arbitrary<NfsCsiStorageClassProps> = fc.record({
  common: classOptions,
  server,
  share: absolutePath,
  subDir: option(fc.constantFrom('${pvc.metadata.namespace}/${pvc.metadata.name}', '${pv.metadata.name}')),
  mountPermissions: option(fc.constantFrom('0', '0777', '0750', '2775')),
  onDelete: option(fc.constantFrom(...Object.values(NfsCsiOnDelete))),
}).map(r => ({ ...r.common, name: 'nfs-csi-class', server: r.server, share: r.share, subDir: r.subDir, mountPermissions: r.mountPermissions, onDelete: r.onDelete }));

/** The controls the provisioner pod relaxes, as its annotation must list them. */
function expectedExceptions(props: NfsStorageClassProps): string[] {
  const controls = ['automountServiceAccountToken=true'];
  if (props.mountOptions === undefined) controls.push('volumes.nfs');
  if (props.provisioner?.security?.allowRunAsRoot) controls.push('runAsNonRoot=false');
  return controls;
}

/** One field made invalid, with the prop the error must name. */
type Change = [string, Partial<NfsStorageClassProps>];
const invalidChange: fc.Arbitrary<Change> = fc.oneof(
  fc.constantFrom('nfs_server', '', '300.1.1.1', 'a b').map((s): Change => ['server', { server: s }]),
  fc.constantFrom('data', '', '/a/../b').map((p): Change => ['path', { path: p }]),
  fc.constantFrom('NFS', 'nfs_class', '-nfs', 'nfs.').map((n): Change => ['name', { name: n }]),
  fc.constantFrom<string[]>([], ['nfsvers=4.1,hard'], ['hard', 'hard'], ['']).map((o): Change => ['mountOptions', { mountOptions: o }]),
  fc.constantFrom('Recycle', 'Keep').map((p): Change => ['reclaimPolicy', { reclaimPolicy: p as kplus.PersistentVolumeReclaimPolicy }]),
  fc.constantFrom('/abs', '../up', '').map((p): Change => ['pathPattern', { pathPattern: p }]),
  fc.constantFrom('Example.com/nfs', 'example.com/', `example.com/${'p'.repeat(60)}`).map((n): Change => ['provisionerName', { provisionerName: n }]),
  fc.integer({ min: 2, max: 5 }).map((n): Change => ['provisioner.replicas', { provisioner: { replicas: n, leaderElection: false } }]),
  fc.constantFrom('nfs-provisioner', 'nfs-provisioner:latest').map((i): Change => ['provisioner.image', { provisioner: { image: i } }]),
  fc.boolean().map((a): Change => ['archiveOnDelete', { archiveOnDelete: a, onDelete: NfsOnDelete.RETAIN }]),
);

describe('NfsStorageClass and NfsCsiStorageClass properties', () => {
  test('random valid props synthesize to schema-valid, well-wired YAML; the provisioner is restricted but for its listed exceptions', () => {
    fc.assert(fc.property(nfsProps, csiProps, (props, csi) => {
      const chart = runChart();
      const nfs = new NfsStorageClass(chart, 'Nfs', props);
      const csiClass = new NfsCsiStorageClass(chart, 'NfsCsi', csi);
      // A claim of each class: the claims must meet their classes.
      new VolumeClaim(chart, 'shared', { size: '1Gi', accessModes: [RWX], storageClass: nfs });
      new VolumeClaim(chart, 'csi', { size: '1Gi', accessModes: [RWO, ROX], storageClass: csiClass });
      const out = synthOnce(chart); // validations + schemas
      expectWellFormed(out); // wiring + pod security, honouring the exceptions annotation

      const [cls, csiCls] = findAll(out, 'StorageClass');
      expect([cls.metadata.name, csiCls.metadata.name]).toEqual([nfs.storageClassName, 'nfs-csi-class']);
      expect(csiCls.provisioner).toEqual('nfs.csi.k8s.io');
      const deployment = find(out, 'Deployment');
      const pod = deployment.spec.template;
      const env = Object.fromEntries(pod.spec.containers[0].env.map((e: any) => [e.name, e.value]));
      expect(env.PROVISIONER_NAME).toEqual(cls.provisioner);
      expect([env.NFS_SERVER, env.NFS_PATH]).toEqual([props.server, props.path]);
      // The RBAC names the ServiceAccount the pods run as, in its namespace.
      const account = find(out, 'ServiceAccount');
      expect(pod.spec.serviceAccountName).toEqual(account.metadata.name);
      expect(find(out, 'ClusterRoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: account.metadata.name, namespace: account.metadata.namespace }]);
      expect(findAll(out, 'Role')).toHaveLength(deployment.spec.replicas > 1 || props.provisioner?.leaderElection !== false ? 1 : 0);
      // Opt-outs are explicit: exactly the relaxed controls, each listed, plus why.
      const listed = pod.metadata.annotations[EXCEPTIONS].split('; ');
      expect(listed.filter((s: string) => !s.startsWith('reason: '))).toEqual(expectedExceptions(props));
    }), settings);
  });

  test('random invalid props throw one error in the common format naming the prop', () => {
    fc.assert(fc.property(nfsProps, invalidChange, (props, [prop, change]) => {
      const merged = { ...props, ...change, provisioner: change.provisioner ? { ...props.provisioner, ...change.provisioner } : props.provisioner };
      expectErrorNaming(() => new NfsStorageClass(runChart(), 'Nfs', merged), 'NfsStorageClass', 'test/Nfs', prop);
    }), settings);
  });
});
