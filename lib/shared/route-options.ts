import { Duration } from 'cdk8s';
import { IGateway } from './gateway-api';

/**
 * The route options of `ExposedWebApp` (`route`, `grpcRoute`): an HTTPRoute or GRPCRoute in
 * front of the app's Service. ./route.ts checks them.
 */

/** How a request path is matched. */
export enum PathMatchType {
  /** The path starts with the value, on segment boundaries (`/api` matches `/api/x`, not `/apix`). */
  PATH_PREFIX = 'PathPrefix',
  /** The path equals the value. */
  EXACT = 'Exact',
  /** The path matches the regular expression (dialect of the Gateway implementation, usually RE2). */
  REGULAR_EXPRESSION = 'RegularExpression',
}

/** How a header, query parameter or gRPC method value is matched. */
export enum StringMatchType {
  /** Equal to the value. */
  EXACT = 'Exact',
  /** Matches the regular expression (dialect of the Gateway implementation, usually RE2). */
  REGULAR_EXPRESSION = 'RegularExpression',
}

/** An HTTP request method. */
export enum HttpMethod {
  GET = 'GET',
  HEAD = 'HEAD',
  POST = 'POST',
  PUT = 'PUT',
  DELETE = 'DELETE',
  CONNECT = 'CONNECT',
  OPTIONS = 'OPTIONS',
  TRACE = 'TRACE',
  PATCH = 'PATCH',
}

/** The scheme of a redirect's target. */
export enum RedirectScheme {
  HTTP = 'http',
  HTTPS = 'https',
}

/**
 * A Gateway listener a route attaches to.
 */
export interface RouteParent {
  /** The Gateway: a `Gateway` of the app, or one owned elsewhere (`Gateway.fromGatewayName`). */
  readonly gateway: IGateway;

  /**
   * Name of the listener (its `sectionName`). Needed when the route names the same Gateway
   * twice, e.g. once per listener.
   *
   * @default - every listener of the Gateway that admits the route
   */
  readonly sectionName?: string;

  /**
   * Port of the listener.
   *
   * @default - any port
   */
  readonly port?: number;
}

/**
 * A header (or query parameter) that a request must carry.
 */
export interface HeaderMatch {
  /** Name of the header. Matched case-insensitively. */
  readonly name: string;
  /** The value, or the regular expression with StringMatchType.REGULAR_EXPRESSION. */
  readonly value: string;
  /**
   * How the value is matched.
   *
   * @default StringMatchType.EXACT
   */
  readonly type?: StringMatchType;
}

/**
 * What a request must look like to follow an HTTP rule. All given conditions must hold.
 */
export interface RouteMatch {
  /**
   * The request path.
   *
   * @default '/'
   */
  readonly path?: string;

  /**
   * How `path` is matched.
   *
   * @default PathMatchType.PATH_PREFIX
   */
  readonly pathType?: PathMatchType;

  /**
   * Headers the request must carry.
   *
   * @default - any
   */
  readonly headers?: HeaderMatch[];

  /**
   * Query parameters the request must carry (names are case-sensitive).
   *
   * @default - any
   */
  readonly queryParams?: HeaderMatch[];

  /**
   * The request method.
   *
   * @default - any
   */
  readonly method?: HttpMethod;
}

/**
 * Changes to the headers of a request or response.
 */
export interface HeaderModifier {
  /**
   * Headers to set, replacing any value they had.
   *
   * @default - none
   */
  readonly set?: { [name: string]: string };

  /**
   * Headers to add, beside any value they already have.
   *
   * @default - none
   */
  readonly add?: { [name: string]: string };

  /**
   * Headers to remove.
   *
   * @default - none
   */
  readonly remove?: string[];
}

/**
 * A redirect answered by the Gateway itself. The rule forwards nothing to the app.
 */
export interface RequestRedirect {
  /**
   * Scheme of the target.
   *
   * @default - the request's
   */
  readonly scheme?: RedirectScheme;

  /**
   * Host of the target.
   *
   * @default - the request's
   */
  readonly hostname?: string;

  /**
   * Port of the target.
   *
   * @default - the scheme's well-known port when `scheme` is given, else the request's
   */
  readonly port?: number;

  /**
   * Replace the whole path with this one. Not with `pathPrefix`.
   *
   * @default - the request's path
   */
  readonly path?: string;

  /**
   * Replace the matched path prefix with this one. The rule must then have exactly one match,
   * of type PATH_PREFIX. Not with `path`.
   *
   * @default - the request's path
   */
  readonly pathPrefix?: string;

  /**
   * Answer 301 (moved permanently) instead of 302 (found).
   *
   * @default false
   */
  readonly permanent?: boolean;
}

/**
 * A rewrite of the request before it is forwarded to the app.
 */
export interface UrlRewrite {
  /**
   * Host header to send.
   *
   * @default - the request's
   */
  readonly hostname?: string;

  /**
   * Replace the whole path with this one. Not with `pathPrefix`.
   *
   * @default - the request's path
   */
  readonly path?: string;

  /**
   * Replace the matched path prefix with this one. The rule must then have exactly one match,
   * of type PATH_PREFIX. Not with `path`.
   *
   * @default - the request's path
   */
  readonly pathPrefix?: string;
}

/**
 * One rule of an HTTPRoute: which requests (matches), what to do with them (filters,
 * timeouts), and the app's Service as the backend (or a redirect instead).
 */
export interface RouteRule {
  /**
   * Name of the rule, for policies that target it and for status messages. A DNS-1123 subdomain.
   *
   * @default - none
   */
  readonly name?: string;

  /**
   * Path prefixes the rule matches: a shorthand for one PATH_PREFIX match each. Not with `matches`.
   *
   * @default - the `matches`
   */
  readonly paths?: string[];

