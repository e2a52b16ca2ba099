/**
 * What the webview persists with setState: UI state only (the host owns the data). Versioned; an
 * unknown or older shape is migrated or dropped, never trusted.
 */
import { MAX_MODEL_DRAFTS, type FormDraft, type ModelDrafts } from './formDrafts';

export const UI_STATE_VERSION = 2;

export interface UiState {
  version: typeof UI_STATE_VERSION;
  /** Series shown in the batch composition chart. */
  batchSeries: number;
  /** Whether the settings form is expanded. */
  formOpen: boolean;
  /** Whether the sweep settings are expanded. */
  sweepOpen: boolean;
  /** Whether the summary table shows its less important columns too. */
  moreColumns: boolean;
  /**
   * The forms' text as last typed, one entry per model (most recent first, at most
   * {@link MAX_MODEL_DRAFTS}), so a hidden panel keeps unsaved edits and one model's settings
   * never show on another model's form.
   */
  drafts: ModelDrafts[];
}

export const DEFAULT_UI_STATE: UiState = {
  version: UI_STATE_VERSION,
  batchSeries: 0,
  formOpen: true,
  sweepOpen: false,
  moreColumns: false,
  drafts: [],
};

const isDraft = (d: unknown): d is FormDraft =>
  typeof d === 'object' && d !== null && Object.values(d).every((v) => typeof v === 'string');

const draftOf = (d: unknown): FormDraft | null => (isDraft(d) ? d : null);

function modelDraftsOf(x: unknown): ModelDrafts | null {
  if (typeof x !== 'object' || x === null) return null;
  const r = x as Record<string, unknown>;
  if (typeof r.modelKey !== 'string' || typeof r.defaultsKey !== 'string') return null;
  return {
    modelKey: r.modelKey,
    defaultsKey: r.defaultsKey,
    draft: draftOf(r.draft),
    sweepDraft: draftOf(r.sweepDraft),
  };
}

/** Reads a persisted state, falling back to defaults for anything missing or of the wrong type. */
export function migrateUiState(raw: unknown): UiState {
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_UI_STATE };
  const r = raw as Record<string, unknown>;
  if (r.version !== 1 && r.version !== UI_STATE_VERSION) return { ...DEFAULT_UI_STATE };
  const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);
  return {
    version: UI_STATE_VERSION,
    batchSeries:
      typeof r.batchSeries === 'number' && Number.isInteger(r.batchSeries) && r.batchSeries >= 0
        ? r.batchSeries
        : 0,
    formOpen: bool(r.formOpen, true),
    sweepOpen: bool(r.sweepOpen, false),
    moreColumns: bool(r.moreColumns, false),
    // Version 1 kept one draft for every model without saying which: it is dropped, not guessed
    // onto a model (that is how one model's settings leaked onto another's form).
    drafts:
      r.version === 1 || !Array.isArray(r.drafts)
        ? []
        : r.drafts
            .map(modelDraftsOf)
            .filter((d): d is ModelDrafts => d !== null)
            .slice(0, MAX_MODEL_DRAFTS),
  };
}
