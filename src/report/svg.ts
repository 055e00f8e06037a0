import type { Plan } from '../plan/types';

/**
 * A picture of the plan aligned to the sequence: lanes for cuts, dialogue, sections (with tempo),
 * stingers and the duck curve. Plain SVG so it opens in any browser and diff tools.
 */
const WIDTH = 1200;
const LEFT = 90;
const LANE = { cuts: 20, dialogue: 60, sections: 100, tempo: 150, stingers: 200, duck: 240 } as const;
const HEIGHT = 310;

export function renderPlanSvg(plan: Plan): string {
  const total = Math.max(1, plan.sequence.durationSamples);
  const x = (sample: number) => (LEFT + ((WIDTH - LEFT - 10) * sample) / total).toFixed(2);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`);
  out.push(`<title>${esc(plan.sequence.name)} - Cuebed plan</title>`);
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#1e1e1e"/>`);
  for (const [name, y] of Object.entries(LANE)) out.push(`<text x="8" y="${y + 14}" fill="#9a9a9a">${name}</text>`);

  for (const c of plan.cuts) {
    out.push(`<line class="cut" x1="${x(c.sample)}" x2="${x(c.sample)}" y1="${LANE.cuts}" y2="${LANE.cuts + 24}" stroke="${c.onBeat ? '#6fcf97' : '#bdbdbd'}" stroke-width="${c.scene ? 2 : 1}"/>`);
  }
  for (const d of plan.dialogue) {
    out.push(`<rect class="dialogue" x="${x(d.startSample)}" y="${LANE.dialogue}" width="${w(x, d.startSample, d.endSample)}" height="24" fill="#2d9cdb" opacity="0.7"><title>${esc(d.source)}</title></rect>`);
  }
  const hues = ['#9b51e0', '#f2994a', '#27ae60', '#eb5757', '#56ccf2', '#f2c94c'];
  plan.sections.forEach((s, i) => {
    out.push(`<rect class="section" x="${x(s.startSample)}" y="${LANE.sections}" width="${w(x, s.startSample, s.endSample)}" height="34" fill="${hues[i % hues.length]}" opacity="${(0.35 + 0.6 * s.energy).toFixed(2)}"><title>${esc(`${s.id} ${s.kind} ${s.key} ${s.mode}`)}</title></rect>`);
    out.push(`<text x="${(Number(x(s.startSample)) + 3).toFixed(2)}" y="${LANE.sections + 21}" fill="#fff">${esc(s.kind)}</text>`);
    out.push(`<text x="${(Number(x(s.startSample)) + 3).toFixed(2)}" y="${LANE.tempo + 14}" fill="#e0e0e0">${s.bpm ? `${s.bpm.toFixed(1)} bpm` : 'free'}</text>`);
  });
  for (const st of plan.stingers) {
    out.push(`<rect class="stinger-preroll" x="${x(st.startSample)}" y="${LANE.stingers + 6}" width="${w(x, st.startSample, st.hitSample)}" height="12" fill="#f2c94c" opacity="0.4"/>`);
    out.push(`<path class="stinger" d="M${x(st.hitSample)} ${LANE.stingers} l6 12 l-6 12 l-6 -12 z" fill="#f2c94c"><title>${esc(st.style)} at ${st.hit.toFixed(3)} s</title></path>`);
  }
  const duckY = (db: number) => (LANE.duck + 4 + (Math.min(0, db) / -24) * 50).toFixed(2);
  const keys = plan.ducking.length ? plan.ducking : [{ sample: 0, gainDb: 0 }];
  const pts = [`${x(0)},${duckY(keys[0].gainDb)}`, ...keys.map((k) => `${x(k.sample)},${duckY(k.gainDb)}`), `${x(total)},${duckY(keys[keys.length - 1].gainDb)}`];
  out.push(`<polyline class="duck" points="${pts.join(' ')}" fill="none" stroke="#eb5757" stroke-width="1.5"/>`);
  out.push(`<text x="${LEFT}" y="${HEIGHT - 8}" fill="#9a9a9a">${esc(`${plan.sequence.name} · ${plan.sequence.duration.toFixed(2)} s · hit rate ${(plan.hitRate * 100).toFixed(0)}% · max tempo change ${plan.maxTempoChangePct.toFixed(1)}%`)}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function w(x: (s: number) => string, a: number, b: number): string {
  return Math.max(0.5, Number(x(b)) - Number(x(a))).toFixed(2);
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
