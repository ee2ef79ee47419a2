/**
 * A single-table DELETE with a table alias (`delete from t as a where a.id in ::dml_vals`, the
 * form Vitess's DMLWithInput prints) is MySQL 8 syntax that MariaDB rejects (it takes no alias
 * after a single-table DELETE's table). The same statement in multi-table form,
 * `delete a from t as a where ...`, deletes the same rows and both servers accept it, so that is
 * what the router sends. The plan keeps Vitess's text (vexplain and the planner's output do not
 * change). A DELETE with ORDER BY or LIMIT has no multi-table form and is sent as it is.
 */
import type { Delete } from '../planner/plan.js';
import { SqlSyntaxError } from '../sql/errors.js';
import { parseSql } from '../sql/parse.js';
import { printSql } from '../sql/print.js';

const forShards = new WeakMap<Delete, Delete>();

/** The DELETE plan as the shards receive it: the plan itself when its text needs no change. */
export function shardDelete(op: Delete): Delete {
  let out = forShards.get(op);
  if (out === undefined) {
    const text = multiTableForm(op.query);
    out = text === null ? op : Object.freeze({ ...op, query: text });
    forShards.set(op, out);
    forShards.set(out, out);
  }
  return out;
}

/** `delete from t as a ...` → `delete a from t as a ...`; null when the statement is not of that form. */
export function multiTableForm(sql: string): string | null {
  // Cheap test first: most DELETEs have no alias.
  if (!/\bas\b/i.test(sql)) return null;
  let stmt;
  try {
    stmt = parseSql(sql);
  } catch (err) {
    if (err instanceof SqlSyntaxError) return null;
    throw err;
  }
  if (stmt.kind !== 'delete' || stmt.targets.length > 0 || stmt.from.length !== 1) return null;
  if (stmt.orderBy.length > 0 || stmt.limit !== null) return null;
  const table = stmt.from[0]!;
  if (table.kind !== 'table' || table.as === null) return null;
  return printSql({ ...stmt, targets: [{ name: table.as, qualifier: null }] });
}
