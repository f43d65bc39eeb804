import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClusterProfile, ClusterProfileProps, PodSecurityLevel } from '../../lib';
import { parseProfile, profileToYaml, readProfileFile } from '../../lib/profile/file';
import { fixtureProps } from '../support/profiles';
import { expectError } from '../support/synth';

const write = (text: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'profile-')), 'prod.yaml');
  fs.writeFileSync(file, text);
  return file;
};

describe('the profile file', () => {
  test('round trip: what profileToYaml writes, readProfileFile reads back the same', () => {
    const props = fixtureProps('current', 'prod');
    const text = profileToYaml(props, ['written by a test']);
    expect(text.split('\n').slice(0, 4)).toEqual(['# written by a test', 'apiVersion: cdk8s-patterns.io/v1', 'kind: ClusterProfile', 'name: prod']);
    const read = readProfileFile(write(text));
    expect(JSON.parse(JSON.stringify(read))).toEqual(JSON.parse(JSON.stringify(props)));
  });

  test('fields in a fixed order, undefined ones left out, no anchors, strings YAML 1.1 would misread (yes, n) quoted', () => {
    const props: ClusterProfileProps = {
      name: 'prod',
      kubernetesVersion: '1.30',
      defaultPodSecurity: PodSecurityLevel.BASELINE,
      namespaces: [{ name: 'a', labels: { flag: 'yes', n: '1' } }, { name: 'b', labels: { flag: 'yes', n: '1' } }],
    };
    const text = profileToYaml(props);
    expect(text).toEqual([
      'apiVersion: cdk8s-patterns.io/v1', 'kind: ClusterProfile', 'name: prod', 'kubernetesVersion: "1.30"', 'defaultPodSecurity: baseline', 'namespaces:',
      '  - name: a', '    labels:', '      flag: "yes"', '      "n": "1"', '  - name: b', '    labels:', '      flag: "yes"', '      "n": "1"', '',
    ].join('\n'));
    expect(readProfileFile(write(text)).namespaces![0].labels).toEqual({ flag: 'yes', n: '1' });
  });

  test('JSON is YAML too', () => {
    expect(readProfileFile(write(JSON.stringify({ apiVersion: 'cdk8s-patterns.io/v1', kind: 'ClusterProfile', name: 'p' }))).name).toEqual('p');
  });

  test('ClusterProfile.fromFile names the file in its errors', () => {
    const file = write('apiVersion: cdk8s-patterns.io/v1\nkind: ClusterProfile\nname: p\nkubernetesVersion: "1"\n');
    expectError(() => ClusterProfile.fromFile(file), `ClusterProfile '${file}': invalid kubernetesVersion "1": must be a Kubernetes version as major.minor, such as '1.31'`);
  });
});

describe('a file that is no profile, or has fields no profile has', () => {
  test.each<[string, unknown, string]>([
    ['a list', [], 'invalid kind []: must be ClusterProfile: a profile file is written by \'cdk8s-patterns profile\''],
    ['another kind', { kind: 'List' }, 'invalid kind "List": must be ClusterProfile: a profile file is written by \'cdk8s-patterns profile\''],
    ['another apiVersion', { kind: 'ClusterProfile', apiVersion: 'v1' }, 'invalid apiVersion "v1": must be cdk8s-patterns.io/v1'],
    ['a misspelt field', { kind: 'ClusterProfile', apiVersion: 'cdk8s-patterns.io/v1', name: 'p', storgeClasses: [] },
      'invalid storgeClasses []: is not a field of the profile here; known: apiVersion, kind, name, kubernetesVersion, clusterDomain, nodePortRange, defaultPodSecurity, '
      + 'storageClasses, ingressClasses, gatewayClasses, gateways, namespaces, apiVersions, apiResources'],
    ['a misspelt nested field', { kind: 'ClusterProfile', apiVersion: 'cdk8s-patterns.io/v1', name: 'p', gateways: [{ name: 'g', listeners: [{ nmae: 'x' }] }] },
      'invalid gateways[0].listeners[0].nmae "x": is not a field of the profile here; known: name, protocol, port, hostname, allowedRoutesFrom, allowedRoutesSelector, allowedRouteKinds'],
    ['a list entry that is no object', { kind: 'ClusterProfile', apiVersion: 'cdk8s-patterns.io/v1', name: 'p', storageClasses: ['standard'] },
      'invalid storageClasses[0] "standard": must be an object'],
  ])('%s', (_, doc, message) => {
    expectError(() => parseProfile('prod.yaml', doc), `ClusterProfile 'prod.yaml': ${message}`);
  });

  test('an unreadable file, and one that is not YAML', () => {
    expectError(() => readProfileFile('/nonexistent/prod.yaml'), 'ClusterProfile \'/nonexistent/prod.yaml\': invalid file "/nonexistent/prod.yaml": cannot be read (ENOENT)');
    const broken = write('name: [p\n');
    expect(() => readProfileFile(broken)).toThrow(`ClusterProfile '${broken}': invalid file "${broken}": is not valid YAML: `);
  });
});
