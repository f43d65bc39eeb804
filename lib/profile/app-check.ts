import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkAgainstProfile } from './check';
import { ProfileFacts } from './facts';
import { attachmentOf } from './registry';
import { AppChecks } from '../shared/app-checks';
import { formatViolation, Reporter } from '../shared/errors';
import { deferClaimClassesTo } from '../shared/storage';

/**
 * A manifest field a pattern wrote from one of its props, so that a profile finding on the
 * field names the prop the user passed (`storage.storageClassName`) instead of the field
 * (`spec.volumeClaimTemplates[0].spec.storageClassName`).
 */
export interface Attribution {
  readonly kind: string;
  readonly field: string;
  readonly report: Reporter;
  readonly prop: string;
  readonly value?: unknown;
  /** Only the object of this name (a pattern with two objects of one kind, such as a route and its redirect route). */
  readonly name?: string;
}

/**
 * Attributions by the pattern that registered them: its objects are the ones below it. A
 * pattern may register a function that lists them, called only when a profile finds
 * something: an app without a profile pays one closure per pattern, not a list.
 */
const ATTRIBUTIONS = new WeakMap<IConstruct, (Attribution[] | (() => Attribution[]))[]>();

/**
 * Names the prop behind a field of the objects of one kind a pattern builds below itself. A
 * finding on the field, or on anything below it (`spec.accessModes[1]` under
 * `spec.accessModes`), is reported with `report` as `prop`, showing `value` (default: the
 * value in the manifest). Keyed by the pattern rather than by an object, it holds whichever
 * object renders the kind: a plain manifest, or the cdk8s-plus part built in its place.
 *
 * @example attributeToProp(this, 'StatefulSet', 'spec.volumeClaimTemplates[0].spec.storageClassName', report.child('storage'), 'storageClassName')
 */
export function attributeToProp(owner: IConstruct, kind: string, field: string, report: Reporter, prop: string, value?: unknown): void {
  attributeToProps(owner, () => [{ kind, field, report, prop, value }]);
}

/** Registers the attributions of a pattern as a function, called only when a profile finds something below it. */
export function attributeToProps(owner: IConstruct, list: () => Attribution[]): void {
  const registered = ATTRIBUTIONS.get(owner) ?? [];
  registered.push(list);
  ATTRIBUTIONS.set(owner, registered);
}

/** The attributions of a pattern, longest field first, so the most precise one wins. */
function attributionsOf(owner: IConstruct): Attribution[] | undefined {
  const registered = ATTRIBUTIONS.get(owner);
  if (registered === undefined) return undefined;
  const list = registered.flatMap(r => (typeof r === 'function' ? r() : r)).sort((a, b) => b.field.length - a.field.length);
  ATTRIBUTIONS.set(owner, [list]);
  return list;
}

/** Whether an `ExternalStorageClass` under the same profile declares the class: its own check reports it then. */
function declaredUnder(obj: ApiObject, className: unknown, facts: ProfileFacts): boolean {
  return typeof className === 'string' && obj.node.root.node.findAll().some(c => (c as any).external === true
    && (c as any).storageClassName === className && attachmentOf(c)?.facts === facts);
}

/** The attribution of a finding on an object: from the nearest pattern above it that has one for its kind and field. */
function attributionFor(obj: ApiObject, field: string): Attribution | undefined {
  const scopes = obj.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const found = attributionsOf(scopes[i])?.find(a => a.kind === obj.kind && (a.name === undefined || a.name === obj.metadata.name)
      && (field === a.field || field.startsWith(`${a.field}.`) || field.startsWith(`${a.field}[`)));
    if (found) return found;
  }
  return undefined;
}

/**
 * Registers, once per app, the synth-time check of every object against the profile that
 * applies to it. Objects under no profile are not rendered again: an app without a profile
 * synthesizes exactly as before.
 */
export function addProfileCheck(scope: IConstruct): void {
  AppChecks.of(scope).add('cluster-profile', checkObjects);
  // A profile that knows the cluster's classes judges claims' classes: one message, not two.
  deferClaimClassesTo(scope, claim => attachmentOf(claim)?.facts.storageClasses !== undefined);
}

function checkObjects(objects: ApiObject[]): string[] {
  // Objects grouped by the profile that applies to them, each group checked on its own.
  const groups = new Map<ProfileFacts, { objects: ApiObject[]; manifests: any[] }>();
  const owners = new Map<any, ApiObject>();
  for (const obj of objects) {
    const facts = attachmentOf(obj)?.facts;
    if (!facts) continue;
    let json: any;
    try {
      json = obj.toJson();
    } catch {
      continue; // an object that cannot render fails at synth with its own error
    }
    const group = groups.get(facts) ?? { objects: [], manifests: [] };
    group.objects.push(obj);
    group.manifests.push(json);
    groups.set(facts, group);
    owners.set(json, obj);
  }
  const messages: string[] = [];
  for (const [facts, group] of groups) {
    for (const finding of checkAgainstProfile(facts, group.manifests)) {
      const obj = owners.get(finding.manifest)!;
      // A class declared with ExternalStorageClass that the cluster lacks is the declaration's error, not each claim's.
      if (finding.rule === 'profile-storage-class' && declaredUnder(obj, finding.value, facts)) continue;
      const attribution = attributionFor(obj, finding.field);
      messages.push(attribution
        ? attribution.report.message(attribution.prop, attribution.value ?? finding.value, finding.message)
        // The path of the object users know (a cdk8s-plus object or plain manifest), not of its inner ApiObject.
        : formatViolation(obj.kind, obj.node.path.replace(/\/Resource$/, ''), finding.field, finding.value, finding.message));
    }
  }
  // One message per prop and rule, however many fields lead to it.
  return [...new Set(messages)];
}
