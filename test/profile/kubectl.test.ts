import { CaptureError, corefileDomain, profileFromCaptures } from '../../lib/profile/kubectl';
import { captureFiles, fixtureProps } from '../support/profiles';

const file = (path: string, text: string) => ({ path, text });
const version = (server: object | undefined) => file('version.json', JSON.stringify({ clientVersion: { major: '1', minor: '34', gitVersion: 'v1.34.2' }, serverVersion: server }));
const list = (...items: object[]) => file('cluster.yaml', JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }));
const storageClass = (name: string, provisioner: string, annotations?: object) =>
  ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name, annotations }, provisioner, reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });

describe('profileFromCaptures: the current cluster (kubeadm 1.34, Gateway API, NFS)', () => {
  const capture = profileFromCaptures(captureFiles('current'), { name: 'current' });
  const props = capture.props;

  test('each file is recognised by its content', () => {
    expect(capture.sources.map(s => [s.path.split('/').pop(), s.what])).toEqual([
      ['api-resources.txt', 'kubectl api-resources'],
      ['api-versions.txt', 'kubectl api-versions'],
      ['cluster.yaml', 'objects'],
      ['coredns.yaml', 'objects'],
      ['kube-apiserver.yaml', 'objects'],
      ['version.json', 'kubectl version'],
    ]);
  });

  test('version, API versions and kinds', () => {
    expect(props.kubernetesVersion).toEqual('1.34');
    expect(props.apiVersions).toContain('gateway.networking.k8s.io/v1');
    expect(props.apiVersions).toHaveLength(28);
    expect(props.apiResources).toContainEqual({ groupVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute' });
    expect(props.apiResources).toContainEqual({ groupVersion: 'v1', kind: 'Binding' });
    expect(props.apiResources).toContainEqual({ groupVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotClass' });
  });

  test('StorageClasses with their default, binding mode and expansion; access modes left to the provisioner table', () => {
    expect(props.storageClasses).toEqual([
      { name: 'nfs-csi', provisioner: 'nfs.csi.k8s.io', defaultClass: undefined, volumeBindingMode: 'Immediate', allowVolumeExpansion: true, accessModes: undefined },
      { name: 'standard', provisioner: 'rancher.io/local-path', defaultClass: true, volumeBindingMode: 'WaitForFirstConsumer', allowVolumeExpansion: undefined, accessModes: undefined },
    ]);
  });

  test('IngressClasses, GatewayClasses and Gateways with their listeners', () => {
    expect(props.ingressClasses).toEqual([{ name: 'nginx', controller: 'k8s.io/ingress-nginx', defaultClass: undefined }]);
    expect(props.gatewayClasses).toEqual([{ name: 'eg', controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' }]);
    expect(props.gateways!.map(g => `${g.namespace}/${g.name}`)).toEqual(['gateway-system/internal', 'gateway-system/public']);
    expect(props.gateways![1].listeners).toEqual([
      { name: 'http', protocol: 'HTTP', port: 80, hostname: undefined, allowedRoutesFrom: 'All', allowedRoutesSelector: undefined, allowedRouteKinds: undefined },
      {
        name: 'https',
        protocol: 'HTTPS',
        port: 443,
        hostname: '*.example.com',
        allowedRoutesFrom: 'Selector',
        allowedRoutesSelector: { matchLabels: { 'gateway-access': 'public' } },
        allowedRouteKinds: undefined,
      },
    ]);
    expect(props.gateways![0].listeners[0].allowedRouteKinds).toEqual(['HTTPRoute']);
  });

  test('namespaces with their labels, sorted', () => {
    expect(props.namespaces!.map(n => n.name)).toEqual([
      'default', 'envoy-gateway-system', 'gateway-system', 'ingress-nginx', 'kube-node-lease', 'kube-public', 'kube-system', 'nfs-system', 'shop', 'tools',
    ]);
    expect(props.namespaces!.find(n => n.name === 'shop')!.labels).toEqual({
      'gateway-access': 'public',
      'kubernetes.io/metadata.name': 'shop',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  test('the DNS domain from the CoreDNS ConfigMap, the node port range from the kube-apiserver Pod', () => {
    expect(props.clusterDomain).toEqual('cluster.local');
    expect(props.nodePortRange).toEqual({ min: 30000, max: 32767 });
  });

  test('only what cannot be captured is noted', () => {
    expect(capture.notes).toEqual([
      'Pod Security of namespaces without the enforce label: privileged, the admission default (pass --default-pod-security if the API server configures another)',
    ]);
  });
});

describe('profileFromCaptures: the older 1.28 cluster (no Gateway API, no NFS, fewer captures)', () => {
  const capture = profileFromCaptures(captureFiles('legacy-1.28'), { name: 'legacy' });

  test('what it has', () => {
    expect(capture.props.kubernetesVersion).toEqual('1.28');
    expect(capture.props.storageClasses!.map(c => c.name)).toEqual(['standard']);
    expect(capture.props.ingressClasses).toEqual([{ name: 'nginx', controller: 'k8s.io/ingress-nginx', defaultClass: true }]);
    // Not served, so neither captured nor unknown: the profile resolves them to none.
    expect(capture.props.gatewayClasses).toBeUndefined();
    expect(capture.props.gateways).toBeUndefined();
    expect(capture.props.apiResources).toBeUndefined();
  });

  test('says what is missing, and what follows from it', () => {
    expect(capture.notes).toEqual([
      'Gateway API: not served (no gateway.networking.k8s.io in `kubectl api-versions`); routes and Gateways are refused',
      'API kinds: not captured (optional: `kubectl api-resources`); a kind is judged by its group/version alone',
      "node port range: 30000-32767, the API server's default (not captured: pass --node-port-range, or add the output of `kubectl -n kube-system get pod -l component=kube-apiserver -o yaml` on kubeadm clusters)",
      'cluster domain: cluster.local, the default (not captured: pass --cluster-domain, or add the output of `kubectl -n kube-system get configmap coredns -o yaml`)',
      'Pod Security of namespaces without the enforce label: privileged, the admission default (pass --default-pod-security if the API server configures another)',
    ]);
  });
});

describe('profileFromCaptures: gaps and options', () => {
  test('no version and no api-versions: both unknown, and said so', () => {
    const { props, notes } = profileFromCaptures([list(storageClass('a', 'nfs.csi.k8s.io'))], { name: 'p' });
    expect(props.kubernetesVersion).toBeUndefined();
    expect(props.apiVersions).toBeUndefined();
    expect(notes.slice(0, 2)).toEqual([
      'Kubernetes version: unknown (no `kubectl version -o json` output); rules on fields and APIs by version are skipped',
      'API versions: unknown (no `kubectl api-versions` output); built-in APIs are judged by the Kubernetes version, the Gateway API is not checked',
    ]);
  });

  test('a kind with no objects is unknown unless --none says the cluster has none', () => {
    const unknown = profileFromCaptures([list(storageClass('a', 'nfs.csi.k8s.io'))], { name: 'p' });
    expect(unknown.props.ingressClasses).toBeUndefined();
    expect(unknown.notes).toContain('IngressClasses: none among the captured objects, so unknown; Ingress class rules are skipped (if the cluster has none, pass --none IngressClass)');
    const none = profileFromCaptures([list(storageClass('a', 'nfs.csi.k8s.io'))], { name: 'p', none: ['IngressClass'] });
    expect(none.props.ingressClasses).toEqual([]);
    expect(none.notes.some(n => n.startsWith('IngressClasses'))).toBe(false);
  });

  test('access modes: --access-modes wins over the annotation, which wins over the table; an unknown provisioner is noted', () => {
    const { props, notes } = profileFromCaptures([list(
      storageClass('given', 'example.com/nfs', { 'cdk8s-patterns.io/access-modes': 'ReadWriteOnce' }),
      storageClass('annotated', 'example.com/nfs', { 'cdk8s-patterns.io/access-modes': 'ReadWriteOnce, ReadWriteMany' }),
      storageClass('guessed', 'example.com/nfs'),
      storageClass('known', 'nfs.csi.k8s.io'),
    )], { name: 'p', accessModes: { given: ['ReadWriteMany'] } });
    expect(props.storageClasses!.map(c => [c.name, c.accessModes])).toEqual([
      ['annotated', ['ReadWriteOnce', 'ReadWriteMany']], ['given', ['ReadWriteMany']], ['guessed', undefined], ['known', undefined],
    ]);
    expect(notes).toContain('StorageClass "guessed": provisioner example.com/nfs is not in the known provisioners table, so ReadWriteOnce only is assumed '
      + '(annotate the class with cdk8s-patterns.io/access-modes, or pass --access-modes guessed=ReadWriteOnce,ReadWriteMany)');
  });

  test('the beta default-class annotation counts too', () => {
    const { props } = profileFromCaptures([list(storageClass('old', 'kubernetes.io/aws-ebs', { 'storageclass.beta.kubernetes.io/is-default-class': 'true' }))], { name: 'p' });
    expect(props.storageClasses![0].defaultClass).toBe(true);
  });

  test('an emulated version is the one rules follow, and is noted', () => {
    const { props, notes } = profileFromCaptures([version({ major: '1', minor: '34', emulationMajor: '1', emulationMinor: '33', gitVersion: 'v1.34.2' })], { name: 'p' });
    expect(props.kubernetesVersion).toEqual('1.33');
    expect(notes[0]).toEqual('Kubernetes version: 1.33, emulated by the API server (binary v1.34.2); rules follow the emulated version');
  });

  test('a managed cluster\'s "31+" minor and a version from gitVersion alone', () => {
    expect(profileFromCaptures([version({ major: '1', minor: '31+', gitVersion: 'v1.31.4-eks-2d5f260' })], { name: 'p' }).props.kubernetesVersion).toEqual('1.31');
    expect(profileFromCaptures([version({ gitVersion: 'v1.30.2+k3s1' })], { name: 'p' }).props.kubernetesVersion).toEqual('1.30');
  });

  test('objects of other kinds are ignored, and counted', () => {
    const { notes } = profileFromCaptures([list(storageClass('a', 'nfs.csi.k8s.io'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'default' } })], { name: 'p' });
    expect(notes).toContain('ignored 1 object of other kinds (Pod)');
  });

  test('multi-document YAML and single objects are read like a List', () => {
    const text = ['apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: a\nprovisioner: nfs.csi.k8s.io', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop'].join('\n---\n');
    const { props } = profileFromCaptures([file('objects.yaml', text)], { name: 'p' });
    expect(props.storageClasses!.map(c => c.name)).toEqual(['a']);
    expect(props.namespaces).toEqual([{ name: 'shop', labels: undefined }]);
  });

  test('a listener that names route kinds of other groups only admits none of the Gateway API', () => {
    const gateway = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'g', namespace: 'gw' },
      spec: { gatewayClassName: 'eg', listeners: [{ name: 'x', protocol: 'HTTP', port: 80, allowedRoutes: { kinds: [{ group: 'example.com', kind: 'MyRoute' }] } }] },
    };
    expect(profileFromCaptures([list(gateway)], { name: 'p' }).props.gateways![0].listeners[0].allowedRouteKinds).toEqual([]);
  });

  test('a node port range from the kube-apiserver flags; the default when the flag is absent', () => {
    const apiServer = (args: string[]) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kube-apiserver-cp', namespace: 'kube-system' }, spec: { containers: [{ name: 'kube-apiserver', command: ['kube-apiserver', ...args] }] } });
    expect(profileFromCaptures([list(apiServer(['--service-node-port-range=20000-22767']))], { name: 'p' }).props.nodePortRange).toEqual({ min: 20000, max: 22767 });
    expect(profileFromCaptures([list(apiServer([]))], { name: 'p' }).props.nodePortRange).toEqual({ min: 30000, max: 32767 });
    expect(() => profileFromCaptures([list(apiServer(['--service-node-port-range=20000']))], { name: 'p' }))
      .toThrow('cluster.yaml: cannot read --service-node-port-range=20000 (expected --service-node-port-range=<min>-<max>)');
  });

  test('the cluster domain from kubelet configz', () => {
    expect(profileFromCaptures([file('configz.json', '{"kubeletconfig":{"clusterDomain":"corp.internal"}}')], { name: 'p' }).props.clusterDomain).toEqual('corp.internal');
  });
});

describe('corefileDomain', () => {
  test.each([
    ['kubernetes cluster.local in-addr.arpa ip6.arpa {', 'cluster.local'],
    ['kubernetes in-addr.arpa corp.internal. {', 'corp.internal'],
    ['forward . /etc/resolv.conf', undefined],
  ])('%s', (line, domain) => {
    expect(corefileDomain(`.:53 {\n    ${line}\n}`)).toEqual(domain);
  });
});

describe('profileFromCaptures: unreadable captures', () => {
  test.each<[string, { path: string; text: string }, string]>([
    ['kubectl could not reach the cluster', version(undefined),
      'version.json: has no serverVersion: kubectl could not reach the cluster when it was captured; run `kubectl version -o json` again against the cluster'],
    ['broken YAML', file('cluster.yaml', 'items: [\n'), 'cluster.yaml:2: not valid YAML or JSON: '],
    ['a scalar', file('notes.txt', 'hello world'), 'notes.txt: not a kubectl output this command reads'],
    ['an item without a name', list({ kind: 'StorageClass', metadata: {} }), 'cluster.yaml: an item is not a Kubernetes object with a kind and a name'],
    ['a profile instead of captures', file('profile.yaml', 'apiVersion: cdk8s-patterns.io/v1\nkind: ClusterProfile\nname: p\n'),
      'profile.yaml: already a cluster profile; give the kubectl output it was made from'],
    ['an empty file', file('empty.yaml', '---\n'), 'empty.yaml: empty; expected the output of one of the kubectl commands in docs/cluster-profile.md'],
    ['a garbled api-resources line', file('res.txt', 'NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\npods   po           ???          true         pod'),
      'res.txt:2: not a line of `kubectl api-resources` ("pods   po           ???          true         pod")'],
    ['a server of another major version', version({ major: '2', minor: '0', gitVersion: 'v2.0.0' }), 'version.json: serverVersion holds no Kubernetes 1.x version ("v2.0.0")'],
  ])('%s', (_, capture, message) => {
    let thrown: unknown;
    try {
      profileFromCaptures([capture], { name: 'p' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CaptureError);
    expect((thrown as Error).message.startsWith(message)).toBe(true);
  });

  test('the fixtures load as the profiles the other tests use', () => {
    expect(fixtureProps('legacy-1.28').name).toEqual('legacy');
  });
});
