/**
 * The shard queries one statement sends, for VEXPLAIN QUERIES / ALL (Vitess's executeLogger):
 * each entry names the shard and the query as the shard received it, values in place. Queries
 * of one plan operator share a number (`#`): the router numbers them by the operator's query text,
 * in the order they first ran. A transaction opened on a shard for the statement is logged as a
 * `begin` entry under the number of the query that opened it, as Vitess logs it.
 */
import type { ShardTarget } from '../executor/errors.js';

export interface LoggedQuery {
  readonly id: number;
  readonly target: ShardTarget;
  /** The query as sent, values in place. */
  readonly query: string;
  /** The plan's query text (placeholders), which names the operator that sent it. */
  readonly template: string;
}

export class QueryLog {
  readonly entries: LoggedQuery[] = [];
  readonly #ids = new Map<string, number>();

  /** The number of the operator whose query text is `template`. */
  idOf(template: string): number {
    let id = this.#ids.get(template);
    if (id === undefined) {
      id = this.#ids.size;
      this.#ids.set(template, id);
    }
    return id;
  }

  add(id: number, target: ShardTarget, query: string, template: string): void {
    this.entries.push(Object.freeze({ id, target, query, template }));
  }
}
