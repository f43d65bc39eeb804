import { createHash } from 'crypto';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  CHECKSUM_ANNOTATION, checkConfigKey, configBytes, configChecksum, fitName, formatChecksums, hashedName, listDirectory, loadFile,
  looksSecret, parseChecksums, SECRET_VALUE_FORMATS,
} from '../../lib/shared/config-data';
import { formatValue, Reporter } from '../../lib/shared/errors';
import { RUNS, SEED } from '../property/arbitraries';
import { expectError } from '../support/synth';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'config-map-injection');
const reporter = () => new Reporter(new Construct(Testing.chart(), 'cfg'), 'ConfigMapInjection');

describe('ConfigMap keys', () => {
  test.each(['given', 'test.conf', 'a-b_c.D9', '.hidden', 'x'.repeat(253)])('accepts %s', key => {
    expect(checkConfigKey(reporter(), 'key', key)).toEqual(key);
  });

  test.each(['', '.', '..', '..x', 'a b', 'a/b', 'ü', 'x'.repeat(254)])('refuses %j', key => {
    expectError(() => checkConfigKey(reporter(), 'key', key), `ConfigMapInjection 'test/cfg': invalid key ${formatValue(key)}: ` +
      "must be a ConfigMap key: at most 253 letters, digits, '-', '_' and '.', and not '.' or starting with '..'");
  });
});

