import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkAgainstProfileAtSynth } from './profile/hooks';
import { claimProblem } from './profile/rules';
import { checkProps } from './shared/checks';
import { Reporter } from './shared/errors';
import { checkDnsSubdomain } from './shared/names';
import { addStorageChecks, checkAccessModes, declareExternalClass, IStorageClass } from './shared/storage';

const TYPE = 'ExternalStorageClass';

/**
 * Props of `ExternalStorageClass`.
 */
export interface ExternalStorageClassProps {
  /**
   * Name of the StorageClass in the cluster (`gp3`, `local-path`, `longhorn`).
   */
  readonly storageClassName: string;

  /**
   * The access modes its volumes can be mounted with. Claims asking for another mode fail at
   * construction.
   *
   * @default [PersistentVolumeAccessMode.READ_WRITE_ONCE] - what every class serves
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];
}

/**
 * A StorageClass that exists in the cluster but is not created by this app (a cloud
 * provider's `gp3`, a `local-path` class). Declaring it writes nothing to the YAML; it lets
 * claims name the class (the synth-time check accepts it) and says which access modes it
 * serves, so `ReadWriteMany` from a node-local class fails at construction.
 *
 * Claims of an external class carry the annotation `cdk8s-patterns.io/external-storage-class`,
 * which `ManifestChecks` honours.
 *
 * @example
 * const localPath = new ExternalStorageClass(chart, 'LocalPath', { storageClassName: 'local-path' });
 * new StatefulAppWithStorage(chart, 'db', { image: 'postgres:16.4', storage: { size: '8Gi', mountPath: '/var/lib/postgresql/data', storageClass: localPath } });
 */
export class ExternalStorageClass extends Construct implements IStorageClass {
  /** Name of the StorageClass. */
  public readonly storageClassName: string;
  /** The access modes it serves. */
  public readonly accessModes: kplus.PersistentVolumeAccessMode[];
  /** Always true: the class exists outside this app. */
  public readonly external = true;

  constructor(scope: Construct, id: string, props: ExternalStorageClassProps) {
    super(scope, id);
    const report = new Reporter(this, TYPE);
    checkProps(report, props, "with at least 'storageClassName'");
    this.storageClassName = checkDnsSubdomain(report, 'storageClassName', props.storageClassName);
    this.accessModes = checkAccessModes(report, 'accessModes', props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE], false);
    declareExternalClass(this, this.storageClassName);
    addStorageChecks(this);
    // Declared to exist: the cluster profile, when there is one, must have it, with the modes declared.
    checkAgainstProfileAtSynth(this, facts => {
      const problem = claimProblem(facts, { className: this.storageClassName, modes: this.accessModes });
      if (problem === undefined) return [];
      const onModes = problem.aspect === 'accessModes';
      return [report.message(onModes ? 'accessModes' : 'storageClassName', onModes ? this.accessModes : this.storageClassName, problem.rule)];
    });
  }
}
