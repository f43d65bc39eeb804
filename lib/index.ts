// Patterns
export * from './exposed-web-app';
export { Gateway, GatewayProtocol, RouteKind, AllowedRoutes } from './gateway';
export type { GatewayProps, GatewayListenerOptions, GatewayCertificate } from './gateway';
export * from './headless-service';
export * from './external-name-service';
export { NfsStorageClass, NfsOnDelete } from './nfs-storage-class';
export type { NfsStorageClassProps, NfsProvisionerOptions } from './nfs-storage-class';
export { NfsCsiStorageClass, NfsCsiOnDelete } from './nfs-csi-storage-class';
export type { NfsCsiStorageClassProps } from './nfs-csi-storage-class';
export { ExternalStorageClass } from './external-storage-class';
export type { ExternalStorageClassProps } from './external-storage-class';
export { StaticPersistentVolume, NfsPersistentVolume, HostPathPersistentVolume } from './persistent-volumes';
export type { IStaticPersistentVolume, StaticPersistentVolumeProps, NfsPersistentVolumeProps, HostPathPersistentVolumeProps } from './persistent-volumes';
export { VolumeClaim } from './volume-claim';
export type { VolumeClaimProps } from './volume-claim';
export { StatefulAppWithStorage, ClaimRetention } from './stateful-app-with-storage';
export type { StatefulAppWithStorageProps, StatefulStorageOptions, ClientServiceOptions } from './stateful-app-with-storage';
export * from './config-map-injection';
export { RestrictedSecurity } from './restricted-security';
export type { RestrictedSecurityOptions } from './restricted-security';

// Options shared by the patterns
export type { MainContainerOptions, IWorkloadPattern } from './shared/container';
export type { DisruptionBudgetOptions } from './shared/disruption';
export { InjectionTarget } from './shared/injection';
export type {
  EnvInjectionOptions, EnvFromInjectionOptions, ArgsInjectionOptions, ConfigFileItem, FilesMountOptions, FileMountOptions,
} from './shared/injection';
export type { IngressOptions } from './shared/ingress';
export type { IGateway } from './shared/gateway-api';
export { PathMatchType, StringMatchType, HttpMethod, RedirectScheme } from './shared/route-options';
export type {
  RouteParent, HeaderMatch, RouteMatch, HeaderModifier, RequestRedirect, UrlRewrite, RouteRule, RouteBaseOptions, HttpsRedirectOptions,
  RouteOptions, GrpcRouteMatch, GrpcRouteRule, GrpcRouteOptions,
} from './shared/route-options';
export { CanaryTraffic } from './shared/canary';
export type { CanaryOptions } from './shared/canary';
export type { PatternLabelProps } from './shared/labels';
export type { NetworkPolicyOptions } from './shared/network-policy';
export { HealthChecks } from './shared/probes';
export type { HttpHealthCheckOptions, CustomHealthCheckOptions } from './shared/probes';
export { ResourcePreset } from './shared/resources';
export type { PodSecurityOptions } from './shared/security';
export { ExternalTrafficPolicy, SessionAffinity } from './shared/service';
export type { ServiceOptions } from './shared/service';
export type { SimpleServicePort } from './shared/service-ports';
export { VolumeBindingMode } from './shared/storage';
export type { IStorageClass, StorageClassOptions } from './shared/storage';

// Errors: every construct and synth-time error is a PatternValidationError in one format
export { PatternValidationError, VIOLATION_FORMAT } from './shared/errors';

// Testing an app's charts
export { PatternTesting } from './testing';

// Checks on synthesized manifests
export { ManifestChecks } from './checks/manifest-checks';
export type { Violation } from './checks/manifest';

// Review tools: topology diagram, upgrade guard, cdk8s validation plugin
export { Topology } from './review/topology';
export type { TopologyOptions } from './review/topology';
export { UpgradeGuard } from './review/upgrade-guard';
export type { UpgradeGuardOptions } from './review/upgrade-guard';
export { UpgradeRisk } from './review/upgrade-risk';
export type { UpgradeFinding } from './review/upgrade-risk';
export { ManifestChecksValidation } from './review/validation-plugin';
export type { ManifestChecksValidationProps } from './review/validation-plugin';

// Cluster awareness: what the target cluster offers, checked at synth
export { ClusterProfile } from './cluster-profile';
export { PodSecurityLevel, ProfileRoutesFrom } from './profile/types';
export type {
  ClusterProfileProps, NodePortRange, ProfileApiResource, ProfileGateway, ProfileGatewayClass, ProfileGatewayListener, ProfileIngressClass,
  ProfileNamespace, ProfileStorageClass,
} from './profile/types';
