import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as lib from '../../lib';
import { ExposedWebApp } from '../../lib';
import { formatValue, PatternValidationError, Reporter, VIOLATION_FORMAT } from '../../lib/shared/errors';

describe('the common error format', () => {
  test('names the construct type, path, prop, value and rule', () => {
    const scope = new Construct(Testing.chart(), 'web');
    const report = new Reporter(scope, 'ExposedWebApp');
    expect(() => report.fail('nodePort', 80, 'must be within the node port range 30000-32767'))
      .toThrow(new PatternValidationError('ExposedWebApp', 'test/web', 'nodePort', 80,
        'must be within the node port range 30000-32767'));
    expect(report.message('nodePort', 80, 'must be within 30000-32767'))
      .toEqual("ExposedWebApp 'test/web': invalid nodePort 80: must be within 30000-32767");
  });

  test('nested props carry their path', () => {
    const report = new Reporter(new Construct(Testing.chart(), 'web'), 'ExposedWebApp').child('ingress');
    expect(report.message('hosts[0]', 'A', 'must be lowercase')).toEqual(
      "ExposedWebApp 'test/web': invalid ingress.hosts[0] \"A\": must be lowercase");
  });

  test.each([
    ['string', 'x', '"x"'],
    ['number', 3, '3'],
    ['undefined', undefined, 'undefined'],
    ['NaN', NaN, 'NaN'],
    ['array', ['a', 1], '["a",1]'],
  ])('renders a %s value', (_, value, expected) => {
    expect(formatValue(value)).toEqual(expected);
  });

  test('cuts long values', () => {
    expect(formatValue('x'.repeat(500))).toHaveLength(120);
  });

  test('every message matches the published pattern', () => {
    const report = new Reporter(new Construct(Testing.chart(), 'app'), 'NfsStorageClass');
    expect(report.message('server', '', 'must be a host name or IP address')).toMatch(VIOLATION_FORMAT);
  });

  test('the error class and the format are exported, and the error is an Error at run time', () => {
    expect(lib.PatternValidationError).toBe(PatternValidationError);
    expect(lib.VIOLATION_FORMAT).toBe(VIOLATION_FORMAT);
    let thrown: any;
    try {
      new ExposedWebApp(Testing.chart(), 'web', { image: 'nginx:1.27.3', nodePort: 80 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).toBeInstanceOf(lib.PatternValidationError);
    expect(thrown).toMatchObject({ name: 'PatternValidationError', constructType: 'ExposedWebApp', constructPath: 'test/web', prop: 'nodePort', value: 80 });
    expect(String(thrown)).toEqual(`PatternValidationError: ${thrown.message}`);
    expect(thrown.stack.split('\n')[0]).toEqual(`PatternValidationError: ${thrown.message}`);
    expect(thrown.stack).toContain('exposed-web-app.ts');
    expect(() => new ExposedWebApp(Testing.chart(), 'web', { image: 'nginx:1.27.3', nodePort: 80 })).toThrow(lib.PatternValidationError);
  });
});
