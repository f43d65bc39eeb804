import { ApiObject, JsonPatch, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AppChecks } from './shared/app-checks';
import { checkBoolean, checkInteger, checkProps, checkStringMap } from './shared/checks';
import {
  CHECKSUM_ANNOTATION, checkConfigKey, configChecksum, ConfigEntries, EntrySink, fitName, formatChecksums, hashedName, LoadedFile,
} from './shared/config-data';
import { checkEnvName, isEnvName } from './shared/container';
import { Reporter } from './shared/errors';
import {
  ArgsInjectionOptions, EnvFromInjectionOptions, EnvFromSource, EnvInjectionOptions, FileMountOptions, FilesMountOptions, InjectionTarget,
  ResolvedTarget, VariableSource,
} from './shared/injection';
import { PatternLabelProps, PatternLabels } from './shared/labels';
import { resolveName, resolveNamespace } from './shared/names';
import { fitConstructLists, RenderedApiObject, renderFaster } from './shared/rendered-object';

const TYPE = 'ConfigMapInjection';

/**
 * A file whose content becomes one key, as `kubectl create configmap --from-file=[key=]path`.
 */
export interface ConfigFile {
  /**
   * Path of the file, read at synth. A relative path is resolved against `baseDir`.
   * Text goes to `data`; a file that is not UTF-8 text goes base64-encoded to `binaryData`.
   */
  readonly path: string;

  /**
   * The key it is stored under.
   *
   * @default - the file's name (`conf/test.conf` → `test.conf`)
   */
  readonly key?: string;
}

/**
 * A directory whose regular files each become one key, as
 * `kubectl create configmap --from-file=<dir>`. Subdirectories are skipped.
 */
export interface ConfigDirectory {
  /** Path of the directory, read at synth. A relative path is resolved against `baseDir`. */
  readonly path: string;

  /**
   * Put before every file name to make its key.
   *
   * @default - none: the file name is the key
   */
  readonly keyPrefix?: string;

  /**
   * File names to leave out, where `*` matches any characters, `?` one (`*.md`, `.*`).
   *
   * @default - every regular file
   */
  readonly exclude?: string[];
}

/**
 * Props of `ConfigMapInjection`.
 */
export interface ConfigMapInjectionProps extends PatternLabelProps {
  /**
   * Name of the ConfigMap. With `immutable`, the content hash is appended to it.
   *
   * @default - the construct id in kebab case (`AppConfig` → `app-config`)
   */
  readonly name?: string;

  /**
   * Namespace of the ConfigMap: only pods of the same namespace can read it.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * Keys with literal values, as `kubectl create configmap --from-literal=key=value`.
   * Values may span several lines (a whole config file).
   *
   * @default - none
   */
  readonly literals?: { [key: string]: string };

  /**
   * Files, one key each.
   *
   * @default - none
   */
  readonly files?: ConfigFile[];

  /**
   * Directories, one key per regular file, in file-name order.
   *
   * @default - none
   */
  readonly directories?: ConfigDirectory[];

  /**
   * Directory that relative `files` and `directories` paths are resolved against.
   * `cdk8s synth` runs the app in the folder holding `cdk8s.yaml`; pass `__dirname` to
   * resolve against the source file instead, whatever the working directory.
   *
   * @default - the working directory of the process (`process.cwd()`)
   */
  readonly baseDir?: string;

  /**
   * Make the ConfigMap immutable (`immutable: true`) and append the first 10 hex digits of
   * the SHA-256 of its data to its name, as kustomize's configMapGenerator does. Changed
   * data then makes a new ConfigMap, every reference (env, envFrom, volumes) follows the
   * new name and the pods roll; the kubelet stops watching immutable ConfigMaps, which
   * lightens the API server. All data must be given in these props: the name is fixed at
   * construction. The old ConfigMap stays until pruned (`kubectl apply --prune`, Argo CD
   * or Flux pruning).
   *
   * @default false - a mutable ConfigMap; pods roll through the checksum annotation
   */
  readonly immutable?: boolean;

