/**
 * The executable form of what vtgate evaluates itself (plan-vtgate.ts, "Executable contract"):
 * an expression whose input columns are offsets into the rows it reads, so the engine neither
 * re-parses printed SQL nor matches names. Building it also checks that vtgate can evaluate the
 * expression at all: every column and aggregate it reads must be one of the input's columns.
 */
import type { Expr, OffsetRef } from '../../sql/ast.js';
import { printSql } from '../../sql/print.js';
import { notImplemented } from '../errors.js';
import { mapExpr, walk } from '../expr/walk.js';
import type { ProjectedExpr } from '../plan.js';

/**
 * `e` with each sub-expression `resolve` finds among the input columns (outermost first)
 * replaced by its offset, or else `rewrite` replaces (with an expression over offsets); a column
 * or aggregate left unresolved cannot be evaluated at vtgate.
 */
export function evaluated(e: Expr, resolve: (n: Expr) => number | undefined, rewrite: (n: Expr) => Expr | undefined = () => undefined): Expr {
  const out = mapExpr(e, (n) => {
    if (n.kind === 'offset') return n;
    const i = resolve(n);
    return i === undefined || i < 0 ? rewrite(n) : offsetRef(i, n);
  });
  walk(out, (n) => {
    if (n.kind === 'column' || n.kind === 'aggregate') throw notImplemented(`vtgate evaluation of ${printSql(n)}: it is not among the columns vtgate reads`);
    if (n.kind === 'subquery' || n.kind === 'exists') throw notImplemented(`vtgate evaluation of a subquery in ${printSql(e)}`);
    return true;
  });
  return out;
}

export function offsetRef(index: number, of: Expr | string): OffsetRef {
  return { kind: 'offset', index, name: typeof of === 'string' ? of : printSql(of) };
}

/** The `:__colN` bind variables the printed Projection forms read (Vitess's notation for column N), as offsets. */
export function colBindsToOffsets(e: Expr): Expr {
  return evaluated(e, (n) => {
    const m = n.kind === 'bind' && !n.list ? /^__col(\d+)$/.exec(n.name) : null;
    return m ? Number(m[1]) : undefined;
  });
}

/** A computed column: `expr as name` printed for explain, with its executable form. */
export function projected(printed: Expr, executable: Expr, name: string): { text: string; expr: ProjectedExpr } {
  return { text: `${printSql(printed)} as ${name}`, expr: { expr: executable, name } };
}

/** Offsets printed as Vitess prints a Projection's input columns: `:__colN`. */
export function asColBinds(e: Expr): Expr {
  return mapExpr(e, (n) => (n.kind === 'offset' ? { kind: 'bind', name: `__col${n.index}`, list: false } : undefined));
}
