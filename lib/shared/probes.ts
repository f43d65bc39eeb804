import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkInteger, checkMadeBy, checkPort, checkStruct } from './checks';
import { Reporter } from './errors';

/**
 * Options for HTTP health checks.
 */
export interface HttpHealthCheckOptions {
  /**
   * Path the probes GET; any 2xx or 3xx answer counts as healthy.
   *
   * @default '/'
   */
  readonly path?: string;

  /**
   * Port to probe.
   *
   * @default - the container port
   */
  readonly port?: number;

  /**
   * How often to probe.
   *
   * @default Duration.seconds(10)
   */
  readonly period?: Duration;

  /**
   * How long one probe may take.
   *
   * @default Duration.seconds(1)
   */
  readonly timeout?: Duration;

  /**
   * Failures in a row before the pod leaves the Service (readiness); liveness allows twice as
   * many before restarting, so a slow moment does not become a restart.
   *
   * @default 3
   */
  readonly failureThreshold?: number;

  /**
   * Also add a startup probe, for apps that start slowly: liveness waits until it succeeds.
   * It allows this long for the start.
   *
   * @default - no startup probe
   */
  readonly startupTimeout?: Duration;
}

/**
 * Probes given one by one.
 */
export interface CustomHealthCheckOptions {
  /** Decides when the pod receives traffic. @default - none */
  readonly readiness?: kplus.Probe;
  /** Decides when the container is restarted. @default - none */
  readonly liveness?: kplus.Probe;
  /** Holds off liveness until the app has started. @default - none */
  readonly startup?: kplus.Probe;
}

/** The probes of one container, bound to its port. */
export interface BoundHealthChecks {
  readonly readiness?: kplus.Probe;
  readonly liveness?: kplus.Probe;
  readonly startup?: kplus.Probe;
}

/**
 * Readiness, liveness and startup probes of a pattern's main container.
 */
export class HealthChecks {
  /** HTTP GET probes on a path (default `/`) of the container port. */
  public static http(options: HttpHealthCheckOptions = {}): HealthChecks {
    return new HealthChecks('http', options);
  }

  /** TCP connect probes on the container port, for apps that do not speak HTTP. */
  public static tcp(options: HttpHealthCheckOptions = {}): HealthChecks {
    return new HealthChecks('tcp', options);
  }

  /** Probes given one by one. */
  public static custom(options: CustomHealthCheckOptions): HealthChecks {
    return new HealthChecks('custom', {}, options);
  }

  /**
   * No probes: pods get traffic as soon as the container starts and are never restarted
   * for hanging. Only for apps that cannot be probed.
   */
  public static none(): HealthChecks {
    return new HealthChecks('none', {});
  }

  private constructor(
    private readonly kind: 'http' | 'tcp' | 'custom' | 'none',
    private readonly options: HttpHealthCheckOptions,
    private readonly custom: CustomHealthCheckOptions = {},
  ) {}

  /** @internal */
  public _bind(report: Reporter, containerPort: number): BoundHealthChecks {
    if (this.kind === 'none') return {};
    const probes = report.child('healthChecks');
    const duration = (prop: string, value: Duration | undefined) => checkMadeBy(probes, prop, value, 'toSeconds', 'Duration.seconds()');
    if (this.kind === 'custom') {
      const custom = checkStruct(report, 'healthChecks', this.custom);
      for (const probe of ['readiness', 'liveness', 'startup'] as const) {
        checkMadeBy(probes, probe, custom[probe], '_toKube', 'Probe.fromHttpGet(), fromTcpSocket() or fromCommand()');
      }
      return custom;
    }

    const options = checkStruct(report, 'healthChecks', this.options);
    const path = options.path ?? '/';
    const period = duration('period', options.period) ?? Duration.seconds(10);
    const timeout = duration('timeout', options.timeout) ?? Duration.seconds(1);
    const startupTimeout = duration('startupTimeout', options.startupTimeout);
    const failureThreshold = options.failureThreshold ?? 3;
    const port = checkPort(probes, 'port', options.port ?? containerPort);
    checkInteger(probes, 'failureThreshold', failureThreshold, 1, 100);
    if (this.kind === 'http' && (typeof path !== 'string' || !path.startsWith('/'))) {
      probes.fail('path', path, "must be an absolute URL path starting with '/'");
    }
    if (timeout.toSeconds() >= period.toSeconds()) {
      probes.fail('timeout', `${timeout.toSeconds()}s`, `must be shorter than the period (${period.toSeconds()}s)`);
    }
    const make = (threshold: number, extra: Partial<kplus.ProbeOptions> = {}) => {
      const common = { port, periodSeconds: period, timeoutSeconds: timeout, failureThreshold: threshold, ...extra };
      return this.kind === 'http' ? kplus.Probe.fromHttpGet(path, common) : kplus.Probe.fromTcpSocket(common);
    };
    let startup: kplus.Probe | undefined;
    if (startupTimeout) {
      const attempts = Math.max(1, Math.ceil(startupTimeout.toSeconds() / period.toSeconds()));
      startup = make(attempts);
    }
    return {
      readiness: make(failureThreshold),
      liveness: make(failureThreshold * 2),
      startup,
    };
  }
}
