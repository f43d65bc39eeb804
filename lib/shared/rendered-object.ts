import { ApiObject, App, JsonPatch, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

/** The resolvers every cdk8s App has (Lazy, implicit tokens, number/string unions). */
const BUILT_IN_RESOLVERS = 3;

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
 * keys and drop undefined values; for a pattern's rendered manifest the first copy has
 * nothing to do. When the app has only cdk8s's built-in resolvers, no JSON patch was added
 * and key sorting is on (the usual case), this renders the same JSON in one copy, resolving
 * the few `Lazy` values a pattern puts in itself (the ConfigMap checksum). Otherwise it takes
 * the standard path, so custom resolvers and patches apply as they do to any ApiObject.
 * test/plain-parts.test.ts holds both paths to the same bytes.
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
    if (!this.rendersBody || process.env.CDK8S_DISABLE_SORT) {
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
    return { apiVersion: this.apiVersion, kind: this.kind, metadata: this.metadata.toJson(), ...finalize(this.body()) };
  }
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
  const key = fields.join('\n');
  let shared = FIELD_LISTS.get(key);
  if (!shared) {
    shared = Object.freeze([...fields]);
    FIELD_LISTS.set(key, shared);
  }
  return shared;
}

/** Whether the app of `scope` resolves values only with cdk8s's built-in resolvers (no custom ones). */
export function onlyBuiltInResolvers(scope: Construct): boolean {
  return App.of(scope).resolvers.length <= BUILT_IN_RESOLVERS;
}

/**
 * What cdk8s's resolve and sanitize steps make of plain data, in one copy: Lazy values
 * produced, undefined and null dropped, object keys sorted, empty objects and arrays kept.
 */
function finalize(value: unknown): any {
  if (value instanceof Lazy) return finalize(value.produce());
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(finalize);
  const out: { [key: string]: unknown } = {};
  for (const key of Object.keys(value).sort()) {
    const v = finalize((value as { [key: string]: unknown })[key]);
    if (v !== undefined && v !== null) out[key] = v;
  }
  return out;
}
