import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { checkStringList } from './checks';
import { PatternValidationError, Reporter } from './errors';

/** Most bytes a ConfigMap's values may hold, as the API server counts them (data plus decoded binaryData). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const MAX_CONFIG_KEY = 253;

/** Checks a ConfigMap (or Secret) key as the API server does: `[-._a-zA-Z0-9]+`, at most 253 characters, not `.` or `..`. */
export function checkConfigKey(report: Reporter, prop: string, key: string): string {
  if (typeof key !== 'string' || !CONFIG_KEY.test(key) || key.length > MAX_CONFIG_KEY || key === '.' || key === '..' || key.startsWith('..')) {
    report.fail(prop, key, `must be a ConfigMap key: at most ${MAX_CONFIG_KEY} letters, digits, '-', '_' and '.', and not '.' or starting with '..'`);
  }
  return key;
}

/*
 * Secret-looking keys and values (README "Secrets stay out of ConfigMaps"). A false alarm costs
 * one entry in `allowSecretLikeKeys`; a miss puts a credential in plain text in Git. The rules:
 *
 * - a key word (split at '-', '_', '.' and camelCase) that is or contains password, passwd,
 *   passphrase, pwd, secret or credential, or is `pass`, `pgpass`, `creds`, or ends in `token`
 *   (`accessToken`, `GITHUBTOKEN`; not `tokens`, `tokenizer`);
 * - a key ending in `key` (`SIGNING_KEY`, `signingKey`, `apikey`) unless the word before says it
 *   is no secret (`PUBLIC_KEY`, `cache_key`, `partition-key`, ...);
 * - unless the key ends in a word that names where or what the secret is rather than the secret
 *   itself (`token_url`, `PASSWORD_FILE`, `secret-name`, `token-ttl`, `cache_key_prefix`);
 * - values and file contents holding a well-known credential format: a PEM private key, a JWT,
 *   a GitHub token (`ghp_...`, `github_pat_...`), a Slack token (`xoxb-...`), an AWS access key id
 *   (`AKIA...`, `ASIA...`), a URL with a password (`postgres://app:S3cr3t@db`), or a
 *   `password=...` / `secret: ...` line of a config file with a literal value.
 */
const SECRET_PARTS = /password|passwd|passphrase|pwd|secret|credential/;
const SECRET_WORDS = new Set(['pass', 'pgpass', 'creds', 'apikey', 'privatekey', 'accesskey', 'secretkey']);
/** Words before `key` that make it no secret. */
const HARMLESS_KEYS = new Set(['public', 'cache', 'partition', 'sort', 'primary', 'foreign', 'routing', 'shard', 'idempotency', 'lookup',
  'hash', 'group', 'object', 'bucket', 'index', 'label', 'feature', 'translation', 'message', 'metric', 'map', 'dedup', 'unique', 'row', 'composite', 'host', 'ssh-host']);
/** Last words that name where a secret is, or something about it, rather than the secret. */
const QUALIFIERS = new Set(['url', 'uri', 'endpoint', 'path', 'file', 'dir', 'name', 'names', 'ref', 'ttl', 'timeout', 'expiry', 'expiration',
  'lifetime', 'length', 'len', 'type', 'header', 'prefix', 'suffix', 'format', 'algorithm', 'alg', 'size', 'count', 'enabled', 'required',
  'policy', 'rotation', 'issuer', 'audience', 'scope', 'scopes', 'field', 'env', 'mount', 'location', 'version', 'min', 'max']);
/** A credential format that values are searched for. */
export interface SecretValueFormat {
  readonly pattern: RegExp;
  /** What a match is, for the error message. */
  readonly what: string;
  /** A cheap test that every value the pattern matches passes. */
  readonly mayMatch: (value: string) => boolean;
}

/**
 * The formats, each with a cheap test that every match passes (text it contains, or a
 * character it has with the right neighbours): running the pattern only when the test passes
 * spares running patterns without a fixed start over every value (config files of kilobytes);
 * test/shared/config-data.test.ts holds each test to its pattern on random text.
 */
