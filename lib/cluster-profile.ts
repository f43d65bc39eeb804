import { Construct, IConstruct } from 'constructs';
import { describeObject, Violation } from './checks/manifest';
import { addProfileCheck } from './profile/app-check';
import { checkAgainstProfile } from './profile/check';
import { ProfileFacts, profileNamespaceLevel, profileReporter, resolveProfile } from './profile/facts';
import { attach, attachmentOf } from './profile/registry';
import { ClusterProfileProps, NodePortRange, PodSecurityLevel } from './profile/types';
import { Reporter } from './shared/errors';

// Reading and writing profile files needs the YAML parser: required on first use, so that apps
// without a profile file do not load it (test/package-load.test.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fileModule = (): typeof import('./profile/file') => require('./profile/file');

const FACTS = new WeakMap<ClusterProfile, ProfileFacts>();

/**
 * What the target cluster offers: its Kubernetes version, the APIs it serves, its
 * StorageClasses, IngressClasses, GatewayClasses and Gateways, its namespaces with their Pod
 * Security level, its node port range and DNS domain. Attached to an App or a Chart, it lets
 * synthesis fail on what that cluster would refuse or ignore (a claim of a class it lacks, a
 * route to a Gateway it lacks, a pod its namespace's Pod Security level refuses, a field its
 * version does not serve) instead of the cluster failing after apply. Without a profile,
 * nothing changes.
 *
 * Write one in code, or capture the cluster once with plain kubectl and turn the output into a
 * profile file with `cdk8s-patterns profile` (docs/cluster-profile.md), so CI needs no cluster.
 *
 * The checks run at synth, with the app's other cross-object checks, against the profile of the
 * nearest scope: a Chart's profile overrides its App's.
 *
 * @example
 * const app = new App();
 * ClusterProfile.fromFile('profiles/prod.yaml').attach(app);
 * new ShopChart(app, 'shop');
 * app.synth(); // fails, naming construct, prop and value, on what the cluster would refuse
 */
export class ClusterProfile {
  /**
   * The profile that applies to a construct: the one attached to it or to its nearest
   * ancestor (a Chart's before its App's), or undefined when none is.
   *
   * @param scope any construct
   */
  public static of(scope: IConstruct): ClusterProfile | undefined {
    checkScope(profileReporter('ClusterProfile.of'), 'scope', scope);
    return attachmentOf(scope)?.profile as ClusterProfile | undefined;
  }

  /**
   * Reads a profile file, as `cdk8s-patterns profile` writes it (YAML or JSON).
   *
   * @param path the file
   */
  public static fromFile(path: string): ClusterProfile {
    return new ClusterProfile(fileModule().readProfileFile(path), path);
  }

  /** Name of the profile, as messages quote it. */
  public readonly name: string;
  /** The Kubernetes version (`1.31`), when known. */
  public readonly kubernetesVersion?: string;
  /** The cluster's DNS domain. */
  public readonly clusterDomain: string;
  /** The node port range. */
  public readonly nodePortRange: NodePortRange;

  private readonly props: ClusterProfileProps;

  /**
   * @param props what the cluster offers. Lists left out are unknown, and their rules skipped
   * @param source where the props come from, for error messages (a file)
   */
  constructor(props: ClusterProfileProps, source?: string) {
    const facts = resolveProfile(profileReporter(source ?? (typeof props?.name === 'string' ? props.name : '<profile>')), props);
    FACTS.set(this, facts);
    this.props = props;
    this.name = facts.name;
    this.kubernetesVersion = facts.version;
    this.clusterDomain = facts.clusterDomain;
    this.nodePortRange = { ...facts.nodePortRange };
  }

  /**
   * Attaches the profile to an App or a Chart: every construct below it is checked against it
   * at synth. A scope takes one profile; attach it before creating constructs that read it
   * while being built (attaching above one that already did fails).
   *
   * @param scope the App or Chart whose objects go to this cluster
   */
  public attach(scope: IConstruct): void {
    checkScope(profileReporter(this.name), 'attach', scope);
    attach(profileReporter(this.name), scope, { profile: this, facts: FACTS.get(this)! });
    addProfileCheck(scope);
  }

  /**
   * Checks manifests against the cluster: APIs and fields its version serves, claims' classes
   * and access modes, Ingress and Gateway classes, routes' Gateways and listeners, the Pod
   * Security level of each pod's namespace, node ports. Use it on hand-written or synthesized
   * YAML; classes, Gateways and Namespaces among the manifests count as the cluster's.
   *
   * @param manifests plain Kubernetes objects
   */
  public check(manifests: any[]): Violation[] {
    const objects = Array.isArray(manifests) ? manifests.filter(m => m !== null && m !== undefined) : [];
    return checkAgainstProfile(FACTS.get(this)!, objects)
      .map(f => ({ object: describeObject(f.manifest), field: f.field, rule: f.rule, message: f.message }));
  }

  /**
   * The Pod Security level a namespace enforces: its label, else the profile's default for
   * namespaces without one.
   *
   * @param namespace name of the namespace
   */
  public podSecurityLevel(namespace: string): PodSecurityLevel {
    return profileNamespaceLevel(FACTS.get(this)!, namespace).level;
  }

  /** The profile as a profile file (YAML), which `ClusterProfile.fromFile` reads back. */
  public toYaml(): string {
    return fileModule().profileToYaml(this.props);
  }
}

/** A scope a profile is attached to or looked up from: a construct, of any copy of the constructs package. */
function checkScope(report: Reporter, prop: string, scope: unknown): void {
  if (!Construct.isConstruct(scope)) report.fail(prop, typeof scope === 'object' && scope !== null ? 'object' : scope, 'must be a construct: an App, a Chart or a construct in one');
}
