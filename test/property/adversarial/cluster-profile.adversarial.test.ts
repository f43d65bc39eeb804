import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import * as yaml from 'yaml';
import {
  accessModes, checkRun, edgy, FUZZ_TIMEOUT, fuzzRuns, garbage, given, labels, listOf, maybe, mostly, name, nodePort, port, rarelyGarbage,
  withGarbage,
} from './harness';
import { ClusterProfile, ExposedWebApp, Gateway, PodSecurityLevel, ProfileRoutesFrom, VolumeBindingMode } from '../../../lib';

/**
 * ClusterProfile under adversarial input: props in code, profile files with garbage contents,
 * and attach/of misused. Each run ends in our error naming the prop (or the file, or the
 * method), or in a profile that works: a small app synthesized under it either passes the
 * strict validator or fails with the library's own messages.
 */

const version = edgy(fc.constantFrom('1.28', '1.29', '1.31', '1.33', '1.22'),
  fc.constantFrom('1.0', '2.0', '1.31.2', 'v1.31', 1.31 as any, '1.1000', '1.', '', '1.031', ' 1.31', '1.x'));
const groupVersion = edgy(fc.constantFrom('v1', 'apps/v1', 'gateway.networking.k8s.io/v1', 'networking.k8s.io/v1', 'policy/v1', 'autoscaling/v2',
  'gateway.networking.k8s.io/v1beta1', 'batch/v1'), fc.constantFrom('V1', 'apps', '/v1', 'a b', '', 'apps/v1/x', 'example.com/v1alpha1'));
const kind = edgy(fc.constantFrom('Deployment', 'Service', 'HTTPRoute', 'GRPCRoute', 'Gateway', 'Ingress'), fc.constantFrom('deployment', '', 'A b', '1X'));
const controller = edgy(fc.constantFrom('k8s.io/ingress-nginx', 'gateway.envoyproxy.io/gatewayclass-controller', 'nfs.csi.k8s.io', 'rancher.io/local-path'),
  fc.constantFrom('', ' ', 'x'));

const storageClass = rarelyGarbage(fc.record({
  name: mostly(name),
  provisioner: mostly(controller),
  defaultClass: maybe(fc.boolean()),
  volumeBindingMode: maybe(fc.constantFrom(...Object.values(VolumeBindingMode), 'Later' as any)),
  allowVolumeExpansion: maybe(fc.boolean()),
  accessModes: maybe(accessModes),
}, { requiredKeys: ['name', 'provisioner'] }));

const listener = rarelyGarbage(fc.record({
  name: mostly(edgy(fc.constantFrom('http', 'https', 'grpc'), name)),
  protocol: mostly(edgy(fc.constantFrom('HTTP', 'HTTPS', 'TLS', 'TCP'), fc.constantFrom('', 'http', 'example.com/quic'))),
  port: mostly(port),
  hostname: maybe(fc.constantFrom('*.example.com', 'shop.example.com', '*', 'A.com', '1.2.3.4', '')),
  allowedRoutesFrom: maybe(fc.constantFrom(...Object.values(ProfileRoutesFrom), 'Some' as any)),
  allowedRoutesSelector: maybe(fc.oneof(labels.map(matchLabels => ({ matchLabels })), fc.constant({}), garbage)),
  allowedRouteKinds: maybe(fc.array(fc.constantFrom('HTTPRoute', 'GRPCRoute', 'TLSRoute', '', 'x'), { maxLength: 3 })),
}, { requiredKeys: ['name', 'protocol', 'port'] }));

const gateway = rarelyGarbage(fc.record({
  name: mostly(fc.oneof(fc.constantFrom('public', 'internal'), name)),
  namespace: mostly(fc.oneof(fc.constantFrom('gateway-system', 'shop'), name)),
  gatewayClassName: mostly(fc.oneof(fc.constant('eg'), name)),
  listeners: mostly(listOf(listener, 3, 64, 1)),
}, { requiredKeys: ['name', 'namespace', 'gatewayClassName', 'listeners'] }));

const namespace = rarelyGarbage(fc.record({
  name: mostly(fc.oneof(fc.constantFrom('shop', 'default', 'gateway-system'), name)),
  labels: maybe(fc.oneof(labels, fc.constantFrom(
    { 'pod-security.kubernetes.io/enforce': 'restricted' }, { 'pod-security.kubernetes.io/enforce': 'strict' }, { 'pod-security.kubernetes.io/enforce': 5 as any }))),
  podSecurityEnforce: maybe(fc.constantFrom(...Object.values(PodSecurityLevel), 'strict' as any)),
}, { requiredKeys: ['name'] }));

