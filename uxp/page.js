/**
 * The panel page as the UXP plugin ships it (webpack writes it as dist/uxp-plugin/cuebed-uxp.html).
 * UXP is not a browser: elements it does not document become plain <div>s, so
 *  - <audio> is dropped (a div has no play()/pause(); the page hides its preview when there is no
 *    audio element);
 *  - <title> is dropped (UXP may show it as text in the panel);
 *  - `for` on <label> is dropped (unsupported attribute).
 * test/uxp/page-support.test.ts checks the result against UXP's documented elements and CSS.
 */
'use strict';

function toUxpPage(html) {
  return html
    .replace(/<title>[^<]*<\/title>\s*/i, '')
    .replace(/<audio\b[^>]*>\s*<\/audio>\s*/gi, '')
    .replace(/(<label\b[^>]*?)\s+for="[^"]*"/gi, '$1');
}

module.exports = { toUxpPage };
