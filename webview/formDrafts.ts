/**
 * The forms' unsaved text, kept per model: each model's form comes back as the user left it, and
 * never shows another model's settings. A draft remembers the defaults it was made from; when the
 * host's defaults change (a run configuration was picked or edited), the draft is dropped so the
 * configuration wins.
 */

/** A form's raw text by field id, persisted as UI state so a hidden panel keeps the user's edits. */
export type FormDraft = Record<string, string>;

/** Most models whose drafts are kept (the least recently edited go first). */
export const MAX_MODEL_DRAFTS = 20;

export interface ModelDrafts {
  /** The init's `modelKey`: which model the form was for. */
  modelKey: string;
  /** The init's `defaultsKey`: which defaults the form started from. */
  defaultsKey: string;
  /** The run form's text, or null when untouched. */
  draft: FormDraft | null;
  /** The sweep form's text, or null when untouched. */
  sweepDraft: FormDraft | null;
}

/**
 * The drafts to restore for `modelKey`, and the list to keep: an entry made from other defaults
 * than `defaultsKey` is dropped from it (and nothing is restored).
 */
export function takeDrafts(
  list: readonly ModelDrafts[],
  modelKey: string,
  defaultsKey: string,
): { drafts: ModelDrafts | null; list: ModelDrafts[] } {
  const found = list.find((d) => d.modelKey === modelKey) ?? null;
  if (found && found.defaultsKey !== defaultsKey)
    return { drafts: null, list: list.filter((d) => d !== found) };
  return { drafts: found, list: [...list] };
}

/** `list` with `entry` as its most recent item, replacing the model's older entry, bounded. */
export function putDrafts(list: readonly ModelDrafts[], entry: ModelDrafts): ModelDrafts[] {
  return [entry, ...list.filter((d) => d.modelKey !== entry.modelKey)].slice(0, MAX_MODEL_DRAFTS);
}
