import { Duration } from 'cdk8s';
import { checkBoolean, checkList, checkMadeBy, checkOneOf, checkPort, checkStringList, checkStringMap, isStruct } from './checks';
import { Reporter } from './errors';
import {
  durationMilliseconds, gatewayDuration, IGateway, isGatewayHostname, isHeaderName, isPreciseHostname, LIMITS, pathProblem,
} from './gateway-api';
import { checkLabelKey } from './labels';
import { checkDnsLabel, checkDnsSubdomain } from './names';

import {
  GrpcRouteMatch, GrpcRouteOptions, GrpcRouteRule, HeaderMatch, HeaderModifier, HttpMethod, PathMatchType, RedirectScheme, RequestRedirect,
  RouteBaseOptions, RouteMatch, RouteOptions, RouteParent, RouteRule, StringMatchType, UrlRewrite,
} from './route-options';

/**
 * How the route options of `ExposedWebApp` are checked: every limit and rule of the Gateway
 * API v1 standard-channel CRDs (v1.4 to v1.6) that the options can reach, CEL rules included,
 * so that a route the constructor accepts is one the API server accepts.
 */

// ---- resolved form ---------------------------------------------------------------------------

/** A parent, checked: what the parentRef is rendered from and the checks at synth read. */
export interface ResolvedParent {
  readonly gateway: IGateway;
  readonly sectionName?: string;
  readonly port?: number;
  /** The prop the user gave it as (`route.parents[0]`). */
  readonly prop: string;
}

/** A rule, checked and rendered but for its backendRefs, which the app adds. */
export interface ResolvedRule {
  readonly json: { [key: string]: any };
  /** False for a redirect rule, which has no backends. */
  readonly forwards: boolean;
  readonly prop: string;
}

/** A route, checked: what its manifests are rendered from. */
export interface ResolvedRoute {
  readonly kind: 'HTTPRoute' | 'GRPCRoute';
  /** `route` or `grpcRoute`. */
  readonly prop: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly parents: ResolvedParent[];
  readonly hostnames: string[];
  readonly rules: ResolvedRule[];
  readonly annotations?: { [key: string]: string };
  readonly httpsRedirect?: { readonly parents: ResolvedParent[]; readonly statusCode: number; readonly port?: number };
}

// ---- checks --------------------------------------------------------------------------------

/** Fails unless the value is a struct; not a type guard, so the caller keeps its own type. */
function requireStruct(report: Reporter, prop: string, value: unknown, rule: string): void {
  if (!isStruct(value)) report.fail(prop, value, rule);
}

const HEADER_NAME_RULE = "must be an HTTP header name (an RFC 7230 token: letters, digits and !#$%&'*+-.^_`|~) of at most 256 characters";

function checkLimit(report: Reporter, prop: string, list: unknown[], max: number, what: string): void {
  if (list.length > max) report.fail(prop, list.length, `holds ${list.length} ${what}; the Gateway API allows at most ${max}`);
}

function checkRegex(report: Reporter, prop: string, value: string): void {
  try {
    new RegExp(value);
  } catch {
    report.fail(prop, value, 'must be a valid regular expression');
  }
}

