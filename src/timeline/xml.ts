/**
 * The one XML entry of the timeline readers (FCP7 XML, FCPXML): the only file that imports an XML parser (sax).
 * Refuses entity declarations and absurd nesting before parsing, then hands back a plain tree of
 * elements in document order. Messages end with the calling format's own export hint.
 */
import * as sax from 'sax';
import { InputError } from './model';

/** How a format tells the editor to get a good file again. */
export interface XmlHint {
  /** "export the sequence with File > Export > Final Cut Pro XML" */
  exportHint: string;
  /** What a good file's DOCTYPE looks like: "Premiere writes a plain <!DOCTYPE xmeml>". */
  doctype: string;
}

/** One XML element, in document order. */
export interface XNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XNode[];
}

/** Shared by every element without attributes or children: no per-element empty object or array. */
const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_CHILDREN: XNode[] = Object.freeze([]) as unknown as XNode[];

export function child(node: XNode | undefined, name: string): XNode | undefined {
  return node?.children.find((c) => c.name === name);
}

export function children(node: XNode | undefined, name: string): XNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

export function path(node: XNode | undefined, ...names: string[]): XNode | undefined {
  let n = node;
  for (const name of names) n = child(n, name);
  return n;
}

export function textOf(node: XNode | undefined, name: string): string | undefined {
  const c = child(node, name);
  return c ? c.text.trim() : undefined;
}

export function isFalse(value: string | undefined): boolean {
  return value !== undefined && value.trim().toUpperCase() === 'FALSE';
}

export function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.trim().toUpperCase() === 'TRUE';
}

/** Real exports nest about 12–16 levels (a few more per nested sequence); 200 is far beyond any. */
export const MAX_XML_DEPTH = 200;

/**
 * Refuses a DOCTYPE that declares entities, before any parsing: nothing is expanded (no billion
 * laughs) and nothing is resolved (no external entities). The prolog is walked token by token
 * (XML declaration, comments, processing instructions, then the DOCTYPE with its internal subset,
 * quotes and brackets tracked), so a comment or padding cannot hide a declaration. An external
 * DTD reference (`SYSTEM "…"`) is never fetched: the parser (sax) does not load DTDs, and an entity
 * it would have declared is an unknown entity, reported as not XML.
 */
