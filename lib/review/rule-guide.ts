import { SECURITY_EXCEPTIONS_ANNOTATION } from '../shared/security';

/** What a rule asks for, and how to meet it, for the validation plugin's report. */
export interface RuleGuide {
  readonly recommendation: string;
  readonly fix: string;
}

const EXCEPTION = `or, for a deliberate exception, list the control in the pod's ${SECURITY_EXCEPTIONS_ANNOTATION} annotation with a reason`;

/** Every rule of ManifestChecks, each with the advice that fits it. */
const GUIDES: { [rule: string]: RuleGuide } = {
  // Wiring
  'workload-selector': {
    recommendation: 'A workload selects its own pods: spec.selector matches the pod template labels, or the API server rejects it.',
    fix: 'Add the selector labels to spec.template.metadata.labels. The selector itself is immutable on a running workload: change the pod labels, not the selector.',
  },
  'service-selector': {
    recommendation: 'A Service selects pods in its namespace; one that selects none has no endpoints.',
    fix: 'Correct spec.selector to labels the pods carry, or put the Service in the pods\' namespace.',
  },
  'service-target-port': {
    recommendation: 'Each Service port\'s targetPort meets a containerPort of the selected pods, by number or by name.',
    fix: 'Set targetPort to the port the container listens on, or declare that port (with the name the Service uses) on the container.',
  },
  'ingress-backend': {
    recommendation: 'Every Ingress backend names a Service of the Ingress\'s namespace and one of its ports.',
    fix: 'Correct the backend\'s service name, or its port number or name to one the Service has.',
  },
  'statefulset-service': {
    recommendation: 'A StatefulSet\'s serviceName names a headless Service (clusterIP: None) that selects its pods; it gives them their DNS names.',
    fix: 'Create that headless Service selecting the pods (StatefulAppWithStorage and HeadlessService do). serviceName cannot change on a running StatefulSet.',
  },
  'claim-class': {
    recommendation: 'A claim\'s storageClassName names a StorageClass of the app, the class of static PersistentVolumes, or a class declared to exist in the cluster.',
    fix: 'Add the StorageClass (NfsStorageClass, NfsCsiStorageClass), correct the name, or declare a class the cluster has with ExternalStorageClass.',
  },
  'claim-fit': {
    recommendation: 'Claims of a class only static PersistentVolumes serve find enough free volumes of that class with their capacity and access modes.',
    fix: 'Add static PersistentVolumes that fit (class, capacity, access modes), ask for less, or give the class a provisioner.',
  },
  'claim-ref': {
    recommendation: 'Pods mount claims that exist in their namespace.',
    fix: 'Create the PersistentVolumeClaim (VolumeClaim) or correct claimName.',
  },
  'configmap-ref': {
    recommendation: 'ConfigMaps and keys a pod reads (env, envFrom, volumes, subPath files) exist, unless the reference is optional.',
    fix: 'Add the ConfigMap or key, correct the name, or mark the reference optional if the app starts without it.',
  },
  'configmap-rollout': {
    recommendation: 'Pods reading a mutable ConfigMap made by cdk8s-patterns list its current checksum in the checksum/config annotation, so they roll when it changes.',
    fix: 'Inject the ConfigMap with ConfigMapInjection, which keeps the annotation current; if a tool changes its data after synth, make the change in the app instead.',
  },
  'hpa-target': {
    recommendation: 'A HorizontalPodAutoscaler scales a workload of its namespace.',
    fix: 'Correct spec.scaleTargetRef (kind and name) to the workload.',
  },
  'pdb-selector': {
    recommendation: 'A PodDisruptionBudget selects pods; one that selects none protects nothing.',
    fix: 'Set spec.selector to the workload\'s selector labels.',
  },
  'networkpolicy-selector': {
    recommendation: 'A NetworkPolicy selects pods; one that selects none protects nothing while it looks as if it did.',
    fix: 'Set spec.podSelector to the labels of the pods to protect.',
  },
  'volume-mount': {
    recommendation: 'Every volumeMount names a volume of the pod, or a claim template of the StatefulSet.',
    fix: 'Declare the volume in spec.volumes, or correct the mount\'s name.',
  },
  // Gateway API wiring (lib/checks/routes.ts)
  'route-backend': {
    recommendation: 'Every backendRef of a route names a Service among the manifests, in its namespace, by one of its port numbers.',
    fix: 'Correct the backendRef\'s name, namespace or port; with ExposedWebApp\'s route the backend is its own Service and cannot drift.',
  },
  'route-grant': {
    recommendation: 'A backendRef into another namespace is allowed by a ReferenceGrant in that namespace, from the route\'s namespace and kind to Services.',
    fix: 'Add the ReferenceGrant in the backend\'s namespace (ExposedWebApp writes it when the route and the app are in different namespaces), or move the route beside its backend.',
  },
  'route-parent': {
    recommendation: 'A route\'s parentRef names a listener (sectionName) and port the Gateway has, or it never attaches.',
    fix: 'Use a sectionName and port of one of the Gateway\'s listeners, or drop them to attach to every listener that admits the route.',
  },
  'route-allowed': {
    recommendation: 'A listener a route attaches to admits the route\'s namespace (allowedRoutes Same, All or a namespace selector) and kind.',
    fix: 'Widen the listener\'s allowedRoutes (AllowedRoutes.fromNamespaces, fromNamespacesLabelled, allNamespaces), label the route\'s namespace to match, or attach to another listener.',
  },
  'route-hostnames': {
    recommendation: 'A route\'s hostnames intersect its listener\'s hostname, or the route attaches to nothing there.',
    fix: 'Use hostnames under the listener\'s (e.g. shop.example.com under *.example.com), or attach to a listener that serves them.',
  },
  'route-weights': {
    recommendation: 'At least one backend of each forwarding rule has a weight above 0.',
    fix: 'Give a backend a positive weight (a canary at 0 is fine while the stable track keeps its share).',
  },
  'gateway-tls': {
    recommendation: 'An HTTPS (or TLS terminate) listener names a certificate Secret.',
    fix: 'Add certificates: [{ secretName }] to the listener.',
  },
  'gateway-grant': {
    recommendation: 'A certificate Secret in another namespace than its Gateway is allowed by a ReferenceGrant in the Secret\'s namespace.',
    fix: 'Add the ReferenceGrant from the Gateway\'s namespace to Secrets in the certificate\'s namespace (the Gateway construct writes it for the certificates it is given), or move the Secret.',
  },
  'unique-names': {
    recommendation: 'No two objects share API group, kind, namespace and name: applying both keeps only one.',
    fix: 'Give one of them another name (the patterns take a \'name\' prop) or another namespace.',
  },
  // Pod security: the "restricted" standard and the library's defaults
  'host-namespaces': {
    recommendation: 'Pods do not share the node\'s network, process or IPC namespace.',
    fix: `Remove hostNetwork, hostPID and hostIPC, ${EXCEPTION}.`,
  },
  'host-ports': {
    recommendation: 'Containers do not bind ports of the node.',
    fix: `Remove hostPort and expose the port through a Service (NodePort or LoadBalancer), ${EXCEPTION}.`,
  },
  'host-process': {
    recommendation: 'No Windows host processes.',
    fix: `Remove windowsOptions.hostProcess, ${EXCEPTION}.`,
  },
  'volume-types': {
    recommendation: 'Pods use only ephemeral, configuration and claim-backed volumes.',
    fix: `Mount the storage through a PersistentVolumeClaim (a static PersistentVolume can hold an nfs or hostPath source), ${EXCEPTION}.`,
  },
  'privileged': {
    recommendation: 'No privileged containers.',
    fix: `Remove securityContext.privileged, ${EXCEPTION}.`,
  },
  'privilege-escalation': {
    recommendation: 'Containers set allowPrivilegeEscalation: false.',
    fix: `Set securityContext.allowPrivilegeEscalation: false (RestrictedSecurity does), ${EXCEPTION}.`,
  },
  'run-as-non-root': {
    recommendation: 'Containers run as a non-root user: runAsNonRoot true and no runAsUser 0.',
    fix: `Set runAsNonRoot: true and a non-zero runAsUser, and use an image that runs unprivileged (RestrictedSecurity sets both), ${EXCEPTION}.`,
  },
  'seccomp': {
    recommendation: 'Containers run with the RuntimeDefault (or a Localhost) seccomp profile.',
    fix: `Set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container, ${EXCEPTION}.`,
  },
  'capabilities': {
    recommendation: 'Containers drop ALL capabilities and add back NET_BIND_SERVICE at most.',
    fix: `Set capabilities.drop: [ALL] and add no other capability, ${EXCEPTION}.`,
  },
  'sysctls': {
    recommendation: 'Pods set only the sysctls the baseline standard calls safe.',
    fix: `Remove the sysctl or set it on the nodes, ${EXCEPTION}.`,
  },
  'selinux': {
    recommendation: 'SELinux options keep a container type and set no user or role.',
    fix: `Remove seLinuxOptions.user and .role, and use type container_t, container_init_t or container_kvm_t, ${EXCEPTION}.`,
  },
  'proc-mount': {
    recommendation: 'Containers see the masked /proc.',
    fix: `Remove securityContext.procMount or set it to Default, ${EXCEPTION}.`,
  },
  'apparmor': {
    recommendation: 'Containers run under the runtime\'s default AppArmor profile or a local one.',
    fix: `Set the AppArmor annotation to runtime/default or localhost/<profile>, ${EXCEPTION}.`,
  },
  'service-account-token': {
    recommendation: 'Pods mount no service-account token unless the app calls the Kubernetes API.',
    fix: `Set automountServiceAccountToken: false on the pod, ${EXCEPTION}.`,
  },
  'read-only-root-filesystem': {
    recommendation: 'Containers run on a read-only root filesystem, with an emptyDir for each path they write.',
    fix: `Set readOnlyRootFilesystem: true and mount an emptyDir at each path the app writes (security.writablePaths), ${EXCEPTION}.`,
  },
  'resources': {
    recommendation: 'Every container sets CPU and memory requests and limits.',
    fix: `Set resources.requests and resources.limits (the patterns' resourcePreset, RestrictedSecurity.containerProps for your own containers), ${EXCEPTION}.`,
  },
  'image-tag': {
    recommendation: 'Images are pinned to a version tag or a digest, so every rollout runs the same code.',
    fix: `Pin the image (nginx:1.27.3, or @sha256:...), ${EXCEPTION}.`,
  },
};

