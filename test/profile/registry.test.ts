import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { profileReporter, resolveProfile } from '../../lib/profile/facts';
import { attach, attachmentOf, readAttachment } from '../../lib/profile/registry';
import { expectError } from '../support/synth';

const attachment = (name: string) => ({ profile: { name }, facts: resolveProfile(profileReporter(name), { name }) });
const nameOf = (scope: Construct) => attachmentOf(scope)?.facts.name;

describe('attach and attachmentOf: the nearest scope\'s profile applies', () => {
  test('an App\'s profile reaches every construct below it; a Chart\'s overrides it for its own', () => {
    const app = Testing.app();
    const prod = new Chart(app, 'prod');
    const staging = new Chart(app, 'staging');
    attach(profileReporter('app'), app, attachment('app'));
    attach(profileReporter('staging'), staging, attachment('staging'));
    expect(nameOf(new Construct(prod, 'web'))).toEqual('app');
    expect(nameOf(new Construct(new Construct(staging, 'web'), 'deep'))).toEqual('staging');
    expect(nameOf(app)).toEqual('app');
  });

  test('no profile anywhere: undefined', () => {
    expect(attachmentOf(new Chart(Testing.app(), 'c'))).toBeUndefined();
  });

  test('one profile per scope', () => {
    const app = new App();
    attach(profileReporter('a'), app, attachment('a'));
    expectError(() => attach(profileReporter('b'), app, attachment('b')),
      "ClusterProfile 'b': invalid attach \"\": '<app>' already has a cluster profile ('a'); attach one profile per App or Chart");
  });
});

describe('a construct that read its profile while being built is not left stale', () => {
  test('attaching above it afterwards fails, naming the construct and what it read', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'prod');
    const web = new Construct(chart, 'web');
    expect(readAttachment(web, 'the cluster domain')).toBeUndefined();
    expectError(() => attach(profileReporter('prod'), app, attachment('prod')),
      "ClusterProfile 'prod': invalid attach \"\": 'prod/web' already read the cluster profile (the cluster domain) while being built; attach the profile before creating the constructs below '<app>'");
    expectError(() => attach(profileReporter('prod'), chart, attachment('prod')),
      "ClusterProfile 'prod': invalid attach \"prod\": 'prod/web' already read the cluster profile (the cluster domain) while being built; attach the profile before creating the constructs below 'prod'");
  });

  test('attaching elsewhere, or above a nearer profile that still wins, is fine', () => {
    const app = Testing.app();
    const prod = new Chart(app, 'prod');
    const other = new Chart(app, 'other');
    attach(profileReporter('prod'), prod, attachment('prod'));
    readAttachment(new Construct(prod, 'web'), 'the node port range');
    attach(profileReporter('other'), other, attachment('other'));
    attach(profileReporter('app'), app, attachment('app'));
    expect(nameOf(new Construct(prod, 'later'))).toEqual('prod');
  });

  test('reading after attaching is what it should be', () => {
    const app = Testing.app();
    attach(profileReporter('app'), app, attachment('app'));
    expect(readAttachment(new Chart(app, 'c'), 'the cluster domain')?.facts.name).toEqual('app');
  });
});