export const profileProps = withGarbage(fc.record({
  name: mostly(edgy(fc.constantFrom('prod', 'staging', 'kind-local', 'a.b_c'), fc.constantFrom('', '-a', 'a b', 'a'.repeat(64), 'ünï', 'a/b'))),
  kubernetesVersion: maybe(version),
  apiVersions: maybe(listOf(groupVersion, 6, 3)),
  apiResources: maybe(fc.array(rarelyGarbage(fc.record({ groupVersion, kind })), { maxLength: 4 })),
  storageClasses: maybe(listOf(storageClass, 3, 2)),
  ingressClasses: maybe(listOf(rarelyGarbage(fc.record({ name: mostly(fc.oneof(fc.constant('nginx'), name)), controller: mostly(controller), defaultClass: maybe(fc.boolean()) },
    { requiredKeys: ['name', 'controller'] })), 2, 2)),
  gatewayClasses: maybe(listOf(rarelyGarbage(fc.record({ name: mostly(fc.oneof(fc.constant('eg'), name)), controllerName: mostly(controller) },
    { requiredKeys: ['name', 'controllerName'] })), 2, 2)),
  gateways: maybe(listOf(gateway, 2, 2)),
  namespaces: maybe(listOf(namespace, 3, 2)),
  nodePortRange: maybe(rarelyGarbage(fc.record({
    min: mostly(edgy(fc.constantFrom(30000, 31000, 20000), fc.constantFrom(0, -1, 1.5, 65536, NaN, 32768))),
    max: mostly(edgy(fc.constantFrom(32767, 31999, 40000), fc.constantFrom(0, 29999, 65536, Infinity, 1.5))),
  }))),
  clusterDomain: maybe(edgy(fc.constantFrom('cluster.local', 'example.internal'), fc.constantFrom('Bad', '', 'a..b', '.local', 'a'.repeat(254)))),
  defaultPodSecurity: maybe(fc.constantFrom(...Object.values(PodSecurityLevel), 'strict' as any)),
}, { requiredKeys: ['name'] }));

/** A small app under the profile: a web app with a NodePort, an Ingress class and a route to a Gateway the profile may or may not list. */
const appPlan = fc.record({
  namespace: maybe(fc.constantFrom('shop', 'gateway-system', 'default')),
  nodePort: maybe(nodePort),
  ingressClassName: maybe(fc.constantFrom('nginx', 'traefik')),
  gateway: maybe(fc.record({ name: fc.constantFrom('public', 'internal'), namespace: fc.constantFrom('gateway-system', 'shop'), sectionName: maybe(fc.constantFrom('http', 'https')) })),
  gatewayInApp: fc.boolean(),
});
type AppPlan = typeof appPlan extends fc.Arbitrary<infer T> ? T : never;

function smallApp(chart: Chart, plan: AppPlan): void {
  let route;
  if (plan.gateway) {
    const gw = plan.gatewayInApp
      ? new Gateway(chart, 'gw', { name: plan.gateway.name, namespace: plan.gateway.namespace, gatewayClassName: 'eg', listeners: [{ name: 'http', allowedRoutes: undefined }] })
      : Gateway.fromGatewayName(chart, 'gw', plan.gateway.name, plan.gateway.namespace);
    route = { parents: [{ gateway: gw, sectionName: plan.gatewayInApp ? 'http' : plan.gateway.sectionName }], namespace: plan.gatewayInApp ? plan.gateway.namespace : undefined };
  }
  new ExposedWebApp(chart, 'web', {
    image: 'nginx:1.27.3',
    namespace: plan.namespace,
    serviceType: plan.nodePort ? kplus.ServiceType.NODE_PORT : undefined,
    nodePort: plan.nodePort,
    ingress: plan.ingressClassName ? { hosts: ['shop.example.com'], ingressClassName: plan.ingressClassName } : undefined,
    route,
  });
}

/** The props of the app that errors may name: the app's and the Gateway's. */
const APP_ROOTS = ['image', 'namespace', 'serviceType', 'nodePort', 'ingress', 'route', 'listeners', 'gatewayName', 'gatewayNamespace'];

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-fuzz-'));
afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

