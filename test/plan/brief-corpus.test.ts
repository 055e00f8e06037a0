import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBrief, planScore } from '../../src/plan';
import { explainPlan } from '../../src/cli/plan-command';
import { makeTimeline } from './helpers';
import type { BriefParams } from '../../src/plan';

/**
 * Issue 14 point 6: briefs as editors write them, each with the reading a composer would take
 * (test/plan/briefs/corpus.txt). A key left out of a line is not checked.
 */
const lines = fs.readFileSync(path.join(__dirname, 'briefs', 'corpus.txt'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));

function check(b: BriefParams, key: string, value: string): void {
  const list = (v: string) => v.split(',').map((x) => x.trim());
  const build = b.shape.find((s) => s.kind === 'build');
  switch (key) {
    case 'style': expect(b.style).toBe(value); break;
    case 'preset': expect(b.preset).toBe(value); break;
    case 'mode': expect(b.mode).toBe(value); break;
    case 'feel': expect(b.tempo.feel ?? 'none').toBe(value); break;
    case 'bpm': expect(b.tempo.bpm).toBe(Number(value)); break;
    case 'drop': expect(b.shape.some((s) => s.kind === 'drop' && s.atSec === Number(value))).toBe(true); break;
    case 'hit': expect(b.endsOnHit).toBe(value === 'true'); break;
    case 'fade': expect(b.shape.some((s) => s.kind === 'fade')).toBe(value === 'true'); break;
    case 'exclude': expect([...b.exclude].sort()).toEqual(list(value).sort()); break;
    case 'include': for (const x of list(value)) expect(b.include).toContain(x); break;
    case 'sparse': expect(b.sparse).toBe(value === 'true'); break;
    case 'lift': expect(b.lift).toBe(value === 'true'); break;
    case 'quiet': expect(b.quietUnderDialogue).toBe(value === 'true'); break;
    case 'meter': expect(b.beatsPerBar).toBe(Number(value)); break;
    case 'turn': expect(b.turn?.mode).toBe(value); break;
    case 'conflict': expect(b.conflicts.map((c) => `${c.chose} | ${c.over} | ${c.why}`).join('\n')).toContain(value); break;
    case 'build': {
      expect(build).toBeDefined();
      if (!build) return;
      if (value === 'whole') { expect(build.fromSec).toBe(0); expect(build.fromFrac).toBeUndefined(); }
      else if (value === 'late') { expect(build.fromFrac ?? 0).toBeGreaterThanOrEqual(0.5); }
      else if (value.startsWith('final:')) expect(build.fromSec).toBe(-Number(value.slice(6)));
      else if (value.startsWith('from:')) expect(build.fromSec).toBe(Number(value.slice(5)));
      else throw new Error(`bad build expectation ${value}`);
      break;
    }
    default: throw new Error(`corpus: unknown key "${key}"`);
  }
}

describe('brief corpus', () => {
  it('holds at least 150 briefs', () => expect(lines.length).toBeGreaterThanOrEqual(150));

  for (const line of lines) {
    const [brief, expected = ''] = line.split('||').map((x) => x.trim());
    it(brief, () => {
      const b = parseBrief(brief);
      const pairs = expected.split(';').map((x) => x.trim()).filter(Boolean);
      expect(pairs.length).toBeGreaterThan(0);
      for (const pair of pairs) {
        const [key, value] = pair.split('=').map((x) => x.trim());
        try { check(b, key, value); } catch (err) {
          throw new Error(`"${brief}": ${key}=${value}: ${(err as Error).message}\nread as ${JSON.stringify({ style: b.style, preset: b.preset, mode: b.mode, tempo: b.tempo, shape: b.shape, include: b.include, exclude: b.exclude, conflicts: b.conflicts, turn: b.turn })}`);
        }
      }
    });
  }
});

describe('--explain names the winning reading', () => {
  it('says which mood set the mode and which style word won, and why', () => {
    const plan = planScore(makeTimeline({ frames: 1200, cutFrames: [300, 600, 900] }), { brief: 'tense, dark ambient background, builds at the end', seed: 1, sampleRate: 48000 });
    const text = explainPlan(plan, 0);
    expect(text).toMatch(/conflict: tense → phrygian won over dark → aeolian: a tie goes to the mood named first/);
    expect(text).toMatch(/conflict: "ambient" → style ambient won over "background" → style underscore/);
    expect(text).toMatch(/from 70% of the cue to the end \(a late build, not the whole piece\)/);
    expect(plan.style).toBe('ambient');
  });
});
