import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { IStaticPersistentVolume } from './persistent-volumes';
import { attributeToProps } from './profile/app-check';
import { claimAttributions } from './profile/attributions';
import { AppChecks } from './shared/app-checks';
import { checkProps } from './shared/checks';
import { Reporter } from './shared/errors';
import { PatternLabelProps, PatternLabels } from './shared/labels';
import { resolveName, resolveNamespace } from './shared/names';
import { compareQuantities } from './shared/quantity';
import { RenderedApiObject, renderFaster } from './shared/rendered-object';
import {
  addStorageChecks, checkAccessModes, checkServedModes, claimAnnotations, claimSpec, IStorageClass,
  resolveClaimClass, ResolvedClaimClass,
} from './shared/storage';

const TYPE = 'VolumeClaim';

/**
 * Props of `VolumeClaim`.
 */
export interface VolumeClaimProps extends PatternLabelProps {
  /**
   * Name of the PersistentVolumeClaim, the name pods mount it by.
   *
   * @default - the construct id in kebab case
   */
  readonly name?: string;

  /**
   * Namespace of the claim: pods mounting it must be in the same one.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /**
   * Storage requested, a quantity such as '1Gi'. Growing it later works only where the class
   * allows volume expansion; the rest of a claim's spec is immutable.
   */
  readonly size: string;

  /**
   * How the volume is mounted. The class (or volume) must serve every mode listed.
   *
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];

  /**
   * The class to provision from: an `NfsStorageClass`, `NfsCsiStorageClass` or
   * `ExternalStorageClass`. Not with `storageClassName` or `volume`.
   *
   * @default - `storageClassName`, else the cluster's default class
   */
  readonly storageClass?: IStorageClass;

  /**
   * A class by name: one static PersistentVolumes of this app carry (`gold`), or '' for volumes
   * without a class. The synth-time check fails when no StorageClass or PersistentVolume of
   * the app has it and no `ExternalStorageClass` declares it.
   *
   * @default - the cluster's default class
   */
  readonly storageClassName?: string;

  /**
   * A static PersistentVolume to bind, both ways (`volumeName` and the volume's `claimRef`),
   * so no other claim can take it. The claim gets the volume's class.
   *
   * @default - any volume of the class that fits
   */
  readonly volume?: IStaticPersistentVolume;
}

/**
 * A PersistentVolumeClaim whose class is checked: the class must serve the access modes it
 * asks for (ReadWriteMany from a node-local class fails at construction) and, at synth, exist
 * in the app or be declared external. A claim bound to a static volume must fit it.
 *
 * Mount it like any cdk8s-plus storage: `container.mount('/data', claim)`.
 *
 * @example
 * new VolumeClaim(chart, 'test-claim1', { size: '1Gi', accessModes: [PersistentVolumeAccessMode.READ_WRITE_MANY], storageClass: nfs });
 */
export class VolumeClaim extends Construct implements kplus.IStorage {
  /** Name of the claim. */
  public readonly claimName: string;
  /** Namespace of the claim, when one is set. */
  public readonly namespace?: string;
  /** The class the claim asks for, undefined for the cluster's default class. */
  public readonly storageClassName?: string;
  /** The access modes the claim asks for. */
  public readonly accessModes: kplus.PersistentVolumeAccessMode[];
  private volume?: kplus.Volume;
  private readonly props: kplus.k8s.KubePersistentVolumeClaimProps;
  private readonly report: Reporter;
  private l1?: kplus.k8s.KubePersistentVolumeClaim;

  constructor(scope: Construct, id: string, props: VolumeClaimProps) {
    super(scope, id);
    const report = new Reporter(this, TYPE);
    this.report = report;
    checkProps(report, props, "with at least 'size'");
    this.claimName = resolveName(this, report, props.name, 253);
    this.namespace = resolveNamespace(this, report, props.namespace);
    this.accessModes = checkAccessModes(report, 'accessModes', props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]);
    let cls: ResolvedClaimClass;
    if (props.volume !== undefined) {
      cls = this.bindVolume(report, props);
    } else {
      cls = resolveClaimClass(report, props, this.accessModes, this);
    }
    this.storageClassName = cls.name;
    const labels = PatternLabels.of(report, this.claimName.slice(0, 63).replace(/[-.]+$/, ''), 'storage', props);
    this.props = {
      metadata: { name: this.claimName, namespace: this.namespace, labels: { ...labels.all }, annotations: claimAnnotations(cls) },
      spec: claimSpec(report, props.size, this.accessModes, cls, props.volume?.persistentVolumeName),
    };
    // The claim as plain data until `claim` is read, rendered as the L1 object renders it.
    const json = kplus.k8s.toJson_KubePersistentVolumeClaimProps(this.props)!;
    const plain = new RenderedApiObject(this, 'Claim', kplus.k8s.KubePersistentVolumeClaim.GVK.apiVersion, kplus.k8s.KubePersistentVolumeClaim.GVK.kind,
      this.props.metadata!, ['spec'], () => ({ spec: json.spec }));
    if (props.volume !== undefined) {
      if (compareQuantities(props.size, props.volume.capacity) === 1) {
        report.fail('size', props.size, `exceeds the capacity of PersistentVolume "${props.volume.persistentVolumeName}" (${props.volume.capacity}); the claim would stay Pending`);
      }
      props.volume.reserveFor(this.namespace ?? 'default', this.claimName);
    }
    addStorageChecks(this, plain, report);
    AppChecks.of(this);
    const classGiven = props.storageClass !== undefined;
    attributeToProps(this, () => claimAttributions('PersistentVolumeClaim', 'spec', report, classGiven));
  }

  /** The PersistentVolumeClaim. Reading it builds the L1 object in place of the plain manifest. */
  public get claim(): kplus.k8s.KubePersistentVolumeClaim {
    if (!this.l1) {
      this.node.tryRemoveChild('Claim');
      this.l1 = new kplus.k8s.KubePersistentVolumeClaim(this, 'Claim', this.props);
      renderFaster(this.l1);
      addStorageChecks(this, this.l1, this.report);
    }
    return this.l1;
  }

  /** A pod volume of the claim, named after it: the same one on every call. */
  public asVolume(): kplus.Volume {
    this.volume ??= kplus.Volume.fromPersistentVolumeClaim(this, 'Volume',
      kplus.PersistentVolumeClaim.fromClaimName(this, 'Ref', this.claimName), { name: this.claimName.slice(0, 63).replace(/[-.]+$/, '') });
    return this.volume;
  }

  private bindVolume(report: Reporter, props: VolumeClaimProps): ResolvedClaimClass {
    const volume = props.volume!;
    if (typeof volume?.reserveFor !== 'function' || !Array.isArray(volume.accessModes)) {
      report.fail('volume', volume === null ? null : typeof volume, 'must be an NfsPersistentVolume or HostPathPersistentVolume');
    }
    if (props.storageClass !== undefined || props.storageClassName !== undefined) {
      report.fail('volume', volume.persistentVolumeName, "cannot be combined with 'storageClass' or 'storageClassName': the claim takes the volume's class");
    }
    checkServedModes(report, 'accessModes', this.accessModes, volume.accessModes, `PersistentVolume "${volume.persistentVolumeName}"`);
    // '' and not undefined: a claim without a class would get the cluster's default class and never bind the volume.
    return { name: volume.storageClassName, external: false };
  }
}
