import type { Plan, Section } from '../plan/types';
import type { BriefParams } from '../plan/brief';
import type { PaletteVoice } from '../plan/presets';

/**
 * Form and arc: which roles play in each section, and how loud the section sits.
 *
 * Roles enter and leave by section, from the section's energy, kind and dialogue: a quiet intro
 * is pad and texture; bass, then a moving keys figure, then drums and the tune layer in as the
 * energy climbs into a build; a resolve thins back out; under dialogue the tune and the upper
 * figures rest. i13-mix decides which instrument realises each role.
 *
 * Level follows energy: each section has a level in dB at its middle, and the level runs as a
 * line from middle to middle, so sections differ by several LU while no section start jumps,
 * unless a hit is planned there (a stinger, or the arrival of a peak), where the new level lands
 * on the downbeat.
 */
export type Role = 'pad' | 'bass' | 'arp' | 'speech-keys' | 'lead' | 'counter' | 'drums' | 'texture';

export interface SectionForm {
  roles: Set<Role>;
  /** Roles sounding here that did not in the section before. */
  entering: Set<Role>;
  /** Level in dB at the section's first and last sample (velocity follows, see velocityScale). */
  startDb: number;
  endDb: number;
  /** A hit is planned on the first downbeat: entries land rather than swell. */
  hitAtStart: boolean;
}

/**
 * dB per unit of energy: 0.3 of energy between a quiet and a full section is ~6.6 dB. Full energy
 * sits at 0 dB: level is applied as velocity, which cannot pass 1, so a positive level on loud
 * notes was clipped away and the last sections of a build (energy 0.84 → 0.93) came out level.
 */
const DB_PER_ENERGY = 22;
const REF_ENERGY = 1;

export function levelDb(energy: number): number {
  return Math.max(-20, Math.min(0, DB_PER_ENERGY * (energy - REF_ENERGY)));
}

/** Velocity multiplier for a level: note gain grows about as velocity squared. */
export function velocityScale(db: number): number {
  return Math.pow(10, db / 40);
}

export function rolesFor(plan: Plan, section: Section, palette: Set<PaletteVoice>, brief: BriefParams): Set<Role> {
  const e = section.energy;
  const measured = section.bpm > 0;
  const ambient = plan.style === 'ambient';
  const roles = new Set<Role>(['pad']);
  if (palette.has('bass') && (e >= 0.2 || section.underDialogue)) roles.add('bass');
  const figure = palette.has('keys') || palette.has('pluck') || brief.include.includes('piano');
  // a sparse brief keeps the busy figures for the loudest moments only
  const busy = brief.sparse ? 0.6 : 0;
  // Styles differ in what carries the cue: a bed is a steady figure under narration with no tune
  // to listen to and a lighter kit; a thematic cue keeps its tune and answers it with a counter-line.
  const bed = plan.style === 'bed';
  const thematic = plan.style === 'thematic';
  if (figure && measured && !section.underDialogue && e >= Math.max(bed ? 0.15 : thematic ? 0.5 : 0.3, busy)) roles.add('arp');
  if ((palette.has('keys') || palette.has('pluck')) && measured) roles.add('speech-keys');
  if (palette.has('lead') && measured && !bed && !section.underDialogue && section.motif) roles.add('lead');
  if (palette.has('lead') && measured && !bed && !brief.sparse && !section.underDialogue && e >= (thematic ? 0.35 : 0.5) && section.kind !== 'intro') roles.add('counter');
  if (palette.has('drums') && measured && !ambient && !brief.exclude.includes('drums') && !section.underDialogue && e >= Math.max(bed ? 0.5 : 0.35, busy)) roles.add('drums');
  if (ambient || (palette.has('texture') && e < 0.4)) roles.add('texture');
  return roles;
}

