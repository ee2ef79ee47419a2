import { VindexError } from '../../src/errors.js';

/** Runs `fn`, which must throw a VindexError, and returns it for assertions. */
export function vindexErrorOf(fn: () => unknown): VindexError {
  try {
    fn();
  } catch (err) {
    if (err instanceof VindexError) return err;
    throw new Error(`expected a VindexError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a VindexError, but nothing was thrown');
}
