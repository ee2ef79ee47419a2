/** Runs `fn` and returns the error it throws, failing the test unless it is an instance of `type`. */
export function thrown<E extends Error>(type: abstract new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (err) {
    if (err instanceof type) return err;
    throw new Error(`expected a ${type.name}, got ${String(err)}`);
  }
  throw new Error(`expected a ${type.name}, nothing was thrown`);
}
