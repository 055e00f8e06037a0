/** Pure panel logic: settings, progress and result wording, the timeline view, output folders. */
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  SEED_MAX,
  hostErrorMessage,
  overallFraction,
  phaseLabel,
  phaseOf,
  renderTimelineView,
  resultLine,
  themeFrom,
  cssColor,
  toScoreOptions,
  validateSettings,
  varySeed,
  type RenderOutcome,
  type RenderStage,
} from '../../src/panel';
import { chooseOutputRoot, nextVersionFolder } from '../../src/panel/output';
import type { Plan } from '../../src/plan/types';

function tinyPlan(over: Partial<Plan> = {}): Plan {
  return {
    schema: 'cuebed.plan/1', seed: 1, brief: '', preset: 'corporate', style: 'underscore', targetLufs: -18, hitRate: 0.625, maxTempoChangePct: 0,
    sequence: { name: 'A <b> & "c"', frameRate: { num: 25, den: 1 }, start: 0, startTicks: '0', duration: 10, durationSamples: 480000, sampleRate: 48000 },
    cuts: [1, 2.5, 4, 7].map((t, i) => ({ time: t, sample: t * 48000, frame: t * 25, scene: i === 2, onBeat: i % 2 === 0 })),
    dialogue: [{ start: 2, end: 5, startSample: 96000, endSample: 240000, source: 'A1 <interview>' }],
    markers: [],
    tempo: [{ time: 0, sample: 0, bpm: 120, beatsPerBar: 4 }],
    sections: [
      { id: 's1', start: 0, end: 4, startSample: 0, endSample: 192000, kind: 'intro', energy: 0.3, key: 'D', mode: 'major', bars: 2, beatsPerBar: 4, bpm: 120, chords: [], underDialogue: false },
      { id: 's2', start: 4, end: 10, startSample: 192000, endSample: 480000, kind: 'peak', energy: 0.9, key: 'D', mode: 'major', bars: 3, beatsPerBar: 4, bpm: 120, chords: [], underDialogue: false },
    ],
    stingers: [{ hit: 4, hitSample: 192000, start: 2.5, end: 4.6, startSample: 120000, endSample: 220800, cut: 2, style: 'riser' }],
    ducking: [{ time: 1.75, sample: 84000, gainDb: 0 }, { time: 2, sample: 96000, gainDb: -12 }, { time: 5, sample: 240000, gainDb: -12 }, { time: 5.4, sample: 259200, gainDb: 0 }],
    warnings: [],
    ...over,
  };
}

describe('settings', () => {
  it('accepts the defaults and names each bad field', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual([]);
    const bad = validateSettings({ ...DEFAULT_SETTINGS, seed: 1.5, duckDb: 3, targetLufs: NaN, preset: 'polka', style: 'waltz' as never });
    expect(bad.map((b) => b.field)).toEqual(['seed', 'duckDb', 'targetLufs', 'preset', 'style']);
  });

  it('vary gives a different, valid, reproducible seed', () => {
    const seen = new Set<number>();
    let s = 1;
    for (let i = 0; i < 200; i++) {
      const n = varySeed(s);
      expect(n).not.toBe(s);
      expect(Number.isInteger(n) && n >= 0 && n <= SEED_MAX).toBe(true);
      expect(varySeed(s)).toBe(n);
      seen.add(n);
      s = n;
    }
    expect(seen.size).toBe(200);
    expect(varySeed(0)).not.toBe(0);
  });

  it('maps onto the core options ("from the brief" pickers become undefined)', () => {
    const o = toScoreOptions({ ...DEFAULT_SETTINGS, brief: '  calm  ', stems: true }, 44100);
    expect(o).toMatchObject({ brief: 'calm', preset: undefined, style: undefined, seed: 1, sampleRate: 44100, duckDb: -12, targetLufs: -18, stems: true, stingers: 'none' });
    expect(toScoreOptions({ ...DEFAULT_SETTINGS, preset: 'trailer', style: 'ambient' }, 48000, 'scenes')).toMatchObject({ preset: 'trailer', style: 'ambient', stingers: 'scenes' });
  });
});

