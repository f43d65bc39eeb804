import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing, Yaml } from 'cdk8s';
import { claim, deployment, edit, gateway, grpcRoute, httpRoute, nfsClass, referenceGrant, service, shopApp, statefulSet, volume } from './manifests';
import { buildApp as buildWebApp } from '../../examples/web-app/app';
import { NfsStorageClass, StatefulAppWithStorage, Topology } from '../../lib';

/** The diagram's parts: node labels by id, and edges as `from -[label]-> to`. */
function parse(markdown: string): { nodes: Map<string, string>; edges: string[] } {
  const body = markdown.match(/```mermaid\n([\s\S]*?)```/)?.[1] ?? '';
  const nodes = new Map<string, string>();
  const edges: string[] = [];
  for (const line of body.split('\n').map(l => l.trim())) {
    const edge = line.match(/^(\w+) -->(?:\|"(.*)"\|)? (\w+)$/);
    if (edge) {
      edges.push(`${edge[1]} -[${edge[2] ?? ''}]-> ${edge[3]}`);
      continue;
    }
    const node = line.match(/^(\w+)[[({>/\\]+"(.*)"[\])}/\\]+$/);
    if (node) nodes.set(node[1], node[2]);
  }
  return { nodes, edges };
}

const stsLabels = statefulSet().spec.template.metadata.labels;

/** Every kind of flow the diagram draws, hand-written. */
function storageScenario(): any[] {
  const provisioner = edit(deployment('nfs-provisioner'), d => {
    d.metadata.namespace = 'storage';
    const c = d.spec.template.spec.containers[0];
    c.env = [
      { name: 'PROVISIONER_NAME', value: 'k8s-sigs.io/nfs-subdir-external-provisioner' },
      { name: 'NFS_SERVER', value: '10.0.0.5' },
      { name: 'NFS_PATH', value: '/exports' },
    ];
    c.volumeMounts = [{ name: 'root', mountPath: '/persistentvolumes' }];
    d.spec.template.spec.volumes = [{ name: 'root', nfs: { server: '10.0.0.5', path: '/exports' } }];
  });
  const web = edit(deployment('web'), d => {
    const c = d.spec.template.spec.containers[0];
    c.env = [{ name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'LOG_LEVEL' } } }];
    c.envFrom = [{ configMapRef: { name: 'web-config' } }];
    c.volumeMounts = [
      { name: 'config', mountPath: '/etc/web' },
      { name: 'uploads', mountPath: '/srv/uploads' },
      { name: 'legacy', mountPath: '/srv/legacy' },
      { name: 'theme', mountPath: '/srv/theme' },
    ];
    d.spec.template.spec.volumes = [
      { name: 'config', configMap: { name: 'web-config' } },
      { name: 'uploads', persistentVolumeClaim: { claimName: 'uploads' } },
      { name: 'legacy', persistentVolumeClaim: { claimName: 'legacy' } },
      { name: 'theme', projected: { sources: [{ configMap: { name: 'theme' } }] } },
    ];
  });
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'shop' },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
        rules: [{
          host: 'shop.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
              { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } },
            ],
          },
        }],
      },
    },
    service({ type: 'NodePort', ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] }),
    web,
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10 } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config' }, data: { 'LOG_LEVEL': 'info', 'app.conf': 'x' } },
    service({ clusterIP: 'None', selector: stsLabels, ports: [{ port: 5432, targetPort: 5432 }] }, 'db-headless'),
    statefulSet(),
    nfsClass({ parameters: { archiveOnDelete: 'true' }, metadata: { name: 'nfs', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } }),
    provisioner,
    claim('uploads', { storageClassName: 'nfs-csi', accessModes: ['ReadWriteMany'] }),
    nfsClass({ provisioner: 'nfs.csi.k8s.io', parameters: { server: '10.0.0.6', share: '/srv' } }, 'nfs-csi'),
    claim('legacy', { storageClassName: 'static-nfs', resources: { requests: { storage: '5Gi' } } }),
    volume({ persistentVolumeReclaimPolicy: 'Retain', nfs: { server: '10.0.0.5', path: '/exports/static' } }),
    service({ type: 'ExternalName', externalName: 'db.example.com', selector: undefined }, 'external-db'),
  ];
}

