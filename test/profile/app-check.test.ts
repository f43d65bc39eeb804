import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { buildApp as configInjection } from '../../examples/config-injection/app';
import { buildApp as nfsStorage } from '../../examples/nfs-storage/app';
import { buildApp as statefulApp } from '../../examples/stateful-app/app';
import { buildApp as webApp } from '../../examples/web-app/app';
import { ClusterProfile, ExposedWebApp, StatefulAppWithStorage, VolumeClaim } from '../../lib';
import { attributeToProp } from '../../lib/profile/app-check';
import { Reporter } from '../../lib/shared/errors';
import { fixtureProfile } from '../support/profiles';
import { newChart, synthApp, validateApp } from '../support/synth';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';
const RWX = kplus.PersistentVolumeAccessMode.READ_WRITE_MANY;

/** The manifests of a chart, rendered without running the validations (which a profile adds to). */
const render = (chart: Chart) => chart.node.findAll().filter(ApiObject.isApiObject).map(o => (o as ApiObject).toJson());

/** Every message the construct validations report at synth, as `cdk8s synth` runs them. */
const synthErrors = (scope: { node: any }) => scope.node.root.node.findAll().flatMap((c: any) => c.node.validate());

/**
 * An app that breaks a rule of each profile, yet nothing the library checks without one: a
 * claim of ReadWriteMany from the default class, an Ingress of a class the older cluster
 * lacks, a root pod in a namespace that enforces restricted, a claim dropped on scale-down.
 */
function riskyApp(chart: Chart): void {
  new VolumeClaim(chart, 'shared', { size: '1Gi', accessModes: [RWX] });
  new ExposedWebApp(chart, 'web', {
    image: IMAGE,
    ingress: { hosts: ['shop.example.com'], ingressClassName: 'traefik' },
    security: { allowRunAsRoot: true, exceptionReason: 'legacy image' },
  });
}

describe('without a profile, nothing changes', () => {
  test('an app that a profile would refuse synthesizes without errors, and to the same YAML as with a profile attached', () => {
    const without = new Chart(Testing.app(), 'shop', { namespace: 'web-dynamic' });
    riskyApp(without);
    expect(ClusterProfile.of(without)).toBeUndefined();
    expect(synthErrors(without)).toEqual([]);
    const plain = render(without);

    const app = Testing.app();
    fixtureProfile('legacy-1.28').attach(app);
    const withProfile = new Chart(app, 'shop', { namespace: 'web-dynamic' });
    riskyApp(withProfile);
    // The same test can fail: the profile finds what the cluster would refuse.
    expect(synthErrors(withProfile)).toHaveLength(3);
    // A profile only checks; it never changes what is written.
    expect(render(withProfile)).toEqual(plain);
  });

  test('a profile of one App or Chart reaches no other', () => {
    const profiled = Testing.app();
    fixtureProfile('legacy-1.28').attach(profiled);
    const app = Testing.app();
    const prod = new Chart(app, 'prod', { namespace: 'web-dynamic' });
    const other = new Chart(app, 'other', { namespace: 'web-dynamic' });
    fixtureProfile('legacy-1.28').attach(other);
    riskyApp(prod);
    expect(synthErrors(prod).filter((e: string) => e.includes("'prod/"))).toEqual([]);
  });

  test.each<[string, (app: App) => void]>([
    ['web-app', webApp], ['nfs-storage', nfsStorage], ['stateful-app', statefulApp], ['config-injection', configInjection],
  ])('examples/%s: the same manifests with the current cluster\'s profile attached as without', (_, build) => {
    const plainApp = Testing.app();
    build(plainApp);
    const plain = synthApp(plainApp);
    const app = Testing.app();
    fixtureProfile('current').attach(app);
    build(app);
    expect(synthErrors(app)).toEqual([]);
    expect(app.charts.flatMap(c => c.toJson())).toEqual(plain);
  });
});

