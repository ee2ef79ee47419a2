/** Window specifications (`over w`, `over (partition by ... order by ... rows ...)`) → Over. */

import type { Over } from './ast.js';
import { type Cx, exprs, fail, name, orderItem } from './convert-expr.js';
import type { NspNode } from './nsp.js';

export function convertOver(cx: Cx, over: NspNode): Over | null {
  if (over === null || over === undefined) return null;
  const spec = over.as_window_specification;
  if (typeof spec === 'string') return { name: name(cx, spec), partitionBy: [], orderBy: [], frame: null };
  const w = spec?.window_specification ?? fail('window');
  if (w.name) fail('window reference with a specification');
  return {
    name: null,
    partitionBy: exprs(cx, (w.partitionby ?? []).map((p: NspNode) => p.expr)),
    orderBy: (w.orderby ?? []).map((o: NspNode) => orderItem(cx, o)),
    frame: w.window_frame_clause ? frame(w.window_frame_clause) : null,
  };
}

function bound(n: NspNode): string {
  if (n?.type === 'origin' && typeof n.value === 'string') return n.value.toLowerCase();
  return fail('window frame bound');
}

function frame(n: NspNode): string {
  if (n?.type === 'binary_expr' && String(n.operator).toUpperCase() === 'BETWEEN') {
    const [a, b] = n.right?.value ?? [];
    return `${bound(n.left)} between ${bound(a)} and ${bound(b)}`;
  }
  if (typeof n?.value === 'string') return n.value.toLowerCase();
  return fail('window frame');
}
