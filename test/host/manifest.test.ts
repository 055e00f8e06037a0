import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../paths';

// Checks the parts of the CEP manifest that make a panel load or not (reference §2.2, §6 items 24-27).
describe('CSXS/manifest.xml', () => {
  const xml = fs.readFileSync(path.join(ROOT, 'CSXS', 'manifest.xml'), 'utf8');
  const tag = (name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);
  it('bundle id, version, host PPRO range, CSXS 11 runtime', () => {
    expect(xml).toMatch(/ExtensionBundleId="com\.cuebed\.panel"/);
    expect(xml).toMatch(/ExtensionBundleVersion="0\.1\.0"/);
    expect(xml).toMatch(/<Host Name="PPRO" Version="\[15\.4,99\.9\]"/);
    expect(xml).toMatch(/<RequiredRuntime Name="CSXS" Version="11\.0"/);
  });
  it('paths start with ./ and point at the panel page and the host script that exists', () => {
    expect(tag('MainPath')).toEqual(['./panel/dist/index.html']);
    expect(tag('ScriptPath')).toEqual(['./host/cuebed.jsx']);
    expect(fs.existsSync(path.join(ROOT, tag('ScriptPath')[0]))).toBe(true);
  });
  it('Node enabled in the panel, mixed context', () => {
    expect(tag('Parameter')).toEqual(['--enable-nodejs', '--mixed-context']);
  });
  it('panel UI: menu "Cuebed", mandatory Size, Min/Max sizes', () => {
    expect(tag('Menu')).toEqual(['Cuebed']);
    expect(tag('Type')).toEqual(['Panel']);
    expect(xml).toMatch(/<Size>\s*<Height>\d+<\/Height>\s*<Width>\d+<\/Width>\s*<\/Size>/);
    expect(xml).toMatch(/<MinSize>/);
    expect(xml).toMatch(/<MaxSize>/);
  });
  it('the extension id is the one .debug opens on port 8088', () => {
    const id = /<Extension Id="([^"]+)"/.exec(xml)![1];
    const debug = fs.readFileSync(path.join(ROOT, '.debug'), 'utf8');
    expect(debug).toContain(`<Extension Id="${id}">`);
    expect(debug).toMatch(/<Host Name="PPRO" Port="8088"/);
  });
});
