import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    // import.meta.url in the CJS build (the unicode collation data is found relative to the module).
    shims: true,
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    splitting: false,
  },
  {
    // The CLI is ESM only; its shebang comes from src/cli/main.ts.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    splitting: false,
  },
  {
    // A development tool (npm run conformance:vindexes): shipped in dist as a file, not exported.
    entry: { 'conformance-vindexes': 'src/conformance/vindex-vectors-main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    splitting: false,
  },
]);
