/**
 * What the webview persists with setState: UI state only (the host owns the data). Versioned; an
 * unknown or older shape is migrated or dropped, never trusted.
 */
import type { FormDraft } from './views/runForm';

export const UI_STATE_VERSION = 1;

export interface UiState {
  version: typeof UI_STATE_VERSION;
  /** Series shown in the batch composition chart. */
  batchSeries: number;
  /** Whether the settings form is expanded. */
  formOpen: boolean;
  /** The form's text as last typed (so a hidden panel keeps unsaved edits). */
  draft: FormDraft | null;
  /** Whether the sweep settings are expanded. */
  sweepOpen: boolean;
  /** The sweep form's text as last typed. */
  sweepDraft: FormDraft | null;
}

export const DEFAULT_UI_STATE: UiState = {
  version: UI_STATE_VERSION,
  batchSeries: 0,
  formOpen: true,
  draft: null,
  sweepOpen: false,
  sweepDraft: null,
};

/** Reads a persisted state, falling back to defaults for anything missing or of the wrong type. */
export function migrateUiState(raw: unknown): UiState {
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_UI_STATE };
  const r = raw as Record<string, unknown>;
  if (r.version !== UI_STATE_VERSION) return { ...DEFAULT_UI_STATE };
  const draftOf = (d: unknown): FormDraft | null =>
    typeof d === 'object' && d !== null && Object.values(d).every((v) => typeof v === 'string')
      ? (d as FormDraft)
      : null;
  const draft = draftOf(r.draft);
  return {
    version: UI_STATE_VERSION,
    batchSeries:
      typeof r.batchSeries === 'number' && Number.isInteger(r.batchSeries) && r.batchSeries >= 0
        ? r.batchSeries
        : 0,
    formOpen: typeof r.formOpen === 'boolean' ? r.formOpen : true,
    draft,
    // Added after version 1 shipped: a state without them gets the defaults.
    sweepOpen: typeof r.sweepOpen === 'boolean' ? r.sweepOpen : false,
    sweepDraft: draftOf(r.sweepDraft),
  };
}