const RECAPTURE = 'If the cluster has changed, capture it again and rerun `cdk8s-patterns profile` (docs/cluster-profile.md).';

/** The rules of a cluster profile (`ClusterProfile.check`), each with its advice. */
const PROFILE_GUIDES: { [rule: string]: RuleGuide } = {
  'profile-api-version': {
    recommendation: 'Every object\'s apiVersion and kind are served by the target cluster.',
    fix: `Use the version the cluster serves (the message lists them), install the CRDs the kind needs, or target another cluster. ${RECAPTURE}`,
  },
  'profile-field-version': {
    recommendation: 'Fields the target cluster\'s Kubernetes version does not serve are not written: the API server drops or refuses them.',
    fix: 'Leave the field out (or the option that writes it), or upgrade the cluster to the version the message names.',
  },
  'profile-storage-class': {
    recommendation: 'A claim names a StorageClass the cluster (or the app) has; a claim without a class needs the cluster\'s one default class.',
    fix: `Name a class the cluster has (the message lists them), or create the class in the app. ${RECAPTURE}`,
  },
  'profile-access-modes': {
    recommendation: 'A claim asks only for access modes its StorageClass serves; others leave it Pending.',
    fix: 'Ask for a mode the class serves, or use a class that serves the mode (ReadWriteMany: an NFS class). If the class serves more than the profile says, list its modes in the profile.',
  },
  'profile-storage-class-clash': {
    recommendation: 'A StorageClass the app creates does not reuse the name of a cluster class with another provisioner: a class\'s provisioner is immutable.',
    fix: 'Give the app\'s class another name, or use the cluster\'s class.',
  },
  'profile-ingress-class': {
    recommendation: 'An Ingress names an IngressClass of the cluster; one without a class needs exactly one default class.',
    fix: `Set ingressClassName to a class the cluster has (the message lists them). ${RECAPTURE}`,
  },
  'profile-gateway-class': {
    recommendation: 'A Gateway names a GatewayClass of the cluster, whose controller programs it.',
    fix: `Set gatewayClassName to a class the cluster has (the message lists them). ${RECAPTURE}`,
  },
  'profile-gateway': {
    recommendation: 'A route\'s parentRef names a Gateway of the cluster and a listener that admits the route: its namespace, kind and host names.',
    fix: 'Correct the parentRef (name, namespace, sectionName, port), label the route\'s namespace as the listener selects, or use host names under the listener\'s.',
  },
  'profile-pod-security': {
    recommendation: 'Every pod meets the Pod Security level its namespace enforces; admission refuses the others, whatever the pod\'s exceptions annotation says.',
    fix: 'Remove the exception the message names (or the option that adds it), or run the workload in a namespace whose level allows it.',
  },
  'profile-node-port': {
    recommendation: 'Node ports lie within the cluster\'s --service-node-port-range.',
    fix: 'Pick a port in the range the message names, or leave nodePort out and let the API server pick one.',
  },
};

/** The guide of a rule; rules without one get their family's general advice. */
export function guideFor(rule: string, family: 'wiring' | 'podSecurity' | 'profile'): RuleGuide {
  if (family === 'profile') {
    return PROFILE_GUIDES[rule] ?? { recommendation: 'Every object is one the target cluster accepts and serves.', fix: `Correct each location as its message says. ${RECAPTURE}` };
  }
  return GUIDES[rule] ?? (family === 'wiring'
    ? { recommendation: 'Every reference between objects meets its target.', fix: 'Correct each location as its message says.' }
    : { recommendation: 'Every pod meets the Pod Security Standard "restricted" and the library\'s defaults.', fix: `Set the field each location names, ${EXCEPTION}.` });
}

/** The profile rules with a guide of their own, for the tests. */
export const GUIDED_PROFILE_RULES = Object.keys(PROFILE_GUIDES);

/** The rules with a guide of their own, for the tests. */
export const GUIDED_RULES = Object.keys(GUIDES);
