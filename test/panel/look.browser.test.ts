/**
 * Issue 15 point 8, what a browser can see of it: the panel at Premiere's default-ish 420 px
 * width on the dark skin. The plan view fits inside its frame, "Stems" is not left alone on a line,
 * native checkboxes and select arrows are drawn for a dark page, Premiere's UI font
 * (appSkinInfo.baseFontFamily) is used, and the keys the hint promises are registered with CEP.
 */
import { systemTool } from '../system-tools';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFcp7Xml } from '../../src/timeline';
import { panelKeyInterest } from '../../src/panel/key-interest';
import { Emulator } from '../host/emulator';
import { ROOT } from '../paths';
import { launchPanel, wirePage, type PanelSession } from './harness';

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const available = systemTool('chromium');

describe.skipIf(!available)('the panel\'s look at 420 px on the dark skin', () => {
  let page: Page;
  let session: PanelSession | undefined;
  const js = <T>(expression: string) => page.evaluate(expression) as Promise<T>;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    session = await launchPanel('cuebed-look-');
    page = session.page;
    const emu = new Emulator();
    (emu.project as unknown as { path: string }).path = session.project;
    emu.loadSequence(readFcp7Xml(fs.readFileSync(path.join(ROOT, 'demo', 'demo-sequence.xml'), 'utf8'), 'demo-sequence.xml'));
    await wirePage(page, emu, path.join(session.dist, 'render-worker.js'), path.join(session.work, 'Documents'));
    // Premiere's UI font, as the host environment gives it.
    await page.addInitScript({ content: "window.__cuebedTest.env.appSkinInfo.baseFontFamily = 'Cuebed Test Sans';" });
    await page.goto(session.server.url);
    await page.waitForSelector('html[data-ready="true"]');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('registers Ctrl/⌘+Enter and Esc with CEP, so Premiere does not take them', async () => {
    const mac = await js<boolean>("/^Mac/i.test(navigator.platform)");
    const registered = await js<unknown[]>('window.__cuebedTest.keyInterest');
    expect(registered).toEqual([panelKeyInterest(mac)]);
    expect(panelKeyInterest(false)).toEqual([{ keyCode: 27 }, { keyCode: 13, ctrlKey: true }]);
    expect(panelKeyInterest(true)).toEqual(expect.arrayContaining([{ keyCode: 53 }, { keyCode: 36, metaKey: true }]));
    // …and the hint names what is registered.
    expect(await page.textContent('#brief-hint')).toMatch(/Ctrl\+Enter \(⌘\+Enter\)/);
  });

  it('uses Premiere\'s base font family, then its own stack', async () => {
    const family = await js<string>('getComputedStyle(document.body).fontFamily');
    expect(family).toMatch(/^"Cuebed Test Sans", system-ui/);
    expect(await js<string>("getComputedStyle(document.querySelector('#score')).fontFamily")).toBe(family);
  });

  it('native checkboxes and select arrows are drawn for a dark page', async () => {
    expect(await js<string>('document.documentElement.dataset.theme')).toBe('dark');
    expect(await js<string>('getComputedStyle(document.documentElement).colorScheme')).toBe('dark');
    expect(await js<string>("getComputedStyle(document.querySelector('#stems')).colorScheme")).toBe('dark');
    expect(await js<string>("getComputedStyle(document.querySelector('#preset')).colorScheme")).toBe('dark');
    // A light skin gets light controls.
    await js("(function () { var t = window.__cuebedTest; t.env.appSkinInfo.panelBackgroundColor.color = { red: 214, green: 214, blue: 214 }; t.fire('com.adobe.csxs.events.ThemeColorChanged'); })()");
    expect(await js<string>("getComputedStyle(document.querySelector('#stems')).colorScheme")).toBe('light');
    await js("(function () { var t = window.__cuebedTest; t.env.appSkinInfo.panelBackgroundColor.color = { red: 50, green: 50, blue: 50 }; t.fire('com.adobe.csxs.events.ThemeColorChanged'); })()");
    expect(await js<string>("getComputedStyle(document.querySelector('#stems')).colorScheme")).toBe('dark');
  });

  it('"Stems" shares its line with another setting at 420 px', async () => {
    expect(await js<number>('window.innerWidth')).toBe(420);
    const lines = await js<Array<{ id: string; top: number }>>(
      "Array.prototype.map.call(document.querySelector('#stems').closest('.row').children, function (f) { return { id: f.querySelector('input,select').id, top: Math.round((f.getBoundingClientRect().top + f.getBoundingClientRect().bottom) / 2) }; })",
    );
    // `top` is the field's vertical middle: fields on one line differ by their alignment only.
    const stems = lines.find((l) => l.id === 'stems')!;
    const sameLine = lines.filter((l) => Math.abs(l.top - stems.top) <= 4);
    expect(sameLine.length, JSON.stringify(lines)).toBeGreaterThan(1);
    // The checkbox and its label stay together.
    const [box, label] = await js<number[][]>("[document.querySelector('#stems'), document.querySelector('label[for=stems]')].map(function (e) { var r = e.getBoundingClientRect(); return [Math.round(r.top), Math.round(r.bottom)]; })");
    expect(label[0]).toBeLessThan(box[1]);
  });

  it('the plan view fits inside its frame at 420 px, with nothing drawn past the right edge', async () => {
    await page.click('#score');
    await page.waitForSelector('html[data-state="idle"]', { timeout: 60_000 });
    await page.waitForSelector('#timeline svg');
    await page.screenshot({ path: path.join(ARTIFACTS, 'panel-look-420.png'), fullPage: true });
    const m = await js<{ frameRight: number; svgRight: number; drawnRight: number; scroll: number; client: number; bodyScroll: number; bodyClient: number }>(`(function () {
      var frame = document.querySelector('#timeline'), svg = frame.querySelector('svg');
      var fr = frame.getBoundingClientRect(), sr = svg.getBoundingClientRect();
      var drawn = 0;
      svg.querySelectorAll('text, line, rect, path, polyline').forEach(function (e) { var r = e.getBoundingClientRect(); if (r.width || r.height) drawn = Math.max(drawn, r.right); });
      return { frameRight: fr.right - 1, svgRight: sr.right, drawnRight: drawn, scroll: frame.scrollWidth, client: frame.clientWidth,
        bodyScroll: document.documentElement.scrollWidth, bodyClient: document.documentElement.clientWidth };
    })()`);
    expect(m.svgRight, JSON.stringify(m)).toBeLessThanOrEqual(m.frameRight + 0.5);
    expect(m.drawnRight, JSON.stringify(m)).toBeLessThanOrEqual(m.frameRight + 0.5);
    expect(m.bodyScroll, JSON.stringify(m)).toBeLessThanOrEqual(m.bodyClient);
    // Panel widths from narrow to wide: the last ruler label, a stinger or a section label at the
    // end must never run past the frame (the SVG cuts it off there).
    const over: string[] = [];
    for (let w = 300; w <= 640; w += 17) {
      await page.setViewportSize({ width: w, height: 760 });
      await page.waitForFunction(`Math.abs(document.querySelector('#timeline svg').getBoundingClientRect().width - (document.querySelector('#timeline').clientWidth - 2)) < 1`, undefined, { timeout: 5000 });
      const r = await js<{ frameRight: number; drawn: Array<[string, number]> }>(`(function () {
        var frame = document.querySelector('#timeline'), svg = frame.querySelector('svg');
        var right = svg.getBoundingClientRect().right;
        var out = [];
        svg.querySelectorAll('text, path').forEach(function (e) { var r = e.getBoundingClientRect(); if (r.right > right + 0.5) out.push([e.textContent || e.getAttribute('class'), r.right - right]); });
        return { frameRight: right, drawn: out };
      })()`);
      for (const [what, by] of r.drawn) over.push(`${w} px: "${what}" ${by.toFixed(1)} px past the edge`);
    }
    await page.setViewportSize({ width: 420, height: 760 });
    expect(over).toEqual([]);
  }, 90_000);
});