  /**
   * Keys that look like credentials but are plain configuration. A key looks like one by its
   * name (`DB_PASSWORD`, `PGPASS`, `SIGNING_KEY`, `GITHUB_TOKEN`, `client-secret`, ...) or by its
   * value (a private key, a JWT, a GitHub, Slack or AWS token, a URL with a password, a
   * `password=` line in a file); such keys are refused, because a ConfigMap is readable by
   * anyone who can read the namespace and is committed to Git with the YAML. Credentials
   * belong in a Secret. The rules are listed in the README ("Secrets stay out of ConfigMaps").
   *
   * @default - none
   */
  readonly allowSecretLikeKeys?: string[];
}

/**
 * A ConfigMap built from literals, files and directories, injected into containers as
 * environment variables, as the variables their start-up arguments reference, and as files.
 * Pods that read it roll when its data changes.
 *
 * Each pod template it is injected into gets the annotation `checksum/config`, listing
 * `<name>:<sha256 of the data>` for every ConfigMap the pod reads (sorted by name), computed at
 * synth so that data added after the injection counts. A changed value changes the
 * annotation, and so the pod template, and the workload rolls out new pods; environment
 * variables and arguments are only read at start, so without this they would keep the old
 * values. With `immutable`, the name carries the hash instead and every reference follows it.
 *
 * A bare Pod or a Job cannot change its pod template in place: apply a changed one with
 * `kubectl replace --force` (or Argo CD's `Replace=true`).
 *
 * @example
 * const names = new ConfigMapInjection(chart, 'multimap', { literals: { given: 'Nigel', family: 'Poulton' } });
 * names.injectEnv(InjectionTarget.fromPattern(web), { variables: { FIRSTNAME: 'given', LASTNAME: 'family' } });
 * names.mountFiles(InjectionTarget.fromPattern(web), { path: '/etc/name' });
 */
export class ConfigMapInjection extends Construct implements kplus.IConfigMap {
  /** Name of the ConfigMap (with `immutable`, the given name plus the content hash). */
  public readonly name: string;
  /** API version of the ConfigMap (`v1`), as cdk8s-plus's `IConfigMap`. */
  public readonly apiVersion = 'v1';
  /** API group of the ConfigMap (the core group, ''), as cdk8s-plus's `IConfigMap`. */
  public readonly apiGroup = '';
  /** Kind of the object (`ConfigMap`), as cdk8s-plus's `IConfigMap`. */
  public readonly kind = 'ConfigMap';
  /** Resource type for RBAC rules (`configmaps`), as cdk8s-plus's `IConfigMap`. */
  public readonly resourceType = 'configmaps';
  /** Namespace of the ConfigMap, when one is set. */
  public readonly namespace?: string;
  /** Whether the ConfigMap is immutable, with a content-hash name. */
  public readonly immutable: boolean;
  /** The labels on the ConfigMap. */
  public readonly labels: { [key: string]: string };
  /** The pod-template annotation that rolls the pods (`checksum/config`), or none with `immutable`. */
  public readonly checksumAnnotation?: string;

  private readonly report: Reporter;
  private readonly entries: ConfigEntries;
  // Lists made on first use (a large app holds thousands of these constructs): names and
  // paths may repeat, and are made unique when read.
  private injectedEnv?: string[];
  private injectedPaths?: string[];
  /** `envFrom` injections, checked again at synth against the final keys. */
  private envFroms?: AllKeys[];
  private readonly sealedChecksum?: string;
  /** Volume names start with this: `config-<name>` without the hash, so they stay when the data changes. */
  private readonly volumeBase: string;
  private volumeCount = 0;
  private dataPatched = false;
  /** The data while the ConfigMap is a plain manifest; the cdk8s-plus ConfigMap holds it once built. */
  private plainData: { [key: string]: string } = {};
  private plainBinaryData: { [key: string]: string } = {};
  private built?: kplus.ConfigMap;
  /** Keys added through this construct, once the data lives in `built` (where keys may also be added directly). */
  private builtEntries?: Set<string>;