describe('Topology.fromManifests: a storage scenario, hand-written', () => {
  const markdown = Topology.fromManifests(storageScenario(), { title: 'Shop' });
  const { nodes, edges } = parse(markdown);

  test('snapshot', () => {
    expect(markdown).toMatchSnapshot();
  });

  test('a Markdown document with one Mermaid flowchart', () => {
    expect(markdown.startsWith('# Shop\n')).toBe(true);
    expect(markdown).toContain('```mermaid\nflowchart LR\n');
    expect(markdown.endsWith('```\n')).toBe(true);
  });

  test('traffic: clients → Ingress (host/path) → Service (type, ports) → workload (replicas)', () => {
    expect(edges).toEqual(expect.arrayContaining([
      'clients -[]-> ingress_default_shop',
      'clients -[node port 30080]-> service_default_web',
      'ingress_default_shop -[shop.example.com/]-> service_default_web',
      'ingress_default_shop -[shop.example.com/api]-> service_default_api',
      'service_default_web -[]-> deployment_default_web',
      'service_default_db_headless -[]-> statefulset_default_db',
      'service_default_external_db -[]-> external_db_example_com',
    ]));
    expect(nodes.get('ingress_default_shop')).toEqual('Ingress shop<br/>class nginx<br/>TLS');
    expect(nodes.get('service_default_web')).toEqual('Service web<br/>NodePort · 80→8080 node 30080');
    expect(nodes.get('service_default_db_headless')).toEqual('Service db-headless<br/>headless · 5432→5432');
    expect(nodes.get('deployment_default_web')).toEqual('Deployment web<br/>replicas 2–10 (HPA)');
    expect(nodes.get('statefulset_default_db')).toEqual('StatefulSet db<br/>replicas 3');
  });

  test('a reference to nothing is drawn, and says so', () => {
    expect(nodes.get('service_default_api')).toEqual('Service api<br/>not in these manifests');
    expect(markdown).toMatch(/^ {2}class (\w+,)*service_default_api(,\w+)* missing$/m);
  });

  test('workload → ConfigMaps (env, files) and claims (mount paths)', () => {
    expect(edges).toEqual(expect.arrayContaining([
      'deployment_default_web -[env, files /etc/web]-> configmap_default_web_config',
      'deployment_default_web -[files /srv/theme]-> configmap_default_theme',
      'deployment_default_web -[/srv/uploads]-> persistentvolumeclaim_default_uploads',
      'deployment_default_web -[/srv/legacy]-> persistentvolumeclaim_default_legacy',
      'statefulset_default_db -[/var/lib/postgresql/data]-> claimtemplate_default_db_data',
    ]));
    expect(nodes.get('configmap_default_web_config')).toEqual('ConfigMap web-config<br/>2 keys');
    expect(nodes.get('claimtemplate_default_db_data')).toEqual('claim template data<br/>data-db-0 … data-db-2<br/>10Gi · RWO');
  });

  test('claims → StorageClass → provisioner → NFS server; static claims → PersistentVolume → NFS server', () => {
    expect(edges).toEqual(expect.arrayContaining([
      'claimtemplate_default_db_data -[]-> storageclass_nfs',
      'storageclass_nfs -[provisioned by]-> deployment_storage_nfs_provisioner',
      'deployment_storage_nfs_provisioner -[/persistentvolumes, provisions into]-> nfs_10_0_0_5_exports',
      'persistentvolumeclaim_default_uploads -[]-> storageclass_nfs_csi',
      'storageclass_nfs_csi -[provisioned by]-> csidriver_nfs_csi_k8s_io',
      'csidriver_nfs_csi_k8s_io -[nfs-csi]-> nfs_10_0_0_6_srv',
      'persistentvolumeclaim_default_legacy -[binds]-> persistentvolume_nfs_pv',
      'persistentvolume_nfs_pv -[]-> nfs_10_0_0_5_exports_static',
    ]));
    expect(nodes.get('storageclass_nfs')).toEqual('StorageClass nfs (default)<br/>reclaim Delete · archives data on delete · expandable');
    expect(nodes.get('storageclass_nfs_csi')).toEqual('StorageClass nfs-csi<br/>reclaim Delete · deletes data on delete · expandable');
    expect(nodes.get('deployment_storage_nfs_provisioner')).toEqual('Deployment storage/nfs-provisioner<br/>replicas 2');
    expect(nodes.get('persistentvolume_nfs_pv')).toEqual('PersistentVolume nfs-pv<br/>10Gi · RWX · Retain');
    expect(nodes.get('nfs_10_0_0_5_exports')).toEqual('NFS server<br/>10.0.0.5:/exports');
  });

  test('deterministic: the same objects in any order give the same text', () => {
    const reversed = Topology.fromManifests([...storageScenario()].reverse(), { title: 'Shop' });
    expect(reversed).toEqual(markdown);
  });
});

