import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { attributeToProps } from './profile/app-check';
import { AppChecks } from './shared/app-checks';
import { checkList, checkMadeBy, checkOneOf, checkPort, checkProps, checkStringMap, isStruct } from './shared/checks';
import { Reporter } from './shared/errors';
import {
  GATEWAY_API_VERSION, IGateway, isGatewayHostname, LIMITS, ListenerJson, NAMESPACE_NAME_LABEL, REFERENCE_GRANT_API_VERSION,
  referenceGrantSpec, registerGateway,
} from './shared/gateway-api';
import { checkLabelKey, PatternLabelProps, PatternLabels } from './shared/labels';
import { checkDnsLabel, checkDnsSubdomain, checkLabelValue, resolveName, resolveNamespace } from './shared/names';
import { RenderedApiObject } from './shared/rendered-object';
import { handMadeRouteGrants } from './shared/route-manifests';

const TYPE = 'Gateway';

/**
 * What a listener speaks. The library's routes are HTTPRoutes and GRPCRoutes, which attach to
 * HTTP and HTTPS listeners (gRPC runs over HTTP/2 on either).
 */
export enum GatewayProtocol {
  /** Plain HTTP (and h2c), typically on port 80. */
  HTTP = 'HTTP',
  /** HTTP over TLS, terminated at the Gateway with the listener's certificates, typically on port 443. */
  HTTPS = 'HTTPS',
}

/** A kind of route a listener may admit. */
export enum RouteKind {
  /** HTTPRoute (`ExposedWebApp` `route`). */
  HTTP_ROUTE = 'HTTPRoute',
  /** GRPCRoute (`ExposedWebApp` `grpcRoute`). */
  GRPC_ROUTE = 'GRPCRoute',
}

/**
 * Which namespaces may attach routes to a listener (`allowedRoutes.namespaces`).
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#routenamespaces
 */
export class AllowedRoutes {
  /** Only routes in the Gateway's own namespace: the API's default, and the safest. */
  public static sameNamespace(): AllowedRoutes {
    return new AllowedRoutes('Same');
  }

  /** Routes from every namespace of the cluster. */
  public static allNamespaces(): AllowedRoutes {
    return new AllowedRoutes('All');
  }

  /**
   * Routes from the named namespaces, selected by the `kubernetes.io/metadata.name` label the
   * API server puts on every Namespace. Checked at synth against the routes of the app.
   *
   * @param namespaces names of the namespaces
   */
  public static fromNamespaces(namespaces: string[]): AllowedRoutes {
    return new AllowedRoutes('Selector', undefined, namespaces);
  }

  /**
   * Routes from namespaces carrying all of these labels (e.g. `{ 'gateway-access': 'public' }`).
   * The checks at synth can only tell whether a route's namespace has them when the app holds
   * that Namespace object; otherwise the attachment is left to the cluster.
   *
   * @param labels the labels a namespace must carry
   */
  public static fromNamespacesLabelled(labels: { [key: string]: string }): AllowedRoutes {
    return new AllowedRoutes('Selector', labels);
  }

  private constructor(
    private readonly from: string,
    private readonly labels?: { [key: string]: string },
    private readonly names?: string[],
  ) {}

  /**
   * The `allowedRoutes.namespaces` field, checked.
   *
   * @internal
   */
  public _render(report: Reporter, prop: string): object {
    if (this.labels !== undefined) {
      const labels = checkStringMap(report, prop, this.labels);
      if (Object.keys(labels).length === 0) report.fail(prop, labels, 'must name at least one label, or every namespace matches; use AllowedRoutes.allNamespaces() for that');
      for (const [key, value] of Object.entries(labels)) {
        checkLabelKey(report, key, prop);
        checkLabelValue(report, `${prop}["${key}"]`, value);
      }
      return { from: this.from, selector: { matchLabels: { ...labels } } };
    }
    if (this.names !== undefined) {
      const names = checkList(report, prop, this.names);
      if (names.length === 0) report.fail(prop, names, 'must name at least one namespace');
      names.forEach((n, i) => checkDnsLabel(report, `${prop}[${i}]`, n));
      if (new Set(names).size !== names.length) report.fail(prop, names, 'must not repeat a namespace');
      return { from: this.from, selector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...names] }] } };
    }
    return { from: this.from };
  }
}

/**
 * A certificate for an HTTPS listener: a Secret of type kubernetes.io/tls (e.g. one
 * cert-manager issues).
 */
export interface GatewayCertificate {
  /** Name of the Secret. */
  readonly secretName: string;

  /**
   * Namespace of the Secret. A Secret in another namespace than the Gateway's gets a
   * ReferenceGrant there, written by the Gateway, admitting this Gateway to this Secret only.
   *
   * @default - the Gateway's namespace
   */
  readonly namespace?: string;
}

