import * as path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..');
/** Real exports kept by the team beside the repository (see ../shared/fixtures/SOURCES.md). */
// CUEBED_SHARED points elsewhere when the repository is checked out away from the shared folder (a worktree).
export const SHARED_FIXTURES = path.resolve(process.env.CUEBED_SHARED ?? path.resolve(ROOT, '..', 'shared'), 'fixtures', 'xmeml');
/** Our own small hand-made fixtures. */
export const OWN_FIXTURES = path.resolve(ROOT, 'test', 'fixtures');