describe('Topology.fromManifests: edge cases', () => {
  test('a claim without a class goes to the default class, or to the cluster\'s when none is marked', () => {
    const unclassed = claim('scratch', { storageClassName: undefined });
    expect(parse(Topology.fromManifests([unclassed])).edges).toEqual(['persistentvolumeclaim_default_scratch -[]-> storageclass_default']);
    expect(parse(Topology.fromManifests([unclassed])).nodes.get('storageclass_default')).toEqual('the cluster\'s default StorageClass<br/>not in these manifests');
    const marked = nfsClass({ metadata: { name: 'nfs', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } });
    expect(parse(Topology.fromManifests([unclassed, marked])).edges).toContain('persistentvolumeclaim_default_scratch -[]-> storageclass_nfs');
  });

  test('static volumes of csi-driver-nfs and hostPath lead to their storage; a class that exists nowhere is missing', () => {
    const csi = volume({ nfs: undefined, storageClassName: 'csi-static', csi: { driver: 'nfs.csi.k8s.io', volumeHandle: '10.0.0.7#/srv#a', volumeAttributes: { server: '10.0.0.7', share: '/srv' } } }, 'csi-pv');
    const host = volume({ nfs: undefined, storageClassName: 'manual', hostPath: { path: '/mnt/data' } }, 'host-pv');
    const { nodes, edges } = parse(Topology.fromManifests([csi, host, claim('gone', { storageClassName: 'nowhere' })]));
    expect(edges).toEqual([
      'persistentvolume_csi_pv -[]-> nfs_10_0_0_7_srv',
      'persistentvolume_host_pv -[]-> hostpath_mnt_data',
      'persistentvolumeclaim_default_gone -[]-> storageclass_nowhere',
    ]);
    expect(nodes.get('hostpath_mnt_data')).toEqual('hostPath /mnt/data<br/>on the node');
    expect(nodes.get('storageclass_nowhere')).toEqual('StorageClass nowhere<br/>not in these manifests');
  });

  test('a provisioner outside the manifests is named', () => {
    const { nodes, edges } = parse(Topology.fromManifests([nfsClass({ provisioner: 'ebs.csi.aws.com' }, 'gp3')]));
    expect(edges).toEqual(['storageclass_gp3 -[provisioned by]-> provisioner_ebs_csi_aws_com']);
    expect(nodes.get('provisioner_ebs_csi_aws_com')).toEqual('provisioner ebs.csi.aws.com<br/>outside these manifests');
  });

  test('a claim bound by volumeName, a LoadBalancer, and labels that need escaping', () => {
    const bound = claim('pinned', { volumeName: 'nfs-pv', storageClassName: '' });
    const lb = service({ type: 'LoadBalancer' }, 'edge');
    const odd = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'q' }, data: {} };
    const web = edit(deployment('web'), d => {
      d.spec.template.spec.containers[0].env = [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'q', key: 'x' } } }];
      d.spec.template.spec.containers[0].image = 'web:"1"<2>';
    });
    const { nodes, edges } = parse(Topology.fromManifests([bound, volume(), lb, web, odd]));
    expect(edges).toEqual(expect.arrayContaining([
      'persistentvolumeclaim_default_pinned -[bound to]-> persistentvolume_nfs_pv',
      'clients -[load balancer]-> service_default_edge',
      'deployment_default_web -[env]-> configmap_default_q',
    ]));
    expect(nodes.get('configmap_default_q')).toEqual('ConfigMap q<br/>0 keys');
    const quoted = parse(Topology.fromManifests([{ ...odd, metadata: { name: 'say"hi"<b>&#' } }]));
    expect([...quoted.nodes.values()]).toEqual(['ConfigMap say#quot;hi#quot;#lt;b#gt;#amp;#35;<br/>0 keys']);
  });

  test('ids stay distinct when two keys sanitize alike', () => {
    const a = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a-b' } };
    const b = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a.b' } };
    const { nodes } = parse(Topology.fromManifests([b, a]));
    expect(nodes.get('configmap_default_a_b')).toMatch(/^ConfigMap a-b</);
    expect(nodes.get('configmap_default_a_b_2')).toMatch(/^ConfigMap a\.b</);
  });

  test('no flows: a sentence instead of an empty diagram; garbage is ignored', () => {
    const markdown = Topology.fromManifests([null, 42, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }] as any[]);
    expect(markdown).toContain('_No Ingresses, Services, workloads or storage in these manifests._');
    expect(markdown).not.toContain('```mermaid');
  });

  test('context objects are drawn only where the diagram leads to them, marked', () => {
    const { nodes, edges } = parse(Topology.fromManifests([statefulSet()], { context: [nfsClass(), deployment('unrelated')] }));
    expect(edges).toContain('claimtemplate_default_db_data -[]-> storageclass_nfs');
    expect(nodes.get('storageclass_nfs')).toEqual('StorageClass nfs<br/>reclaim Delete · archives data on delete · expandable<br/>outside these manifests');
    expect(nodes.has('deployment_default_unrelated')).toBe(false);
  });
});

