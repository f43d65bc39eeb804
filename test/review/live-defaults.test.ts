import { ASSIGNED, isEmptyValue, serverDefaults } from '../../lib/review/live-defaults';

describe('the server defaults table', () => {
  test('a Deployment\'s defaults, its pod template\'s among them', () => {
    const paths = serverDefaults({ kind: 'Deployment' }).map(d => d.path);
    expect(paths).toEqual(expect.arrayContaining([
      'spec.progressDeadlineSeconds', 'spec.revisionHistoryLimit', 'spec.strategy.rollingUpdate.maxSurge',
      'spec.template.spec.dnsPolicy', 'spec.template.spec.containers[].imagePullPolicy', 'spec.template.spec.containers[].ports[].protocol',
    ]));
  });

  test('imagePullPolicy follows the tag: Always for latest or none, IfNotPresent otherwise and for digests', () => {
    const policy = serverDefaults({ kind: 'Pod' }).find(d => d.path === 'spec.containers[].imagePullPolicy')!.value as (c: any) => string;
    expect(['nginx', 'nginx:latest', 'registry:5000/nginx', 'nginx:1.27', 'nginx@sha256:abc'].map(image => policy({ image })))
      .toEqual(['Always', 'Always', 'Always', 'IfNotPresent', 'IfNotPresent']);
  });

  test('allocated values are marked as assigned, not given a value', () => {
    const service = serverDefaults({ kind: 'Service' });
    expect(service.filter(d => d.value === ASSIGNED).map(d => d.path)).toEqual([
      'spec.clusterIP', 'spec.clusterIPs', 'spec.ipFamilies', 'spec.ipFamilyPolicy', 'spec.healthCheckNodePort', 'spec.ports[].nodePort',
    ]);
    expect(serverDefaults({ kind: 'Unknown' })).toEqual([]);
  });
});

describe('empty values the API server leaves out', () => {
  test.each<[unknown, string, string, boolean]>([
    [false, 'hostNetwork', 'Deployment', true],
    [0, 'minReadySeconds', 'StatefulSet', true],
    [0, 'runAsUser', 'Deployment', false],
    [{}, 'securityContext', 'Deployment', true],
    [{ rollingUpdate: { partition: 0 } }, 'updateStrategy', 'StatefulSet', true],
    [0, 'replicas', 'Deployment', false],
    [false, 'automountServiceAccountToken', 'Deployment', false],
    ['', 'storageClassName', 'PersistentVolumeClaim', false],
    ['', 'storageClassName', 'PersistentVolume', true],
    [[], 'tolerations', 'Pod', true],
    ['x', 'name', 'Pod', false],
  ])('%j at %s of a %s: %s', (value, key, kind, expected) => {
    expect(isEmptyValue(value, key, kind)).toBe(expected);
  });
});