function checkParents(report: Reporter, prop: string, given: RouteParent[]): ResolvedParent[] {
  const parents = checkList(report, prop, given);
  if (parents.length === 0) report.fail(prop, parents, 'must name at least one Gateway listener to attach to');
  checkLimit(report, prop, parents, LIMITS.parentRefs, 'parents');
  const resolved = parents.map((p, i) => {
    const at = `${prop}[${i}]`;
    requireStruct(report, at, p, "must be an object with at least 'gateway'");
    const gw = p.gateway as IGateway | undefined;
    if (typeof gw?.gatewayName !== 'string' || typeof gw?.node?.path !== 'string') {
      report.fail(`${at}.gateway`, gw === null ? null : typeof gw, 'must be a Gateway of this library or Gateway.fromGatewayName(...)');
    }
    const sectionName = p.sectionName === undefined ? undefined : checkDnsSubdomain(report, `${at}.sectionName`, p.sectionName);
    const port = p.port === undefined ? undefined : checkPort(report, `${at}.port`, p.port);
    return { gateway: gw, sectionName, port, prop: at };
  });
  // The CRD's CEL rules: two references to one Gateway each name a listener, a different one.
  resolved.forEach((p, i) => {
    const twins = resolved.filter(q => q.gateway === p.gateway);
    if (twins.length > 1 && p.sectionName === undefined) {
      report.fail(`${p.prop}.sectionName`, null, `must be given: Gateway "${p.gateway.gatewayName}" is named more than once, so each reference must name its listener`);
    }
    const first = resolved.findIndex(q => q.gateway === p.gateway && q.sectionName === p.sectionName);
    if (first !== i) report.fail(`${p.prop}.sectionName`, p.sectionName ?? null, `repeats ${prop}[${first}]: each listener of a Gateway may be named once`);
  });
  return resolved;
}

function checkHeaderMatches(
  report: Reporter, prop: string, given: HeaderMatch[] | undefined, caseSensitive: boolean, maxValue: number,
): object[] | undefined {
  const list = checkList(report, prop, given);
  checkLimit(report, prop, list, LIMITS.headerMatches, 'matches');
  const seen = new Set<string>();
  const out = list.map((h, i) => {
    const at = `${prop}[${i}]`;
    requireStruct(report, at, h, "must be an object with 'name' and 'value'");
    if (!isHeaderName(h.name)) report.fail(`${at}.name`, h.name, HEADER_NAME_RULE);
    const key = caseSensitive ? h.name : h.name.toLowerCase();
    if (seen.has(key)) report.fail(`${at}.name`, h.name, 'is already matched; each name may be matched once per match');
    seen.add(key);
    if (typeof h.value !== 'string' || h.value.length === 0 || h.value.length > maxValue) {
      report.fail(`${at}.value`, h.value, `must be a non-empty string of at most ${maxValue} characters`);
    }
    const type = checkOneOf(report, `${at}.type`, h.type ?? StringMatchType.EXACT, Object.values(StringMatchType));
    if (type === StringMatchType.REGULAR_EXPRESSION) checkRegex(report, `${at}.value`, h.value);
    return { name: h.name, value: h.value, type: h.type };
  });
  return out.length > 0 ? out : undefined;
}

/** The header match of a canary's opt-in header, checked. */
export function checkHeaderMatch(report: Reporter, prop: string, header: HeaderMatch): { name: string; value: string; type?: string } {
  return checkHeaderMatches(report, prop, [header], false, LIMITS.headerValueLength)![0] as any;
}

function checkHeaderModifier(report: Reporter, prop: string, given: HeaderModifier | undefined): object | undefined {
  if (given === undefined || given === null) return undefined;
  requireStruct(report, prop, given, "must be an object with 'set', 'add' or 'remove'");
  const pairs = (field: 'set' | 'add') => {
    const map = checkStringMap(report, `${prop}.${field}`, given[field]);
    const names = Object.keys(map);
    checkLimit(report, `${prop}.${field}`, names, LIMITS.headerModifiers, 'headers');
    for (const name of names) {
      if (!isHeaderName(name)) report.fail(`${prop}.${field}`, name, HEADER_NAME_RULE);
      if (map[name].length === 0 || map[name].length > LIMITS.headerValueLength) {
        report.fail(`${prop}.${field}["${name}"]`, map[name], `must be a non-empty string of at most ${LIMITS.headerValueLength} characters`);
      }
    }
    return names.length > 0 ? names.map(name => ({ name, value: map[name] })) : undefined;
  };
  const set = pairs('set');
  const add = pairs('add');
  const remove = checkStringList(report, `${prop}.remove`, given.remove);
  checkLimit(report, `${prop}.remove`, remove, LIMITS.headerModifiers, 'headers');
  remove.forEach((name, i) => { if (!isHeaderName(name)) report.fail(`${prop}.remove[${i}]`, name, HEADER_NAME_RULE); });
  if (new Set(remove.map(n => n.toLowerCase())).size !== remove.length) report.fail(`${prop}.remove`, remove, 'must not repeat a header');
  const changed = [...Object.keys(given.set ?? {}), ...Object.keys(given.add ?? {})].map(n => n.toLowerCase());
  const both = remove.find(n => changed.includes(n.toLowerCase()));
  if (both !== undefined) report.fail(`${prop}.remove`, both, 'is also set or added; a header is either changed or removed');
  if (!set && !add && remove.length === 0) report.fail(prop, given, "changes nothing; give 'set', 'add' or 'remove', or leave it out");
  return { set, add, remove: remove.length > 0 ? [...remove] : undefined };
}

