/** What planning a SELECT statement yields: one route or routes joined at vtgate, and what vtgate must finish. */
import type { Expr, Select, SelectStatement } from '../../sql/ast.js';
import { notImplemented } from '../errors.js';
import type { RouteBuilder } from '../routing/builder.js';
import type { DerivedLeaf } from '../semantics/leaves.js';
import type { JoinNode } from './join-tree.js';

export interface PlannedRoute {
  /** One route, or routes joined at vtgate. */
  readonly tree: JoinNode;
  /** Predicates of the statement that read tables of enclosing statements (correlation). */
  readonly outer: readonly Expr[];
  /** vtgate must finish the statement (aggregation, LIMIT across shards, a join): it cannot merge into another route. */
  readonly needsVtgate: boolean;
  /**
   * The statement reads one derived table that vtgate must finish: its own clauses then run at
   * vtgate too, over the derived table's rows.
   */
  readonly derivedRoot?: { readonly select: Select; readonly leaf: DerivedLeaf; readonly inner: PlannedRoute; readonly stmt: SelectStatement };
  /** Subqueries that run first, their results passed to the statement as bind variables (in wrapping order). */
  readonly pulled?: readonly PulledSubquery[];
}

/** A subquery vtgate runs before its statement (Vitess's UncorrelatedSubquery). */
export interface PulledSubquery {
  readonly variant: 'PulloutIn' | 'PulloutNotIn' | 'PulloutExists' | 'PulloutValue';
  /** `__sq1`: the value, or list of values, the statement reads. */
  readonly name: string;
  /** `__sq_has_values`: whether the subquery returned rows (IN, NOT IN, EXISTS). */
  readonly hasValues: string | null;
  readonly stmt: SelectStatement;
  readonly planned: PlannedRoute;
  /** The leaf ids of the route whose query reads the result: with routes joined at vtgate, it wraps that leg only. */
  readonly leg?: ReadonlySet<number>;
}

/** The statement's single route; anything that needs vtgate joins cannot be used where one route is required. */
export function requireRoute(p: PlannedRoute, what: string): RouteBuilder {
  if (p.tree.kind !== 'route') throw notImplemented(`${what} that joins routes at vtgate`);
  return p.tree.route;
}