describe('progress and messages', () => {
  it('moves the bar forward through reading, planning, rendering N%, importing', () => {
    const steps: Array<[RenderStage, number]> = [['reading', 0], ['planning', 0], ['arranging', 0.5], ['rendering', 0], ['rendering', 0.5], ['rendering', 1], ['encoding', 0], ['encoding', 1], ['writing', 1]];
    let last = -1;
    for (const [stage, f] of steps) {
      const { phase, fraction } = phaseOf(stage, f);
      const v = overallFraction(phase, fraction);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
    expect(overallFraction('importing', 0)).toBeGreaterThanOrEqual(last);
    expect(overallFraction('done', 0)).toBe(1);
    expect(phaseLabel('rendering', 0.427)).toBe('Rendering 42%');
    expect(phaseLabel('reading', 0)).toMatch(/Reading/);
    expect(phaseLabel('importing', 0)).toMatch(/Importing/);
  });

  it('words the result line with file, duration, loudness and hit rate', () => {
    const o: RenderOutcome = {
      kind: 'score', plan: tinyPlan(), folder: '/p/Cuebed/score-v2', files: [], wavPath: '/p/Cuebed/score-v2/score.wav', stingerWavs: [],
      integratedLufs: -18.04, truePeakDb: -1.2, folderNote: '',
    };
    expect(resultLine(o)).toBe('score-v2/score.wav · 10.00 s · -18.0 LUFS · hit rate 63% · 4 cuts');
    expect(resultLine({ ...o, kind: 'stingers', folder: 'C:\\p\\Cuebed\\stingers-v1', wavPath: '', stingerWavs: ['a', 'b'] })).toMatch(/^stingers-v1: 2 stingers/);
  });

  it('explains host errors in the editor\'s words', () => {
    expect(hostErrorMessage('NO_SEQUENCE', 'x')).toMatch(/No active sequence/);
    expect(hostErrorMessage('EMPTY_SEQUENCE', 'x')).toMatch(/sequence is empty/);
    expect(hostErrorMessage('TIMEOUT', 'snapshot took longer than 30 s')).toMatch(/did not answer in time/);
    expect(hostErrorMessage('BRIDGE', 'snapshot: the host returned nothing')).toMatch(/could not talk to Premiere.*returned nothing/);
    expect(hostErrorMessage('PLACE_FAILED', 'overwriteClip refused')).toMatch(/PLACE_FAILED.*overwriteClip refused/);
  });
});

describe('timeline view', () => {
  it('draws one countable mark per cut, aligned to the sequence, with text escaped', () => {
    const plan = tinyPlan();
    const svg = renderTimelineView(plan, { width: 400 });
    expect(svg.match(/<line class="cut[^"]*" data-cut=/g)).toHaveLength(plan.cuts.length);
    expect(svg).toContain('data-cuts="4"');
    expect(svg).toMatch(/<line class="cut on-beat" data-cut="0" x1="40.0"/); // 1 s of 10 s on 400 px
    expect(svg).toMatch(/data-cut="2" x1="160.0"/);
    expect(svg.match(/class="section"/g)).toHaveLength(2);
    expect(svg.match(/class="stinger"/g)).toHaveLength(1);
    expect(svg).toContain('class="duck"');
    expect(svg).toContain('&lt;interview&gt;');
    expect(svg).not.toContain('<b>');
    expect(renderTimelineView(plan, { width: 400, cursorSec: 5 })).toMatch(/class="cursor" x1="200.0"/);
  });
});

describe('output folder', () => {
  const yes = () => true;
  const no = () => false;
  it('goes next to the project, else to documents with a reason', () => {
    expect(chooseOutputRoot('/work/films/a.prproj', '/home/u/Documents', yes)).toEqual({ root: path.join('/work/films', 'Cuebed'), note: '' });
    expect(chooseOutputRoot('/work/films/a.prproj', '/home/u/Documents', no)).toMatchObject({ root: path.join('/home/u/Documents', 'Cuebed'), note: expect.stringMatching(/cannot be written/) });
    expect(chooseOutputRoot('', '/home/u/Documents', yes)).toMatchObject({ root: path.join('/home/u/Documents', 'Cuebed'), note: expect.stringMatching(/not saved/) });
  });

  it('numbers versions past every existing one, never reusing a gap', () => {
    expect(nextVersionFolder('/c', 'score', [])).toBe(path.join('/c', 'score-v1'));
    expect(nextVersionFolder('/c', 'score', ['score-v1', 'score-v3', 'stingers-v7', 'score-v2.tmp', 'notes.txt'])).toBe(path.join('/c', 'score-v4'));
    expect(nextVersionFolder('/c', 'stingers', ['score-v1', 'stingers-v7'])).toBe(path.join('/c', 'stingers-v8'));
  });
});

describe('theme', () => {
  it('follows the host background: light text on dark skins, dark text on light ones', () => {
    const dark = themeFrom({ red: 35, green: 35, blue: 35 });
    expect(dark).toMatchObject({ bg: 'rgb(35, 35, 35)', dark: true, fg: '#e6e6e6' });
    const light = themeFrom({ red: 214, green: 214, blue: 214 });
    expect(light).toMatchObject({ bg: 'rgb(214, 214, 214)', dark: false, fg: '#1b1b1b' });
    expect(themeFrom(undefined).dark).toBe(true);
    expect(themeFrom({ red: NaN, green: 0, blue: 0 }).bg).toBe('rgb(35, 35, 35)');
  });
  it("reads UXP's host skin colours (CSS): #rgb, #rrggbb, rgb(), rgba(); nothing else", () => {
    expect(cssColor('#323232')).toEqual({ red: 50, green: 50, blue: 50 });
    expect(cssColor(' #FfF ')).toEqual({ red: 255, green: 255, blue: 255 });
    expect(cssColor('rgb(214, 214, 214)')).toEqual({ red: 214, green: 214, blue: 214 });
    expect(cssColor('rgba(29,29,29,1)')).toEqual({ red: 29, green: 29, blue: 29 });
    for (const bad of ['', 'red', '#12345', 'rgb(1,2)', undefined, null]) expect(cssColor(bad)).toBeUndefined();
  });
});
