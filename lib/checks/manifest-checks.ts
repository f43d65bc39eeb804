import { Manifest, Violation } from './manifest';
import { checkPodSecurity } from './pod-security';
import { checkWiring } from './wiring';

/**
 * The library's guarantees as checks on any set of synthesized manifests, including objects
 * written by hand: run them on `Testing.synth(chart)` output, on YAML loaded with
 * `Yaml.load`, or in CI on a whole `dist/` folder.
 *
 * ```ts
 * const violations = ManifestChecks.all(Testing.synth(chart));
 * expect(violations).toEqual([]);
 * ```
 */
export class ManifestChecks {
  /**
   * References between objects: workload selectors meet their pod labels, Services select
   * pods and their targetPorts meet containerPorts, Ingress backends name existing Service
   * ports, StatefulSets name a headless Service that selects them, claims name a class that
   * exists (or one marked external) and, where only static PersistentVolumes serve the class,
   * find enough volumes with the capacity and access modes they ask for, pods read ConfigMap keys and claims that exist, HPAs and PDBs find their targets,
   * and pod templates reading a ConfigMap made by this library carry its current checksum in
   * the `checksum/config` annotation (listing `<name>:<sha256>`), so they roll when it changes. Also: files mounted
   * by `subPath` from a ConfigMap volume exist, projected ConfigMap sources exist and have their
   * keys, NetworkPolicies select pods, and no two objects share API group, kind, namespace and
   * name (applying both would keep only one). Gateway API: route backends name a Service and
   * port that exist, cross-namespace references have a ReferenceGrant, routes fit the Gateways
   * among the manifests they name (listener, namespace, kind, host names), HTTPS listeners name
   * a certificate, and no rule weighs all its backends zero.
   *
   * @param manifests plain Kubernetes objects (`{ apiVersion, kind, metadata, ... }`)
   */
  public static wiring(manifests: any[]): Violation[] {
    return checkWiring(asManifests(manifests));
  }

  /**
   * Every pod template against the Pod Security Standard "restricted" (baseline controls
   * included: host namespaces and ports, volume types, sysctls, SELinux, /proc mount, AppArmor,
   * Windows host processes), plus this library's
   * defaults (read-only root filesystem, requests and limits, no service-account token,
   * pinned image tags). Controls a pod lists in its `cdk8s-patterns.io/pod-security-exceptions`
   * annotation are explicit opt-outs and are not reported.
   *
   * @param manifests plain Kubernetes objects
   */
  public static podSecurity(manifests: any[]): Violation[] {
    return checkPodSecurity(asManifests(manifests));
  }

  /**
   * Both the wiring and the pod-security checks.
   *
   * @param manifests plain Kubernetes objects
   */
  public static all(manifests: any[]): Violation[] {
    const objects = asManifests(manifests);
    return [...checkWiring(objects), ...checkPodSecurity(objects)];
  }

  /** One line per violation: `Kind/ns/name spec.field [rule] message`. */
  public static format(violations: Violation[]): string {
    return violations.map(v => `${v.object} ${v.field} [${v.rule}] ${v.message}`).join('\n');
  }

  private constructor() {}
}

function asManifests(manifests: any[]): Manifest[] {
  return Array.isArray(manifests) ? manifests.filter(m => m !== null && m !== undefined) : [];
}