describe('the synth-time check of an app against its profile', () => {
  test('each object against the profile of its chart, in the library\'s format, naming the pattern and the prop the user passed', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'web-dynamic' });
    fixtureProfile('legacy-1.28').attach(chart);
    riskyApp(chart);
    expect(() => validateApp(chart)).toThrow();
    expect(synthErrors(chart).sort()).toEqual([
      "ExposedWebApp 'shop/web': invalid ingress.ingressClassName \"traefik\": the cluster profile 'legacy' has no IngressClass \"traefik\" (it has: nginx); no controller would serve the Ingress",
      "ExposedWebApp 'shop/web': invalid namespace \"web-dynamic\": namespace \"web-dynamic\" enforces Pod Security \"restricted\" "
      + "(label pod-security.kubernetes.io/enforce=restricted in the cluster profile 'legacy'), which refuses the pod: "
      + 'spec.template.spec.securityContext.runAsUser: runAsUser must not be 0 (root); '
      + 'spec.template.spec.containers[0].securityContext.runAsNonRoot: runAsNonRoot must be true, in the container or the pod; '
      + 'spec.template.spec.containers[0].securityContext.runAsUser: runAsUser must not be 0 (root)',
      "VolumeClaim 'shop/shared': invalid accessModes [\"ReadWriteMany\"]: StorageClass \"standard\" of the cluster profile 'legacy' serves only ReadWriteOnce; "
      + 'ReadWriteMany would leave the claim Pending',
    ]);
  });

  test('an object a pattern did not write is named by its path and field', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'web-dynamic' });
    fixtureProfile('legacy-1.28').attach(chart);
    new ApiObject(chart, 'ing', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'ing' }, spec: { ingressClassName: 'traefik' } });
    expect(synthErrors(chart)).toEqual([
      "Ingress 'shop/ing': invalid spec.ingressClassName \"traefik\": the cluster profile 'legacy' has no IngressClass \"traefik\" (it has: nginx); no controller would serve the Ingress",
    ]);
  });

  test('the parts a user customised count as rendered: a hand-added field the version lacks', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    fixtureProfile('legacy-1.28').attach(app);
    const web = new ExposedWebApp(chart, 'web', { image: IMAGE });
    web.deployment.addInitContainer({ name: 'log', image: 'busybox:1.36', restartPolicy: kplus.ContainerRestartPolicy.ALWAYS, securityContext: { ensureNonRoot: true, user: 1001 } });
    expect(synthErrors(chart)).toEqual([
      "Deployment 'shop/web/Deployment': invalid spec.template.spec.initContainers[0].restartPolicy \"Always\": the cluster profile 'legacy' (Kubernetes 1.28) "
      + "does not serve sidecar containers (init containers with restartPolicy 'Always'), which needs Kubernetes 1.29 (feature gate SidecarContainers: alpha 1.28, "
      + 'beta and on by default 1.29, GA 1.33); the API server refuses the pod template or drops the field, and the sidecar then blocks the pod as an init container that never ends',
    ]);
  });

  test('a pattern that names the prop behind a field gets the message in its own name, once per prop', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    fixtureProfile('legacy-1.28').attach(app);
    const db = new StatefulAppWithStorage(chart, 'db', {
      image: IMAGE,
      storage: { size: '1Gi', mountPath: '/data', accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD] },
    });
    // As phase 2 will do in the pattern itself.
    const store = new Reporter(db, 'StatefulAppWithStorage').child('storage');
    attributeToProp(db, 'StatefulSet', 'spec.volumeClaimTemplates[0].spec.accessModes', store, 'accessModes', ['ReadWriteOncePod']);
    expect(synthErrors(chart)).toEqual([
      "StatefulAppWithStorage 'shop/db': invalid storage.accessModes [\"ReadWriteOncePod\"]: StorageClass \"standard\" of the cluster profile 'legacy' serves only ReadWriteOnce; "
      + 'ReadWriteOncePod would leave the claim Pending',
    ]);
  });

  test('the most precise attribution wins, and the manifest\'s value is shown when the pattern gives none', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    fixtureProfile('legacy-1.28').attach(app);
    const claim = new VolumeClaim(chart, 'c', { size: '1Gi', storageClassName: 'fast' });
    const report = new Reporter(claim, 'VolumeClaim');
    attributeToProp(claim, 'PersistentVolumeClaim', 'spec', report, 'props');
    attributeToProp(claim, 'PersistentVolumeClaim', 'spec.storageClassName', report, 'storageClassName');
    attributeToProp(claim, 'Service', 'spec.storageClassName', report, 'wrong');
    expect(synthErrors(chart)).toContain("VolumeClaim 'shop/c': invalid storageClassName \"fast\": the cluster profile 'legacy' has no StorageClass \"fast\" (it has: standard)");
  });

  test('an attribution holds for the plain manifest and for the cdk8s-plus part built in its place', () => {
    const errorsOf = (materialize: boolean) => {
      const app = Testing.app();
      const chart = new Chart(app, 'shop');
      fixtureProfile('legacy-1.28').attach(app);
      const web = new ExposedWebApp(chart, 'web', { image: IMAGE, ingress: { hosts: ['shop.example.com'], ingressClassName: 'traefik' } });
      attributeToProp(web, 'Ingress', 'spec.ingressClassName', new Reporter(web, 'ExposedWebApp').child('ingress'), 'ingressClassName');
      if (materialize) expect(web.ingress).toBeDefined();
      return synthErrors(chart);
    };
    const message = "ExposedWebApp 'shop/web': invalid ingress.ingressClassName \"traefik\": the cluster profile 'legacy' has no IngressClass \"traefik\" (it has: nginx); "
      + 'no controller would serve the Ingress';
    expect(errorsOf(false)).toEqual([message]);
    expect(errorsOf(true)).toEqual([message]);
  });

  test('objects under no profile are not rendered again', () => {
    const app = Testing.app();
    const profiled = new Chart(app, 'profiled');
    const plain = newChart();
    fixtureProfile('current').attach(profiled);
    const obj = new ApiObject(plain, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    const spy = jest.spyOn(obj, 'toJson');
    new ApiObject(profiled, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    synthErrors(app);
    synthErrors(plain);
    expect(spy).not.toHaveBeenCalled();
  });
});
