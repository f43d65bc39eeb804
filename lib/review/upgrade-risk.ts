// The upgrade guard's public types, apart from its rules so that loading the library does not
// load the rules (lib/review/upgrade-compare.ts is required on the first comparison).

/**
 * How an upgrade from one synthesis to the next goes wrong.
 */
export enum UpgradeRisk {
  /** The API server refuses the update: the apply fails until the object is deleted and re-created. */
  REFUSED = 'refused',
  /** The update is accepted but deletes data, or leaves it where nothing reads it any more. */
  DATA_LOSS = 'data-loss',
  /**
   * The update is accepted but requests that were served are no longer routed (Gateway API):
   * a route, rule, parent, hostname or listener they used is gone, or their backends are.
   */
  TRAFFIC_LOSS = 'traffic-loss',
  /**
   * The live object (read with `kubectl get -o yaml`) differs from what was last applied to
   * it: someone changed it by hand. Reported, but not a reason to fail unless asked.
   */
  DRIFT = 'drift',
}

/**
 * One change between two syntheses (or between the cluster and a synthesis) that the API
 * server refuses, that loses data or traffic, or that someone made by hand.
 */
export interface UpgradeFinding {
  /** The object as it was before, as `Kind/namespace/name` (`Kind/name` for cluster-scoped kinds and the default namespace). */
  readonly object: string;
  /** The field that changed, as a path into the object (`spec.serviceName`); '' for the whole object. */
  readonly field: string;
  /** The rule's id, stable across releases (`statefulset-service-name`). */
  readonly rule: string;
  /** Whether the API server refuses the change, the change loses data or traffic, or it is drift. */
  readonly risk: UpgradeRisk;
  /** The field's value before, as JSON, or `(absent)`. For drift, the value last applied. */
  readonly before: string;
  /** The field's value after, as JSON, or `(absent)`. For drift, the value in the cluster now. */
  readonly after: string;
  /** Why this goes wrong, and what to do instead. */
  readonly message: string;
}

/**
 * Options for comparing two syntheses, or the cluster with a synthesis.
 */
export interface UpgradeGuardOptions {
  /**
   * The namespace the manifests are applied to where they name none (`kubectl apply -n`):
   * live objects there are matched with those manifests.
   *
   * @default 'default'
   */
  readonly namespace?: string;
}
