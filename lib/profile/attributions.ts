import { Attribution } from './app-check';
import { Reporter } from '../shared/errors';
import { ResolvedParent } from '../shared/route';

/*
 * The attributions patterns share, so that a profile finding on what a pattern wrote names the
 * prop the user passed. Each returns a list for `attributeToProps`, built only when a profile
 * finds something below the pattern.
 */

/** A workload's namespace (where Pod Security admission judges its pods), its prop `namespace` (or `provisioner.namespace`). */
export function workloadAttributions(kind: string, report: Reporter, prop = 'namespace', namespace?: string): Attribution[] {
  return [{ kind, field: 'metadata.namespace', report, prop, value: namespace }];
}

/** The Service fields a pattern writes from its `ServiceOptions`. */
export function serviceAttributions(report: Reporter): Attribution[] {
  return [
    { kind: 'Service', field: 'spec.ports[0].nodePort', report, prop: 'nodePort' },
    { kind: 'Service', field: 'spec.loadBalancerClass', report, prop: 'loadBalancerClass' },
  ];
}

/** A claim's class and access modes: `storageClass` (showing its name) when a class object was given, else `storageClassName`. */
export function claimAttributions(kind: string, at: string, report: Reporter, classGiven: boolean): Attribution[] {
  return [
    { kind, field: `${at}.storageClassName`, report, prop: classGiven ? 'storageClass' : 'storageClassName' },
    { kind, field: `${at}.accessModes`, report, prop: 'accessModes' },
  ];
}

/** A route's parentRefs: each names a parent the user gave (`route.parents[0].gateway`, `.sectionName`, `.port`). */
export function routeAttributions(kind: string, name: string, report: Reporter, parents: ResolvedParent[], routeProp: string): Attribution[] {
  return [
    // The Gateway API not served at all: the route (or its ReferenceGrants) as a whole.
    { kind, field: 'apiVersion', report, prop: routeProp, name },
    ...parents.flatMap((p, i) => [
      { kind, field: `spec.parentRefs[${i}]`, report, prop: `${p.prop}.gateway`, value: p.gateway.gatewayName, name },
      { kind, field: `spec.parentRefs[${i}].sectionName`, report, prop: `${p.prop}.sectionName`, name },
      { kind, field: `spec.parentRefs[${i}].port`, report, prop: `${p.prop}.port`, name },
    ]),
  ];
}

/** A StorageClass a pattern creates: a clash with the cluster's class of the same name is its `name`'s. */
export function storageClassAttributions(report: Reporter, className: string): Attribution[] {
  return [{ kind: 'StorageClass', field: 'provisioner', report, prop: 'name', value: className }];
}

/**
 * A StatefulSet with one claim template: its namespace, the template's class and access modes
 * and the retention policy (`storage.*`), `minReady`, and the client Service's options.
 */
export function statefulSetAttributions(report: Reporter, storage: Reporter, classGiven: boolean, minReady?: string): Attribution[] {
  const policy = 'spec.persistentVolumeClaimRetentionPolicy';
  return [
    ...workloadAttributions('StatefulSet', report),
    ...claimAttributions('StatefulSet', 'spec.volumeClaimTemplates[0].spec', storage, classGiven),
    { kind: 'StatefulSet', field: `${policy}.whenDeleted`, report: storage, prop: 'whenDeleted' },
    { kind: 'StatefulSet', field: `${policy}.whenScaled`, report: storage, prop: 'whenScaled' },
    { kind: 'StatefulSet', field: 'spec.minReadySeconds', report, prop: 'minReady', value: minReady },
    ...serviceAttributions(report.child('clientService')),
  ];
}
