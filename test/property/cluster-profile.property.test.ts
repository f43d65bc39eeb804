import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import * as yaml from 'yaml';
import { dnsLabel, dnsSubdomain, port, settings, subsetOf } from './arbitraries';
import { ClusterProfile, ClusterProfileProps, PodSecurityLevel, ProfileRoutesFrom, VolumeBindingMode } from '../../lib';
import { profileReporter, resolveProfile } from '../../lib/profile/facts';
import { parseProfile, profileToYaml } from '../../lib/profile/file';
import { PatternValidationError, VIOLATION_FORMAT } from '../../lib/shared/errors';

const option = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** Distinct by key: a profile lists each class, Gateway and namespace once. */
const uniqueList = <T>(arb: fc.Arbitrary<T>, key: (item: T) => string) => fc.uniqueArray(arb, { selector: key, maxLength: 4 });
const PROVISIONERS = ['nfs.csi.k8s.io', 'rancher.io/local-path', 'ebs.csi.aws.com', 'example.com/nfs'];
const LABEL_VALUES = ['yes', 'no', 'on', 'n', 'true', '1', '1.30', 'null', '~', 'public', ''];

const listener = fc.record({
  name: dnsLabel(10),
  protocol: fc.constantFrom('HTTP', 'HTTPS', 'TLS', 'TCP', 'UDP', 'example.com/quic'),
  port,
  hostname: option(fc.oneof(dnsSubdomain, dnsSubdomain.map(h => `*.${h}`))),
  allowedRoutesFrom: option(fc.constantFrom(ProfileRoutesFrom.SAME, ProfileRoutesFrom.ALL)),
  allowedRouteKinds: option(subsetOf(['HTTPRoute', 'GRPCRoute', 'TLSRoute'])),
}, { requiredKeys: ['name', 'protocol', 'port'] });

/** Valid profiles: every field, in every combination, with label values YAML 1.1 would misread. */
const profileProps: fc.Arbitrary<ClusterProfileProps> = fc.record({
  name: dnsLabel(12),
  kubernetesVersion: option(fc.integer({ min: 18, max: 40 }).map(m => `1.${m}`)),
  apiVersions: option(subsetOf(['v1', 'apps/v1', 'autoscaling/v2', 'gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1', 'policy/v1'])),
  apiResources: option(subsetOf([{ groupVersion: 'v1', kind: 'Service' }, { groupVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' }])),
  storageClasses: option(uniqueList(fc.record({
    name: dnsSubdomain,
    provisioner: fc.constantFrom(...PROVISIONERS),
    defaultClass: option(fc.boolean()),
    volumeBindingMode: option(fc.constantFrom(...Object.values(VolumeBindingMode))),
    allowVolumeExpansion: option(fc.boolean()),
    accessModes: option(subsetOf(Object.values(kplus.PersistentVolumeAccessMode))),
  }, { requiredKeys: ['name', 'provisioner'] }), c => c.name)),
  ingressClasses: option(uniqueList(fc.record({ name: dnsLabel(10), controller: fc.constantFrom('k8s.io/ingress-nginx', 'traefik.io/ingress-controller'), defaultClass: option(fc.boolean()) },
    { requiredKeys: ['name', 'controller'] }), c => c.name)),
  gatewayClasses: option(uniqueList(fc.record({ name: dnsLabel(10), controllerName: fc.constant('gateway.envoyproxy.io/gatewayclass-controller') }), c => c.name)),
  gateways: option(uniqueList(fc.record({
    name: dnsLabel(10),
    namespace: dnsLabel(10),
    gatewayClassName: dnsLabel(10),
    listeners: fc.uniqueArray(listener, { selector: l => l.name, minLength: 1, maxLength: 3 }),
  }), g => `${g.namespace}/${g.name}`)),
  namespaces: option(uniqueList(fc.record({
    name: dnsLabel(12),
    labels: option(fc.dictionary(fc.constantFrom('team', 'gateway-access', 'n', 'pod-security.kubernetes.io/warn'), fc.constantFrom(...LABEL_VALUES), { maxKeys: 3 })),
    podSecurityEnforce: option(fc.constantFrom(...Object.values(PodSecurityLevel))),
  }, { requiredKeys: ['name'] }), n => n.name)),
  nodePortRange: option(fc.tuple(port, port).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }))),
  clusterDomain: option(dnsSubdomain),
  defaultPodSecurity: option(fc.constantFrom(...Object.values(PodSecurityLevel))),
}, { requiredKeys: ['name'] });

const facts = (props: ClusterProfileProps) => resolveProfile(profileReporter(props.name), props);

describe('ClusterProfile (property)', () => {
  test('every valid profile survives its file: what fromFile reads resolves to the same facts', () => {
    fc.assert(fc.property(profileProps, props => {
      const text = profileToYaml(props);
      expect(text).not.toMatch(/[&*][a-z]\d/); // no anchors or aliases
      const read = parseProfile('p.yaml', yaml.parse(text, { version: '1.1' }));
      expect(facts(read)).toEqual(facts(props));
      expect(profileToYaml(read)).toEqual(text);
    // YAML 1.1 written and parsed each run costs ~40 ms: a tenth of the runs keeps the suite's time in bounds.
    }), { ...settings, numRuns: Math.ceil(settings.numRuns / 10) });
  });

  test('a profile with one garbage field fails in the library\'s format naming it, never with a TypeError', () => {
    const fields = ['kubernetesVersion', 'apiVersions', 'apiResources', 'storageClasses', 'ingressClasses', 'gatewayClasses', 'gateways', 'namespaces', 'nodePortRange',
      'clusterDomain', 'defaultPodSecurity'] as const;
    const garbage = fc.constantFrom<unknown>(0, -1, 'x', 'Yes', true, {}, [{}], [0], [null], ['a b'], { min: 'a' }, NaN, [[]]);
    fc.assert(fc.property(profileProps, fc.constantFrom(...fields), garbage, (props, field, value) => {
      let thrown: unknown;
      try {
        new ClusterProfile({ ...props, [field]: value } as ClusterProfileProps);
      } catch (e) {
        thrown = e;
      }
      // Some garbage is a valid value of some field ({} for a struct with defaults is not; [] is): accepted is fine, only a thrown error is judged.
      if (thrown === undefined) return;
      expect(thrown).toBeInstanceOf(PatternValidationError);
      expect((thrown as Error).message).toMatch(VIOLATION_FORMAT);
      expect((thrown as PatternValidationError).prop.split(/[.[]/)[0]).toEqual(field);
    }), settings);
  });
});
