import { IConstruct } from 'constructs';
import { DEFAULT_CLUSTER_DOMAIN, ProfileFacts } from './facts';
import { attachmentOf, readAttachment } from './registry';
import { nodePortProblem } from './rules';
import { checkNodePort } from '../shared/checks';
import { Reporter } from '../shared/errors';

/*
 * What patterns call while they are being built. Reads are recorded: attaching a profile
 * above a construct that already read one (or none) fails, rather than leaving it stale.
 */

/** The DNS domain of the cluster a construct goes to: its profile's, else `cluster.local`. */
export function clusterDomainFor(scope: IConstruct): string {
  return readAttachment(scope, 'the cluster domain')?.facts.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
}

/**
 * Checks a node port a construct asks for against the range of its cluster: the profile's, or
 * without one the API server's default (30000-32767, with the message it always had).
 */
export function checkNodePortFor(scope: IConstruct, report: Reporter, prop: string, port: number): number {
  const facts = readAttachment(scope, 'the node port range')?.facts;
  if (facts === undefined) return checkNodePort(report, prop, port);
  const { min, max } = facts.nodePortRange;
  const problem = Number.isInteger(port) ? nodePortProblem(facts, port) : `must be within the node port range ${min}-${max} of the cluster profile '${facts.name}'`;
  if (problem !== undefined) report.fail(prop, port, problem);
  return port;
}

/**
 * A check of a construct's props against the profile that applies to it, run at synth (when
 * every profile is attached) and only when there is one: `check` returns messages in the
 * library's format, made with the construct's Reporter.
 */
export function checkAgainstProfileAtSynth(scope: IConstruct, check: (facts: ProfileFacts) => string[]): void {
  scope.node.addValidation({
    validate: () => {
      const facts = attachmentOf(scope)?.facts;
      return facts ? check(facts) : [];
    },
  });
}
