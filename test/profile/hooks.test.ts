import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterProfile } from '../../lib';
import { checkAgainstProfileAtSynth, checkNodePortFor, clusterDomainFor } from '../../lib/profile/hooks';
import { Reporter } from '../../lib/shared/errors';
import { expectError } from '../support/synth';

const profile = () => new ClusterProfile({ name: 'corp', clusterDomain: 'corp.internal', nodePortRange: { min: 31000, max: 31999 } });

describe('what patterns read while being built', () => {
  test('the cluster domain and node port range of the profile, or the defaults without one', () => {
    const app = Testing.app();
    const plain = new Chart(app, 'plain');
    const corp = new Chart(app, 'corp');
    profile().attach(corp);
    expect(clusterDomainFor(new Construct(plain, 'a'))).toEqual('cluster.local');
    expect(clusterDomainFor(new Construct(corp, 'a'))).toEqual('corp.internal');
    // Node ports: the API server's default range without a profile, the profile's with one.
    const port = (chart: Chart, id: string, value: number) => {
      const scope = new Construct(chart, id);
      return () => checkNodePortFor(scope, new Reporter(scope, 'X'), 'nodePort', value);
    };
    expect(port(plain, 'b', 30080)()).toEqual(30080);
    expect(port(plain, 'c', 31500)()).toEqual(31500);
    expect(port(corp, 'b', 31000)()).toEqual(31000);
    expect(port(corp, 'c', 31999)()).toEqual(31999);
    expect(port(corp, 'd', 30080)).toThrow(/^X 'corp\/d': invalid nodePort 30080: .*31000-31999/);
    expect(port(plain, 'd', 32768)).toThrow(/^X 'plain\/d': invalid nodePort 32768: .*30000-32767/);
  });

  test('a read before the profile is attached makes the late attach fail, rather than leave the construct stale', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    clusterDomainFor(new Construct(chart, 'web'));
    expectError(() => profile().attach(app),
      "ClusterProfile 'corp': invalid attach \"\": 'c/web' already read the cluster profile (the cluster domain) while being built; attach the profile before creating the constructs below '<app>'");
  });
});

describe('checkAgainstProfileAtSynth: a construct\'s own check, at synth, only under a profile', () => {
  test('runs with the profile that applies at synth, even one attached after the construct', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const seen: string[] = [];
    checkAgainstProfileAtSynth(new Construct(chart, 'x'), facts => {
      seen.push(facts.name);
      return [`X 'c/x': invalid prop "v": the cluster profile '${facts.name}' says no`];
    });
    expect(chart.node.findAll().flatMap(n => n.node.validate())).toEqual([]);
    expect(seen).toEqual([]);
    profile().attach(chart);
    expect(chart.node.findAll().flatMap(n => n.node.validate())).toEqual(["X 'c/x': invalid prop \"v\": the cluster profile 'corp' says no"]);
  });
});
