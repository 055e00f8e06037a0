/**
 * Premiere's transcripts as the planner's speech source. A transcript is of the media, in source
 * time, so it answers the SpeechReader question (speech between this clip's source in and out)
 * directly; clips whose media has none fall back to the environment's reader (audio analysis), and
 * without that to the clip's extents.
 */
import type { SpeechReader, SpeechSpans } from '../plan';
import type { TranscriptSpeech } from './types';

/** Media paths compare as the host reports them, ignoring case and separator style (Windows). */
const key = (p: string) => p.replace(/\\/g, '/').toLowerCase();

export function transcriptSpeechReader(transcripts: TranscriptSpeech[] | undefined, fallback?: SpeechReader): SpeechReader | undefined {
  const byMedia = new Map<string, Array<[number, number]>>();
  for (const t of transcripts ?? []) {
    if (!t || typeof t.mediaPath !== 'string' || !Array.isArray(t.spans)) continue;
    const spans: Array<[number, number]> = [];
    for (const s of t.spans) {
      const a = Number(s?.[0]);
      const b = Number(s?.[1]);
      if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && b > a) spans.push([a, b]);
    }
    byMedia.set(key(t.mediaPath), [...(byMedia.get(key(t.mediaPath)) ?? []), ...spans].sort((x, y) => x[0] - y[0]));
  }
  if (byMedia.size === 0) return fallback;
  return (mediaPath, sourceIn, sourceOut) => {
    const spans = byMedia.get(key(mediaPath));
    if (!spans) return fallback?.(mediaPath, sourceIn, sourceOut);
    const out: SpeechSpans = [];
    for (const [a, b] of spans) {
      const s = Math.max(a, sourceIn);
      const e = Math.min(b, sourceOut);
      if (e > s) out.push([s, e]);
    }
    out.via = 'transcript';
    return out;
  };
}