export const SECRET_VALUE_FORMATS: readonly SecretValueFormat[] = [
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'a PEM private key', mayMatch: v => v.includes('-----BEGIN ') },
  { pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, what: 'a JSON Web Token', mayMatch: v => v.includes('.eyJ') },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}/, what: 'a GitHub token', mayMatch: v => someAt(v, '_', at => isGitHubPrefix(v, at)) },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/, what: 'a GitHub token', mayMatch: v => v.includes('github_pat_') },
  { pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/, what: 'a Slack token', mayMatch: v => v.includes('xox') },
  { pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, what: 'an AWS access key id', mayMatch: v => v.includes('AKIA') || v.includes('ASIA') },
  // scheme://user:password@ with a literal password, not a `${VAR}`, `$(VAR)`, `{{ }}` or `<placeholder>`.
  { pattern: /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s:@/]+:(?![$<{*%])[^\s@/]+@/, what: 'a URL with a password', mayMatch: v => v.includes('://') },
  { pattern: /^[ \t]*["']?[\w.-]*(password|passwd|pwd|secret|token|api[_-]?key)["']?[ \t]*[=:][ \t]*(?![$<{*%\s]|["']?[$<{]|$)\S/im, what: "a 'password=' line", mayMatch: mayBeSecretLine },
];

/** Whether `test` holds at some index of `char` in `value` (found with indexOf, which skips ahead fast). */
function someAt(value: string, char: string, test: (at: number) => boolean): boolean {
  for (let at = value.indexOf(char); at >= 0; at = value.indexOf(char, at + 1)) if (test(at)) return true;
  return false;
}

/** Whether the `_` at `at` ends `ghp_`, `gho_`, `ghu_`, `ghs_` or `ghr_`. */
function isGitHubPrefix(value: string, at: number): boolean {
  return at >= 3 && 'pousr'.includes(value[at - 1]) && value.startsWith('gh', at - 3);
}

/** Whether some `=` or `:` follows a name that may end in one of the 'password=' line's words. */
function mayBeSecretLine(value: string): boolean {
  return someAt(value, '=', at => endsLikeSecretName(value, at)) || someAt(value, ':', at => endsLikeSecretName(value, at));
}

/**
 * Whether the name before the `=` or `:` at `at` (past blanks and a quote) may end in one of
 * the 'password=' line's words: its last letter is that of password, passwd, pwd (d), secret
 * (t), token (n) or key (y), in either case.
 */
function endsLikeSecretName(value: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (value[i] === ' ' || value[i] === '\t')) i--;
  if (value[i] === '"' || value[i] === "'") i--;
  return i >= 0 && 'dDtTnNyY'.includes(value[i]);
}

/** The words of a key: `DB_PASSWORD` → db, password; `signingKey` → signing, key. */
function keyWords(key: string): string[] {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[-_.\s]+/).filter(w => w !== '');
}

/** Why a key (or the value under it) looks like a credential rather than configuration; undefined when it does not. */
export function secretReason(key: string, value?: string): string | undefined {
  if (typeof key === 'string' && key.length <= 253) {
    const words = keyWords(key);
    const last = words.length - 1;
    const qualified = words.length > 1 && QUALIFIERS.has(words[last]);
    if (!qualified && words.some(w => SECRET_PARTS.test(w) || SECRET_WORDS.has(w) || w.endsWith('token'))) {
      return 'its name says it is a credential';
    }
    const keyAt = words.lastIndexOf('key');
    const isKey = (keyAt === last && keyAt > 0) || (keyAt > 0 && keyAt === last - 1 && !QUALIFIERS.has(words[last]));
    if (isKey && !HARMLESS_KEYS.has(words[keyAt - 1])) return 'its name says it is a key';
  }
  if (typeof value === 'string') {
    for (const format of SECRET_VALUE_FORMATS) {
      if (format.mayMatch(value) && format.pattern.test(value)) return `its value holds what looks like ${format.what}`;
    }
  }
  return undefined;
}

