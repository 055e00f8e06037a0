import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTimelineFile } from '../../src/timeline';
import type { Timeline } from '../../src/timeline/model';
import { planScore, type PlanOptions } from '../../src/plan';
import { arrange } from '../../src/music';
import { renderArrangement } from '../../src/synth';
import { beatSamples } from '../../src/plan/beats';
import type { Plan } from '../../src/plan/types';
import { realisticEdit } from '../plan/helpers';
import { ROOT } from '../paths';
import { beatFeatures, kPower, lufs, prefix, repeatShare, shortTerm, std, type Stereo } from './analysis';

/**
 * Issue 14 points 4 and 5 on renders of the demo and of a 3-minute sequence in every preset:
 * section loudness follows the energy (quietest vs loudest section outside dialogue ≥ 6 LU),
 * short-term loudness moves (std-dev outside dialogue ≥ 2.5 LU), a brief's build rises section
 * by section, and 4-bar blocks rarely repeat near-verbatim. Rendered at 24 kHz: every measure
 * here is a level or a spectrum under 10 kHz, and the render is half the 48 kHz cost.
 */
const SR = 24000;
const SEC = 254016000000;

function demo(): Timeline {
  return readTimelineFile(fs.readFileSync(path.join(ROOT, 'demo', 'demo-sequence.xml'), 'utf8'), 'demo-sequence.xml', {});
}
function threeMinutes(): Timeline {
  const t = realisticEdit(11, 70, 180);
  t.dialogue = [[30, 45], [100, 112]].map(([a, b]) => ({ start: a * SEC, end: b * SEC, source: 'A1' }));
  return t;
}

interface Rendered { plan: Plan; mix: Stereo; pre: Float64Array; ducked: Array<[number, number]> }
function render(timeline: Timeline, options: Partial<PlanOptions>): Rendered {
  const plan = planScore(timeline, { brief: '', seed: 1, sampleRate: SR, ...options });
  const mix = renderArrangement(arrange(plan), { targetLufs: plan.targetLufs }).mix as Stereo;
  const ducked: Array<[number, number]> = [];
  const k = plan.ducking;
  for (let i = 0; i < k.length; i++) if (k[i].gainDb < 0 || (i + 1 < k.length && k[i + 1].gainDb < 0)) ducked.push([k[i].sample, i + 1 < k.length ? k[i + 1].sample : plan.sequence.durationSamples]);
  return { plan, mix, pre: prefix(kPower(mix, SR)), ducked };
}

/** Loudness of each section over its samples outside the duck and the final fade, when at least 2 s remain. */
function sectionLoudness(r: Rendered): Array<{ index: number; lufs: number }> {
  const end = r.plan.sequence.durationSamples - 1.5 * SR;
  const out: Array<{ index: number; lufs: number }> = [];
  r.plan.sections.forEach((s, index) => {
    if (s.underDialogue) return;
    let power = 0, n = 0;
    for (let a = s.startSample; a < Math.min(s.endSample, end); a += SR / 10) {
      const b = Math.min(a + SR / 10, s.endSample, end);
      if (r.ducked.some(([x, y]) => a < y && b > x)) continue;
      power += Math.pow(10, (lufs(r.pre, a, b) + 0.691) / 10) * (b - a);
      n += b - a;
    }
    if (n >= 2 * SR) out.push({ index, lufs: -0.691 + 10 * Math.log10(power / n) });
  });
  return out;
}

function repeats(r: Rendered): number {
  const beats: number[] = [], blocks: number[] = [];
  for (const s of r.plan.sections) {
    if (s.bpm <= 0) continue;
    for (const b of beatSamples(s)) { if (beats.length % 16 === 0) blocks.push(beats.length); beats.push(b); }
  }
  beats.push(r.plan.sequence.durationSamples);
  return repeatShare(beatFeatures(r.mix, SR, beats), blocks, 16);
}

const PRESETS = ['corporate', 'documentary', 'social', 'e-learning', 'trailer', 'ai-film'];

describe('form and arc (issue 14 point 4), repetition (point 5)', () => {
  for (const preset of PRESETS) {
    it(`${preset}: the demo and a 3-minute cue breathe: sections ≥ 6 LU apart, short-term std ≥ 2.5 LU`, () => {
      for (const [name, timeline] of [['demo', demo()], ['3 min', threeMinutes()]] as const) {
        const r = render(timeline, { preset });
        const secs = sectionLoudness(r);
        const louds = secs.map((s) => s.lufs);
        expect(Math.max(...louds) - Math.min(...louds), `${name}: ${louds.map((l) => l.toFixed(1)).join(' ')}`).toBeGreaterThanOrEqual(6);
        expect(std(shortTerm(r.pre, SR, r.ducked)), name).toBeGreaterThanOrEqual(2.5);
        // near-verbatim 4-bar repeats (chroma and log-mel both correlating > 0.8), on the 3-minute cue
        if (name === '3 min') expect(repeats(r), `${preset} 3 min repeats`).toBeLessThanOrEqual(0.15);
      }
    });
  }

  it('"builds at the end": loudness rises section by section across the build', () => {
    for (const [timeline, preset, brief] of [[demo(), 'corporate', 'builds at the end'], [threeMinutes(), 'trailer', 'builds towards the end']] as const) {
      const r = render(timeline, { preset, brief });
      const dur = r.plan.sequence.durationSamples;
      const inBuild = sectionLoudness(r).filter((s) => (r.plan.sections[s.index].startSample + r.plan.sections[s.index].endSample) / 2 >= 0.7 * dur);
      expect(inBuild.length, brief).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < inBuild.length; i++) expect(inBuild[i].lufs, `${brief}: ${inBuild.map((s) => s.lufs.toFixed(1)).join(' ')}`).toBeGreaterThanOrEqual(inBuild[i - 1].lufs - 0.5);
      // and the build is the loud end of the cue, not the middle
      const all = sectionLoudness(r);
      const before = all.filter((s) => !inBuild.some((x) => x.index === s.index)).map((s) => s.lufs);
      expect(inBuild[inBuild.length - 1].lufs).toBeGreaterThan(Math.max(...before));
    }
  });
});
