import { add, Comparison, describeObject, immutable, UpgradeRisk } from './upgrade-common';
import { asArray, kindOf, Manifest } from '../checks/manifest';

// Services and front-door classes: the cluster IP(s), IP families and load-balancer class
// of a Service (ValidateServiceUpdate), an IngressClass's controller
// (ValidateIngressClassUpdate) and a GatewayClass's controllerName (the CRD's
// "Value is immutable" rule). Ingresses, NetworkPolicies and PodDisruptionBudgets have no
// immutable spec field in 1.28.

const RECREATE_SVC = 'delete and re-create the Service, or give the new one another name';

function clusterIp(m: Manifest): string | undefined {
  const ip = m.spec?.clusterIP;
  return typeof ip === 'string' && ip !== '' ? ip : undefined;
}

export function compareService(old: Manifest, next: Manifest, cmp: Comparison): void {
  const out = cmp.out;
  const object = describeObject(old);
  // Switching to or from ExternalName is the one way the API server lets cluster IPs change.
  if (old.spec?.type === 'ExternalName' || next.spec?.type === 'ExternalName') return;
  const before = clusterIp(old);
  const after = clusterIp(next);
  // An absent clusterIP in the update keeps the one the Service has (the registry patches it in).
  if (after !== undefined && before !== after) {
    if (before !== undefined) {
      add(out, object, 'spec.clusterIP', 'service-cluster-ip', UpgradeRisk.REFUSED, [before, after],
        `spec.clusterIP of a Service is immutable (a headless Service stays headless); ${RECREATE_SVC}`);
    } else if (after === 'None') {
      add(out, object, 'spec.clusterIP', 'service-cluster-ip', UpgradeRisk.REFUSED, [undefined, after],
        `the Service got a cluster IP when it was created, and spec.clusterIP is immutable: it cannot become headless; ${RECREATE_SVC}`);
    } else {
      add(out, object, 'spec.clusterIP', 'service-cluster-ip', UpgradeRisk.REFUSED, [undefined, after],
        `the Service got a cluster IP when it was created, and spec.clusterIP is immutable: a different fixed one is refused; leave it unset, or ${RECREATE_SVC}`);
    }
    return;
  }
  const ips = (m: Manifest) => asArray(m.spec?.clusterIPs);
  if (ips(old).length > 0 && ips(next).length > 0 && ips(old)[0] !== ips(next)[0]) {
    add(out, object, 'spec.clusterIPs[0]', 'service-cluster-ip', UpgradeRisk.REFUSED, [ips(old)[0], ips(next)[0]],
      `the primary cluster IP (spec.clusterIPs[0]) of a Service is immutable; ${RECREATE_SVC}`);
  }
  const families = (m: Manifest) => asArray(m.spec?.ipFamilies);
  if (families(old).length > 0 && families(next).length > 0 && families(old)[0] !== families(next)[0]) {
    add(out, object, 'spec.ipFamilies[0]', 'service-ip-families', UpgradeRisk.REFUSED, [families(old)[0], families(next)[0]],
      `the primary IP family (spec.ipFamilies[0]) of a Service is immutable (a secondary one may be added or removed); ${RECREATE_SVC}`);
  }
  if (old.spec?.type === 'LoadBalancer' && next.spec?.type === 'LoadBalancer') {
    immutable(out, object, old, next, ['spec', 'loadBalancerClass'], 'service-load-balancer-class',
      `spec.loadBalancerClass of a LoadBalancer Service is immutable (it names the controller that owns the load balancer); ${RECREATE_SVC}, `
      + 'or switch the type away from LoadBalancer and back');
  }
}

export function compareFrontDoorClass(old: Manifest, next: Manifest, cmp: Comparison): void {
  if (kindOf(old) === 'IngressClass') {
    immutable(cmp.out, describeObject(old), old, next, ['spec', 'controller'], 'ingressclass-controller',
      'spec.controller of an IngressClass is immutable; create a class under a new name and move the Ingresses to it');
  } else {
    immutable(cmp.out, describeObject(old), old, next, ['spec', 'controllerName'], 'gatewayclass-controller',
      'spec.controllerName of a GatewayClass is immutable; create a class under a new name and move the Gateways to it');
  }
}