describe('Topology with the library\'s patterns', () => {
  test('StatefulAppWithStorage on an NfsStorageClass: sts → claim template → class → provisioner → NFS server', () => {
    const chart = new Chart(Testing.app(), 'data');
    const nfs = new NfsStorageClass(chart, 'nfs', { server: '10.0.0.5', path: '/exports' });
    new StatefulAppWithStorage(chart, 'db', {
      image: 'postgres:16.4', replicas: 3, storage: { mountPath: '/var/lib/postgresql/data', size: '10Gi', storageClass: nfs },
    });
    const { edges } = parse(Topology.fromManifests(Testing.synth(chart)));
    const chain = [
      /^statefulset_\w*_db -\[\/var\/lib\/postgresql\/data\]-> (claimtemplate_\w+)$/,
      /^claimtemplate_\w+ -\[\]-> storageclass_nfs$/,
      /^storageclass_nfs -\[provisioned by\]-> (deployment_\w+)$/,
      /^deployment_\w+ -\[[^\]]*\]-> nfs_10_0_0_5_exports$/,
    ];
    for (const step of chain) expect(edges.some(e => step.test(e))).toBe(true);
  });
});

describe('Topology of the examples', () => {
  const app = Testing.app();
  buildWebApp(app);

  test.each(app.charts.map(c => [c.node.id, c]))('web-app %s', (_, chart) => {
    const markdown = Topology.fromManifests(Testing.synth(chart as Chart), { title: `Topology of ${(chart as Chart).node.id}` });
    expect(markdown).toMatchSnapshot();
  });

  test('web-app services-004: Ingress → httpd-service → my-apache, headless → my-apache, ExternalName → outside', () => {
    const chart = app.charts.find(c => c.node.id === 'services-004')!;
    const { edges } = parse(Topology.fromManifests(Testing.synth(chart)));
    expect(edges).toEqual([
      'clients -[]-> ingress_default_my_apache',
      'ingress_default_my_apache -[apache.example.com/]-> service_default_httpd_service',
      'service_default_external_db -[]-> external_db_example_com',
      'service_default_headless -[]-> deployment_default_my_apache',
      'service_default_httpd_service -[]-> deployment_default_my_apache',
    ]);
  });
});

