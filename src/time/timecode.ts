import { FrameRate, ticksToFrameFloor, validateRate } from './rate';
import { Ticks, TimeError } from './ticks';

/** Frames per timecode second: 30 for 29.97, 24 for 23.976. */
export function nominalFps(rate: FrameRate): number {
  validateRate(rate);
  return Math.round(rate.num / rate.den);
}

/** Drop-frame exists only for 29.97 and 59.94; it changes labels, never time. */
export function supportsDropFrame(rate: FrameRate): boolean {
  return rate.den === 1001 && (rate.num === 30000 || rate.num === 60000);
}

/** Timecode label of a frame count ("01:00:00:00", or "01:00:00;00" for drop-frame). */
export function framesToTimecode(frame: number, rate: FrameRate, dropFrame = false): string {
  if (!Number.isInteger(frame) || frame < 0) throw new TimeError(`timecode needs a non-negative frame (got ${frame})`);
  if (dropFrame && !supportsDropFrame(rate)) throw new TimeError(`drop-frame timecode exists only at 29.97 and 59.94 fps`);
  const fps = nominalFps(rate);
  let label = frame;
  if (dropFrame) {
    // SMPTE 12M: skip 2 (or 4 at 59.94) labels each minute except every tenth minute.
    const drop = fps / 15;
    const perTenMinutes = fps * 600 - drop * 9;
    const perMinute = fps * 60 - drop;
    const tens = Math.floor(frame / perTenMinutes);
    const rest = frame % perTenMinutes;
    label = frame + drop * 9 * tens + (rest > drop ? drop * Math.floor((rest - drop) / perMinute) : 0);
  }
  const ff = label % fps;
  const totalSeconds = Math.floor(label / fps);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  const sep = dropFrame ? ';' : ':';
  return `${pad(hh)}:${pad(mm)}:${pad(ss)}${sep}${pad(ff)}`;
}

/** Parses "HH:MM:SS:FF" (or ";FF" drop-frame) back to a frame count. */
export function timecodeToFrames(timecode: string, rate: FrameRate): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})([:;.,])(\d{2,3})$/.exec(timecode.trim());
  if (!m) throw new TimeError(`"${timecode}" is not a timecode like 00:01:02:03`);
  const [hh, mm, ss, ff] = [m[1], m[2], m[3], m[5]].map(Number);
  const dropFrame = m[4] === ';' || m[4] === ',';
  const fps = nominalFps(rate);
  if (mm >= 60 || ss >= 60 || ff >= fps) throw new TimeError(`"${timecode}" has a field out of range for ${fps} fps`);
  if (dropFrame && !supportsDropFrame(rate)) throw new TimeError(`drop-frame timecode exists only at 29.97 and 59.94 fps`);
  const totalMinutes = hh * 60 + mm;
  let frames = (hh * 3600 + mm * 60 + ss) * fps + ff;
  if (dropFrame) {
    const drop = fps / 15;
    if (ss === 0 && ff < drop && mm % 10 !== 0) throw new TimeError(`"${timecode}" is a label drop-frame timecode skips`);
    frames -= drop * (totalMinutes - Math.floor(totalMinutes / 10));
  }
  return frames;
}

export function ticksToTimecode(ticks: Ticks, rate: FrameRate, dropFrame = false): string {
  return framesToTimecode(ticksToFrameFloor(ticks, rate), rate, dropFrame);
}

/**
 * How a sequence labels its frames: the frame count its first frame is labelled with (01:00:00:00
 * is frame 86400 at 24 fps) and whether labels drop (29.97/59.94 DF). Absent means 00:00:00:00,
 * non-drop.
 */
export interface SequenceTimecode {
  startFrame: number;
  dropFrame: boolean;
}

/** The label the editor's timeline shows at `ticks` from the sequence start. */
export function sequenceTimecode(ticks: Ticks, rate: FrameRate, tc?: SequenceTimecode): string {
  const start = tc ? tc.startFrame : 0;
  return framesToTimecode(start + ticksToFrameFloor(ticks, rate), rate, tc ? tc.dropFrame && supportsDropFrame(rate) : false);
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