/** The request and response header filters of an HTTP or gRPC rule. */
function headerFilters(report: Reporter, prop: string, rule: { requestHeaders?: HeaderModifier; responseHeaders?: HeaderModifier }): object[] {
  const filters: object[] = [];
  const requestHeaders = checkHeaderModifier(report, `${prop}.requestHeaders`, rule.requestHeaders);
  if (requestHeaders) filters.push({ type: 'RequestHeaderModifier', requestHeaderModifier: requestHeaders });
  const responseHeaders = checkHeaderModifier(report, `${prop}.responseHeaders`, rule.responseHeaders);
  if (responseHeaders) filters.push({ type: 'ResponseHeaderModifier', responseHeaderModifier: responseHeaders });
  return filters;
}

/** A replacement path of a redirect or rewrite: `path` or `pathPrefix`, not both. */
function checkPathModifier(report: Reporter, prop: string, full: string | undefined, prefix: string | undefined): object | undefined {
  if (full !== undefined && prefix !== undefined) report.fail(`${prop}.pathPrefix`, prefix, "cannot be combined with 'path'; give one of them");
  const [field, value] = full !== undefined ? ['path', full] : ['pathPrefix', prefix];
  if (value === undefined) return undefined;
  const problem = typeof value === 'string' ? pathProblem(value) : 'must be a string';
  if (problem) report.fail(`${prop}.${field}`, value, `${problem} (an absolute URL path)`);
  return field === 'path' ? { type: 'ReplaceFullPath', replaceFullPath: value } : { type: 'ReplacePrefixMatch', replacePrefixMatch: value };
}

function checkRedirect(report: Reporter, prop: string, given: RequestRedirect): object {
  requireStruct(report, prop, given, 'must be an object of redirect options');
  const scheme = given.scheme === undefined ? undefined : checkOneOf(report, `${prop}.scheme`, given.scheme, Object.values(RedirectScheme));
  if (given.hostname !== undefined && !isPreciseHostname(given.hostname)) {
    report.fail(`${prop}.hostname`, given.hostname, 'must be a lowercase DNS name of at most 253 characters, without wildcard or IP address');
  }
  const port = given.port === undefined ? undefined : checkPort(report, `${prop}.port`, given.port);
  const path = checkPathModifier(report, prop, given.path, given.pathPrefix);
  const permanent = checkBoolean(report, `${prop}.permanent`, given.permanent, false);
  if (scheme === undefined && given.hostname === undefined && port === undefined && path === undefined) {
    report.fail(prop, given, 'changes nothing, so clients would be redirected to the same URL forever; give scheme, hostname, port, path or pathPrefix');
  }
  return { scheme, hostname: given.hostname, port, path, statusCode: permanent ? 301 : 302 };
}

