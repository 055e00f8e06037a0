import type { Mode, Style } from './types';

/**
 * A deterministic reading of the editor's brief. Every phrase it acts on is listed in `understood`
 * and every content word it ignored in `unused`, so `--explain` can show why the music came out
 * the way it did instead of leaving the editor to guess.
 */
export type InstrumentHint = 'piano' | 'strings' | 'synth' | 'pluck' | 'drums' | 'vocals' | 'pads' | 'bass';

export type ShapeEvent =
  /**
   * Energy rises by `amount` over [fromSec, toSec] (negative fromSec counts from the end);
   * `fromFrac` (0..1 of the cue) replaces fromSec when the brief says "at the end" without a time.
   */
  | { kind: 'build'; fromSec: number; toSec?: number; amount: number; fromFrac?: number }
  /** Music thins to near nothing from atSec for `lengthSec`. */
  | { kind: 'drop'; atSec: number; lengthSec: number }
  | { kind: 'fade'; fromSec: number };

export interface BriefParams {
  moods: string[];
  /** -1 (sad/dark) .. 1 (happy/bright). */
  valence: number;
  /** 0 (calm) .. 1 (intense). */
  arousal: number;
  mode?: Mode;
  tempo: { bpm?: number; feel?: 'slow' | 'medium' | 'fast' };
  beatsPerBar?: 3 | 4;
  shape: ShapeEvent[];
  quietUnderDialogue: boolean;
  endsOnHit: boolean;
  /** Asks for lift: a key change up at the peak. */
  lift: boolean;
  /** "sparse", "minimal", "stripped back": fewer parts at once. */
  sparse: boolean;
  /** "tense then hopeful": from `atFrac` of the cue on, the second mood's mode and valence. */
  turn?: { atFrac: number; mood: string; mode: Mode; valence: number };
  /** Where words pulled two ways: which reading won and why (for --explain). */
  conflicts: Array<{ chose: string; over: string; why: string }>;
  include: InstrumentHint[];
  exclude: InstrumentHint[];
  style?: Style;
  wantsStingers: boolean;
  preset?: string;
  durationSec?: number;
  understood: Array<{ phrase: string; meaning: string }>;
  unused: string[];
}

interface Mood {
  valence: number;
  arousal: number;
  mode: Mode;
}

const MOODS: Record<string, Mood> = {
  bright: { valence: 0.8, arousal: 0.6, mode: 'lydian' },
  happy: { valence: 0.9, arousal: 0.6, mode: 'major' },
  joyful: { valence: 0.9, arousal: 0.7, mode: 'major' },
  warm: { valence: 0.5, arousal: 0.35, mode: 'major' },
  tense: { valence: -0.5, arousal: 0.75, mode: 'phrygian' },
  suspense: { valence: -0.5, arousal: 0.65, mode: 'harmonic minor' },
  suspenseful: { valence: -0.5, arousal: 0.65, mode: 'harmonic minor' },
  dark: { valence: -0.7, arousal: 0.5, mode: 'aeolian' },
  ominous: { valence: -0.8, arousal: 0.5, mode: 'phrygian' },
  playful: { valence: 0.7, arousal: 0.65, mode: 'mixolydian' },
  quirky: { valence: 0.6, arousal: 0.6, mode: 'mixolydian' },
  melancholic: { valence: -0.6, arousal: 0.25, mode: 'aeolian' },
  melancholy: { valence: -0.6, arousal: 0.25, mode: 'aeolian' },
  sad: { valence: -0.8, arousal: 0.2, mode: 'aeolian' },
  reflective: { valence: -0.1, arousal: 0.25, mode: 'dorian' },
  nostalgic: { valence: 0.1, arousal: 0.3, mode: 'dorian' },
  hopeful: { valence: 0.6, arousal: 0.45, mode: 'major' },
  epic: { valence: 0.2, arousal: 0.9, mode: 'aeolian' },
  heroic: { valence: 0.5, arousal: 0.85, mode: 'major' },
  calm: { valence: 0.3, arousal: 0.15, mode: 'major' },
  peaceful: { valence: 0.4, arousal: 0.1, mode: 'lydian' },
  relaxed: { valence: 0.4, arousal: 0.2, mode: 'major' },
  gentle: { valence: 0.4, arousal: 0.2, mode: 'major' },
  corporate: { valence: 0.6, arousal: 0.5, mode: 'major' },
  inspiring: { valence: 0.7, arousal: 0.6, mode: 'major' },
  inspirational: { valence: 0.7, arousal: 0.6, mode: 'major' },
  uplifting: { valence: 0.8, arousal: 0.65, mode: 'major' },
  mysterious: { valence: -0.3, arousal: 0.35, mode: 'dorian' },
  dreamy: { valence: 0.3, arousal: 0.2, mode: 'lydian' },
  energetic: { valence: 0.5, arousal: 0.85, mode: 'mixolydian' },
  driving: { valence: 0.2, arousal: 0.8, mode: 'dorian' },
  serious: { valence: -0.2, arousal: 0.4, mode: 'dorian' },
  emotional: { valence: -0.2, arousal: 0.4, mode: 'aeolian' },
  confident: { valence: 0.6, arousal: 0.65, mode: 'major' },
  modern: { valence: 0.4, arousal: 0.55, mode: 'major' },
  minimal: { valence: 0.1, arousal: 0.25, mode: 'dorian' },
};

