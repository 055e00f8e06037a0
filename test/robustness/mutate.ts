/**
 * Mutations for the fuzz suite, as fast-check arbitraries over a source text: byte flips,
 * truncation, element deletion and duplication, number perturbation (XML), and for snapshots
 * field deletion, retyping and tick perturbation on the parsed JSON.
 */
import fc from 'fast-check';

export interface Mutation {
  describe: string;
  apply: (text: string) => string;
}

/** Interesting replacements for a number: edges, signs, overflow past 2^53 ticks, junk. */
const NUMBER_REPLACEMENTS = ['0', '-1', '-2', '1', '', ' ', '1.5', '-0', '1e3', 'NaN', '0x10', '9007199254740993', '99999999999999999999', '35439600000000000', '2147483648'];

const TAGS = ['clipitem', 'transitionitem', 'generatoritem', 'start', 'end', 'in', 'out', 'rate', 'timebase', 'ntsc', 'track', 'sequence', 'media', 'video', 'audio', 'file', 'name', 'duration', 'marker', 'pproTicksIn', 'pproTicksOut', 'cutPointTicks', 'alignment', 'enabled', 'link', 'pathurl', 'samplerate'];

/** [start, end) of the `k`-th <tag> element (k modulo the count), matching nested same-name tags. */
function findElement(text: string, tag: string, k: number): [number, number] | undefined {
  const open = new RegExp(`<${tag}(?=[\\s>/])`, 'g');
  const starts: number[] = [];
  for (let m = open.exec(text); m && starts.length < 5000; m = open.exec(text)) starts.push(m.index);
  if (starts.length === 0) return undefined;
  const s = starts[k % starts.length];
  const selfClose = text.indexOf('>', s);
  if (selfClose < 0) return undefined;
  if (text[selfClose - 1] === '/') return [s, selfClose + 1];
  const re = new RegExp(`<${tag}(?=[\\s>/])|</${tag}>`, 'g');
  re.lastIndex = selfClose + 1;
  let depth = 1;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].startsWith('</')) {
      if (--depth === 0) return [s, m.index + m[0].length];
    } else if (text[text.indexOf('>', m.index) - 1] !== '/') depth++;
  }
  return undefined;
}

function numberSpans(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = />\s*(-?\d+(?:\.\d+)?)\s*</g;
  for (let m = re.exec(text); m && out.length < 20000; m = re.exec(text)) {
    const s = m.index + m[0].indexOf(m[1]);
    out.push([s, s + m[1].length]);
  }
  return out;
}

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

export const byteFlips: fc.Arbitrary<Mutation> = fc
  .array(fc.tuple(position, fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 6 })
  .map((flips) => ({
    describe: `flip ${flips.map(([p, x]) => `${p.toFixed(4)}^${x}`).join(',')}`,
    apply: (text) => {
      const bytes = Buffer.from(text, 'utf8');
      for (const [p, x] of flips) {
        const i = Math.floor(p * bytes.length);
        bytes[i] ^= x;
      }
      return bytes.toString('utf8');
    },
  }));

export const truncation: fc.Arbitrary<Mutation> = position.map((p) => ({
  describe: `truncate at ${p.toFixed(4)}`,
  apply: (text) => text.slice(0, Math.floor(p * text.length)),
}));

export const elementEdit: fc.Arbitrary<Mutation> = fc
  .record({ tag: fc.constantFrom(...TAGS), k: fc.nat({ max: 400 }), op: fc.constantFrom('delete', 'duplicate', 'empty') })
  .map(({ tag, k, op }) => ({
    describe: `${op} <${tag}> #${k}`,
    apply: (text) => {
      const span = findElement(text, tag, k);
      if (!span) return text;
      const [s, e] = span;
      if (op === 'delete') return text.slice(0, s) + text.slice(e);
      if (op === 'duplicate') return text.slice(0, e) + text.slice(s, e) + text.slice(e);
      return `${text.slice(0, s)}<${tag}/>${text.slice(e)}`;
    },
  }));