/** Whether a key (or the value under it) looks like a credential rather than configuration. */
export function looksSecret(key: string, value?: string): boolean {
  return secretReason(key, value) !== undefined;
}

/**
 * Refuses a key that looks like a credential, by its name or its value, unless the user listed
 * it: a ConfigMap is plain text to anyone who can read the namespace, and it ends up in Git with
 * the YAML. The message never repeats the value.
 */
export function checkNotSecret(report: Reporter, prop: string, key: string, value: string | undefined, allowed: ReadonlySet<string>): void {
  const reason = allowed.has(key) ? undefined : secretReason(key, value);
  if (reason !== undefined) {
    report.fail(prop, key,
      `looks like a secret (${reason}); put it in a Secret, or list it in 'allowSecretLikeKeys' if it is plain configuration`);
  }
}

/** Bytes a ConfigMap's values take, as the API server counts them: UTF-8 data plus decoded binaryData. */
export function configBytes(data: { [key: string]: string }, binaryData: { [key: string]: string }): number {
  let total = 0;
  for (const value of Object.values(data)) total += Buffer.byteLength(value, 'utf8');
  for (const value of Object.values(binaryData)) total += Buffer.from(value, 'base64').length;
  return total;
}

/** A file read at synth: text goes to `data`, anything else (invalid UTF-8, NUL bytes) base64 to `binaryData`. */
export interface LoadedFile {
  readonly text?: string;
  readonly base64?: string;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function loadFile(report: Reporter, prop: string, given: string, baseDir: string): LoadedFile {
  const resolved = path.resolve(baseDir, given);
  let bytes: Buffer;
  try {
    if (!fs.statSync(resolved).isFile()) report.fail(prop, given, `is not a regular file (resolved to ${resolved})`);
    bytes = fs.readFileSync(resolved);
  } catch (e) {
    if ((e as Error).name === 'PatternValidationError') throw e;
    return report.fail(prop, given, `cannot be read: ${describeFsError(e)} (resolved to ${resolved})`);
  }
  if (bytes.includes(0)) return { base64: bytes.toString('base64') };
  try {
    return { text: UTF8.decode(bytes) };
  } catch {
    return { base64: bytes.toString('base64') };
  }
}

/** The regular files directly in a directory, sorted so that the keys come out the same on every machine. */
export function listDirectory(report: Reporter, prop: string, given: string, baseDir: string, exclude: readonly string[]): string[] {
  const resolved = path.resolve(baseDir, given);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(resolved, { withFileTypes: true });
  } catch (e) {
    return report.fail(prop, given, `cannot be read as a directory: ${describeFsError(e)} (resolved to ${resolved})`);
  }
  const excluded = exclude.map(globToRegExp);
  // Subdirectories, links and devices are skipped, as `kubectl create configmap --from-file=<dir>` does.
  return entries
    .filter(e => e.isFile() && !excluded.some(re => re.test(e.name)))
    .map(e => e.name)
    .sort();
}

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ENOTDIR') return 'not a directory';
  return code ?? String(e);
}

/** `*` matches any run of characters, `?` one character; everything else is literal. */
function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/**
 * SHA-256 of a ConfigMap's content, hex: of `JSON.stringify({ binaryData, data })` with both
 * maps present (empty when absent) and their keys sorted. The same on every machine, and
 * reproducible from the synthesized YAML alone, which is how `ManifestChecks` verifies it.
 */
export function configChecksum(data: { [key: string]: string } | undefined, binaryData: { [key: string]: string } | undefined): string {
  // That JSON text, written here rather than by JSON.stringify, which looks at every character
  // of every value for escapes: a value of printable ASCII without quotes or backslashes (most
  // config) is written as it is, and when every string is, the text is hashed as latin1, whose
  // bytes are then its UTF-8 bytes, without encoding it. test/shared/config-data.test.ts holds
  // it to JSON.stringify's text for random data.
  const text = new JsonText();
  const canonical = `{"binaryData":${text.map(binaryData)},"data":${text.map(data)}}`;
  return createHash('sha256').update(canonical, text.ascii ? 'latin1' : 'utf8').digest('hex');
}

