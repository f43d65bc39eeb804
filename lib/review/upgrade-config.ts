import { Comparison, describeObject, immutable } from './upgrade-common';
import { kindOf, Manifest } from '../checks/manifest';

// Configuration and access: immutable ConfigMaps and Secrets (ValidateConfigMapUpdate,
// ValidateSecretUpdate), a Secret's type, and a binding's roleRef (ValidateRoleBindingUpdate,
// ValidateClusterRoleBindingUpdate), as Kubernetes 1.28 refuses them.

export function compareConfigData(old: Manifest, next: Manifest, cmp: Comparison): void {
  const kind = kindOf(old);
  const object = describeObject(old);
  const rule = kind === 'Secret' ? 'secret-immutable' : 'configmap-immutable';
  if (kind === 'Secret') {
    immutable(cmp.out, object, old, next, ['type'], 'secret-type',
      'the type of a Secret is immutable; create the Secret under a new name (or delete it first) and point its users at it', 'Opaque');
  }
  if (old.immutable !== true) return;
  const how = 'create it under a new name (ConfigMapInjection\'s content-hash name does this), point the pods at it, and delete the old one';
  if (next.immutable !== true) {
    immutable(cmp.out, object, old, { ...next, immutable: next.immutable ?? false }, ['immutable'], rule,
      `a ${kind} marked immutable: true stays immutable; to change it, ${how}`);
  }
  // A Secret's stringData is folded into data before validation, so the two are one.
  const data = (m: Manifest) => ({ ...(m.data ?? {}), ...(kind === 'Secret' ? encodeStringData(m.stringData) : {}) });
  immutable(cmp.out, object, { data: data(old) }, { data: data(next) }, ['data'], rule, `the data of an immutable ${kind} cannot change; ${how}`, {});
  if (kind === 'ConfigMap') {
    immutable(cmp.out, object, old, next, ['binaryData'], rule, `the data of an immutable ${kind} cannot change; ${how}`, {});
  }
}

function encodeStringData(stringData: unknown): { [key: string]: string } {
  if (stringData === null || typeof stringData !== 'object') return {};
  return Object.fromEntries(Object.entries(stringData).map(([k, v]) => [k, Buffer.from(String(v), 'utf-8').toString('base64')]));
}

export function compareBinding(old: Manifest, next: Manifest, cmp: Comparison): void {
  const kind = kindOf(old);
  immutable(cmp.out, describeObject(old), old, next, ['roleRef'], 'rolebinding-role-ref',
    `roleRef of a ${kind} is immutable; create a ${kind} under a new name for the new role (then delete this one), `
    + 'or delete this one first (its subjects lose the access in between)');
}
