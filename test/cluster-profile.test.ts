import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ClusterProfile, PodSecurityLevel, VolumeClaim } from '../lib';
import { fixtureProfile, fixtureProps } from './support/profiles';
import { expectError, expectSynthError } from './support/synth';

describe('ClusterProfile', () => {
  test('written in code: a name is all it needs; the rest defaults to the API server\'s defaults or unknown', () => {
    const profile = new ClusterProfile({ name: 'prod' });
    expect(profile.name).toEqual('prod');
    expect(profile.kubernetesVersion).toBeUndefined();
    expect(profile.clusterDomain).toEqual('cluster.local');
    expect(profile.nodePortRange).toEqual({ min: 30000, max: 32767 });
    expect(profile.podSecurityLevel('anything')).toEqual(PodSecurityLevel.PRIVILEGED);
    // Unknown lists check nothing.
    expect(profile.check([{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { storageClassName: 'fast', accessModes: ['ReadWriteMany'] } }])).toEqual([]);
  });

  test('from the captured clusters: what they say', () => {
    const current = fixtureProfile('current');
    expect(current.kubernetesVersion).toEqual('1.34');
    expect(current.podSecurityLevel('shop')).toEqual(PodSecurityLevel.RESTRICTED);
    expect(current.podSecurityLevel('tools')).toEqual(PodSecurityLevel.BASELINE);
    expect(fixtureProfile('legacy-1.28').kubernetesVersion).toEqual('1.28');
  });

  test('toYaml and fromFile: a file that loads back as the same profile', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'profile-')), 'current.yaml');
    fs.writeFileSync(file, fixtureProfile('current').toYaml());
    const loaded = ClusterProfile.fromFile(file);
    expect(loaded.toYaml()).toEqual(fixtureProfile('current').toYaml());
    expect(loaded.podSecurityLevel('shop')).toEqual(PodSecurityLevel.RESTRICTED);
  });

  test('check: violations on any manifests, as ManifestChecks reports them', () => {
    const violations = fixtureProfile('legacy-1.28').check([
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'shop' }, spec: { parentRefs: [{ name: 'public' }] } },
      null,
    ]);
    expect(violations).toEqual([{
      object: 'HTTPRoute/shop/web',
      field: 'apiVersion',
      rule: 'profile-api-version',
      message: "the cluster profile 'legacy' (Kubernetes 1.28) serves no version of gateway.networking.k8s.io: the Gateway API CRDs are not installed",
    }]);
    expect(fixtureProfile('current').check('nothing' as any)).toEqual([]);
  });

  test('of: the profile of the nearest scope, a Chart\'s before its App\'s', () => {
    const app = new App();
    const prod = new Chart(app, 'prod');
    const staging = new Chart(app, 'staging');
    const appProfile = new ClusterProfile({ name: 'app' });
    const stagingProfile = new ClusterProfile({ name: 'staging' });
    expect(ClusterProfile.of(prod)).toBeUndefined();
    appProfile.attach(app);
    stagingProfile.attach(staging);
    expect(ClusterProfile.of(prod)).toBe(appProfile);
    expect(ClusterProfile.of(staging)).toBe(stagingProfile);
  });

  test('attached to a Chart after its constructs were created, it still checks them at synth', () => {
    const chart = new Chart(Testing.app(), 'prod');
    new VolumeClaim(chart, 'claim', { size: '1Gi', accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] });
    new ClusterProfile(fixtureProps('legacy-1.28', 'prod')).attach(chart);
    expectSynthError(chart, "VolumeClaim 'prod/claim': invalid accessModes [\"ReadWriteMany\"]: "
      + "StorageClass \"standard\" of the cluster profile 'prod' serves only ReadWriteOnce; ReadWriteMany would leave the claim Pending");
  });

  test('bad props fail in the library\'s format, named by the profile', () => {
    expectError(() => new ClusterProfile({ name: 'prod', storageClasses: [{ name: 'fast', provisioner: 'x.io/y' }, { name: 'fast', provisioner: 'x.io/z' }] }),
      "ClusterProfile 'prod': invalid storageClasses[1] \"fast\": is listed twice; list each once");
    expectError(() => new ClusterProfile(undefined as any), "ClusterProfile '<profile>': invalid props undefined: must be an object with at least 'name'");
  });
});
