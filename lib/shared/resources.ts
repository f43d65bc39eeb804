import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkMadeBy, checkStruct } from './checks';
import { Reporter } from './errors';
import { compareQuantities, quantitySign } from './quantity';

/**
 * Request and limit presets, the same figures as Bitnami's `resourcesPreset`, so teams that
 * know the charts know what they get.
 */
export enum ResourcePreset {
  /** requests 100m CPU / 128Mi, limits 150m / 192Mi */
  NANO = 'nano',
  /** requests 250m CPU / 256Mi, limits 375m / 384Mi */
  MICRO = 'micro',
  /** requests 500m CPU / 512Mi, limits 750m / 768Mi */
  SMALL = 'small',
  /** requests 500m CPU / 1024Mi, limits 750m / 1536Mi */
  MEDIUM = 'medium',
  /** requests 1 CPU / 2048Mi, limits 1.5 / 3072Mi */
  LARGE = 'large',
}

const PRESETS: Record<ResourcePreset, [number, number, number, number]> = {
  // cpu request (millis), memory request (MiB), cpu limit, memory limit
  [ResourcePreset.NANO]: [100, 128, 150, 192],
  [ResourcePreset.MICRO]: [250, 256, 375, 384],
  [ResourcePreset.SMALL]: [500, 512, 750, 768],
  [ResourcePreset.MEDIUM]: [500, 1024, 750, 1536],
  [ResourcePreset.LARGE]: [1000, 2048, 1500, 3072],
};

/** Presets are immutable value objects: one copy each serves every container. */
const PRESET_RESOURCES = new Map<ResourcePreset, kplus.ContainerResources>();

export function presetResources(preset: ResourcePreset): kplus.ContainerResources {
  let resources = PRESET_RESOURCES.get(preset);
  if (!resources) {
    const [cpuRequest, memRequest, cpuLimit, memLimit] = PRESETS[preset];
    resources = {
      cpu: { request: kplus.Cpu.millis(cpuRequest), limit: kplus.Cpu.millis(cpuLimit) },
      memory: { request: Size.mebibytes(memRequest), limit: Size.mebibytes(memLimit) },
    };
    PRESET_RESOURCES.set(preset, resources);
  }
  return resources;
}

/**
 * The container's resources: the user's, else the preset's. Both a request and a limit must
 * be set for CPU and memory (the scheduler needs the request, the node needs the limit), and
 * a request may not exceed its limit.
 */
export function resolveResources(
  report: Reporter,
  resources: kplus.ContainerResources | undefined,
  preset: ResourcePreset | undefined,
  defaultPreset: ResourcePreset,
): kplus.ContainerResources {
  if (resources && preset) {
    report.fail('resourcePreset', preset, "cannot be combined with 'resources'; give one of them");
  }
  // An own key only: `'constructor' in PRESETS` is true, and `in` on an object without a prototype throws a TypeError.
  if (preset !== undefined && (typeof preset !== 'string' || !Object.prototype.hasOwnProperty.call(PRESETS, preset))) {
    report.fail('resourcePreset', preset, `must be one of ${Object.keys(PRESETS).join(', ')}`);
  }
  if (!resources) return presetResources(preset ?? defaultPreset);

  checkStruct(report, 'resources', resources);
  const res: Reporter = report.child('resources');
  const { cpu, memory, ephemeralStorage } = resources;
  if (!cpu?.request || !cpu.limit) res.fail('cpu', describeCpu(cpu), 'must set both a request and a limit');
  if (!memory?.request || !memory.limit) res.fail('memory', describeMemory(memory), 'must set both a request and a limit');
  for (const side of ['request', 'limit'] as const) {
    if (typeof cpu[side]?.amount !== 'string') res.fail(`cpu.${side}`, cpu[side], 'must be made with Cpu.millis() or Cpu.units()');
    // Cpu.units(NaN) makes the amount 'NaN': no quantity at all.
    if (quantitySign(cpu[side].amount) === undefined || quantitySign(cpu[side].amount)! < 0) {
      res.fail(`cpu.${side}`, cpu[side].amount, 'must be a finite, non-negative amount such as Cpu.millis(250) or Cpu.units(1)');
    }
    checkSize(res, `memory.${side}`, memory[side], 'MiB');
  }
  if (compareQuantities(cpu.request.amount, cpu.limit.amount) === 1) {
    res.fail('cpu', describeCpu(cpu), 'the request may not exceed the limit');
  }
  if (memory.request.toKibibytes() > memory.limit.toKibibytes()) {
    res.fail('memory', describeMemory(memory), 'the request may not exceed the limit');
  }
  if (quantitySign(cpu.request.amount) !== 1) res.fail('cpu', describeCpu(cpu), 'the request must be positive');
  if (memory.request.toKibibytes() <= 0) res.fail('memory', describeMemory(memory), 'the request must be positive');
  if (ephemeralStorage !== undefined && ephemeralStorage !== null) {
    checkStruct(res, 'ephemeralStorage', ephemeralStorage);
    checkSize(res, 'ephemeralStorage.request', ephemeralStorage.request, 'GiB');
    checkSize(res, 'ephemeralStorage.limit', ephemeralStorage.limit, 'GiB');
    if (ephemeralStorage.request && ephemeralStorage.limit && ephemeralStorage.request.toKibibytes() > ephemeralStorage.limit.toKibibytes()) {
      res.fail('ephemeralStorage', describeSize(ephemeralStorage, 'GiB'), 'the request may not exceed the limit');
    }
  }
  return resources;
}