const INSTRUMENTS: Array<[RegExp, InstrumentHint]> = [
  [/\bpianos?\b|\bkeys\b/, 'piano'],
  [/\bstrings?\b|\bcellos?\b|\bviolins?\b|\borchestral\b/, 'strings'],
  [/\bsynths?\b|\belectronic\b/, 'synth'],
  [/\bplucks?\b|\bplucky\b|\bguitars?\b|\bmarimba\b/, 'pluck'],
  [/\bdrums?\b|\bpercussion\b|\bbeats?\b/, 'drums'],
  [/\bvocals?\b|\bvoices?\b|\bsinging\b|\bchoir\b/, 'vocals'],
  [/\bpads?\b/, 'pads'],
  [/\bbass\b/, 'bass'],
];

const PRESET_WORDS: Array<[RegExp, string]> = [
  [/\bai[- ]?(film|generated|video)\b/, 'ai-film'],
  [/\btrailer\b|\baction\b|\bpromo\b/, 'trailer'],
  [/\bdocumentary\b|\bdoc\b|\binterview\b/, 'documentary'],
  [/\bsocial\b|\binstagram\b|\btiktok\b|\breels?\b|\bshorts?\b|\byoutube\b/, 'social'],
  [/\be-?learning\b|\btutorial\b|\bcourse\b|\bexplainer\b|\btraining\b/, 'e-learning'],
  [/\bproduct\b|\bcorporate\b|\bbrand(ing)?\b|\bcommercial\b|\bbusiness\b/, 'corporate'],
];

const STYLES: Array<[RegExp, Style]> = [
  [/\bunderscore\b|\bbackground\b/, 'underscore'],
  [/\bbed\b/, 'bed'],
  [/\bthematic\b|\btheme\b|\bmelodic\b|\bmotif\b/, 'thematic'],
  [/\bambient\b|\batmospheric\b|\btextural\b|\bdrone\b/, 'ambient'],
];

/** When several style words appear, the earlier in this list wins. */
const STYLE_RANK: Style[] = ['ambient', 'thematic', 'bed', 'underscore'];

const STOP = new Set(
  'a an the and or but for of to in on at by with from into over under some very slightly bit little music track song score piece video film that this is it be should feel like some more less just its our we i me my your than then as'.split(
    ' ',
  ),
);

