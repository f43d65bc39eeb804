import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { buildApp as configInjection } from '../../examples/config-injection/app';
import { buildApp as nfsStorage } from '../../examples/nfs-storage/app';
import { buildApp as statefulApp } from '../../examples/stateful-app/app';
import { buildApp as webApp } from '../../examples/web-app/app';

const MONOKLE = path.join(__dirname, '..', '..', 'scripts', 'monokle.mjs');

/** Monokle's findings on the YAML an example writes, one JSON object each (scripts/monokle.mjs). */
function findings(build: (app: App) => void): { rule: string; object: string; message: string }[] {
  const app = Testing.app();
  build(app);
  app.synth();
  const files = fs.readdirSync(app.outdir).filter(f => f.endsWith('.k8s.yaml')).map(f => path.join(app.outdir, f));
  expect(files.length).toBeGreaterThan(0);
  const output = execFileSync(process.execPath, [MONOKLE, ...files], { encoding: 'utf8' });
  return output.split('\n').filter(l => l.trim() !== '').map(l => JSON.parse(l));
}

describe('Monokle, an external validator, finds nothing in the examples', () => {
  test.each([
    ['config-injection', configInjection],
    ['nfs-storage', nfsStorage],
    ['stateful-app', statefulApp],
    ['web-app', webApp],
  ] as const)('%s', (_, build) => {
    expect(findings(build)).toEqual([]);
  });

  test('the runner does report: uid and gid 1001 are KBP104 and KBP105 findings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monokle-'));
    const file = path.join(dir, 'low-ids.k8s.yaml');
    fs.writeFileSync(file, [
      'apiVersion: v1', 'kind: Pod', 'metadata: { name: low }', 'spec:',
      '  securityContext: { runAsUser: 1001, runAsGroup: 1001, runAsNonRoot: true }',
      '  containers: [{ name: app, image: "busybox:1.36.1" }]', '',
    ].join('\n'));
    const rules = execFileSync(process.execPath, [MONOKLE, file], { encoding: 'utf8' })
      .split('\n').filter(l => l).map(l => JSON.parse(l).rule);
    expect(rules).toEqual(expect.arrayContaining(['KBP104', 'KBP105']));
  });
});
