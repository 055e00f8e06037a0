/**
 * Palettes (issue 13 point 4): which palette a preset, style or brief picks, that instrument words
 * are honoured, and that the arrangement really plays the palette's instruments and figures.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTimelineFile } from '../../src/timeline';
import { ROOT } from '../paths';
import { planScore } from '../../src/plan';
import { arrange } from '../../src/music';
import { choosePalette, describePalette } from '../../src/music/palette';
import { isSampled } from '../../src/sampler/gm';
import { realisticEdit } from '../plan/helpers';
import { explainPlan } from '../../src/cli/plan-command';

const SEC = 254016000000;

function played(brief: string, preset?: string, seed = 3) {
  const timeline = realisticEdit(6, 25, 90);
  timeline.dialogue = [[20, 28]].map(([a, b]) => ({ start: a * SEC, end: b * SEC, source: 'A1' }));
  const plan = planScore(timeline, { brief, preset, seed, sampleRate: 48000 });
  const events = arrange(plan).events;
  return { plan, events, instruments: new Set(events.map((e) => e.instrument as string)) };
}

describe('choosing a palette', () => {
  it('follows the preset, then an ambient style, then the brief\'s genre words (earliest wins)', () => {
    expect(choosePalette('documentary', 'underscore', '').name).toBe('documentary');
    expect(choosePalette('corporate', 'underscore', '').name).toBe('corporate');
    expect(choosePalette('trailer', 'thematic', '').name).toBe('cinematic');
    expect(choosePalette('social', 'bed', '').name).toBe('electronic');
    expect(choosePalette('corporate', 'ambient', '').name).toBe('ambient');
    expect(choosePalette('corporate', 'underscore', 'chill lo-fi beat for a study vlog').name).toBe('lo-fi');
    expect(choosePalette('documentary', 'underscore', 'dark electronic pulse').name).toBe('electronic');
    expect(choosePalette('corporate', 'underscore', 'epic orchestral build').name).toBe('cinematic');
    expect(choosePalette('trailer', 'thematic', 'warm acoustic guitar').name).toBe('corporate');
    expect(choosePalette('social', 'bed', 'gentle piano and strings').name).toBe('documentary');
    expect(choosePalette('documentary', 'underscore', 'no synths, please').name).toBe('documentary');
  });

  it('says which palette and why in one line', () => {
    const line = describePalette(choosePalette('corporate', 'underscore', 'upbeat with piano'));
    expect(line).toMatch(/^corporate \(the corporate preset, "piano" on the keys\): /);
    expect(line).not.toContain('\n');
    expect(describePalette(choosePalette('trailer', 'thematic', ''))).toMatch(/^cinematic \(the trailer preset\)/);
    // --explain carries it, and no longer lists the palette's words as unused
    const text = explainPlan(played('chill lo-fi with a nylon guitar').plan, 0);
    expect(text).toMatch(/\nPalette lo-fi \(the brief says "chill", nylon-guitar on the plucks\): /);
    expect(text).not.toMatch(/not used:.*(chill|lo-fi|guitar)/);
  });

  it('honours instrument words inside the chosen palette', () => {
    expect(choosePalette('corporate', 'underscore', 'synthwave with piano').roles.keys.map((l) => l.instrument)).toEqual(['piano']);
    expect(choosePalette('social', 'bed', 'electronic with strings').roles.pad.some((l) => l.instrument === 'strings')).toBe(true);
    const noPiano = choosePalette('documentary', 'underscore', 'no piano');
    for (const layers of Object.values(noPiano.roles)) expect(layers.some((l) => l.instrument === 'piano')).toBe(false);
    const acoustic = choosePalette('corporate', 'underscore', 'acoustic');
    for (const layers of Object.values(acoustic.roles)) for (const l of layers) if (l.instrument !== 'noise-bed') expect(isSampled(l.instrument)).toBe(true);
  });
});

describe('arranging with a palette', () => {
  it('the demo scored with no brief (`npx cuebed score`) plays sampled instruments: the corporate palette', () => {
    const timeline = readTimelineFile(fs.readFileSync(path.join(ROOT, 'demo', 'demo-sequence.xml'), 'utf8'), 'demo-sequence.xml');
    const plan = planScore(timeline, { brief: '', seed: 1, sampleRate: 48000 });
    expect(choosePalette(plan.preset, plan.style, plan.brief).name).toBe('corporate');
    const events = arrange(plan).events.filter((e) => e.group !== 'stingers');
    const sampled = events.filter((e) => isSampled(e.instrument)).length;
    // everything but stingers, risers and textures is on a sampled instrument
    expect(sampled / events.length).toBeGreaterThan(0.9);
  });

  it('corporate: nylon guitar picking, strummed steel guitar, piano, electric bass, a light kit with claps', () => {
    const { instruments } = played('upbeat corporate');
    for (const i of ['nylon-guitar', 'steel-guitar', 'piano', 'electric-bass', 'kit-kick', 'kit-clap']) expect(instruments).toContain(i);
    expect(instruments.has('sub-bass')).toBe(false);
  });

  it('documentary: strings divisi, a soft pad, piano, harp; cinematic: ostinato strings, brass, timpani, taiko', () => {
    const doc = played('', 'documentary').instruments;
    for (const i of ['strings-slow', 'cellos', 'warm-pad', 'piano', 'harp']) expect(doc).toContain(i);
    const cin = played('energetic, builds strongly', 'trailer').instruments;
    for (const i of ['strings', 'cellos', 'french-horn', 'contrabass', 'taiko']) expect(cin).toContain(i);
    expect(cin.has('timpani') || cin.has('brass')).toBe(true);
  });

  it('electronic keeps today\'s synth palette; lo-fi swings its off-beats and lays vinyl under it', () => {
    const { events } = played('', 'social');
    expect(events.filter((e) => isSampled(e.instrument)).map((e) => e.instrument)).toEqual([]);
    const lofi = played('chill lo-fi', 'corporate');
    expect(lofi.instruments).toContain('epiano');
    expect(lofi.events.some((e) => e.instrument === 'noise-bed' && e.group === 'textures')).toBe(true);
    // swung: hats land late of the straight off-beat eighth
    const sec = lofi.plan.sections.find((s) => s.bpm > 0 && s.energy >= 0.45 && !s.underDialogue)!;
    const eighth = (60 / sec.bpm / 2) * 48000;
    const hats = lofi.events.filter((e) => e.instrument === 'kit-hat-closed' && e.start > sec.startSample && e.start < sec.endSample);
    const phases = hats.map((e) => ((e.start - sec.startSample) / eighth) % 2);
    expect(phases.some((p) => p > 1.2 && p < 1.45)).toBe(true);
  });

  it('"no drums" also silences the palette\'s timpani and taiko', () => {
    const { events } = played('epic orchestral, no drums', 'trailer');
    expect(events.some((e) => e.group === 'percussion')).toBe(false);
  });

  it('under speech the guitar strum stops: only soft roots below the voice band remain', () => {
    const { plan, events } = played('upbeat corporate');
    const r = plan.dialogue[0];
    const under = events.filter((e) => e.instrument === 'steel-guitar' && e.start >= r.startSample && e.start < r.endSample);
    for (const e of under) expect(e.midi).toBeLessThan(55);
  });
});
