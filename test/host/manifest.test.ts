import * as fs from 'node:fs';
import * as os from 'node:os';
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
  it('Geometry in the schema\'s order (ExtensionManifest_v_7_0.xsd: ScreenPercentage, Size, MaxSize, MinSize), then Icons', () => {
    const body = xml.replace(/<!--[\s\S]*?-->/g, '');
    const geometry = /<Geometry>([\s\S]*?)<\/Geometry>/.exec(body)![1];
    const order = [...geometry.matchAll(/<(ScreenPercentage|Size|MaxSize|MinSize)>/g)].map((m) => m[1]);
    expect(order).toEqual(['Size', 'MaxSize', 'MinSize']);
    const ui = /<UI>([\s\S]*?)<\/UI>/.exec(body)![1];
    expect([...ui.matchAll(/<(Type|Menu|Geometry|Icons)>/g)].map((m) => m[1])).toEqual(['Type', 'Menu', 'Geometry', 'Icons']);
    const size = (name: string) => {
      const m = new RegExp(`<${name}>\\s*<Height>(\\d+)</Height>\\s*<Width>(\\d+)</Width>`).exec(geometry)!;
      return { h: Number(m[1]), w: Number(m[2]) };
    };
    expect(size('MinSize').w).toBeLessThanOrEqual(size('Size').w);
    expect(size('Size').w).toBeLessThanOrEqual(size('MaxSize').w);
    expect(size('MinSize').h).toBeLessThanOrEqual(size('Size').h);
  });

  it('icons for every state, small 23 px PNGs that exist and are what scripts/make-icons.js makes', () => {
    const icons = [...xml.matchAll(/<Icon Type="([^"]+)">([^<]+)<\/Icon>/g)].map((m) => [m[1], m[2]]);
    expect(icons.map(([t]) => t)).toEqual(['Normal', 'RollOver', 'Disabled', 'DarkNormal', 'DarkRollOver']);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { makeIcons } = require(path.join(ROOT, 'scripts', 'make-icons.js')) as { makeIcons: (dir: string) => string[] };
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'cuebed-icons-'));
    makeIcons(fresh);
    for (const [, rel] of icons) {
      expect(rel).toMatch(/^\.\/icons\/[a-z-]+\.png$/);
      const png = fs.readFileSync(path.join(ROOT, rel));
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([23, 23]);
      expect(png.length).toBeLessThan(2048);
      expect(png.equals(fs.readFileSync(path.join(fresh, path.basename(rel)))), rel).toBe(true);
    }
    fs.rmSync(fresh, { recursive: true, force: true });
  });

  it('the extension id is the one .debug opens on port 8088', () => {
    const id = /<Extension Id="([^"]+)"/.exec(xml)![1];
    const debug = fs.readFileSync(path.join(ROOT, '.debug'), 'utf8');
    expect(debug).toContain(`<Extension Id="${id}">`);
    expect(debug).toMatch(/<Host Name="PPRO" Port="8088"/);
  });
});
