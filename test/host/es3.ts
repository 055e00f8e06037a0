/**
 * The ES3 gate for host/*.jsx (reference §6 items 1-2): acorn with ecmaVersion 3 rejects ES5+
 * syntax; an AST walk then rejects what acorn's ES3 mode lets through: reserved words used as
 * property names (`x.default`, `{ default: 1 }`) and calls into the ES5 library.
 */
import * as acorn from 'acorn';

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with abstract boolean byte char double final float goto implements int interface long native package private protected public short static synchronized throws transient volatile let yield'.split(
    ' ',
  ),
);
/** ES5 library members ExtendScript lacks (String indexOf is ES3 and allowed; Array indexOf is not, and is avoided by review). */
const ES5_MEMBERS = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'lastIndexOf', 'trim', 'bind', 'keys', 'isArray', 'create', 'defineProperty', 'freeze', 'now', 'toISOString']);
const ES5_GLOBALS = new Set(['JSON']);

interface Node {
  type: string;
  start: number;
  [k: string]: unknown;
}

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
    return;
  }
  if (node === null || typeof node !== 'object' || typeof (node as Node).type !== 'string') return;
  visit(node as Node);
  for (const [k, v] of Object.entries(node)) if (k !== 'type' && v && typeof v === 'object') walk(v, visit);
}

function lineOf(source: string, pos: number): number {
  return source.slice(0, pos).split('\n').length;
}

/** Problems found, each "file:line: message"; empty when the file is ES3. */
export function es3Problems(source: string, file: string): string[] {
  let ast: acorn.Node;
  try {
    ast = acorn.parse(source, { ecmaVersion: 3, sourceType: 'script' });
  } catch (e) {
    return [`${file}: not ES3: ${(e as Error).message}`];
  }
  const problems: string[] = [];
  walk(ast, (n) => {
    const at = `${file}:${lineOf(source, n.start)}`;
    if (n.type === 'MemberExpression' && !n.computed) {
      const name = (n.property as { name: string }).name;
      if (RESERVED.has(name)) problems.push(`${at}: reserved word "${name}" as a property name (use ["${name}"])`);
      if (ES5_MEMBERS.has(name)) problems.push(`${at}: ".${name}" is ES5 library, absent in ExtendScript`);
    }
    if (n.type === 'Property') {
      const key = n.key as { type: string; name?: string };
      if (key.type === 'Identifier' && key.name && RESERVED.has(key.name)) problems.push(`${at}: reserved word "${key.name}" as a property key (quote it)`);
    }
    if (n.type === 'Identifier' && ES5_GLOBALS.has(n.name as string)) problems.push(`${at}: "${String(n.name)}" does not exist in ExtendScript`);
  });
  return problems;
}
