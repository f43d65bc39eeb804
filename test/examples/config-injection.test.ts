import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { buildApp } from '../../examples/config-injection/app';
import { CHECKSUM_ANNOTATION, configChecksum, parseChecksums } from '../../lib/shared/config-data';
import { expectWellFormed, find, findAll, synthApp } from '../support/synth';

function synthExample() {
  const app = Testing.app();
  buildApp(app);
  return { app, manifests: synthApp(app) };
}

/** Every ConfigMap key a pod template reads: env, envFrom (all keys), volume items and subPaths. */
function keysRead(template: any): { name: string; key: string }[] {
  const out: { name: string; key: string }[] = [];
  const volumes = new Map<string, any>((template.spec.volumes ?? []).map((v: any) => [v.name, v]));
  for (const v of volumes.values()) {
    for (const item of v.configMap?.items ?? []) out.push({ name: v.configMap.name, key: item.key });
  }
  for (const c of template.spec.containers) {
    for (const e of c.env ?? []) {
      if (e.valueFrom?.configMapKeyRef) out.push(e.valueFrom.configMapKeyRef);
    }
    for (const m of c.volumeMounts ?? []) {
      const cm = volumes.get(m.name)?.configMap;
      if (cm && m.subPath && !cm.items) out.push({ name: cm.name, key: m.subPath });
    }
  }
  return out;
}

describe('examples/config-injection (document 003)', () => {
  const { app, manifests } = synthExample();
  const workloads = findAll(manifests, 'Deployment');

  test('one chart, snapshotted', () => {
    expect(app.charts.map(c => c.node.id)).toEqual(['configmaps-003']);
    expect(Testing.synth(app.charts[0])).toMatchSnapshot();
  });

  test('every reference resolves and every pod is restricted', () => {
    expectWellFormed(manifests);
  });

  test('the four ConfigMaps of the document', () => {
    expect(find(manifests, 'ConfigMap', 'testmap1').data).toEqual({ shortname: 'msb.com', longname: 'magicsandbox.com' });
    expect(find(manifests, 'ConfigMap', 'testmap2').data).toEqual({
      'cmfile.txt': 'Magic Sandbox, hands-on learning that blurs the lines between training and the real world.\n',
    });
    expect(find(manifests, 'ConfigMap', 'multimap').data).toEqual({ given: 'Nigel', family: 'Poulton' });
    expect(find(manifests, 'ConfigMap', 'test-config').data['test.conf']).toEqual(
      fs.readFileSync(path.join(__dirname, '../../examples/config-injection/files/test.conf'), 'utf8'));
    expect(find(manifests, 'ConfigMap', 'test-config').data['test.conf'].split('\n')).toHaveLength(6);
  });

  test('multimap as FIRSTNAME and LASTNAME, as start-up arguments and as files under /etc/name', () => {
    const env = find(manifests, 'Deployment', 'envpod').spec.template.spec.containers[0];
    expect(env.name).toEqual('ctr1');
    expect(env.env).toEqual([
      { name: 'FIRSTNAME', valueFrom: { configMapKeyRef: { name: 'multimap', key: 'given' } } },
      { name: 'LASTNAME', valueFrom: { configMapKeyRef: { name: 'multimap', key: 'family' } } },
    ]);
    const args = find(manifests, 'Deployment', 'startup-pod').spec.template.spec.containers[0];
    expect(args.command[2]).toContain('echo First name $(FIRSTNAME) last name $(LASTNAME)');
    expect(args.env.map((e: any) => e.name)).toEqual(['FIRSTNAME', 'LASTNAME']);
    const vol = find(manifests, 'Deployment', 'cmvol').spec.template.spec;
    expect(vol.volumes).toContainEqual({ name: 'config-multimap', configMap: { name: 'multimap' } });
    expect(vol.containers[0].volumeMounts).toEqual([
      { name: 'config-multimap', mountPath: '/etc/name', readOnly: true },
      { name: 'config-test-config', mountPath: '/etc/plex/test.conf', readOnly: true, subPath: 'test.conf' },
    ]);
  });

  test('every referenced ConfigMap key exists', () => {
    const refs = workloads.flatMap(w => keysRead(w.spec.template));
    expect(refs.length).toBeGreaterThanOrEqual(5);
    for (const { name, key } of refs) {
      const cm = find(manifests, 'ConfigMap', name);
      expect({ name, key, exists: key in (cm.data ?? {}) || key in (cm.binaryData ?? {}) }).toEqual({ name, key, exists: true });
    }
  });

  test('every workload that reads a ConfigMap carries its current checksum, so it rolls when the ConfigMap changes', () => {
    for (const w of workloads) {
      const template = w.spec.template;
      const read = new Set<string>([
        ...(template.spec.volumes ?? []).filter((v: any) => v.configMap).map((v: any) => v.configMap.name),
        ...template.spec.containers.flatMap((c: any) => (c.env ?? []).map((e: any) => e.valueFrom?.configMapKeyRef?.name).filter(Boolean)),
      ]);
      expect(read.size).toBeGreaterThan(0);
      const listed = parseChecksums(template.metadata.annotations[CHECKSUM_ANNOTATION]);
      expect([...listed.keys()].sort()).toEqual([...read].sort());
      for (const name of read) {
        const cm = find(manifests, 'ConfigMap', name);
        expect(listed.get(name)).toEqual(configChecksum(cm.data, cm.binaryData));
      }
    }
    expect(find(manifests, 'Deployment', 'cmvol').spec.template.metadata.annotations).toEqual({
      'checksum/config': expect.stringMatching(/^multimap:[0-9a-f]{64} test-config:[0-9a-f]{64}$/),
    });
  });
});
