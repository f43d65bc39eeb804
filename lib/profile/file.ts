import * as fs from 'fs';
import * as yaml from 'yaml';
import { profileReporter } from './facts';
import { ClusterProfileProps } from './types';
import { isStruct } from '../shared/checks';
import { PatternValidationError, Reporter } from '../shared/errors';

/*
 * The profile file: what `cdk8s-patterns profile` writes and `ClusterProfile.fromFile` reads. Its
 * fields are `ClusterProfileProps`, in YAML (or JSON), under an apiVersion and kind that say
 * what the file is; a field the profile does not know is an error, so a typo is not a rule
 * silently skipped.
 */

export const PROFILE_API_VERSION = 'cdk8s-patterns.io/v1';
export const PROFILE_KIND = 'ClusterProfile';

/** The fields of each struct of the file, in the order the file writes them. */
const FIELDS: { [struct: string]: string[] } = {
  profile: ['apiVersion', 'kind', 'name', 'kubernetesVersion', 'clusterDomain', 'nodePortRange', 'defaultPodSecurity',
    'storageClasses', 'ingressClasses', 'gatewayClasses', 'gateways', 'namespaces', 'apiVersions', 'apiResources'],
  nodePortRange: ['min', 'max'],
  storageClasses: ['name', 'provisioner', 'defaultClass', 'volumeBindingMode', 'allowVolumeExpansion', 'accessModes'],
  ingressClasses: ['name', 'controller', 'defaultClass'],
  gatewayClasses: ['name', 'controllerName'],
  gateways: ['name', 'namespace', 'gatewayClassName', 'listeners'],
  listeners: ['name', 'protocol', 'port', 'hostname', 'allowedRoutesFrom', 'allowedRoutesSelector', 'allowedRouteKinds'],
  namespaces: ['name', 'podSecurityEnforce', 'labels'],
  apiResources: ['groupVersion', 'kind'],
};

/** A struct with its fields in the file's order, unknown ones refused, undefined ones left out. */
function ordered(report: Reporter, prop: string, struct: string, value: unknown): { [key: string]: unknown } {
  if (!isStruct(value)) report.fail(prop || 'props', value, 'must be an object');
  const known = FIELDS[struct];
  const at = prop ? `${prop}.` : '';
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) report.fail(`${at}${key}`, value[key], `is not a field of the profile here; known: ${known.join(', ')}`);
  }
  const out: { [key: string]: unknown } = {};
  for (const key of known) {
    const v = value[key];
    if (v === undefined || v === null) continue;
    if (FIELDS[key] && key !== 'profile') {
      out[key] = Array.isArray(v) ? v.map((item, i) => ordered(report, `${at}${key}[${i}]`, key, item)) : ordered(report, `${at}${key}`, key, v);
    } else {
      out[key] = v;
    }
  }
  return out;
}

/** The profile file's text: a comment saying where it comes from, then the fields in a fixed order. */
export function profileToYaml(props: ClusterProfileProps, comment: string[] = []): string {
  const body = ordered(profileReporter(props.name), '', 'profile', { apiVersion: PROFILE_API_VERSION, kind: PROFILE_KIND, ...props });
  const text = yaml.stringify(body, { version: '1.1', aliasDuplicateObjects: false, lineWidth: 0 });
  return [...comment.map(line => `# ${line}`.trimEnd()), text].join('\n');
}

/** The props of a profile file's parsed document; `where` names the file in errors. */
export function parseProfile(where: string, doc: unknown): ClusterProfileProps {
  const report: Reporter = profileReporter(where);
  if (!isStruct(doc) || doc.kind !== PROFILE_KIND) {
    report.fail('kind', isStruct(doc) ? doc.kind : doc, `must be ${PROFILE_KIND}: a profile file is written by 'cdk8s-patterns profile'`);
  }
  if (doc.apiVersion !== PROFILE_API_VERSION) report.fail('apiVersion', doc.apiVersion, `must be ${PROFILE_API_VERSION}`);
  const { apiVersion: _a, kind: _k, ...props } = ordered(report, '', 'profile', doc);
  return props as unknown as ClusterProfileProps;
}

/** Reads a profile file (YAML or JSON). */
export function readProfileFile(file: string): ClusterProfileProps {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    throw new PatternValidationError('ClusterProfile', file, 'file', file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const doc = yaml.parseDocument(text, { version: '1.1' });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const what = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new PatternValidationError('ClusterProfile', file, 'file', file, `is not valid YAML: ${what}${error.linePos ? ` (line ${error.linePos[0].line})` : ''}`);
  }
  let parsed: unknown;
  try {
    parsed = doc.toJS();
  } catch (e) {
    // An alias to an anchor set later, or one that would expand without end: the parser reports it only here.
    throw new PatternValidationError('ClusterProfile', file, 'file', file, `is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return parseProfile(file, parsed);
}
