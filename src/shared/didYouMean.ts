/** Suggestions for mistyped option names and values. */

/** Edit distance (insert, delete, substitute, swap two neighbours) between two short strings. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      // A swapped pair ("dyanmic") is one typo, not two.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate to `input` (prefix matches first), or null when nothing is close. */
export function closest(input: string, candidates: readonly string[]): string | null {
  const lower = input.toLowerCase();
  const prefixed = candidates.filter((c) => c.startsWith(lower) || lower.startsWith(c));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

/** " Did you mean X?" or "" */
export function didYouMean(input: string, candidates: readonly string[], prefix = ''): string {
  const c = closest(input, candidates);
  return c ? ` Did you mean ${prefix}${c}?` : '';
}
