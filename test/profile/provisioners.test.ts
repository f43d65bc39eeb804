import * as fs from 'fs';
import * as path from 'path';
import { KNOWN_PROVISIONERS, parseAccessModes, provisionerAccessModes } from '../../lib/profile/provisioners';

describe('the known provisioners table', () => {
  test('NFS serves every mode; node-local and block storage one node at a time', () => {
    expect(provisionerAccessModes('nfs.csi.k8s.io')).toEqual({ modes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'], known: true });
    expect(provisionerAccessModes('k8s-sigs.io/nfs-subdir-external-provisioner').modes).toContain('ReadWriteMany');
    expect(provisionerAccessModes('rancher.io/local-path')).toEqual({ modes: ['ReadWriteOnce'], known: true });
    expect(provisionerAccessModes('ebs.csi.aws.com').modes).not.toContain('ReadWriteMany');
  });

  test('an unknown provisioner serves ReadWriteOnce, and is said to be unknown', () => {
    expect(provisionerAccessModes('example.com/nfs')).toEqual({ modes: ['ReadWriteOnce'], known: false });
    // Not fooled by names on Object.prototype.
    expect(provisionerAccessModes('constructor')).toEqual({ modes: ['ReadWriteOnce'], known: false });
  });

  test('every row serves ReadWriteOnce, ReadWriteOncePod only through CSI, and names its source', () => {
    for (const [provisioner, row] of Object.entries(KNOWN_PROVISIONERS)) {
      expect(row.modes).toContain('ReadWriteOnce');
      // CSI driver names are DNS names; in-tree plugins (kubernetes.io/aws-ebs) and external provisioners (rancher.io/local-path) have a '/'.
      if (row.modes.includes('ReadWriteOncePod' as any)) expect(provisioner).not.toContain('/');
      expect(row.source.length).toBeGreaterThan(10);
    }
  });

  test('the access-modes annotation lists modes separated by commas', () => {
    expect(parseAccessModes('ReadWriteOnce, ReadWriteMany,')).toEqual(['ReadWriteOnce', 'ReadWriteMany']);
  });
});

describe('docs/cluster-profile.md shows the table', () => {
  test('every provisioner, with its modes', () => {
    const docs = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'cluster-profile.md'), 'utf-8');
    const short: { [mode: string]: string } = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };
    for (const [provisioner, row] of Object.entries(KNOWN_PROVISIONERS)) {
      const line = docs.split('\n').find(l => l.startsWith('| ') && l.includes(`\`${provisioner}\``));
      expect(line).toBeDefined();
      expect(line!.split(' | ')[1]).toEqual(row.modes.map(m => short[m]).join(', '));
    }
  });
});