describe('secret-looking keys', () => {
  // The 20 literals reported as passing unnoticed (issue 11) are among these.
  test.each(['password', 'DB_PASSWORD', 'db-passwd', 'apiKey', 'API_KEY', 'api.key', 'client-secret', 'accessToken',
    'PRIVATE_KEY', 'aws-access-key-id', 'credentials.json', 'passphrase', 'PGPWD', 'DB_PASS', 'PGPASS', 'SESSION_KEY', 'SIGNING_KEY',
    'signingKey', 'ENCRYPTION_KEY', 'AWS_KEY', 'GITHUB_TOKEN', 'githubtoken', 'SLACK_BOT_TOKEN', 'SECRET_KEY_BASE', 'token', 'MYSQL_ROOT_PASSWORD',
    'redis-pass', 'jwtSecret', 'oauth_client_secret', 'api_key_id'])('%s looks like a secret', key => {
    expect(looksSecret(key)).toBe(true);
  });

  test.each(['given', 'family', 'test.conf', 'log-size', 'endpoint', 'vault', 'keyboard-layout', 'public-key-url', 'max_tokens', 'tokenizer',
    'public_key_url', 'PUBLIC_KEY', 'KEYCLOAK_URL', 'cache_key_prefix', 'token_url', 'token-endpoint', 'PASSWORD_FILE', 'tls-secret-name',
    'token_ttl', 'partition_key', 'sort-key', 'key', 'passthrough', 'bypass', 'monkey', 'turkey-count', 'max_completion_tokens', 'hotkeys',
    'SECRET_NAME', 'client_id'])('%s does not', key => {
    expect(looksSecret(key)).toBe(false);
  });

  test.each([
    ['a JWT', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['a GitHub token', 'ghp_0123456789abcdefghijABCDEFGHIJ012345'],
    // Every kind of classic GitHub token: personal, OAuth, user-to-server, server-to-server, refresh.
    ...['ghp', 'gho', 'ghu', 'ghs', 'ghr'].map(prefix => [`a GitHub token (${prefix}_) after text`, `the ${prefix}_0123456789abcdefghijABCDEFGHIJ012345 one`]),
    ['a fine-grained GitHub token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
    ['a Slack token', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
    ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['a URL with a password', 'postgres://app:S3cr3t@db.internal:5432/app'],
    ['a password line in a file', 'host = db\npassword = hunter2\n'],
    ['a secret line in YAML', 'auth:\n  client_secret: "abc123"\n'],
    ['a PEM private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...'],
  ])('a value holding %s does, under any key', (_, value) => {
    expect(looksSecret('settings', value)).toBe(true);
  });

  test.each([
    ['a URL with a placeholder password', 'postgres://app:${DB_PASSWORD}@db:5432/app'],
    ['a URL with a user only', 'https://user@example.com/x'],
    ['a URL with a port', 'http://db.internal:5432/app'],
    ['a password line with a variable', 'password = ${DB_PASSWORD}\n'],
    ['an empty password line', 'password =\n'],
    ['a certificate', '-----BEGIN CERTIFICATE-----\nMIIB...'],
    ['plain config', 'env = plex-test\nendpoint = 0.0.0.0:31001\nvault = PLEX/test\nmax_tokens = 512\n'],
    ['a short word starting eyJ', 'eyJ'],
  ])('a value holding %s does not', (_, value) => {
    expect(looksSecret('settings', value)).toBe(false);
  });

  // Each format's pieces (in both cases, split where its quick test looks) with characters that
  // come around them: most random texts come close to a match, and many match.
  const around = [' ', '\t', '\n', '\r', '\u2028', '"', "'", ':', '=', '_', '.', '-', '@', '$', '{', 'é', 'x'];
  test.each([
    ['a PEM private key', ['-----BEGIN ', 'RSA ', 'EC', 'PRIVATE KEY-----', 'CERTIFICATE-----']],
    ['a JSON Web Token', ['eyJ', 'hbGciOiJ', 'eyJhbGciOiJ', 'eyJhbGciOiJ.', 'IkpX', '.']],
    ['a GitHub token', ['gh', 'ghp', 'gho', 'ghu', 'ghs', 'ghr', 'ghx', 'GHP', '_', '0123456789abcdefghij0123456789']],
    ['a Slack token', ['xox', 'xoxb-', 'xoxz-', 'XOXB-', 'a-', 'p-', '0123456789']],
    ['an AWS access key id', ['AKIA', 'ASIA', 'akia', 'ABCDEFGH', '01234567']],
    ['a URL with a password', ['postgres', '://', 'postgres://', 'app', 'app:', 'S3cr3t', 'S3cr3t@', '5432', ':', '@']],
    ["a 'password=' line", ['password', 'PassWD', 'pwd', 'Secret', 'TOKEN', 'api', 'KEY', 'key', 'name', 'hunter2']],
  ])('%s: the quick test passes every value the pattern matches (random text of its pieces)', (what, pieces) => {
    const format = SECRET_VALUE_FORMATS.find(f => f.what === what)!;
    const part = fc.oneof({ arbitrary: fc.constantFrom(...pieces), weight: 4 }, { arbitrary: fc.constantFrom(...around), weight: 1 });
    const text = fc.array(part, { maxLength: 25 }).map(parts => parts.join(''));
    let matches = 0;
    fc.assert(fc.property(text, value => {
      if (!format.pattern.test(value)) return;
      matches++;
      if (!format.mayMatch(value)) throw new Error(`the quick test misses ${JSON.stringify(value)}`);
    }), { seed: SEED, numRuns: Math.max(RUNS, 3000) });
    // Enough texts matched for the test to mean something.
    expect(matches).toBeGreaterThan(10);
  });

  test('a PEM private key under any name does', () => {
    expect(looksSecret('tls.pem', '-----BEGIN EC PRIVATE KEY-----\n...')).toBe(true);
    expect(looksSecret('ca.pem', '-----BEGIN CERTIFICATE-----\n...')).toBe(false);
  });
});

describe('sizes and checksums', () => {
  test('values count in UTF-8 bytes, binary data decoded', () => {
    expect(configBytes({ a: 'é', b: 'xy' }, { c: Buffer.from([0, 1, 2]).toString('base64') })).toEqual(2 + 2 + 3);
  });

  test('the checksum is SHA-256 of the sorted data, the same whatever the insertion order', () => {
    const a = configChecksum({ given: 'Nigel', family: 'Poulton' }, undefined);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(configChecksum({ family: 'Poulton', given: 'Nigel' }, {})).toEqual(a);
    expect(configChecksum({ family: 'Poulton', given: 'Nigel' }, { x: 'AA==' })).not.toEqual(a);
    // Moving a value between data and binaryData is a change too.
    expect(configChecksum({}, { given: 'Nigel' })).not.toEqual(configChecksum({ given: 'Nigel' }, {}));
    // Pinned: external tools reproduce it as sha256(JSON.stringify({ binaryData, data })).
    expect(configChecksum({ a: 'b' }, undefined)).toEqual(createHash('sha256').update('{"binaryData":{},"data":{"a":"b"}}').digest('hex'));
  });

  test('the checksum is that of JSON.stringify\'s text, for random keys and values (quotes, escapes, Unicode, integer-like keys)', () => {
    const reference = (data?: { [key: string]: string }, binaryData?: { [key: string]: string }) => {
      const sorted = (map = {} as { [key: string]: string }) => Object.fromEntries(Object.keys(map).sort().map(k => [k, String(map[k])]));
      return createHash('sha256').update(JSON.stringify({ binaryData: sorted(binaryData), data: sorted(data) }), 'utf8').digest('hex');
    };
    const key = fc.oneof(fc.constantFrom('10', '9', '0', '01', '4294967294', '4294967295', '-1', 'a', 'B.conf'), fc.string({ maxLength: 4 }));
    const value = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('say "hi"', 'C:\\dir', 'line\nnext', '\u2028', '\ud800', 'é', '~ok~'));
    const map = fc.option(fc.dictionary(key, value, { maxKeys: 5 }), { nil: undefined });
    fc.assert(fc.property(map, map, (data, binaryData) => {
      expect(configChecksum(data, binaryData)).toEqual(reference(data, binaryData));
    }), { seed: SEED, numRuns: RUNS });
  });

  test('hashed names: the first 10 hex digits of the checksum', () => {
    expect(hashedName('multimap', 'b46a3346c0b5060aba24')).toEqual('multimap-b46a3346c0');
  });
});

describe('the checksum annotation and short names', () => {
  test('one fixed key, whatever the ConfigMap names: distinct keys per app slow synthesis down', () => {
    expect(CHECKSUM_ANNOTATION).toEqual('checksum/config');
  });

  test('the value lists name:checksum pairs sorted by name, and parses back', () => {
    const value = formatChecksums([['test-config', 'b'.repeat(64)], ['multimap', 'a'.repeat(64)]]);
    expect(value).toEqual(`multimap:${'a'.repeat(64)} test-config:${'b'.repeat(64)}`);
    expect([...parseChecksums(value)]).toEqual([['multimap', 'a'.repeat(64)], ['test-config', 'b'.repeat(64)]]);
    expect(formatChecksums([['m', '1'], ['a', '2'], ['m', '3']])).toEqual('a:2 m:3');
  });

  test('a value in another format (a bare hash, a number) lists nothing', () => {
    expect(parseChecksums('a'.repeat(64)).size).toBe(0);
    expect(parseChecksums(42).size).toBe(0);
    expect(parseChecksums(undefined).size).toBe(0);
  });

  test('fitName never ends with a separator before the hash', () => {
    const name = fitName(`config-${'ab-'.repeat(30)}`, 20);
    expect(name.length).toBeLessThanOrEqual(20);
    expect(name).toMatch(/^config-[a-z-]*[a-z]-[0-9a-f]{8}$/);
    expect(fitName('short', 20)).toEqual('short');
  });
});

describe('files and directories', () => {
  test('text files as text, others as base64', () => {
    expect(loadFile(reporter(), 'path', 'cmfile.txt', FIXTURES).text).toMatch(/^Magic Sandbox/);
    expect(loadFile(reporter(), 'path', 'logo.bin', FIXTURES)).toEqual({ base64: 'iVBORw0KGgoA//4=' });
  });

  test('directories list regular files in name order; * and ? exclude, other characters are literal', () => {
    expect(listDirectory(reporter(), 'path', 'conf.d', FIXTURES, [])).toEqual(['README.md', 'app.conf', 'base.conf']);
    expect(listDirectory(reporter(), 'path', 'conf.d', FIXTURES, ['*.conf'])).toEqual(['README.md']);
    expect(listDirectory(reporter(), 'path', 'conf.d', FIXTURES, ['a?p.conf', 'README.m'])).toEqual(['README.md', 'base.conf']);
    expect(listDirectory(reporter(), 'path', 'conf.d', FIXTURES, ['.*'])).toEqual(['README.md', 'app.conf', 'base.conf']);
  });
});
