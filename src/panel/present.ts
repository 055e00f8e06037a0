/**
 * Words the panel shows: stage labels, the progress bar's overall fraction, the result line and
 * error messages. Pure, so they are tested in Node.
 */
import type { HostErrorCode } from '../host/adapter';
import type { RenderFailure, RenderOutcome, RenderStage } from './types';
import type { Plan } from '../plan/types';
import { UNREAD_DIALOGUE_CLI_ADVICE, UNREAD_DIALOGUE_PREFIX } from '../plan/dialogue';

/** Panel phases: the render stages plus the host's two ends. */
export type Phase = 'reading' | 'planning' | 'rendering' | 'importing' | 'done';

/** Share of the bar each phase owns (reading sequence, planning, rendering+writing, importing). */
const SPANS: Record<Exclude<Phase, 'done'>, [number, number]> = {
  reading: [0, 0.05],
  planning: [0.05, 0.15],
  rendering: [0.15, 0.92],
  importing: [0.92, 1],
};

/** Core stage → panel phase and fraction within it. */
export function phaseOf(stage: RenderStage, fraction: number): { phase: Phase; fraction: number } {
  const f = Math.max(0, Math.min(1, fraction));
  switch (stage) {
    case 'reading':
      return { phase: 'reading', fraction: f };
    case 'planning':
      return { phase: 'planning', fraction: f * 0.5 };
    case 'arranging':
      return { phase: 'planning', fraction: 0.5 + f * 0.5 };
    case 'rendering':
      return { phase: 'rendering', fraction: f * 0.85 };
    case 'encoding':
      return { phase: 'rendering', fraction: 0.85 + f * 0.1 };
    case 'writing':
      return { phase: 'rendering', fraction: 0.95 + f * 0.05 };
  }
}

/** 0..1 along the whole bar. */
export function overallFraction(phase: Phase, fraction: number): number {
  if (phase === 'done') return 1;
  const [a, b] = SPANS[phase];
  return a + (b - a) * Math.max(0, Math.min(1, fraction));
}

export function phaseLabel(phase: Phase, fraction: number): string {
  switch (phase) {
    case 'reading':
      return 'Reading the sequence…';
    case 'planning':
      return 'Planning…';
    case 'rendering':
      return `Rendering ${Math.floor(Math.max(0, Math.min(1, fraction)) * 100)}%`;
    case 'importing':
      return 'Importing into Premiere…';
    case 'done':
      return 'Done';
  }
}

export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return m > 0 ? `${m}:${s.toFixed(2).padStart(5, '0')}` : `${s.toFixed(2)} s`;
}

export function basename(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}

/** "score-v2/score.wav · 1:34.84 · −18.0 LUFS · hit rate 65% · 23 cuts" */
export function resultLine(o: RenderOutcome): string {
  const folder = basename(o.folder);
  const lufs = Number.isFinite(o.integratedLufs) ? `${o.integratedLufs.toFixed(1)} LUFS` : 'silent';
  if (o.kind === 'stingers') {
    const n = o.stingerWavs.length;
    return `${folder}: ${n} stinger${n === 1 ? '' : 's'} · loudest ${lufs} · on ${n === 1 ? 'its cut' : 'their cuts'} to the frame`;
  }
  const p = o.plan;
  if (o.kind === 'regen' && o.regen) {
    const r = o.regen;
    const removed = r.removed.length ? `, ${r.removed.length} removed` : '';
    return `${folder}/${basename(o.wavPath)} · ${formatDuration(p.sequence.duration)} · ${r.kept.length} kept, ${r.shifted.length} shifted, ${r.rendered.length} re-rendered${removed} (from ${basename(r.from)}) · ${lufs}`;
  }
  const hits = p.cuts.length === 0 ? 'no cuts to hit' : `hit rate ${Math.round(p.hitRate * 100)}% · ${p.cuts.length} cuts`;
  return `${folder}/${basename(o.wavPath)} · ${formatDuration(p.sequence.duration)} · ${lufs} · ${hits}`;
}

/** The message after a regeneration: how much was re-synthesised and what became of the editor's keys. */
export function regenNote(o: RenderOutcome, formatTicks: (ticks: string) => string = defaultTicks): string {
  const notes: string[] = [];
  if (o.regen) {
    const share = o.plan.sequence.duration > 0 ? Math.round((100 * o.regen.synthesisedSec) / o.plan.sequence.duration) : 0;
    notes.push(`Music where the picture did not change is kept bit for bit; ${o.regen.synthesisedSec.toFixed(1)} s (${share}%) was re-rendered. ${basename(o.regen.from)} is unchanged.`);
    if (o.plan.warnings.some((w) => w.startsWith('stems are not regenerated'))) notes.push('Stems are not regenerated; click Score this sequence for stems that match the new cut.');
  }
  const k = o.keys;
  if (k?.unread) notes.push('Your own Volume keys on the earlier clip could not be read here, so none were carried over; they are still on the earlier clip in the Cuebed bin.');
  else if (k) {
    const n = k.editorKeys.length;
    if (n) notes.push(`Kept ${n} Volume key${n === 1 ? '' : 's'} you set by hand.`);
    if (k.dropped.length) {
      const at = k.dropped.slice(0, 3).map((d) => formatTicks(d.ticks)).join(', ');
      notes.push(`${k.dropped.length} of your Volume keys sat on picture that was cut out (${at}${k.dropped.length > 3 ? ', …' : ''}) and were not carried over; the earlier clip in the Cuebed bin still has them.`);
    }
  }
  return notes.join(' ');
}

function defaultTicks(ticks: string): string {
  return formatDuration(Number(ticks) / 254016000000);
}

const HOST_ADVICE: Partial<Record<HostErrorCode, string>> = {
  NO_PROJECT: 'No project is open. Open a project and the sequence to score.',
  NO_SEQUENCE: 'No active sequence. Open the sequence to score in the Timeline panel, then try again.',
  EMPTY_SEQUENCE: 'The active sequence is empty. Edit some picture or dialogue into it first.',
  TRACK_LOCKED: 'The Cuebed track is locked. Unlock it (the padlock on the track header) and try again.',
};

/** A host error as the line the panel shows. */
export function hostErrorMessage(code: HostErrorCode | 'TIMEOUT', message: string): string {
  if (code === 'TIMEOUT') return `Premiere did not answer in time (${message}). If a dialog is open in Premiere, close it and try again.`;
  const advice = HOST_ADVICE[code];
  if (advice) return advice;
  if (code === 'BRIDGE') return `The panel could not talk to Premiere: ${message}. Close and reopen the Cuebed panel.`;
  if (code === 'IMPORT_FAILED') return `Premiere could not import the render: ${message}`;
  return `Premiere reported a problem (${code}): ${message}`;
}

export function renderFailureMessage(f: RenderFailure): string {
  return f.message;
}

/** The planner's warning about dialogue media it could not read, worded for the panel ('' when none). */
export function dialogueNote(plan: Plan): string {
  const w = plan.warnings.find((x) => x.startsWith(UNREAD_DIALOGUE_PREFIX));
  if (!w) return '';
  return `${w.replace(` ${UNREAD_DIALOGUE_CLI_ADVICE}`, '').replace(`${UNREAD_DIALOGUE_PREFIX}: `, 'Speech was not analysed in ')} Relink the media in Premiere, or name the dialogue tracks (e.g. "Dialogue") so only they duck the music.`;
}
