import { configMap, edit, roleBinding, secret } from './manifests';
import { UpgradeGuard } from '../../lib';

function rules(before: any[], after: any[]): string[] {
  return UpgradeGuard.compare(before, after).map(f => `${f.rule} ${f.field}`);
}

describe('ConfigMap and Secret (ValidateConfigMapUpdate, ValidateSecretUpdate)', () => {
  test('a mutable ConfigMap may change anything, and become immutable', () => {
    expect(rules([configMap()], [configMap('settings', { data: { LOG_LEVEL: 'debug' }, binaryData: { k: 'AA==' }, immutable: true })])).toEqual([]);
  });

  test('an immutable ConfigMap refuses new data, new binaryData, and dropping the flag', () => {
    const frozen = configMap('settings', { immutable: true, binaryData: { logo: 'AA==' } });
    expect(rules([frozen], [edit(frozen, c => { c.data.LOG_LEVEL = 'debug'; })])).toEqual(['configmap-immutable data.LOG_LEVEL']);
    expect(rules([frozen], [edit(frozen, c => { c.binaryData.logo = 'AQ=='; })])).toEqual(['configmap-immutable binaryData.logo']);
    expect(rules([frozen], [edit(frozen, c => { delete c.immutable; })])).toEqual(['configmap-immutable immutable']);
    expect(rules([frozen], [edit(frozen, c => { c.metadata.labels = { a: 'b' }; })])).toEqual([]);
  });

  test('the message points at a new name, as ConfigMapInjection\'s content-hash name does', () => {
    const [finding] = UpgradeGuard.compare([configMap('s', { immutable: true })], [configMap('s', { immutable: true, data: {} })]);
    expect(finding.message).toContain('create it under a new name (ConfigMapInjection\'s content-hash name does this)');
  });

  test('an immutable Secret: stringData counts as the data it becomes', () => {
    const frozen = secret('db-credentials', { immutable: true });
    expect(rules([frozen], [secret('db-credentials', { immutable: true, data: undefined, stringData: { password: 'secret' } })])).toEqual([]);
    expect(rules([frozen], [secret('db-credentials', { immutable: true, data: undefined, stringData: { password: 'other' } })])).toEqual(['secret-immutable data.password']);
  });

  test('a Secret\'s type is immutable, and an absent type is Opaque', () => {
    expect(rules([secret()], [secret('db-credentials', { type: undefined })])).toEqual([]);
    expect(rules([secret('db-credentials', { type: 'kubernetes.io/tls' })], [secret()])).toEqual(['secret-type type']);
  });
});

describe('RoleBinding and ClusterRoleBinding (ValidateRoleBindingUpdate)', () => {
  test('subjects may change; the roleRef may not', () => {
    expect(rules([roleBinding()], [edit(roleBinding(), b => { b.subjects.push({ kind: 'User', name: 'ann' }); })])).toEqual([]);
    expect(rules([roleBinding('ClusterRoleBinding', 'view')], [roleBinding('ClusterRoleBinding', 'edit')])).toEqual(['rolebinding-role-ref roleRef.name']);
    expect(rules([roleBinding()], [edit(roleBinding(), b => { b.roleRef.kind = 'ClusterRole'; })])).toEqual(['rolebinding-role-ref roleRef.kind']);
  });
});
