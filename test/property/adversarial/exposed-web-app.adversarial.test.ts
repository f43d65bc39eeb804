import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  checkRun, cidr, duration, envMap, FUZZ_SETTINGS, FUZZ_TIMEOUT, garbage, given, host, image, ip, labels, labelValue, maybe, mostly, name,
  edgy, nodePort, Outcome, percentOrAbsolute, port, recordOutcome, resources, security, urlPath, withGarbage,
} from './harness';
import { ExposedWebApp, ExternalTrafficPolicy, HealthChecks, ResourcePreset, SessionAffinity } from '../../../lib';

const healthChecks = fc.oneof(
  fc.constant(HealthChecks.none()),
  fc.record({
    path: maybe(urlPath),
    port: maybe(port),
    period: maybe(duration),
    timeout: maybe(duration),
    failureThreshold: maybe(fc.integer({ min: -1, max: 120 })),
    startupTimeout: maybe(duration),
  }, { requiredKeys: [] }).chain(o => fc.constantFrom(HealthChecks.http(o), HealthChecks.tcp(o))),
  fc.record({ port: port }).map(p => HealthChecks.custom({ readiness: kplus.Probe.fromTcpSocket({ port: p.port }) })),
  fc.constant(HealthChecks.custom({ liveness: kplus.Probe.fromHttpGet('/') })),
);

export const webProps = withGarbage(fc.record({
  image: mostly(image),
  name: maybe(name),
  serviceName: maybe(name),
  namespace: maybe(name),
  appName: maybe(labelValue),
  partOf: maybe(labelValue),
  component: maybe(edgy(labelValue, fc.constant(24390 as any))),
  labels: maybe(edgy(labels, fc.constant('x'.repeat(2000) as any))),
  replicas: maybe(fc.integer({ min: -1, max: 12 })),
  containerPort: maybe(port),
  portName: maybe(edgy(fc.constantFrom('http', 'web-1', 'metrics'), fc.constantFrom('http--x', '8080', 'a'.repeat(16), 'Http'))),
  servicePort: maybe(port),
  serviceType: maybe(fc.constantFrom(...Object.values(kplus.ServiceType))),
  nodePort: maybe(nodePort),
  externalIPs: maybe(fc.array(ip, { maxLength: 2 })),
  loadBalancerClass: maybe(fc.constantFrom('service.k8s.aws/nlb', 'Bad Class', 'example.com/x/y')),
  loadBalancerSourceRanges: maybe(fc.array(cidr, { maxLength: 2 })),
  externalTrafficPolicy: maybe(fc.constantFrom(...Object.values(ExternalTrafficPolicy))),
  sessionAffinity: maybe(fc.constantFrom(...Object.values(SessionAffinity))),
  sessionAffinityTimeout: maybe(duration),
  serviceAnnotations: maybe(fc.dictionary(fc.oneof(fc.constantFrom('service.beta.kubernetes.io/aws-load-balancer-type', 'Bad Key', 'a/b/c', 'X.example.com/y')), fc.string({ maxLength: 5 }), { maxKeys: 2 })),
  ingress: maybe(fc.record({
    hosts: maybe(fc.array(host, { maxLength: 2 })),
    path: maybe(urlPath),
    pathType: maybe(fc.constantFrom(...Object.values(kplus.HttpIngressPathType))),
    ingressClassName: maybe(fc.constantFrom('nginx', 'Nginx', 'traefik')),
    tlsSecretName: maybe(fc.constantFrom('web-tls', 'Web_TLS')),
    annotations: maybe(fc.dictionary(fc.constantFrom('nginx.ingress.kubernetes.io/rewrite-target', 'cert-manager.io/cluster-issuer', 'bad key'), fc.string({ maxLength: 4 }), { maxKeys: 2 })),
    defaultBackend: maybe(fc.boolean()),
  }, { requiredKeys: [] })),
  strategy: maybe(fc.oneof(fc.constant(kplus.DeploymentStrategy.recreate()),
    fc.tuple(percentOrAbsolute, percentOrAbsolute).map(([s, u]) => {
      try {
        return kplus.DeploymentStrategy.rollingUpdate({ maxSurge: s, maxUnavailable: u });
      } catch {
        return kplus.DeploymentStrategy.recreate(); // cdk8s-plus refuses both zero itself
      }
    }))),
  revisionHistoryLimit: maybe(fc.integer({ min: -1, max: 2000 })),
  minReady: maybe(duration),
  progressDeadline: maybe(duration),
  autoscaling: maybe(fc.record({
    minReplicas: maybe(fc.integer({ min: -1, max: 12 })),
    maxReplicas: mostly(fc.integer({ min: 0, max: 12 })),
    targetCpuUtilizationPercent: maybe(fc.integer({ min: -1, max: 120 })),
  }, { requiredKeys: ['maxReplicas'] })),
  disruptionBudget: maybe(fc.record({ maxUnavailable: maybe(percentOrAbsolute), minAvailable: maybe(percentOrAbsolute) }, { requiredKeys: [] })),
  networkPolicy: maybe(fc.record({
    ingressControllerNamespace: maybe(name),
    allowFromNamespaces: maybe(fc.array(name, { maxLength: 2 })),
    allowFromCidrs: maybe(fc.array(cidr, { maxLength: 2 })),
    allowSameNamespace: maybe(fc.boolean()),
  }, { requiredKeys: [] })),
  env: maybe(envMap),
  command: maybe(fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 })),
  args: maybe(fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 })),
  resources: maybe(resources),
  resourcePreset: maybe(fc.constantFrom(...Object.values(ResourcePreset), 'huge' as any)),
  healthChecks: maybe(healthChecks),
  security: maybe(security),
  allowMutableImageTag: maybe(fc.boolean()),
}, { requiredKeys: [] }));

