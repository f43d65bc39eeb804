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

  test.each(['10.0.0.0', '10.0.0.0/33', '300.0.0.0/8', 'example.com/8', '10.0.0.0/8/1', '::/129', ':/64', '010.0.0.0/8', '1::2::3/64'])('%s is not a CIDR', c => {
    expect(() => checkCidr(report, 'cidr', c)).toThrow(/must be a CIDR block/);
  });

  test.each(['10.0.0.1/8', '2001:db8::1/32', '192.168.1.1/24'])('%s has host bits set', c => {
    expect(() => checkCidr(report, 'cidr', c)).toThrow(/must be the network address of its block/);
  });

  test.each(['10.0.0.0/8', '0.0.0.0/0', '::/0', '2001:db8::/32', '::ffff:10.0.0.0/104'])('%s is a CIDR', c => {
    expect(checkCidr(report, 'cidr', c)).toEqual(c);
  });

  test.each(['10.0.0.1', '2001:db8::1', '::ffff:192.0.2.1', '1:2:3:4:5:6:1.2.3.4'])('%s is an IP', ip => {
    expect(checkIp(report, 'ip', ip)).toEqual(ip);
  });

  test.each(['host.example.com', '256.1.1.1', '1.2.3', '', '01.2.3.4', '1::2::3', 'fe80::1%eth0'])('%s is not an IP', ip => {
    expect(() => checkIp(report, 'ip', ip)).toThrow(/must be an IPv4 or IPv6 address/);
  });

  test.each([
    ['0.0.0.0', 'unspecified'], ['::', 'unspecified'], ['127.0.0.1', 'loopback'], ['::1', 'loopback'],
    ['169.254.1.1', 'link-local'], ['fe80::1', 'link-local'], ['224.0.0.251', 'link-local multicast'], ['ff02::1', 'link-local multicast'],
  ])('%s is refused as an external IP: %s', (ip, what) => {
    expect(() => checkIp(report, 'ip', ip)).toThrow(`${what} address, which the API server refuses as an external IP`);
  });

  test.each([
    ['172.16.1.30', true], ['nfs.example.com', true], ['nfs_server', false], ['', false], ['999.1.1.1', false], ['fd00::10', true],
  ])('%s is a host or IP: %s', (value, expected) => {
    expect(isHostOrIp(value as string)).toBe(expected);
  });
});
