import { ClusterProfileProps, PodSecurityLevel, ProfileRoutesFrom } from '../../lib';
import { profileReporter, resolveProfile } from '../../lib/profile/facts';
import {
  claimProblem, gatewayClassProblem, hostnamesIntersect, ingressClassProblem, nodePortProblem, parentRefProblem, podSecurityProblem,
  RouteRequest, storageClassClashProblem,
} from '../../lib/profile/rules';
import { fixtureProps } from '../support/profiles';

const facts = (props: Partial<ClusterProfileProps> = {}) => resolveProfile(profileReporter('p'), { name: 'prod', ...props });
const current = resolveProfile(profileReporter('current'), fixtureProps('current', 'prod'));
const noLabels = () => undefined;

describe('claimProblem: the class exists and serves the modes and expansion asked for', () => {
  const classes = facts({
    storageClasses: [
      { name: 'standard', provisioner: 'rancher.io/local-path', defaultClass: true },
      { name: 'nfs', provisioner: 'nfs.csi.k8s.io', allowVolumeExpansion: true },
      { name: 'custom', provisioner: 'example.com/nfs' },
    ],
  });

  test('a class the cluster has, with modes it serves, passes', () => {
    expect(claimProblem(classes, { className: 'nfs', modes: ['ReadWriteMany'], expand: true })).toBeUndefined();
  });

  test('a class the cluster lacks: the classes it has are listed', () => {
    expect(claimProblem(classes, { className: 'fast', modes: ['ReadWriteOnce'] })).toEqual({
      aspect: 'storageClassName',
      rule: 'the cluster profile \'prod\' has no StorageClass "fast" (it has: standard, nfs, custom)',
    });
  });

  test('a class the app makes, or only static volumes (""), is not the cluster\'s concern', () => {
    expect(claimProblem(classes, { className: 'fast', modes: ['ReadWriteOnce'] }, new Set(['fast']))).toBeUndefined();
    expect(claimProblem(classes, { className: '', modes: ['ReadWriteMany'] })).toBeUndefined();
  });

  test('no class: the default class serves it, or there is no default', () => {
    expect(claimProblem(classes, { modes: ['ReadWriteMany'] })).toEqual({
      aspect: 'accessModes',
      rule: 'StorageClass "standard" of the cluster profile \'prod\' serves only ReadWriteOnce; ReadWriteMany would leave the claim Pending',
    });
    expect(claimProblem(facts({ storageClasses: [{ name: 'nfs', provisioner: 'nfs.csi.k8s.io' }] }), { modes: ['ReadWriteOnce'] })?.rule)
      .toEqual("names no StorageClass, and the cluster profile 'prod' has no default StorageClass (it has: nfs); the claim would stay Pending. Name a class");
  });

  test('several default classes: Kubernetes takes the newest, which the profile cannot tell, so nothing is said', () => {
    const two = facts({ storageClasses: [{ name: 'a', provisioner: 'x.io/a', defaultClass: true }, { name: 'b', provisioner: 'x.io/b', defaultClass: true }] });
    expect(claimProblem(two, { modes: ['ReadWriteMany'] })).toBeUndefined();
  });

  test('an unknown provisioner is assumed to serve ReadWriteOnce only, and the message says how to say more', () => {
    expect(claimProblem(classes, { className: 'custom', modes: ['ReadWriteOnce', 'ReadWriteMany'] })?.rule).toEqual(
      'StorageClass "custom" of the cluster profile \'prod\' serves only ReadWriteOnce (its provisioner example.com/nfs is not in the known provisioners table, '
      + 'so only ReadWriteOnce is assumed; if it serves more, list them in the class\'s annotation cdk8s-patterns.io/access-modes or in the profile); '
      + 'ReadWriteMany would leave the claim Pending');
  });

  test('growth needs a class that allows expansion', () => {
    expect(claimProblem(classes, { className: 'standard', modes: ['ReadWriteOnce'], expand: true })).toEqual({
      aspect: 'expand',
      rule: 'StorageClass "standard" of the cluster profile \'prod\' does not allow volume expansion; the API server refuses a larger request',
    });
  });

  test('unknown classes: no rule', () => {
    expect(claimProblem(facts(), { className: 'anything', modes: ['ReadWriteMany'] })).toBeUndefined();
  });

  test('no classes at all (known): every named class is missing', () => {
    expect(claimProblem(facts({ storageClasses: [] }), { className: 'a', modes: ['ReadWriteOnce'] })?.rule)
      .toEqual('the cluster profile \'prod\' has no StorageClass "a" (it has none)');
  });
});

