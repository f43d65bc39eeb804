/**
 * Regenerates test/fixtures/gateway-api/: the OpenAPI schemas of the Gateway API standard-channel
 * CRDs the library writes objects of, for the strict schema check in
 * test/support/gateway-api-schema.ts.
 *
 *   git clone https://github.com/kubernetes-sigs/gateway-api /tmp/gateway-api
 *   npx tsx scripts/vendor-gateway-api-schemas.ts /tmp/gateway-api v1.4.1 v1.6.1
 *
 * Each release's `config/crd/standard/gateway.networking.k8s.io_<plural>.yaml` is read at its
 * tag; descriptions and the `status` subtree are dropped (the check validates what we write,
 * never status), everything else is kept as is: types, enums, patterns, limits, list types and
 * the CEL rules (x-kubernetes-validations), which the check runs through JavaScript equivalents.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

const PLURALS = ['gatewayclasses', 'gateways', 'httproutes', 'grpcroutes', 'referencegrants'];

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: unknown } = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'description') continue;
    out[key] = strip(v);
  }
  return out;
}

const [repo, ...tags] = process.argv.slice(2);
if (!repo || tags.length === 0) {
  console.error('usage: vendor-gateway-api-schemas.ts <gateway-api checkout> <tag>...');
  process.exit(2);
}
const fixtures = path.join(__dirname, '..', 'test', 'fixtures', 'gateway-api');
for (const tag of tags) {
  const commit = execFileSync('git', ['-C', repo, 'rev-list', '-n', '1', tag], { encoding: 'utf8' }).trim();
  const dir = path.join(fixtures, tag);
  fs.mkdirSync(dir, { recursive: true });
  for (const plural of PLURALS) {
    const file = `config/crd/standard/gateway.networking.k8s.io_${plural}.yaml`;
    const crd = parse(execFileSync('git', ['-C', repo, 'show', `${tag}:${file}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
    const versions: { [name: string]: unknown } = {};
    for (const v of crd.spec.versions) {
      const schema = v.schema.openAPIV3Schema;
      delete schema.properties.status;
      versions[v.name] = { served: v.served, storage: v.storage, schema: strip(schema) };
    }
    const out = {
      source: `https://github.com/kubernetes-sigs/gateway-api/blob/${commit}/${file}`,
      bundleVersion: crd.metadata.annotations?.['gateway.networking.k8s.io/bundle-version'],
      channel: crd.metadata.annotations?.['gateway.networking.k8s.io/channel'],
      group: crd.spec.group,
      kind: crd.spec.names.kind,
      versions,
    };
    fs.writeFileSync(path.join(dir, `${plural}.json`), `${JSON.stringify(out, null, 1)}\n`);
  }
  console.log(`${tag} (${commit}): ${PLURALS.length} schemas in ${path.relative(process.cwd(), dir)}`);
}