function checkRewrite(report: Reporter, prop: string, given: UrlRewrite): object {
  requireStruct(report, prop, given, 'must be an object of rewrite options');
  if (given.hostname !== undefined && !isPreciseHostname(given.hostname)) {
    report.fail(`${prop}.hostname`, given.hostname, 'must be a lowercase DNS name of at most 253 characters, without wildcard or IP address');
  }
  const path = checkPathModifier(report, prop, given.path, given.pathPrefix);
  if (given.hostname === undefined && path === undefined) report.fail(prop, given, 'changes nothing; give hostname, path or pathPrefix, or leave it out');
  return { hostname: given.hostname, path };
}

function checkDuration(report: Reporter, prop: string, value: Duration | undefined): string | undefined {
  checkMadeBy(report, prop, value, 'toMilliseconds', 'Duration.seconds() or Duration.millis()');
  if (value === undefined || value === null) return undefined;
  // Not integral: `Duration.millis(0.5)` would make cdk8s throw a bare Error; the rule below says why it is refused.
  const ms = value.toMilliseconds({ integral: false });
  const text = Number.isInteger(ms) && ms >= 0 ? gatewayDuration(ms) : undefined;
  if (text === undefined || durationMilliseconds(text) === undefined) {
    report.fail(prop, `${ms}ms`, 'must be a whole number of milliseconds, below 100000 hours');
  }
  return text;
}

function checkTimeouts(report: Reporter, prop: string, rule: RouteRule, route: RouteOptions): object | undefined {
  const [requestProp, request] = rule.timeout !== undefined ? [`${prop}.timeout`, rule.timeout] : ['route.timeout', route.timeout];
  const [backendProp, backend] = rule.backendTimeout !== undefined
    ? [`${prop}.backendTimeout`, rule.backendTimeout] : ['route.backendTimeout', route.backendTimeout];
  const requestText = checkDuration(report, requestProp, request);
  const backendText = checkDuration(report, backendProp, backend);
  const requestMs = durationMilliseconds(requestText) ?? 0;
  if (backendText !== undefined && requestMs > 0 && durationMilliseconds(backendText)! > requestMs) {
    report.fail(backendProp, backendText, `must not be longer than the request timeout (${requestText}), which includes it`);
  }
  return requestText === undefined && backendText === undefined ? undefined : { request: requestText, backendRequest: backendText };
}

function checkHttpMatch(report: Reporter, prop: string, m: RouteMatch): object {
  requireStruct(report, prop, m, 'must be an object of match conditions');
  const type = checkOneOf(report, `${prop}.pathType`, m.pathType ?? PathMatchType.PATH_PREFIX, Object.values(PathMatchType));
  const value = m.path ?? '/';
  if (typeof value !== 'string') report.fail(`${prop}.path`, value, 'must be a string');
  if (type === PathMatchType.REGULAR_EXPRESSION) {
    if (value.length === 0 || value.length > LIMITS.pathLength) report.fail(`${prop}.path`, value, `must be a non-empty regular expression of at most ${LIMITS.pathLength} characters`);
    checkRegex(report, `${prop}.path`, value);
  } else {
    const problem = pathProblem(value);
    if (problem) report.fail(`${prop}.path`, value, `${problem} (an absolute URL path)`);
  }
  return {
    path: { type, value },
    headers: checkHeaderMatches(report, `${prop}.headers`, m.headers, false, LIMITS.headerValueLength),
    queryParams: checkHeaderMatches(report, `${prop}.queryParams`, m.queryParams, true, LIMITS.queryValueLength),
    method: m.method === undefined ? undefined : checkOneOf(report, `${prop}.method`, m.method, Object.values(HttpMethod)),
  };
}

function checkPaths(report: Reporter, prop: string, given: string[] | undefined): object[] {
  const paths = checkStringList(report, prop, given);
  if (paths.length === 0) report.fail(prop, paths, 'must name at least one path; leave it out to route every path');
  if (new Set(paths).size !== paths.length) report.fail(prop, paths, 'must not repeat a path');
  return paths.map((value, i) => {
    const problem = pathProblem(value);
    if (problem) report.fail(`${prop}[${i}]`, value, `${problem} (an absolute URL path)`);
    return { path: { type: PathMatchType.PATH_PREFIX, value } };
  });
}

