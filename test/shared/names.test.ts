import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Reporter } from '../../lib/shared/errors';
import { checkDnsLabel, checkDnsSubdomain, defaultName, serviceDnsName } from '../../lib/shared/names';

const report = new Reporter(new Construct(Testing.chart(), 'x'), 'Test');

describe('names', () => {
  test.each([
    ['WebApp', 'web-app'],
    ['my-apache', 'my-apache'],
    ['HTTPServer2', 'httpserver2'],
    ['hello_world', 'hello-world'],
    ['--a--b--', 'a-b'],
    ['Nginx.Ingress', 'nginx-ingress'],
  ])('construct id %s gives the default name %s', (id, expected) => {
    expect(defaultName(new Construct(Testing.chart(), id))).toEqual(expected);
  });

  test.each(['a', 'web-1', 'a'.repeat(63)])('%s is a DNS label', name => {
    expect(checkDnsLabel(report, 'name', name)).toEqual(name);
  });

  test.each(['', 'A', '-a', 'a-', 'a.b', 'a'.repeat(64), 'a_b'])('%s is not a DNS label', name => {
    expect(() => checkDnsLabel(report, 'name', name)).toThrow(/must be a DNS-1123 label/);
  });

  test.each(['a.b', 'nfs.example.com', 'a'.repeat(253)])('%s is a DNS subdomain', name => {
    expect(checkDnsSubdomain(report, 'name', name)).toEqual(name);
  });

  test.each(['a..b', '.a', 'A.b', 'a'.repeat(254)])('%s is not a DNS subdomain', name => {
    expect(() => checkDnsSubdomain(report, 'name', name)).toThrow(/must be a DNS-1123 subdomain/);
  });

  test('service DNS names', () => {
    expect(serviceDnsName('web', undefined)).toEqual('web.default.svc.cluster.local');
    expect(serviceDnsName('web', 'shop', 'corp')).toEqual('web.shop.svc.corp');
  });
});
