import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..');
/**
 * Real exports kept by the team beside the repository (see ../shared/fixtures/SOURCES.md); from a
 * worktree under wt/, one level further up. CUEBED_SHARED_FIXTURES (the xmeml folder) or
 * CUEBED_SHARED (the shared folder) names another place.
 */
export const SHARED_FIXTURES =
  process.env.CUEBED_SHARED_FIXTURES ??
  (process.env.CUEBED_SHARED ? path.resolve(process.env.CUEBED_SHARED, 'fixtures', 'xmeml') : undefined) ??
  [path.resolve(ROOT, '..', 'shared', 'fixtures', 'xmeml'), path.resolve(ROOT, '..', '..', 'shared', 'fixtures', 'xmeml')].find((d) => fs.existsSync(d)) ??
  path.resolve(ROOT, '..', 'shared', 'fixtures', 'xmeml');
/** Our own small hand-made fixtures. */
export const OWN_FIXTURES = path.resolve(ROOT, 'test', 'fixtures');