function checkRuleName(report: Reporter, prop: string, name: string | undefined, taken: Set<string>): string | undefined {
  if (name === undefined) return undefined;
  checkDnsSubdomain(report, prop, name);
  if (taken.has(name)) report.fail(prop, name, 'is already the name of a rule of this route; rule names must be unique');
  taken.add(name);
  return name;
}

function checkMatchCounts(report: Reporter, prop: string, rules: ResolvedRule[]): void {
  checkLimit(report, `${prop}.rules`, rules, LIMITS.rules, 'rules');
  rules.forEach(r => checkLimit(report, `${r.prop}.matches`, r.json.matches ?? [], LIMITS.matchesPerRule, 'matches'));
  const total = rules.reduce((sum, r) => sum + (r.json.matches?.length ?? 0), 0);
  if (total > LIMITS.matchesPerRoute) report.fail(`${prop}.rules`, total, `hold ${total} matches in all; a route allows at most ${LIMITS.matchesPerRoute}`);
}

function checkHttpRule(report: Reporter, prop: string, rule: RouteRule, route: RouteOptions, names: Set<string>): ResolvedRule {
  requireStruct(report, prop, rule, 'must be an object of rule options');
  if (rule.paths !== undefined && rule.matches !== undefined) report.fail(`${prop}.matches`, rule.matches, "cannot be combined with 'paths'; give one of them");
  const matches = rule.paths !== undefined
    ? checkPaths(report, `${prop}.paths`, rule.paths)
    : checkList(report, `${prop}.matches`, rule.matches).map((m, i) => checkHttpMatch(report, `${prop}.matches[${i}]`, m));
  const filters = headerFilters(report, prop, rule);
  if (rule.redirect !== undefined && rule.rewrite !== undefined) {
    report.fail(`${prop}.rewrite`, rule.rewrite, "cannot be combined with 'redirect': a redirect answers the request, so nothing is forwarded to rewrite");
  }
  const prefixModifier = (field: 'redirect' | 'rewrite') => {
    if (rule[field]?.pathPrefix === undefined) return;
    const m = matches as any[];
    if (m.length !== 1 || m[0].path.type !== PathMatchType.PATH_PREFIX) {
      report.fail(`${prop}.${field}.pathPrefix`, rule[field]!.pathPrefix, 'needs the rule to have exactly one match, of type PATH_PREFIX: the prefix it replaces');
    }
  };
  if (rule.redirect !== undefined) {
    filters.push({ type: 'RequestRedirect', requestRedirect: checkRedirect(report, `${prop}.redirect`, rule.redirect) });
    prefixModifier('redirect');
  }
  if (rule.rewrite !== undefined) {
    filters.push({ type: 'URLRewrite', urlRewrite: checkRewrite(report, `${prop}.rewrite`, rule.rewrite) });
    prefixModifier('rewrite');
  }
  return {
    json: {
      name: checkRuleName(report, `${prop}.name`, rule.name, names),
      // Written out even for the default, so a canary's header rule can add to it.
      matches: matches.length > 0 ? matches : [{ path: { type: PathMatchType.PATH_PREFIX, value: '/' } }],
      filters: filters.length > 0 ? filters : undefined,
      timeouts: checkTimeouts(report, prop, rule, route),
    },
    forwards: rule.redirect === undefined,
    prop,
  };
}

