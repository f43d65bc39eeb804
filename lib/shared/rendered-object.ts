import { ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { fasterToJson } from './l1-json';

/** The resolvers every cdk8s App has, in the order it puts them after any custom ones. */
const BUILT_IN_RESOLVERS = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];

/** Until the first JSON patch: one empty list for every rendered object (cdk8s gives each its own). */
const NO_PATCHES: readonly JsonPatch[] = Object.freeze([]);

/**
 * Metadata fields that `ApiObjectMetadataDefinition.toJson()` writes from its own copies
 * (labels, annotations, ...), whatever its record of the given metadata holds under them.
 */
const OWN_METADATA_FIELDS = ['name', 'namespace', 'labels', 'annotations', 'finalizers', 'ownerReferences'];

/**
 * A manifest rendered by a function at synth: the plain form of a pattern's part.
 *
 * `ApiObject.toJson()` copies every manifest twice, once to resolve tokens and once to sort
 * keys and drop undefined values, and its metadata twice more; for a pattern's rendered
 * manifest the first copy has nothing to do. When the app has only cdk8s's built-in
 * resolvers, no JSON patch was added and key sorting is on (the usual case), this renders
 * the same JSON in one copy, metadata included, resolving the few `Lazy` values a pattern
 * puts in itself (the ConfigMap checksum). Otherwise (or at a value the standard path would
 * refuse) it takes the standard path, so custom resolvers and patches apply as they do to any
 * ApiObject. test/plain-parts.test.ts and test/shared/rendered-object.test.ts hold both paths
 * to the same bytes.
 *
 * Large apps hold thousands of these from construction to synth, so each keeps only the
 * body function and what cdk8s needs (bench/README.md, "Memory at scale"): the props cdk8s
 * would keep are built when the standard path renders, no JSON patch list exists until a
 * patch is added, and cdk8s's record of the given metadata drops its copy of the labels
 * (its metadata object has its own, which is what it writes).
 */
export class RenderedApiObject extends ApiObject {
  private readonly fields: readonly string[];

  constructor(
    scope: Construct,
    id: string,
    apiVersion: string,
    kind: string,
    metadata: { [key: string]: any },
    /** The top-level fields the body renders (`spec`; `data`, `binaryData`, `immutable`), in the order the standard path writes them. */
    fields: string[],
    private readonly body: () => { [field: string]: unknown },
  ) {
    super(scope, id, { apiVersion, kind, metadata });
    this.fields = sharedList(fields);
    const self = this as unknown as { props?: object; patches: readonly JsonPatch[]; metadata: { _additionalAttributes?: Record<string, unknown> } };
    self.props = undefined;
    self.patches = NO_PATCHES;
    // Key order stays (CDK8S_DISABLE_SORT writes metadata in it); the values are written from the metadata's own copies.
    const given = self.metadata._additionalAttributes;
    if (given) for (const field of OWN_METADATA_FIELDS) if (field in given) given[field] = undefined;
    fitConstructLists(this);
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    const self = this as unknown as { patches: JsonPatch[] };
    if (self.patches === NO_PATCHES) self.patches = [];
    super.addJsonPatch(...ops);
  }

  /**
   * True while the manifest is exactly what the body renders: no JSON patch was added and the
   * app has only cdk8s's built-in resolvers. Readers of a few fields (the app-wide checks) may
   * then take them from the pattern's data instead of rendering the whole manifest.
   */
  public get rendersBody(): boolean {
    return (this as unknown as { patches: readonly JsonPatch[] }).patches === NO_PATCHES && onlyBuiltInResolvers(this);
  }

  public toJson(): any {
    if (this.rendersBody && !process.env.CDK8S_DISABLE_SORT) {
      try {
        return { apiVersion: this.apiVersion, kind: this.kind, metadata: metadataJson(this.metadata), ...resolveSorted(this.body()) };
      } catch (e) {
        if (e !== NOT_PLAIN) throw e;
      }
    }
    // The standard path, on the props cdk8s would have kept: the fields of the body, rendered now.
    const self = this as unknown as { props?: object };
    const body = this.body();
    self.props = { apiVersion: this.apiVersion, kind: this.kind, metadata: undefined, ...Object.fromEntries(this.fields.map(f => [f, body[f]])) };
    try {
      return super.toJson();
    } finally {
      self.props = undefined;
    }
  }
}