export function parseBrief(text: string): BriefParams {
  const lower = ` ${text.toLowerCase().replace(/[\u2018\u2019]/g, "'")} `;
  const used = new Set<string>();
  const understood: BriefParams['understood'] = [];
  const note = (phrase: string, meaning: string) => {
    understood.push({ phrase: phrase.trim(), meaning });
    for (const w of words(phrase)) used.add(w);
  };
  const out: BriefParams = {
    moods: [], valence: 0.3, arousal: 0.45, tempo: {}, shape: [], quietUnderDialogue: false, endsOnHit: false, lift: false, sparse: false, conflicts: [],
    include: [], exclude: [], wantsStingers: false, understood, unused: [],
  };

  // Negations first so "no drums" never also reads as "drums".
  const negated = new Set<InstrumentHint>();
  for (const m of lower.matchAll(/\b(?:no|without|avoid|not? any|minus)\s+([a-z]+(?:\s+or\s+[a-z]+)?)/g)) {
    for (const [re, hint] of INSTRUMENTS) {
      if (re.test(m[1])) {
        negated.add(hint);
        note(m[0], `exclude ${hint}`);
      }
    }
  }
  out.exclude = [...negated];
  for (const [re, hint] of INSTRUMENTS) {
    const m = re.exec(lower);
    if (m && !negated.has(hint)) {
      out.include.push(hint);
      note(m[0], `feature ${hint}`);
    }
  }

  let vSum = 0, aSum = 0, n = 0;
  const modeVotes = new Map<Mode, number>();
  for (const w of words(lower)) {
    const mood = MOODS[w];
    if (!mood || out.moods.includes(w)) continue;
    out.moods.push(w);
    vSum += mood.valence; aSum += mood.arousal; n++;
    modeVotes.set(mood.mode, (modeVotes.get(mood.mode) ?? 0) + 1);
    note(w, `mood ${w}: valence ${mood.valence}, arousal ${mood.arousal}, ${mood.mode}`);
  }
  if (n > 0) {
    out.valence = vSum / n;
    out.arousal = aSum / n;
    // The first-named mood wins ties: editors lead with what matters most.
    let best = 0;
    for (const w of out.moods) {
      const m = MOODS[w].mode;
      if ((modeVotes.get(m) ?? 0) > best) { best = modeVotes.get(m) ?? 0; out.mode = m; }
    }
    parseTurn(lower, out, note);
    const losers = out.moods.filter((w) => MOODS[w].mode !== out.mode && w !== out.turn?.mood);
    if (losers.length > 0) {
      const winners = out.moods.filter((w) => MOODS[w].mode === out.mode);
      const tie = [...modeVotes.values()].filter((v) => v === best).length > 1;
      out.conflicts.push({
        chose: `${winners.join(', ')} → ${out.mode}`,
        over: losers.map((w) => `${w} → ${MOODS[w].mode}`).join(', '),
        why: tie ? `a tie goes to the mood named first ("${winners[0]}")` : `more of the moods point to ${out.mode}`,
      });
    }
  }

  parseTempo(lower, out, note);
  parseShape(lower, out, note);

  // The most specific style word wins: "ambient background music" is ambient, not an underscore.
  const styles = STYLES.map(([re, style]) => ({ m: re.exec(lower), style })).filter((x) => x.m);
  styles.sort((x, y) => STYLE_RANK.indexOf(x.style) - STYLE_RANK.indexOf(y.style));
  if (styles.length > 0) {
    out.style = styles[0].style;
    note((styles[0].m as RegExpExecArray)[0], `style ${out.style}`);
    for (const other of styles.slice(1)) {
      if (other.style === out.style) continue;
      note((other.m as RegExpExecArray)[0], `(style ${other.style}, outranked)`);
      out.conflicts.push({ chose: `"${(styles[0].m as RegExpExecArray)[0]}" → style ${out.style}`, over: `"${(other.m as RegExpExecArray)[0]}" → style ${other.style}`, why: `${out.style} says more about the sound than ${other.style}` });
    }
  }
  const sparse = /\b(sparse|minimal|minimalist|stripped[- ]back|stripped[- ]down|bare|simple)\b/.exec(lower);
  if (sparse) { out.sparse = true; note(sparse[0], 'sparse: fewer parts at once, no busy figures'); }
  if (/\bstingers?\b|\bhits? on (the )?cuts\b/.test(lower)) { out.wantsStingers = true; note('stinger', 'stingers at scene changes'); }
  for (const [re, preset] of PRESET_WORDS) {
    const m = re.exec(lower);
    if (m) { out.preset = preset; note(m[0], `preset ${preset}`); break; }
  }
  const dur = /\b(\d+(?:\.\d+)?)[- ]?(seconds?|secs?|s|minutes?|mins?)\b/.exec(lower);
  if (dur && !/\b(final|last|first|after)\s+\d/.test(lower.slice(Math.max(0, dur.index - 7), dur.index + 1))) {
    out.durationSec = Number(dur[1]) * (dur[2].startsWith('m') ? 60 : 1);
    note(dur[0], `about ${out.durationSec} s long (the sequence decides)`);
  }

  out.unused = words(lower).filter((w) => !used.has(w) && !STOP.has(w) && !/^\d+$/.test(w));
  return out;
}