function checkGrpcMatch(report: Reporter, prop: string, m: GrpcRouteMatch): object {
  requireStruct(report, prop, m, 'must be an object of match conditions');
  const type = checkOneOf(report, `${prop}.type`, m.type ?? StringMatchType.EXACT, Object.values(StringMatchType));
  const exact: { [field: string]: [RegExp, string] } = {
    service: [/^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i, "a fully qualified gRPC service name such as 'shop.v1.Cart'"],
    method: [/^[A-Za-z_][A-Za-z_0-9]*$/, "a gRPC method name such as 'AddItem'"],
  };
  for (const field of ['service', 'method'] as const) {
    const value = m[field];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length === 0 || value.length > 1024) report.fail(`${prop}.${field}`, value, 'must be a non-empty string of at most 1024 characters');
    if (type === StringMatchType.EXACT && !exact[field][0].test(value)) report.fail(`${prop}.${field}`, value, `must be ${exact[field][1]}`);
    if (type === StringMatchType.REGULAR_EXPRESSION) checkRegex(report, `${prop}.${field}`, value);
  }
  if (m.type !== undefined && m.service === undefined && m.method === undefined) {
    report.fail(`${prop}.type`, m.type, "needs 'service' or 'method' to apply to");
  }
  const method = m.service === undefined && m.method === undefined ? undefined : { type: m.type, service: m.service, method: m.method };
  const headers = checkHeaderMatches(report, `${prop}.headers`, m.headers, false, LIMITS.headerValueLength);
  if (!method && !headers) report.fail(prop, m, "matches every request; give 'service', 'method' or 'headers', or leave the match out");
  return { method, headers };
}

function checkGrpcRule(report: Reporter, prop: string, rule: GrpcRouteRule, names: Set<string>): ResolvedRule {
  requireStruct(report, prop, rule, 'must be an object of rule options');
  const matches = checkList(report, `${prop}.matches`, rule.matches).map((m, i) => checkGrpcMatch(report, `${prop}.matches[${i}]`, m));
  const filters = headerFilters(report, prop, rule);
  return {
    json: {
      name: checkRuleName(report, `${prop}.name`, rule.name, names),
      matches: matches.length > 0 ? matches : undefined,
      filters: filters.length > 0 ? filters : undefined,
    },
    forwards: true,
    prop,
  };
}

function checkBase(report: Reporter, prop: string, options: RouteBaseOptions) {
  const parents = checkParents(report, `${prop}.parents`, options.parents);
  const hostnames = checkStringList(report, `${prop}.hostnames`, options.hostnames);
  checkLimit(report, `${prop}.hostnames`, hostnames, LIMITS.hostnames, 'host names');
  hostnames.forEach((h, i) => {
    if (!isGatewayHostname(h)) {
      report.fail(`${prop}.hostnames[${i}]`, h, "must be a lowercase DNS name of at most 253 characters, optionally starting with '*.', and no IP address");
    }
  });
  if (new Set(hostnames).size !== hostnames.length) report.fail(`${prop}.hostnames`, hostnames, 'must not repeat a host name');
  const annotations = checkStringMap(report, `${prop}.annotations`, options.annotations);
  for (const key of Object.keys(annotations)) checkLabelKey(report, key, `${prop}.annotations`);
  return {
    parents,
    hostnames: [...hostnames],
    name: options.name === undefined ? undefined : checkDnsSubdomain(report, `${prop}.name`, options.name),
    namespace: options.namespace === undefined ? undefined : checkDnsLabel(report, `${prop}.namespace`, options.namespace),
    annotations: Object.keys(annotations).length > 0 ? { ...annotations } : undefined,
  };
}