  constructor(scope: Construct, id: string, props: ConfigMapInjectionProps = {}) {
    super(scope, id);
    const report = this.report = new Reporter(this, TYPE);
    checkProps(report, props);
    const baseName = resolveName(this, report, props.name);
    this.namespace = resolveNamespace(this, report, props.namespace);
    this.immutable = checkBoolean(report, 'immutable', props.immutable, false);
    if (props.baseDir !== undefined && (typeof props.baseDir !== 'string' || props.baseDir === '')) report.fail('baseDir', props.baseDir, 'must be a directory path');
    const allowed = listOf(report, 'allowSecretLikeKeys', props.allowSecretLikeKeys);
    this.entries = new ConfigEntries(props.baseDir ?? process.cwd(), allowed.length > 0 ? new Set(allowed) : NO_KEYS, key => this.hasEntry(key));
    const labels = PatternLabels.of(report, baseName, 'config', props);
    this.labels = labels.all;

    // Read everything before creating the ConfigMap: an immutable one's name is the hash of it.
    // Loops, not callbacks: a local that a callback reads would live on in the context the body below keeps.
    const sink: EntrySink = (key, loaded) => this.store(key, loaded);
    for (const [key, value] of Object.entries(checkStringMap(report, 'literals', props.literals))) this.entries.literal(report, key, value, sink);
    const files = listOf(report, 'files', props.files);
    for (let i = 0; i < files.length; i++) this.entries.file(report.child(`files[${i}]`), files[i], sink);
    const directories = listOf(report, 'directories', props.directories);
    for (let i = 0; i < directories.length; i++) this.entries.directory(report.child(`directories[${i}]`), directories[i], sink);

    // Copied once into fresh objects: built key by key, a map of many keys is kept in a slower, larger form.
    this.plainData = Object.assign({}, this.plainData);
    this.plainBinaryData = Object.assign({}, this.plainBinaryData);
    if (this.immutable) this.sealedChecksum = configChecksum(this.plainData, this.plainBinaryData);
    this.name = this.sealedChecksum ? hashedName(baseName, this.sealedChecksum) : baseName;
    this.checksumAnnotation = this.immutable ? undefined : CHECKSUM_ANNOTATION;
    // A plain manifest until `configMap` is read: cdk8s-plus objects cost more to synthesize.
    // Its body is the only closure the construct keeps, over nothing but the construct.
    new RenderedApiObject(this, 'ConfigMap', 'v1', 'ConfigMap', this.metadataProps(), CONFIG_MAP_FIELDS, () => this.renderPlainData());
    this.volumeBase = fitName(`config-${baseName}`, 60);

    this.node.addValidation(new SynthChecks(this));
    AppChecks.of(this);
    fitConstructLists(this);
  }

  /**
   * The ConfigMap as a cdk8s-plus object, for customisation. Add data through this construct
   * (`addLiteral`, ...) so that it is checked. Reading it the first time replaces the plain
   * manifest with the cdk8s-plus object (same YAML).
   */
  public get configMap(): kplus.ConfigMap {
    if (!this.built) {
      this.node.tryRemoveChild('ConfigMap');
      this.builtEntries = new Set([...Object.keys(this.plainData), ...Object.keys(this.plainBinaryData)]);
      this.built = new kplus.ConfigMap(this, 'ConfigMap', {
        metadata: this.metadataProps(),
        data: this.plainData,
        binaryData: this.plainBinaryData,
        immutable: this.immutable,
      });
      this.keepEmptyValues();
      renderFaster(ApiObject.of(this.built));
    }
    return this.built;
  }

  /** Name of the ConfigMap, as cdk8s-plus's `IConfigMap`. */
  public get resourceName(): string | undefined {
    return this.name;
  }

  /** Every key, sorted: `data` and `binaryData`. */
  public get keys(): string[] {
    return [...Object.keys(this.data), ...Object.keys(this.binaryData)].sort();
  }

  /** SHA-256 of the data as it is now (the annotation is computed at synth, with what is there then). */
  public get checksum(): string {
    return configChecksum(this.data, this.binaryData);
  }

  /** Environment variable names this construct injected, sorted (`envFrom` names not included). */
  public get envNames(): string[] {
    return [...new Set(this.injectedEnv)].sort();
  }

