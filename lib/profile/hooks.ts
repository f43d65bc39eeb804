import { IConstruct } from 'constructs';
import { DEFAULT_CLUSTER_DOMAIN, ProfileFacts } from './facts';
import { attachmentOf, readAttachment } from './registry';
import { NodePortRange } from './types';

/*
 * What patterns call while they are being built. Reads are recorded: attaching a profile
 * above a construct that already read one (or none) fails, rather than leaving it stale.
 */

/** The DNS domain of the cluster a construct goes to: its profile's, else `cluster.local`. */
export function clusterDomainFor(scope: IConstruct): string {
  return readAttachment(scope, 'the cluster domain')?.facts.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
}

/** The node port range of the cluster a construct goes to; undefined without a profile (the default range applies). */
export function nodePortRangeFor(scope: IConstruct): NodePortRange | undefined {
  return readAttachment(scope, 'the node port range')?.facts.nodePortRange;
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
