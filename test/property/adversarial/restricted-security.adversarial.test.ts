import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  checkRun, envMap, FUZZ_TIMEOUT, fuzzRuns, garbage, given, image, maybe, mostly, name, port, rarelyGarbage, resources, security, withGarbage,
} from './harness';
import { ResourcePreset, RestrictedSecurity } from '../../../lib';

/**
 * RestrictedSecurity: `of` with adversarial options, then its methods (`containerProps`,
 * `addContainer`, `applyTo`) on several containers of several kinds of workload, applied
 * twice, to containers of another pod, and handed garbage. Each run ends in our error naming
 * the option or argument, or in YAML the strict validator and ManifestChecks accept.
 */

const options = withGarbage(fc.tuple(security, maybe(fc.constantFrom(...Object.values(ResourcePreset), 'huge' as any)))
  .map(([s, resourcePreset]) => ({ ...s, resourcePreset })));

const containerProps = rarelyGarbage(fc.record({
  image: mostly(image),
  // Mostly named: unnamed containers all default to 'main', which a second one then repeats.
  name: fc.oneof({ weight: 4, arbitrary: name }, { weight: 1, arbitrary: fc.constantFrom(undefined, 'main', 'sidecar') }),
  portNumber: maybe(port),
  resources: maybe(resources),
  command: maybe(fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 })),
  envVariables: maybe(envMap.map(env => Object.fromEntries(Object.entries(env).map(([k, v]) => [k, kplus.EnvValue.fromValue(String(v))])))),
  workingDir: maybe(fc.constantFrom('/app', 'app', '')),
}, { requiredKeys: ['image'] }));

type Step =
  | { op: 'add'; props: any }
  | { op: 'props+apply'; props: any }
  | { op: 'applyAgain' }
  | { op: 'applyForeign' }
  | { op: 'garbage'; method: 'containerProps' | 'addContainer' | 'applyTo'; value: any };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: containerProps.map(props => ({ op: 'add' as const, props })) },
  { weight: 3, arbitrary: containerProps.map(props => ({ op: 'props+apply' as const, props })) },
  { weight: 2, arbitrary: fc.constant({ op: 'applyAgain' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'applyForeign' as const }) },
  { weight: 1, arbitrary: fc.record({ method: fc.constantFrom('containerProps', 'addContainer', 'applyTo'), value: garbage }).map(g => ({ op: 'garbage' as const, ...g })) },
);

const kinds = ['Pod', 'Deployment', 'StatefulSet', 'Job', 'DaemonSet'] as const;

function workload(chart: Chart, kind: typeof kinds[number], id: string, sec: RestrictedSecurity): kplus.AbstractPod {
  const props = { securityContext: sec.podSecurityContext, automountServiceAccountToken: sec.automountServiceAccountToken };
  switch (kind) {
    case 'Pod': return new kplus.Pod(chart, id, props);
    case 'Deployment': return new kplus.Deployment(chart, id, props);
    // Without a Service, cdk8s-plus derives one from container ports at construction, before any container is added.
    case 'StatefulSet': return new kplus.StatefulSet(chart, id, { ...props, service: new kplus.Service(chart, `${id}-svc`, { clusterIP: 'None', ports: [{ port: 8080 }] }) });
    case 'Job': return new kplus.Job(chart, id, props);
    default: return new kplus.DaemonSet(chart, id, props);
  }
}

describe('RestrictedSecurity under adversarial input', () => {
  test('of, containerProps, addContainer and applyTo on several containers: our error naming the argument, or valid YAML', () => {
    const drawn = fc.oneof({ weight: 20, arbitrary: options }, { weight: 1, arbitrary: garbage });
    fuzzRuns('RestrictedSecurity', fc.tuple(drawn, fc.constantFrom(...kinds), fc.array(step, { minLength: 1, maxLength: 4 })), ([opts, kind, steps], outcome) => {
      const roots = [...given(opts), 'pod', 'container', 'props', 'containerProps', 'addContainer', 'applyTo',
        ...steps.flatMap(s => ('props' in s ? given(s.props) : []))];
      checkRun(outcome, 'RestrictedSecurity', roots, chart => {
        const sec = RestrictedSecurity.of(chart, opts);
        const pod = workload(chart, kind, 'pod', sec);
        const containers: kplus.Container[] = [];
        for (const s of steps) {
          if (s.op === 'add') {
            containers.push(sec.addContainer(pod, s.props));
          } else if (s.op === 'props+apply') {
            const container = pod.addContainer(sec.containerProps(s.props));
            sec.applyTo(pod, container);
            containers.push(container);
          } else if (s.op === 'applyAgain') {
            if (containers.length > 0) sec.applyTo(pod, containers[containers.length - 1]);
          } else if (s.op === 'applyForeign') {
            const other = new kplus.Pod(chart, `other${containers.length}`, { securityContext: sec.podSecurityContext, automountServiceAccountToken: false });
            const container = sec.addContainer(other, { image: 'nginx:1.27.3', name: 'other' });
            // A container of another pod: our error, or the mounts it gets are of volumes that pod has too.
            sec.applyTo(pod, container);
          } else if (s.method === 'containerProps') {
            sec.containerProps(s.value);
          } else if (s.method === 'addContainer') {
            sec.addContainer(s.value, { image: 'nginx:1.27.3' });
          } else {
            sec.applyTo(pod, s.value);
          }
        }
        if (pod.containers.length === 0) sec.addContainer(pod, { image: 'nginx:1.27.3' });
        // The StatefulSet's Service is the test's, not under test. A mutable image tag is allowed by
        // design here (containerProps gives it imagePullPolicy Always); ManifestChecks' image-tag
        // rule is a lint of the patterns' own pinning default, which the user's workload opts out of.
      }, {}, ['service-target-port', 'image-tag']);
    });
  }, FUZZ_TIMEOUT);
});