  /** Paths this construct mounted files at, sorted. */
  public get mountPaths(): string[] {
    return [...new Set(this.injectedPaths)].sort();
  }

  /** Adds a key with a literal value. Not allowed on an immutable ConfigMap. */
  public addLiteral(key: string, value: string): void {
    this.entries.literal(this.mutable('addLiteral'), key, value, (k, loaded) => this.store(k, loaded));
  }

  /** Adds a file, read now, as one key. Not allowed on an immutable ConfigMap. */
  public addFile(file: ConfigFile): void {
    this.entries.file(this.mutable('addFile'), file, (k, loaded) => this.store(k, loaded));
  }

  /** Adds the regular files of a directory, read now, one key each. Not allowed on an immutable ConfigMap. */
  public addDirectory(directory: ConfigDirectory): void {
    this.entries.directory(this.mutable('addDirectory'), directory, (k, loaded) => this.store(k, loaded));
  }

  /**
   * Sets environment variables from chosen keys (`env[].valueFrom.configMapKeyRef`).
   *
   * Throws when a key does not exist (unless `optional`), holds binary data, or a variable
   * is already set in the container by another source.
   */
  public injectEnv(target: InjectionTarget, options: EnvInjectionOptions): void {
    const report = this.report.child('injectEnv');
    const t = this.resolve(report, target);
    this.addVariables(report, t, options);
    this.rollOnChange(t);
    t.remember(() => this.injectEnv(target, options));
  }

  /**
   * Sets one environment variable per key of `data` (`envFrom`), named `<prefix><key>`.
   * Binary keys are not included (Kubernetes leaves them out). Throws when a name is not a
   * valid variable name or another source of the container sets it; checked again at synth
   * for keys added later.
   */
  public injectAllEnv(target: InjectionTarget, options: EnvFromInjectionOptions = {}): void {
    const report = this.report.child('injectAllEnv');
    const prefix = options?.prefix ?? '';
    if (typeof prefix !== 'string') report.fail('prefix', prefix, 'must be a string');
    if (prefix !== '' && !isEnvName(prefix)) {
      report.fail('prefix', prefix, "must itself be an environment variable name, which the API server checks it against: letters, digits, '_', '-' and '.', not starting with a digit");
    }
    const t = this.resolve(report, target);
    const source = new AllKeys(this, prefix, t);
    for (const key of source.invalidKeys()) report.fail('prefix', prefix, invalidEnvFromKey(key, prefix));
    t.addEnvFrom(report, 'prefix', source, kplus.Env.fromConfigMap(this, prefix || undefined));
    this.envFroms = appended(this.envFroms, source);
    this.rollOnChange(t);
    t.remember(() => this.injectAllEnv(target, options));
  }

  /**
   * Sets the environment variables that the container's command and args reference as
   * `$(NAME)`, from chosen keys: the start-up arguments then carry the values. Set the
   * command and args on the container itself (or through a pattern's `command` / `args`).
   *
   * Throws when a variable is not referenced, or when a reference would stay undefined
   * (Kubernetes would pass `$(NAME)` through as text).
   */
  public injectArgs(target: InjectionTarget, options: ArgsInjectionOptions): void {
    const report = this.report.child('injectArgs');
    const t = this.resolve(report, target);
    const refs = variableReferences([...t.container.command ?? [], ...t.container.args ?? []]);
    const where = `the command and args of container "${t.container.name}" of ${t.describe}`;
    if (refs.size === 0) {
      report.fail('target', t.container.name, `${where} reference no variable as $(NAME); set them first, or use injectEnv`);
    }
    const wanted = variablesOf(report, options);
    for (const name of Object.keys(wanted)) {
      if (!refs.has(name)) report.fail('variables', name, `is not referenced as $(${name}) in ${where} (they reference ${[...refs].join(', ')})`);
    }
    const defined = new Set([...t.envNames(), ...Object.keys(wanted)]);
    const undefinedRef = [...refs].find(name => !defined.has(name));
    if (undefinedRef !== undefined && !t.hasForeignEnvFrom()) {
      report.fail('variables', undefinedRef, `${where} reference $(${undefinedRef}), which no environment variable defines; Kubernetes would pass it through as text. Map ${undefinedRef} to a key`);
    }
    this.addVariables(report, t, options);
    this.rollOnChange(t);
    t.remember(() => this.injectArgs(target, options));
  }

