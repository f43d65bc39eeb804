import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ClusterProfile, ExposedWebApp, ExternalNameService, ExternalStorageClass, Gateway, HeadlessService, NfsStorageClass, StatefulAppWithStorage,
  VolumeClaim,
} from '../../lib';
import { fixtureProfile } from '../support/profiles';
import { expectError } from '../support/synth';

/*
 * How the patterns consult the cluster profile (issue 13, phase 2): what they read while being
 * built (DNS domain, node port range), and which of their props a finding names.
 */

const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;

/** Every message the construct validations report at synth, as `cdk8s synth` runs them. */
const synthErrors = (chart: Chart) => chart.node.root.node.findAll().flatMap(c => c.node.validate());

/** A chart under a profile, or under none. */
function chartWith(profile?: ClusterProfile, namespace = 'shop'): Chart {
  const app = Testing.app();
  profile?.attach(app);
  return new Chart(app, 'c', { namespace });
}

const corp = () => new ClusterProfile({ name: 'corp', clusterDomain: 'corp.internal', nodePortRange: { min: 20000, max: 40000 } });

describe('DNS helpers use the cluster domain of the profile', () => {
  test.each<[string, (c: Chart) => string]>([
    ['ExposedWebApp.dnsName', c => new ExposedWebApp(c, 'web', { image: IMAGE }).dnsName],
    ['ExposedWebApp.url', c => new ExposedWebApp(c, 'web', { image: IMAGE }).url],
    ['HeadlessService.dnsName', c => new HeadlessService(c, 'hl', { selector: { app: 'db' } }).dnsName],
    ['ExternalNameService.dnsName', c => new ExternalNameService(c, 'ext', { externalName: 'db.example.com' }).dnsName],
    ['StatefulAppWithStorage.podDnsName', c => new StatefulAppWithStorage(c, 'db', { image: IMAGE, storage: { size: '1Gi', mountPath: '/data' } }).podDnsName(0)],
  ])('%s: cluster.local without a profile, the profile\'s domain with one', (_, name) => {
    const plain = name(chartWith());
    expect(plain).toMatch(/\.svc\.cluster\.local(:\d+)?$/);
    expect(name(chartWith(corp()))).toEqual(plain.replace('cluster.local', 'corp.internal'));
  });
});

describe('node ports are checked against the range of the profile', () => {
  const nodePortApp = (c: Chart, nodePort: number) => new ExposedWebApp(c, 'web', { image: IMAGE, serviceType: kplus.ServiceType.NODE_PORT, nodePort });

  test('a port outside the default range is fine in a cluster whose range holds it', () => {
    expectError(() => nodePortApp(chartWith(), 25000), "ExposedWebApp 'c/web': invalid nodePort 25000: must be within the node port range 30000-32767");
    const chart = chartWith(corp());
    nodePortApp(chart, 25000);
    expect(Testing.synth(chart).find(m => m.kind === 'Service').spec.ports[0].nodePort).toEqual(25000);
  });

  test('a port of the default range outside the profile\'s fails at construction, naming the profile', () => {
    const narrow = new ClusterProfile({ name: 'narrow', nodePortRange: { min: 31000, max: 31999 } });
    expectError(() => nodePortApp(chartWith(narrow), 30080),
      "ExposedWebApp 'c/web': invalid nodePort 30080: must be within the node port range 31000-31999 of the cluster profile 'narrow'");
    expectError(() => nodePortApp(chartWith(narrow), 31000.5),
      "ExposedWebApp 'c/web': invalid nodePort 31000.5: must be within the node port range 31000-31999 of the cluster profile 'narrow'");
  });

  test('a node port read while being built makes a later attach above it fail', () => {
    const app = Testing.app();
    nodePortApp(new Chart(app, 'c'), 30080);
    expectError(() => corp().attach(app),
      "ClusterProfile 'corp': invalid attach \"\": 'c/web' already read the cluster profile (the node port range) while being built; attach the profile before creating the constructs below '<app>'");
  });
});

describe('the app\'s claim-class check defers to a profile that knows the cluster\'s classes', () => {
  const claimOf = (c: Chart, storageClassName: string) => new VolumeClaim(c, 'claim', { size: '1Gi', storageClassName });

  test('a class only the cluster has: an error without a profile, none with one', () => {
    const plain = chartWith();
    claimOf(plain, 'nfs-csi');
    expect(synthErrors(plain)).toEqual([
      "VolumeClaim 'c/claim': invalid storageClassName \"nfs-csi\": no StorageClass or PersistentVolume of this class is in the app, and none is declared with ExternalStorageClass; "
      + 'the claims would stay Pending',
    ]);
    const profiled = chartWith(fixtureProfile('current'));
    claimOf(profiled, 'nfs-csi');
    expect(synthErrors(profiled)).toEqual([]);
  });

  test('a class neither has: the profile\'s one message, not two', () => {
    const chart = chartWith(fixtureProfile('current'));
    claimOf(chart, 'fast');
    expect(synthErrors(chart)).toEqual(["VolumeClaim 'c/claim': invalid storageClassName \"fast\": the cluster profile 'current' has no StorageClass \"fast\" (it has: nfs-csi, standard)"]);
  });

  test('a profile that does not know the classes leaves the app\'s check in place', () => {
    const chart = chartWith(new ClusterProfile({ name: 'versions-only', kubernetesVersion: '1.31' }));
    claimOf(chart, 'fast');
    expect(synthErrors(chart)).toHaveLength(1);
    expect(synthErrors(chart)[0]).toContain('none is declared with ExternalStorageClass');
  });
});

