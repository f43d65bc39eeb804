import { ExternalNameService } from '../lib';
import { expectError, find, newChart, synth } from './support/synth';

describe('ExternalNameService', () => {
  test('a DNS alias for an outside host: no selector, no proxy', () => {
    const chart = newChart({ namespace: 'shop' });
    const alias = new ExternalNameService(chart, 'database', { externalName: 'db.example.com', ports: [{ port: 5432 }] });
    const service = find(synth(chart), 'Service');
    expect(service.spec).toEqual({
      type: 'ExternalName',
      externalName: 'db.example.com',
      ports: [{ port: 5432, targetPort: 5432, protocol: 'TCP' }],
    });
    expect(service.spec).not.toHaveProperty('selector');
    expect(service.metadata).toMatchObject({ name: 'database', namespace: 'shop' });
    expect(alias.dnsName).toEqual('database.shop.svc.cluster.local');
    expect(alias.externalName).toEqual('db.example.com');
    expect(service).toMatchSnapshot();
  });

  test('a fully qualified name with a trailing dot is accepted', () => {
    const chart = newChart();
    new ExternalNameService(chart, 'x', { externalName: 'api.example.com.' });
    expect(find(synth(chart), 'Service').spec).toEqual({ type: 'ExternalName', externalName: 'api.example.com.' });
  });

  test.each([
    ['an IP address', '10.0.0.1'],
    ['upper case', 'DB.example.com'],
    ['a URL', 'https://db.example.com'],
    ['empty', ''],
  ])('rejects %s', (_, externalName) => {
    expectError(() => new ExternalNameService(newChart(), 'x', { externalName }),
      `ExternalNameService 'test/x': invalid externalName ${JSON.stringify(externalName)}: must be a lowercase DNS name such as "db.example.com" (not an IP address: cluster DNS answers with a CNAME)`);
  });
});
