import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { checkCidr, checkIp, checkQuantity, isHostOrIp } from '../../lib/shared/checks';
import { Reporter } from '../../lib/shared/errors';

const report = new Reporter(new Construct(Testing.chart(), 'x'), 'Test');

describe('value checks', () => {
  test.each(['1Gi', '500Mi', '250m', '1.5', '2e3', '10G', '+1Ki'])('%s is a quantity', q => {
    expect(checkQuantity(report, 'size', q)).toEqual(q);
  });

  test.each(['', '0', '0Gi', '-1Gi', '1 Gi', '1GB', 'lots', '1.2.3Gi'])('%s is not a positive quantity', q => {
    expect(() => checkQuantity(report, 'size', q)).toThrow(
      `Test 'test/x': invalid size ${JSON.stringify(q)}: must be a positive Kubernetes quantity such as '1Gi', '500Mi' or '250m'`);
  });

  test.each(['10.0.0.0/8', '0.0.0.0/0', '2001:db8::/32', '192.168.1.1/32'])('%s is a CIDR', c => {
    expect(checkCidr(report, 'cidr', c)).toEqual(c);
  });

  test.each(['10.0.0.0', '10.0.0.0/33', '300.0.0.0/8', 'example.com/8', '10.0.0.0/8/1', '::/129'])('%s is not a CIDR', c => {
    expect(() => checkCidr(report, 'cidr', c)).toThrow(/must be a CIDR block/);
  });

  test.each(['10.0.0.1', '::1', '2001:db8::1'])('%s is an IP', ip => {
    expect(checkIp(report, 'ip', ip)).toEqual(ip);
  });

  test.each(['host.example.com', '256.1.1.1', '1.2.3', ''])('%s is not an IP', ip => {
    expect(() => checkIp(report, 'ip', ip)).toThrow(/must be an IPv4 or IPv6 address/);
  });

  test.each([
    ['172.16.1.30', true], ['nfs.example.com', true], ['nfs_server', false], ['', false], ['999.1.1.1', false], ['fd00::10', true],
  ])('%s is a host or IP: %s', (value, expected) => {
    expect(isHostOrIp(value as string)).toBe(expected);
  });
});