describe('storageClassClashProblem: a class the app makes over one the cluster has', () => {
  test('another provisioner is refused; the same one, or a new name, passes', () => {
    expect(storageClassClashProblem(current, 'nfs-csi', 'example.com/nfs')).toEqual(
      "the cluster profile 'prod' already has StorageClass \"nfs-csi\" with provisioner nfs.csi.k8s.io; a StorageClass's provisioner is immutable, so the API server refuses this one. Give it another name");
    expect(storageClassClashProblem(current, 'nfs-csi', 'nfs.csi.k8s.io')).toBeUndefined();
    expect(storageClassClashProblem(current, 'nfs-web', 'example.com/nfs')).toBeUndefined();
  });
});

describe('ingressClassProblem', () => {
  const one = facts({ ingressClasses: [{ name: 'nginx', controller: 'k8s.io/ingress-nginx', defaultClass: true }, { name: 'traefik', controller: 'traefik.io/ingress-controller' }] });

  test('a named class the cluster has, or the app makes, passes; another is refused', () => {
    expect(ingressClassProblem(one, 'traefik')).toBeUndefined();
    expect(ingressClassProblem(one, 'haproxy', new Set(['haproxy']))).toBeUndefined();
    expect(ingressClassProblem(one, 'haproxy')).toEqual("the cluster profile 'prod' has no IngressClass \"haproxy\" (it has: nginx, traefik); no controller would serve the Ingress");
  });

  test('no class: exactly one default is needed', () => {
    expect(ingressClassProblem(one, undefined)).toBeUndefined();
    expect(ingressClassProblem(current, undefined)).toEqual(
      "the Ingress names no class, and the cluster profile 'prod' has no default IngressClass (it has: nginx); no controller would serve it. Name a class");
    const two = facts({ ingressClasses: [{ name: 'a', controller: 'x', defaultClass: true }, { name: 'b', controller: 'y', defaultClass: true }] });
    expect(ingressClassProblem(two, undefined)).toEqual(
      "the Ingress names no class, and the cluster profile 'prod' has 2 default IngressClasses (a, b); the API server refuses an Ingress without a class then. Name one");
  });

  test('unknown classes: no rule', () => {
    expect(ingressClassProblem(facts(), 'anything')).toBeUndefined();
  });
});

describe('gatewayClassProblem', () => {
  test('a class the cluster has or the app makes passes; another is refused; none when the Gateway API is not served', () => {
    expect(gatewayClassProblem(current, 'eg')).toBeUndefined();
    expect(gatewayClassProblem(current, 'cilium', new Set(['cilium']))).toBeUndefined();
    expect(gatewayClassProblem(current, 'cilium')).toEqual("the cluster profile 'prod' has no GatewayClass \"cilium\" (it has: eg); no controller would program the Gateway");
    expect(gatewayClassProblem(facts({ apiVersions: ['v1'] }), 'eg')).toEqual("the cluster profile 'prod' has no GatewayClass \"eg\" (it has none); no controller would program the Gateway");
    expect(gatewayClassProblem(facts(), 'eg')).toBeUndefined();
  });
});

