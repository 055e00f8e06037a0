/**
 * The panel's picture of a plan, aligned to the scored range of the sequence: cuts (scene changes
 * taller, on-beat cuts green), dialogue, sections with their tempo, stingers and the duck curve.
 * A compact sibling of report/svg.ts for a narrow panel; returns SVG text (pure, Node-testable).
 * Every cut mark is `<line class="cut" data-cut="i">` so tests and styles can find them.
 */
import type { Plan } from '../plan/types';

export interface TimelineViewOptions {
  width: number;
  /** Where the audio preview is, seconds from the score start (null: hidden). */
  cursorSec?: number | null;
}

const ROW = { ruler: 0, cuts: 14, dialogue: 34, sections: 48, stingers: 76, duck: 90 } as const;
export const TIMELINE_VIEW_HEIGHT = 120;
/** Widest a ruler label's character is drawn (9 px system font; digits and ':' are narrower). */
const LABEL_CHAR_PX = 6;
const SECTION_FILL = ['#5b6fd6', '#c8803a', '#3f9a5b', '#b5534f', '#3a9bb5', '#b59a3a'];

export function renderTimelineView(plan: Plan, o: TimelineViewOptions): string {
  const width = Math.max(120, Math.round(o.width));
  const total = Math.max(1, plan.sequence.durationSamples);
  const sr = plan.sequence.sampleRate;
  const x = (sample: number) => ((width * Math.max(0, Math.min(total, Number.isFinite(sample) ? sample : 0))) / total).toFixed(1);
  const span = (a: number, b: number) => Math.max(0.8, (width * (Math.min(total, b) - Math.max(0, a))) / total).toFixed(1);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="timeline-view" width="${width}" height="${TIMELINE_VIEW_HEIGHT}" viewBox="0 0 ${width} ${TIMELINE_VIEW_HEIGHT}" data-cuts="${plan.cuts.length}" role="img" aria-label="${esc(describe(plan))}">`);

  // Ruler: a tick every "nice" number of seconds.
  const seconds = plan.sequence.duration;
  const step = niceStep(seconds / Math.max(1, width / 70));
  let labelEnd = -Infinity;
  for (let t = 0; t <= seconds + 1e-9; t += step) {
    const px = x(Math.round(t * sr));
    out.push(`<line class="tick" x1="${px}" x2="${px}" y1="${ROW.ruler}" y2="${ROW.ruler + 4}"/>`);
    // A label right of its tick, except near the end, where it would run past the edge (the SVG
    // cuts it off): there it ends at its tick, or is left out if that meets the previous label.
    const text = clock(t);
    const w = text.length * LABEL_CHAR_PX;
    const right = Number(px) + 2 + w <= width;
    const left = right ? Number(px) + 2 : Number(px) - 2 - w;
    if (left < labelEnd + 4) continue;
    labelEnd = left + w;
    out.push(`<text class="tick-label" x="${(right ? left : Number(px) - 2).toFixed(1)}"${right ? '' : ' text-anchor="end"'} y="${ROW.ruler + 11}">${esc(text)}</text>`);
  }

  plan.cuts.forEach((c, i) => {
    const px = x(c.sample);
    const cls = `cut${c.scene ? ' scene' : ''}${c.onBeat ? ' on-beat' : ''}`;
    out.push(`<line class="${cls}" data-cut="${i}" x1="${px}" x2="${px}" y1="${c.scene ? ROW.cuts - 2 : ROW.cuts + 3}" y2="${ROW.cuts + 16}"><title>cut ${i + 1} at ${c.time.toFixed(2)} s${c.onBeat ? ', on the beat' : ''}${c.scene ? ', scene change' : ''}</title></line>`);
  });
  for (const d of plan.dialogue) {
    out.push(`<rect class="dialogue" x="${x(d.startSample)}" y="${ROW.dialogue}" width="${span(d.startSample, d.endSample)}" height="10"><title>${esc(d.source)}</title></rect>`);
  }
  plan.sections.forEach((s, i) => {
    const opacity = (0.35 + 0.6 * s.energy).toFixed(2);
    out.push(`<rect class="section" data-section="${esc(s.id)}" x="${x(s.startSample)}" y="${ROW.sections}" width="${span(s.startSample, s.endSample)}" height="24" fill="${SECTION_FILL[i % SECTION_FILL.length]}" fill-opacity="${opacity}"><title>${esc(`${s.kind} · ${s.key} ${s.mode} · ${s.bpm ? `${s.bpm.toFixed(1)} bpm` : 'free time'} · ${s.bars} bars`)}</title></rect>`);
    const label = `${s.kind} ${s.bpm ? Math.round(s.bpm) : ''}`.trim();
    const room = (width * (s.endSample - s.startSample)) / total;
    if (room > 34) out.push(`<text class="section-label" x="${(Number(x(s.startSample)) + 3).toFixed(1)}" y="${ROW.sections + 15}">${esc(room > 70 ? label : s.kind.slice(0, 5))}</text>`);
  });
  for (const st of plan.stingers) {
    // The diamond is 10 px wide: kept whole at either edge.
    const hx = Math.max(5, Math.min(width - 5, Number(x(st.hitSample))));
    if (st.hitSample > st.startSample) out.push(`<rect class="stinger-preroll" x="${x(st.startSample)}" y="${ROW.stingers + 3}" width="${span(st.startSample, st.hitSample)}" height="6"/>`);
    out.push(`<path class="stinger" d="M${hx.toFixed(1)} ${ROW.stingers} l5 6 l-5 6 l-5 -6 z"><title>${esc(st.style)} at ${st.hit.toFixed(2)} s</title></path>`);
  }
  const duckTop = ROW.duck + 4;
  const duckY = (db: number) => (duckTop + (Math.max(-30, Math.min(0, db)) / -30) * 22).toFixed(1);
  const finite = plan.ducking.filter((k) => Number.isFinite(k.sample) && !Number.isNaN(k.gainDb));
  const keys = finite.length ? finite : [{ sample: 0, gainDb: 0 }];
  const pts = [`0,${duckY(keys[0].gainDb)}`, ...keys.map((k) => `${x(k.sample)},${duckY(k.gainDb)}`), `${width},${duckY(keys[keys.length - 1].gainDb)}`];
  out.push(`<polyline class="duck" points="${pts.join(' ')}"/>`);
  if (o.cursorSec !== undefined && o.cursorSec !== null) {
    const cx = x(Math.round(o.cursorSec * sr));
    out.push(`<line class="cursor" x1="${cx}" x2="${cx}" y1="0" y2="${TIMELINE_VIEW_HEIGHT}"/>`);
  }
  out.push('</svg>');
  return out.join('');
}

function describe(plan: Plan): string {
  return `${plan.sequence.name}: ${plan.cuts.length} cuts, ${plan.dialogue.length} dialogue regions, ${plan.sections.length} sections, ${plan.stingers.length} stingers`;
}

function niceStep(raw: number): number {
  for (const s of [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800]) if (s >= raw) return s;
  return 3600;
}

function clock(t: number): string {
  const m = Math.floor(t / 60);
  const s = Math.round(t - m * 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
