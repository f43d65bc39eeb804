import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** Pod-level security of a hand-written workload that meets the restricted standard. */
export const RESTRICTED_POD: kplus.PodSecurityContextProps = { ensureNonRoot: true, user: 10001, group: 10001 };

/** A hand-written container that meets the restricted standard and the library's own rules, as the patterns' containers do. */
export const RESTRICTED_CONTAINER: kplus.ContainerProps = {
  name: 'main',
  image: 'busybox:1.36.1',
  imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
  securityContext: {
    ensureNonRoot: true,
    user: 10001,
    group: 10001,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  },
  resources: {
    cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(50) },
    memory: { request: Size.mebibytes(16), limit: Size.mebibytes(32) },
  },
};
