/**
 * Premiere's own speech-to-text as a dialogue source (UXP only: `Transcript.exportToJSON(clip)`;
 * ExtendScript has no transcript access). Pure: turns the exported JSON of one clip's media and the
 * clip's placement into speech spans at SEQUENCE times.
 *
 * Transcript JSON (Adobe's transcript format 1.0.0, the one Premiere imports and exports):
 *   { "language", "segments": [ { "start", "duration" (seconds of SOURCE media), "speaker",
 *       "words": [ { "text", "start", "duration", "type": "word" | "punctuation", ... } ] } ],
 *     "speakers": [ { "id", "name" } ] }
 * Word times are preferred (a segment can include silence); a segment without words counts whole.
 */
import { TICKS_PER_SECOND } from '../../time';

/** One stretch of speech on the timeline (ticks from the sequence start, as decimal strings). */
export interface DialogueSpan {
  start: string;
  end: string;
  /** 1-based audio track index of the clip the transcript belongs to. */
  track: number;
  clipName: string;
  speaker: string;
  text: string;
}

export interface ClipPlacement {
  track: number;
  clipName: string;
  start: number;
  end: number;
  inPoint: number;
}

interface RawWord {
  text?: unknown;
  start?: unknown;
  duration?: unknown;
  type?: unknown;
}

interface RawSegment {
  start?: unknown;
  duration?: unknown;
  speaker?: unknown;
  words?: unknown;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Words closer than this are one span (a breath between words is still speech). */
export const TRANSCRIPT_WORD_GAP_SECONDS = 0.3;

/**
 * The spans of `json` (one clip's transcript) that fall inside the clip's visible range, mapped to
 * sequence time: seq = start + (source − inPoint). Throws on text that is not a transcript.
 */
export function transcriptSpans(json: string, clip: ClipPlacement): DialogueSpan[] {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw new Error('the transcript is not JSON');
  }
  const segments = (doc as { segments?: unknown }).segments;
  if (!Array.isArray(segments)) throw new Error('the transcript has no "segments" array');
  const speakers = new Map<string, string>();
  const rawSpeakers = (doc as { speakers?: unknown }).speakers;
  if (Array.isArray(rawSpeakers)) {
    for (const s of rawSpeakers as Array<{ id?: unknown; name?: unknown }>) if (typeof s?.id === 'string') speakers.set(s.id, typeof s.name === 'string' ? s.name : s.id);
  }
  const gap = Math.round(TRANSCRIPT_WORD_GAP_SECONDS * TICKS_PER_SECOND);
  const toSeq = (sec: number) => clip.start + (Math.round(sec * TICKS_PER_SECOND) - clip.inPoint);
  const out: DialogueSpan[] = [];
  for (const seg of segments as RawSegment[]) {
    const speakerId = typeof seg?.speaker === 'string' ? seg.speaker : '';
    const speaker = speakers.get(speakerId) ?? speakerId;
    const words = Array.isArray(seg?.words) ? (seg.words as RawWord[]).filter((w) => w?.type !== 'punctuation') : [];
    const pieces: Array<{ s: number; e: number; text: string }> = [];
    if (words.length) {
      for (const w of words) {
        const s = num(w.start);
        const d = num(w.duration);
        if (s === null || d === null || d < 0) continue;
        pieces.push({ s: toSeq(s), e: toSeq(s + d), text: typeof w.text === 'string' ? w.text : '' });
      }
    } else {
      const s = num(seg?.start);
      const d = num(seg?.duration);
      if (s !== null && d !== null && d >= 0) pieces.push({ s: toSeq(s), e: toSeq(s + d), text: '' });
    }
    for (const p of pieces) {
      const s = Math.max(p.s, clip.start);
      const e = Math.min(p.e, clip.end);
      if (e <= s) continue;
      const last = out[out.length - 1];
      if (last && last.speaker === speaker && s - Number(last.end) <= gap && s >= Number(last.start)) {
        last.end = String(Math.max(e, Number(last.end)));
        if (p.text) last.text = last.text ? `${last.text} ${p.text}` : p.text;
      } else {
        out.push({ start: String(s), end: String(e), track: clip.track, clipName: clip.clipName, speaker, text: p.text });
      }
    }
  }
  return out;
}
