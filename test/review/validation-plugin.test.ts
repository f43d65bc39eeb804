import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { deployment, service } from './manifests';
import * as lib from '../../lib';
import { ManifestChecksValidation, ManifestChecksValidationProps } from '../../lib';
import { GUIDED_PROFILE_RULES, GUIDED_RULES } from '../../lib/review/rule-guide';
import { CONSTRUCT_INDEX_FILE } from '../../lib/shared/construct-index';
import { fixtureProps } from '../support/profiles';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'node_modules', '.bin', 'cdk8s');

/** A restricted pod, so only the wiring is at stake. */
function restrictedWeb(): any {
  return deployment('web', {
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
  });
}

function withPodSettings(d: any): any {
  d.spec.template.spec.automountServiceAccountToken = false;
  return d;
}

/** Runs the plugin as the CLI does, on files written to a temporary folder, and returns the report. */
async function validate(files: { [name: string]: any[] }, props?: ManifestChecksValidationProps) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validation-plugin-'));
  const paths = Object.entries(files).map(([name, objects]) => {
    const p = path.join(dir, name);
    Yaml.save(p, objects);
    return p;
  });
  const context = new ValidationContext(paths, 'cdk8s-patterns', '0.0.0', { web: { path: 'chart/web' } });
  await new ManifestChecksValidation(props).validate(context);
  return { report: context.report, json: context.report.toJson(), dir };
}

