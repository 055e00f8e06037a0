import type { Plan } from '../plan/types';
import { samplesToTicks, sequenceTimecode, timecodeToFrames, type SequenceTimecode } from '../time';

/** The plan's timecode labelling (start label and drop-frame) back as a frame count. */
export function planTimecode(plan: Plan): SequenceTimecode | undefined {
  const tc = plan.sequence.timecode;
  return tc ? { startFrame: timecodeToFrames(tc.start, plan.sequence.frameRate), dropFrame: tc.dropFrame } : undefined;
}

/** Sample (from the score's start) → the label the editor's timeline shows there. */
export function planTimecoder(plan: Plan): (sample: number) => string {
  const { sampleRate, frameRate } = plan.sequence;
  const offsetTicks = Number(plan.sequence.startTicks);
  const style = planTimecode(plan);
  return (sample) => sequenceTimecode(offsetTicks + samplesToTicks(sample, sampleRate), frameRate, style);
}

/**
 * The cue sheet a music supervisor reads: one row per section and stinger, timecode in the
 * sequence's own frame rate and labels (its start timecode, drop-frame), so it matches the editor's timeline.
 */
export function renderCueSheet(plan: Plan): string {
  const tc = planTimecoder(plan);
  const rows: string[][] = [
    ['type', 'id', 'start_tc', 'end_tc', 'start_s', 'end_s', 'start_sample', 'end_sample', 'kind', 'bpm', 'meter', 'key', 'energy', 'description'],
  ];
  for (const s of plan.sections) {
    rows.push([
      'section', s.id, tc(s.startSample), tc(s.endSample), sec(s.start), sec(s.end), String(s.startSample), String(s.endSample),
      s.kind, s.bpm ? s.bpm.toFixed(3) : 'free', s.bpm ? `${s.beatsPerBar}/4` : '', `${s.key} ${s.mode}`, s.energy.toFixed(2),
      `${s.bars} bars: ${s.chords.map((c) => c.symbol).join(' ')}${s.underDialogue ? ' (under dialogue)' : ''}`,
    ]);
  }
  for (const st of plan.stingers) {
    rows.push([
      'stinger', `cut-${st.cut}`, tc(st.startSample), tc(st.endSample), sec(st.start), sec(st.end), String(st.startSample), String(st.endSample),
      st.style, '', '', '', '', `hit at ${tc(st.hitSample)} (sample ${st.hitSample})`,
    ]);
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function sec(x: number): string {
  return x.toFixed(6);
}

/** RFC 4180 quoting, and a leading quote mark against spreadsheet formula injection. */
function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
