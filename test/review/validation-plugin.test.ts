import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { deployment, service } from './manifests';
import * as lib from '../../lib';
import { ManifestChecksValidation, ManifestChecksValidationProps } from '../../lib';

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
      recommendation: expect.stringContaining('Every reference between objects must meet its target'),
      fix: expect.stringContaining('Correct each location as its message says'),
      violatingConstructs: [{
        resourceName: 'web',
        constructPath: 'chart/web',
        manifestPath: path.join(dir, 'b.k8s.yaml'),
        locations: ['Service/web spec.selector: selects no pods: no pod template in namespace "default" carries all of {"app":"wbe"}'],
      }],
    }]);
    expect(json.summary).toMatchObject({ status: 'failure', metadata: { objects: '2', violations: '1' } });
    expect(report.toString()).toContain('service-selector (1 occurrences)');
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
      "ManifestChecksValidation: unknown properties 'podsecurity' in cdk8s.yaml; known: wiring, podSecurity, skipRules");
    expect(() => new ManifestChecksValidation({ wiring: 'no' } as any)).toThrow("property 'wiring' must be true or false, got \"no\"");
    expect(() => new ManifestChecksValidation({ skipRules: 'image-tag' } as any)).toThrow("property 'skipRules' must be a list of rule ids");
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
    expect(output).toContain('> Service/shop spec.selector: selects no pods: no pod template in namespace "default" carries all of {"app":"shopp"}');
    expect(output).toContain('Validation failed. See above reports for details');
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