  /**
   * Mounts keys as files in a directory: every key, or chosen items with their own paths and
   * modes. Files in running pods follow ConfigMap changes (not for `immutable` ones, which
   * never change).
   */
  public mountFiles(target: InjectionTarget, options: FilesMountOptions): void {
    const report = this.report.child('mountFiles');
    if (options === null || typeof options !== 'object') report.fail('options', options, "must be an object with at least 'path'");
    const t = this.resolve(report, target);
    const optional = checkBoolean(report, 'optional', options.optional, false);
    const defaultMode = options.defaultMode === undefined ? undefined : checkMode(report, 'defaultMode', options.defaultMode);
    let items: { [key: string]: kplus.PathMapping } | undefined;
    if (options.items !== undefined) {
      if (!Array.isArray(options.items) || options.items.length === 0) report.fail('items', options.items, 'must list at least one key; leave it out to mount every key');
      items = {};
      const paths = new Set<string>();
      options.items.forEach((item, i) => {
        const key = this.requireKey(report, `items[${i}].key`, item?.key, optional, false);
        if (key in items!) report.fail(`items[${i}].key`, key, 'is listed twice');
        const path = item.path ?? key;
        if (typeof path !== 'string' || path === '' || path.startsWith('/') || /(^|\/)\.\.(\/|$)/.test(path)) {
          report.fail(`items[${i}].path`, path, "must be a relative path without '..' segments");
        }
        if (paths.has(path)) report.fail(`items[${i}].path`, path, 'is the path of another item');
        paths.add(path);
        items![key] = { path, mode: item.mode === undefined ? undefined : checkMode(report, `items[${i}].mode`, item.mode) };
      });
    }
    const volume = this.volumeFor(t, { items, defaultMode, optional });
    this.injectedPaths = appended(this.injectedPaths, t.mount(report, 'path', options.path, volume));
    this.rollOnChange(t);
    t.remember(() => this.mountFiles(target, options));
  }

  /**
   * Mounts one key as one file (`subPath`), leaving the rest of the directory as the image
   * has it. Kubernetes never updates a subPath file in a running container; the checksum
   * annotation rolls the pods instead.
   */
  public mountFile(target: InjectionTarget, options: FileMountOptions): void {
    const report = this.report.child('mountFile');
    if (options === null || typeof options !== 'object') report.fail('options', options, "must be an object with 'key' and 'path'");
    const t = this.resolve(report, target);
    const optional = checkBoolean(report, 'optional', options.optional, false);
    const key = this.requireKey(report, 'key', options.key, optional, false);
    if (typeof options.path === 'string' && options.path.endsWith('/')) {
      report.fail('path', options.path, 'is the path of the file itself, so it must not end with \'/\'');
    }
    const mode = options.mode === undefined ? undefined : checkMode(report, 'mode', options.mode);
    // A mode needs its own volume; without one, the volume of every key serves, shared with mountFiles.
    const volume = mode === undefined
      ? this.volumeFor(t, { optional })
      : this.volumeFor(t, { items: { [key]: { path: key, mode } }, optional });
    this.injectedPaths = appended(this.injectedPaths, t.mount(report, 'path', options.path, volume, key));
    this.rollOnChange(t);
    t.remember(() => this.mountFile(target, options));
  }

  /** Resolves a target and checks that it can read this ConfigMap. */
  private resolve(report: Reporter, target: InjectionTarget): ResolvedTarget {
    if (!(target instanceof InjectionTarget)) {
      report.fail('target', typeof target, 'must be an InjectionTarget: InjectionTarget.fromPattern(...), fromWorkload(...) or fromPod(...)');
    }
    const t = target._resolve(report, 'target');
    if (t.namespace !== this.namespace) {
      report.fail('target', t.name,
        `${t.describe} is in ${describeNamespace(t.namespace)} but ConfigMap "${this.name}" is in ${describeNamespace(this.namespace)}; pods can only read ConfigMaps of their own namespace`);
    }
    return t;
  }