function parseTempo(lower: string, out: BriefParams, note: (p: string, m: string) => void): void {
  const bpm = /\b(\d{2,3})\s*bpm\b/.exec(lower);
  const range = /\b(\d{2,3})\s*(?:-|–|to)\s*(\d{2,3})\s*bpm\b/.exec(lower);
  if (bpm && !range) { out.tempo.bpm = Number(bpm[1]); note(bpm[0], `tempo ${bpm[1]} bpm`); }
  if (range) { out.tempo.bpm = Math.round((Number(range[1]) + Number(range[2])) / 2); note(range[0], `tempo ${out.tempo.bpm} bpm (middle of the range)`); }
  // "slow build" is about the shape, not the tempo
  const slow = /\b(slow(?!\s+build)|slowly|laid[- ]back|unhurried|downtempo|chilled?|lo-?fi)\b/.exec(lower);
  const fast = /\b(fast|upbeat|up-tempo|uptempo|forward[- ]moving|driving|energetic|pacy|punchy|high[- ]energy)\b/.exec(lower);
  // tempo by use case, as a library's search filter files it, when no tempo word says otherwise
  const useFast = /\b(workout|fitness|sports?|gym|hype|party|racing|countdown|sale)\b/.exec(lower);
  const useSlow = /\b(meditation|spa|yoga|sleep|wellness|mindful(ness)?|memorial|tribute)\b/.exec(lower);
  if (fast && slow) {
    out.conflicts.push({ chose: `"${fast[0]}" → faster half of the range`, over: `"${slow[0]}" → slower half`, why: 'the drive word sets the tempo; the calm word is read as the mood' });
  }
  if (fast) { out.tempo.feel = 'fast'; note(fast[0], 'upper half of the tempo range'); out.arousal = Math.max(out.arousal, 0.55); }
  else if (slow) { out.tempo.feel = 'slow'; note(slow[0], 'lower half of the tempo range'); out.arousal = Math.min(out.arousal, 0.35); }
  else if (useFast) { out.tempo.feel = 'fast'; note(useFast[0], 'use case: upper half of the tempo range'); out.arousal = Math.max(out.arousal, 0.6); }
  else if (useSlow) { out.tempo.feel = 'slow'; note(useSlow[0], 'use case: lower half of the tempo range'); out.arousal = Math.min(out.arousal, 0.3); }
  const waltz = /\b(waltz|3\/4|triple meter|three[- ]four)\b/.exec(lower);
  if (waltz) { out.beatsPerBar = 3; note(waltz[0], '3 beats per bar'); }
}

