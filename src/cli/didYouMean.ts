/** Suggestions for mistyped option names and values. */

/** Edit distance (insert, delete, substitute) between two short strings. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
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
