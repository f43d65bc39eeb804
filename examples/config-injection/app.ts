/**
 * The ConfigMap scenario of source document 003 (see ../../README.md): ConfigMaps from
 * literals, from a file, declared (`multimap`) and holding a multi-line file (`test-config`),
 * and `multimap` injected three ways: as environment variables, as start-up arguments and as
 * files under /etc/name.
 *
 * The document runs bare Pods from the stock `busybox` image as root. Here each runs as a
 * one-replica Deployment of `busybox:1.36.1` as uid 10001 under the restricted Pod Security
 * Standard: a bare Pod is never restarted, so it could not pick up a changed ConfigMap,
 * which is exactly what the document warns about. Each Deployment carries the
 * `checksum/config` annotation listing the checksum of `multimap` and rolls when it changes.
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ConfigMapInjection, InjectionTarget, RestrictedSecurity } from 'cdk8s-patterns';

/** A busybox Deployment that meets the restricted Pod Security Standard, hardened as the patterns harden theirs. */
function busybox(scope: Chart, name: string, container: string, command: string[]): kplus.Deployment {
  // busybox writes nothing: no scratch paths needed.
  const security = RestrictedSecurity.of(scope, { writablePaths: [] });
  return new kplus.Deployment(scope, name, {
    metadata: { name },
    podMetadata: { labels: { chapter: 'configmaps' } },
    replicas: 1,
    securityContext: security.podSecurityContext,
    automountServiceAccountToken: security.automountServiceAccountToken,
    containers: [{
      name: container,
      image: 'busybox:1.36.1',
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      command,
      securityContext: security.containerSecurityContext,
      resources: {
        cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(50) },
        memory: { request: Size.mebibytes(16), limit: Size.mebibytes(32) },
      },
    }],
  });
}

/** 003: the four ConfigMaps and the three ways of injecting `multimap`. */
export class ConfigMapsChart extends Chart {
  constructor(scope: App) {
    super(scope, 'configmaps-003');
    // Files are read at synth, relative to this file whatever directory `cdk8s synth` runs in.
    const baseDir = __dirname;

    // kubectl create configmap testmap1 --from-literal shortname=msb.com --from-literal longname=magicsandbox.com
    new ConfigMapInjection(this, 'testmap1', { literals: { shortname: 'msb.com', longname: 'magicsandbox.com' } });
    // kubectl create configmap testmap2 --from-file cmfile.txt
    new ConfigMapInjection(this, 'testmap2', { baseDir, files: [{ path: 'files/cmfile.txt' }] });
    // singlemap.yml: the key test.conf holds a whole multi-line file.
    const testConfig = new ConfigMapInjection(this, 'test-config', { baseDir, files: [{ path: 'files/test.conf' }] });
    // multimap.yml
    const multimap = new ConfigMapInjection(this, 'multimap', { literals: { given: 'Nigel', family: 'Poulton' } });

    // 1. As environment variables: `kubectl exec` ... `env | grep NAME` shows FIRSTNAME=Nigel, LASTNAME=Poulton.
    const envpod = busybox(this, 'envpod', 'ctr1', ['sleep', 'infinity']);
    multimap.injectEnv(InjectionTarget.fromWorkload(envpod), { variables: { FIRSTNAME: 'given', LASTNAME: 'family' } });

    // 2. As start-up arguments: `kubectl logs` shows "First name Nigel last name Poulton". The
    // container then stays up (a Deployment restarts containers that exit); after a change to
    // multimap the rolled pod logs the new names.
    const startup = busybox(this, 'startup-pod', 'args1',
      ['/bin/sh', '-c', 'echo First name $(FIRSTNAME) last name $(LASTNAME) && exec sleep infinity']);
    multimap.injectArgs(InjectionTarget.fromWorkload(startup), { variables: { FIRSTNAME: 'given', LASTNAME: 'family' } });

    // 3. As files: `ls /etc/name` shows family and given. Mounted files follow ConfigMap
    // changes by themselves; test.conf is added as one file by subPath, which never updates in
    // place, so the pods also roll when test-config changes.
    const cmvol = busybox(this, 'cmvol', 'ctr', ['sleep', 'infinity']);
    multimap.mountFiles(InjectionTarget.fromWorkload(cmvol), { path: '/etc/name' });
    testConfig.mountFile(InjectionTarget.fromWorkload(cmvol), { key: 'test.conf', path: '/etc/plex/test.conf' });
  }
}

export function buildApp(app: App): void {
  new ConfigMapsChart(app);
}
