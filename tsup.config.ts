import { defineConfig, type Options } from 'tsup';

// dist/ is emptied by `npm run build` before tsup runs; the entries build in parallel.
const base = { sourcemap: true, clean: false, target: 'node20', platform: 'node', splitting: false } satisfies Options;

export default defineConfig([
  {
    ...base,
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    // import.meta.url in the CJS build (the unicode collation data is found relative to the module).
    shims: true,
    dts: true,
  },
  // The CLI is ESM only; its shebang comes from src/cli/main.ts.
  { ...base, entry: { cli: 'src/cli/main.ts' }, format: ['esm'], dts: false },
  // Development tools (npm run conformance:vindexes / conformance:planner): shipped in dist as files, not exported.
  { ...base, entry: { 'conformance-vindexes': 'src/conformance/vindex-vectors-main.ts' }, format: ['esm'], dts: false },
  { ...base, entry: { 'conformance-planner': 'src/conformance/planner-main.ts' }, format: ['esm'], dts: false },
  // npm run conformance:e2e: replays the e2e corpus through the router (starts its own MariaDB servers).
  { ...base, entry: { 'conformance-e2e': 'src/conformance/e2e-main.ts' }, format: ['esm'], dts: false, external: ['mysql2', 'mysql2/promise'] },
  // npm run bench:router starts its MariaDB server with the test harness, built here as a dev file.
  { ...base, entry: { 'db-harness': 'test/support/mariadb.ts' }, format: ['esm'], dts: false, external: ['mysql2', 'mysql2/promise'] },
]);