/** Checks an ExposedWebApp's `route` as the HTTPRoute CRD and its CEL rules would. */
export function resolveHttpRoute(report: Reporter, options: RouteOptions): ResolvedRoute {
  const prop = 'route';
  requireStruct(report, prop, options, "must be an object with at least 'parents'");
  const base = checkBase(report, prop, options);
  if (options.paths !== undefined && options.rules !== undefined) report.fail(`${prop}.rules`, options.rules.length, "cannot be combined with 'paths'; give one of them");
  const names = new Set<string>();
  const given = options.paths !== undefined ? [{ paths: options.paths }] : checkList(report, `${prop}.rules`, options.rules);
  if (options.rules !== undefined && given.length === 0) report.fail(`${prop}.rules`, given, 'must hold at least one rule; leave it out to route every request');
  const rules = (given.length > 0 ? given : [{}]).map((r, i) =>
    checkHttpRule(report, options.paths !== undefined ? prop : `${prop}.rules[${i}]`, r, options, names));
  checkMatchCounts(report, prop, rules);
  let httpsRedirect: ResolvedRoute['httpsRedirect'];
  if (options.httpsRedirect !== undefined && options.httpsRedirect !== null) {
    const at = `${prop}.httpsRedirect`;
    requireStruct(report, at, options.httpsRedirect, "must be an object with at least 'parents'");
    const parents = checkParents(report, `${at}.parents`, options.httpsRedirect.parents);
    for (const p of parents) {
      const clash = base.parents.find(q => q.gateway === p.gateway
        && (q.sectionName === undefined || p.sectionName === undefined || q.sectionName === p.sectionName));
      if (clash) {
        report.fail(`${p.prop}.sectionName`, p.sectionName ?? null,
          `is also served by ${clash.prop}; a listener either redirects to https or serves the app, so name different listeners of Gateway "${p.gateway.gatewayName}"`);
      }
    }
    const suffix = httpsRedirectRouteName('');
    if (base.name !== undefined && httpsRedirectRouteName(base.name).length > LIMITS.nameLength) {
      report.fail(`${prop}.name`, base.name, `names the HTTPS redirect route "<name>${suffix}" too, which must be at most ${LIMITS.nameLength} characters; shorten it to ${LIMITS.nameLength - suffix.length}`);
    }
    httpsRedirect = {
      parents,
      statusCode: checkBoolean(report, `${at}.permanent`, options.httpsRedirect.permanent, true) ? 301 : 302,
      port: options.httpsRedirect.port === undefined ? undefined : checkPort(report, `${at}.port`, options.httpsRedirect.port),
    };
  }
  return { kind: 'HTTPRoute', prop, ...base, rules, httpsRedirect };
}

/** Checks an ExposedWebApp's `grpcRoute` as the GRPCRoute CRD and its CEL rules would. */
export function resolveGrpcRoute(report: Reporter, options: GrpcRouteOptions): ResolvedRoute {
  const prop = 'grpcRoute';
  requireStruct(report, prop, options, "must be an object with at least 'parents'");
  const base = checkBase(report, prop, options);
  if (options.services !== undefined && options.rules !== undefined) report.fail(`${prop}.rules`, options.rules.length, "cannot be combined with 'services'; give one of them");
  const names = new Set<string>();
  let given: GrpcRouteRule[];
  if (options.services !== undefined) {
    const services = checkStringList(report, `${prop}.services`, options.services);
    if (services.length === 0) report.fail(`${prop}.services`, services, 'must name at least one service; leave it out to route every request');
    if (new Set(services).size !== services.length) report.fail(`${prop}.services`, services, 'must not repeat a service');
    services.forEach((s, i) => checkGrpcMatch(report, `${prop}.services[${i}]`, { service: s }));
    given = [{ matches: services.map(service => ({ service })) }];
  } else {
    given = checkList(report, `${prop}.rules`, options.rules);
    if (options.rules !== undefined && given.length === 0) report.fail(`${prop}.rules`, given, 'must hold at least one rule; leave it out to route every request');
  }
  const rules = (given.length > 0 ? given : [{}]).map((r, i) => checkGrpcRule(report, options.services !== undefined ? prop : `${prop}.rules[${i}]`, r, names));
  checkMatchCounts(report, prop, rules);
  return { kind: 'GRPCRoute', prop, ...base, rules };
}

/** The name of the route that redirects a route's HTTP listeners to HTTPS: written and checked by this one rule. */
export function httpsRedirectRouteName(routeName: string): string {
  return `${routeName}-https-redirect`;
}

/** The name of a rule's twin that sends requests with the canary header to the canary: written and checked by this one rule. */
export function canaryRuleName(ruleName: string): string {
  return `${ruleName}-canary`;
}
