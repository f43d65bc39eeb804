import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ExposedWebApp, NfsStorageClass, PatternTesting } from '../lib';

describe('PatternTesting.synthByKey', () => {
  test('keys every object by Kind/namespace/name, cluster-scoped ones by Kind/name', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    new ExposedWebApp(chart, 'web', { image: 'nginxinc/nginx-unprivileged:1.27.3-alpine' });
    new ExposedWebApp(chart, 'api', { image: 'traefik/whoami:v1.10.3', args: ['--port', '8080'] });
    new NfsStorageClass(chart, 'nfs', { server: '10.0.0.1', path: '/export' });
    const objects = PatternTesting.synthByKey(chart);
    expect(Object.keys(objects)).toEqual(expect.arrayContaining([
      'Deployment/shop/web', 'Service/shop/web', 'Deployment/shop/api', 'Service/shop/api', 'StorageClass/nfs', 'ClusterRole/nfs-provisioner-runner',
    ]));
    // Each key names the object it holds: an image change in a snapshot diff names its Deployment.
    expect(objects['Deployment/shop/api'].spec.template.spec.containers[0].image).toEqual('traefik/whoami:v1.10.3');
    for (const [key, object] of Object.entries(objects)) {
      expect(key.startsWith(`${object.kind}/`)).toBe(true);
      expect(key.endsWith(`/${object.metadata.name}`)).toBe(true);
    }
    expect(Object.keys(objects)).toHaveLength(Testing.synth(chart).length);
  });

  test('runs the construct validations as a synth does', () => {
    const chart = Testing.chart();
    new ExposedWebApp(chart, 'web', { image: 'nginxinc/nginx-unprivileged:1.27.3-alpine' });
    new kplus.Deployment(chart, 'clash', { metadata: { name: 'web' }, containers: [{ image: 'busybox:1.36.1' }] });
    expect(() => PatternTesting.synthByKey(chart)).toThrow(/invalid metadata.name "web": .* already uses this name/);
  });

  test('two objects that one key cannot tell apart fail, naming both', () => {
    const chart = Testing.chart();
    new kplus.k8s.KubeIngress(chart, 'a', { metadata: { name: 'x' } });
    new kplus.k8s.KubeIngressClass(chart, 'another-kind', { metadata: { name: 'x' } });
    // The same kind and name in another API group.
    new ApiObject(chart, 'b', { apiVersion: 'example.com/v1', kind: 'Ingress', metadata: { name: 'x' } });
    expect(() => PatternTesting.synthByKey(chart)).toThrow(
      "PatternTesting.synthByKey: two objects of chart 'test' have the key Ingress/x (apiVersion networking.k8s.io/v1 and example.com/v1); synthesize with Testing.synth(chart) instead");
  });
});