/** Printable ASCII but `"` and `\`: JSON writes such a string between quotes, unchanged. */
const PLAIN_JSON_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** JSON text of string maps with sorted keys, as JSON.stringify writes them; `ascii` while every string written was plain. */
class JsonText {
  public ascii = true;

  public map(map: { [key: string]: string } | undefined): string {
    // Keys in JSON.stringify's order for an object built in sorted order (integer-like keys first, ascending).
    const sorted = sortedCopy(map);
    return `{${Object.keys(sorted).map(key => `${this.string(key)}:${this.string(sorted[key])}`).join(',')}}`;
  }

  private string(value: string): string {
    if (PLAIN_JSON_STRING.test(value)) return `"${value}"`;
    this.ascii = false;
    return JSON.stringify(value);
  }
}

function sortedCopy(map: { [key: string]: string } | undefined): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const key of Object.keys(map ?? {}).sort()) out[key] = String(map![key]);
  return out;
}

/** Length of the content hash in an immutable ConfigMap's name, as kustomize's generator uses. */
export const NAME_HASH_LENGTH = 10;

/** `<name>-<first 10 hex digits of the checksum>`: a new name for new content, as kustomize's configMapGenerator does. */
export function hashedName(name: string, checksum: string): string {
  return `${name}-${checksum.slice(0, NAME_HASH_LENGTH)}`;
}

/**
 * The pod-template annotation that rolls pods when a ConfigMap they read changes (after
 * Bitnami's `checksum/configuration`). One fixed key per pod, whose value lists every
 * ConfigMap the pod reads as `<name>:<sha256>` pairs sorted by name, so a review diff shows
 * which one changed.
 *
 * The key is deliberately the same in every app: a key per ConfigMap (`checksum/config-<name>`)
 * gives thousands of distinct object keys in a large app, which exhausts V8's hidden-class
 * transitions and sends the YAML serializer's own objects to dictionary mode, slowing the
 * whole synthesis about 3.5× (bench/README.md).
 */
export const CHECKSUM_ANNOTATION = 'checksum/config';

/**
 * The annotation value for ConfigMap checksums: `<name>:<sha256>` pairs, sorted by name,
 * space-separated (a name given twice keeps its last checksum). The pairs come as a list, not
 * as an object keyed by name: such an object per pod is the same exhaustion of V8's hidden-class
 * transitions as a key per ConfigMap (test/scale.test.ts).
 */
export function formatChecksums(checksums: Iterable<readonly [configMap: string, checksum: string]>): string {
  const byName = new Map(checksums);
  return [...byName.keys()].sort().map(name => `${name}:${byName.get(name)}`).join(' ');
}

/** The ConfigMap checksums an annotation value lists; a value in another format lists none. */
export function parseChecksums(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value !== 'string') return out;
  for (const pair of value.split(' ')) {
    const colon = pair.lastIndexOf(':');
    if (colon > 0) out.set(pair.slice(0, colon), pair.slice(colon + 1));
  }
  return out;
}

/**
 * `full` when it fits in `max` characters, else cut and suffixed with a hash of the whole, so
 * two long names stay distinct; the result still starts and ends with a letter or digit.
 */
export function fitName(full: string, max: number): string {
  if (full.length <= max) return full;
  const suffix = createHash('sha256').update(full, 'utf8').digest('hex').slice(0, 8);
  return `${full.slice(0, max - suffix.length - 1).replace(/[-.]+$/, '')}-${suffix}`;
}

/** Where an entry goes: the pending data of a ConfigMap still to be created, or the ConfigMap itself. */
export type EntrySink = (key: string, loaded: LoadedFile) => void;

/**
 * The entries of one ConfigMap as they are added from literals, files and directories: each
 * key checked once (valid, not secret-looking, not given twice) and the total size kept under
 * the API server's limit. Relative paths resolve against `baseDir`.
 */
export class ConfigEntries {
  /** The file each key read from a file came from (a literal's key names itself in messages). */
  private files?: Map<string, string>;
  private bytes = 0;

