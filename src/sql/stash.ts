/**
 * What the rewriter takes out of the text before node-sql-parser sees it. Each entry is replaced
 * by a marker the parser accepts in the same place (`:__vtN` for an expression, `'__vtN'` for a
 * string, `` `__vtN` `` for an identifier or a derived table); the converter puts the entry back.
 * This keeps literal values, bind variables, quoted identifiers and subqueries exact, whatever
 * the parser would have made of them.
 */

import type { Expr, SelectStatement } from './ast.js';

export type StashEntry =
  | { readonly kind: 'expr'; readonly expr: Expr; readonly quantifier?: 'any' | 'all' | 'some' }
  | { readonly kind: 'string'; readonly value: string; readonly charset: string | null }
  | { readonly kind: 'ident'; readonly name: string }
  /** `ks.t` in a three-part column name `ks.t.c`, passed to the parser as one quoted name. */
  | { readonly kind: 'table'; readonly qualifier: string; readonly name: string }
  | {
      readonly kind: 'derived';
      readonly select: SelectStatement;
      readonly lateral: boolean;
      readonly columns: readonly string[];
    }
  | { readonly kind: 'next'; readonly count: Expr }
  | { readonly kind: 'empty_row' };

const MARKER = /^__vt(\d+)$/;

export class Stash {
  private readonly entries: StashEntry[] = [];

  add(entry: StashEntry): string {
    this.entries.push(entry);
    return `__vt${this.entries.length - 1}`;
  }

  /** The entry a marker name stands for, or undefined when `name` is no marker. */
  lookup(name: string): StashEntry | undefined {
    const m = MARKER.exec(name);
    return m ? this.entries[Number(m[1])] : undefined;
  }
}

/** Whether a word written in the query could be mistaken for a marker (it is then stashed too). */
export function looksLikeMarker(word: string): boolean {
  return /^__vt/i.test(word);
}
