import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { absolutePath, dnsLabel, envMap, expectErrorNaming, image, nodePort, port, portName, runChart, settings, storageSize, synthOnce, unprivilegedPort } from './arbitraries';
import {
  ClaimRetention, ExternalStorageClass, HealthChecks, NfsCsiStorageClass, NfsPersistentVolume, NfsStorageClass, ResourcePreset,
  StatefulAppWithStorage, StatefulAppWithStorageProps,
} from '../../lib';
import { expectWellFormed, find } from '../support/synth';

const { READ_WRITE_ONCE: RWO, READ_ONLY_MANY: ROX, READ_WRITE_MANY: RWX, READ_WRITE_ONCE_POD: RWOP } = kplus.PersistentVolumeAccessMode;
const ALL_MODES = [RWO, ROX, RWX, RWOP];
const NFS_MODES = [RWO, ROX, RWX];

/** Where the claims get their volumes from. */
type ClassKind = 'cluster-default' | 'no-class' | 'nfs' | 'nfs-csi' | 'external' | 'static';

/** A valid app and the storage around it; `build` turns it into constructs. */
interface Plan {
  readonly namespace?: string;
  readonly classKind: ClassKind;
  /** Modes the external class serves (a superset of the claim's). */
  readonly externalModes: kplus.PersistentVolumeAccessMode[];
  /** Static volumes beyond one per replica. */
  readonly spareVolumes: number;
  readonly props: StatefulAppWithStorageProps;
}

const modesFor = (kind: ClassKind) => (kind === 'cluster-default' || kind === 'no-class' || kind === 'external' ? ALL_MODES : NFS_MODES);
const retention = fc.option(fc.constantFrom(ClaimRetention.RETAIN, ClaimRetention.DELETE), { nil: undefined });

const plans: fc.Arbitrary<Plan> = fc.record({
  classKind: fc.constantFrom<ClassKind>('cluster-default', 'no-class', 'nfs', 'nfs-csi', 'external', 'static'),
  modeSeed: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  externalExtra: fc.subarray(ALL_MODES),
  spareVolumes: fc.integer({ min: 0, max: 2 }),
  namespace: fc.option(dnsLabel(12), { nil: undefined }),
  image,
  name: fc.option(dnsLabel(30), { nil: undefined }),
  replicas: fc.integer({ min: 0, max: 4 }),
  containerPort: unprivilegedPort,
  portName: fc.option(portName, { nil: undefined }),
  headlessServiceName: fc.option(dnsLabel(20), { nil: undefined }),
  size: storageSize,
  mountPath: fc.oneof(fc.constant('/data'), absolutePath),
  claimName: fc.option(dnsLabel(10), { nil: undefined }),
  subPath: fc.option(fc.constantFrom('pgdata', 'www/html'), { nil: undefined }),
  whenDeleted: retention,
  whenScaled: retention,
  client: fc.option(fc.record({
    typeIndex: fc.integer({ min: 0, max: 2 }),
    servicePort: port,
    nodePort: fc.option(nodePort, { nil: undefined }),
  }), { nil: undefined }),
  budget: fc.boolean(),
  parallel: fc.boolean(),
  env: envMap,
  preset: fc.constantFrom(...Object.values(ResourcePreset)),
  probes: fc.constantFrom('tcp', 'http', 'none'),
  writablePaths: fc.option(fc.uniqueArray(absolutePath, { maxLength: 2 }), { nil: undefined }),
}).map(r => {
  const allowed = modesFor(r.classKind);
  const picked = allowed.filter((_, i) => r.modeSeed[i]);
  // ReadWriteOncePod stands alone in a claim.
  const withoutPod = picked.filter(m => m !== kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD);
  const accessModes = withoutPod.length > 0 ? withoutPod : picked.length > 0 ? picked : [allowed[0]];
  const types = [kplus.ServiceType.CLUSTER_IP, kplus.ServiceType.NODE_PORT, kplus.ServiceType.LOAD_BALANCER];
  const clientType = r.client ? types[r.client.typeIndex] : undefined;
  const props: StatefulAppWithStorageProps = {
    image: r.image,
    name: r.name,
    replicas: r.replicas,
    containerPort: r.containerPort,
    portName: r.portName,
    headlessServiceName: r.headlessServiceName,
    storage: {
      size: r.size,
      mountPath: r.mountPath,
      name: r.claimName,
      accessModes,
      subPath: r.subPath,
      whenDeleted: r.whenDeleted,
      whenScaled: r.whenScaled,
      storageClassName: r.classKind === 'no-class' ? '' : r.classKind === 'static' ? 'gold' : undefined,
    },
    clientService: r.client ? {
      serviceType: clientType,
      servicePort: r.client.servicePort,
      nodePort: clientType === kplus.ServiceType.CLUSTER_IP ? undefined : r.client.nodePort,
    } : undefined,
    disruptionBudget: r.budget ? {} : undefined,
    podManagementPolicy: r.parallel ? kplus.PodManagementPolicy.PARALLEL : undefined,
    env: r.env,
    resourcePreset: r.preset,
    healthChecks: r.probes === 'http' ? HealthChecks.http() : r.probes === 'tcp' ? HealthChecks.tcp() : HealthChecks.none(),
    security: r.writablePaths ? { writablePaths: r.writablePaths } : undefined,
  };
  return {
    namespace: r.namespace,
    classKind: r.classKind,
    externalModes: [...new Set([...accessModes, ...r.externalExtra])],
    spareVolumes: r.spareVolumes,
    props,
  };
}).filter(p => !(p.props.security?.writablePaths ?? ['/tmp']).includes(p.props.storage.mountPath)
  // The client Service is named after the app, so a headless Service of that name would clash.
  && !(p.props.clientService && p.props.headlessServiceName !== undefined && p.props.headlessServiceName === (p.props.name ?? 'db')));

