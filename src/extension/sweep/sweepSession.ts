/**
 * The panel's Sweep, Verify and Export on the host side. The sweep itself runs in an engine child
 * (engineProcess/engineSweep.ts, the same code as `batchscope sweep`); this class starts it, hands
 * its stages and states to the panel, and writes the exported configuration into the workspace.
 * The model path never comes from the webview: a sweep runs on the panel's model, Verify and
 * Export act on the sweep this host ran or opened.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { PanelRunConfig } from '../../shared/panelProtocol';
import type { ModelSummary } from '../../shared/profileTypes';
import { exportConfig } from '../../shared/export/exportConfig';
import { EXPORT_FORMAT_TITLES, OUTPUT_FOLDER, type ExportFormat } from '../../shared/export/exportTypes';
import { sweepExportRequest } from '../../shared/export/sweepExport';
import { validateSweepConfig, type PanelSweepConfig } from '../../shared/sweep/sweepPanelProtocol';
import type { SweepFile } from '../../shared/sweep/sweepTypes';
import { EngineClient, type EngineSweepResult, type SweepListener } from '../engine/engineClient';
import type { ProfilerPanel } from '../panel/profilerPanel';
import { runStartPatch } from '../run/runEndView';
import { profileFileName } from '../run/profilePaths';
import { planEngineRun } from '../run/runRequest';

export interface SweepHost {
  enginePath: string;
  log: vscode.LogOutputChannel;
  logStderr(text: string): void;
  /** The folder profiles are saved in for `ref` (sweeps go in `sweeps` beside it). */
  profilesFolder(ref: string): string;
  /** The engine's working directory for `ref`. */
  baseFolder(ref: string): string;
  /** Marks a file the webview may ask to open. */
  allowOpen(file: string): void;
}

export class SweepSession {
  private client: EngineClient | undefined;
  /** The sweep shown, where it is saved, and the model settings it ran with. */
  private shown: { sweep: SweepFile; path: string; run: PanelRunConfig } | undefined;

  constructor(private readonly host: SweepHost) {}

  get running(): boolean {
    return this.client !== undefined;
  }

  /** Shows a saved sweep (opened from a file): Verify and Export then act on it. */
  showSaved(sweep: SweepFile, file: string, defaults: PanelRunConfig): void {
    this.shown = { sweep, path: file, run: defaults };
  }

  /** Runs a sweep of `model` with the form's sweep config and run settings. */
  async start(
    panel: ProfilerPanel,
    model: { ref: string; summary: ModelSummary },
    config: PanelSweepConfig,
    run: PanelRunConfig,
  ): Promise<void> {
    if (this.client) return panel.showError('A sweep is already running; cancel it first.');
    const problems = validateSweepConfig(
      config,
      model.summary.batchable ? model.summary.maxBatchSupported : 1,
    );
    if (problems.length > 0) return panel.showError(problems.map((p) => p.message).join(' '));
    const folder = path.join(path.dirname(this.host.profilesFolder(model.ref)), 'sweeps');
    const outPath = path.join(
      folder,
      profileFileName(model.ref, new Date()).replace(/\.json$/, '.sweep.json'),
    );
    const plan = planEngineRun(run);
    this.host.log.info(`Sweep started on ${model.ref}: ${config.strategies} → ${outPath}`);
    panel.update({
      sweep: { sweep: null, state: 'running', stage: 'Starting the engine' },
      // The sweep is what the panel is about now: an earlier run's end must not stay in the header.
      ...runStartPatch('idle'),
    });
    const result = await this.drive(panel, (client, listener) =>
      client.sweep(
        {
          modelPath: model.ref,
          modelOptions: plan.modelOptions,
          config,
          seed: run.seed,
          warmupS: run.warmupS,
          outPath,
        },
        listener,
      ),
    );
    if (result) this.shown = { sweep: result.sweep, path: result.sweepPath, run };
  }

  /** Verify on the sweep shown: runs its recommendation for real (the next candidate when it misses). */
  async verify(panel: ProfilerPanel): Promise<void> {
    const shown = this.shown;
    if (!shown) return panel.showError('There is no sweep to verify: run a sweep first.');
    if (this.client) return panel.showError('A sweep is already running; wait for it or cancel it.');
    if (!shown.sweep.recommendation)
      return panel.showError(
        `This sweep has no recommendation to verify: ${shown.sweep.noRecommendation ?? ''}`,
      );
    const modelOptions = planEngineRun(shown.run).modelOptions;
    panel.update({ sweep: { sweep: shown.sweep, state: 'running', stage: 'Verifying on the model' } });
    const result = await this.drive(panel, (client, listener) =>
      client.verifySweep(shown.path, modelOptions, listener),
    );
    if (result) this.shown = { ...shown, sweep: result.sweep };
  }

