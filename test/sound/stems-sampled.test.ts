/**
 * A sampled voice far under its part's level ends early (src/sampler/level.ts). The stems pass
 * renders the voices again (src/synth/stem-render.ts), so it must hear each part's voices as
 * the mix pass did, or a voice cut in one pass plays on in the other and the stems stop summing
 * to the mix. A dense piece: loud string clusters fill both parts, quiet piano notes sound under
 * them (some cut early), and the stems must still sum to the mix within 1 LSB at 24-bit.
 */
import { describe, expect, it } from 'vitest';
import { renderArrangement } from '../../src/synth';
import { splitEvents } from '../../src/synth/voice-part';
import type { NoteEvent } from '../../src/music/types';
import { arrangement, ev } from '../synth/fixtures';
import { useSoundBank } from './bank';
import { worstStemSumLsb } from '../audio/stem-sum';

const SR = 48000;

function densePiece(): NoteEvent[] {
  const out: NoteEvent[] = [];
  for (let t = 0, k = 0; t < 3 * SR; t += SR / 4, k++) {
    // a loud cluster every quarter second, held long: dozens of string voices at once
    for (let m = 40; m < 76; m += 3) out.push(ev('pads', 'strings', t, 2 * SR, m + (k % 2), { velocity: 0.95 }));
    // and quiet piano notes a few samples later, under them
    out.push(ev('keys', 'piano', t + 17, SR, 84 + (k % 5), { velocity: 0.08 }));
  }
  return out;
}

describe('sampled stems', () => {
  const bank = useSoundBank('cuebed-stems-sampled-');

  it('sum to the mix within 1 LSB at 24-bit where quiet voices end early under loud ones, the notes shared between both parts', () => {
    const arr = { ...arrangement(3.5, densePiece()), sampler: bank() };
    const parts = splitEvents([...arr.events].sort((a, b) => a.start - b.start), SR);
    for (const p of parts) expect(p.filter((e) => e.instrument === 'piano').length).toBeGreaterThan(0);
    const r = renderArrangement(arr, { targetLufs: -18, stems: true });
    const stems = Object.values(r.stems ?? {});
    expect(stems.length).toBe(2);
    let piano = 0;
    for (let c = 0; c < 2; c++) for (const x of r.stems!.keys![c]) piano = Math.max(piano, Math.abs(x));
    const worst = worstStemSumLsb(r.mix, stems as Float32Array[][]);
    expect(piano).toBeGreaterThan(1e-4);
    expect(worst).toBeLessThanOrEqual(1);
  }, 60000);
});
