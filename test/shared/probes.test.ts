import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Reporter } from '../../lib/shared/errors';
import { HealthChecks } from '../../lib/shared/probes';

const report = () => new Reporter(new Construct(Testing.chart(), 'web'), 'ExposedWebApp');

/** What cdk8s-plus renders for a probe on a container listening on `port`. */
function rendered(probe: kplus.Probe | undefined): object | undefined {
  return probe && kplus.k8s.toJson_Probe(probe._toKube({ portNumber: 8080 } as kplus.Container));
}

describe('HealthChecks bound to a port', () => {
  test.each([
    ['http', HealthChecks.http({ path: '/healthz', period: Duration.seconds(20), timeout: Duration.seconds(2), startupTimeout: Duration.minutes(1) })],
    ['tcp', HealthChecks.tcp({ failureThreshold: 2 })],
  ])('%s: the plain JSON is what cdk8s-plus renders for the probes', (_, checks) => {
    const bound = checks._bind(report(), 8080);
    expect(bound.json).toEqual({
      readinessProbe: rendered(bound.readiness),
      livenessProbe: rendered(bound.liveness),
      startupProbe: rendered(bound.startup),
    });
  });

  test('each cdk8s-plus probe is built once, on first read', () => {
    const bound = HealthChecks.http()._bind(report(), 8080);
    expect(bound.readiness).toBe(bound.readiness);
    expect(bound.liveness).toBe(bound.liveness);
    expect(bound.liveness).not.toBe(bound.readiness);
    expect(bound.startup).toBeUndefined();
    expect(bound.json?.startupProbe).toBeUndefined();
  });

  test('liveness allows twice the failures of readiness; startup covers its timeout in periods', () => {
    const checks = HealthChecks.http({ failureThreshold: 4, period: Duration.seconds(10), startupTimeout: Duration.seconds(95) });
    const bound = checks._bind(report(), 9090);
    expect(bound.json).toMatchObject({
      readinessProbe: { failureThreshold: 4, periodSeconds: 10, timeoutSeconds: 1, httpGet: { path: '/', port: 9090, scheme: 'HTTP' } },
      livenessProbe: { failureThreshold: 8 },
      startupProbe: { failureThreshold: 10 },
    });
  });
});