  /**
   * @param added whether an entry of this key was added here: the ConfigMap's own data knows
   *   (a large app holds thousands of these, so no second list of the keys is kept)
   */
  constructor(
    private readonly baseDir: string,
    private readonly allowSecretLikeKeys: ReadonlySet<string>,
    private readonly added: (key: string) => boolean,
  ) {}

  public literal(report: Reporter, key: string, value: string, sink: EntrySink): void {
    if (typeof value !== 'string') report.fail(`literals["${key}"]`, value, 'must be a string');
    this.add(report, 'literals', key, { text: value }, undefined, sink);
  }

  public file(report: Reporter, file: { readonly path: string; readonly key?: string }, sink: EntrySink): void {
    if (file === null || typeof file !== 'object') report.fail('path', file, "must be an object with 'path'");
    if (typeof file.path !== 'string' || file.path === '') report.fail('path', file.path, 'must be a file path');
    const key = file.key ?? path.basename(file.path);
    this.add(report, 'key', key, loadFile(report, 'path', file.path, this.baseDir), file.path, sink);
  }

  public directory(report: Reporter, dir: { readonly path: string; readonly keyPrefix?: string; readonly exclude?: string[] },
    sink: EntrySink): void {
    if (dir === null || typeof dir !== 'object') report.fail('path', dir, "must be an object with 'path'");
    if (typeof dir.path !== 'string' || dir.path === '') report.fail('path', dir.path, 'must be a directory path');
    const exclude = checkStringList(report, 'exclude', dir.exclude);
    for (const file of listDirectory(report, 'path', dir.path, this.baseDir, exclude)) {
      const relative = path.join(dir.path, file);
      this.add(report, 'path', (dir.keyPrefix ?? '') + file, loadFile(report, 'path', relative, this.baseDir), relative, sink);
    }
  }

  /**
   * Checks entries that bypassed this class (added to the cdk8s-plus ConfigMap directly) and
   * the total size, returning messages for a synth-time validation.
   */
  public validate(report: Reporter, prop: string, data: { [key: string]: string }, binaryData: { [key: string]: string }): string[] {
    const errors: string[] = [];
    for (const key of [...Object.keys(data), ...Object.keys(binaryData)].filter(k => !this.added(k))) {
      try {
        checkConfigKey(report, prop, key);
        checkNotSecret(report, prop, key, data[key], this.allowSecretLikeKeys);
      } catch (e) {
        if (!(e instanceof PatternValidationError)) throw e;
        errors.push(e.message);
      }
    }
    const bytes = configBytes(data, binaryData);
    if (bytes > MAX_CONFIG_BYTES) errors.push(report.message(prop, Object.keys({ ...data, ...binaryData }).sort(), tooLarge(bytes)));
    return errors;
  }

  /** Adds an entry from `file` (its path), or from a literal when undefined. */
  private add(report: Reporter, prop: string, key: string, loaded: LoadedFile, file: string | undefined, sink: EntrySink): void {
    checkConfigKey(report, prop, key);
    checkNotSecret(report, prop, key, loaded.text, this.allowSecretLikeKeys);
    if (this.added(key)) {
      const first = this.files?.get(key);
      report.fail(prop, key, `is already a key of the ConfigMap, from ${first === undefined ? `literal "${key}"` : `file "${first}"`}`);
    }
    const size = loaded.text !== undefined ? Buffer.byteLength(loaded.text, 'utf8') : Buffer.from(loaded.base64!, 'base64').length;
    if (this.bytes + size > MAX_CONFIG_BYTES) report.fail(prop, key, tooLarge(this.bytes + size));
    this.bytes += size;
    if (file !== undefined) (this.files ??= new Map()).set(key, file);
    sink(key, loaded);
  }
}

function tooLarge(bytes: number): string {
  return `would bring the ConfigMap to ${bytes} bytes, over the ${MAX_CONFIG_BYTES} (1 MiB) the API server accepts; keep large files in the image or a volume`;
}
