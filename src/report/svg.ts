import type { Plan } from '../plan/types';
import { planTimecoder } from './cuesheet';

/**
 * A picture of the plan aligned to the sequence: a ruler in the sequence's own timecode, lanes for
 * cuts, dialogue, sections (with tempo), markers, stingers and the duck curve (with its dB scale),
 * and a legend. Readable from a 10 s spot to a 2 h film: a label is drawn only where it has room
 * (the rest stay in each shape's tooltip). Plain SVG so it opens in any browser and diff tools.
 */
const WIDTH = 1200;
const LEFT = 90;
const RIGHT = 10;
const LANE = { cuts: 34, dialogue: 70, sections: 104, tempo: 150, markers: 176, stingers: 206, duck: 244 } as const;
const HEIGHT = 350;
/** Wider than any glyph of the 11 px sans-serif used: a label needs this much room per character. */
const CHAR_PX = 7;
const DUCK_FLOOR_DB = -24;

export function renderPlanSvg(plan: Plan): string {
  const total = Math.max(1, plan.sequence.durationSamples);
  const sr = plan.sequence.sampleRate;
  const inner = WIDTH - LEFT - RIGHT;
  const xn = (sample: number) => LEFT + (inner * sample) / total;
  const x = (sample: number) => xn(sample).toFixed(2);
  const tc = planTimecoder(plan);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`);
  out.push(`<title>${esc(plan.sequence.name)} - Cuebed plan</title>`);
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#1e1e1e"/>`);
  for (const [name, y] of Object.entries(LANE)) if (name !== 'tempo') out.push(`<text x="8" y="${y + 14}" fill="#9a9a9a">${name}</text>`);

  // Ruler: a tick every "nice" number of seconds, labelled in the sequence's timecode, as far apart as a label needs.
  const labelPx = 11 * CHAR_PX + 8;
  const step = niceStep((plan.sequence.duration * labelPx) / inner);
  for (let t = 0; t <= plan.sequence.duration + 1e-9; t += step) {
    const s = Math.round(t * sr);
    out.push(`<line class="tick" x1="${x(s)}" x2="${x(s)}" y1="16" y2="22" stroke="#9a9a9a"/>`);
    if (xn(s) + labelPx - 8 <= WIDTH) out.push(`<text x="${(xn(s) + 2).toFixed(2)}" y="13" fill="#9a9a9a">${esc(tc(s))}</text>`);
  }

  for (const c of plan.cuts) {
    out.push(`<line class="cut" x1="${x(c.sample)}" x2="${x(c.sample)}" y1="${LANE.cuts}" y2="${LANE.cuts + 24}" stroke="${c.onBeat ? '#6fcf97' : '#bdbdbd'}" stroke-width="${c.scene ? 2 : 1}"><title>${esc(`${tc(c.sample)}${c.onBeat ? ', on the beat' : ''}${c.scene ? ', scene change' : ''}`)}</title></line>`);
  }
  for (const d of plan.dialogue) {
    out.push(`<rect class="dialogue" x="${x(d.startSample)}" y="${LANE.dialogue}" width="${w(xn, d.startSample, d.endSample)}" height="24" fill="#2d9cdb" opacity="0.7"><title>${esc(`${tc(d.startSample)}–${tc(d.endSample)} ${d.source}`)}</title></rect>`);
  }
  const hues = ['#9b51e0', '#f2994a', '#27ae60', '#eb5757', '#56ccf2', '#f2c94c'];
  const kinds = new Thinner();
  const tempos = new Thinner();
  plan.sections.forEach((s, i) => {
    const bpm = s.bpm ? `${s.bpm.toFixed(1)} bpm` : 'free';
    out.push(`<rect class="section" x="${x(s.startSample)}" y="${LANE.sections}" width="${w(xn, s.startSample, s.endSample)}" height="34" fill="${hues[i % hues.length]}" opacity="${(0.35 + 0.6 * s.energy).toFixed(2)}"><title>${esc(`${tc(s.startSample)}–${tc(s.endSample)} ${s.kind} ${s.key} ${s.mode} ${bpm}`)}</title></rect>`);
    const at = xn(s.startSample) + 3;
    const room = xn(s.endSample) - at;
    if (kinds.fits(at, s.kind, room)) out.push(`<text x="${at.toFixed(2)}" y="${LANE.sections + 21}" fill="#fff">${esc(s.kind)}</text>`);
    // A tempo is repeated only where it changes, and only where it has room.
    const prev = plan.sections[i - 1];
    if ((i === 0 || prev.bpm !== s.bpm || !tempos.drawn) && tempos.fits(at, bpm, Infinity)) out.push(`<text x="${at.toFixed(2)}" y="${LANE.tempo + 14}" fill="#e0e0e0">${esc(bpm)}</text>`);
  });
  const names = new Thinner();
  for (const m of plan.markers) {
    out.push(`<path class="marker" d="M${x(m.sample)} ${LANE.markers} l0 18 M${x(m.sample)} ${LANE.markers} l8 4 l-8 4 z" stroke="#56ccf2" fill="#56ccf2"><title>${esc(`${tc(m.sample)} ${m.name}${m.comment ? `: ${m.comment}` : ''}`)}</title></path>`);
    const at = xn(m.sample) + 10;
    if (names.fits(at, m.name, WIDTH - at)) out.push(`<text x="${at.toFixed(2)}" y="${LANE.markers + 9}" fill="#56ccf2">${esc(m.name)}</text>`);
  }
  for (const st of plan.stingers) {
    out.push(`<rect class="stinger-preroll" x="${x(st.startSample)}" y="${LANE.stingers + 6}" width="${w(xn, st.startSample, st.hitSample)}" height="12" fill="#f2c94c" opacity="0.4"/>`);
    out.push(`<path class="stinger" d="M${x(st.hitSample)} ${LANE.stingers} l6 12 l-6 12 l-6 -12 z" fill="#f2c94c"><title>${esc(`${st.style} at ${tc(st.hitSample)}`)}</title></path>`);
  }
  const duckY = (db: number) => LANE.duck + 4 + (Math.max(DUCK_FLOOR_DB, Math.min(0, db)) / DUCK_FLOOR_DB) * 50;
  for (const db of [0, -12, -24]) {
    out.push(`<line x1="${LEFT - 4}" x2="${WIDTH - RIGHT}" y1="${duckY(db).toFixed(2)}" y2="${duckY(db).toFixed(2)}" stroke="#3a3a3a"/>`);
    out.push(`<text x="${LEFT - 40}" y="${(duckY(db) + 4).toFixed(2)}" fill="#9a9a9a" font-size="9">${db} dB</text>`);
  }
  const keys = plan.ducking.length ? plan.ducking : [{ sample: 0, gainDb: 0 }];
  const pts = [`${x(0)},${duckY(keys[0].gainDb).toFixed(2)}`, ...keys.map((k) => `${x(k.sample)},${duckY(k.gainDb).toFixed(2)}`), `${x(total)},${duckY(keys[keys.length - 1].gainDb).toFixed(2)}`];
  out.push(`<polyline class="duck" points="${pts.join(' ')}" fill="none" stroke="#eb5757" stroke-width="1.5"/>`);

  // Legend, then the summary line.
  const ly = HEIGHT - 30;
  out.push(`<line x1="${LEFT}" x2="${LEFT}" y1="${ly - 9}" y2="${ly + 2}" stroke="#bdbdbd"/><text x="${LEFT + 5}" y="${ly}" fill="#9a9a9a">cut</text>`);
  out.push(`<line x1="${LEFT + 40}" x2="${LEFT + 40}" y1="${ly - 9}" y2="${ly + 2}" stroke="#6fcf97"/><text x="${LEFT + 45}" y="${ly}" fill="#9a9a9a">cut on the beat</text>`);
  out.push(`<line x1="${LEFT + 160}" x2="${LEFT + 160}" y1="${ly - 9}" y2="${ly + 2}" stroke="#bdbdbd" stroke-width="2"/><text x="${LEFT + 166}" y="${ly}" fill="#9a9a9a">scene change (thick)</text>`);
  out.push(`<text x="${LEFT + 320}" y="${ly}" fill="#9a9a9a">section colour strength = energy · duck: music gain in dB</text>`);
  const hits = plan.cuts.length ? `hit rate ${(plan.hitRate * 100).toFixed(0)}%` : 'no cuts to hit';
  out.push(`<text x="${LEFT}" y="${HEIGHT - 8}" fill="#9a9a9a">${esc(`${plan.sequence.name} · ${tc(0)}–${tc(total)} (${plan.sequence.duration.toFixed(2)} s) · ${hits} · max tempo change ${plan.maxTempoChangePct.toFixed(1)}%`)}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** Keeps the labels of one line apart: a label is drawn only where it starts after the last one ends and fits its room. */
class Thinner {
  private end = -Infinity;
  drawn = false;
  fits(at: number, text: string, room: number): boolean {
    const width = text.length * CHAR_PX;
    const ok = at >= this.end && width <= room;
    if (ok) this.end = at + width;
    this.drawn = ok;
    return ok;
  }
}

function niceStep(raw: number): number {
  for (const s of [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800]) if (s >= raw) return s;
  return 3600;
}

function w(xn: (s: number) => number, a: number, b: number): string {
  return Math.max(0.5, xn(b) - xn(a)).toFixed(2);
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