describe('ExternalStorageClass: a declaration the profile can check', () => {
  test('a class the cluster has, with the modes it serves, passes', () => {
    const chart = chartWith(fixtureProfile('current'));
    const nfs = new ExternalStorageClass(chart, 'nfs', { storageClassName: 'nfs-csi', accessModes: [RWX] });
    new VolumeClaim(chart, 'claim', { size: '1Gi', accessModes: [RWX], storageClass: nfs });
    expect(synthErrors(chart)).toEqual([]);
  });

  test('a class the cluster lacks is one error on the declaration, not one more per claim', () => {
    const chart = chartWith(fixtureProfile('legacy-1.28'));
    const nfs = new ExternalStorageClass(chart, 'nfs', { storageClassName: 'nfs-csi' });
    new VolumeClaim(chart, 'a', { size: '1Gi', storageClass: nfs });
    new StatefulAppWithStorage(chart, 'db', { image: IMAGE, storage: { size: '1Gi', mountPath: '/data', storageClass: nfs } });
    expect(synthErrors(chart)).toEqual(["ExternalStorageClass 'c/nfs': invalid storageClassName \"nfs-csi\": the cluster profile 'legacy' has no StorageClass \"nfs-csi\" (it has: standard)"]);
  });
});

test('a declaration outside the claim\'s profile does not hide the claim\'s finding', () => {
  const app = Testing.app();
  const plain = new Chart(app, 'plain');
  const profiled = new Chart(app, 'prod');
  fixtureProfile('legacy-1.28').attach(profiled);
  const nfs = new ExternalStorageClass(plain, 'nfs', { storageClassName: 'nfs-csi' });
  new VolumeClaim(profiled, 'claim', { size: '1Gi', storageClass: nfs });
  expect(synthErrors(profiled)).toEqual(["VolumeClaim 'prod/claim': invalid storageClass \"nfs-csi\": the cluster profile 'legacy' has no StorageClass \"nfs-csi\" (it has: standard)"]);
});

describe('findings name the prop the user passed', () => {
  test('a claim template\'s access mode the cluster\'s version lacks names storage.accessModes', () => {
    const chart = chartWith(new ClusterProfile({ name: 'old', kubernetesVersion: '1.26' }));
    new StatefulAppWithStorage(chart, 'db', { image: IMAGE, storage: { size: '1Gi', mountPath: '/data', accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD] } });
    expect(synthErrors(chart)).toEqual([expect.stringMatching(/^StatefulAppWithStorage 'c\/db': invalid storage.accessModes "ReadWriteOncePod": the cluster profile 'old' \(Kubernetes 1.26\) does not serve/)]);
  });

  test('the HTTPS redirect route\'s parents are named as its own, not the route\'s', () => {
    const chart = chartWith(fixtureProfile('current'));
    const gw = (id: string, name: string) => Gateway.fromGatewayName(chart, id, name, 'gateway-system');
    new ExposedWebApp(chart, 'web', {
      image: IMAGE,
      route: { parents: [{ gateway: gw('public', 'public'), sectionName: 'https' }], hostnames: ['shop.example.com'], httpsRedirect: { parents: [{ gateway: gw('plain', 'plain') }] } },
    });
    expect(synthErrors(chart)).toEqual([
      "ExposedWebApp 'c/web': invalid route.httpsRedirect.parents[0].gateway \"plain\": the cluster profile 'current' has no Gateway \"plain\" in namespace \"gateway-system\" "
      + '(it has: gateway-system/internal, gateway-system/public)',
    ]);
  });

  test('the NFS provisioner in a namespace its inline nfs volume is refused in names provisioner.namespace; through a claim it passes', () => {
    const chart = chartWith(fixtureProfile('current'));
    new NfsStorageClass(chart, 'nfs', { server: '10.0.0.5', path: '/exports', provisioner: { namespace: 'shop' } });
    expect(synthErrors(chart)).toEqual([expect.stringMatching(/^NfsStorageClass 'c\/nfs': invalid provisioner.namespace "shop": namespace "shop" enforces Pod Security "restricted" .*volume type nfs is not allowed/)]);
    const viaClaim = chartWith(fixtureProfile('current'));
    new NfsStorageClass(viaClaim, 'nfs', { server: '10.0.0.5', path: '/exports', mountOptions: ['nfsvers=4.1'], provisioner: { namespace: 'shop' } });
    expect(synthErrors(viaClaim)).toEqual([]);
  });
});
