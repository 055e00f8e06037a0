/**
 * Placing a score, then recording it in renders.json, so "Regenerate around edits" finds it.
 *
 * A long interview's Volume keys can take Premiere longer than the panel waits. Premiere does not
 * stop when the panel gives up: it finishes placing the clip. When that late answer comes, the
 * render is recorded all the same and `onLate` tells the page (which then enables Regenerate and
 * says the score is in place); a late refusal records nothing.
 */
import { HostError } from '../host/adapter';
import { HostTimeoutError } from './bridge';

export async function placeThenRecord<T>(place: () => Promise<T>, record: (placed: T) => Promise<void>, onLate: (outcome: T | HostError) => void): Promise<T> {
  let placed: T;
  try {
    placed = await place();
  } catch (err) {
    if (err instanceof HostTimeoutError) {
      err.late.then(
        async (late) => {
          await record(late as T).catch(() => {});
          onLate(late as T);
        },
        (e: unknown) => onLate(e instanceof HostError ? e : new HostError('INTERNAL', String(e))),
      );
    }
    throw err;
  }
  await record(placed);
  return placed;
}
