/**
 * The panel in a real (headless) Chromium: built with webpack, served on 127.0.0.1, talking to the
 * real host/cuebed.jsx inside the Premiere DOM emulator and rendering with the real core in a Node
 * worker thread. Screenshots go to test-artifacts/.
 */
import { systemTool } from '../system-tools';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFcp7Xml, type SourceSequence } from '../../src/timeline';
import { ticksPerFrame } from '../../src/time';
import type { Plan } from '../../src/plan/types';
import { Emulator, Time } from '../host/emulator';
import { ROOT } from '../paths';
import { launchPanel, wirePage, type PanelSession, type RenderEndpointStats } from './harness';

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const DEMO = path.join(ROOT, 'demo', 'demo-sequence.xml');
const available = systemTool('chromium');

/** A 10-minute edit: a cut every 2–7 s, a dialogue line every ~30 s. */
function longSequence(): SourceSequence {
  const rate = { num: 25, den: 1 };
  const tpf = ticksPerFrame(rate);
  const frames = 10 * 60 * 25;
  const video = [];
  let f = 0;
  let n = 0;
  while (f < frames) {
    const len = Math.min(frames - f, 50 + ((n * 37) % 126));
    video.push({ name: `shot ${n + 1}`, start: f * tpf, end: (f + len) * tpf, inPoint: 0, outPoint: len * tpf, mediaPath: `/media/shot${n % 9}.mov`, enabled: true, coverage: 'opaque' as const });
    f += len;
    n++;
  }
  const dialogue = [];
  for (let s = 10; s < 590; s += 30) dialogue.push({ name: `line ${s}`, start: s * 25 * tpf, end: (s + 6) * 25 * tpf, inPoint: 0, outPoint: 150 * tpf, mediaPath: '/media/interview.wav', enabled: true });
  return {
    source: 'synthetic', name: 'Ten minutes', id: 'long', frameRate: rate, audioSampleRate: 48000, playhead: 0,
    tracks: [
      { kind: 'video', index: 1, name: 'V1', enabled: true, clips: video },
      { kind: 'audio', index: 1, name: 'Dialogue', enabled: true, clips: dialogue },
    ],
    markers: [], warnings: [],
  };
}

