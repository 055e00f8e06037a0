/**
 * Issue 15 point 6: the UXP page is checked against what UXP documents, since the browser tests run
 * in Chromium, which supports everything. Sources: UXP's HTML element reference (the HTMLxxxElement
 * classes, plus the hierarchy/typography elements it lists) — anything else becomes a plain <div>
 * ("Unsupported Elements": <li>, <ul> … are treated as simple divs; <title> "may make itself
 * visible"); label `for` and the `font` shorthand are not supported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../paths';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { toUxpPage } = require(path.join(ROOT, 'uxp', 'page.js')) as { toUxpPage: (html: string) => string };

/** Elements UXP documents (reference-html: General, Hierarchy, Interactive, …) that a panel page uses. */
const UXP_ELEMENTS = new Set([
  'html', 'head', 'body', 'meta', 'link', 'script', 'style',
  'div', 'span', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'footer', 'header', 'hr', 'br', 'a', 'img', 'form', 'dialog',
  'button', 'input', 'label', 'select', 'option', 'textarea', 'progress', 'menu', 'menuitem', 'template', 'slot', 'canvas', 'video',
  // styled containers UXP renders as divs but which the page only uses for layout, and SVG drawn by innerHTML
  'main', 'fieldset', 'legend', 'details', 'summary',
]);
/** Documented to be unusable: no element of these may remain. */
const MUST_NOT = ['audio', 'title', 'iframe'];

const page = () => toUxpPage(fs.readFileSync(path.join(ROOT, 'panel', 'src', 'index.html'), 'utf8'));

describe('the UXP page against UXP\'s documented support', () => {
  it('uses no element UXP lacks, and none of those it documents as unusable', () => {
    const html = page();
    const used = new Set([...html.matchAll(/<([a-z][a-z0-9-]*)\b/gi)].map((m) => m[1].toLowerCase()));
    for (const tag of MUST_NOT) expect(used.has(tag), `<${tag}>`).toBe(false);
    const unknown = [...used].filter((t) => !UXP_ELEMENTS.has(t) && !t.startsWith('sp-'));
    expect(unknown).toEqual([]);
  });

  it('no label `for`, no `font` shorthand, and the body scrolls', () => {
    const html = page();
    expect(html).not.toMatch(/<label\b[^>]*\sfor=/i);
    const css = [...html.matchAll(/<style>([\s\S]*?)<\/style>/gi)].map((m) => m[1]).join('\n');
    expect(css).not.toMatch(/(^|[;{\s])font\s*:/);
    expect(css).toMatch(/body\s*\{[^}]*overflow-y:\s*auto/);
  });

  it('the CEP page keeps its preview and labels', () => {
    const cep = fs.readFileSync(path.join(ROOT, 'panel', 'src', 'index.html'), 'utf8');
    expect(cep).toMatch(/<audio id="audio"/);
    expect(cep).toMatch(/<label for="brief">/);
  });
});