/**
 * A listener of a Gateway: a port, protocol and optional host name that routes attach to by
 * the listener's name (`sectionName`).
 */
export interface GatewayListenerOptions {
  /**
   * Name of the listener. Routes name it as `sectionName`. A DNS-1123 subdomain.
   */
  readonly name: string;

  /**
   * What the listener speaks.
   *
   * @default GatewayProtocol.HTTP
   */
  readonly protocol?: GatewayProtocol;

  /**
   * Port the listener accepts connections on.
   *
   * @default - 80 for HTTP, 443 for HTTPS
   */
  readonly port?: number;

  /**
   * Host name the listener serves: precise (`shop.example.com`) or a leftmost wildcard
   * (`*.example.com`). Routes whose host names do not fall under it are not accepted.
   *
   * @default - every host
   */
  readonly hostname?: string;

  /**
   * Certificates the listener terminates TLS with. Required for HTTPS, not allowed for HTTP.
   *
   * @default - none
   */
  readonly certificates?: GatewayCertificate[];

  /**
   * Which namespaces may attach routes.
   *
   * @default AllowedRoutes.sameNamespace()
   */
  readonly allowedRoutes?: AllowedRoutes;

  /**
   * Which kinds of route may attach.
   *
   * @default - every kind the protocol supports (HTTPRoute and GRPCRoute)
   */
  readonly allowedKinds?: RouteKind[];
}

/**
 * Props of `Gateway`.
 */
export interface GatewayProps extends PatternLabelProps {
  /**
   * Name of the Gateway. Implementations name the proxy's Service and Deployment after it,
   * so it is held to a DNS-1123 label.
   *
   * @default - the construct id in kebab case
   */
  readonly name?: string;

  /**
   * Namespace of the Gateway.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * The GatewayClass: which implementation runs the Gateway (`eg` for Envoy Gateway,
   * `istio`, `cilium`, `nginx`, a cloud's class).
   */
  readonly gatewayClassName: string;

  /**
   * The listeners. More can be added with `addListener`.
   */
  readonly listeners: GatewayListenerOptions[];

  /**
   * Annotations on the Gateway (e.g. `cert-manager.io/cluster-issuer`, which makes
   * cert-manager issue the HTTPS listeners' certificates).
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** A validated listener: its manifest form and what it needs outside the Gateway. */
interface Listener {
  readonly json: ListenerJson;
  /** Certificates in other namespaces, by namespace. */
  readonly foreignCertificates: [string, string][];
}

/**
 * A Gateway API Gateway: the shared entry point a platform team runs, with HTTP and HTTPS
 * listeners that app teams attach routes to (`ExposedWebApp` `route` / `grpcRoute`).
 *
 * Written as `gateway.networking.k8s.io/v1`, which Gateway API v1.0 and later serve; the
 * output is held to the standard-channel schemas of v1.4 and v1.6. Certificates in another
 * namespace get a ReferenceGrant (`v1beta1`, served by every release) in that namespace. When
 * a route of the app names this Gateway, the checks at synth make sure its listener exists,
 * admits the route's namespace and kind, and shares a host name with it.
 *
 * @example
 * const gateway = new Gateway(platform, 'public', {
 *   namespace: 'gateway',
 *   gatewayClassName: 'eg',
 *   listeners: [
 *     { name: 'http', protocol: GatewayProtocol.HTTP, hostname: '*.example.com', allowedRoutes: AllowedRoutes.allNamespaces() },
 *     {
 *       name: 'https', protocol: GatewayProtocol.HTTPS, hostname: '*.example.com',
 *       certificates: [{ secretName: 'wildcard-example-com' }],
 *       allowedRoutes: AllowedRoutes.fromNamespaces(['shop']),
 *     },
 *   ],
 * });
 */
export class Gateway extends Construct implements IGateway {
  /**
   * A Gateway owned elsewhere (another repo, the platform's Helm chart), for routes to attach
   * to. Its listeners are unknown here, so the route's wiring to it is left to the cluster.
   *
   * @param scope where errors are reported from
   * @param id the reference's construct id
   * @param gatewayName name of the Gateway
   * @param gatewayNamespace namespace of the Gateway. Leave it out for the namespace of the routes that name it
   */
  public static fromGatewayName(scope: Construct, id: string, gatewayName: string, gatewayNamespace?: string): IGateway {
    return new GatewayReference(scope, id, gatewayName, gatewayNamespace);
  }

  /** Name of the Gateway. */
  public readonly gatewayName: string;
  /** Namespace of the Gateway, when one is set. */
  public readonly gatewayNamespace?: string;
  /** The Gateway object, for JSON patches of fields this construct has no prop for (`spec.infrastructure`). */
  public readonly apiObject: ApiObject;
  /** The labels on the Gateway and its ReferenceGrants. */
  public readonly labels: { [key: string]: string };

