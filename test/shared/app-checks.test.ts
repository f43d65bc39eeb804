import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ExposedWebApp, NfsStorageClass, VolumeClaim } from '../../lib';
import { CONSTRUCT_INDEX_FILE } from '../../lib/shared/construct-index';

function synthError(app: App): string {
  try {
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the synth to fail');
}

describe('app-wide checks at synth', () => {
  test('each message carries the path of the construct it is about, not the root\'s empty one', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    new VolumeClaim(chart, 'claim', { size: '1Gi', storageClassName: 'fast' });
    new ExposedWebApp(chart, 'web', { image: 'nginxinc/nginx-unprivileged:1.27.3-alpine' });
    // A hand-written object that takes the pattern's name: reported on its own construct.
    new kplus.Deployment(chart, 'clash', { metadata: { name: 'web' }, containers: [{ image: 'busybox:1.36.1' }] });
    const message = synthError(app);
    expect(message).not.toContain('[] ');
    expect(message).toContain("\n  [shop/claim] VolumeClaim 'shop/claim': invalid storageClassName \"fast\": no StorageClass");
    expect(message).toContain("\n  [shop/clash] Deployment 'shop/clash': invalid metadata.name \"web\": 'shop/web/Deployment' already uses this name");
  });

  test('a second synth reports the same messages once each', () => {
    const app = Testing.app();
    new VolumeClaim(new Chart(app, 'shop'), 'claim', { size: '1Gi', storageClassName: 'fast' });
    const first = synthError(app);
    expect(synthError(app)).toEqual(first);
    expect(first.split('invalid storageClassName')).toHaveLength(2);
  });
});

describe('the construct index for the validation plugin', () => {
  const synthWith = (record: string | undefined) => {
    const before = process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    if (record === undefined) delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    else process.env.CDK8S_RECORD_CONSTRUCT_METADATA = record;
    try {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'construct-index-')) });
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      new ExposedWebApp(chart, 'web', { image: 'nginxinc/nginx-unprivileged:1.27.3-alpine', ingress: { hosts: ['shop.example.com'] } });
      app.synth();
      return app.outdir;
    } finally {
      if (before === undefined) delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
      else process.env.CDK8S_RECORD_CONSTRUCT_METADATA = before;
    }
  };

  test('is written when cdk8s synth records construct metadata, keyed by kind, namespace and name', () => {
    const index = JSON.parse(fs.readFileSync(path.join(synthWith('true'), CONSTRUCT_INDEX_FILE), 'utf-8'));
    expect(index).toEqual({
      version: '1',
      resources: {
        'Deployment/shop/web': { path: 'shop/web/Deployment' },
        'Service/shop/web': { path: 'shop/web/Service' },
        'Ingress/shop/web': { path: 'shop/web/Ingress' },
      },
    });
  });

  test('cluster-scoped objects, whose namespace the patterns drop, are found under Kind/name too', () => {
    process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'true';
    try {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'construct-index-')) });
      new NfsStorageClass(new Chart(app, 'storage', { namespace: 'storage' }), 'nfs', { server: '10.0.0.1', path: '/export' });
      app.synth();
      const index = JSON.parse(fs.readFileSync(path.join(app.outdir, CONSTRUCT_INDEX_FILE), 'utf-8')).resources;
      const written = Yaml.load(path.join(app.outdir, 'storage.k8s.yaml'));
      const key = (m: any) => (m.metadata.namespace ? `${m.kind}/${m.metadata.namespace}/${m.metadata.name}` : `${m.kind}/${m.metadata.name}`);
      expect(written.map(key).filter((k: string) => !index[k])).toEqual([]);
      expect(index['StorageClass/nfs']).toEqual({ path: 'storage/nfs/StorageClass' });
    } finally {
      delete process.env.CDK8S_RECORD_CONSTRUCT_METADATA;
    }
  });

  test('is not written otherwise', () => {
    expect(fs.readdirSync(synthWith(undefined))).toEqual(['shop.k8s.yaml']);
  });
});