describe('parentRefProblem: a route to a Gateway of the cluster', () => {
  const route = (namespace: string, hostnames: string[] = [], kind = 'HTTPRoute'): RouteRequest => ({ kind, namespace, hostnames });
  const labels = (ns: string) => current.namespaces?.find(n => n.name === ns)?.labels;

  test('attaches: the public http listener admits routes from all namespaces', () => {
    expect(parentRefProblem(current, route('default'), { name: 'public', namespace: 'gateway-system' }, labels)).toBeUndefined();
    expect(parentRefProblem(current, route('default'), { name: 'public', namespace: 'gateway-system', sectionName: 'http', port: 80 }, labels)).toBeUndefined();
  });

  test('a Gateway the cluster lacks: the ones it has are listed; the namespace defaults to the route\'s', () => {
    expect(parentRefProblem(current, route('shop'), { name: 'public' }, labels)).toEqual({
      aspect: 'name',
      rule: 'the cluster profile \'prod\' has no Gateway "public" in namespace "shop" (it has: gateway-system/internal, gateway-system/public)',
    });
  });

  test('a listener the Gateway lacks, or a port none listens on', () => {
    expect(parentRefProblem(current, route('shop'), { name: 'public', namespace: 'gateway-system', sectionName: 'grpc' }, labels)?.rule)
      .toEqual('Gateway "gateway-system/public" of the cluster profile \'prod\' has no listener "grpc" (it has: http, https)');
    expect(parentRefProblem(current, route('shop'), { name: 'public', namespace: 'gateway-system', port: 8443 }, labels)?.rule)
      .toEqual('Gateway "gateway-system/public" of the cluster profile \'prod\' has no listener on port 8443 (listeners: http 80, https 443)');
    expect(parentRefProblem(current, route('shop'), { name: 'public', namespace: 'gateway-system', sectionName: 'https', port: 80 }, labels)?.aspect).toEqual('port');
  });

  test('a namespace the listener\'s selector does not match', () => {
    expect(parentRefProblem(current, route('tools', ['shop.example.com']), { name: 'public', namespace: 'gateway-system', sectionName: 'https' }, labels)?.rule)
      .toEqual('no listener of Gateway "gateway-system/public" of the cluster profile \'prod\' admits the HTTPRoute: listener "https" admits routes only from namespaces '
        + 'matching {"matchLabels":{"gateway-access":"public"}}, and namespace "tools" does not');
    expect(parentRefProblem(current, route('shop', ['shop.example.com']), { name: 'public', namespace: 'gateway-system', sectionName: 'https' }, labels)).toBeUndefined();
  });

  test('a namespace whose labels are unknown is not refused: the profile cannot tell', () => {
    expect(parentRefProblem(current, route('new-team', ['a.example.com']), { name: 'public', namespace: 'gateway-system', sectionName: 'https' }, noLabels)).toBeUndefined();
  });

  test('hostnames outside the listener\'s', () => {
    expect(parentRefProblem(current, route('shop', ['shop.example.org']), { name: 'public', namespace: 'gateway-system', sectionName: 'https' }, labels)?.rule)
      .toEqual('no listener of Gateway "gateway-system/public" of the cluster profile \'prod\' admits the HTTPRoute: '
        + 'listener "https" serves *.example.com, which none of the route\'s hostnames (shop.example.org) falls under');
  });

  test('a route kind the listener does not take, and Same namespace only', () => {
    expect(parentRefProblem(current, route('tools', [], 'GRPCRoute'), { name: 'internal', namespace: 'gateway-system' }, labels)?.rule)
      .toEqual('no listener of Gateway "gateway-system/internal" of the cluster profile \'prod\' admits the GRPCRoute: listener "http" (HTTP) admits HTTPRoute only');
    const same = facts({ gateways: [{ name: 'g', namespace: 'gw', gatewayClassName: 'eg', listeners: [{ name: 'l', protocol: 'HTTP', port: 80 }] }] });
    expect(parentRefProblem(same, route('shop'), { name: 'g', namespace: 'gw' }, noLabels)?.rule)
      .toEqual('no listener of Gateway "gw/g" of the cluster profile \'prod\' admits the HTTPRoute: listener "l" admits routes from namespace "gw" only (allowedRoutes Same), not "shop"');
    expect(parentRefProblem(same, route('gw'), { name: 'g' }, noLabels)).toBeUndefined();
  });

  test('a listener of an unknown protocol admits no kind unless it lists them', () => {
    const custom = facts({ gateways: [{ name: 'g', namespace: 'gw', gatewayClassName: 'eg', listeners: [{ name: 'l', protocol: 'example.com/quic', port: 443, allowedRoutesFrom: ProfileRoutesFrom.ALL }] }] });
    expect(parentRefProblem(custom, route('gw'), { name: 'g' }, noLabels)?.rule).toContain('listener "l" (example.com/quic) admits no route kind only');
  });

  test('unknown Gateways: no rule', () => {
    expect(parentRefProblem(facts(), route('shop'), { name: 'anything' }, noLabels)).toBeUndefined();
  });
});

