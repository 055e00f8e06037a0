import { transposeKey } from '../music/harmony';
import { seededRandom, pick } from './random';
import type { PlanContext, SectionSlot } from './index';
import type { Section } from './types';

/**
 * Keys per section slot: where the music changes key, and to what.
 *
 * - The brief asks for lift: up a whole tone at the first peak (or scene change) in the second
 *   half, where there is music, not speech, to carry it.
 * - Otherwise, where the style allows (an underscore may, a thematic cue does; a bed under
 *   narration and an ambient wash stay put): the new scene after the first scene change past a
 *   third of the cue moves to a related key, the dominant or subdominant (or up a whole tone),
 *   drawn from the seed. Neither side of that cut may be under speech: the pivot dominant that
 *   carries the change (src/music/grammar.ts) must be heard, and the new key is stated in music.
 *
 * Kept sections (src/regen) keep the key they were rendered in, and a new section after one
 * carries its key on unless the change falls on it.
 */
const SCENE_CHANCE: Record<string, number> = { underscore: 0.5, thematic: 1, bed: 0, ambient: 0 };
const SCENE_STEPS = [7, 5, 2];

export function sectionKeys(ctx: PlanContext, slots: SectionSlot[], kinds: Section['kind'][], energies: Array<{ underDialogue: boolean }>): string[] {
  const span = (s: SectionSlot) => ('fit' in s ? s.fit : s.section);
  const sceneAt = (i: number) => {
    const s = slots[i];
    const cut = 'fit' in s ? s.fit.startCut : ctx.cutList.findIndex((c) => c.sample === s.section.startSample);
    return cut >= 0 && ctx.sceneFlags[cut];
  };
  const measured = (i: number) => span(slots[i]).bpm > 0;
  let at = -1;
  let steps = 0;
  if (ctx.brief.lift && !ctx.ambient) {
    at = slots.findIndex((s, i) => i > 0 && span(s).startSample >= ctx.length / 2 && !energies[i].underDialogue && (kinds[i] === 'peak' || sceneAt(i)));
    steps = 2;
  } else if (!ctx.ambient) {
    const rand = seededRandom(ctx.options.seed, 'scene-modulation');
    if (rand() < (SCENE_CHANCE[ctx.style] ?? 0)) {
      at = slots.findIndex((s, i) => i > 0 && span(s).startSample >= ctx.length / 3 && sceneAt(i) && measured(i) && measured(i - 1) &&
        !energies[i].underDialogue && !energies[i - 1].underDialogue && i + 1 < slots.length);
      steps = pick(rand, SCENE_STEPS);
    }
  }
  const moved = at >= 0 ? transposeKey(ctx.key, steps, ctx.mode) : ctx.key;
  const out: string[] = [];
  slots.forEach((s, i) => {
    if ('section' in s) { out.push(s.section.key); return; }
    const planned = at >= 0 && i >= at ? moved : ctx.key;
    // after a kept section the key carries on, unless the change is planned right here
    out.push(i > 0 && 'section' in slots[i - 1] && i !== at ? out[i - 1] : planned);
  });
  return out;
}