describe('Topology.writeForDirectory', () => {
  test('writes <chart>.topology.md beside each <chart>.k8s.yaml, following references into other charts', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'topology-'));
    Yaml.save(path.join(dir, 'app.k8s.yaml'), [statefulSet(), service({ clusterIP: 'None', selector: stsLabels }, 'db-headless')]);
    Yaml.save(path.join(dir, 'storage.k8s.yaml'), [nfsClass(), deployment('unrelated')]);
    fs.writeFileSync(path.join(dir, 'notes.yaml'), 'not: a chart\n');

    const written = Topology.writeForDirectory(dir);

    expect(written).toEqual([path.join(dir, 'app.topology.md'), path.join(dir, 'storage.topology.md')]);
    const appDiagram = fs.readFileSync(written[0], 'utf-8');
    expect(appDiagram.split('\n').slice(0, 3)).toEqual([
      '# Topology of app', '', '<!-- Generated by cdk8s-patterns Topology from app.k8s.yaml. Do not edit. -->',
    ]);
    const { nodes, edges } = parse(appDiagram);
    expect(edges).toContain('claimtemplate_default_db_data -[]-> storageclass_nfs');
    expect(nodes.get('storageclass_nfs')).toEqual('StorageClass nfs<br/>reclaim Delete · archives data on delete · expandable<br/>from storage.k8s.yaml');
    expect(appDiagram).toMatch(/class storageclass_nfs borrowed/);
    expect(nodes.has('deployment_default_unrelated')).toBe(false);
    // The storage chart does not lead back into the app chart.
    expect(parse(fs.readFileSync(written[1], 'utf-8')).nodes.has('statefulset_default_db')).toBe(false);
  });
});

