import * as fs from 'fs';
import * as path from 'path';
import { ClusterProfile, ClusterProfileProps } from '../../lib';
import { profileFromCaptures } from '../../lib/profile/kubectl';

/** The captured clusters under test/fixtures/profile: a current one, and an older 1.28 one without the Gateway API or NFS. */
export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'profile');

/** The files of a captured cluster, as `cdk8s-patterns profile <dir>` reads them. */
export function captureFiles(cluster: 'current' | 'legacy-1.28') {
  const dir = path.join(FIXTURES, cluster);
  return fs.readdirSync(dir).sort().map(f => ({ path: path.join(dir, f), text: fs.readFileSync(path.join(dir, f), 'utf-8') }));
}

/** The props of a captured cluster's profile. */
export function fixtureProps(cluster: 'current' | 'legacy-1.28', name = cluster === 'current' ? 'current' : 'legacy'): ClusterProfileProps {
  return profileFromCaptures(captureFiles(cluster), { name }).props;
}

/** A captured cluster's profile. */
export function fixtureProfile(cluster: 'current' | 'legacy-1.28'): ClusterProfile {
  return new ClusterProfile(fixtureProps(cluster));
}