  /**
   * The conditions, any of which a request must meet. Not with `paths`.
   *
   * @default - every request (path prefix '/')
   */
  readonly matches?: RouteMatch[];

  /**
   * Changes to the request's headers.
   *
   * @default - none
   */
  readonly requestHeaders?: HeaderModifier;

  /**
   * Changes to the response's headers.
   *
   * @default - none
   */
  readonly responseHeaders?: HeaderModifier;

  /**
   * Answer with a redirect instead of forwarding to the app. Not with `rewrite`.
   *
   * @default - forward to the app
   */
  readonly redirect?: RequestRedirect;

  /**
   * Rewrite the host or path before forwarding. Not with `redirect`.
   *
   * @default - none
   */
  readonly rewrite?: UrlRewrite;

  /**
   * How long the Gateway waits for the whole response, retries included.
   *
   * @default - the route's `timeout`
   */
  readonly timeout?: Duration;

  /**
   * How long the Gateway waits for one attempt at the app. At most `timeout`.
   *
   * @default - the route's `backendTimeout`
   */
  readonly backendTimeout?: Duration;
}

/**
 * What the HTTP and gRPC routes of an `ExposedWebApp` share: where they attach and for which hosts.
 */
export interface RouteBaseOptions {
  /** The Gateway listeners the route attaches to. At least one. */
  readonly parents: RouteParent[];

  /**
   * Host names the route serves (`shop.example.com`, `*.example.com`); they must fall under
   * the listeners' host names.
   *
   * @default - every host the listeners serve
   */
  readonly hostnames?: string[];

  /**
   * Name of the route.
   *
   * @default - the app's `name`
   */
  readonly name?: string;

  /**
   * Namespace of the route, e.g. the Gateway's when its listeners admit only their own
   * namespace. A route outside the app's namespace refers to the app's Service across
   * namespaces; the app then writes the ReferenceGrant that allows it, in its own namespace.
   *
   * @default - the app's namespace
   */
  readonly namespace?: string;

  /**
   * Annotations on the route.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * An HTTP→HTTPS redirect: a second HTTPRoute, attached to the plain-HTTP listeners, that
 * answers every request for the route's host names with a redirect to https.
 */
export interface HttpsRedirectOptions {
  /** The plain-HTTP listeners to redirect from. They must differ from the route's own. */
  readonly parents: RouteParent[];

  /**
   * Answer 301 (moved permanently) instead of 302 (found).
   *
   * @default true
   */
  readonly permanent?: boolean;

  /**
   * Port of the https target.
   *
   * @default 443
   */
  readonly port?: number;
}

/**
 * An HTTPRoute in front of an `ExposedWebApp`'s Service, attached to Gateway listeners.
 *
 * @example
 * // Two hosts, two paths, one line each.
 * { parents: [{ gateway, sectionName: 'https' }], hostnames: ['shop.example.com', 'www.shop.example.com'], paths: ['/shop', '/cart'] }
 */
export interface RouteOptions extends RouteBaseOptions {
  /**
   * Path prefixes to route: a shorthand for one rule with one PATH_PREFIX match each. Not with `rules`.
   *
   * @default - the `rules`
   */
  readonly paths?: string[];

  /**
   * The rules, at most 16. Not with `paths`.
   *
   * @default - one rule for every request (path prefix '/')
   */
  readonly rules?: RouteRule[];

  /**
   * Request timeout of every rule that sets none.
   *
   * @default - the Gateway implementation's
   */
  readonly timeout?: Duration;

  /**
   * Backend request timeout of every rule that sets none.
   *
   * @default - the Gateway implementation's
   */
  readonly backendTimeout?: Duration;

  /**
   * Redirect plain HTTP to HTTPS: a second HTTPRoute, `<name>-https-redirect`, on these listeners.
   *
   * @default - none
   */
  readonly httpsRedirect?: HttpsRedirectOptions;
}

/**
 * What a gRPC request must call to follow a rule. All given conditions must hold.
 */
export interface GrpcRouteMatch {
  /**
   * The fully qualified service (`shop.v1.Cart`).
   *
   * @default - any service
   */
  readonly service?: string;

  /**
   * The method (`AddItem`).
   *
   * @default - any method
   */
  readonly method?: string;

  /**
   * How `service` and `method` are matched.
   *
   * @default StringMatchType.EXACT
   */
  readonly type?: StringMatchType;

  /**
   * Headers (metadata) the request must carry.
   *
   * @default - any
   */
  readonly headers?: HeaderMatch[];
}

/**
 * One rule of a GRPCRoute.
 */
export interface GrpcRouteRule {
  /**
   * Name of the rule. A DNS-1123 subdomain.
   *
   * @default - none
   */
  readonly name?: string;

  /**
   * The conditions, any of which a request must meet.
   *
   * @default - every request
   */
  readonly matches?: GrpcRouteMatch[];

  /**
   * Changes to the request's headers.
   *
   * @default - none
   */
  readonly requestHeaders?: HeaderModifier;

  /**
   * Changes to the response's headers.
   *
   * @default - none
   */
  readonly responseHeaders?: HeaderModifier;
}

/**
 * A GRPCRoute in front of an `ExposedWebApp` serving gRPC. The Service port then declares
 * `appProtocol: kubernetes.io/h2c`, so the Gateway speaks cleartext HTTP/2 to the pods.
 */
export interface GrpcRouteOptions extends RouteBaseOptions {
  /**
   * Services to route (`shop.v1.Cart`): a shorthand for one rule matching each. Not with `rules`.
   *
   * @default - the `rules`
   */
  readonly services?: string[];

  /**
   * The rules, at most 16. Not with `services`.
   *
   * @default - one rule for every request
   */
  readonly rules?: GrpcRouteRule[];
}
