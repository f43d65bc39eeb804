import * as fs from 'fs';
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** The version of cdk8s-plus-28 installed, read from its package.json. */
export const PLUS_28_VERSION: string = JSON.parse(fs.readFileSync(require.resolve('cdk8s-plus-28/package.json'), 'utf-8')).version;

/** A second copy of cdk8s-plus-28 (and of cdk8s and constructs), as a second install in node_modules gives. */
export function otherCopy(): { kplus: typeof kplus; chart: Chart } {
  let copy: { kplus: typeof kplus; chart: Chart } | undefined;
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const cdk8s = require('cdk8s');
    copy = { kplus: require('cdk8s-plus-28'), chart: new cdk8s.Chart(new cdk8s.App(), 'other') };
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  return copy!;
}

/**
 * A Pod and a Container of cdk8s-plus-33 as jsii marks them: `cdk8s init typescript-app`
 * installs that major version, whose classes carry `cdk8s-plus-33.<Class>` and the package
 * version in jsii's run-time type information.
 */
export function objectsOf33(image: string): { pod: kplus.Pod; container: kplus.Container } {
  const { kplus: copy, chart } = otherCopy();
  class Pod33 extends copy.Pod {}
  class Container33 extends copy.Container {}
  Object.defineProperty(Pod33, Symbol.for('jsii.rtti'), { value: { fqn: 'cdk8s-plus-33.Pod', version: '2.5.57' } });
  Object.defineProperty(Container33, Symbol.for('jsii.rtti'), { value: { fqn: 'cdk8s-plus-33.Container', version: '2.5.57' } });
  return { pod: new Pod33(chart, 'read-pod') as any, container: new Container33({ image }) as any };
}
