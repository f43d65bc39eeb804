import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterProfile } from '../../lib';
import { checkAgainstProfileAtSynth, clusterDomainFor, nodePortRangeFor } from '../../lib/profile/hooks';
import { expectError } from '../support/synth';

const profile = () => new ClusterProfile({ name: 'corp', clusterDomain: 'corp.internal', nodePortRange: { min: 31000, max: 31999 } });

describe('what patterns read while being built', () => {
  test('the cluster domain and node port range of the profile, or the defaults without one', () => {
    const app = Testing.app();
    const plain = new Chart(app, 'plain');
    const corp = new Chart(app, 'corp');
    profile().attach(corp);
    expect(clusterDomainFor(new Construct(plain, 'a'))).toEqual('cluster.local');
    expect(nodePortRangeFor(new Construct(plain, 'b'))).toBeUndefined();
    expect(clusterDomainFor(new Construct(corp, 'a'))).toEqual('corp.internal');
    expect(nodePortRangeFor(new Construct(corp, 'b'))).toEqual({ min: 31000, max: 31999 });
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
