#!/usr/bin/env node
'use strict';
// The compiled CLI lives in dist/ (built by `npm ci`/`npm install` through the prepare script).
let main;
try {
  main = require('../dist/cli/main.js').main;
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('cuebed: the CLI is not built yet; run `npm install` (or `npm run build`) in ' + require('path').resolve(__dirname, '..') + '\n');
    process.exit(1);
  }
  throw err;
}
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
