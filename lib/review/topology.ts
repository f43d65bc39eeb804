// The diagram is drawn by ./topology-document, required on first use: most apps never draw one,
// and `require('cdk8s-patterns')` should not pay for it (test/package-load.test.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const documentModule = (): typeof import('./topology-document') => require('./topology-document');

/**
 * Options for a topology diagram.
 */
export interface TopologyOptions {
  /**
   * The heading of the Markdown document.
   *
   * @default 'Topology'
   */
  readonly title?: string;

  /**
   * Other objects of the app (other charts), drawn only where the diagram's objects lead to
   * them: a claim's StorageClass, the class's provisioner, its NFS server.
   *
   * @default - none: references outside `manifests` are drawn as missing
   */
  readonly context?: any[];
}

/**
 * A Mermaid diagram of how traffic and data flow through synthesized manifests, for review
 * beside the YAML (GitHub and GitLab render it): Ingress (host and path), or Gateway
 * (class, listeners) → HTTPRoute / GRPCRoute (hostnames, with matches and weights on the edges)
 * → Service (type, ports) → workload (replicas) → ConfigMaps and claims or claim templates →
 * StorageClass or static volume → provisioner → NFS server. It reads plain objects, so
 * hand-written resources count too.
 *
 * The output is deterministic: node ids derive from the objects' kinds, namespaces and
 * names, and nodes and edges are sorted, so the diagram's diff shows only what changed.
 *
 * ```ts
 * app.synth();
 * Topology.writeForDirectory(app.outdir); // dist/<chart>.topology.md beside dist/<chart>.k8s.yaml
 * ```
 */
export class Topology {
  /**
   * A Markdown document holding the Mermaid flowchart of `manifests`.
   *
   * @param manifests plain Kubernetes objects (`Testing.synth(chart)`, or YAML loaded with `Yaml.load`)
   */
  public static fromManifests(manifests: any[], options: TopologyOptions = {}): string {
    return documentModule().topologyOfManifests(manifests, options.context, options.title ?? 'Topology');
  }

  /**
   * Writes `<chart>.topology.md` beside every `<chart>.k8s.yaml` in a synthesis output folder
   * (as `cdk8s synth` leaves it) and returns the paths written, sorted. Each chart's diagram
   * follows references into the other charts of the folder, marking what it borrows.
   *
   * @param directory the output folder, e.g. `app.outdir`
   */
  public static writeForDirectory(directory: string): string[] {
    return documentModule().writeTopologies(directory);
  }

  private constructor() {}
}
