/**
 * Where elements sit in an XML text, so a writer can splice new elements into an editor's export
 * and leave every other byte as the editor's application wrote it (attributes Cuebed does not
 * know, vendor extensions, whitespace). Only used on files the readers already accepted, so it
 * does not validate: it finds tags, skipping comments, CDATA, processing instructions and DOCTYPE.
 */

export interface XmlSpan {
  name: string;
  attrs: Record<string, string>;
  /** Offset of "<" of the start tag. */
  start: number;
  /** Offset just after ">" of the start tag. */
  openEnd: number;
  /** Offset of "<" of the end tag (equal to openEnd for a self-closing element). */
  closeStart: number;
  /** Offset just after the element. */
  end: number;
  selfClosing: boolean;
  children: XmlSpan[];
}

const ATTR_RE = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

function decodeEntities(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (m, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[e.toLowerCase()]) return named[e.toLowerCase()];
    const code = e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : m;
  });
}

/** The root element of `text` with every descendant's offsets. */
export function spanTree(text: string): XmlSpan {
  const stack: XmlSpan[] = [];
  let root: XmlSpan | undefined;
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      i = text.indexOf('-->', lt + 4) + 3;
      if (i < 3) break;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      i = text.indexOf(']]>', lt + 9) + 3;
      if (i < 3) break;
      continue;
    }
    if (text[lt + 1] === '?' || text[lt + 1] === '!') {
      // A PI or DOCTYPE (its internal subset, if any, ends with "]>").
      let j = lt + 2;
      let bracket = 0;
      for (; j < text.length; j++) {
        if (text[j] === '[') bracket++;
        else if (text[j] === ']') bracket--;
        else if (text[j] === '>' && bracket <= 0) break;
      }
      i = j + 1;
      continue;
    }
    let j = lt + 1;
    let quote = '';
    for (; j < text.length; j++) {
      const c = text[j];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    const tag = text.slice(lt + 1, j);
    i = j + 1;
    if (tag.startsWith('/')) {
      const open = stack.pop();
      if (open) {
        open.closeStart = lt;
        open.end = i;
      }
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const name = /^[^\s/>]+/.exec(tag)?.[0] ?? '';
    const attrs: Record<string, string> = {};
    for (const m of tag.matchAll(ATTR_RE)) attrs[m[1]] = decodeEntities(m[3] ?? m[4] ?? '');
    const span: XmlSpan = { name, attrs, start: lt, openEnd: i, closeStart: i, end: i, selfClosing, children: [] };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(span);
    else root ??= span;
    if (!selfClosing) stack.push(span);
  }
  if (!root) throw new Error('no root element');
  return root;
}

export function childSpan(span: XmlSpan | undefined, name: string): XmlSpan | undefined {
  return span?.children.find((c) => c.name === name);
}

/** Text with insertions made at offsets (applied from the last offset back, so offsets stay valid). */
export function splice(text: string, inserts: Array<{ at: number; text: string; replaceTo?: number }>): string {
  let out = text;
  for (const ins of [...inserts].sort((a, b) => b.at - a.at)) out = out.slice(0, ins.at) + ins.text + out.slice(ins.replaceTo ?? ins.at);
  return out;
}

/**
 * Inserts `inner` as the content of `span` at `at` (an offset inside it); a self-closing element
 * is opened up first ("<a/>" → "<a>inner</a>").
 */
export function insertInto(text: string, span: XmlSpan, inner: string, at = span.closeStart): Array<{ at: number; text: string; replaceTo?: number }> {
  if (!span.selfClosing) return [{ at, text: inner }];
  const open = text.slice(span.start, span.openEnd).replace(/\s*\/>$/, '>');
  return [{ at: span.start, text: `${open}${inner}</${span.name}>`, replaceTo: span.end }];
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