  /**
   * Puts the checksum annotation on the target's pods, computed at synth from the data as it
   * is then. Immutable ConfigMaps need none: their name changes with their data.
   */
  private rollOnChange(t: ResolvedTarget): void {
    if (!this.checksumAnnotation) return;
    // One annotation per pod template for all the ConfigMaps it reads, added with the first.
    let readers = CHECKSUMS.get(t.podMetadata);
    if (!readers) {
      readers = new ChecksumReaders();
      CHECKSUMS.set(t.podMetadata, readers);
      t.podMetadata.addAnnotation(CHECKSUM_ANNOTATION, Lazy.any(readers));
    }
    readers.add(this);
  }

  private addVariables(report: Reporter, t: ResolvedTarget, options: EnvInjectionOptions | ArgsInjectionOptions): void {
    const variables = variablesOf(report, options);
    const optional = checkBoolean(report, 'optional', options.optional, false);
    const source = new KeysSource(this, variables, optional);
    // By name: the YAML must not depend on the order the map was written in (values are key references, never `$(NAME)`).
    for (const [name, key] of Object.entries(variables).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      checkEnvName(report, 'variables', name);
      this.requireKey(report, `variables["${name}"]`, key, optional, true);
      t.addEnv(report, 'variables', name, source, kplus.EnvValue.fromConfigMap(this, key, { optional: optional || undefined }));
      this.injectedEnv = appended(this.injectedEnv, name);
    }
  }

  /** A key the ConfigMap has, or any valid key when the reference is optional. */
  private requireKey(report: Reporter, prop: string, key: string, optional: boolean, forEnv: boolean): string {
    checkConfigKey(report, prop, key);
    // Looked up where the data lives, not in copies: this runs once per injected variable.
    const text = this.built ? this.built.data : this.plainData;
    const binary = this.built ? this.built.binaryData : this.plainBinaryData;
    if (forEnv && key in binary) {
      report.fail(prop, key, 'holds binary data, which cannot be an environment variable; mount it as a file');
    }
    if (!optional && !Object.prototype.hasOwnProperty.call(text, key) && !Object.prototype.hasOwnProperty.call(binary, key)) {
      const keys = this.keys;
      report.fail(prop, key, `ConfigMap "${this.name}" has no such key (it has ${keys.length ? keys.join(', ') : 'none'})`);
    }
    return key;
  }

  /** The pod's volume for these options, shared by mounts that need the same one. */
  private volumeFor(t: ResolvedTarget, options: kplus.ConfigMapVolumeOptions): kplus.Volume {
    const spec = JSON.stringify({ map: this.node.path, items: options.items, mode: options.defaultMode, optional: options.optional });
    return t.volume(spec, this.volumeBase, name => kplus.Volume.fromConfigMap(this, `Volume${++this.volumeCount}`, this, {
      ...options,
      optional: options.optional || undefined,
      name,
    }));
  }

  /**
   * The keys of `data`, sorted: the variables an `envFrom` gives, without its prefix.
   *
   * @internal
   */
  public _textKeys(): string[] {
    return Object.keys(this.built ? this.built.data : this.plainData).sort();
  }

  /**
   * Checks that need the final data: entries added through `configMap` directly, keys added
   * after an `envFrom` injection, and an immutable ConfigMap changed after its name was set.
   *
   * @internal
   */
  public _validateAtSynth(): string[] {
    // Data can bypass the construction-time checks only through the cdk8s-plus ConfigMap.
    const errors = this.built ? this.entries.validate(this.report, 'configMap.data', this.data, this.binaryData) : [];
    if (this.sealedChecksum !== undefined && this.checksum !== this.sealedChecksum) {
      errors.push(this.report.message('configMap.data', this.keys,
        `changed after construction, but the name "${this.name}" carries the hash of the data it had then; give all data of an immutable ConfigMap in the props`));
    }
    const report = this.report.child('injectAllEnv');
    for (const source of this.envFroms ?? []) errors.push(...source.errors(report));
    return errors;
  }

