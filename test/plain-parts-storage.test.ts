import { ApiObject, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import * as fc from 'fast-check';
import {
  ClaimRetention, ConfigMapInjection, ExternalStorageClass, HealthChecks, HostPathPersistentVolume, InjectionTarget, NfsPersistentVolume,
  NfsStorageClass, ResourcePreset, StatefulAppWithStorage, StatefulAppWithStorageProps, StaticPersistentVolume, VolumeClaim,
} from '../lib';
import { absolutePath, dnsLabel, envMap, image, nodePort, port, portName, RUNS, SEED, storageSize, unprivilegedPort } from './property/arbitraries';
import { withChildMovesRefused } from './support/child-moves';
import { expectWellFormed, find, newChart, synth } from './support/synth';

/**
 * A StatefulAppWithStorage writes its manifests from plain data until one of its cdk8s-plus
 * parts is read, like ExposedWebApp (test/plain-parts.test.ts). These tests hold the forms to
 * the same YAML, byte for byte, for random apps, their storage classes and injections: never
 * read, read before the injections (which then go to cdk8s-plus directly), read after them
 * (they are replayed), and two apps of which only one is read.
 */

const { READ_WRITE_ONCE: RWO, READ_ONLY_MANY: ROX, READ_WRITE_MANY: RWX } = kplus.PersistentVolumeAccessMode;

type ClassKind = 'cluster-default' | 'nfs' | 'external' | 'static';
type Form = 'plain' | 'parts-first' | 'parts-last' | 'mixed';
const FORMS: Form[] = ['plain', 'parts-first', 'parts-last', 'mixed'];

const plans = fc.record({
  classKind: fc.constantFrom<ClassKind>('cluster-default', 'nfs', 'external', 'static'),
  modes: fc.subarray([RWO, ROX, RWX], { minLength: 1 }),
  spareVolumes: fc.integer({ min: 0, max: 2 }),
  namespace: fc.option(dnsLabel(12), { nil: undefined }),
  image,
  name: fc.option(dnsLabel(20), { nil: undefined }),
  replicas: fc.integer({ min: 0, max: 4 }),
  containerPort: unprivilegedPort,
  portName: fc.option(portName, { nil: undefined }),
  headlessServiceName: fc.option(dnsLabel(20), { nil: undefined }),
  size: storageSize,
  mountPath: fc.oneof(fc.constant('/data'), absolutePath),
  claimName: fc.option(dnsLabel(10), { nil: undefined }),
  subPath: fc.option(fc.constantFrom('pgdata', 'www/html'), { nil: undefined }),
  whenDeleted: fc.option(fc.constantFrom(ClaimRetention.RETAIN, ClaimRetention.DELETE), { nil: undefined }),
  whenScaled: fc.option(fc.constantFrom(ClaimRetention.RETAIN, ClaimRetention.DELETE), { nil: undefined }),
  client: fc.option(fc.record({ typeIndex: fc.integer({ min: 0, max: 2 }), servicePort: port, nodePort: fc.option(nodePort, { nil: undefined }) }),
    { nil: undefined }),
  budget: fc.boolean(),
  parallel: fc.boolean(),
  strategy: fc.constantFrom(undefined, 'onDelete', 'partition'),
  minReady: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
  labels: fc.option(fc.constant({ tier: 'data' }), { nil: undefined }),
  args: fc.option(fc.constant<string[]>(['--data', '/data']), { nil: undefined }),
  env: envMap,
  preset: fc.constantFrom(...Object.values(ResourcePreset)),
  probes: fc.constantFrom('tcp', 'http', 'none'),
  writablePaths: fc.option(fc.uniqueArray(absolutePath, { maxLength: 2 }), { nil: undefined }),
  readOnlyRoot: fc.boolean(),
  injections: fc.record({ env: fc.boolean(), prefix: fc.boolean(), files: fc.boolean(), file: fc.boolean() }),
}).filter(p => !(p.writablePaths ?? ['/tmp']).includes(p.mountPath)
  && !(p.client && p.headlessServiceName !== undefined && p.headlessServiceName === (p.name ?? 'db0')));

type Plan = typeof plans extends fc.Arbitrary<infer T> ? T : never;

function appProps(plan: Plan, index: number): StatefulAppWithStorageProps {
  const types = [kplus.ServiceType.CLUSTER_IP, kplus.ServiceType.NODE_PORT, kplus.ServiceType.LOAD_BALANCER];
  const clientType = plan.client ? types[plan.client.typeIndex] : undefined;
  return {
    image: plan.image,
    // Two apps in the mixed form: distinct names, and the second's node port cannot clash.
    name: plan.name === undefined ? undefined : `${plan.name}-${index}`,
    namespace: plan.namespace,
    replicas: plan.replicas,
    containerPort: plan.containerPort,
    portName: plan.portName,
    headlessServiceName: plan.headlessServiceName === undefined ? undefined : `${plan.headlessServiceName}-${index}`,
    storage: {
      size: plan.size,
      mountPath: plan.mountPath,
      name: plan.claimName,
      accessModes: plan.modes,
      subPath: plan.subPath,
      whenDeleted: plan.whenDeleted,
      whenScaled: plan.whenScaled,
      storageClassName: plan.classKind === 'static' ? 'gold' : undefined,
    },
    clientService: plan.client ? {
      serviceType: clientType,
      servicePort: plan.client.servicePort,
      nodePort: clientType === kplus.ServiceType.CLUSTER_IP || index > 0 ? undefined : plan.client.nodePort,
    } : undefined,
    disruptionBudget: plan.budget ? {} : undefined,
    podManagementPolicy: plan.parallel ? kplus.PodManagementPolicy.PARALLEL : undefined,
    updateStrategy: plan.strategy === 'onDelete' ? kplus.StatefulSetUpdateStrategy.onDelete()
      : plan.strategy === 'partition' ? kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: 1 }) : undefined,
    minReady: plan.minReady === undefined ? undefined : Duration.seconds(plan.minReady),
    labels: plan.labels,
    args: plan.args,
    env: plan.env,
    resourcePreset: plan.preset,
    healthChecks: plan.probes === 'http' ? HealthChecks.http() : plan.probes === 'tcp' ? HealthChecks.tcp() : HealthChecks.none(),
    security: { writablePaths: plan.writablePaths, readOnlyRootFilesystem: plan.readOnlyRoot },
  };
}