  private readonly report: Reporter;
  private readonly listenerList: Listener[] = [];
  /** Secret namespace → the ReferenceGrant there and the Secrets it admits. */
  private readonly grants = new Map<string, string[]>();

  constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    const report = new Reporter(this, TYPE);
    this.report = report;
    checkProps(report, props, "with at least 'gatewayClassName' and 'listeners'");
    this.gatewayName = resolveName(this, report, props.name);
    this.gatewayNamespace = resolveNamespace(this, report, props.namespace);
    const className = checkDnsSubdomain(report, 'gatewayClassName', props.gatewayClassName);
    const annotations = checkStringMap(report, 'annotations', props.annotations);
    for (const key of Object.keys(annotations)) checkLabelKey(report, key, 'annotations');
    this.labels = PatternLabels.of(report, this.gatewayName, 'gateway', props).all;
    const listeners = checkList(report, 'listeners', props.listeners);
    if (listeners.length === 0) report.fail('listeners', listeners, 'must hold at least one listener');
    listeners.forEach((l, i) => this.add(report, `listeners[${i}]`, l));

    this.apiObject = new RenderedApiObject(this, 'Resource', GATEWAY_API_VERSION, 'Gateway', {
      name: this.gatewayName,
      namespace: this.gatewayNamespace,
      labels: { ...this.labels },
      annotations: Object.keys(annotations).length > 0 ? { ...annotations } : undefined,
    }, ['spec'], () => ({ spec: { gatewayClassName: className, listeners: this.renderListeners() } }));
    registerGateway(this, {
      name: this.gatewayName,
      namespace: this.gatewayNamespace ?? 'default',
      listeners: () => this.renderListeners(),
    });
    AppChecks.of(this).add('route-grants', handMadeRouteGrants);
    // A cluster profile's finding on the class names the prop.
    attributeToProps(this, () => [{ kind: 'Gateway', field: 'spec.gatewayClassName', report, prop: 'gatewayClassName' }]);
  }

  /** Names of the listeners, in order: what routes may name as `sectionName`. */
  public get listenerNames(): string[] {
    return this.listenerList.map(l => l.json.name);
  }

  /**
   * Adds a listener.
   *
   * @param options the listener
   */
  public addListener(options: GatewayListenerOptions): void {
    this.add(this.report, 'addListener', options);
  }

  private renderListeners(): ListenerJson[] {
    // Fresh objects for every rendering: a shared one would come out as a YAML anchor.
    return this.listenerList.map(l => JSON.parse(JSON.stringify(l.json)));
  }

  /** Checks a listener as the CRD and the spec would, and adds it; `prop` names it in errors (`listeners[1]`). */
  private add(parent: Reporter, prop: string, options: GatewayListenerOptions): void {
    if (!isStruct(options)) parent.fail(prop, options, "must be a listener with at least a 'name'");
    const report = parent.child(prop);
    const name = checkListenerName(report, 'name', options.name);
    if (this.listenerList.length >= LIMITS.listeners) report.fail('name', name, `would be listener ${LIMITS.listeners + 1}; a Gateway holds at most ${LIMITS.listeners}`);
    if (this.listenerNames.includes(name)) report.fail('name', name, 'is already the name of a listener of this Gateway; listener names must be unique');
    const protocol = checkOneOf(report, 'protocol', options.protocol ?? GatewayProtocol.HTTP, Object.values(GatewayProtocol));
    const port = checkPort(report, 'port', options.port ?? (protocol === GatewayProtocol.HTTPS ? 443 : 80));
    if (options.hostname !== undefined && !isGatewayHostname(options.hostname)) {
      report.fail('hostname', options.hostname, "must be a lowercase DNS name of at most 253 characters, optionally starting with '*.', and no IP address");
    }
    for (const other of this.listenerList.map(l => l.json)) {
      if (other.port === port && other.protocol !== protocol) {
        report.fail('port', port, `is already listener "${other.name}"'s port with protocol ${other.protocol}; one port speaks one protocol, or both listeners are marked Conflicted`);
      }
      if (other.port === port && other.hostname === options.hostname) {
        report.fail('hostname', options.hostname ?? null, `listener "${other.name}" already takes port ${port} for ${options.hostname === undefined ? 'every host' : 'this host'}; port, protocol and host name must be unique per listener`);
      }
    }
    const { tls, foreign } = this.resolveCertificates(report, protocol, options.certificates);
    const allowed = checkMadeBy(report, 'allowedRoutes', options.allowedRoutes, '_render', 'AllowedRoutes.sameNamespace(), allNamespaces(), fromNamespaces() or fromNamespacesLabelled()')
      ?? AllowedRoutes.sameNamespace();
    const kinds = checkList(report, 'allowedKinds', options.allowedKinds);
    if (options.allowedKinds !== undefined && kinds.length === 0) report.fail('allowedKinds', kinds, 'must name at least one kind; leave it out for every kind the protocol supports');
    kinds.forEach((k, i) => checkOneOf(report, `allowedKinds[${i}]`, k, Object.values(RouteKind)));
    if (new Set(kinds).size !== kinds.length) report.fail('allowedKinds', kinds, 'must not repeat a kind');
    const admitted = new Map([...this.grants].map(([ns, secrets]) => [ns, new Set(secrets)]));
    for (const [namespace, secret] of foreign) {
      const secrets = admitted.get(namespace) ?? new Set<string>();
      secrets.add(secret);
      admitted.set(namespace, secrets);
      if (secrets.size > 16) {
        report.fail('certificates', secret, `would be the 17th Secret of namespace "${namespace}" this Gateway refers to; a ReferenceGrant names at most 16`);
      }
    }
    this.listenerList.push({
      json: {
        name,
        protocol,
        port,
        hostname: options.hostname,
        tls,
        allowedRoutes: {
          namespaces: allowed._render(report, 'allowedRoutes'),
          kinds: kinds.length > 0 ? kinds.map(kind => ({ group: 'gateway.networking.k8s.io', kind })) : undefined,
        },
      },
      foreignCertificates: foreign,
    });
    for (const [namespace, secret] of foreign) this.admit(namespace, secret);
  }

