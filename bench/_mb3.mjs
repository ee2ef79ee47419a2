const m = await import('/work/main/.tmp/mb/out.mjs');
await m.vindexesReady();
const vs = (await import('/work/main/fixtures/bench/vschema.json', { with: { type: 'json' } })).default;
const vschema = m.loadVSchema({ keyspaces: { app: vs } });
const env = { vschema, topology: m.createTopology({ app: ['-40', '40-80', '80-c0', 'c0-'] }) };
const p = new m.Planner(vschema, {}, { planCache: false });
const sql = process.argv[2] ?? 'delete from user where id = 9';
let s = 0;
for (let i = 0; i < 30000; i++) s += (await m.routePrepared(p.prepare(sql, { target: 'app' }), env)).length;
