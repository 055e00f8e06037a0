#!/usr/bin/env node
'use strict';
// Prints the plain closing line CI reads ("N passed, N failed") from vitest's JSON report.
const fs = require('fs');
const path = require('path');
const file = path.join(__dirname, '..', 'test-artifacts', 'vitest-results.json');
const r = JSON.parse(fs.readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(r.numFailedTests === 0 && r.numTotalTests > 0 ? 0 : 1);