/** Builds the class the plan names (if any) and returns the app's storage with it. */
function withClass(chart: Chart, plan: Plan): StatefulAppWithStorageProps {
  const storage = plan.props.storage;
  switch (plan.classKind) {
    case 'nfs':
      return { ...plan.props, storage: { ...storage, storageClass: new NfsStorageClass(chart, 'Nfs', { server: '10.0.0.5', path: '/exports' }) } };
    case 'nfs-csi':
      return { ...plan.props, storage: { ...storage, storageClass: new NfsCsiStorageClass(chart, 'NfsCsi', { server: 'nfs.example.com', share: '/exports' }) } };
    case 'external':
      return { ...plan.props, storage: { ...storage, storageClass: new ExternalStorageClass(chart, 'Ext', { storageClassName: 'fast', accessModes: plan.externalModes }) } };
    case 'static':
      // At least one: the claim template names the class even at 0 replicas, for the day it scales up.
      for (let i = 0; i < Math.max(1, plan.props.replicas ?? 1) + plan.spareVolumes; i++) {
        new NfsPersistentVolume(chart, `pv${i}`, {
          server: '10.0.0.5', path: `/nfs/${i}`, capacity: storage.size, storageClassName: 'gold', accessModes: [RWO, ROX, RWX],
        });
      }
      return plan.props;
    default:
      return plan.props;
  }
}

const expectedClass: Record<ClassKind, string | undefined> = {
  'cluster-default': undefined, 'no-class': '', 'nfs': 'nfs', 'nfs-csi': 'nfs-csi', 'external': 'fast', 'static': 'gold',
};

/** One field made invalid, with the prop the error must name. */
type Change = [string, (props: StatefulAppWithStorageProps) => StatefulAppWithStorageProps];
const storageChange = (prop: string, change: object): Change =>
  [`storage.${prop}`, p => ({ ...p, storage: { ...p.storage, ...change } })];
const invalidChange: fc.Arbitrary<Change> = fc.oneof(
  fc.integer({ max: -1 }).map((n): Change => ['replicas', p => ({ ...p, replicas: n })]),
  fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 })).map((n): Change => ['containerPort', p => ({ ...p, containerPort: n })]),
  fc.constantFrom('Db', 'd'.repeat(53), 'db_1', '-db').map((n): Change => ['name', p => ({ ...p, name: n })]),
  fc.constantFrom('postgres', 'postgres:latest', '').map((i): Change => ['image', p => ({ ...p, image: i })]),
  fc.constantFrom('8080', 'pg--main', 'Tcp', 'a-very-long-port-name').map((n): Change => ['portName', p => ({ ...p, portName: n })]),
  fc.constantFrom('10GB', '0Gi', '-1Gi', '1 Gi', '').map(s => storageChange('size', { size: s })),
  fc.constantFrom('data', 'var/lib', '/a/../b').map(m => storageChange('mountPath', { mountPath: m })),
  fc.constantFrom<any[]>([], ['ReadWriteSometimes'], [RWO, RWO]).map(m => storageChange('accessModes', { accessModes: m })),
  fc.constantFrom('Gold', 'gold_class', '-x').map(c => storageChange('storageClassName', { storageClass: undefined, storageClassName: c })),
  fc.constantFrom('Keep', 'retain').map(w => storageChange('whenScaled', { whenScaled: w })),
  fc.constantFrom('Peers', 'db.peers').map((n): Change => ['headlessServiceName', p => ({ ...p, headlessServiceName: n })]),
);

describe('StatefulAppWithStorage properties', () => {
  test('random valid props synthesize to schema-valid, well-wired, restricted YAML', () => {
    fc.assert(fc.property(plans, plan => {
      const chart = runChart({ namespace: plan.namespace });
      const app = new StatefulAppWithStorage(chart, 'db', withClass(chart, plan));
      const out = synthOnce(chart); // validations + schemas
      expectWellFormed(out); // wiring + pod security
      const sts = find(out, 'StatefulSet');
      const headless = find(out, 'Service', app.headlessServiceName);
      expect(sts.spec.serviceName).toEqual(headless.metadata.name);
      expect(headless.spec.clusterIP).toEqual('None');
      expect(headless.spec.selector).toEqual(app.selectorLabels);
      expect(sts.spec.selector.matchLabels).toEqual(app.selectorLabels);
      const [template] = sts.spec.volumeClaimTemplates;
      expect(template.spec.storageClassName).toEqual(expectedClass[plan.classKind]);
      expect(template.spec.accessModes).toEqual(plan.props.storage.accessModes);
      expect(template.spec.resources.requests.storage).toEqual(plan.props.storage.size);
      const pod = sts.spec.template.spec;
      const claimMount = { name: app.claimTemplateName, mountPath: plan.props.storage.mountPath };
      expect(pod.containers[0].volumeMounts).toContainEqual(expect.objectContaining(claimMount));
      expect((pod.volumes ?? []).map((v: any) => v.name)).not.toContain(app.claimTemplateName);
      expect(app.claimNames).toHaveLength(plan.props.replicas ?? 1);
    }), settings);
  });

  test('random invalid props throw one error in the common format naming the prop', () => {
    fc.assert(fc.property(plans, invalidChange, (plan, [prop, change]) => {
      const chart = runChart({ namespace: plan.namespace });
      const props = change(withClass(chart, plan));
      expectErrorNaming(() => new StatefulAppWithStorage(chart, 'db', props), 'StatefulAppWithStorage', 'test/db', prop);
    }), settings);
  });
});