/**
 * A size made with `Size`, finite, in whole units of what it is written in: cdk8s-plus writes
 * memory in MiB and ephemeral storage in GiB, and fails with a bare Error on a fraction.
 */
function checkSize(report: Reporter, prop: string, size: Size | undefined, unit: 'MiB' | 'GiB'): void {
  if (checkMadeBy(report, prop, size, 'toKibibytes', unit === 'MiB' ? 'Size.mebibytes() or Size.gibibytes()' : 'Size.gibibytes()') === undefined) return;
  const amount = unit === 'MiB' ? size!.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) : size!.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(amount) || amount < 0) {
    report.fail(prop, `${amount} ${unit}`, `must be a whole number of ${unit} (cdk8s-plus writes it in ${unit}), e.g. Size.${unit === 'MiB' ? 'mebibytes(512)' : 'gibibytes(1)'}`);
  }
}

function describeSize(r: { request?: Size; limit?: Size }, unit: 'MiB' | 'GiB'): { request?: string; limit?: string } {
  const text = (s: Size | undefined) => (s ? `${unit === 'MiB' ? s.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) : s.toGibibytes({ rounding: SizeRoundingBehavior.NONE })}${unit.slice(0, 2)}` : undefined);
  return { request: text(r.request), limit: text(r.limit) };
}

function describeCpu(cpu: kplus.CpuResources | undefined): { request?: string; limit?: string } {
  return { request: cpu?.request?.amount, limit: cpu?.limit?.amount };
}

function describeMemory(memory: kplus.MemoryResources | undefined): { request?: string; limit?: string } {
  return describeSize(memory ?? {}, 'MiB');
}

/**
 * Requests and limits as cdk8s-plus renders them (memory in MiB, ephemeral storage in GiB),
 * for a pattern that has not built its cdk8s-plus objects.
 */
export function renderResources(resources: kplus.ContainerResources): object | undefined {
  const limits: { [key: string]: string } = {};
  const requests: { [key: string]: string } = {};
  if (resources.cpu?.limit?.amount) limits.cpu = resources.cpu.limit.amount;
  if (resources.memory?.limit) limits.memory = `${resources.memory.limit.toMebibytes()}Mi`;
  if (resources.ephemeralStorage?.limit) limits['ephemeral-storage'] = `${resources.ephemeralStorage.limit.toGibibytes()}Gi`;
  if (resources.cpu?.request?.amount) requests.cpu = resources.cpu.request.amount;
  if (resources.memory?.request) requests.memory = `${resources.memory.request.toMebibytes()}Mi`;
  if (resources.ephemeralStorage?.request) requests['ephemeral-storage'] = `${resources.ephemeralStorage.request.toGibibytes()}Gi`;
  const some = (o: object) => (Object.keys(o).length > 0 ? o : undefined);
  return some(limits) || some(requests) ? { limits: some(limits), requests: some(requests) } : undefined;
}
