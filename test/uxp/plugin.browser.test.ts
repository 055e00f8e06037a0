/**
 * The UXP plugin as shipped: dist/uxp-plugin/cuebed-uxp.html and cuebed-uxp.js, built by the
 * project's webpack config, booted in headless Chromium with only what Premiere would give it:
 * `require('premierepro')` (the UXP DOM emulator), `require('fs')` (UXP's fs surface, in memory)
 * and `require('os')` (test/uxp/browser-host.ts, bundled here). Nothing runs in Node: the page
 * reads the sequence, renders in the panel over that fs, places the clip and keys through the UXP
 * adapter, remembers the render, and regenerates around an edit.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFcp7Xml } from '../../src/timeline';
import { launchPanel, type PanelSession } from '../panel/harness';
import { ROOT } from '../paths';
import { systemTool } from '../system-tools';

const DEMO = path.join(ROOT, 'demo', 'demo-sequence.xml');
const available = systemTool('chromium');
const HOME = '/Users/editor';
const CUEBED = `${HOME}/Projects/Cuebed`;

async function bundleHost(outDir: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const webpack = require('webpack') as typeof import('webpack');
  const config: import('webpack').Configuration = {
    mode: 'development',
    devtool: false,
    target: ['web', 'es2019'],
    entry: path.join(ROOT, 'test', 'uxp', 'browser-host.ts'),
    output: { path: outDir, filename: 'uxp-test-host.js' },
    resolve: { extensions: ['.ts', '.js'] },
    module: { rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { configFile: path.join(ROOT, 'uxp', 'tsconfig.json'), transpileOnly: true, compilerOptions: { noEmit: false } } } }] },
    stats: 'errors-warnings',
  };
  await new Promise<void>((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (!stats || stats.hasErrors()) return reject(new Error(stats?.toString({ all: false, errors: true }) ?? 'webpack failed'));
      resolve();
    });
  });
  return path.join(outDir, 'uxp-test-host.js');
}

/** Anna's answer as Premiere would transcribe it: two sentences, source 5–8 s and 10–14 s. */
const ANNA_TRANSCRIPT = JSON.stringify({
  language: 'en-us',
  speakers: [{ id: 's1', name: 'Anna' }],
  segments: [
    { start: 5, duration: 3, speaker: 's1', words: [{ text: 'We', start: 5, duration: 1.5, type: 'word' }, { text: 'started', start: 6.6, duration: 1.4, type: 'word' }] },
    { start: 10, duration: 4, speaker: 's1', words: [{ text: 'Then', start: 10, duration: 2, type: 'word' }, { text: 'it', start: 12.2, duration: 1.8, type: 'word' }] },
  ],
});