describe('ExposedWebApp under adversarial input', () => {
  test('each run ends in our error naming a prop the user passed, or in YAML the strict validator accepts', () => {
    const outcome: Outcome = { errors: 0, synthErrors: 0, valid: 0 };
    const drawn = fc.oneof({ weight: 20, arbitrary: webProps }, { weight: 1, arbitrary: garbage });
    fc.assert(fc.property(drawn, fc.option(name, { nil: undefined }), (props, chartNs) => {
      checkRun(outcome, 'ExposedWebApp', [...given(props, ['image']), ...(chartNs !== undefined ? ['namespace'] : [])], chart => {
        new ExposedWebApp(chart, 'web', props as any);
      }, { namespace: chartNs });
    }), FUZZ_SETTINGS);
    recordOutcome('ExposedWebApp', outcome);
    // Both ends are reached: the generators are not all garbage, nor all valid.
    expect(outcome.valid).toBeGreaterThan(0);
    expect(outcome.errors).toBeGreaterThan(0);
  }, FUZZ_TIMEOUT);

  test('two apps: the same node port or Ingress route is reported at synth, naming the prop', () => {
    const outcome: Outcome = { errors: 0, synthErrors: 0, valid: 0 };
    const pair = fc.record({ nodePort: nodePort, host: host, path: urlPath, sameName: fc.boolean() });
    fc.assert(fc.property(pair, p => {
      checkRun(outcome, 'ExposedWebApp', ['nodePort', 'serviceType', 'ingress', 'name', 'hosts', 'path'], chart => {
        for (const id of ['a', 'b']) {
          new ExposedWebApp(chart, id, {
            image: 'nginx:1.27.3',
            serviceType: kplus.ServiceType.NODE_PORT,
            nodePort: p.nodePort,
            ingress: { hosts: [p.host], path: p.path },
          });
        }
      });
    }), { ...FUZZ_SETTINGS, numRuns: Math.max(50, FUZZ_SETTINGS.numRuns / 10) });
    recordOutcome('ExposedWebApp pairs', outcome);
    expect(outcome.synthErrors + outcome.errors).toBeGreaterThan(0);
    expect(outcome.valid).toEqual(0);
  }, FUZZ_TIMEOUT);
});
