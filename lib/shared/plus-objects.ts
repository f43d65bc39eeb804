import * as kplus from 'cdk8s-plus-28';
import { IWorkloadPattern } from './container';
import { Reporter } from './errors';

/** jsii's run-time type information on every class of a jsii library: its fully qualified name and package version. */
const JSII_RTTI = Symbol.for('jsii.rtti');

interface JsiiType {
  /** `cdk8s-plus-33.Pod` */
  readonly fqn: string;
  readonly version: string;
}

/** The cdk8s-plus this library is built on, as jsii records it (`cdk8s-plus-28`, `2.5.6`). */
const OURS: JsiiType = (kplus.AbstractPod as any)[JSII_RTTI];
const OUR_PACKAGE = OURS.fqn.split('.')[0];

/** The jsii class of a value: the first class on its prototype chain that carries jsii's type information. */
function jsiiTypeOf(value: unknown): JsiiType | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const type = proto.constructor?.[JSII_RTTI];
    if (typeof type?.fqn === 'string') return type;
  }
  return undefined;
}

/**
 * When `value` is a cdk8s-plus object that is not of the copy this library uses (another major
 * version such as `cdk8s-plus-33`, which `cdk8s init` installs, or a second install of
 * `cdk8s-plus-28`): its class for the message, what is wrong, and how to make the copies one.
 * Undefined for anything else.
 */
export function foreignPlusObject(value: unknown): { value: string; mismatch: string; fix: string } | undefined {
  const type = jsiiTypeOf(value);
  if (!type || !/^cdk8s-plus-\d+\./.test(type.fqn)) return undefined;
  const [pkg, ...rest] = type.fqn.split('.');
  const kind = rest.join('.');
  const ourClass = rest.reduce<any>((ns, part) => ns?.[part], kplus);
  if (pkg === OUR_PACKAGE && typeof ourClass === 'function' && value instanceof ourClass) return undefined;
  if (pkg !== OUR_PACKAGE) {
    return {
      value: type.fqn,
      mismatch: `is a ${kind} of ${pkg} ${type.version}, but cdk8s-patterns is built on ${OUR_PACKAGE} ${OURS.version}, `
        + 'and objects of two cdk8s-plus major versions do not mix',
      fix: `build it with ${OUR_PACKAGE} (npm install ${OUR_PACKAGE}; import * as kplus from '${OUR_PACKAGE}')`,
    };
  }
  return {
    value: type.fqn,
    mismatch: `is a ${kind} of another copy of ${pkg} (${type.version}) than the one cdk8s-patterns uses (${OURS.version})`,
    fix: `install a single copy (one version of ${pkg} in package.json, then npm dedupe)`,
  };
}

/**
 * Fails unless `value` is an instance of `cls` from this library's cdk8s-plus: with the two
 * versions named when it comes from another copy, else with `rule`.
 */
export function checkPlusObject<T>(report: Reporter, prop: string, value: T, cls: abstract new (...args: any[]) => any, rule: string): T {
  if (value instanceof cls) return value;
  const foreign = foreignPlusObject(value);
  if (foreign) report.fail(prop, foreign.value, `${foreign.mismatch}; ${foreign.fix}`);
  return report.fail(prop, value === undefined || value === null ? value : typeof value, rule);
}

const NOT_A_PATTERN = 'must be a pattern of this library (an ExposedWebApp, a StatefulAppWithStorage)';

/** A pattern of this library that runs pods, for props that select its pods; a cdk8s-plus object of another copy is named as such. */
export function checkWorkloadPattern(report: Reporter, prop: string, value: IWorkloadPattern): IWorkloadPattern {
  if (typeof value?.workload?.addContainer === 'function' && value.selectorLabels) return value;
  const foreign = foreignPlusObject(value);
  if (foreign) report.fail(prop, foreign.value, `${NOT_A_PATTERN}; this one also ${foreign.mismatch}`);
  return report.fail(prop, value === null ? null : typeof value, NOT_A_PATTERN);
}