describe('ManifestChecksValidation, run as cdk8s runs it', () => {
  test('well-wired, restricted manifests pass', async () => {
    const { report, json } = await validate({ 'a.k8s.yaml': [withPodSettings(restrictedWeb()), service({})] });
    expect(report.success).toBe(true);
    expect(json.violations).toEqual([]);
    expect(json.summary.metadata).toEqual({ objects: '2', violations: '0' });
  });

  test('a hand-written Service that selects nothing fails, reported by rule with object, field, file and construct', async () => {
    const broken = service({ selector: { app: 'wbe' } });
    const { report, json, dir } = await validate({ 'a.k8s.yaml': [withPodSettings(restrictedWeb())], 'b.k8s.yaml': [broken] });
    expect(report.success).toBe(false);
    expect(json.violations).toEqual([{
      ruleName: 'service-selector',
      recommendation: 'A Service selects pods in its namespace; one that selects none has no endpoints.',
      fix: 'Correct spec.selector to labels the pods carry, or put the Service in the pods\' namespace.',
      violatingConstructs: [{
        resourceName: 'Service/web',
        // cdk8s's metadata names one construct for `web`, and the Deployment in the other file is `web` too.
        constructPath: undefined,
        manifestPath: path.join(dir, 'b.k8s.yaml'),
        locations: ['Service/web spec.selector: selects no pods: no pod template in namespace "default" carries all of {"app":"wbe"}'],
      }],
    }]);
    expect(json.summary).toMatchObject({ status: 'failure', metadata: { objects: '2', violations: '1' } });
    expect(report.toString()).toContain('service-selector (1 occurrences)');
  });

  test('construct paths come from the index the app wrote, by kind, namespace and name', async () => {
    const broken = service({ selector: { app: 'wbe' } });
    const index = { version: '1', resources: { 'Deployment/web': { path: 'chart/web/Deployment' }, 'Service/web': { path: 'chart/web/Service' } } };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validation-plugin-'));
    fs.writeFileSync(path.join(dir, CONSTRUCT_INDEX_FILE), JSON.stringify(index));
    Yaml.save(path.join(dir, 'a.k8s.yaml'), [restrictedWeb(), broken]);
    const context = new ValidationContext([path.join(dir, 'a.k8s.yaml')], 'cdk8s-patterns', '0.0.0', { web: { path: 'chart/web/Service/Resource' } });
    await new ManifestChecksValidation().validate(context);
    const constructs = context.report.toJson().violations.flatMap(v => v.violatingConstructs.map(c => `${v.ruleName} ${c.resourceName} ${c.constructPath}`));
    expect(constructs).toEqual([
      'service-selector Service/web chart/web/Service',
      'service-account-token Deployment/web chart/web/Deployment',
    ]);
  });

  test('without an index, the name-keyed path of cdk8s goes only to the object it belongs to', async () => {
    // cdk8s records, for each name, the last object synthesized with it: here the Service.
    const broken = service({ selector: { app: 'wbe' } });
    const { json } = await validate({ 'a.k8s.yaml': [restrictedWeb(), broken] });
    expect(json.violations.flatMap(v => v.violatingConstructs.map(c => `${c.resourceName} ${c.constructPath}`))).toEqual([
      'Service/web chart/web',
      'Deployment/web undefined',
    ]);
  });

  test('each rule of the checks has advice of its own', () => {
    const read = (file: string) => fs.readFileSync(path.join(root, 'lib/checks', file), 'utf-8');
    // The rule ids, read from the checks' sources: `rule: '...'`, and the rule argument of their report() calls.
    const rules = new Set([
      ...['storage.ts', 'wiring.ts'].flatMap(file => [...read(file).matchAll(/rule: '([a-z-]+)'/g)].map(m => m[1])),
      ...reportArguments(read('wiring.ts'), 1),
      ...reportArguments(read('pod-security.ts'), 2),
      ...reportArguments(read('routes.ts'), 1),
      // Attachment findings come from lib/shared/gateway-api.ts as `rule: '...'`.
      ...[...fs.readFileSync(path.join(root, 'lib/shared/gateway-api.ts'), 'utf-8').matchAll(/rule: '([a-z-]+)'/g)].map(m => m[1]),
    ]);
    for (const known of ['route-backend', 'route-grant', 'route-parent', 'route-allowed', 'route-hostnames', 'route-weights', 'gateway-tls', 'gateway-grant']) expect(rules).toContain(known);
    for (const known of ['service-selector', 'unique-names', 'claim-fit', 'configmap-rollout', 'image-tag', 'resources', 'sysctls']) expect(rules).toContain(known);
    expect([...rules].filter(r => !GUIDED_RULES.includes(r))).toEqual([]);
  });

  test('docs/review.md lists every rule id, with its family', () => {
    const doc = fs.readFileSync(path.join(root, 'docs/review.md'), 'utf-8');
    const listed = [...doc.matchAll(/^\| `([a-z-]+)` \| (wiring|podSecurity|profile) \|/gm)].map(m => m[1]);
    expect([...listed].sort()).toEqual([...GUIDED_RULES, ...GUIDED_PROFILE_RULES].sort());
  });

  test('charts are checked together: a reference into another file resolves', async () => {
    const { report } = await validate({ 'pods.k8s.yaml': [withPodSettings(restrictedWeb())], 'svc.k8s.yaml': [service({})] });
    expect(report.success).toBe(true);
  });

  test('pod security is checked, and grouped by rule, sorted', async () => {
    const { json } = await validate({ 'a.k8s.yaml': [restrictedWeb(), service({})] });
    expect(json.violations.map(v => v.ruleName)).toEqual(['service-account-token']);
    expect(json.violations[0].fix).toContain('cdk8s-patterns.io/pod-security-exceptions');
    const { json: loose } = await validate({ 'a.k8s.yaml': [deployment('web'), service({})] });
    expect(loose.violations.map(v => v.ruleName)).toEqual([...loose.violations.map(v => v.ruleName)].sort());
    expect(loose.violations.map(v => v.ruleName)).toContain('privilege-escalation');
  });

  test('properties switch a family off or skip rules', async () => {
    const files = { 'a.k8s.yaml': [deployment('web'), service({ selector: { app: 'nothing' } })] };
    expect((await validate(files, { podSecurity: false })).json.violations.map(v => v.ruleName)).toEqual(['service-selector']);
    expect((await validate(files, { wiring: false, podSecurity: false })).report.success).toBe(true);
    const skipped = await validate(files, { skipRules: ['service-selector', 'image-tag'] });
    expect(skipped.json.violations.map(v => v.ruleName)).not.toContain('service-selector');
    expect(skipped.json.violations.length).toBeGreaterThan(0);
  });

  test('misspelt or mistyped properties in cdk8s.yaml fail loudly', () => {
    expect(() => new ManifestChecksValidation({ podsecurity: false } as any)).toThrow(
      "ManifestChecksValidation: unknown properties 'podsecurity' in cdk8s.yaml; known: wiring, podSecurity, skipRules, profile");
    expect(() => new ManifestChecksValidation({ wiring: 'no' } as any)).toThrow("property 'wiring' must be true or false, got \"no\"");
    expect(() => new ManifestChecksValidation({ skipRules: 'image-tag' } as any)).toThrow("property 'skipRules' must be a list of rule ids");
    expect(() => new ManifestChecksValidation({ profile: true } as any)).toThrow("property 'profile' must be the path of a cluster profile file, got true");
    expect(() => new ManifestChecksValidation({ profile: '/nonexistent/prod.yaml' })).toThrow("ClusterProfile '/nonexistent/prod.yaml': invalid file");
  });

  describe('profile: the objects against the target cluster too', () => {
    const profileFile = (cluster: 'current' | 'legacy-1.28') => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-profile-')), `${cluster}.yaml`);
      fs.writeFileSync(file, new lib.ClusterProfile(fixtureProps(cluster)).toYaml());
      return file;
    };
    const claimOf = (storageClassName: string) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteMany'], storageClassName, resources: { requests: { storage: '1Gi' } } },
    });
    const external = (m: any) => ({ ...m, metadata: { ...m.metadata, annotations: { 'cdk8s-patterns.io/external-storage-class': m.spec.storageClassName } } });

    test('a claim of a class the cluster has passes; on a cluster without it, the profile rule fails with its advice', async () => {
      const files = { 'a.k8s.yaml': [external(claimOf('nfs-csi'))] };
      expect((await validate(files, { profile: profileFile('current') })).report.success).toBe(true);
      const { report, json } = await validate(files, { profile: profileFile('legacy-1.28') });
      expect(report.success).toBe(false);
      expect(json.violations).toEqual([expect.objectContaining({
        ruleName: 'profile-storage-class',
        recommendation: expect.stringContaining('names a StorageClass the cluster (or the app) has'),
        violatingConstructs: [expect.objectContaining({
          resourceName: 'PersistentVolumeClaim/data',
          locations: ['PersistentVolumeClaim/data spec.storageClassName: the cluster profile \'legacy\' has no StorageClass "nfs-csi" (it has: standard)'],
        })],
      })]);
      expect((await validate(files, { profile: profileFile('legacy-1.28'), skipRules: ['profile-storage-class'] })).report.success).toBe(true);
    });

    test('without a profile nothing is checked against a cluster', async () => {
      expect((await validate({ 'a.k8s.yaml': [external(claimOf('nfs-csi'))] })).report.success).toBe(true);
    });

    test('each profile rule has advice of its own', () => {
      const rules = new Set([...fs.readFileSync(path.join(root, 'lib/profile/check.ts'), 'utf-8').matchAll(/'(profile-[a-z-]+)'/g)].map(m => m[1]));
      expect(rules.size).toBeGreaterThanOrEqual(10);
      expect([...rules].filter(r => !GUIDED_PROFILE_RULES.includes(r))).toEqual([]);
    });
  });
});