  /** The plain manifest's fields, as cdk8s-plus writes them: `data` kept for '' values, `binaryData` left out when empty. */
  private renderPlainData(): { [field: string]: unknown } {
    return {
      data: Object.keys(this.plainData).length > 0 ? { ...this.plainData } : undefined,
      binaryData: Object.values(this.plainBinaryData).some(v => v) ? { ...this.plainBinaryData } : undefined,
      immutable: this.immutable,
    };
  }

  /** The text entries, from wherever the data lives now. */
  private get data(): { [key: string]: string } {
    return this.built ? this.built.data : { ...this.plainData };
  }

  /** The binary entries (base64), from wherever the data lives now. */
  private get binaryData(): { [key: string]: string } {
    return this.built ? this.built.binaryData : { ...this.plainBinaryData };
  }

  private metadataProps(): { name: string; namespace?: string; labels: { [key: string]: string } } {
    return { name: this.name, namespace: this.namespace, labels: { ...this.labels } };
  }

  /** Whether an entry of this key was added through this construct: while the data is plain, every key was. */
  private hasEntry(key: string): boolean {
    if (this.builtEntries) return this.builtEntries.has(key);
    return Object.prototype.hasOwnProperty.call(this.plainData, key) || Object.prototype.hasOwnProperty.call(this.plainBinaryData, key);
  }

  private store(key: string, loaded: LoadedFile): void {
    if (this.built) {
      this.builtEntries!.add(key);
      if (loaded.text !== undefined) this.built.addData(key, loaded.text);
      else this.built.addBinaryData(key, loaded.base64!);
      this.keepEmptyValues();
    } else if (loaded.text !== undefined) {
      this.plainData[key] = loaded.text;
    } else {
      this.plainBinaryData[key] = loaded.base64!;
    }
  }

  /**
   * cdk8s-plus-28 leaves `data` out when every value is '' (its emptiness check counts truthy
   * values), and pods reading those keys would not start. Once the ConfigMap has a key, `data`
   * is written through a JSON patch instead, whose value is read at synth (patches are
   * JSON-serialised when applied, which calls `toJSON`), so keys added later count too.
   */
  private keepEmptyValues(): void {
    if (this.dataPatched || Object.keys(this.data).length === 0) return;
    this.dataPatched = true;
    ApiObject.of(this.built!).addJsonPatch(JsonPatch.add('/data', { toJSON: () => sortedKeys(this.data) }));
  }

  private mutable(method: string): Reporter {
    const report = this.report.child(method);
    if (this.immutable) {
      report.fail('immutable', true, `ConfigMap "${this.name}" cannot change after construction: its name carries the hash of its data. Give all data in the props`);
    }
    return report;
  }

}

const CONFIG_MAP_FIELDS = ['data', 'binaryData', 'immutable'];

/** No keys allowed to look like secrets: shared by every ConfigMapInjection that lists none. */
const NO_KEYS: ReadonlySet<string> = new Set();

/** The construct's synth-time checks, as cdk8s calls them (an object per construct, no closure). */
class SynthChecks {
  constructor(private readonly map: ConfigMapInjection) {}

  public validate(): string[] {
    return this.map._validateAtSynth();
  }
}

/**
 * Variables set from chosen keys, by one injection (`variables` maps each name to its key). A
 * large app holds this until synth for every variable: the strings that tell sources apart and
 * name them in messages are made when asked for.
 */
class KeysSource implements VariableSource {
  constructor(
    private readonly map: ConfigMapInjection,
    private readonly variables: { readonly [name: string]: string },
    private readonly optional: boolean,
  ) {}

  public identityOf(name: string): string {
    return `${this.map.node.path}|${this.variables[name]}|${this.optional}`;
  }

  public originOf(name: string): string {
    return `key "${this.variables[name]}" of ConfigMap "${this.map.name}"`;
  }
}

