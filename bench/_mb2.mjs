const m = await import('/work/main/.tmp/mb/out.mjs');
await m.vindexesReady();
const vs = (await import('/work/main/fixtures/bench/vschema.json', { with: { type: 'json' } })).default;
const vschema = m.loadVSchema({ keyspaces: { app: vs } });
const env = { vschema, topology: m.createTopology({ app: ['-40', '40-80', '80-c0', 'c0-'] }) };
const p = new m.Planner(vschema);
const sql = process.argv[2] ?? 'delete from user where id = 9';
let s = 0;
const mode = process.argv[3] ?? 'prepare';
if (mode === 'prepare') for (let i = 0; i < 1500000; i++) s += p.prepare(sql, { target: 'app' }).bindVars.size;
else { const pr = p.prepare(sql, { target: 'app' }); for (let i = 0; i < 600000; i++) s += (await m.routePrepared(pr, env)).length; }
