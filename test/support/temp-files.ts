/** Temp directories for tests that write VSchema files; removed after the test file's tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

export interface TempFiles {
  /** A fresh, empty directory. */
  tempDir(): string;
  /** Writes `content` (JSON-encoded unless it is a string) to `dir/rel`, creating directories; returns the path. */
  write(dir: string, rel: string, content: unknown): string;
}

/** Call at the top of a test file: directories it makes are removed in an afterAll. */
export function useTempFiles(prefix: string): TempFiles {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return {
    tempDir() {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    write(dir, rel, content) {
      const file = join(dir, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return file;
    },
  };
}
