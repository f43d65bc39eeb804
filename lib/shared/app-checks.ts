import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { recordConstructIndex } from './construct-index';

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
 *
 * cdk8s prefixes every validation message with the path of the construct it was registered
 * on, and the root's path is empty (`[] ExposedWebApp 'shop/web': ...`). So the root's
 * validation hands each message to the construct it names, which reports it on its own
 * path (`[shop/web] ExposedWebApp 'shop/web': ...`): cdk8s validates the root first, then
 * the rest of the tree in order.
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
  /** Messages of the current synth for each construct, taken when it validates. */
  private readonly pending = new Map<IConstruct, string[]>();
  private readonly relays = new WeakSet<IConstruct>();

  private constructor(root: IConstruct) {
    root.node.addValidation({
      validate: () => {
        this.pending.clear();
        const objects = root.node.findAll().filter(ApiObject.isApiObject) as ApiObject[];
        recordConstructIndex(root, objects, CLUSTER_SCOPED_KINDS);
        if (this.checks.size === 0) return [];
        const messages = [...this.checks.values()].flatMap(check => check(objects));
        return messages.length === 0 ? [] : this.relay(root, messages);
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

  /** Hands each message to the construct its path names; returns those that name none. */
  private relay(root: IConstruct, messages: string[]): string[] {
    const byPath = new Map(root.node.findAll().map(c => [c.node.path, c]));
    const unplaced: string[] = [];
    for (const message of messages) {
      const target = byPath.get(MESSAGE_PATH.exec(message)?.[1] ?? '');
      if (!target || target === root) {
        unplaced.push(message);
        continue;
      }
      this.pending.set(target, [...(this.pending.get(target) ?? []), message]);
      if (!this.relays.has(target)) {
        this.relays.add(target);
        target.node.addValidation({
          validate: () => {
            const mine = this.pending.get(target) ?? [];
            this.pending.delete(target);
            return mine;
          },
        });
      }
    }
    return unplaced;
  }
}

/** The construct path of a message in the library's format: `<Type> '<path>': invalid ...`. */
const MESSAGE_PATH = /^[A-Za-z][A-Za-z0-9]* '([^']*)': invalid /;

const REGISTRY = new WeakMap<IConstruct, AppChecks>();

/** Two objects of one kind and name in one namespace: the second would overwrite the first on apply. */
function uniqueNames(objects: ApiObject[]): string[] {
  const seen = new Map<string, ApiObject>();
  const errors: string[] = [];
  // The path of the cdk8s-plus object (or plain manifest) users know, not of its inner ApiObject;
  // worked out for the messages only, as a path costs a walk up the tree.
  const pathOf = (obj: ApiObject) => obj.node.path.replace(/\/Resource$/, '');
  for (const obj of objects) {
    const name = obj.metadata.name;
    if (!name) continue;
    const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
    const namespace = CLUSTER_SCOPED_KINDS.has(obj.kind) ? '' : obj.metadata.namespace ?? '';
    const key = `${group}/${obj.kind}/${namespace}/${name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push(`${obj.kind} '${pathOf(obj)}': invalid metadata.name "${name}": ` +
        `'${pathOf(first)}' already uses this name${namespace ? ` in namespace "${namespace}"` : ''}; applying both would overwrite one with the other. Give one of them another 'name'`);
    } else {
      seen.set(key, obj);
    }
  }
  return errors;
}
