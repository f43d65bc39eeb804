import { checkBoolean, checkInteger, isStruct } from './checks';
import { Reporter } from './errors';
import { LIMITS } from './gateway-api';
import { LABEL_INSTANCE, PatternLabels } from './labels';
import { canaryRuleName, checkHeaderMatch, ResolvedRoute } from './route';
import { HeaderMatch } from './route-options';
import { checkImage } from './security';

/** Label only canary pods (and the canary's objects) carry; stable pods never get a track label. */
export const TRACK_LABEL = 'cdk8s-patterns.io/track';

/**
 * How much of the route's traffic the canary gets: a percentage, or weights as the Gateway API
 * writes them.
 */
export class CanaryTraffic {
  /**
   * A share of the traffic, in percent (0-100, at most four decimals): `percent(10)` writes
   * the weights 90 and 10, `percent(0.5)` 995 and 5. Zero sends the canary only the requests
   * that opt in with the canary's `header`.
   *
   * @param percent the canary's share
   */
  public static percent(percent: number): CanaryTraffic {
    return new CanaryTraffic(percent, undefined);
  }

  /**
   * Weights of the stable and canary backends (each 0-1,000,000, not both zero). The canary
   * gets `canary / (stable + canary)` of the traffic.
   *
   * @param stable the stable backend's weight
   * @param canary the canary backend's weight
   */
  public static weights(stable: number, canary: number): CanaryTraffic {
    return new CanaryTraffic(undefined, [stable, canary]);
  }

  private constructor(private readonly share?: number, private readonly given?: [number, number]) {}

  /**
   * The weights of the stable and the canary backend, checked.
   *
   * @internal
   */
  public _weights(report: Reporter, prop: string): [number, number] {
    if (this.given) {
      const [stable, canary] = this.given;
      checkInteger(report, `${prop}.stable`, stable, 0, LIMITS.weight);
      checkInteger(report, `${prop}.canary`, canary, 0, LIMITS.weight);
      if (stable === 0 && canary === 0) report.fail(prop, [stable, canary], 'must not both be zero: a rule whose backends all weigh 0 answers every request with an error');
      return [stable, canary];
    }
    const p = this.share!;
    const decimals = typeof p === 'number' && Number.isFinite(p) ? (String(p).split('.')[1] ?? '').length : Infinity;
    if (typeof p !== 'number' || !(p >= 0 && p <= 100) || decimals > 4 || String(p).includes('e')) {
      report.fail(prop, p, 'must be a percentage within 0-100 with at most four decimals');
    }
    const scale = 10 ** decimals;
    const canary = Math.round(p * scale);
    return [100 * scale - canary, canary];
  }
}

/**
 * A canary track of an `ExposedWebApp`: a second Deployment running another image beside the
 * stable one, behind its own Service, getting a share of the route's traffic.
 *
 * The stable Deployment, Service and every other stable object stay byte for byte the same
 * when a canary is added, reweighted or removed: the canary's pods carry another
 * `app.kubernetes.io/instance` (`<instance>-canary`) and the label `cdk8s-patterns.io/track:
 * canary`, so neither Service selects the other's pods, and only the route's weights move
 * traffic. Promote by setting the stable `image` to the canary's and removing `canary`.
 */
export interface CanaryOptions {
  /** The image the canary runs, pinned like the app's. */
  readonly image: string;

  /**
   * Number of canary pods. The canary has no autoscaler and no disruption budget.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * The canary's share of the traffic of every forwarding rule.
   *
   * @default CanaryTraffic.percent(10)
   */
  readonly traffic?: CanaryTraffic;

  /**
   * A header that sends a request to the canary whatever the weights (`x-canary: always`):
   * each forwarding rule gets a twin matching the header, routed to the canary only.
   *
   * @default - no opt-in header
   */
  readonly header?: HeaderMatch;

  /**
   * Run the canary with everything the stable pods get beyond the props: ConfigMap
   * injections (env, files, checksum) and changes made through the app's parts. Set false to
   * build the canary's pods from the props alone.
   *
   * @default true
   */
  readonly withInjections?: boolean;
}

/** The canary options, checked. */
export interface ResolvedCanary {
  readonly name: string;
  readonly serviceName: string;
  readonly image: string;
  readonly replicas: number;
  readonly stableWeight: number;
  readonly canaryWeight: number;
  readonly header?: { name: string; value: string; type?: string };
  readonly withInjections: boolean;
  readonly labels: PatternLabels;
}

/** What the canary is a canary of. */
export interface CanaryBase {
  readonly name: string;
  readonly serviceName: string;
  readonly labels: PatternLabels;
  readonly allowMutableImageTag: boolean;
}