describe.skipIf(!available)('the UXP plugin bundle, booted as Premiere boots it', () => {
  let page: Page;
  let session: PanelSession | undefined;
  const pageErrors: string[] = [];

  const memFile = (p: string) => page.evaluate((file) => {
    const b = (globalThis as unknown as { __uxpTest: { memfs: { files: Map<string, Uint8Array> } } }).__uxpTest.memfs.files.get(file);
    return b ? Array.from(b.subarray(0, 12)) : null;
  }, p);
  const memText = (p: string) => page.evaluate((file) => {
    const b = (globalThis as unknown as { __uxpTest: { memfs: { files: Map<string, Uint8Array> } } }).__uxpTest.memfs.files.get(file);
    return b ? new TextDecoder().decode(b) : null;
  }, p);
  const memNames = () => page.evaluate(() => [...(globalThis as unknown as { __uxpTest: { memfs: { files: Map<string, Uint8Array> } } }).__uxpTest.memfs.files.keys()].sort());
  const emuState = () => page.evaluate(() => {
    type Item = { start: number; end: number; projectItem?: { mediaPath: string }; level(): { keys: Map<number, number> } };
    const t = (globalThis as unknown as { __uxpTest: { emu: { audioTrackNamed(n: string): { items: Item[] } | undefined; transactions: Array<{ label: string; ok: boolean }> } } }).__uxpTest;
    const track = t.emu.audioTrackNamed('Cuebed');
    return {
      clips: (track?.items ?? []).map((c) => ({ media: c.projectItem?.mediaPath ?? '', keys: c.level().keys.size })),
      transactions: t.emu.transactions.filter((x) => x.ok).map((x) => x.label),
    };
  });
  const runAndWait = async (button: string) => {
    await page.click(button);
    await page.waitForSelector('html[data-state="idle"]', { timeout: 90_000 });
  };

  beforeAll(async () => {
    session = await launchPanel('cuebed-uxp-plugin-');
    page = session.page;
    const host = await bundleHost(session.dist);
    const sequence = readFcp7Xml(fs.readFileSync(DEMO, 'utf8'), 'demo-sequence.xml');
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.addInitScript({ content: `window.__cuebedSequence = ${JSON.stringify(sequence)};` });
    await page.addInitScript({ path: host });
    // Premiere's light skin, as UXP hands it to a panel: CSS variables on the document
    await page.addInitScript({ content: "document.addEventListener('DOMContentLoaded', function () { document.documentElement.style.setProperty('--uxp-host-background-color', '#d6d6d6'); });" });
    await page.goto(session.server.url + 'cuebed-uxp.html');
    await page.waitForSelector('html[data-ready="true"]');
    await page.evaluate((json) => {
      type Item = { projectItem?: { mediaPath: string; transcript: string | null } };
      const emu = (globalThis as unknown as { __uxpTest: { emu: { sequence: { audio: Array<{ items: Item[] }> } } } }).__uxpTest.emu;
      for (const track of emu.sequence.audio) for (const c of track.items) if (c.projectItem && /anna_interview/.test(c.projectItem.mediaPath)) c.projectItem.transcript = json;
    }, ANNA_TRANSCRIPT);
  }, 90_000);

  afterAll(async () => {
    await session?.close();
  });

  it("follows Premiere's skin from UXP's CSS variables", async () => {
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    expect(await page.$eval('body', (body) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(body).backgroundColor)).toBe('rgb(214, 214, 214)');
  });

  it('Score this sequence: renders in the panel over UXP fs, places the clip with its keys, remembers the render', async () => {
    await page.fill('#brief', 'warm, hopeful documentary');
    await runAndWait('#score');
    expect(await page.textContent('#message')).not.toMatch(/error|wrong|could not|needs/i);
    expect(await page.textContent('#result')).toMatch(/LUFS/);
    const folder = `${CUEBED}/score-v1`;
    const head = await memFile(`${folder}/score.wav`);
    expect(Buffer.from(head!.slice(0, 4)).toString()).toBe('RIFF');
    expect(Buffer.from(head!.slice(8, 12)).toString()).toBe('WAVE');
    const names = await memNames();
    for (const f of ['plan.json', 'plan.svg', 'cuesheet.csv', 'render.json', 'snapshot.json']) expect(names).toContain(`${folder}/${f}`);
    expect(names.filter((n) => /\/\.[^/]*\.tmp$/.test(n))).toEqual([]);
    const state = await emuState();
    expect(state.clips).toEqual([{ media: `${folder}/score.wav`, keys: expect.any(Number) }]);
    expect(state.clips[0].keys).toBeGreaterThan(2);
    expect(state.transactions).toEqual(['Cuebed: create bin', 'Cuebed: replace score', 'Cuebed: score volume on', 'Cuebed: score volume']);
    // Anna's transcript decided where the bed ducks under her; Ben (no transcript) keeps his clip
    const plan = JSON.parse((await memText(`${folder}/plan.json`)) as string) as { dialogue: Array<{ start: number; end: number; source: string }> };
    const kinds = plan.dialogue.map((d) => d.source.split(':')[0]);
    expect(kinds).toContain('transcript');
    expect(kinds).toContain('clip');
    const anna = plan.dialogue.filter((d) => d.source.startsWith('transcript'));
    expect(anna[0].start).toBeCloseTo(17.5175 + (5 - 4.1708333), 2);
    const remembered = Object.values(JSON.parse((await memText(`${CUEBED}/renders.json`)) as string) as Record<string, { wavPath: string }>);
    expect(remembered.map((r) => r.wavPath)).toEqual([`${folder}/score.wav`]);
    expect(pageErrors).toEqual([]);
  });

  it('Regenerate around edits: reads score-v1 back over UXP fs, writes score-v2, replaces the clip', async () => {
    await page.waitForSelector('#regen:not([disabled])');
    await runAndWait('#regen');
    expect(await page.textContent('#message')).not.toMatch(/error|wrong|could not|needs/i);
    expect(await memFile(`${CUEBED}/score-v2/score.wav`)).not.toBeNull();
    const state = await emuState();
    expect(state.clips.map((c) => c.media)).toEqual([`${CUEBED}/score-v2/score.wav`]);
    expect(state.transactions.slice(-3)).toEqual(['Cuebed: replace score', 'Cuebed: score volume on', 'Cuebed: score volume']);
    expect(pageErrors).toEqual([]);
  });
});