describe.skipIf(!available)('Cuebed panel in Chromium', () => {
  let page: Page;
  let server: { url: string; close: () => Promise<void> };
  let emu: Emulator;
  let work: string;
  let session: PanelSession | undefined;
  let stats: RenderEndpointStats;
  const consoleErrors: string[] = [];

  const idle = () => page.waitForSelector('html[data-state="idle"]', { timeout: 45_000 });
  const message = () => page.textContent('#message');
  /** Evaluates page-side JS given as text (the test tsconfig has no DOM types). */
  const js = <T>(expression: string) => page.evaluate(expression) as Promise<T>;
  const bodyBackground = () => js<string>('getComputedStyle(document.body).backgroundColor');
  const setSkin = (grey: number) =>
    js<void>(`(function () { var t = window.__cuebedTest; t.env.appSkinInfo.panelBackgroundColor.color = { red: ${grey}, green: ${grey}, blue: ${grey} }; t.fire('com.adobe.csxs.events.ThemeColorChanged'); })()`);
  const readPlan = (folder: string) => JSON.parse(fs.readFileSync(path.join(folder, 'plan.json'), 'utf8')) as Plan;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    session = await launchPanel('cuebed-panel-');
    ({ work, server, page } = session);
    const { dist, project } = session;
    emu = new Emulator();
    (emu.project as unknown as { path: string }).path = project;
    emu.loadSequence(readFcp7Xml(fs.readFileSync(DEMO, 'utf8'), 'demo-sequence.xml'));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    stats = await wirePage(page, emu, path.join(dist, 'render-worker.js'), path.join(work, 'Documents'));
    await page.goto(server.url);
    await page.waitForSelector('html[data-ready="true"]');
  }, 60_000);

  afterAll(async () => {
    await session?.close();
  });

  it('scores the sequence: clip with keyframes on the Cuebed track, one mark per cut, loudness and hit rate', async () => {
    expect(await page.getAttribute('#brief', 'placeholder')).toMatch(/90-second product video/);
    // Nothing to regenerate around yet: the button says why.
    expect(await page.isDisabled('#regen')).toBe(true);
    expect(await page.getAttribute('#regen', 'title')).toBe('No earlier Cuebed score for this sequence: click Score this sequence first.');
    expect(await page.textContent('#regen-hint')).toMatch(/click Score this sequence first/);
    // Host skin: the stand-in reports a 50/50/50 panel background.
    expect(await bodyBackground()).toBe('rgb(50, 50, 50)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'panel-before.png'), fullPage: true });

    await page.fill('#brief', 'bright, forward-moving music for a 90-second product video, no vocals, builds in the final 20 seconds');
    await page.focus('#brief');
    await page.keyboard.press('Enter'); // plain Enter is a newline, not a render
    expect(stats.started).toBe(0);
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('html[data-state="busy"]');
    const phases = new Set<string>();
    const watch = setInterval(() => {
      void page.getAttribute('#progress-wrap', 'data-phase').then((p) => p && phases.add(p)).catch(() => {});
    }, 30);
    await idle();
    clearInterval(watch);
    expect(await message()).not.toMatch(/error|wrong|could not/i);
    expect(await page.getAttribute('#progress-wrap', 'data-phase')).toBe('done');
    expect(Number(await page.getAttribute('#progress', 'value'))).toBe(1);
    expect([...phases].some((p) => p === 'rendering' || p === 'importing')).toBe(true);

    const folder = path.join(work, 'projects', 'Cuebed', 'score-v1');
    const plan = readPlan(folder);
    expect(fs.existsSync(path.join(folder, 'score.wav'))).toBe(true);

    const track = emu.audioTrackNamed('Cuebed');
    expect(track).toBeDefined();
    expect(track!.items).toHaveLength(1);
    const clip = track!.items[0];
    expect(clip.projectItem?.getMediaPath()).toBe(path.join(folder, 'score.wav'));
    const keys = clip.levelParam().getKeys();
    expect(keys && keys.length).toBeGreaterThan(0);
    expect(keys && keys.length).toBe(plan.ducking.length);

    expect(plan.cuts.length).toBeGreaterThan(10);
    expect(await page.locator('#timeline line.cut').count()).toBe(plan.cuts.length);
    expect(await page.locator('#timeline rect.section').count()).toBe(plan.sections.length);
    const result = (await page.textContent('#result')) ?? '';
    expect(result).toMatch(/score-v1\/score\.wav/);
    // The sequence's last render is remembered beside the project, keyed by sequence ID.
    const sidecar = JSON.parse(fs.readFileSync(path.join(work, 'projects', 'Cuebed', 'renders.json'), 'utf8'));
    expect(sidecar[emu.sequence.sequenceID]).toMatchObject({ folder, wavPath: path.join(folder, 'score.wav') });
    await page.waitForSelector('#regen:not([disabled])', { timeout: 10_000 });
    expect(result).toMatch(/-?\d+\.\d LUFS/);
    expect(result).toMatch(new RegExp(`hit rate ${Math.round(plan.hitRate * 100)}%`));

    // The preview plays the rendered WAV.
    await page.waitForFunction("document.getElementById('audio').readyState >= 1", undefined, { timeout: 10_000 });
    const seconds = await js<number>("document.getElementById('audio').duration");
    expect(seconds).toBeCloseTo(plan.sequence.duration, 1);
    expect(await page.isEnabled('#play')).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'panel-after-score.png'), fullPage: true });

    // Theme change from the host re-skins the panel.
    await setSkin(184);
    expect(await bodyBackground()).toBe('rgb(184, 184, 184)');
    expect(await page.getAttribute('html', 'data-theme')).toBe('light');
    await setSkin(50);
  });

  it('inserts stingers at every scene change on their own track, each hit on its cut', async () => {
    await page.selectOption('#stinger-at', 'scenes');
    await page.click('#stingers');
    await idle();
    const folder = path.join(work, 'projects', 'Cuebed', 'stingers-v1');
    const plan = readPlan(folder);
    expect(plan.stingers.length).toBeGreaterThan(0);
    const track = emu.audioTrackNamed('Cuebed Stingers');
    expect(track).toBeDefined();
    expect(track!.items).toHaveLength(plan.stingers.length);
    expect(await message()).toMatch(new RegExp(`${plan.stingers.length} stingers? on track "Cuebed Stingers"`));
    expect(await page.textContent('#result')).toMatch(/stingers-v1: \d+ stingers?/);
    expect(await page.locator('#timeline path.stinger').count()).toBe(plan.stingers.length);
    // The score placed before is still there, alone on its track.
    expect(emu.audioTrackNamed('Cuebed')!.items).toHaveLength(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'panel-after-stingers.png'), fullPage: true });
  });

  it('regenerates around an edit: new score-v2 replaces the clip, score-v1 untouched, the editor key moves with the picture', async () => {
    const v1 = path.join(work, 'projects', 'Cuebed', 'score-v1');
    const v1Files = () => Object.fromEntries(fs.readdirSync(v1).map((n) => [n, fs.readFileSync(path.join(v1, n)).toString('base64')]));
    const before = v1Files();
    const tpf = ticksPerFrame({ num: 24000, den: 1001 });

    // The editor adds a Volume key of their own on the Cuebed clip, 1 s into the shot at 82.58 s …
    const old = emu.audioTrackNamed('Cuebed')!.items[0];
    const shots = emu.sequence.video[0].items;
    const keyAt = shots[21].raw.start + 24 * tpf;
    old.levelParam().addKey(Time.of(keyAt - old.raw.start + old.raw.inPoint));
    old.levelParam().setValueAtKey(Time.of(keyAt - old.raw.start + old.raw.inPoint), 0.05);
    // … then trims 1 s off the end of the shot at 41.04 s with a ripple (sync lock on every track).
    const trimmed = shots[8].raw;
    emu.sequence.rippleDelete(trimmed.end - 24 * tpf, trimmed.end);
    expect(emu.audioTrackNamed('Cuebed')!.items).toHaveLength(2); // the score clip was split by the ripple

    await page.mouse.move(200, 300); // coming back to the panel looks up the sequence's last render again
    await page.waitForSelector('#regen:not([disabled])');
    await page.click('#regen');
    await page.waitForSelector('html[data-state="busy"]');
    await idle();
    expect(await page.getAttribute('#message', 'class')).not.toBe('error');
    expect(await page.getAttribute('#progress-wrap', 'data-phase')).toBe('done');

    const v2 = path.join(work, 'projects', 'Cuebed', 'score-v2');
    expect(fs.existsSync(path.join(v2, 'score.wav'))).toBe(true);
    expect(fs.existsSync(path.join(v2, 'render.json'))).toBe(true);
    expect(v1Files()).toEqual(before);
    const plan = readPlan(v2);
    const track = emu.audioTrackNamed('Cuebed')!;
    expect(track.items).toHaveLength(1);
    const clip = track.items[0];
    expect(clip.projectItem?.getMediaPath()).toBe(path.join(v2, 'score.wav'));
    expect(emu.binNamed('Cuebed')!.all().map((i) => i.getMediaPath())).toEqual(expect.arrayContaining([path.join(v1, 'score.wav'), path.join(v2, 'score.wav')]));
    // The editor's key moved 1 s left with the picture; no ducking key was carried as theirs.
    const level = clip.levelParam();
    const moved = keyAt - 24 * tpf - clip.raw.start + clip.raw.inPoint;
    expect(level.getValueAtKey(Time.of(moved))).toBeCloseTo(0.05, 9);
    expect(level.keys.size).toBe(plan.ducking.length + 1);

    const result = (await page.textContent('#result')) ?? '';
    expect(result).toMatch(/^score-v2\/score\.wav · .* · (\d+) kept, (\d+) shifted, (\d+) re-rendered.* \(from score-v1\)/);
    const [, kept, shifted, rerendered] = /(\d+) kept, (\d+) shifted, (\d+) re-rendered/.exec(result)!.map(Number);
    expect(kept).toBeGreaterThan(0);
    expect(shifted).toBeGreaterThan(0);
    expect(rerendered).toBeGreaterThan(0);
    expect(await message()).toMatch(/Kept 1 Volume key you set by hand/);
    expect(await message()).toMatch(/score-v1 is unchanged/);
    const sidecar = JSON.parse(fs.readFileSync(path.join(work, 'projects', 'Cuebed', 'renders.json'), 'utf8'));
    expect(sidecar[emu.sequence.sequenceID].folder).toBe(v2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'panel-after-regen.png'), fullPage: true });
  });

  it('says so, without crashing, when there is no active sequence or it is empty', async () => {
    const project = emu.project!;
    const demo = project.activeSequence;
    project.activeSequence = null;
    // Coming back to the panel looks again: no sequence, nothing to regenerate around.
    await page.waitForTimeout(450);
    await page.dispatchEvent('html', 'pointerenter');
    await page.waitForSelector('#regen[disabled]');
    expect(await page.textContent('#regen-hint')).toMatch(/No earlier Cuebed score for this sequence/);
    await page.click('#score');
    await idle();
    expect(await message()).toMatch(/No active sequence/);

    emu.emptySequence();
    const before = stats.started;
    await page.click('#score');
    await idle();
    expect(await message()).toMatch(/sequence is empty/);
    expect(await page.getAttribute('#message', 'class')).toBe('error');
    expect(stats.started).toBe(before); // nothing was rendered
    expect(await page.isEnabled('#score')).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'panel-empty-sequence.png'), fullPage: true });
    project.activeSequence = demo;
  });

  it('stays responsive during a 10-minute render, and cancels it', async () => {
    emu.loadSequence(longSequence());
    const seedBefore = await page.inputValue('#seed');
    await page.click('#score');
    await page.waitForSelector('#progress-wrap[data-phase="rendering"]', { timeout: 30_000 });
    const finishedBefore = stats.finished;
    // A click on another control is handled while the render runs (the render is still unfinished
    // after it: responsiveness shown by order of events, not by a wall-clock bound).
    await page.click('#vary');
    const seedAfter = await page.inputValue('#seed');
    expect(seedAfter).not.toBe(seedBefore);
    expect(await page.getAttribute('html', 'data-state')).toBe('busy');
    expect(stats.finished).toBe(finishedBefore);
    // The progress bar moves on while we are clicking.
    const p1 = Number(await page.getAttribute('#progress', 'value'));
    await page.waitForFunction(`Number(document.getElementById('progress').value) > ${p1}`, undefined, { timeout: 20_000 });
    expect(await page.getAttribute('html', 'data-state')).toBe('busy');
    await page.screenshot({ path: path.join(ARTIFACTS, 'panel-rendering.png'), fullPage: true });
    await page.keyboard.press('Escape');
    await idle();
    expect(await message()).toMatch(/cancelled/);
    expect(stats.cancelled).toBe(1);
    expect(stats.finished).toBe(finishedBefore);
    expect(emu.audioTrackNamed('Cuebed')).toBeUndefined(); // the long sequence got nothing placed
    expect(consoleErrors).toEqual([]);
  });
});
