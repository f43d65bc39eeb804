/**
 * Runs Monokle (@monokle/validation, an external validator) on YAML files and prints its
 * findings as JSON lines: `{ rule, object, message }`. Exit 0 either way; callers count.
 *
 *   node scripts/monokle.mjs examples/web-app/dist/*.k8s.yaml
 *
 * Plugins: the four of Monokle's default validator (`createDefaultMonokleValidator`:
 * kubernetes-schema, yaml-syntax, pod-security-standards, resource-links) plus `practices`,
 * where KBP104 / KBP105 (user and group ids above 10000) live, all with their default rules.
 * Everything runs offline: the practices, pod-security, link and syntax rules are code in the
 * package; `kubernetes-schema` fetches the Kubernetes JSON schemas from the network at run time
 * and, with no network, checks nothing (the strict validator in test/support/strict does that
 * job). `open-policy-agent` and `metadata` are not in the default set and are left out.
 *
 * Monokle is an ES module; this file is one too, so the CommonJS test suite and scripts run it
 * as a child process.
 */
import { createDefaultMonokleValidator } from '@monokle/validation';
import * as fs from 'fs';
import YAML from 'yaml';

const resources = [];
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  for (const doc of YAML.parseAllDocuments(text)) {
    const content = doc.toJS();
    if (!content) continue;
    resources.push({
      id: `${file}#${resources.length}`,
      fileId: file,
      filePath: file,
      fileOffset: text.slice(0, doc.range[0]).split('\n').length - 1,
      text: text.slice(doc.range[0], doc.range[2]),
      content,
      kind: content.kind,
      apiVersion: content.apiVersion,
      name: content.metadata?.name,
      namespace: content.metadata?.namespace,
    });
  }
}

const validator = createDefaultMonokleValidator();
await validator.preload({
  plugins: { 'kubernetes-schema': true, 'yaml-syntax': true, 'pod-security-standards': true, 'resource-links': true, 'practices': true },
});
const failed = validator.getFailedPlugins();
if (failed.length > 0) {
  console.error(`Monokle plugins failed to load: ${failed.join(', ')}`);
  process.exit(2);
}
const response = await validator.validate({ resources });
for (const run of response.runs) {
  for (const result of run.results) {
    const object = result.locations?.[1]?.logicalLocations?.[0]?.fullyQualifiedName ?? '';
    console.log(JSON.stringify({ rule: result.ruleId, object: object.replace(/@.*$/, ''), message: result.message.text }));
  }
}
