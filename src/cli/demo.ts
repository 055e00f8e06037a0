import * as path from 'node:path';

/** The demo edit shipped with the package: ~95 s at 23.976 fps, 23 cuts, two interviews. */
export const DEMO_SEQUENCE = path.resolve(__dirname, '..', '..', 'demo', 'demo-sequence.xml');