describe('hostnamesIntersect (Gateway API: a wildcard covers any number of leading labels)', () => {
  test.each<[string, string, boolean]>([
    ['a.example.com', 'a.example.com', true],
    ['a.example.com', '*.example.com', true],
    ['a.b.example.com', '*.example.com', true],
    ['*.a.example.com', '*.example.com', true],
    ['*.example.com', 'a.example.com', true],
    ['example.com', '*.example.com', false],
    ['a.example.org', '*.example.com', false],
    ['a.example.com', 'b.example.com', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(hostnamesIntersect(a, b)).toBe(expected);
    expect(hostnamesIntersect(b, a)).toBe(expected);
  });
});

describe('podSecurityProblem: a pod meets its namespace\'s enforced level, as admission judges it', () => {
  const deployment = (spec: object, annotations?: object) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { template: { metadata: { annotations }, spec: { containers: [{ name: 'app', image: 'app:1', ...spec }] } } },
  });
  const hardened = { securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } } };

  test('restricted refuses a pod that breaks it, naming the namespace and its label, and every broken control', () => {
    expect(podSecurityProblem(current, deployment({}), 'shop')).toEqual(
      'namespace "shop" enforces Pod Security "restricted" (label pod-security.kubernetes.io/enforce=restricted in the cluster profile \'prod\'), which refuses the pod: '
      + 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation: allowPrivilegeEscalation must be false; '
      + 'spec.template.spec.containers[0].securityContext.runAsNonRoot: runAsNonRoot must be true, in the container or the pod; '
      + 'spec.template.spec.containers[0].securityContext.seccompProfile.type: seccompProfile.type must be RuntimeDefault or Localhost, in the container or the pod; '
      + 'spec.template.spec.containers[0].securityContext.capabilities.drop: capabilities.drop must include ALL');
  });

  test('only the standard\'s controls count: no read-only root filesystem, resources or pinned image needed', () => {
    expect(podSecurityProblem(current, deployment(hardened), 'shop')).toBeUndefined();
  });

  test('the exceptions annotation excuses nothing: admission does not read it', () => {
    const root = { securityContext: { ...hardened.securityContext, runAsNonRoot: false } };
    expect(podSecurityProblem(current, deployment(root, { 'cdk8s-patterns.io/pod-security-exceptions': 'runAsNonRoot=false' }), 'shop')).toContain('runAsNonRoot must be true');
  });

  test('baseline lets a plain pod through, but not a hostPath volume', () => {
    expect(podSecurityProblem(current, deployment({}), 'tools')).toBeUndefined();
    const hostPath = { ...deployment({}), spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1' }], volumes: [{ name: 'h', hostPath: { path: '/' } }] } } } };
    expect(podSecurityProblem(current, hostPath, 'tools')).toEqual(
      'namespace "tools" enforces Pod Security "baseline" (label pod-security.kubernetes.io/enforce=baseline in the cluster profile \'prod\'), which refuses the pod: '
      + 'spec.template.spec.volumes[0].hostPath: volume type hostPath is not allowed; use a PersistentVolumeClaim (a static PersistentVolume can hold the hostPath source)');
  });

  test('a namespace without the label gets the profile\'s default; privileged refuses nothing', () => {
    expect(podSecurityProblem(current, deployment({}), 'default')).toBeUndefined();
    const strict = facts({ defaultPodSecurity: PodSecurityLevel.BASELINE });
    expect(podSecurityProblem(strict, deployment({ securityContext: { privileged: true } }), 'anywhere')).toEqual(
      'namespace "anywhere" enforces Pod Security "baseline" (the cluster profile \'prod\' enforces baseline on namespaces without the label pod-security.kubernetes.io/enforce), '
      + 'which refuses the pod: spec.template.spec.containers[0].securityContext.privileged: privileged must not be true');
  });

  test('a Namespace of the app wins over the profile', () => {
    expect(podSecurityProblem(current, deployment({}), 'shop', { level: PodSecurityLevel.PRIVILEGED, source: 'app' })).toBeUndefined();
  });

  test('before Kubernetes 1.23 there is no Pod Security admission', () => {
    expect(podSecurityProblem(facts({ kubernetesVersion: '1.22', defaultPodSecurity: PodSecurityLevel.RESTRICTED }), deployment({}), 'x')).toBeUndefined();
  });
});

describe('nodePortProblem', () => {
  test('inside the range passes; outside names the range and the profile', () => {
    const narrow = facts({ nodePortRange: { min: 31000, max: 31999 } });
    expect(nodePortProblem(narrow, 31000)).toBeUndefined();
    expect(nodePortProblem(narrow, 31999)).toBeUndefined();
    expect(nodePortProblem(narrow, 30080)).toEqual("must be within the node port range 31000-31999 of the cluster profile 'prod'");
    expect(nodePortProblem(facts(), 32768)).toEqual("must be within the node port range 30000-32767 of the cluster profile 'prod'");
  });
});
