import { asArray, describeObject, isObject, kindOf, Manifest, nameOf, namespaceOf, Violation } from './manifest';
import { quantityValue } from '../shared/quantity';

/**
 * Annotation on a claim (or claim template) whose StorageClass exists in the cluster but not
 * among the manifests; its value is the class name. `ExternalStorageClass` writes it.
 */
export const EXTERNAL_CLASS_ANNOTATION = 'cdk8s-patterns.io/external-storage-class';

/** One claim, or one StatefulSet claim template with the claims its replicas get. */
export interface Claim {
  readonly owner: Manifest;
  /** Path of the claim's `storageClassName` in the owner. */
  readonly field: string;
  /** undefined: the cluster's default class; '': only volumes without a class. */
  readonly className: string | undefined;
  /** Names of the PersistentVolumeClaims: one, or `<template>-<sts>-<ordinal>` per replica. */
  readonly names: string[];
  readonly namespace: string;
  readonly modes: string[];
  readonly request: number | undefined;
  readonly requestText: string;
  readonly volumeName?: string;
  /** Marked as a claim of a class that exists outside the manifests. */
  readonly external: boolean;
}

/** Every claim in the manifests: PersistentVolumeClaims and StatefulSet claim templates. */
export function claimsOf(manifests: Manifest[]): Claim[] {
  const out: Claim[] = [];
  const add = (owner: Manifest, field: string, template: any, names: string[]) => {
    const spec = isObject(template?.spec) ? template.spec : {};
    const requestText = spec.resources?.requests?.storage;
    out.push({
      owner,
      field: `${field}.storageClassName`,
      className: typeof spec.storageClassName === 'string' ? spec.storageClassName : undefined,
      names,
      namespace: namespaceOf(owner),
      modes: asArray(spec.accessModes).filter(m => typeof m === 'string'),
      request: quantityValue(requestText),
      requestText: String(requestText),
      volumeName: typeof spec.volumeName === 'string' ? spec.volumeName : undefined,
      external: typeof spec.storageClassName === 'string' && template?.metadata?.annotations?.[EXTERNAL_CLASS_ANNOTATION] === spec.storageClassName,
    });
  };
  for (const m of manifests.filter(isObject)) {
    if (kindOf(m) === 'PersistentVolumeClaim') add(m, 'spec', m, [nameOf(m)]);
    if (kindOf(m) !== 'StatefulSet') continue;
    const replicas = Number.isInteger(m.spec?.replicas) ? m.spec.replicas : 1;
    asArray(m.spec?.volumeClaimTemplates).forEach((t, i) => {
      const names = Array.from({ length: replicas }, (_, n) => `${t?.metadata?.name}-${nameOf(m)}-${n}`);
      add(m, `spec.volumeClaimTemplates[${i}].spec`, t, names);
    });
  }
  return out;
}

/** Classes claims can bind to without anything outside the manifests: StorageClasses and classes of static PVs. */
export function knownClasses(manifests: Manifest[]): Set<string> {
  const classes = new Set<string>();
  for (const m of manifests.filter(isObject)) {
    if (kindOf(m) === 'StorageClass') classes.add(nameOf(m));
    if (kindOf(m) === 'PersistentVolume' && typeof m.spec?.storageClassName === 'string' && m.spec.storageClassName) {
      classes.add(m.spec.storageClassName);
    }
  }
  return classes;
}

const MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** A set of access modes as a key: known modes in a fixed order, unknown ones kept so they fit nothing. */
function modeKey(modes: string[]): string {
  return [...new Set(modes)].sort((a, b) => MODES.indexOf(a) - MODES.indexOf(b)).join('+');
}

/** Every subset of a set of modes (at most 16 for the four known modes), as keys. */
function subsetKeys(modes: string[]): string[] {
  const unique = [...new Set(modes)];
  if (unique.length > MODES.length) return [modeKey(unique)]; // malformed: only an exact match fits
  return unique.reduce<string[][]>((subsets, mode) => [...subsets, ...subsets.map(s => [...s, mode])], [[]]).map(modeKey);
}

interface StaticVolume {
  readonly name: string;
  readonly className: string;
  /** Its access modes. */
  readonly modes: string[];
  readonly capacity: number;
  readonly claimRef?: string;
}

/**
 * The static PersistentVolumes of one class: for each set of access modes, the capacities of
 * the free volumes offering at least those modes, sorted, so "how many free volumes fit this
 * claim" is a binary search and the whole check stays O(n log n).
 */
class StaticClass {
  public free = 0;
  private readonly byModes = new Map<string, number[]>();

  public add(pv: StaticVolume): void {
    this.free++;
    for (const key of subsetKeys(pv.modes)) {
      const list = this.byModes.get(key) ?? [];
      list.push(pv.capacity);
      this.byModes.set(key, list);
    }
  }

  public seal(): void {
    for (const list of this.byModes.values()) list.sort((a, b) => a - b);
  }

  /** Free volumes with at least the `modes` and `request` of capacity. */
  public fitting(modes: string[], request: number): number {
    const list = this.byModes.get(modeKey(modes)) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (list[mid] < request) lo = mid + 1; else hi = mid;
    }
    return list.length - lo;
  }
}

