import { describe, expect, it } from 'vitest';
import { alignShots, diffEdit, type EditView } from '../../src/regen';

/** A view from shot lengths in frames (1 frame = 1000 samples), no dialogue. */
function view(lengths: number[], dialogue: Array<[number, number]> = []): EditView {
  const cuts: EditView['cuts'] = [];
  let f = 0;
  for (const l of lengths.slice(0, -1)) { f += l; cuts.push({ frame: f, sample: f * 1000 }); }
  const end = lengths.reduce((a, b) => a + b, 0);
  return { startFrame: 0, endFrame: end, length: end * 1000, cuts, dialogue: dialogue.map(([a, b]) => ({ startSample: a * 1000, endSample: b * 1000 })) };
}

const SHOTS = [50, 30, 70, 40, 90, 20, 60, 80];
/** Sections of two shots each. */
function sections(lengths: number[]) {
  const edges = [0];
  for (const l of lengths) edges.push(edges[edges.length - 1] + l);
  return [0, 2, 4, 6].map((i) => ({ id: `s${i}`, startSample: edges[i] * 1000, endSample: edges[i + 2] * 1000 }));
}
const status = (v: EditView) => diffEdit(view(SHOTS), v, sections(SHOTS), { frameSamples: 1000 }).sections.map((c) => `${c.id}:${c.status}${c.reason ? `/${c.reason}` : ''}${c.offsetFrames ? `${c.offsetFrames > 0 ? '+' : ''}${c.offsetFrames}` : ''}`);

describe('edit diff', () => {
  it('aligns shot lengths with ±1 frame tolerance, preferring exact matches', () => {
    expect(alignShots([10, 20, 30], [10, 20, 30])).toEqual([0, 1, 2]);
    expect(alignShots([10, 20, 30], [10, 25, 20, 30])).toEqual([0, 2, 3]);
    expect(alignShots([10, 20, 30], [10, 30])).toEqual([0, -1, 1]);
    expect(alignShots([10, 20, 30], [11, 19, 30])).toEqual([0, 1, 2]);
    expect(alignShots([20, 21], [21])).toEqual([-1, 0]);
  });

  it('classifies each edit kind', () => {
    expect(status(view(SHOTS))).toEqual(['s0:kept', 's2:kept', 's4:kept', 's6:kept']);
    // trim of shot 2 by 10 frames
    expect(status(view([50, 30, 60, 40, 90, 20, 60, 80]))).toEqual(['s0:kept', 's2:changed/content', 's4:shifted-10', 's6:shifted-10']);
    // ripple insert of a 25-frame shot between shots 3 and 4 (a section boundary)
    expect(status(view([50, 30, 70, 40, 25, 90, 20, 60, 80]))).toEqual(['s0:kept', 's2:kept', 's4:shifted+25', 's6:shifted+25']);
    // ripple delete of the whole section s2
    expect(status(view([50, 30, 90, 20, 60, 80]))).toEqual(['s0:kept', 's2:removed', 's4:shifted-110', 's6:shifted-110']);
    // swap of shots 4 and 5 (inside s4)
    expect(status(view([50, 30, 70, 40, 20, 90, 60, 80]))).toEqual(['s0:kept', 's2:kept', 's4:changed/content', 's6:kept']);
    // one frame of jitter on a section boundary (shots 1|2): both sections keep their music, re-timed to the cut
    expect(status(view([50, 31, 69, 40, 90, 20, 60, 80]))).toEqual(['s0:changed/retimed', 's2:changed/retimed+1', 's4:kept', 's6:kept']);
    // and on a cut inside a section (shots 0|1): nothing to do
    expect(status(view([51, 29, 70, 40, 90, 20, 60, 80]))).toEqual(['s0:kept', 's2:kept', 's4:kept', 's6:kept']);
  });

  it('a change only in dialogue changes the sections it is near', () => {
    const prev = view(SHOTS, [[100, 140]]);
    const next = view(SHOTS, [[100, 188]]);
    const d = diffEdit(prev, next, sections(SHOTS), { frameSamples: 1000, dialogueMargin: 5000 });
    expect(d.sections.map((c) => `${c.id}:${c.status}${c.reason ? `/${c.reason}` : ''}`)).toEqual(['s0:kept', 's2:changed/dialogue', 's4:changed/dialogue', 's6:kept']);
  });
});