export const numberPerturbation: fc.Arbitrary<Mutation> = fc
  .array(
    fc.record({
      k: fc.nat({ max: 5000 }),
      how: fc.oneof(
        fc.constantFrom(...NUMBER_REPLACEMENTS).map((r) => ({ kind: 'replace' as const, r })),
        fc.integer({ min: -300, max: 300 }).map((d) => ({ kind: 'add' as const, d })),
        fc.constantFrom(2, 10, 1000).map((f) => ({ kind: 'scale' as const, f })),
      ),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) => ({
    describe: `numbers ${edits.map((e) => `#${e.k}:${JSON.stringify(e.how)}`).join(' ')}`,
    apply: (text) => {
      let out = text;
      for (const { k, how } of edits) {
        const spans = numberSpans(out);
        if (spans.length === 0) break;
        const [s, e] = spans[k % spans.length];
        const n = Number(out.slice(s, e));
        const r = how.kind === 'replace' ? how.r : how.kind === 'add' ? String(Math.round(n + how.d)) : String(Math.round(n * how.f));
        out = out.slice(0, s) + r + out.slice(e);
      }
      return out;
    },
  }));

/** What an attacker adds: entity declarations, deep nesting, markup hidden in comments and CDATA. */
export const injection: fc.Arbitrary<Mutation> = fc
  .record({
    kind: fc.constantFrom('entity', 'external', 'nest', 'comment', 'cdata', 'doctype-literal', 'trailing', 'controls', 'padding'),
    k: fc.nat({ max: 400 }),
    depth: fc.integer({ min: 150, max: 20000 }),
  })
  .map(({ kind, k, depth }) => ({
    describe: `inject ${kind} at <name> #${k}${kind === 'nest' ? ` × ${depth}` : ''}`,
    apply: (text) => {
      const span = findElement(text, 'name', k) ?? findElement(text, 'sequence', 0) ?? [0, 0];
      const [s, e] = span;
      const decl = /^(\uFEFF?<\?xml[^>]*\?>)?/.exec(text)?.[0].length ?? 0;
      const doctype = (subset: string) => `${text.slice(0, decl)}\n<!DOCTYPE xmeml [ ${subset} ]>${text.slice(decl, s)}`;
      switch (kind) {
        case 'entity':
          return `${doctype('<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">')}<name>&b;</name>${text.slice(e)}`;
        case 'external':
          return `${doctype('<!ENTITY x SYSTEM "file:///etc/hostname">')}<name>&x;</name>${text.slice(e)}`;
        case 'nest':
          return `${text.slice(0, s)}${'<w>'.repeat(depth)}${text.slice(s, e)}${'</w>'.repeat(depth)}${text.slice(e)}`;
        case 'comment':
          return `${text.slice(0, s)}<!-- <sequence><media> ]]> <!ENTITY c "d"> -->${text.slice(s)}`;
        case 'doctype-literal':
          // end tags inside a quoted DOCTYPE literal once bought room for deeper nesting (issue 16)
          return `${text.slice(0, decl)}\n<!DOCTYPE xmeml SYSTEM "${'</z>'.repeat(depth)}">${text.slice(decl, s)}${'<w>'.repeat(depth)}${'</w>'.repeat(depth)}${text.slice(s)}`;
        case 'trailing':
          return `${text.trimEnd()}${['<a/>x', 'x', '<xmeml/>', '</xmeml>', '<!-- c -->'][k % 5]}`;
        case 'controls':
          return `${text.slice(0, s)}<name>n\u001b]0;title\u0007\nline\u009b2J</name>${text.slice(e)}`;
        case 'padding':
          // size: many small elements where the reader does not look
          return `${text.slice(0, s)}<logginginfo>${'<a/>'.repeat(depth)}</logginginfo>${text.slice(s)}`;
        default:
          return `${text.slice(0, s)}<name><![CDATA[<clipitem><start>0</start> &amp; ]]></name>${text.slice(e)}`;
      }
    },
  }));

/** Any XML mutation, or two in a row. */
export const xmlMutation: fc.Arbitrary<Mutation> = fc
  .array(fc.oneof(byteFlips, truncation, elementEdit, numberPerturbation, injection), { minLength: 1, maxLength: 2 })
  .map((ms) => ({ describe: ms.map((m) => m.describe).join(' then '), apply: (t) => ms.reduce((acc, m) => m.apply(acc), t) }));

// ---- snapshots -------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path into a JSON value (objects and arrays), root excluded. */
function paths(v: Json, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  const visit = (key: string | number, child: Json) => {
    out.push([...prefix, key]);
    paths(child, [...prefix, key], out);
  };
  if (Array.isArray(v)) v.forEach((x, i) => visit(i, x));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) visit(k, v[k]);
  return out;
}

const RETYPES: Json[] = [null, 0, -1, 1.5, '', 'x', '-1', '9007199254740993', '99999999999999999999999', true, [], {}, [1], { a: 1 }];

export const snapshotEdit: fc.Arbitrary<Mutation> = fc
  .array(
    fc.record({
      k: fc.nat({ max: 10000 }),
      op: fc.oneof(
        fc.constant({ kind: 'delete' as const }),
        fc.constant({ kind: 'duplicate' as const }),
        fc.constantFrom(...RETYPES).map((v) => ({ kind: 'set' as const, v })),
        fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }).map((d) => ({ kind: 'shift' as const, d })),
      ),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) => ({
    describe: `json ${edits.map((e) => `#${e.k}:${JSON.stringify(e.op, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`).join(' ')}`,
    apply: (text) => {
      let root: Json;
      try {
        root = JSON.parse(text) as Json;
      } catch {
        return text;
      }
      for (const { k, op } of edits) {
        const all = paths(root);
        if (all.length === 0) break;
        const p = all[k % all.length];
        const parent = p.slice(0, -1).reduce<Json>((v, key) => (v as Record<string, Json>)[key as string], root) as Record<string, Json> | Json[];
        const key = p[p.length - 1];
        const current = (parent as Record<string, Json>)[key as string];
        if (op.kind === 'delete') {
          if (Array.isArray(parent)) parent.splice(key as number, 1);
          else delete parent[key as string];
        } else if (op.kind === 'duplicate') {
          if (Array.isArray(parent)) parent.splice(key as number, 0, JSON.parse(JSON.stringify(current)) as Json);
          else parent[key as string] = JSON.parse(JSON.stringify(current)) as Json;
        } else if (op.kind === 'set') {
          (parent as Record<string, Json>)[key as string] = op.v;
        } else if (typeof current === 'string' && /^-?\d+$/.test(current)) {
          (parent as Record<string, Json>)[key as string] = String(BigInt(current) + op.d);
        } else if (typeof current === 'number') {
          (parent as Record<string, Json>)[key as string] = current + Number(op.d % 1000n);
        }
      }
      return JSON.stringify(root, null, 1);
    },
  }));

export const snapshotMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: snapshotEdit },
  { weight: 2, arbitrary: byteFlips },
  { weight: 1, arbitrary: truncation },
);
