import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { es3Problems } from './es3';
import { hostFiles } from './emulator';

describe('ES3 gate', () => {
  const files = hostFiles();
  it('there is a host script', () => {
    expect(files.map((f) => path.basename(f))).toContain('cuebed.jsx');
  });
  it.each(files.map((f) => [path.basename(f), f]))('%s parses with acorn ecmaVersion 3 and uses no ES5 library', (_name, file) => {
    expect(es3Problems(fs.readFileSync(file, 'utf8'), path.basename(file))).toEqual([]);
  });
  it('rejects ES5 syntax (the gate can fail)', () => {
    const problems = es3Problems(fs.readFileSync(path.join(__dirname, 'fixtures', 'bad-es5.jsx'), 'utf8'), 'bad-es5.js');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^bad-es5\.js: not ES3/);
  });
  it('rejects ES5 library calls and reserved property names that acorn lets through', () => {
    const problems = es3Problems(fs.readFileSync(path.join(__dirname, 'fixtures', 'bad-es5-library.jsx'), 'utf8'), 'bad.js');
    expect(problems.join('\n')).toMatch(/"\.map" is ES5/);
    expect(problems.join('\n')).toMatch(/"\.trim" is ES5/);
    expect(problems.join('\n')).toMatch(/"JSON" does not exist/);
    expect(problems.join('\n')).toMatch(/reserved word "default"/);
  });
  it.each(['let x = 1;', 'var f = (a) => a;', 'var s = `t`;', 'const c = 1;', 'var o = { a: 1, };'])('rejects %s', (src) => {
    expect(es3Problems(src, 'x.js')).not.toEqual([]);
  });
});