function checkProlog(body: string, source: string, hint: XmlHint): void {
  const refuse = (name: string | undefined): never => {
    throw new InputError(
      `${source}: the DOCTYPE declares ${name ? `entity "${name}"` : 'entities'} (<!ENTITY>), which Cuebed refuses to expand or resolve; ${hint.exportHint} (${hint.doctype})`,
    );
  };
  const entityIn = (text: string) => {
    const m = /<!ENTITY\s+(?:%\s+)?([^\s>"']*)/i.exec(text);
    if (m) refuse(m[1] || undefined);
  };
  let i = 0;
  for (;;) {
    while (i < body.length && (body[i] === ' ' || body[i] === '\t' || body[i] === '\n' || body[i] === '\r')) i++;
    if (body.startsWith('<?', i)) {
      const e = body.indexOf('?>', i + 2);
      if (e < 0) break;
      i = e + 2;
    } else if (body.startsWith('<!--', i)) {
      const e = body.indexOf('-->', i + 4);
      if (e < 0) break;
      i = e + 3;
    } else if (body.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') {
      const j = doctypeEnd(body, i);
      entityIn(body.slice(i, j < 0 ? body.length : j + 1));
      break;
    } else break;
  }
  // Belt and braces for malformed prologs the walk gave up on: whatever precedes the first element.
  const firstElement = body.search(/<[A-Za-z_]/);
  entityIn(firstElement < 0 ? body : body.slice(0, firstElement));
}

/** Index of the '>' closing the DOCTYPE at `start` (quotes and the [internal subset] tracked), or -1. */
function doctypeEnd(body: string, start: number): number {
  let bracket = 0;
  let quote = '';
  for (let j = start + 9; j < body.length; j++) {
    const c = body[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') bracket++;
    else if (c === ']') bracket--;
    else if (c === '>' && bracket <= 0) return j;
  }
  return -1;
}

/**
 * The refusal of element nesting deeper than MAX_XML_DEPTH. The tree is walked recursively later
 * (and by anything that consumes it), so a hostile file of 100,000 nested elements would otherwise
 * end in a stack overflow instead of a message. sax itself keeps its open elements in an array, so
 * streamXml refuses the first element too deep as it opens, before any reader holds it. (A separate
 * scan of the text before parsing did the same and cost ~0.5 s of 100,000 clips' 67 MB.)
 */
function tooDeep(name: string, line: number, source: string, hint: XmlHint, max = MAX_XML_DEPTH): InputError {
  return new InputError(
    `${source}: elements nest more than ${max} levels deep (<${name.slice(0, 40)}> at line ${line}); real exports nest about 15, so this is not an editor's export — ${hint.exportHint} again`,
  );
}

export function parseXml(text: string, source: string, hint: XmlHint): XNode {
  const tree = new TreeBuilder();
  streamXml(text, source, hint, tree);
  return tree.root as XNode;
}

/** What a reader does with the elements as sax reads them, in document order. */
export interface XmlHandler {
  /** `depth` is the number of elements enclosing this one (0 for the root). */
  open(tag: sax.Tag, depth: number): void;
  close(): void;
  text(text: string): void;
}

/** How often, in elements opened, streamXml reports progress. */
const PROGRESS_EVERY = 4096;

/**
 * Parses `text` as sax reads it, handing each element to `handler` and holding none: the refusals
 * (empty file, entity declarations, nesting deeper than MAX_XML_DEPTH, not XML, no root) and their
 * messages are the same for every reader. `onProgress` gets the share of the text read, 0..1.
 */
export function streamXml(text: string, source: string, hint: XmlHint, handler: XmlHandler, onProgress?: (fraction: number) => void): void {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new InputError(`${source}: the file is empty; ${hint.exportHint}`);
  checkProlog(body, source, hint);
  const parser = sax.parser(true, { position: true });
  let depth = 0;
  let opened = 0;
  let failure: Error | undefined;
  let refusal: InputError | undefined;
  parser.onopentag = (tag) => {
    if (depth >= MAX_XML_DEPTH) {
      // sax counts lines from 0, at the end of the tag just read
      refusal = tooDeep(tag.name, parser.line + 1, source, hint);
      throw refusal;
    }
    // The share read, from sax's own position. The text goes to sax whole: fed in slices, sax
    // would check its buffers between them and refuse a long comment or attribute it takes whole.
    if (++opened % PROGRESS_EVERY === 0) onProgress?.(parser.position / body.length);
    handler.open(tag, depth++);
  };
  parser.onclosetag = () => {
    depth--;
    handler.close();
  };
  parser.ontext = (t) => handler.text(t);
  parser.oncdata = (t) => handler.text(t);
  parser.onerror = (err) => {
    failure = err;
    throw err;
  };
  try {
    parser.write(body);
    parser.close();
  } catch (err) {
    if (refusal) throw refusal;
    // an exception of the handler's own (a bug, not bad input) is not dressed up as "not XML"
    if (!failure) throw err;
  }
  if (failure) {
    const m = /^([^\n]*)\nLine: (\d+)\nColumn: (\d+)/.exec(failure.message);
    const where = m ? `${m[1]} at line ${Number(m[2]) + 1}, column ${m[3]}` : failure.message.replace(/\s*\n\s*/g, ', ');
    throw new InputError(`${source}: not XML (${where}); ${hint.exportHint}`);
  }
  if (!opened) throw new InputError(`${source}: not XML (no root element); ${hint.exportHint}`);
  onProgress?.(1);
}

/**
 * Builds the element tree straight from sax events: one small object per element, attributes and
 * children shared while empty, whitespace between elements dropped. xml2js built two objects per
 * element plus bookkeeping and held about 120 bytes of heap per byte of input on files of small
 * elements (20 MB ran a 2 GB heap out, issue 16); this holds about a tenth of that, measured by
 * scripts/input-memory.js. The FCP7 reader uses it for one element's subtree at a time.
 */
export class TreeBuilder implements XmlHandler {
  root: XNode | undefined;
  private readonly stack: XNode[] = [];

  open(tag: sax.Tag): XNode {
    const attrs = tag.attributes;
    let hasAttrs = false;
    for (const k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) { hasAttrs = true; break; }
    const node: XNode = { name: tag.name, attrs: hasAttrs ? attrs : NO_ATTRS, text: '', children: NO_CHILDREN };
    const parent = this.stack[this.stack.length - 1];
    if (parent) {
      if (parent.children === NO_CHILDREN) parent.children = [];
      parent.children.push(node);
    } else this.root = node;
    this.stack.push(node);
    return node;
  }

  /** The element closed, now complete. */
  close(): XNode {
    return this.stack.pop() as XNode;
  }

  text(text: string): void {
    const node = this.stack[this.stack.length - 1];
    // text between elements of a parent is layout, never a value the readers use
    if (node && (node.text !== '' || node.children === NO_CHILDREN || text.trim() !== '')) node.text += text;
  }

  /** True while an element is open, i.e. inside the subtree being built. */
  get building(): boolean {
    return this.stack.length > 0;
  }
}
