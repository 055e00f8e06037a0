import type { BriefParams } from './brief';
import type { SectionKind } from './types';

/**
 * Section energy: the brief's baseline and shape, then the picture (faster cutting wants more
 * drive), then dialogue (speech wants room). Kinds follow from the energy contour.
 */
export interface EnergyInput {
  startSample: number;
  endSample: number;
  cutsInside: number;
  dialogueSamples: number;
}

export function energyCurve(brief: BriefParams, presetEnergy: number, durationSec: number): (sec: number) => number {
  const base = (brief.moods.length > 0 ? 0.45 * presetEnergy + 0.55 * brief.arousal : presetEnergy) - (brief.sparse ? 0.1 : 0);
  const builds = brief.shape.filter((s) => s.kind === 'build');
  return (t: number) => {
    const x = durationSec > 0 ? t / durationSec : 0;
    // Without a stated shape, an arc keeps a cue from sitting still: lift to ~70%, ease at the end.
    let e = base + (builds.length > 0 ? Math.min(0, -0.08 + 0.27 * x) : arc(x));
    for (const s of brief.shape) {
      if (s.kind === 'build') {
        const from = s.fromFrac !== undefined ? s.fromFrac * durationSec : s.fromSec < 0 ? Math.max(0, durationSec + s.fromSec) : s.fromSec;
        const to = s.toSec ?? durationSec;
        if (t >= from && to > from) e += s.amount * Math.min(1, (t - from) / (to - from));
      } else if (s.kind === 'drop' && t >= s.atSec && t < s.atSec + s.lengthSec) {
        e *= 0.2;
      }
    }
    return e;
  };
}

function arc(x: number): number {
  return x < 0.7 ? -0.18 + (0.3 * x) / 0.7 : 0.12 - (0.2 * (x - 0.7)) / 0.3;
}

export function sectionEnergies(
  sections: EnergyInput[],
  curve: (sec: number) => number,
  sampleRate: number,
  brief: BriefParams,
): Array<{ energy: number; underDialogue: boolean }> {
  const total = sections.reduce((s, x) => s + (x.endSample - x.startSample), 0);
  const cutsTotal = sections.reduce((s, x) => s + x.cutsInside + 1, 0);
  const globalRate = cutsTotal / Math.max(1, total);
  return sections.map((s) => {
    const len = s.endSample - s.startSample;
    let e = 0;
    for (let k = 0; k < 8; k++) e += curve((s.startSample + ((k + 0.5) * len) / 8) / sampleRate) / 8;
    const rate = (s.cutsInside + 1) / Math.max(1, len);
    e += 0.12 * Math.max(-1, Math.min(1, Math.log2(rate / globalRate)));
    const underDialogue = s.dialogueSamples * 2 > len;
    if (underDialogue) e *= brief.quietUnderDialogue ? 0.55 : 0.75;
    return { energy: round3(Math.max(0.05, Math.min(1, e))), underDialogue };
  });
}

/**
 * When the brief asks for a build, the sections across it rise and never dip: the picture's cut
 * rate may nudge a section down, but outside dialogue each keeps at least the energy of the one
 * before it (dialogue sections sit out: speech wants room, and they are ducked anyway).
 */
export function monotoneBuild(
  energies: Array<{ energy: number; underDialogue: boolean }>, sections: Array<{ startSample: number; endSample: number }>, brief: BriefParams, sampleRate: number, durationSec: number,
): void {
  const build = brief.shape.find((s) => s.kind === 'build');
  if (!build) return;
  const from = build.fromFrac !== undefined ? build.fromFrac * durationSec : build.fromSec < 0 ? Math.max(0, durationSec + build.fromSec) : build.fromSec;
  const to = build.toSec ?? durationSec;
  let floor = -Infinity;
  sections.forEach((s, i) => {
    const mid = (s.startSample + s.endSample) / 2 / sampleRate;
    if (mid < from || mid > to || energies[i].underDialogue) return;
    if (energies[i].energy < floor) energies[i].energy = Math.min(1, floor);
    floor = energies[i].energy + 0.03;
  });
}

export function sectionKinds(energies: number[], ambient: boolean, endsHigh: boolean): SectionKind[] {
  const n = energies.length;
  if (ambient) return energies.map(() => 'texture');
  if (n === 1) return [endsHigh ? 'build' : 'peak'];
  const middle = energies.slice(1, n - 1);
  const max = Math.max(...(middle.length > 0 ? middle : energies));
  const lastIsPeak = endsHigh && energies[n - 1] >= max - 0.02;
  let firstPeak = -1;
  return energies.map((e, i) => {
    if (i === 0) return 'intro';
    if (i === n - 1) return lastIsPeak ? 'peak' : 'outro';
    if (e >= max - 0.03) {
      if (firstPeak < 0) firstPeak = i;
      return 'peak';
    }
    return firstPeak < 0 ? 'build' : 'resolve';
  });
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
