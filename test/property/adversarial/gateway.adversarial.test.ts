import * as fc from 'fast-check';
import { allowedRoutes, certificate, gatewayHost, listener } from './gateway-api';
import {
  checkRun, FUZZ_TIMEOUT, fuzzRuns, fuzzTest, garbage, given, labels, labelValue, listOf, maybe, mostly, name, port, withGarbage,
} from './harness';
import { ExposedWebApp, Gateway, GatewayProtocol } from '../../../lib';

const gatewayProps = withGarbage(fc.record({
  name: maybe(name),
  namespace: maybe(name),
  gatewayClassName: mostly(fc.oneof(fc.constantFrom('eg', 'istio', 'gke-l7-global-external-managed'), fc.constantFrom('Bad', 'a_b', '', 'a'.repeat(254)))),
  listeners: mostly(listOf(listener, 3, 64, 1)),
  annotations: maybe(fc.dictionary(fc.constantFrom('cert-manager.io/cluster-issuer', 'Bad Key', 'a/b/c', 'example.com/x'), fc.string({ maxLength: 4 }), { maxKeys: 2 })),
  labels: maybe(labels),
  appName: maybe(labelValue),
  partOf: maybe(labelValue),
  component: maybe(labelValue),
}, { requiredKeys: ['gatewayClassName', 'listeners'] }));

describe('Gateway under adversarial input', () => {
  fuzzTest('Gateway', 'Gateway', gatewayProps, ['gatewayClassName', 'listeners'], (chart, props) => {
    new Gateway(chart, 'gw', props as any);
  });

  test('Gateway.addListener: listeners added after construction, each checked as the props\' are', () => {
    const added = fc.array(fc.oneof({ weight: 20, arbitrary: listener }, { weight: 1, arbitrary: garbage }), { minLength: 1, maxLength: 4 });
    fuzzRuns('Gateway.addListener', fc.tuple(added, fc.option(name, { nil: undefined })), ([listeners, namespace], outcome) => {
      checkRun(outcome, 'Gateway', ['addListener', ...(namespace !== undefined ? ['namespace'] : [])], chart => {
        const gw = new Gateway(chart, 'gw', { namespace, gatewayClassName: 'eg', listeners: [{ name: 'base', port: 8000 }] });
        for (const l of listeners) gw.addListener(l as any);
      });
    });
  }, FUZZ_TIMEOUT);

  test('certificates in other namespaces: the ReferenceGrants admit exactly the Gateway\'s Secrets', () => {
    const certs = fc.array(listOf(certificate, 3, 64, 1), { minLength: 1, maxLength: 3 });
    fuzzRuns('Gateway certificates', fc.tuple(certs, fc.option(name, { nil: undefined }), allowedRoutes), ([perListener, namespace, allowed], outcome) => {
      checkRun(outcome, 'Gateway', ['listeners', 'namespace'], chart => {
        new Gateway(chart, 'gw', {
          namespace,
          gatewayClassName: 'eg',
          listeners: perListener.map((certificates, i) => ({
            name: `https-${i}`, protocol: GatewayProtocol.HTTPS, hostname: `h${i}.example.com`, certificates, allowedRoutes: allowed,
          })),
        });
      });
    });
  }, FUZZ_TIMEOUT);

  test('Gateway.fromGatewayName: garbage names end in our error; a route to a reference is valid YAML', () => {
    const gwName = fc.oneof({ weight: 10, arbitrary: fc.oneof(name, gatewayHost) }, { weight: 1, arbitrary: garbage });
    const gwNamespace = fc.oneof({ weight: 10, arbitrary: maybe(name) }, { weight: 1, arbitrary: garbage });
    const parent = fc.record({ sectionName: maybe(fc.oneof(name, fc.constantFrom('HTTP', 'a.b'))), port: maybe(port) }, { requiredKeys: [] });
    const parentList = fc.array(parent, { minLength: 1, maxLength: 3 });
    fuzzRuns('Gateway.fromGatewayName', fc.tuple(gwName, gwNamespace, parentList, maybe(name)), ([gatewayName, gatewayNamespace, parents, ns], outcome) => {
      const roots = ['gatewayName', ...(gatewayNamespace !== undefined ? ['gatewayNamespace'] : []), 'route', ...(ns !== undefined ? ['namespace'] : [])];
      checkRun(outcome, ['Gateway', 'ExposedWebApp'], roots, chart => {
        const gateway = Gateway.fromGatewayName(chart, 'gw', gatewayName, gatewayNamespace);
        new ExposedWebApp(chart, 'web', { image: 'nginx:1.27.3', namespace: ns, route: { parents: parents.map(p => ({ gateway, ...p })) } });
      });
    });
  }, FUZZ_TIMEOUT);

  test('given() lists the props an error may name', () => {
    expect(given({ a: 1, b: undefined }, ['c'])).toEqual(['c', 'a']);
  });
});
