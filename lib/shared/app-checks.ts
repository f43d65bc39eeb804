import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** Kinds that live outside namespaces: their names are unique in the whole cluster. */
export const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding',
  'CustomResourceDefinition', 'PriorityClass', 'IngressClass', 'CSIDriver', 'VolumeAttachment',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService', 'RuntimeClass',
]);

/**
 * Checks that need the whole app (a claim's class exists, no two objects share a name),
 * registered once per app by key and run together at synth through one validation on the
 * root: each runs once however many patterns ask for it, so synth stays linear in the app.
 */
export class AppChecks {
  public static of(scope: IConstruct): AppChecks {
    const root = scope.node.root;
    let checks = REGISTRY.get(root);
    if (!checks) {
      checks = new AppChecks(root);
      REGISTRY.set(root, checks);
    }
    return checks;
  }

  private readonly checks = new Map<string, (objects: ApiObject[]) => string[]>();
  private readonly claims = new Map<string, string>();
  private readonly duplicateClaims: [string, (first: string) => string][] = [];

  private constructor(root: IConstruct) {
    root.node.addValidation({
      validate: () => {
        if (this.checks.size === 0) return [];
        const objects = root.node.findAll().filter(ApiObject.isApiObject) as ApiObject[];
        return [...this.checks.values()].flatMap(check => check(objects));
      },
    });
    this.add('unique-names', uniqueNames);
  }

  /** Registers a check once per app; later calls with the same key are ignored. */
  public add(key: string, check: (objects: ApiObject[]) => string[]): void {
    if (!this.checks.has(key)) this.checks.set(key, check);
  }

  /**
   * Claims a value only one object of the whole cluster may have (a node port, an Ingress host
   * and path); every later claim of it is reported at synth with `message(<path of the first>)`.
   */
  public claimUnique(key: string, owner: string, message: (first: string) => string): void {
    const first = this.claims.get(key);
    if (first === undefined) {
      this.claims.set(key, owner);
      this.add('unique-claims', () => this.duplicateClaims.map(([k, m]) => m(this.claims.get(k)!)));
    } else if (first !== owner) {
      this.duplicateClaims.push([key, message]);
    }
  }

}

const REGISTRY = new WeakMap<IConstruct, AppChecks>();

/** Two objects of one kind and name in one namespace: the second would overwrite the first on apply. */
function uniqueNames(objects: ApiObject[]): string[] {
  const seen = new Map<string, string>();
  const errors: string[] = [];
  for (const obj of objects) {
    const name = obj.metadata.name;
    if (!name) continue;
    const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
    const namespace = CLUSTER_SCOPED_KINDS.has(obj.kind) ? '' : obj.metadata.namespace ?? '';
    const key = `${group}/${obj.kind}/${namespace}/${name}`;
    const first = seen.get(key);
    // The path of the cdk8s-plus object (or plain manifest) users know, not of its inner ApiObject.
    const path = obj.node.path.replace(/\/Resource$/, '');
    if (first !== undefined) {
      errors.push(`${obj.kind} '${path}': invalid metadata.name "${name}": ` +
        `'${first}' already uses this name${namespace ? ` in namespace "${namespace}"` : ''}; applying both would overwrite one with the other. Give one of them another 'name'`);
    } else {
      seen.set(key, path);
    }
  }
  return errors;
}