function parseShape(lower: string, out: BriefParams, note: (p: string, m: string) => void): void {
  const build = /\b(builds?|building|rises?|grows?|swells?|ramps? up|climbs?)\b(\s+(up\s+)?(slightly|gently|a little|gradually|slowly|steadily|strongly|dramatically|big|hugely))?([^,.;]*?\b(final|last)\s+(\d+)\s*(seconds?|secs?|s)\b)?/.exec(lower);
  if (build) {
    const soft = /slightly|gently|a little|gradually|slowly/.test(build[4] ?? '');
    const big = /strongly|dramatically|big|hugely/.test(build[4] ?? '');
    const amount = soft ? 0.2 : big ? 0.5 : 0.35;
    const rest = lower.slice(build.index, build.index + 60);
    const clock = build[7] ? null : /^[^,.;]*?\b(?:from|after|at)\s+(\d+):(\d{2})\b/.exec(rest);
    const whole = /\b(start|beginning) to (finish|end)\b|\bthroughout\b|\ball the way\b/.test(rest);
    const from = build[7] || clock || whole ? null : /^[^,.;]*?\b(?:at|towards?|to|near|by|into|in|for)\s+(?:the\s+)?(end|ending|finale|finish|close|last part|last third|outro|second half|back half|last minute)\b/.exec(rest);
    const startFrac = from ? (/second half|back half/.test(from[1]) ? 0.5 : /third/.test(from[1]) ? 0.67 : 0.7) : undefined;
    const fromSec = build[7] ? -Number(build[7]) : clock ? Number(clock[1]) * 60 + Number(clock[2]) : 0;
    const ev: ShapeEvent = startFrac !== undefined ? { kind: 'build', fromSec: 0, amount, fromFrac: startFrac } : { kind: 'build', fromSec, amount };
    out.shape.push(ev);
    const phrase = build[0] + (from ? lower.slice(build.index + build[0].length, build.index + from[0].length) : clock ? lower.slice(build.index + build[0].length, build.index + clock[0].length) : '');
    note(phrase, startFrac !== undefined ? `energy +${amount} from ${Math.round(startFrac * 100)}% of the cue to the end (a late build, not the whole piece)`
      : fromSec < 0 ? `energy +${amount} over the final ${-fromSec} s` : fromSec > 0 ? `energy +${amount} from ${fromSec} s to the end` : `energy +${amount} across the piece`);
  }
  for (const m of lower.matchAll(/\b(drops? out|drops?|stops?|breaks? down)\s+(?:at|around)\s+(\d+):(\d{2})\b/g)) {
    const atSec = Number(m[2]) * 60 + Number(m[3]);
    out.shape.push({ kind: 'drop', atSec, lengthSec: 4 });
    note(m[0], `drop out at ${atSec} s`);
  }
  const quiet = /\b(quiet|soft|low|sparse|subtle|sits? back)\s+under\s+(the\s+)?(interview|dialogue|voice[- ]?over|vo|speech|talking|narration)\b/.exec(lower);
  if (quiet) { out.quietUnderDialogue = true; note(quiet[0], 'extra thinning under dialogue'); }
  const hit = /\b(ends?|finish(es)?|ending)\s+(on|with)\s+(a\s+)?(hit|button|sting(er)?|bang)\b/.exec(lower);
  if (hit) { out.endsOnHit = true; note(hit[0], 'final button hit, no fade'); }
  const lift = /\blift(s|ing)?\b|\bkey change\b|\bmodulat\w*|\bsoar(s|ing)?\b/.exec(lower);
  if (lift) { out.lift = true; note(lift[0], 'a key change up a whole tone at the peak'); }
  const fade = /\bfades?\s+out\b/.exec(lower);
  if (fade) { out.shape.push({ kind: 'fade', fromSec: -4 }); note(fade[0], 'fade out over the last seconds'); }
}

/** "tense then hopeful", "starts dark, ends hopeful", "from sad to uplifting": a mood that turns. */
function parseTurn(lower: string, out: BriefParams, note: (p: string, m: string) => void): void {
  const names = Object.keys(MOODS).join('|');
  const m = new RegExp(`\\b(${names})\\b[^.;]{0,20}?\\b(?:then|turning|becoming|into|to|ends?|ending|resolving to)\\s+(?:more\\s+|a\\s+)?(${names})\\b`).exec(lower);
  if (!m || MOODS[m[1]].mode === MOODS[m[2]].mode && MOODS[m[1]].valence === MOODS[m[2]].valence) return;
  const second = MOODS[m[2]];
  const first = MOODS[m[1]];
  out.mode = first.mode;
  out.turn = { atFrac: 0.5, mood: m[2], mode: second.mode, valence: second.valence };
  note(m[0], `turns from ${m[1]} (${first.mode}) to ${m[2]} (${second.mode}) halfway, on a section start`);
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z][a-z'-]*|\d+/g)?.map((w) => w.replace(/'s$/, '')) ?? [];
}