/** A claim that no static volume can satisfy, and why. */
export interface FitProblem {
  readonly claim: Claim;
  readonly message: string;
}

/**
 * Claims of a class that only static PersistentVolumes serve (no StorageClass object, not
 * external) must find volumes that fit: the class, enough capacity and every access mode they
 * ask for, one volume per claim, as in the tutorial whose second replica stays Pending. The
 * checks are necessary conditions (each claim has enough fitting volumes, and the class has
 * enough volumes for all its claims), so they never flag a set of claims that can bind.
 */
export function fitProblems(claims: Claim[], manifests: Manifest[], declaredExternal?: Set<string>): FitProblem[] {
  const dynamic = new Set<string>(declaredExternal ?? []);
  const volumes: StaticVolume[] = [];
  for (const m of manifests.filter(isObject)) {
    if (kindOf(m) === 'StorageClass') dynamic.add(nameOf(m));
    if (kindOf(m) !== 'PersistentVolume') continue;
    const capacity = quantityValue(m.spec?.capacity?.storage);
    if (capacity === undefined) continue; // the API server rejects it anyway
    const ref = m.spec?.claimRef;
    volumes.push({
      name: nameOf(m),
      className: typeof m.spec?.storageClassName === 'string' ? m.spec.storageClassName : '',
      modes: asArray(m.spec?.accessModes).filter(x => typeof x === 'string'),
      capacity,
      claimRef: ref?.name ? `${ref.namespace ?? 'default'}/${ref.name}` : undefined,
    });
  }
  for (const c of claims) if (c.external && c.className) dynamic.add(c.className);

  const classes = new Map<string, StaticClass>();
  const byName = new Map<string, StaticVolume>();
  const reserved = new Map<string, StaticVolume>();
  for (const pv of volumes) {
    byName.set(pv.name, pv);
    if (pv.claimRef) {
      reserved.set(pv.claimRef, pv);
      if (!classes.has(pv.className)) classes.set(pv.className, new StaticClass());
      continue;
    }
    const cls = classes.get(pv.className) ?? new StaticClass();
    cls.add(pv);
    classes.set(pv.className, cls);
  }
  classes.forEach(c => c.seal());

  const problems: FitProblem[] = [];
  const needed = new Map<string, number>();
  for (const claim of claims) {
    const cls = claim.className;
    const pool = cls === undefined ? undefined : classes.get(cls);
    if (cls === undefined || !pool || dynamic.has(cls) || claim.request === undefined) continue;
    const shape = `${claim.requestText} ${claim.modes.join('+') || 'no access mode'}`;
    const fits = (pv: StaticVolume) => pv.className === cls && pv.capacity >= claim.request! && claim.modes.every(m => pv.modes.includes(m));

    if (claim.volumeName !== undefined) {
      const pv = byName.get(claim.volumeName);
      if (pv && !fits(pv)) {
        problems.push({ claim, message: `names PersistentVolume "${pv.name}" (volumeName), which does not fit a claim ${describeClass(cls)} of ${shape}; the claim would stay Pending` });
      }
      continue;
    }
    let free = 0;
    for (const name of claim.names) {
      const pv = reserved.get(`${claim.namespace}/${name}`);
      if (!pv) free++;
      else if (!fits(pv)) problems.push({ claim, message: `claim "${name}" is reserved by PersistentVolume "${pv.name}" (claimRef), which does not fit ${shape}; the claim would stay Pending` });
    }
    if (free === 0) continue;
    const have = pool.fitting(claim.modes, claim.request);
    if (have < free) {
      problems.push({
        claim,
        message: `${describeClaims(claim.names)} need${claim.names.length === 1 ? 's' : ''} ${free} PersistentVolume${free === 1 ? '' : 's'} ${describeClass(cls)} `
          + `with at least ${shape}, but ${have === 0 ? 'none' : `only ${have}`} of the ${pool.free} free in the app fit${have === 1 ? 's' : ''} and no StorageClass `
          + `provisions more; ${free - have} claim${free - have === 1 ? '' : 's'} would stay Pending`,
      });
      continue;
    }
    const total = (needed.get(cls) ?? 0) + free;
    needed.set(cls, total);
    if (total > pool.free) {
      problems.push({
        claim,
        message: `the claims ${describeClass(cls)} need ${total} PersistentVolumes in all, but the app has only ${pool.free} free ones and no StorageClass provisions more; ${total - pool.free} claim${total - pool.free === 1 ? '' : 's'} would stay Pending`,
      });
    }
  }
  return problems;
}

function describeClass(cls: string): string {
  return cls === '' ? 'without a class' : `of class "${cls}"`;
}

function describeClaims(names: string[]): string {
  return names.length === 1 ? `claim "${names[0]}"` : `claims "${names[0]}".."${names[names.length - 1]}"`;
}

/** `claim-fit`: the fit check on plain manifests, for `ManifestChecks.wiring`. */
export function checkClaimFit(manifests: Manifest[]): Violation[] {
  return fitProblems(claimsOf(manifests), manifests).map(p => ({
    object: describeObject(p.claim.owner),
    field: p.claim.field,
    rule: 'claim-fit',
    message: p.message,
  }));
}
