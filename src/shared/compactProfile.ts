/**
 * A profile as the viewers receive it: everything of the in-memory {@link Profile} as is, except
 * each strategy's per-request and per-batch columns, which stay in the profile file's compact
 * encoding (~2 bytes a request instead of ~60 as plain JSON numbers or per-batch events). The
 * HTML report embeds it and the host posts it to the panel; the page inflates the columns and
 * decodes them with the project's one column decoder.
 */
import type { EncodedBatches, EncodedRequests } from './encodedColumns';
import type { Profile, StrategyResult } from './profileTypes';
import { ColumnDataError, type InflateColumn } from './columnBytes';
import { decodeColumns } from './columnsDecoder';

export type CompactStrategy = Omit<StrategyResult, 'requests' | 'batches'> & {
  requests: EncodedRequests;
  batches: EncodedBatches;
};

export type CompactProfile = Omit<Profile, 'strategies'> & { strategies: CompactStrategy[] };

/**
 * `profile` with each strategy's columns replaced by `columns[i]`: the same strategy's columns
 * as encoded in its profile file (or freshly encoded).
 */
export function compactProfile(
  profile: Profile,
  columns: ReadonlyArray<{ requests: EncodedRequests; batches: EncodedBatches }>,
): CompactProfile {
  if (columns.length !== profile.strategies.length)
    throw new Error(`${columns.length} encoded strategies for a profile of ${profile.strategies.length}`);
  return {
    ...profile,
    strategies: profile.strategies.map(({ requests: _r, batches: _b, ...rest }, i) => ({
      ...rest,
      requests: columns[i].requests,
      batches: columns[i].batches,
    })),
  };
}

/** Every encoded column of `compact`, for a caller that inflates them ahead (the page). */
export function encodedColumnsOf(compact: CompactProfile): string[] {
  const data: string[] = [];
  for (const s of compact.strategies)
    for (const group of [s.requests, s.batches])
      for (const value of Object.values(group))
        if (typeof value === 'object' && value !== null && typeof value.data === 'string')
          data.push(value.data);
  return data;
}

/**
 * The profile with its columns decoded.
 * @throws ColumnDataError naming the strategy and the column when one does not decode
 */
export function expandProfile(compact: CompactProfile, inflate: InflateColumn): Profile {
  // The priority levels the run had, when the settings say (an empty list says nothing).
  const levels = compact.settings.priorities?.length || undefined;
  return {
    ...compact,
    strategies: compact.strategies.map((s, index): StrategyResult => {
      try {
        return { ...s, ...decodeColumns(s.requests, s.batches, inflate, levels) };
      } catch (err) {
        if (!(err instanceof ColumnDataError)) throw err;
        throw new ColumnDataError(`strategy ${index} ("${s.label}") column ${err.message}`);
      }
    }),
  };
}