/** The plan's storage class (static volumes: `volumes` of them), and its props for the apps. */
function storageOf(chart: Chart, plan: Plan, volumes: number): Partial<StatefulAppWithStorageProps['storage']> {
  switch (plan.classKind) {
    case 'nfs':
      return { storageClass: new NfsStorageClass(chart, 'Nfs', { server: '10.0.0.5', path: '/exports' }) };
    case 'external':
      return { storageClass: new ExternalStorageClass(chart, 'Ext', { storageClassName: 'fast', accessModes: [RWO, ROX, RWX] }) };
    case 'static':
      for (let i = 0; i < volumes; i++) {
        new NfsPersistentVolume(chart, `pv${i}`, { server: '10.0.0.5', path: `/nfs/${i}`, capacity: plan.size, storageClassName: 'gold', accessModes: [RWO, ROX, RWX] });
      }
      return {};
    default:
      return {};
  }
}

/** Builds the plan's apps (two in the mixed form) in one form; `volumes` overrides how many static volumes there are. */
function build(plan: Plan, form: Form, apps = form === 'mixed' ? 2 : 1, volumes?: number): Chart {
  const chart = newChart();
  const storage = storageOf(chart, plan, volumes ?? apps * Math.max(1, plan.replicas) + plan.spareVolumes);
  const cm = new ConfigMapInjection(chart, 'cfg', { literals: { mode: 'prod', level: 'info' }, namespace: plan.namespace });
  for (let i = 0; i < apps; i++) {
    const props = appProps(plan, i);
    const app = new StatefulAppWithStorage(chart, `db${i}`, { ...props, storage: { ...props.storage, ...storage } });
    // In the mixed form the second app is read, the first never is.
    const read = form === 'parts-first' || (form === 'mixed' && i === 1);
    if (read) expect(app.statefulSet).toBeInstanceOf(kplus.StatefulSet);
    const target = InjectionTarget.fromPattern(app);
    if (plan.injections.env) cm.injectEnv(target, { variables: { MODE: 'mode' } });
    if (plan.injections.prefix) cm.injectAllEnv(target, { prefix: 'CFG_' });
    if (plan.injections.files) cm.mountFiles(target, { path: '/config/app' });
    if (plan.injections.file) cm.mountFile(target, { key: 'level', path: '/opt/app/level.conf' });
    if (form === 'parts-last') expect(app.mainContainer).toBeInstanceOf(kplus.Container);
    const plus = app.node.findAll().filter(c => c instanceof kplus.Resource).length;
    expect(plus).toBe(form === 'plain' || (form === 'mixed' && i === 0) ? 0 : 2 + (plan.client ? 1 : 0));
  }
  return chart;
}

const yamlOf = (chart: Chart) => JSON.stringify(Testing.synth(chart));

