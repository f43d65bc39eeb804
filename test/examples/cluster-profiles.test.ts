import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { buildApp as buildConfigInjection } from '../../examples/config-injection/app';
import { buildApp as buildNfsStorage } from '../../examples/nfs-storage/app';
import { buildApp as buildStatefulApp } from '../../examples/stateful-app/app';
import { ClusterProfile } from '../../lib';
import { synthApp } from '../support/synth';

/*
 * The examples without Gateway API objects against both clusters of examples/web-app/profiles
 * (issue #13: the examples synthesize against both profiles). examples/web-app's own test
 * shows the difference the profiles make: its Gateway API charts fail on the legacy cluster.
 */
const PROFILES = path.join(__dirname, '../../examples/web-app/profiles');
const EXAMPLES: [string, (app: App) => void][] = [
  ['config-injection', buildConfigInjection],
  ['nfs-storage', buildNfsStorage],
  ['stateful-app', buildStatefulApp],
];

function build(example: (app: App) => void, profile?: string) {
  const app = Testing.app();
  if (profile) ClusterProfile.fromFile(path.join(PROFILES, `${profile}.yaml`)).attach(app);
  example(app);
  return { app, errors: app.node.findAll().flatMap(c => c.node.validate()) };
}

describe.each(EXAMPLES)('examples/%s against the cluster profiles', (_, example) => {
  test.each(['current', 'legacy-1.28'])('%s: no finding, and the same manifests as without a profile', profile => {
    const { app, errors } = build(example, profile);
    expect(ClusterProfile.of(app)?.name).toEqual(profile);
    expect(errors).toEqual([]);
    expect(synthApp(app)).toEqual(synthApp(build(example).app));
  });
});
