// Patterns
export * from './exposed-web-app';
export * from './headless-service';
export * from './external-name-service';

// Options shared by the patterns
export type { MainContainerOptions, IWorkloadPattern } from './shared/container';
export type { DisruptionBudgetOptions } from './shared/disruption';
export type { IngressOptions } from './shared/ingress';
export type { PatternLabelProps } from './shared/labels';
export type { NetworkPolicyOptions } from './shared/network-policy';
export { HealthChecks } from './shared/probes';
export type { HttpHealthCheckOptions, CustomHealthCheckOptions } from './shared/probes';
export { ResourcePreset } from './shared/resources';
export type { PodSecurityOptions } from './shared/security';
export { ExternalTrafficPolicy, SessionAffinity } from './shared/service';
export type { ServiceOptions } from './shared/service';
export type { SimpleServicePort } from './shared/service-ports';

// Checks on synthesized manifests
export { ManifestChecks } from './checks/manifest-checks';
export type { Violation } from './checks/manifest';