/** What synth throws, or undefined. */
function synthError(chart: Chart): string | undefined {
  try {
    Testing.synth(chart);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('plain and cdk8s-plus renderings of a StatefulAppWithStorage', () => {
  test('are byte-identical for random apps, storage and injections: plain, parts read first or last, and mixed', () => {
    fc.assert(fc.property(plans, plan => {
      const plain = yamlOf(build(plan, 'plain'));
      for (const form of FORMS.slice(1)) {
        // The mixed form has two apps: compare it with two plain ones.
        const reference = form === 'mixed' ? yamlOf(build(plan, 'plain', 2)) : plain;
        expect(yamlOf(build(plan, form))).toEqual(reference);
      }
    }), { seed: SEED, numRuns: Math.max(500, Math.ceil(RUNS / 2)), endOnFailure: true });
  });

  test('when the construct node keeps its children otherwise, read parts keep their place by dependencies', () => {
    // The order cdk8s writes comes from moving the children that followed the plain manifests
    // after the parts built in their place; where that cannot be done, dependencies give it.
    withChildMovesRefused(() => fc.assert(fc.property(plans, fc.constantFrom<Form>('parts-first', 'parts-last', 'mixed'), (plan, form) => {
      expect(yamlOf(build(plan, form))).toEqual(yamlOf(build(plan, 'plain', form === 'mixed' ? 2 : 1)));
    }), { seed: SEED, numRuns: Math.ceil(RUNS / 4), endOnFailure: true }));
  });

  test('the storage checks report the same problems in every form (too few static volumes)', () => {
    fc.assert(fc.property(plans.filter(p => p.classKind === 'static' && p.replicas > 1), plan => {
      const errors = FORMS.filter(f => f !== 'mixed').map(form => synthError(build(plan, form, 1, plan.replicas - 1)));
      expect(errors[0]).toMatch(/would stay Pending/);
      expect(new Set(errors).size).toBe(1);
    }), { seed: SEED, numRuns: 50, endOnFailure: true });
  });

  test('a plain app builds no cdk8s-plus objects, and reading any part builds them all once', () => {
    for (const read of ['statefulSet', 'headlessService', 'service', 'mainContainer', 'workload'] as const) {
      const chart = newChart();
      const app = new StatefulAppWithStorage(chart, 'db', { image: 'postgres:16.4', storage: { size: '1Gi', mountPath: '/data' }, clientService: {} });
      const plusObjects = () => chart.node.findAll().filter(c => c instanceof kplus.Resource).length;
      expect(plusObjects()).toBe(0);
      const first = app[read];
      expect(first).toBeDefined();
      expect(plusObjects()).toBe(3);
      expect(app[read]).toBe(first);
      // The cdk8s-plus objects take the plain manifests' ids.
      expect(app.node.findChild('StatefulSet')).toBe(app.statefulSet);
      expect(app.node.findChild('HeadlessService')).toBe(app.headlessService);
      expect(app.node.findChild('Service')).toBe(app.service);
    }
  });

  /** The objects an app writes (kind and name, in order) with a ConfigMap of the user's added to it, its StatefulSet read or not. */
  const withUserChild = (props: Partial<StatefulAppWithStorageProps>, childId: string, read: boolean) => {
    const chart = newChart();
    const app = new StatefulAppWithStorage(chart, 'db', { image: 'postgres:16.4', storage: { size: '1Gi', mountPath: '/data' }, ...props });
    new kplus.k8s.KubeConfigMap(app, childId, { metadata: { name: 'mine' } });
    if (read) expect(app.statefulSet).toBeInstanceOf(kplus.StatefulSet);
    return Testing.synth(chart).map(o => `${o.kind} ${o.metadata.name}`);
  };

  test('an object the user adds to the app keeps its place in the YAML when a part is read after it', () => {
    const props = { clientService: {}, disruptionBudget: {} };
    const plain = withUserChild(props, 'Extra', false);
    expect(plain).toEqual(['Service db-headless', 'StatefulSet db', 'Service db', 'PodDisruptionBudget db', 'ConfigMap mine']);
    expect(withUserChild(props, 'Extra', true)).toEqual(plain);
  });

  test("an app without a client Service keeps a user's child of the id 'Service' when a part is read", () => {
    const plain = withUserChild({}, 'Service', false);
    expect(plain).toEqual(['Service db-headless', 'StatefulSet db', 'ConfigMap mine']);
    expect(withUserChild({}, 'Service', true)).toEqual(plain);
  });

  test('names, DNS names and claim names need no parts, and an app without a client Service has none to read', () => {
    const chart = newChart();
    const app = new StatefulAppWithStorage(chart, 'db', { image: 'postgres:16.4', replicas: 2, storage: { size: '1Gi', mountPath: '/data' } });
    expect(app.headlessServiceName).toBe('db-headless');
    expect(app.podDnsName(1)).toBe('db-1.db-headless.default.svc.cluster.local');
    expect(app.claimNames).toEqual(['data-db-0', 'data-db-1']);
    expect(app.service).toBeUndefined();
    expect(chart.node.findAll().some(c => c instanceof kplus.Resource)).toBe(false);
  });

  test('customising a part after an injection keeps the injection and adds the change', () => {
    const chart = newChart();
    const app = new StatefulAppWithStorage(chart, 'db', { image: 'postgres:16.4', storage: { size: '1Gi', mountPath: '/data' } });
    const cm = new ConfigMapInjection(chart, 'cfg', { literals: { mode: 'prod' } });
    cm.injectEnv(InjectionTarget.fromPattern(app), { variables: { MODE: 'mode' } });
    app.mainContainer.env.addVariable('EXTRA', kplus.EnvValue.fromValue('1'));
    const out = synth(chart);
    const pod = find(out, 'StatefulSet').spec.template;
    expect(pod.spec.containers[0].env).toEqual([
      { name: 'MODE', valueFrom: { configMapKeyRef: { key: 'mode', name: 'cfg' } } },
      { name: 'EXTRA', value: '1' },
    ]);
    expect(pod.spec.containers[0].volumeMounts).toContainEqual({ mountPath: '/data', name: 'data' });
    expect(pod.spec.volumes.map((v: any) => v.name)).not.toContain('data');
    expectWellFormed(out);
  });

  test('a JSON patch on the plain StatefulSet is seen by the storage checks', () => {
    const chart = newChart();
    new NfsPersistentVolume(chart, 'pv', { server: '10.0.0.5', path: '/nfs/0', capacity: '1Gi', storageClassName: 'gold' });
    const app = new StatefulAppWithStorage(chart, 'db', { image: 'postgres:16.4', storage: { size: '1Gi', mountPath: '/data', storageClassName: 'gold' } });
    expect(synthError(chart)).toBeUndefined();
    // Two replicas through the escape hatch need two volumes: the check reads the patched manifest.
    (app.node.findChild('StatefulSet') as ApiObject).addJsonPatch(JsonPatch.replace('/spec/replicas', 2));
    expect(synthError(chart)).toMatch(/claims "data-db-0".."data-db-1" need 2 PersistentVolumes of class "gold"/);
  });

  test('the storage checks see a patch on the built StatefulSet, and an autoscaler that takes its replicas', () => {
    const chart = newChart();
    new NfsPersistentVolume(chart, 'pv', { server: '10.0.0.5', path: '/nfs/0', capacity: '1Gi', storageClassName: 'gold' });
    const app = new StatefulAppWithStorage(chart, 'db', { image: 'postgres:16.4', storage: { size: '1Gi', mountPath: '/data', storageClassName: 'gold' } });
    expect(synthError(chart)).toBeUndefined();
    ApiObject.of(app.statefulSet).addJsonPatch(JsonPatch.replace('/spec/replicas', 3));
    expect(synthError(chart)).toMatch(/claims "data-db-0".."data-db-2" need 3 PersistentVolumes of class "gold"/);

    // Three replicas as a prop fail; a StatefulSet marked as autoscaled (what an autoscaler on it
    // does) drops `replicas` from the manifest, and the checks then count one claim, as on the YAML.
    const other = newChart();
    new NfsPersistentVolume(other, 'pv', { server: '10.0.0.5', path: '/nfs/0', capacity: '1Gi', storageClassName: 'gold' });
    const scaled = new StatefulAppWithStorage(other, 'db', {
      image: 'postgres:16.4', replicas: 3, storage: { size: '1Gi', mountPath: '/data', storageClassName: 'gold' },
    });
    void scaled.statefulSet;
    expect(synthError(other)).toMatch(/need 3 PersistentVolumes/);
    scaled.statefulSet.markHasAutoscaler();
    expect(find(Testing.synth(other), 'StatefulSet').spec.replicas).toBeUndefined();
  });
});

/** Static volumes and claims, some bound both ways, in a chart with or without a namespace. */
const volumePlans = fc.record({
  chartNamespace: fc.option(dnsLabel(10), { nil: undefined }),
  volumes: fc.array(fc.record({
    kind: fc.constantFrom('nfs', 'hostPath'),
    capacity: storageSize,
    className: fc.option(fc.constantFrom('gold', 'silver'), { nil: undefined }),
    retain: fc.boolean(),
    mountOptions: fc.option(fc.constant<string[]>(['nfsvers=4.1', 'hard']), { nil: undefined }),
    readOnly: fc.option(fc.boolean(), { nil: undefined }),
    nodeName: fc.option(dnsLabel(10), { nil: undefined }),
    labels: fc.option(fc.constant({ tier: 'data' }), { nil: undefined }),
    bind: fc.boolean(),
    claimNamespace: fc.option(dnsLabel(10), { nil: undefined }),
  }), { minLength: 1, maxLength: 3 }),
  looseClaims: fc.array(fc.record({ size: storageSize, className: fc.option(fc.constantFrom('gold', ''), { nil: undefined }) }), { maxLength: 2 }),
});

/** An L1 object, by its class: cdk8s's `instanceof` on any ApiObject class matches every ApiObject. */
const isL1 = (c: IConstruct) => c.constructor === kplus.k8s.KubePersistentVolume || c.constructor === kplus.k8s.KubePersistentVolumeClaim;

type VolumePlan = typeof volumePlans extends fc.Arbitrary<infer T> ? T : never;

/** Builds the plan; `read` says when the L1 objects are built: never, right after construction, at the end, or every other one. */
function buildVolumes(plan: VolumePlan, read: Form): Chart {
  const chart = newChart({ namespace: plan.chartNamespace });
  const built: (StaticPersistentVolume | VolumeClaim)[] = [];
  const early = (x: StaticPersistentVolume | VolumeClaim) => {
    built.push(x);
    if (read === 'parts-first' || (read === 'mixed' && built.length % 2 === 0)) void (x instanceof VolumeClaim ? x.claim : x.persistentVolume);
  };
  plan.volumes.forEach((v, i) => {
    const common = { capacity: v.capacity, storageClassName: v.className, labels: v.labels };
    const pv = v.kind === 'nfs'
      ? new NfsPersistentVolume(chart, `pv${i}`, { ...common, server: '10.0.0.5', path: `/nfs/${i}`, mountOptions: v.mountOptions, readOnly: v.readOnly })
      : new HostPathPersistentVolume(chart, `pv${i}`, { ...common, path: `/mnt/${i}`, nodeName: v.nodeName });
    early(pv);
    if (v.bind) early(new VolumeClaim(chart, `claim${i}`, { size: v.capacity, volume: pv, namespace: v.claimNamespace }));
  });
  plan.looseClaims.forEach((c, i) => early(new VolumeClaim(chart, `loose${i}`, { size: c.size, storageClassName: c.className })));
  if (read === 'parts-last') built.forEach(x => void (x instanceof VolumeClaim ? x.claim : x.persistentVolume));
  const l1 = chart.node.findAll().filter(isL1).length;
  expect(l1).toBe(read === 'plain' ? 0 : read === 'mixed' ? Math.floor(built.length / 2) : built.length);
  return chart;
}

describe('plain and L1 renderings of static PersistentVolumes and VolumeClaims', () => {
  test('are byte-identical for random volumes and claims, bound or not, whenever the L1 objects are built', () => {
    fc.assert(fc.property(volumePlans, plan => {
      // A loose claim of a class without volumes fails the storage checks alike in every form.
      const outputs = FORMS.map(form => synthError(buildVolumes(plan, form)) ?? yamlOf(buildVolumes(plan, form)));
      for (const out of outputs.slice(1)) expect(out).toEqual(outputs[0]);
    }), { seed: SEED, numRuns: Math.max(500, Math.ceil(RUNS / 2)), endOnFailure: true });
  });

  test('reading the parts builds each L1 object once, under the plain manifest\'s id', () => {
    const chart = newChart();
    const pv = new NfsPersistentVolume(chart, 'pv', { server: '10.0.0.5', path: '/nfs/0', capacity: '1Gi' });
    const claim = new VolumeClaim(chart, 'claim', { size: '1Gi', volume: pv });
    expect(chart.node.findAll().some(isL1)).toBe(false);
    expect(pv.persistentVolume).toBe(pv.persistentVolume);
    expect(claim.claim).toBe(claim.claim);
    expect(pv.node.findChild('PersistentVolume')).toBe(pv.persistentVolume);
    expect(claim.node.findChild('Claim')).toBe(claim.claim);
    // The reservation made while the volume was plain is kept.
    expect(find(synth(chart), 'PersistentVolume').spec.claimRef).toEqual({ name: 'claim', namespace: 'default' });
  });
});