export function resolveCanary(report: Reporter, options: CanaryOptions, base: CanaryBase): ResolvedCanary {
  if (!isStruct(options)) report.fail('canary', options, "must be an object with at least 'image'");
  const at = report.child('canary');
  const image = checkImage(at, 'image', options.image, base.allowMutableImageTag);
  const replicas = checkInteger(at, 'replicas', options.replicas ?? 1, 1, 10000);
  const traffic = options.traffic ?? CanaryTraffic.percent(10);
  if (typeof (traffic as any)?._weights !== 'function') at.fail('traffic', traffic, 'must be made with CanaryTraffic.percent() or weights()');
  const [stableWeight, canaryWeight] = traffic._weights(at, 'traffic');
  const header = options.header === undefined || options.header === null ? undefined : checkHeaderMatch(at, 'header', options.header);
  const name = `${base.name}-canary`;
  const serviceName = `${base.serviceName}-canary`;
  for (const [what, value] of [['Deployment', name], ['Service', serviceName]]) {
    if (value.length > 63) {
      report.fail('canary', value, `names the canary ${what}, which is longer than 63 characters; shorten the app's ${what === 'Service' ? 'serviceName' : 'name'}`);
    }
  }
  const instance = `${base.labels.all[LABEL_INSTANCE]}-canary`;
  return {
    name,
    serviceName,
    image,
    replicas,
    stableWeight,
    canaryWeight,
    header,
    withInjections: checkBoolean(at, 'withInjections', options.withInjections, true),
    labels: PatternLabels.of(at, name, 'web', { labels: { ...base.labels.all, [LABEL_INSTANCE]: instance, [TRACK_LABEL]: 'canary' } }),
  };
}

/**
 * The canary Deployment's spec, derived from the stable one as synthesized: the same spec with
 * the canary's selector, pod labels, replicas and image. The stable manifest is not changed.
 *
 * @param stable the stable Deployment's manifest (its `spec` is read)
 * @param containerName the main container, whose image the canary replaces
 */
export function renderCanaryDeployment(stable: any, canary: ResolvedCanary, containerName: string): object {
  const spec = JSON.parse(JSON.stringify(stable.spec));
  spec.replicas = canary.replicas;
  spec.selector = { matchLabels: { ...canary.labels.selector } };
  const template = spec.template ?? {};
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, ...canary.labels.selector, [TRACK_LABEL]: 'canary' } };
  for (const c of template.spec?.containers ?? []) {
    if (c.name === containerName) c.image = canary.image;
  }
  return spec;
}

/**
 * The canary's header opt-in adds a twin of every forwarding rule: the routes must still fit
 * the CRD's limits, and no match may already test the header.
 */
export function checkCanaryFits(report: Reporter, routes: ResolvedRoute[], canary: ResolvedCanary): void {
  const header = canary.header;
  if (!header) return;
  for (const route of routes) {
    const forwarding = route.rules.filter(r => r.forwards);
    const rules = route.rules.length + forwarding.length;
    if (rules > LIMITS.rules) {
      report.fail('canary.header', header.name, `adds one rule per forwarding rule of ${route.prop}, which would then hold ${rules}; a route allows at most ${LIMITS.rules}`);
    }
    const matches = route.rules.reduce((sum, r) => sum + (r.json.matches?.length ?? 0), 0)
      + forwarding.reduce((sum, r) => sum + (r.json.matches?.length ?? 1), 0);
    if (matches > LIMITS.matchesPerRoute) {
      report.fail('canary.header', header.name, `doubles the matches of ${route.prop} to ${matches}; a route allows at most ${LIMITS.matchesPerRoute}`);
    }
    const names = new Set(route.rules.map(r => r.json.name).filter(n => n !== undefined));
    for (const rule of forwarding) {
      // The twin is named after its rule: the name must stay a valid, unique rule name.
      const twin = rule.json.name === undefined ? undefined : canaryRuleName(rule.json.name);
      if (twin !== undefined && twin.length > LIMITS.nameLength) {
        report.fail('canary.header', header.name, `names the twin of ${rule.prop} "${twin.slice(0, 40)}...", longer than ${LIMITS.nameLength} characters; shorten ${rule.prop}.name`);
      }
      if (twin !== undefined && names.has(twin)) {
        report.fail('canary.header', header.name, `names the twin of ${rule.prop} "${twin}", which is already the name of a rule of ${route.prop}; rename one of them`);
      }
      for (const [i, m] of (rule.json.matches ?? []).entries()) {
        const headers: { name: string }[] = m.headers ?? [];
        if (headers.some(h => h.name.toLowerCase() === header.name.toLowerCase())) {
          report.fail('canary.header', header.name, `is already matched by ${rule.prop}.matches[${i}]; the canary's opt-in header must be one the routes do not test`);
        }
        if (headers.length >= LIMITS.headerMatches) {
          report.fail('canary.header', header.name, `would be the ${headers.length + 1}th header of ${rule.prop}.matches[${i}]; a match tests at most ${LIMITS.headerMatches}`);
        }
      }
    }
  }
}
