import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkDuration, checkInteger, checkMadeBy, checkPort, checkStruct } from './checks';
import { Reporter } from './errors';

/** Marks a probe that names no port of its own. */
const NO_PORT = -1;

/**
 * Options for HTTP health checks.
 */
export interface HttpHealthCheckOptions {
  /**
   * Path the probes GET, where any 2xx or 3xx answer counts as healthy.
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
   * Failures in a row before the pod leaves the Service (readiness). Liveness allows twice as
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
  /** The same probes as the JSON cdk8s-plus renders, where the library made them (not custom ones). */
  readonly json?: { readonly readinessProbe?: object; readonly livenessProbe?: object; readonly startupProbe?: object };
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

  /** Probes given one by one, each HTTP or TCP probe naming its port. */
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
    const duration = (prop: string, value: Duration | undefined) => checkDuration(probes, prop, value, 1);
    if (this.kind === 'custom') {
      const custom = checkStruct(report, 'healthChecks', this.custom);
      for (const probe of ['readiness', 'liveness', 'startup'] as const) {
        checkMadeBy(probes, probe, custom[probe], '_toKube', 'Probe.fromHttpGet(), fromTcpSocket() or fromCommand()');
        // Without a port, cdk8s-plus probes port 80 rather than the app's (its containers here
        // declare ports by list): a probe that silently checks the wrong port.
        const rendered = custom[probe]?._toKube({ portNumber: NO_PORT } as kplus.Container);
        if ((rendered?.httpGet ?? rendered?.tcpSocket)?.port.value === NO_PORT) {
          probes.fail(probe, 'no port', `must name its port (e.g. Probe.fromTcpSocket({ port: ${containerPort} })); without one cdk8s-plus probes port 80`);
        }
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
    const startupThreshold = startupTimeout ? Math.max(1, Math.ceil(startupTimeout.toSeconds() / period.toSeconds())) : undefined;
    return new BoundProbes(this.kind === 'http' ? path : undefined, port, period.toSeconds(), timeout.toSeconds(), failureThreshold, startupThreshold);
  }
}

/**
 * HTTP (with a path) or TCP probes bound to a port. A large app holds one per container until
 * synth: the cdk8s-plus probes are built only when a pattern builds its cdk8s-plus parts (once
 * each), and the plain manifests take `json`, what cdk8s-plus renders for them.
 */
class BoundProbes implements BoundHealthChecks {
  private built?: { readiness?: kplus.Probe; liveness?: kplus.Probe; startup?: kplus.Probe };

  constructor(
    /** The path of HTTP probes; undefined for TCP probes. */
    private readonly path: string | undefined,
    private readonly port: number,
    private readonly periodSeconds: number,
    private readonly timeoutSeconds: number,
    private readonly failureThreshold: number,
    private readonly startupThreshold: number | undefined,
  ) {}

  public get readiness(): kplus.Probe {
    return (this.built ??= {}).readiness ??= this.make(this.failureThreshold);
  }

  public get liveness(): kplus.Probe {
    return (this.built ??= {}).liveness ??= this.make(this.failureThreshold * 2);
  }

  public get startup(): kplus.Probe | undefined {
    if (this.startupThreshold === undefined) return undefined;
    return (this.built ??= {}).startup ??= this.make(this.startupThreshold);
  }

  public get json(): { readinessProbe: object; livenessProbe: object; startupProbe?: object } {
    return {
      readinessProbe: this.render(this.failureThreshold),
      livenessProbe: this.render(this.failureThreshold * 2),
      startupProbe: this.startupThreshold === undefined ? undefined : this.render(this.startupThreshold),
    };
  }

  private make(threshold: number): kplus.Probe {
    const common = {
      port: this.port,
      periodSeconds: Duration.seconds(this.periodSeconds),
      timeoutSeconds: Duration.seconds(this.timeoutSeconds),
      failureThreshold: threshold,
    };
    return this.path !== undefined ? kplus.Probe.fromHttpGet(this.path, common) : kplus.Probe.fromTcpSocket(common);
  }

  /** What cdk8s-plus renders for `make(threshold)`. */
  private render(threshold: number): object {
    return {
      failureThreshold: threshold,
      periodSeconds: this.periodSeconds,
      timeoutSeconds: this.timeoutSeconds,
      ...(this.path !== undefined ? { httpGet: { path: this.path, port: this.port, scheme: 'HTTP' } } : { tcpSocket: { port: this.port } }),
    };
  }
}
