import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ManifestChecks, PodSecurityOptions, ResourcePreset, RestrictedSecurity } from '../lib';
import { expectError, expectWellFormed, find, newChart, synth } from './support/synth';

const IMAGE = 'busybox:1.36.1';
const RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(20) },
  memory: { request: Size.mebibytes(8), limit: Size.mebibytes(16) },
};

/** A hand-written Deployment hardened with RestrictedSecurity. */
function hardened(options: PodSecurityOptions = {}) {
  const chart = newChart();
  const security = RestrictedSecurity.of(chart, options);
  const deployment = new kplus.Deployment(chart, 'app', {
    metadata: { name: 'app' },
    securityContext: security.podSecurityContext,
    automountServiceAccountToken: security.automountServiceAccountToken,
  });
  security.applyTo(deployment, deployment.addContainer({ image: IMAGE, securityContext: security.containerSecurityContext, resources: RESOURCES }));
  return synth(chart);
}

describe('RestrictedSecurity', () => {
  test('hardens a hand-written workload exactly as the patterns harden theirs', () => {
    const out = hardened();
    const template = find(out, 'Deployment').spec.template;
    expect(template.spec.automountServiceAccountToken).toBe(false);
    expect(template.spec.securityContext).toEqual({
      fsGroup: 10001, fsGroupChangePolicy: 'OnRootMismatch', runAsGroup: 10001, runAsNonRoot: true, runAsUser: 10001,
    });
    expect(template.spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 10001,
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(template.spec.containers[0].volumeMounts).toEqual([{ mountPath: '/tmp', name: 'scratch-tmp' }]);
    expect(template.spec.volumes).toEqual([{ emptyDir: {}, name: 'scratch-tmp' }]);
    expect(template.metadata.annotations).toBeUndefined();
    // The restricted standard and the library's own rules hold; the Deployment's selector is cdk8s-plus's own.
    expect(ManifestChecks.podSecurity(out)).toEqual([]);
  });

  test('relaxations are recorded on the pod template of a workload', () => {
    const template = find(hardened({ readOnlyRootFilesystem: false, exceptionReason: 'writes its cache in place' }), 'Deployment').spec.template;
    expect(template.metadata.annotations).toEqual({
      'cdk8s-patterns.io/pod-security-exceptions': 'readOnlyRootFilesystem=false; reason: writes its cache in place',
    });
  });

  test('on a bare Pod the relaxations go on the Pod itself', () => {
    const chart = newChart();
    const security = RestrictedSecurity.of(chart, { automountServiceAccountToken: true, writablePaths: [] });
    const pod = new kplus.Pod(chart, 'pod', {
      metadata: { name: 'pod' },
      securityContext: security.podSecurityContext,
      automountServiceAccountToken: security.automountServiceAccountToken,
    });
    security.applyTo(pod, pod.addContainer({ image: IMAGE, securityContext: security.containerSecurityContext, resources: RESOURCES }));
    const out = synth(chart);
    const manifest = find(out, 'Pod');
    expect(manifest.metadata.annotations).toEqual({ 'cdk8s-patterns.io/pod-security-exceptions': 'automountServiceAccountToken=true' });
    expect(manifest.spec.volumes).toBeUndefined();
    expectWellFormed(out);
  });

  test('bad options fail in the common format, naming the scope', () => {
    expectError(() => RestrictedSecurity.of(newChart(), { runAsUser: 0 }),
      "RestrictedSecurity 'test': invalid runAsUser 0: uid 0 is root, which the restricted standard forbids; set 'allowRunAsRoot' to accept it");
  });

  test('addContainer gives a hand-written workload the patterns\' requests, limits and pull policy', () => {
    const chart = newChart();
    const security = RestrictedSecurity.of(chart);
    const deployment = new kplus.Deployment(chart, 'app', { metadata: { name: 'app' }, securityContext: security.podSecurityContext });
    // cdk8s-plus alone: 1 CPU / 512Mi requested, the image pulled on every start.
    deployment.addContainer({ name: 'plain', image: IMAGE });
    security.addContainer(deployment, { name: 'hardened', image: IMAGE });
    const [plain, hardenedContainer] = find(synth(chart), 'Deployment').spec.template.spec.containers;
    expect(plain.resources.requests).toEqual({ cpu: '1000m', memory: '512Mi' });
    expect(plain.imagePullPolicy).toEqual('Always');
    expect(hardenedContainer).toMatchObject({
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '150m', memory: '192Mi' } },
      securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      volumeMounts: [{ mountPath: '/tmp', name: 'scratch-tmp' }],
    });
  });

  test('containerProps: a preset of choice, the user\'s values win, a mutable tag is always pulled', () => {
    const security = RestrictedSecurity.of(newChart(), { resourcePreset: ResourcePreset.MICRO });
    expect(security.containerProps({ image: IMAGE }).resources).toEqual(security.resources);
    expect(security.resources.memory?.request?.toMebibytes()).toEqual(256);
    const never = kplus.ImagePullPolicy.NEVER;
    const given = security.containerProps({ image: IMAGE, resources: RESOURCES, imagePullPolicy: never, securityContext: undefined });
    expect(given).toMatchObject({ resources: RESOURCES, imagePullPolicy: never, securityContext: security.containerSecurityContext });
    expect(security.containerProps({ image: 'busybox:latest' }).imagePullPolicy).toEqual(kplus.ImagePullPolicy.ALWAYS);
  });

  test('allowPrivilegedPorts reaches the pod security context as the safe sysctl', () => {
    expect(RestrictedSecurity.of(newChart(), { allowPrivilegedPorts: true }).podSecurityContext.sysctls)
      .toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]);
    expect(RestrictedSecurity.of(newChart()).podSecurityContext.sysctls).toBeUndefined();
  });

  test('bad container options fail in the common format', () => {
    expectError(() => RestrictedSecurity.of(newChart(), { resourcePreset: 'tiny' as ResourcePreset }),
      "RestrictedSecurity 'test': invalid resourcePreset \"tiny\": must be one of nano, micro, small, medium, large");
    expectError(() => RestrictedSecurity.of(newChart()).containerProps(undefined as any),
      "RestrictedSecurity 'test': invalid props undefined: must be an object with at least 'image'");
  });
});
