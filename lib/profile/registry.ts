import { IConstruct } from 'constructs';
import { ProfileFacts } from './facts';
import { Reporter } from '../shared/errors';

/** A profile attached to a scope: the public object (for `ClusterProfile.of`) and its facts. */
export interface Attachment {
  readonly profile: object;
  readonly facts: ProfileFacts;
}

const ATTACHED = new WeakMap<IConstruct, Attachment>();

/** Constructs that read their profile while being built, per app: an attach above them afterwards would not reach them. */
const READS = new WeakMap<IConstruct, { reader: IConstruct; what: string }[]>();

/** The scope holding the profile that applies to `scope`: itself or its nearest ancestor with one. */
function holderOf(scope: IConstruct): IConstruct | undefined {
  const scopes = scope.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    if (ATTACHED.has(scopes[i])) return scopes[i];
  }
  return undefined;
}

/** The profile that applies to a construct: the one attached to it or to its nearest ancestor. */
export function attachmentOf(scope: IConstruct): Attachment | undefined {
  const holder = holderOf(scope);
  return holder ? ATTACHED.get(holder) : undefined;
}

/**
 * Attaches a profile to a scope. Refused when the scope already has one, or when a construct
 * below it already read another profile (or none) while being built: it would keep what it read.
 */
export function attach(report: Reporter, scope: IConstruct, attachment: Attachment): void {
  if (ATTACHED.has(scope)) {
    report.fail('attach', scope.node.path, `'${scope.node.path || '<app>'}' already has a cluster profile ('${ATTACHED.get(scope)!.facts.name}'); attach one profile per App or Chart`);
  }
  for (const read of READS.get(scope.node.root) ?? []) {
    const under = read.reader.node.scopes.includes(scope);
    const holder = holderOf(read.reader);
    // A nearer profile, between the reader and `scope`, still wins: the read stays right.
    const shadowed = holder !== undefined && holder.node.scopes.includes(scope) && holder !== scope;
    if (under && !shadowed) {
      report.fail('attach', scope.node.path,
        `'${read.reader.node.path}' already read the cluster profile (${read.what}) while being built; attach the profile before creating the constructs below '${scope.node.path || '<app>'}'`);
    }
  }
  ATTACHED.set(scope, attachment);
}

/**
 * The profile a construct reads while it is being built (a DNS domain, a node port range):
 * recorded, so that attaching a profile above it later fails instead of leaving it stale.
 */
export function readAttachment(reader: IConstruct, what: string): Attachment | undefined {
  const root = reader.node.root;
  const reads = READS.get(root) ?? [];
  reads.push({ reader, what });
  READS.set(root, reads);
  return attachmentOf(reader);
}
