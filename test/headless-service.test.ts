import * as kplus from 'cdk8s-plus-28';
import { ExposedWebApp, HeadlessService } from '../lib';
import { expectError, expectWellFormed, find, newChart, synth } from './support/synth';

const IMAGE = 'nginxinc/nginx-unprivileged:1.27.3-alpine';

describe('HeadlessService', () => {
  test('resolves to the pods of a pattern (document 004: `headless`)', () => {
    const chart = newChart();
    const apache = new ExposedWebApp(chart, 'my-apache', { image: IMAGE, appName: 'mytest' });
    const headless = new HeadlessService(chart, 'headless', { target: apache });
    const out = synth(chart);
    const service = find(out, 'Service', 'headless');
    expect(service.spec).toEqual({
      clusterIP: 'None',
      selector: apache.selectorLabels,
      ports: [{ name: 'http', port: 8080, targetPort: 8080, protocol: 'TCP' }],
    });
    expect(service.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'mytest', 'app.kubernetes.io/component': 'headless-service' });
    expect(headless.dnsName).toEqual('headless.default.svc.cluster.local');
    expectWellFormed(out);
    expect(service).toMatchSnapshot();
  });

  test('follows the target namespace', () => {
    const chart = newChart();
    const app = new ExposedWebApp(chart, 'api', { image: IMAGE, namespace: 'shop' });
    const headless = new HeadlessService(chart, 'peers', { target: app, publishNotReadyAddresses: true });
    const service = find(synth(chart), 'Service', 'peers');
    expect(service.metadata.namespace).toEqual('shop');
    expect(service.spec.publishNotReadyAddresses).toBe(true);
    expect(headless.dnsName).toEqual('peers.shop.svc.cluster.local');
  });

  test('selects hand-written pods by labels, with no ports', () => {
    const chart = newChart();
    new HeadlessService(chart, 'legacy', { selector: { app: 'legacy' } });
    const service = find(synth(chart), 'Service');
    expect(service.spec).toEqual({ clusterIP: 'None', selector: { app: 'legacy' } });
  });

  test('several named ports', () => {
    const chart = newChart();
    new HeadlessService(chart, 'db', {
      selector: { app: 'db' },
      ports: [{ port: 5432, name: 'postgres' }, { port: 9187, name: 'metrics', targetPort: 9188, protocol: kplus.Protocol.TCP }],
    });
    expect(find(synth(chart), 'Service').spec.ports).toEqual([
      { name: 'postgres', port: 5432, targetPort: 5432, protocol: 'TCP' },
      { name: 'metrics', port: 9187, targetPort: 9188, protocol: 'TCP' },
    ]);
  });

  test.each<[string, any, string]>([
    ['neither target nor selector', {}, "HeadlessService 'test/h': invalid target undefined: give exactly one of 'target' and 'selector'"],
    ['an empty selector', { selector: {} },
      "HeadlessService 'test/h': invalid selector {}: must name at least one label, or the Service resolves to every pod of the namespace"],
    ['unnamed ports', { selector: { a: 'b' }, ports: [{ port: 1 }, { port: 2 }] },
      "HeadlessService 'test/h': invalid ports [1,2]: each port needs a name when a Service has more than one"],
    ['a port out of range', { selector: { a: 'b' }, ports: [{ port: 0 }] }, "HeadlessService 'test/h': invalid ports[0].port 0: must be a port number within 1-65535"],
    ['repeated port names', { selector: { a: 'b' }, ports: [{ port: 1, name: 'x' }, { port: 2, name: 'x' }] },
      "HeadlessService 'test/h': invalid ports[1].name \"x\": must be unique among the ports"],
  ])('rejects %s', (_, props, message) => {
    expectError(() => new HeadlessService(newChart(), 'h', props), message);
  });
});
