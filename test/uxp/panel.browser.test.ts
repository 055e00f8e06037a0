/**
 * The same panel page in headless Chromium, but every host call answered by the UXP adapter over
 * the UXP DOM emulator (through src/host/uxp/dispatch.ts, as uxp/src/install.ts wires it in the
 * plugin) instead of cuebed.jsx in the ExtendScript emulator. Renders with the real core in a Node
 * worker, as the CEP browser test does (UXP itself has no Node; see uxp/README.md).
 */
import { systemTool } from '../system-tools';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUxpAdapter, dispatchScript } from '../../src/host/uxp';
import { readFcp7Xml } from '../../src/timeline';
import type { Emulator } from '../host/emulator';
import { launchPanel, wirePage, type PanelSession } from '../panel/harness';
import { ROOT } from '../paths';
import { UxpEmulator } from './emulator';

const DEMO = path.join(ROOT, 'demo', 'demo-sequence.xml');
const available = systemTool('chromium');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { toUxpPage } = require(path.join(ROOT, 'uxp', 'page.js')) as { toUxpPage: (html: string) => string };

describe.skipIf(!available)('Cuebed panel in Chromium over the UXP adapter', () => {
  let page: Page;
  let server: { url: string; close: () => Promise<void> };
  let work: string;
  let session: PanelSession | undefined;
  const emu = new UxpEmulator();
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    session = await launchPanel('cuebed-uxp-panel-');
    ({ work, server, page } = session);
    const { dist, project } = session;
    emu.project!.path = project;
    emu.loadSequence(readFcp7Xml(fs.readFileSync(DEMO, 'utf8'), 'demo-sequence.xml'));
    const adapter = createUxpAdapter(emu.ppro, { fileExists: async (p) => emu.files.has(p) });
    // wirePage needs two members of the ExtendScript emulator: evalScript and addFile.
    const host = { evalScript: (script: string) => dispatchScript(adapter, script), addFile: (p: string, t: number) => emu.addFile(p, t) };
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await wirePage(page, host as unknown as Emulator, path.join(dist, 'render-worker.js'), path.join(work, 'Documents'));
    // The page as the UXP plugin ships it (uxp/page.js): no <audio>, no <title>, no label `for`.
    await page.route((u) => u.pathname === '/' || u.pathname === '/index.html', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, body: toUxpPage(await res.text()) });
    });
    await page.goto(server.url);
    await page.waitForSelector('html[data-ready="true"]');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('scores the sequence: the clip and its keys land on the Cuebed track, in Cuebed-labelled undo steps', async () => {
    await page.fill('#brief', 'bright, forward-moving music for a product video');
    await page.click('#score');
    await page.waitForSelector('html[data-state="busy"]');
    await page.waitForSelector('html[data-state="idle"]', { timeout: 45_000 });
    expect(await page.textContent('#message')).not.toMatch(/error|wrong|could not/i);
    const folder = path.join(work, 'projects', 'Cuebed', 'score-v1');
    const track = emu.audioTrackNamed('Cuebed');
    expect(track?.items.map((c) => c.projectItem?.mediaPath)).toEqual([path.join(folder, 'score.wav')]);
    expect(track!.items[0].level().keys.size).toBeGreaterThan(1);
    expect(emu.transactions.filter((t) => t.ok).map((t) => t.label)).toEqual(['Cuebed: create bin', 'Cuebed: replace score', 'Cuebed: score volume on', 'Cuebed: score volume']);
    expect(consoleErrors).toEqual([]);
    // No preview without an audio element: the controls are hidden, and nothing went wrong after the score.
    expect(await page.isHidden('#play')).toBe(true);
    expect(await page.textContent('#message')).not.toMatch(/Something went wrong/);
  });
});
