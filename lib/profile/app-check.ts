import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkAgainstProfile } from './check';
import { ProfileFacts } from './facts';
import { attachmentOf } from './registry';
import { AppChecks } from '../shared/app-checks';
import { formatViolation, Reporter } from '../shared/errors';

/**
 * A manifest field a pattern wrote from one of its props, so that a profile finding on the
 * field names the prop the user passed (`storage.storageClassName`) instead of the field
 * (`spec.volumeClaimTemplates[0].spec.storageClassName`).
 */
interface Attribution {
  readonly field: string;
  readonly report: Reporter;
  readonly prop: string;
  readonly value?: unknown;
}

const ATTRIBUTIONS = new WeakMap<ApiObject, Attribution[]>();

/**
 * Names the prop behind a field of an object a pattern builds. A finding on the field, or on
 * anything below it (`spec.accessModes[1]` under `spec.accessModes`), is reported with
 * `report` as `prop`, showing `value` (default: the value in the manifest).
 *
 * @example attributeToProp(ApiObject.of(sts), 'spec.volumeClaimTemplates[0].spec.storageClassName', report.child('storage'), 'storageClassName')
 */
export function attributeToProp(obj: ApiObject, field: string, report: Reporter, prop: string, value?: unknown): void {
  const list = ATTRIBUTIONS.get(obj) ?? [];
  list.push({ field, report, prop, value });
  // Longest first, so the most precise attribution wins.
  list.sort((a, b) => b.field.length - a.field.length);
  ATTRIBUTIONS.set(obj, list);
}

function attributionFor(obj: ApiObject, field: string): Attribution | undefined {
  return ATTRIBUTIONS.get(obj)?.find(a => field === a.field || field.startsWith(`${a.field}.`) || field.startsWith(`${a.field}[`));
}

/**
 * Registers, once per app, the synth-time check of every object against the profile that
 * applies to it. Objects under no profile are not rendered again: an app without a profile
 * synthesizes exactly as before.
 */
export function addProfileCheck(scope: IConstruct): void {
  AppChecks.of(scope).add('cluster-profile', checkObjects);
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