export function planForm(plan: Plan, palette: Set<PaletteVoice>, brief: BriefParams): SectionForm[] {
  const hits = new Set(plan.stingers.map((s) => s.hitSample));
  const secs = plan.sections;
  const mid = secs.map((s) => levelDb(s.energy));
  const forms: SectionForm[] = [];
  secs.forEach((s, i) => {
    const roles = rolesFor(plan, s, palette, brief);
    const prev = forms[i - 1];
    const entering = new Set([...roles].filter((r) => !prev || !prev.roles.has(r)));
    const arrival = i > 0 && isArrival(secs[i - 1], s);
    const hitAtStart = i === 0 || hits.has(s.startSample) || arrival;
    const hitAtEnd = i + 1 < secs.length && (hits.has(secs[i + 1].startSample) || isArrival(s, secs[i + 1]));
    const startDb = hitAtStart ? mid[i] : (mid[i - 1] + mid[i]) / 2;
    let endDb = i === secs.length - 1 ? mid[i] : (mid[i] + mid[i + 1]) / 2;
    // A build swells into what it leads to; the rest of the step is the arrival's downbeat.
    if (hitAtEnd) endDb = s.kind === 'build' ? mid[i] + Math.max(0, mid[i + 1] - mid[i]) * 0.6 : mid[i];
    forms.push({ roles, entering, startDb, endDb, hitAtStart });
  });
  return forms;
}

/** A full peak arriving out of a build is the downbeat the build was for: it lands. */
const ARRIVAL_ENERGY = 0.55;
function isArrival(prev: Section, s: Section): boolean {
  return s.kind === 'peak' && prev.kind === 'build' && !s.underDialogue && s.energy >= ARRIVAL_ENERGY;
}

/** Level in dB at a sample of a section: a line from its start level to its end level. */
export function levelAt(form: SectionForm, section: Section, sample: number): number {
  const len = Math.max(1, section.endSample - section.startSample);
  const x = Math.max(0, Math.min(1, (sample - section.startSample) / len));
  return form.startDb + (form.endDb - form.startDb) * x;
}

/** Bars over which a part without a downbeat to land on grows into its level. */
const ENTRY_BARS = 2;

const SUSTAINED_GROUPS: ReadonlySet<string> = new Set(['pads', 'bass', 'textures']);

const GROUP_ROLES: Record<string, Role[]> = {
  pads: ['pad'], bass: ['bass'], keys: ['arp', 'speech-keys'], lead: ['lead', 'counter'], percussion: ['drums'], textures: ['texture'],
};

/**
 * A section's events at its level: velocity scaled along the level line; a part entering without
 * a hit to land on (silent through the bar before) grows in over two bars instead of all at once.
 */
export function applyLevel<E extends { group: string; start: number; length: number; velocity: number; fadeIn?: number }>(
  events: E[], form: SectionForm, section: Section, barSamples: number, soundingBefore?: ReadonlySet<string>,
): E[] {
  return events.map((e) => {
    if (e.group === 'stingers') return e;
    let scale = velocityScale(levelAt(form, section, e.start));
    // entering: silent through the bar before this section (or, without that knowledge, a new role)
    const fresh = soundingBefore ? !soundingBefore.has(e.group) : (GROUP_ROLES[e.group] ?? []).some((r) => form.entering.has(r));
    const entering = !form.hitAtStart && fresh;
    const into = e.start - section.startSample;
    let fadeIn = e.fadeIn;
    if (entering && barSamples > 0 && into < ENTRY_BARS * barSamples) {
      // held notes swell in over a bar; short ones grow in velocity over the first bars
      if (SUSTAINED_GROUPS.has(e.group)) { if (into === 0) fadeIn = Math.max(fadeIn ?? 0, Math.min(e.length, Math.round(barSamples))); }
      else scale *= 0.35 + 0.65 * (into / (ENTRY_BARS * barSamples));
    }
    const out = { ...e, velocity: Math.max(0.02, Math.min(1, e.velocity * scale)) };
    if (fadeIn !== undefined) out.fadeIn = fadeIn;
    return out;
  });
}
