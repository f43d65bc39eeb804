import { ApiObject, App, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';

/** The resolvers every cdk8s App has (Lazy, implicit tokens, number/string unions). */
const BUILT_IN_RESOLVERS = 3;

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
 */
export class RenderedApiObject extends ApiObject {
  private patched = false;

  constructor(
    scope: Construct,
    id: string,
    apiVersion: string,
    kind: string,
    metadata: { [key: string]: any },
    /** The top-level fields the body renders (`spec`; `data`, `binaryData`, `immutable`). */
    fields: string[],
    private readonly body: () => { [field: string]: unknown },
  ) {
    // The standard path resolves each field of the body through a Lazy.
    super(scope, id, { apiVersion, kind, metadata, ...Object.fromEntries(fields.map(f => [f, Lazy.any({ produce: () => body()[f] })])) });
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /**
   * True while the manifest is exactly what the body renders: no JSON patch was added and the
   * app has only cdk8s's built-in resolvers. Readers of a few fields (the app-wide checks) may
   * then take them from the pattern's data instead of rendering the whole manifest.
   */
  public get rendersBody(): boolean {
    return !this.patched && onlyBuiltInResolvers(this);
  }

  public toJson(): any {
    if (!this.rendersBody || process.env.CDK8S_DISABLE_SORT) {
      return super.toJson();
    }
    return { apiVersion: this.apiVersion, kind: this.kind, metadata: this.metadata.toJson(), ...finalize(this.body()) };
  }
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