/** A profile file's text: a profile document (often with a wrong header), JSON, or garbage YAML. */
const fileText = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.tuple(profileProps, fc.constantFrom('ok', 'ok', 'ok', 'kind', 'apiVersion', 'json', 'extra')).map(([props, twist]) => {
      const doc: any = { apiVersion: 'cdk8s-patterns.io/v1', kind: 'ClusterProfile', ...(props !== null && typeof props === 'object' ? props : { name: props }) };
      if (twist === 'kind') doc.kind = 'Profile';
      if (twist === 'apiVersion') doc.apiVersion = 'v1';
      if (twist === 'extra') doc.storageClass = [];
      const safe = JSON.parse(JSON.stringify(doc, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ?? 'null');
      return twist === 'json' ? JSON.stringify(safe) : yaml.stringify(safe);
    }),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', '{', ': :', '\t- a', 'kind: ClusterProfile', 'kind: ClusterProfile\nkind: ClusterProfile', '!!binary abc',
      'a: &a [*a]', '&a [*a]', '- 1\n- 2', 'null', '42', '"x"', 'apiVersion: cdk8s-patterns.io/v1\nkind: ClusterProfile\nname: [1, 2]',
      'apiVersion: cdk8s-patterns.io/v1\nkind: ClusterProfile\nname: prod\nnodePortRange: {min: 0x7530, max: 32767}',
      'apiVersion: cdk8s-patterns.io/v1\nkind: ClusterProfile\nname: prod\nkubernetesVersion: 1.30',
      'apiVersion: cdk8s-patterns.io/v1\nkind: ClusterProfile\nname: prod\nnamespaces: [{name: shop, labels: {a: yes}}]',
      'apiVersion: cdk8s-patterns.io/v1\nkind: ClusterProfile\nname: prod\nstorageClasses: [{name: x, provisioner: p, defaultClass: on}]',
      'apiVersion: cdk8s-patterns.io/v1\nkind: ClusterProfile\nname: prod\n---\nkind: Other',
      'apiVersion: cdk8s-patterns.io/v1\nkind: ClusterProfile\nname: prod\n__proto__: {polluted: 1}',
      'apiVersion: cdk8s-patterns.io/v1\nkind: ClusterProfile\nname: prod\nconstructor: 1',
      '\uFEFFapiVersion: cdk8s-patterns.io/v1\nkind: ClusterProfile\nname: prod', 'a'.repeat(100_000)),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

describe('ClusterProfile under adversarial input', () => {
  test('props in code: our error naming the prop, or a profile under which a small app synthesizes to valid YAML or fails with our messages', () => {
    const drawn = fc.oneof({ weight: 20, arbitrary: profileProps }, { weight: 1, arbitrary: garbage });
    let n = 0;
    fuzzRuns('ClusterProfile', fc.tuple(drawn, appPlan), ([props, plan], outcome) => {
      checkRun(outcome, ['ClusterProfile', 'ExposedWebApp', 'Gateway'], [...given(props, ['name']), 'attach', ...APP_ROOTS], chart => {
        const profile = new ClusterProfile(props as any);
        // An accepted profile works as a file too: its YAML reads back to the same profile.
        const file = path.join(TMP, `props${n++}.yaml`);
        try {
          fs.writeFileSync(file, profile.toYaml());
          expect(ClusterProfile.fromFile(file).toYaml()).toEqual(profile.toYaml());
        } catch (e) {
          throw new Error(`an accepted profile does not read back from its own file: ${(e as Error).message}`); // never counted as our error
        } finally {
          fs.rmSync(file, { force: true });
        }
        profile.attach(chart);
        smallApp(chart, plan);
      });
    });
  }, FUZZ_TIMEOUT);

  test('fromFile with garbage contents: our error naming the file or field, or a working profile', () => {
    let n = 0;
    fuzzRuns('ClusterProfile.fromFile', fc.tuple(fileText, appPlan), ([text, plan], outcome) => {
      const file = path.join(TMP, `p${n++}.yaml`);
      fs.writeFileSync(file, text);
      let doc: any;
      try {
        doc = yaml.parse(text);
      } catch {
        doc = undefined;
      }
      const roots = [...given(doc), 'file', 'kind', 'apiVersion', 'name', 'attach', ...APP_ROOTS];
      checkRun(outcome, ['ClusterProfile', 'ExposedWebApp', 'Gateway'], roots, chart => {
        ClusterProfile.fromFile(file).attach(chart);
        smallApp(chart, plan);
      });
      fs.rmSync(file, { force: true });
    });
  }, FUZZ_TIMEOUT);

  test('attach and of misused: garbage scopes, twice on one scope, after a construct read the profile', () => {
    const misuse = fc.oneof(
      garbage.map(g => ({ kind: 'attach-garbage' as const, scope: g })),
      garbage.map(g => ({ kind: 'of-garbage' as const, scope: g })),
      fc.constantFrom({ kind: 'twice' as const }, { kind: 'after-read' as const }, { kind: 'chart-over-app' as const }, { kind: 'ok' as const }),
    );
    fuzzRuns('ClusterProfile attach/of', fc.tuple(misuse, appPlan), ([m, plan], outcome) => {
      checkRun(outcome, ['ClusterProfile', 'ExposedWebApp', 'Gateway'], ['attach', 'of', 'scope', ...APP_ROOTS], chart => {
        const profile = new ClusterProfile({ name: 'prod', nodePortRange: { min: 30000, max: 32767 } });
        if (m.kind === 'attach-garbage') profile.attach(m.scope);
        if (m.kind === 'of-garbage') ClusterProfile.of(m.scope);
        if (m.kind === 'twice') {
          profile.attach(chart);
          new ClusterProfile({ name: 'other' }).attach(chart);
        }
        if (m.kind === 'after-read') {
          smallApp(chart, plan);
          profile.attach(chart.node.root);
          return;
        }
        if (m.kind === 'chart-over-app') {
          new ClusterProfile({ name: 'app-wide' }).attach(chart.node.root);
          profile.attach(chart);
          expect(ClusterProfile.of(chart)).toBe(profile);
        }
        if (m.kind === 'ok') profile.attach(chart);
        smallApp(chart, plan);
      });
    });
  }, FUZZ_TIMEOUT);
});
