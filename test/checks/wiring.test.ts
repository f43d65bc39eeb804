import { ManifestChecks } from '../../lib';
import { configChecksum } from '../../lib/shared/config-data';

/** A minimal hand-written app: Deployment, Service, Ingress, ConfigMap. */
function handWritten(): any[] {
  return [
    {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: { mode: 'prod' },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web', tier: 'front' } },
          spec: {
            containers: [{
              name: 'app',
              image: 'web:1.0',
              ports: [{ containerPort: 8080, name: 'http' }],
              env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } }],
              envFrom: [{ configMapRef: { name: 'cfg' } }],
              volumeMounts: [{ name: 'config', mountPath: '/etc/cfg' }],
            }],
            volumes: [{ name: 'config', configMap: { name: 'cfg', items: [{ key: 'mode', path: 'mode' }] } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'alt', port: 81, targetPort: 'http' }] },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        defaultBackend: { service: { name: 'web', port: { name: 'alt' } } },
        rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
      },
    },
  ];
}

const rules = (manifests: any[]) => ManifestChecks.wiring(manifests).map(v => `${v.rule} ${v.object} ${v.field}`);

describe('ManifestChecks.wiring', () => {
  test('a well-wired app has no violations', () => {
    expect(ManifestChecks.wiring(handWritten())).toEqual([]);
  });

  test('a workload selector that misses its own pod labels', () => {
    const m = handWritten();
    m[1].spec!.selector = { matchLabels: { app: 'other' } };
    expect(rules(m)).toContain('workload-selector Deployment/shop/web spec.selector');
  });

  test('a Service that selects no pods', () => {
    const m = handWritten();
    m[2].spec!.selector = { app: 'web', version: 'v2' };
    const v = ManifestChecks.wiring(m);
    expect(v).toEqual([{
      object: 'Service/shop/web',
      field: 'spec.selector',
      rule: 'service-selector',
      message: 'selects no pods: no pod template in namespace "shop" carries all of {"app":"web","version":"v2"}',
    }]);
  });

  test('a Service in another namespace selects nothing', () => {
    const m = handWritten();
    m[2].metadata.namespace = 'other';
    expect(rules(m)).toContain('service-selector Service/other/web spec.selector');
  });

  test('a targetPort that meets no containerPort, by number and by name', () => {
    const m = handWritten();
    m[2].spec!.ports = [{ name: 'http', port: 80, targetPort: 9090 }, { name: 'alt', port: 81, targetPort: 'metrics' }];
    const v = ManifestChecks.wiring(m).filter(x => x.rule === 'service-target-port');
    expect(v.map(x => x.field)).toEqual(['spec.ports[0].targetPort', 'spec.ports[1].targetPort']);
    expect(v[0].message).toEqual('targetPort 9090 meets no containerPort of the selected pods (they declare http=8080)');
  });

  test('a targetPort defaults to the port', () => {
    const m = handWritten();
    m[2].spec!.ports = [{ name: 'http', port: 8080 }];
    expect(rules(m).filter(r => r.startsWith('service-target-port'))).toEqual([]);
  });

  test('an Ingress backend naming a missing Service or port', () => {
    const m = handWritten();
    m[3].spec!.rules = [{
      http: {
        paths: [
          { path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } },
          { path: '/x', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } },
        ],
      },
    }];
    m[3].spec!.defaultBackend = { service: { name: 'web', port: { name: 'grpc' } } };
    expect(rules(m)).toEqual([
      'ingress-backend Ingress/shop/web spec.defaultBackend.service.port',
      'ingress-backend Ingress/shop/web spec.rules[0].http.paths[0].backend.service.name',
      'ingress-backend Ingress/shop/web spec.rules[0].http.paths[1].backend.service.port',
    ]);
  });

  test('ConfigMap references: missing map, missing keys, optional ones allowed', () => {
    const m = handWritten();
    m[0].data = { other: 'x' };
    expect(rules(m)).toEqual([
      'configmap-ref Deployment/shop/web spec.template.spec.volumes[0].configMap.items[0].key',
      'configmap-ref Deployment/shop/web spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.key',
    ]);
    const withoutMap = handWritten().slice(1);
    expect(rules(withoutMap)).toEqual([
      'configmap-ref Deployment/shop/web spec.template.spec.volumes[0].configMap.name',
      'configmap-ref Deployment/shop/web spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.name',
      'configmap-ref Deployment/shop/web spec.template.spec.containers[0].envFrom[0].configMapRef.name',
    ]);
    const optional = handWritten().slice(1) as any[];
    const spec = optional[0].spec.template.spec;
    spec.volumes[0].configMap.optional = true;
    spec.containers[0].env[0].valueFrom.configMapKeyRef.optional = true;
    spec.containers[0].envFrom[0].configMapRef.optional = true;
    expect(rules(optional)).toEqual([]);
  });

  test('a mount of an undeclared volume', () => {
    const m = handWritten() as any[];
    m[1].spec.template.spec.containers[0].volumeMounts.push({ name: 'data', mountPath: '/data' });
    expect(rules(m)).toEqual(['volume-mount Deployment/shop/web spec.template.spec.containers[0].volumeMounts[1].name']);
  });

  test('StatefulSets: serviceName must be a headless Service selecting the pods; claims need a class', () => {
    const sts = (serviceName: string, cls?: string) => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        serviceName,
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db:1', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: cls, accessModes: ['ReadWriteOnce'] } }],
      },
    });
    const headless = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: { app: 'db' } } };
    expect(rules([sts('db'), headless])).toEqual([]);
    expect(rules([sts('missing'), headless])).toEqual(['statefulset-service StatefulSet/db spec.serviceName']);
    expect(rules([sts('db'), { ...headless, spec: { selector: { app: 'db' } } }])).toEqual(['statefulset-service StatefulSet/db spec.serviceName']);
    expect(rules([sts('db'), { ...headless, spec: { clusterIP: 'None', selector: { app: 'x' } } }])).toContain('statefulset-service StatefulSet/db spec.serviceName');
    expect(rules([sts('db', 'gold'), headless])).toEqual(['claim-class StatefulSet/db spec.volumeClaimTemplates[0].spec.storageClassName']);
    const goldPv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' }, spec: { storageClassName: 'gold' } };
    expect(rules([sts('db', 'gold'), headless, goldPv])).toEqual([]);
    const goldClass = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gold' }, provisioner: 'x' };
    expect(rules([sts('db', 'gold'), headless, goldClass])).toEqual([]);
  });

  test('claims of pods, HPAs and PDBs must find their targets', () => {
    const m = handWritten() as any[];
    m[1].spec.template.spec.volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'data' } });
    m.push(
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x', namespace: 'shop' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'nope' } } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'x', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'nope' } } } },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'shop' }, spec: { storageClassName: 'fast' } },
    );
    expect(rules(m)).toEqual([
      'claim-ref Deployment/shop/web spec.template.spec.volumes[1].persistentVolumeClaim.claimName',
      'hpa-target HorizontalPodAutoscaler/shop/x spec.scaleTargetRef',
      'pdb-selector PodDisruptionBudget/shop/x spec.selector',
      'claim-class PersistentVolumeClaim/shop/c spec.storageClassName',
    ]);
  });

  test('match expressions are evaluated', () => {
    const m = handWritten() as any[];
    m[1].spec.selector = { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }, { key: 'canary', operator: 'DoesNotExist' }] };
    expect(rules(m)).toEqual([]);
    m[1].spec.selector = { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] };
    expect(rules(m)).toEqual(['workload-selector Deployment/shop/web spec.selector']);
  });

  test('malformed input is reported, never a TypeError', () => {
    const junk: any[] = [null, 42, 'x', {}, { kind: 'Service' }, { kind: 'Service', spec: { selector: { a: 'b' }, ports: 'nope' } },
      { kind: 'Deployment', spec: { template: 'x' } }, { kind: 'Ingress', spec: { rules: [{ http: { paths: [null] } }] } }];
    expect(() => ManifestChecks.all(junk)).not.toThrow();
    expect(ManifestChecks.wiring(junk).map(v => v.rule)).toEqual(['service-selector']);
    expect(ManifestChecks.all(undefined as any)).toEqual([]);
  });

  test('files mounted by subPath must be files of the ConfigMap volume', () => {
    const m = handWritten() as any[];
    const container = m[1].spec.template.spec.containers[0];
    container.volumeMounts = [{ name: 'config', mountPath: '/etc/mode', subPath: 'mode' }];
    expect(rules(m)).toEqual([]);
    container.volumeMounts = [{ name: 'config', mountPath: '/etc/app.conf', subPath: 'app.conf' }];
    expect(ManifestChecks.wiring(m)).toEqual([{
      object: 'Deployment/shop/web',
      field: 'spec.template.spec.containers[0].volumeMounts[0].subPath',
      rule: 'configmap-ref',
      message: '"app.conf" is no file of the volume of ConfigMap "cfg" (it has mode); the container would not get the file',
    }]);
    // Without items every key is a file; items rename them, and a directory of them counts too.
    const volume = m[1].spec.template.spec.volumes[0];
    delete volume.configMap.items;
    container.volumeMounts = [{ name: 'config', mountPath: '/etc/mode', subPath: 'mode' }];
    expect(rules(m)).toEqual([]);
    volume.configMap.items = [{ key: 'mode', path: 'conf/mode.txt' }];
    container.volumeMounts = [{ name: 'config', mountPath: '/etc/conf', subPath: 'conf' }, { name: 'config', mountPath: '/etc/m', subPath: 'mode' }];
    expect(rules(m)).toEqual(['configmap-ref Deployment/shop/web spec.template.spec.containers[0].volumeMounts[1].subPath']);
    volume.configMap.optional = true;
    expect(rules(m)).toEqual([]);
  });

  test('projected ConfigMap sources must exist and have their keys', () => {
    const m = handWritten() as any[];
    m[1].spec.template.spec.volumes[0] = {
      name: 'config',
      projected: { sources: [{ configMap: { name: 'cfg', items: [{ key: 'mode', path: 'mode' }, { key: 'nope', path: 'x' }] } }, { configMap: { name: 'gone' } }] },
    };
    expect(rules(m)).toEqual([
      'configmap-ref Deployment/shop/web spec.template.spec.volumes[0].projected.sources[0].configMap.items[1].key',
      'configmap-ref Deployment/shop/web spec.template.spec.volumes[0].projected.sources[1].configMap.name',
    ]);
  });

  test('a NetworkPolicy must select pods; an empty selector selects all of them', () => {
    const policy = (podSelector: any) => ({
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: 'shop' }, spec: { podSelector, policyTypes: ['Ingress'] },
    });
    expect(rules([...handWritten(), policy({ matchLabels: { app: 'web' } })])).toEqual([]);
    expect(rules([...handWritten(), policy({})])).toEqual([]);
    const v = ManifestChecks.wiring([...handWritten(), policy({ matchLabels: { app: 'api' } })]);
    expect(v).toEqual([{
      object: 'NetworkPolicy/shop/web',
      field: 'spec.podSelector',
      rule: 'networkpolicy-selector',
      message: 'selects no pods: no pod template in namespace "shop" matches {"matchLabels":{"app":"api"}}; the policy protects nothing',
    }]);
  });

  test('no two objects of one group, kind, namespace and name', () => {
    const copy = (m: any, change: any = {}) => ({ ...m, metadata: { ...m.metadata, ...change } });
    const [cm] = handWritten();
    expect(ManifestChecks.wiring([...handWritten(), copy(cm)])).toEqual([{
      object: 'ConfigMap/shop/cfg',
      field: 'metadata.name',
      rule: 'unique-names',
      message: 'ConfigMap/shop/cfg comes earlier with the same name; applying both would overwrite one with the other',
    }]);
    // Another namespace, another kind or another API group is another object.
    expect(rules([...handWritten(), copy(cm, { namespace: 'other' }), { ...copy(cm), kind: 'Secret' }, { ...copy(cm), apiVersion: 'example.com/v1' }]))
      .toEqual([]);
    // Cluster-scoped kinds clash whatever namespace the manifests give them.
    const pv = (ns?: string) => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1', namespace: ns }, spec: {} });
    expect(rules([pv(), pv('shop')])).toEqual(['unique-names PersistentVolume/shop/pv1 metadata.name']);
  });

  test('configmap-rollout: a checksum listed under the name before kustomize renamed the ConfigMap still counts', () => {
    // What `kustomize build` makes of a synthesized app with `namePrefix: prod-` and
    // `nameSuffix: -v2`: the ConfigMap and the references are renamed, the annotation is not.
    const app = (data: { [key: string]: string }, annotation: string) => {
      const [cm, deployment] = handWritten();
      cm.metadata.name = 'prod-cfg-v2';
      cm.metadata.labels = { 'app.kubernetes.io/managed-by': 'cdk8s-patterns' };
      cm.data = data;
      const pod = deployment.spec.template;
      pod.metadata.annotations = { 'checksum/config': annotation };
      pod.spec.containers[0].env[0].valueFrom.configMapKeyRef.name = 'prod-cfg-v2';
      pod.spec.containers[0].envFrom[0].configMapRef.name = 'prod-cfg-v2';
      pod.spec.volumes[0].configMap.name = 'prod-cfg-v2';
      return [cm, deployment];
    };
    const checksum = configChecksum({ mode: 'prod' }, undefined);
    const rollout = (m: any[]) => ManifestChecks.wiring(m).filter(v => v.rule === 'configmap-rollout').map(v => v.message);
    expect(rollout(app({ mode: 'prod' }, `cfg:${checksum}`))).toEqual([]);
    // A kustomize patch that changes the data leaves the checksum behind: reported, naming both names.
    expect(rollout(app({ mode: 'test' }, `cfg:${checksum}`))).toEqual([
      `lists "${checksum}" for ConfigMap "prod-cfg-v2" (listed as "cfg", its name before renaming), which hashes to "${configChecksum({ mode: 'test' }, undefined)}"; the annotation is stale and pods would not roll`,
    ]);
    // An entry for a ConfigMap the pod reads under its own name stands for nothing else.
    const both = app({ mode: 'prod' }, `cfg:${checksum}`);
    both.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: { mode: 'prod' } });
    both[1].spec.template.spec.containers[0].envFrom.push({ configMapRef: { name: 'cfg' } });
    expect(rollout(both)).toEqual([
      'reads ConfigMap "prod-cfg-v2" but lists no checksum of it: pods would keep the old values when it changes; inject it with ConfigMapInjection',
    ]);
  });

  test('format gives one line per violation', () => {
    const m = handWritten();
    m[2].spec!.selector = { app: 'nope' };
    expect(ManifestChecks.format(ManifestChecks.wiring(m))).toEqual(
      'Service/shop/web spec.selector [service-selector] selects no pods: no pod template in namespace "shop" carries all of {"app":"nope"}');
  });
});