/** Every key of `data` as a variable (`envFrom`), named `<prefix><key>`: the names grow with keys added later. */
class AllKeys implements EnvFromSource {
  constructor(private readonly map: ConfigMapInjection, private readonly prefix: string, private readonly target: ResolvedTarget) {}

  public get identity(): string {
    return `${this.map.node.path}|envFrom|${this.prefix}`;
  }

  public get origin(): string {
    return `envFrom ConfigMap "${this.map.name}"${this.prefix ? ` with prefix "${this.prefix}"` : ''}`;
  }

  public names(): string[] {
    return this.map._textKeys().map(key => this.prefix + key);
  }

  /** Keys whose variable name would not be valid. */
  public invalidKeys(): string[] {
    return this.map._textKeys().filter(key => !isEnvName(this.prefix + key));
  }

  /**
   * The checks of construction again, on the keys as they are at synth. A plain pattern model
   * that cdk8s-plus objects replaced is checked through those instead.
   */
  public errors(report: Reporter): string[] {
    const t = this.target;
    if (t.superseded) return [];
    return [
      ...this.invalidKeys().map(key => report.message('prefix', this.prefix, invalidEnvFromKey(key, this.prefix))),
      ...t.envFromConflicts(this).map(c => report.message('prefix', this.prefix, t.duplicateEnv(c.name, c.origin))),
    ];
  }
}

/** A list one longer, sized to fit (a list grown by `push` reserves room for about 16). */
function appended<T>(list: T[] | undefined, item: T): T[] {
  return list === undefined ? [item] : list.concat([item]);
}

function invalidEnvFromKey(key: string, prefix: string): string {
  return `key "${key}" would become the variable "${prefix}${key}", which is not a valid environment variable name (the kubelet skips it); choose a prefix that makes it one, or inject chosen keys with injectEnv`;
}

/** In the order cdk8s writes every other map: sorted, unless CDK8S_DISABLE_SORT is set. */
function sortedKeys(map: { [key: string]: string }): { [key: string]: string } {
  return process.env.CDK8S_DISABLE_SORT ? { ...map } : Object.fromEntries(Object.keys(map).sort().map(k => [k, map[k]]));
}

/**
 * The ConfigMaps one pod template reads, one per name (the last injected), whose checksums its
 * annotation lists, computed when the annotation is resolved at synth. A list: a pod reads few.
 */
class ChecksumReaders {
  private readers: ConfigMapInjection[] = [];

  public add(reader: ConfigMapInjection): void {
    const others = this.readers.filter(r => r.name !== reader.name);
    this.readers = others.length === this.readers.length ? this.readers.concat([reader]) : [...others, reader];
  }

  public produce(): string {
    return formatChecksums(this.readers.map(r => [r.name, r.checksum] as const));
  }
}

/** The ConfigMaps whose checksums each pod template's annotation lists. */
const CHECKSUMS = new WeakMap<object, ChecksumReaders>();

function variablesOf(report: Reporter, options: EnvInjectionOptions | ArgsInjectionOptions): { [name: string]: string } {
  const variables = options?.variables;
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables) || Object.keys(variables).length === 0) {
    report.fail('variables', variables, 'must map at least one environment variable name to a ConfigMap key');
  }
  return variables;
}

/** `$(NAME)` references, as Kubernetes expands them in command and args; `$$` escapes a `$`. */
function variableReferences(texts: string[]): Set<string> {
  const refs = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/\$\$|\$\(([^)]*)\)/g)) {
      if (match[1] !== undefined && match[1] !== '') refs.add(match[1]);
    }
  }
  return refs;
}

function checkMode(report: Reporter, prop: string, mode: number): number {
  return checkInteger(report, prop, mode, 0, 0o777);
}

function describeNamespace(namespace: string | undefined): string {
  return namespace === undefined ? 'no namespace (the one kubectl applies to)' : `namespace "${namespace}"`;
}

function listOf<T>(report: Reporter, prop: string, value: T[] | undefined): T[] {
  if (value !== undefined && !Array.isArray(value)) report.fail(prop, value, 'must be a list');
  return value ?? [];
}