/**
 * Makes a cdk8s-plus object's generated L1 (`KubeDeployment`, `KubeService`, ...) render the
 * same JSON in about half the time, when the app has only cdk8s's built-in resolvers and key
 * sorting is on. `ApiObject.toJson()` resolves the props by visiting every value with a fresh
 * context, key path and `App.of()` lookup, then copies them again to sort keys; this does both
 * in one copy, with the built-in resolvers' rules (`resolveSorted`), and then does what the L1
 * does: JSON patches, top-level key order, the generated `toJson_<Kind>Props` mapping (through
 * the tables `fasterToJson` reads from it). The parts a pattern builds when they are read are
 * rendered this way: reading a part then costs no more than building it with cdk8s-plus by
 * hand (bench/README.md). Anything else (custom resolvers, CDK8S_DISABLE_SORT, a value the
 * standard path would refuse, an error) takes the standard path;
 * test/shared/rendered-object.test.ts holds both to the same JSON. An object of another class
 * or of another copy of cdk8s is left as it is.
 */
export function renderFaster(obj: ApiObject): void {
  const l1 = obj.constructor as { name: string; GVK?: object };
  const k8s = kplus.k8s as unknown as Record<string, unknown>;
  if (k8s[l1.name] !== l1 || typeof l1.GVK !== 'object' || Object.getPrototypeOf(Object.getPrototypeOf(obj)) !== ApiObject.prototype) return;
  const toJsonProps = fasterToJson(`toJson_${l1.name}Props`);
  if (!toJsonProps) return;
  const standard = Object.getPrototypeOf(obj).toJson as () => any;
  Object.defineProperty(obj, 'toJson', {
    configurable: true,
    writable: true,
    value: function toJson(this: ApiObject): any {
      if (!onlyBuiltInResolvers(this) || process.env.CDK8S_DISABLE_SORT) return standard.call(this);
      const self = this as unknown as { props: object; patches: JsonPatch[] };
      let json: { [key: string]: unknown };
      try {
        json = resolveSorted({ ...self.props, metadata: metadataJson(this.metadata) });
        if (self.patches.length > 0) json = JsonPatch.apply(json, ...self.patches);
      } catch {
        return standard.call(this);
      }
      const ordered: { [key: string]: unknown } = {};
      for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(json)]) if (key in json) ordered[key] = json[key];
      return { ...l1.GVK, ...toJsonProps(ordered) as object };
    },
  });
}

/**
 * Gives back the room a construct's node reserves for what most constructs of a large app
 * never get: its metadata and validation lists (`new Array()` reserves four entries) are
 * replaced by copies of their length, and an empty dependency set (a hash table) by a small
 * stand-in that puts a real set in its place on the first dependency. Call it at the end of a
 * constructor; everything grows later as before. The node reads and writes these only through
 * its own methods (lists: push and iteration; dependencies: `add` and iteration), which find
 * the replacements; with other internals, nothing is replaced.
 */
export function fitConstructLists(scope: IConstruct): void {
  const node = scope.node as unknown as { _metadata?: unknown; _validations?: unknown; _dependencies?: unknown };
  if (Array.isArray(node._metadata)) node._metadata = node._metadata.slice();
  if (Array.isArray(node._validations)) node._validations = node._validations.slice();
  if (node._dependencies instanceof Set && node._dependencies.size === 0) node._dependencies = new NoDependencies(node);
}

/**
 * The children of `scope` after the first child of one of `ids`, other than those: what must
 * move to the end (`moveChildrenToEnd`) for parts built in place of the children of `ids` to
 * take their place in the YAML.
 */
export function childrenFollowing(scope: IConstruct, ids: readonly string[]): IConstruct[] {
  const children = scope.node.children;
  const at = children.findIndex(c => ids.includes(c.node.id));
  return at < 0 ? [] : children.slice(at + 1).filter(c => !ids.includes(c.node.id));
}

/**
 * Moves `children` of `scope`, in their order, to the end of its children, as if they had been
 * added last (constructs has no public way to place a child). Returns false and changes
 * nothing when the node does not keep its children as this constructs release does: a map by
 * id, in insertion order, holding each of them.
 */
export function moveChildrenToEnd(scope: IConstruct, children: readonly IConstruct[]): boolean {
  const byId = (scope.node as unknown as { _children?: { [id: string]: IConstruct } })._children;
  if (typeof byId !== 'object' || byId === null || children.some(c => byId[c.node.id] !== c)) return false;
  for (const child of children) {
    delete byId[child.node.id];
    byId[child.node.id] = child;
  }
  return true;
}

/** A node's dependency set while it has none: iterates as empty, and on `add` becomes a real set. */
class NoDependencies {
  constructor(private readonly node: { _dependencies?: unknown }) {}

  public add(dependency: IConstruct): Set<IConstruct> {
    const set = new Set([dependency]);
    this.node._dependencies = set;
    return set;
  }

  public [Symbol.iterator](): Iterator<IConstruct> {
    return NO_CONSTRUCTS[Symbol.iterator]();
  }
}

