/**
 * Ambient piano: free-time sections have no beat to arpeggiate on, so single chord tones fall at
 * seeded, unhurried intervals (1.5–3.5 nominal beats apart) in the upper middle of the piano, soft,
 * left to ring into the long reverb. Under speech only the occasional note an octave higher
 * (above C6) remains, so the words have the middle of the spectrum to themselves.
 */
import type { SectionContext } from '../context';
import { seededRandom } from '../../plan/random';
import { play, speechAt, tonesIn } from './common';

export function writeAmbientPiano(ctx: SectionContext): void {
  if (ctx.beats <= 0) return;
  const rand = seededRandom(ctx.plan.seed, ctx.section.id, 'ambient-piano', 'times');
  const e = ctx.section.energy;
  for (let b = 0.5 + rand() * 1.5; b < ctx.beats - 0.5; b += 1.5 + rand() * 2) {
    const under = speechAt(ctx, b, 1);
    if (under && (ctx.brief.quietUnderDialogue || rand() < 0.5)) continue;
    const tones = under ? tonesIn(ctx.chordAt(b), 84, 96) : tonesIn(ctx.chordAt(b), 62, 86);
    if (tones.length === 0) continue;
    const midi = tones[Math.floor(rand() * tones.length)];
    play(ctx, 'keys', under ? 'celesta' : 'piano', b, 4, midi, (under ? 0.22 : 0.3 + 0.25 * e) + 0.08 * rand(), (midi - 74) / 30, 0.5);
  }
}