describe('ManifestChecksValidation through the real `cdk8s synth`', () => {
  const fixture = path.join(__dirname, '../fixtures/broken-app');

  function synth(env: { [key: string]: string }) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'broken-app-'));
    const result = spawnSync(cli, ['synth', '--no-check-upgrade', '--output', outdir], {
      cwd: fixture, encoding: 'utf-8', env: { ...process.env, ...env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' },
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}`, outdir };
  }

  test('a correct hand-written app synthesizes, and the report says so', () => {
    const { status, output, outdir } = synth({ BROKEN: '0' });
    expect(output).toContain('Validations ended succesfully');
    expect(status).toBe(0);
    expect(fs.existsSync(path.join(outdir, 'shop.k8s.yaml'))).toBe(true);
  }, 120_000);

  test('a hand-written Service whose selector matches nothing fails synth with a clear report', () => {
    const { status, output } = synth({ BROKEN: '1' });
    expect(status).toBe(2);
    expect(output).toContain('service-selector (1 occurrences)');
    expect(output).toContain('- Construct Path: shop/service');
    expect(output).toContain('- Resource Name: Service/shop');
    expect(output).toContain('> Service/shop spec.selector: selects no pods: no pod template in namespace "default" carries all of {"app":"shopp"}');
    expect(output).toContain('Recommendation: A Service selects pods in its namespace; one that selects none has no endpoints.');
    expect(output).toContain('Validation failed. See above reports for details');
  }, 120_000);

  test('a violation on a pattern\'s Deployment names the Deployment, not the Service or Ingress of the same name', () => {
    const { status, output, outdir } = synth({ PATTERN: '1' });
    expect(status).toBe(2);
    expect(output).toContain('service-account-token (1 occurrences)');
    expect(output).toContain('- Construct Path: shop/web/Deployment\n');
    expect(output).toContain('- Resource Name: Deployment/web');
    expect(output).not.toContain('shop/web/Service');
    expect(fs.existsSync(path.join(outdir, CONSTRUCT_INDEX_FILE))).toBe(true);
  }, 120_000);
});

describe('the examples load the plugin', () => {
  const examples = fs.readdirSync(path.join(root, 'examples')).filter(name => fs.existsSync(path.join(root, 'examples', name, 'cdk8s.yaml')));

  test.each(examples)('examples/%s/cdk8s.yaml names the library and its plugin class', name => {
    const dir = path.join(root, 'examples', name);
    const [config] = Yaml.load(path.join(dir, 'cdk8s.yaml'));
    const validation = (config.validations ?? []).find((v: any) => v.class === 'ManifestChecksValidation');
    expect(validation).toBeDefined();
    // The CLI loads a package starting with './' from that folder: this repository's root, the library.
    expect(validation.package.startsWith('./')).toBe(true);
    expect(path.resolve(dir, validation.package)).toEqual(root);
    expect(validation.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect((lib as any)[validation.class]).toBe(ManifestChecksValidation);
  });
});

/** The string literals passed as argument `n` of every `report(...)` call in a source file. */
function reportArguments(source: string, n: number): string[] {
  const out: string[] = [];
  for (const match of source.matchAll(/\breport\(/g)) {
    const args: string[] = [];
    let depth = 0;
    let quote: string | undefined;
    let current = '';
    for (const ch of source.slice(match.index! + match[0].length)) {
      if (quote) {
        current += ch;
        if (ch === quote) quote = undefined;
        continue;
      }
      if (ch === "'" || ch === '`') quote = ch;
      if ('([{'.includes(ch)) depth++;
      if (')]}'.includes(ch)) {
        if (depth === 0) break;
        depth--;
      }
      if (ch === ',' && depth === 0) {
        args.push(current.trim());
        current = '';
        continue;
      }
      current += ch;
    }
    args.push(current.trim());
    const literal = /^'([a-z-]+)'$/.exec(args[n] ?? '');
    if (literal) out.push(literal[1]);
  }
  return out;
}
