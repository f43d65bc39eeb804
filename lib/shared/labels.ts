import { checkStringMap, isQualifiedName } from './checks';
import { Reporter } from './errors';
import { checkLabelValue, MAX_DNS_LABEL } from './names';

/** The recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'cdk8s-patterns';

/**
 * Labels every pattern accepts.
 */
export interface PatternLabelProps {
  /**
   * The application's name, the `app.kubernetes.io/name` label (e.g. `mysql`).
   *
   * Part of the selector: changing it on a running app needs the workload to be recreated.
   *
   * @default - the pattern's `name`
   */
  readonly appName?: string;

  /**
   * What the app is part of, the `app.kubernetes.io/part-of` label (e.g. `wordpress`).
   *
   * @default - the pattern's `appName`
   */
  readonly partOf?: string;

  /**
   * The role of the app in the architecture, the `app.kubernetes.io/component` label (e.g.
   * `database` for a StatefulAppWithStorage running PostgreSQL).
   *
   * Not part of any selector: changing it rolls the pods once and breaks nothing.
   *
   * @default - by pattern: `web` (ExposedWebApp), `server` (StatefulAppWithStorage),
   * `config` (ConfigMapInjection), `storage-provisioner` (NfsStorageClass), `storage-class`
   * (NfsCsiStorageClass), `storage` (static volumes), `headless-service`, `external-service`
   */
  readonly component?: string;

  /**
   * Extra labels for every object of the pattern. They win over the recommended labels
   * of the same key, and the selector follows them.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/**
 * A pattern's labels, computed once: `all` goes on every object and pod template,
 * `selector` (name + instance only) is handed to every object that selects pods, so the
 * two can never drift apart and no selector changes when an image or replica count does.
 */
export class PatternLabels {
  public static of(report: Reporter, name: string, defaultComponent: string, props: PatternLabelProps): PatternLabels {
    // Each prop is checked under its own name, before anything is derived from it.
    for (const prop of ['appName', 'partOf', 'component'] as const) {
      if (props[prop] !== undefined && props[prop] !== null) checkLabelValue(report, prop, props[prop]!);
    }
    const extra = checkStringMap(report, 'labels', props.labels);
    for (const [key, value] of Object.entries(extra)) {
      checkLabelKey(report, key);
      checkLabelValue(report, `labels["${key}"]`, value);
    }
    // A name may be a DNS subdomain of up to 253 characters (a PersistentVolume's); a label value holds 63.
    const instance = name.length > MAX_DNS_LABEL ? name.slice(0, MAX_DNS_LABEL).replace(/[^A-Za-z0-9]+$/, '') : name;
    const appName = props.appName ?? instance;
    const merged: { [key: string]: string } = {
      [LABEL_NAME]: appName,
      [LABEL_INSTANCE]: instance,
      [LABEL_COMPONENT]: props.component ?? defaultComponent,
      [LABEL_PART_OF]: props.partOf ?? appName,
      [LABEL_MANAGED_BY]: MANAGED_BY,
      ...extra,
    };
    return new PatternLabels(merged);
  }

  /** The pod selector: `app.kubernetes.io/name` and `app.kubernetes.io/instance` only. */
  public readonly selector: { readonly [key: string]: string };

  private constructor(public readonly all: { readonly [key: string]: string }) {
    this.selector = { [LABEL_NAME]: all[LABEL_NAME], [LABEL_INSTANCE]: all[LABEL_INSTANCE] };
  }

  /** The same labels with another component, for a part with its own role (a provisioner, a client Service). */
  public withComponent(component: string): { [key: string]: string } {
    return { ...this.all, [LABEL_COMPONENT]: component };
  }
}

/** A label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function checkLabelKey(report: Reporter, key: string, prop = 'labels'): string {
  if (!isQualifiedName(key)) {
    report.fail(prop, key, "each key must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'");
  }
  return key;
}
