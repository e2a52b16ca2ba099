/**
 * Settings -> the panel form's defaults moved to src/shared/settingsDefaults.ts (the CLI runs
 * configurations with the same built-in defaults); re-exported so the extension's imports stay.
 */
export {
  ARRIVALS,
  builtInRunConfig,
  profilesFolderSetting,
  runDefaultsFromSettings,
  SETTING_DEFAULTS,
  type RunDefaults,
  type SettingGetter,
} from '../../shared/settingsDefaults';
