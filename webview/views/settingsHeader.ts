/**
 * The run settings' <summary> and the line under it: where the settings came from ("from
 * configuration ‹name›", with "Open configurations"), and, once the form is collapsed for a run,
 * the run's settings on one line.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';

export class SettingsHeader {
  /** The <details>' summary: title, source, and the one-line settings when collapsed. */
  readonly summary: HTMLElement;
  /** First thing inside the open form: the configuration and a button to open the file. */
  readonly source: HTMLElement;
  private readonly sourceText: HTMLElement;
  private readonly line: HTMLElement;

  constructor(openConfigurations: () => void) {
    this.summary = document.createElement('summary');
    this.summary.className = 'settings-summary';
    this.sourceText = document.createElement('span');
    this.sourceText.className = 'settings-source-name';
    this.line = document.createElement('span');
    this.line.className = 'settings-line';
    const title = document.createElement('span');
    title.className = 'settings-title';
    title.textContent = 'Run settings';
    this.summary.append(title, this.sourceText, this.line);

    this.source = document.createElement('p');
    this.source.className = 'settings-source';
    this.source.hidden = true;
    const open = document.createElement('vscode-button');
    open.id = 'btn-open-configurations';
    open.setAttribute('secondary', '');
    open.textContent = 'Open configurations';
    open.addEventListener('click', openConfigurations);
    this.source.append(document.createElement('span'), open);
  }

  /**
   * @param configurationName the run configuration the defaults came from, if any
   * @param line the settings on one line (shown while collapsed), or '' for none
   */
  set(configurationName: string | undefined, line: string): void {
    this.sourceText.textContent = configurationName ? ` — from configuration ‹${configurationName}›` : '';
    this.line.textContent = line ? `: ${line}` : '';
    this.source.hidden = !configurationName;
    this.source.firstElementChild!.textContent = configurationName
      ? `These settings start from the run configuration ‹${configurationName}› (.batchscope/config.json). `
      : '';
  }
}