const NO_CONSTRUCTS: readonly IConstruct[] = Object.freeze([]);

/** One list per distinct list of field names, shared by every object that renders those fields. */
const FIELD_LISTS = new Map<string, readonly string[]>();

function sharedList(fields: string[]): readonly string[] {
  // Most objects render one field, under a literal (interned) name: no key to build and hash.
  const key = fields.length === 1 ? fields[0] : fields.join('\n');
  let shared = FIELD_LISTS.get(key);
  if (!shared) {
    shared = Object.freeze([...fields]);
    FIELD_LISTS.set(key, shared);
  }
  return shared;
}

/**
 * Whether the app of `scope` resolves values only with cdk8s's built-in resolvers: no custom
 * ones, and those of the copy of cdk8s this library uses.
 */
export function onlyBuiltInResolvers(scope: Construct): boolean {
  const resolvers = App.of(scope).resolvers;
  return resolvers.length === BUILT_IN_RESOLVERS.length && resolvers.every((r, i) => r.constructor === BUILT_IN_RESOLVERS[i]);
}

/** Thrown by `resolveSorted` at a value the standard path would refuse (or might treat otherwise): take that path. */
const NOT_PLAIN = new Error('not plain data: render on the standard path');

/**
 * What cdk8s's resolve and sanitize steps make of a value with the built-in resolvers, in one
 * copy: a `Lazy` produced, an implicit token (`resolve()`) resolved, a number-or-string union
 * (`IntOrString`, `Quantity`) made `{ value }`, each tried in that order and the result
 * resolved again; null and undefined dropped from objects (and made undefined in arrays);
 * object keys sorted; empty objects and arrays kept, or with `dropEmpty` dropped as metadata
 * drops them. Throws NOT_PLAIN at any other object.
 */
function resolveSorted(value: any, dropEmpty = false): any {
  // Strings, numbers and booleans first, as most values are: no built-in resolver acts on them
  // (none has a `resolve` method or a `value`), and sanitizeValue() keeps them.
  if (typeof value !== 'object' && typeof value !== 'function') return value;
  if (value === null) return undefined;
  // resolve(): the resolvers in their order, then arrays and dictionaries; sanitizeValue() then
  // keeps other non-objects and refuses other objects.
  if (value instanceof Lazy) return resolveSorted(value.produce(), dropEmpty);
  if (typeof value.resolve === 'function') return resolveSorted(value.resolve(), dropEmpty);
  if (value.constructor !== Object && (typeof value.value === 'number' || typeof value.value === 'string')) return resolveSorted({ value: value.value }, dropEmpty);
  if (Array.isArray(value)) {
    if (dropEmpty && value.length === 0) return undefined;
    const items = new Array(value.length);
    for (let i = 0; i < value.length; i++) items[i] = resolveSorted(value[i], dropEmpty);
    return items;
  }
  if (value.constructor !== Object) {
    if (typeof value !== 'object') return value;
    throw NOT_PLAIN;
  }
  const out: { [key: string]: unknown } = {};
  let empty = true;
  // Most objects a pattern renders have their keys in order already: sorted only when not.
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      keys.sort();
      break;
    }
  }
  for (const key of keys) {
    if (key === '__proto__') throw NOT_PLAIN;
    const v = resolveSorted(value[key], dropEmpty);
    if (v !== undefined) {
      out[key] = v;
      empty = false;
    }
  }
  return dropEmpty && empty ? undefined : out;
}

/** The fields of cdk8s's `ApiObjectMetadataDefinition` that its `toJson()` writes. */
interface MetadataFields {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: object;
  readonly annotations?: object;
  readonly finalizers?: unknown[];
  readonly ownerReferences?: unknown[];
  readonly _additionalAttributes?: object;
}

/**
 * `metadata.toJson()` in one copy: the same fields resolved, sorted and with empty objects and
 * lists dropped (cdk8s's resolve and sanitize walk it twice, looking the app up at every value).
 * Throws NOT_PLAIN when the metadata object is not laid out as this cdk8s release lays it out.
 */
function metadataJson(metadata: ApiObjectMetadataDefinition): any {
  const m = metadata as unknown as MetadataFields;
  if (typeof m.labels !== 'object' || typeof m.annotations !== 'object' || !Array.isArray(m.finalizers)
    || !Array.isArray(m.ownerReferences) || typeof m._additionalAttributes !== 'object') throw NOT_PLAIN;
  return resolveSorted({
    ...m._additionalAttributes,
    name: m.name,
    namespace: m.namespace,
    annotations: m.annotations,
    finalizers: m.finalizers,
    ownerReferences: m.ownerReferences,
    labels: m.labels,
  }, true);
}