describe('Topology of Gateway API routes', () => {
  /** The shop on the shared Gateway: a 90/10 canary, a header opt-in, a redirect, a backend in another namespace with and without its grant. */
  function scenario(): any[] {
    return [
      gateway(),
      httpRoute(r => {
        r.spec.rules = [
          { matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-canary', value: 'always' }] }], backendRefs: [{ name: 'web-canary', port: 80 }] },
          { backendRefs: [{ name: 'web', port: 80, weight: 90 }, { name: 'web-canary', port: 80, weight: 10 }, { name: 'web-old', port: 80, weight: 0 }] },
          { matches: [{ path: { type: 'Exact', value: '/catalog' } }], backendRefs: [{ name: 'catalog', namespace: 'backends', port: 80 }] },
          { matches: [{ path: { type: 'PathPrefix', value: '/search' } }], backendRefs: [{ name: 'search', namespace: 'search', port: 80 }] },
        ];
      }),
      httpRoute(r => {
        r.metadata.name = 'shop-http';
        r.spec.parentRefs[0].sectionName = 'http';
        r.spec.rules = [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }];
      }),
      grpcRoute(),
      referenceGrant('backends', 'shop'),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'catalog', namespace: 'backends' }, spec: { ports: [{ port: 80 }] } },
      ...shopApp('web'),
      ...shopApp('web-canary', 'canary', 'web:1.1.0'),
      ...shopApp('orders'),
    ];
  }
  const markdown = Topology.fromManifests(scenario(), { title: 'Shop' });
  const { nodes, edges } = parse(markdown);

  test('snapshot', () => {
    expect(markdown).toMatchSnapshot();
  });

  test('clients → Gateway (class, listeners) → routes (hostnames), by listener', () => {
    expect(nodes.get('gateway_infra_shared')).toEqual('Gateway infra/shared<br/>class envoy<br/>http :80 HTTP *.example.com<br/>https :443 HTTPS *.example.com');
    expect(nodes.get('httproute_shop_shop')).toEqual('HTTPRoute shop/shop<br/>shop.example.com, www.example.com');
    expect(edges).toEqual(expect.arrayContaining([
      'clients -[80/HTTP, 443/HTTPS]-> gateway_infra_shared',
      'gateway_infra_shared -[https]-> httproute_shop_shop',
      'gateway_infra_shared -[http]-> httproute_shop_shop_http',
      'gateway_infra_shared -[https]-> grpcroute_shop_orders',
    ]));
  });

  test('route → Service per rule: matches, each backend\'s share of a split, weight 0 as such', () => {
    expect(edges).toEqual(expect.arrayContaining([
      'httproute_shop_shop -[/ · 90%]-> service_shop_web',
      'httproute_shop_shop -[/ · 10%, / · x-canary: always]-> service_shop_web_canary',
      'httproute_shop_shop -[/ · weight 0]-> service_shop_web_old',
      'service_shop_web -[]-> deployment_shop_web',
      'service_shop_web_canary -[]-> deployment_shop_web_canary',
      'grpcroute_shop_orders -[shop.Orders/Place]-> service_shop_orders',
    ]));
    expect(nodes.get('service_shop_web_old')).toEqual('Service web-old<br/>not in these manifests');
  });

  test('a redirect rule leads to where it redirects', () => {
    expect(edges).toContain('httproute_shop_shop_http -[/]-> redirect_redirect_to_https_301');
    expect(nodes.get('redirect_redirect_to_https_301')).toEqual('redirect to https · 301');
  });

  test('cross-namespace backends: the grant that allows it on the edge, a missing one drawn as missing', () => {
    expect(edges).toEqual(expect.arrayContaining([
      'httproute_shop_shop -[= /catalog · ReferenceGrant backends/from-shop]-> service_backends_catalog',
      'httproute_shop_shop -[/search]-> referencegrant_search_from_shop',
      'referencegrant_search_from_shop -[refused]-> service_search_search',
    ]));
    expect(nodes.get('referencegrant_search_from_shop')).toEqual('no ReferenceGrant in search<br/>for HTTPRoutes from shop<br/>not in these manifests');
    expect(markdown).toMatch(/^ {2}class (\w+,)*referencegrant_search_from_shop(,\w+)* missing$/m);
  });

  test('deterministic: the same objects in any order give the same text', () => {
    expect(Topology.fromManifests([...scenario()].reverse(), { title: 'Shop' })).toEqual(markdown);
  });

  test('a Gateway outside the manifests is drawn as missing; a parentRef that attaches nowhere says so', () => {
    const { nodes: n, edges: e } = parse(Topology.fromManifests([httpRoute(), ...shopApp('web')]));
    expect(e).toContain('gateway_infra_shared -[https]-> httproute_shop_shop');
    expect(n.get('gateway_infra_shared')).toEqual('Gateway shared<br/>not in these manifests');
    const wrong = parse(Topology.fromManifests([gateway(), httpRoute(r => { r.spec.parentRefs[0].sectionName = 'ftp'; })]));
    expect(wrong.edges).toContain('gateway_infra_shared -[not attached (ftp)]-> httproute_shop_shop');
  });

  test('a route\'s Gateway from another chart is drawn, marked as borrowed', () => {
    const { nodes: n, edges: e } = parse(Topology.fromManifests([httpRoute(), ...shopApp('web')], { context: [gateway()] }));
    expect(e).toContain('clients -[80/HTTP, 443/HTTPS]-> gateway_infra_shared');
    expect(n.get('gateway_infra_shared')).toMatch(/<br\/>outside these manifests$/);
  });

  test('Ingress drawing is unchanged beside routes', () => {
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'shop', namespace: 'shop' },
      spec: { rules: [{ host: 'old.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    };
    expect(parse(Topology.fromManifests([ingress, ...scenario()])).edges).toEqual(expect.arrayContaining([
      'clients -[]-> ingress_shop_shop',
      'ingress_shop_shop -[old.example.com/]-> service_shop_web',
    ]));
  });
});
