import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { configKey, configValue, dnsLabel, expectErrorNaming, image, runChart, settings, synthOnce } from './arbitraries';
import { ConfigMapInjection, ExposedWebApp, InjectionTarget, StatefulAppWithStorage } from '../../lib';
import { looksSecret } from '../../lib/shared/config-data';
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from '../support/restricted';
import { expectWellFormed, find } from '../support/synth';

/** What the ConfigMap is injected into. */
type TargetKind = 'web-app' | 'stateful-app' | 'deployment';

interface Plan {
  readonly namespace?: string;
  readonly name?: string;
  readonly immutable: boolean;
  readonly literals: { [key: string]: string };
  readonly target: TargetKind;
  readonly image: string;
  /** injectEnv: variable name → key. */
  readonly env?: { [name: string]: string };
  /** injectAllEnv with this prefix. */
  readonly prefix?: string;
  /** injectArgs: variable name → key; the container's args reference each. */
  readonly args?: { [name: string]: string };
  readonly files: { path: string; items?: { key: string; path?: string; mode?: number }[]; defaultMode?: number };
  readonly file?: { key: string; path: string; mode?: number };
}

const option = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const mode = fc.integer({ min: 0, max: 0o777 });

const plans: fc.Arbitrary<Plan> = fc.record({
  namespace: option(dnsLabel(10)),
  name: option(dnsLabel(20)),
  immutable: fc.boolean(),
  literals: fc.dictionary(configKey.filter(k => !looksSecret(k)), configValue, { minKeys: 1, maxKeys: 5 }),
  target: fc.constantFrom<TargetKind>('web-app', 'stateful-app', 'deployment'),
  image,
  envNames: fc.uniqueArray(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/), { maxLength: 3 }),
  prefix: option(fc.constantFrom('CFG_', 'APP_', 'cfg.', 'x-')),
  argCount: fc.integer({ min: 0, max: 2 }),
  dir: dnsLabel(10),
  items: fc.boolean(),
  defaultMode: option(mode),
  itemMode: option(mode),
  file: fc.boolean(),
  fileMode: option(mode),
  pick: fc.nat(),
}).map(r => {
  const keys = Object.keys(r.literals).sort();
  const key = (i: number) => keys[(r.pick + i) % keys.length];
  return {
    namespace: r.namespace,
    name: r.name,
    immutable: r.immutable,
    literals: r.literals,
    target: r.target,
    image: r.image,
    // Prefixes keep the three kinds of variables apart: E_ (chosen keys), A_ (args), the envFrom prefix.
    env: r.envNames.length > 0 ? Object.fromEntries(r.envNames.map((n, i) => [`E_${n}`, key(i)])) : undefined,
    prefix: r.prefix,
    args: r.argCount > 0 ? Object.fromEntries(Array.from({ length: r.argCount }, (_, i) => [`A_${i}`, key(i)])) : undefined,
    files: {
      path: `/config/${r.dir}`,
      items: r.items ? keys.slice(0, 2).map((k, i) => ({ key: k, path: i === 0 ? `conf/${k}` : undefined, mode: r.itemMode })) : undefined,
      defaultMode: r.defaultMode,
    },
    file: r.file ? { key: key(1), path: `/opt/app/${r.dir}/app.conf`, mode: r.fileMode } : undefined,
  };
});


/** The target the plan names, its container started with args that reference the args variables. */
function target(chart: Chart, plan: Plan): InjectionTarget {
  const args = plan.args ? ['--config', ...Object.keys(plan.args).map(n => `$(${n})`)] : undefined;
  switch (plan.target) {
    case 'web-app':
      return InjectionTarget.fromPattern(new ExposedWebApp(chart, 'web', { image: plan.image, args }));
    case 'stateful-app':
      return InjectionTarget.fromPattern(new StatefulAppWithStorage(chart, 'web', { image: plan.image, args, storage: { size: '1Gi', mountPath: '/data' } }));
    default:
      return InjectionTarget.fromWorkload(new kplus.Deployment(chart, 'web', {
        metadata: { name: 'web' },
        securityContext: RESTRICTED_POD,
        containers: [{ ...RESTRICTED_CONTAINER, image: plan.image, args }],
      }));
  }
}

/** Builds the target and the ConfigMap and makes every injection the plan asks for. */
function build(chart: Chart, plan: Plan): ConfigMapInjection {
  const t = target(chart, plan);
  const cm = new ConfigMapInjection(chart, 'cfg', { name: plan.name, immutable: plan.immutable, literals: plan.literals });
  if (plan.env) cm.injectEnv(t, { variables: plan.env });
  if (plan.prefix !== undefined) cm.injectAllEnv(t, { prefix: plan.prefix });
  if (plan.args) cm.injectArgs(t, { variables: plan.args });
  cm.mountFiles(t, plan.files);
  if (plan.file) cm.mountFile(t, plan.file);
  return cm;
}