  private resolveCertificates(report: Reporter, protocol: GatewayProtocol, given: GatewayCertificate[] | undefined) {
    const certificates = checkList(report, 'certificates', given);
    if (protocol === GatewayProtocol.HTTP && certificates.length > 0) {
      report.fail('certificates', certificates.map(c => c?.secretName), 'are only allowed on HTTPS listeners; an HTTP listener does not terminate TLS');
    }
    if (protocol === GatewayProtocol.HTTPS && certificates.length === 0) {
      report.fail('certificates', certificates, 'must name at least one Secret: an HTTPS listener terminates TLS with it');
    }
    if (certificates.length > LIMITS.certificateRefs) report.fail('certificates', certificates.length, `must hold at most ${LIMITS.certificateRefs} certificates`);
    const foreign: [string, string][] = [];
    const refs = certificates.map((c, i) => {
      if (!isStruct(c)) report.fail(`certificates[${i}]`, c, "must be an object with 'secretName'");
      const at = report.child(`certificates[${i}]`);
      const name = checkDnsSubdomain(at, 'secretName', c.secretName);
      const namespace = c.namespace === undefined ? undefined : checkDnsLabel(at, 'namespace', c.namespace);
      if (namespace !== undefined && namespace !== (this.gatewayNamespace ?? 'default')) foreign.push([namespace, name]);
      return { name, namespace: namespace === this.gatewayNamespace ? undefined : namespace };
    });
    return { tls: refs.length > 0 ? { certificateRefs: refs } : undefined, foreign };
  }

  /** Lets the Gateway read a Secret of another namespace, through one ReferenceGrant per namespace. */
  private admit(namespace: string, secret: string): void {
    let secrets = this.grants.get(namespace);
    if (!secrets) {
      secrets = [];
      this.grants.set(namespace, secrets);
      const admitted = secrets;
      new RenderedApiObject(this, `CertificateGrant-${namespace}`, REFERENCE_GRANT_API_VERSION, 'ReferenceGrant', {
        name: `${this.gatewayNamespace ?? 'default'}-${this.gatewayName}-tls`,
        namespace,
        labels: { ...this.labels },
      }, ['spec'], () => ({ spec: referenceGrantSpec(['Gateway'], this.gatewayNamespace ?? 'default', 'Secret', admitted) }));
    }
    if (!secrets.includes(secret)) secrets.push(secret);
  }
}

/** A listener name (`SectionName`): a DNS-1123 subdomain. */
function checkListenerName(report: Reporter, prop: string, value: string): string {
  return checkDnsSubdomain(report, prop, value);
}

/** A Gateway owned elsewhere. */
class GatewayReference extends Construct implements IGateway {
  public readonly gatewayName: string;
  public readonly gatewayNamespace?: string;

  constructor(scope: Construct, id: string, name: string, namespace?: string) {
    super(scope, id);
    const report = new Reporter(this, TYPE);
    this.gatewayName = checkDnsSubdomain(report, 'gatewayName', name);
    this.gatewayNamespace = namespace === undefined ? undefined : checkDnsLabel(report, 'gatewayNamespace', namespace);
  }
}
