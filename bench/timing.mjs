/**
 * The benchmarks' one timing rule: batches of about `batchMs` milliseconds, each reporting the
 * mean time per call, and the median batch in microseconds. `run(n)` performs the operation n
 * times (use `times` for a synchronous operation, `timesAsync` for one that returns a promise), so
 * a synchronous operation is not measured through an await.
 */
/** Reads `--batches N` / `--ms N` style numeric options from the command line. */
export function numberOption(name, dflt, args = process.argv.slice(2)) {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : dflt;
}

export async function medianMicros(run, { batches, batchMs }) {
  let n = 1;
  for (;;) {
    const t = process.hrtime.bigint();
    await run(n);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (ms > batchMs / 4) {
      n = Math.max(1, Math.round((n * batchMs) / ms));
      break;
    }
    n *= 2;
  }
  const per = [];
  for (let b = 0; b < batches; b++) {
    const t = process.hrtime.bigint();
    await run(n);
    per.push(Number(process.hrtime.bigint() - t) / 1e3 / n);
  }
  per.sort((a, b) => a - b);
  return per[per.length >> 1];
}

export const times = (fn) => (n) => {
  for (let i = 0; i < n; i++) fn();
};

export const timesAsync = (fn) => async (n) => {
  for (let i = 0; i < n; i++) await fn();
};
