/**
 * Table names as they appear inside VSchema strings (`auto_increment.sequence`, reference
 * `source`, routing rule `to_tables`, mirror `to_table`): `t`, `ks.t`, or with MySQL
 * backticks (`` a.`c.b` ``, a doubled backtick escapes one) when a name has special characters.
 */

export interface ParsedTableName {
  /** null when the name is not qualified by a keyspace. */
  readonly qualifier: string | null;
  readonly name: string;
}

/** Returns the parsed name, or an error message describing why the text is not a table name. */
export function parseTableName(text: string): ParsedTableName | { readonly error: string } {
  const parts: string[] = [];
  let i = 0;
  while (i <= text.length) {
    let part = '';
    if (text[i] === '`') {
      i++;
      for (;;) {
        if (i >= text.length) return { error: `unterminated backtick in table name "${text}"` };
        if (text[i] === '`') {
          if (text[i + 1] === '`') {
            part += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        part += text[i];
        i++;
      }
      if (part === '') return { error: `empty identifier in table name "${text}"` };
    } else {
      const m = /^[A-Za-z0-9_$\u0080-\uffff]+/.exec(text.slice(i));
      if (!m) return { error: `invalid table name "${text}"` };
      part = m[0];
      i += part.length;
    }
    parts.push(part);
    if (i === text.length) break;
    if (text[i] !== '.') return { error: `invalid table name "${text}"` };
    i++;
    if (i === text.length) return { error: `invalid table name "${text}"` };
  }
  if (parts.length === 1) return { qualifier: null, name: parts[0]! };
  if (parts.length === 2) return { qualifier: parts[0]!, name: parts[1]! };
  return { error: `invalid table name "${text}": expected table or keyspace.table` };
}

/** Prints a qualified name the way Vitess does in messages: `ks.t`. */
export function qualifiedString(keyspace: string | null, table: string): string {
  return keyspace ? `${keyspace}.${table}` : table;
}
