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
}

export const DEFAULT_UI_STATE: UiState = {
  version: UI_STATE_VERSION,
  batchSeries: 0,
  formOpen: true,
  draft: null,
};

/** Reads a persisted state, falling back to defaults for anything missing or of the wrong type. */
export function migrateUiState(raw: unknown): UiState {
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_UI_STATE };
  const r = raw as Record<string, unknown>;
  if (r.version !== UI_STATE_VERSION) return { ...DEFAULT_UI_STATE };
  const draft =
    typeof r.draft === 'object' &&
    r.draft !== null &&
    Object.values(r.draft).every((v) => typeof v === 'string')
      ? (r.draft as FormDraft)
      : null;
  return {
    version: UI_STATE_VERSION,
    batchSeries:
      typeof r.batchSeries === 'number' && Number.isInteger(r.batchSeries) && r.batchSeries >= 0
        ? r.batchSeries
        : 0,
    formOpen: typeof r.formOpen === 'boolean' ? r.formOpen : true,
    draft,
  };
}