/** One field made invalid, with the prop the error must name. */
type Change = [string, (plan: Plan) => Plan];
const invalidChange: fc.Arbitrary<Change> = fc.oneof(
  fc.constantFrom('bad key', '..', '', 'k/v').map((k): Change => ['literals', p => ({ ...p, literals: { ...p.literals, [k]: 'x' } })]),
  fc.constantFrom('api-token', 'DB_PASSWORD', 'clientSecret').map((k): Change => ['literals', p => ({ ...p, literals: { ...p.literals, [k]: 'x' } })]),
  fc.constantFrom('Cfg', 'cfg_1', '-cfg').map((n): Change => ['name', p => ({ ...p, name: n })]),
  fc.constantFrom('MISSING', 'NOPE_2').map((n): Change => ['injectEnv.variables', p => ({ ...p, env: { ...p.env, [n]: 'no-such-key' } })]),
  fc.constantFrom('1BAD', 'A B', '').map((n): Change => ['injectEnv.variables', p => ({ ...p, env: { [n]: Object.keys(p.literals)[0] } })]),
  fc.constantFrom('1', '9_').map((x): Change => ['injectAllEnv.prefix', p => ({ ...p, prefix: x })]),
  fc.constantFrom('config', 'etc/app', '/a/../b').map((x): Change => ['mountFiles.path', p => ({ ...p, files: { ...p.files, path: x } })]),
  fc.constantFrom('/etc', '/usr').map((x): Change => ['mountFiles.path', p => ({ ...p, files: { ...p.files, path: x } })]),
  fc.constant<Change>(['mountFiles.items', p => ({ ...p, files: { ...p.files, items: [{ key: 'no-such-key' }] } })]),
  fc.integer({ min: 0o1000, max: 0o7777 }).map((m): Change => ['mountFiles.defaultMode', p => ({ ...p, files: { ...p.files, defaultMode: m } })]),
  fc.constant<Change>(['mountFile.path', p => ({ ...p, file: { key: Object.keys(p.literals)[0], path: '/opt/app/' } })]),
);

describe('ConfigMapInjection properties', () => {
  test('random valid injections into patterns and plain workloads synthesize to schema-valid, well-wired, restricted YAML', () => {
    fc.assert(fc.property(plans, plan => {
      const chart = runChart({ namespace: plan.namespace });
      const cm = build(chart, plan);
      const out = synthOnce(chart); // validations + schemas
      expectWellFormed(out); // wiring (keys, checksum annotations) + pod security
      const configMap = find(out, 'ConfigMap');
      expect(configMap.metadata.name).toEqual(cm.name);
      expect(configMap.data).toEqual(plan.literals);
      const workload = out.find(m => m.kind === 'Deployment' || m.kind === 'StatefulSet');
      const pod = workload.spec.template;
      const container = pod.spec.containers[0];
      if (plan.immutable) {
        expect(configMap.immutable).toBe(true);
        expect(cm.name).toMatch(new RegExp(`^${plan.name ?? 'cfg'}-[0-9a-f]{10}$`));
      } else {
        expect(pod.metadata.annotations['checksum/config']).toEqual(`${cm.name}:${cm.checksum}`);
      }
      // Every reference names this ConfigMap and one of its keys.
      const refs = (container.env ?? []).map((e: any) => e.valueFrom?.configMapKeyRef).filter(Boolean);
      expect(refs.map((r: any) => r.name)).toEqual(refs.map(() => cm.name));
      for (const r of refs) expect(Object.keys(plan.literals)).toContain(r.key);
      expect(cm.envNames).toEqual([...Object.keys(plan.env ?? {}), ...Object.keys(plan.args ?? {})].sort());
      const envFrom = (container.envFrom ?? []).map((e: any) => [e.configMapRef.name, e.prefix]);
      expect(envFrom).toEqual(plan.prefix === undefined ? [] : [[cm.name, plan.prefix]]);
      const volumes = pod.spec.volumes.filter((v: any) => v.configMap);
      for (const v of volumes) {
        expect(v.configMap.name).toEqual(cm.name);
        for (const item of v.configMap.items ?? []) expect(Object.keys(plan.literals)).toContain(item.key);
      }
      expect(cm.mountPaths).toEqual([plan.files.path, ...(plan.file ? [plan.file.path] : [])].sort());
    }), settings);
  });

  test('random invalid props and injections throw one error in the common format naming the prop', () => {
    fc.assert(fc.property(plans, invalidChange, (plan, [prop, change]) => {
      const chart = runChart({ namespace: plan.namespace });
      expectErrorNaming(() => build(chart, change(plan)), 'ConfigMapInjection', 'test/cfg', prop);
    }), settings);
  });
});