  cancel(): void {
    this.client?.cancel();
  }

  /** The panel moved on (another model, a profile): Verify and Export no longer act on the old sweep. */
  forget(): void {
    this.cancel();
    this.shown = undefined;
  }

  /** Writes the recommended configuration for `format` into the workspace and opens it. */
  async export(panel: ProfilerPanel, format: ExportFormat): Promise<void> {
    const shown = this.shown;
    const rec = shown?.sweep.recommendation;
    if (!shown || !rec)
      return panel.showError('There is no recommendation to export: run a sweep with an SLO first.');
    if (shown.sweep.model.target)
      return panel.showError(
        'A synthetic model has no file a server could load: sweep an ONNX model to export.',
      );
    const result = exportConfig({
      format,
      ...sweepExportRequest(shown.sweep, rec.configIndex, path.basename(shown.path), shown.run.threads),
    });
    // Next to the model: a Triton model repository there, other servers' files in batchscope-export/.
    const modelDir = path.dirname(shown.sweep.model.path);
    const outDir =
      format === 'triton'
        ? path.join(modelDir, 'model_repository')
        : path.join(modelDir, 'batchscope-export', format);
    const written: vscode.Uri[] = [];
    try {
      for (const f of result.files) {
        const uri = vscode.Uri.file(path.join(outDir, ...f.path.split('/')));
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(f.text));
        written.push(uri);
      }
    } catch (err) {
      const message = `Could not write the ${EXPORT_FORMAT_TITLES[format]} configuration to ${outDir}: ${(err as Error).message}. Make the folder writable, or export from the CLI with --out.`;
      this.host.log.error(message);
      return panel.showError(message);
    }
    this.host.log.info(
      `Exported ${rec.label} for ${EXPORT_FORMAT_TITLES[format]}: ${written.map((u) => u.fsPath).join(', ')}`,
    );
    for (const d of result.differences) this.host.log.info(`  differs: ${d}`);
    for (const n of result.notes) this.host.log.info(`  next: ${n.split(OUTPUT_FOLDER).join(outDir)}`);
    if (written[0]) await vscode.window.showTextDocument(written[0], { preview: false });
    const differs =
      result.differences.length > 0
        ? ` ${result.differences.length} difference(s) from the profiled strategy: see the log.`
        : '';
    void vscode.window
      .showInformationMessage(
        `Batchscope: wrote ${written.length} file(s) for ${EXPORT_FORMAT_TITLES[format]} in ${vscode.workspace.asRelativePath(outDir)}.${differs}`,
        'Show Log',
      )
      .then((c) => (c === 'Show Log' ? this.host.log.show(true) : undefined));
  }

  dispose(): void {
    this.client?.dispose();
    this.client = undefined;
  }

  /** Runs one engine sweep request with the panel following it; resolves with its result (undefined: failed). */
  private async drive(
    panel: ProfilerPanel,
    request: (client: EngineClient, listener: SweepListener) => Promise<EngineSweepResult>,
  ): Promise<EngineSweepResult | undefined> {
    const client = new EngineClient({
      enginePath: this.host.enginePath,
      onStderr: (t) => this.host.logStderr(t),
    });
    this.client = client;
    let latest: SweepFile | null = this.shown?.sweep ?? null;
    try {
      const result = await request(client, (u) => {
        if (u.sweep) latest = u.sweep;
        if (u.stage) this.host.log.info(`Sweep: ${u.stage}`);
        panel.update({
          sweep: { sweep: latest, state: 'running', stage: u.stage ?? panel.current.sweep?.stage },
        });
      });
      this.host.allowOpen(result.sweepPath);
      panel.update({
        sweep: {
          sweep: result.sweep,
          state: result.cancelled ? 'cancelled' : 'done',
          sweepPath: result.sweepPath,
          message: result.cancelled ? 'Cancelled: what was done so far is saved.' : undefined,
        },
      });
      return result;
    } catch (err) {
      const message = (err as Error).message;
      this.host.log.error(`Sweep failed: ${message}`);
      panel.update({ sweep: { sweep: latest, state: 'failed', message } });
      return undefined;
    } finally {
      client.dispose();
      if (this.client === client) this.client = undefined;
    }
  }
}
