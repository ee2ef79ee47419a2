/**
 * Scanning SQL text for quoted parts: where a string or a quoted identifier that starts at
 * `start` ends (backslash escapes in strings, doubled quotes in all three kinds).
 */
export function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === '\\' && quote !== '`') i += 2;
    else if (sql[i] === quote && sql[i + 1] === quote) i += 2;
    else if (sql[i] === quote) return i + 1;
    else i++;
  }
  return sql.length;
}
