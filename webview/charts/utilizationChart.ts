/**
 * CPU utilization over time (engine process, solid; whole system, dashed), and GPU utilization /
 * memory when the samples carry them. Without GPU samples the GPU chart is replaced by a note —
 * an empty chart would suggest the GPU was idle.
 */
import type { ChartDataset } from 'chart.js';
import type { RunStore } from '../data/runStore';
import type { ChartTheme } from '../theme';
import { decimate, type Chart, type XY } from './chartSetup';
import { createLineChart, linearAxis, rightAxis, seriesLine, timeAxis, zeroBasedAxis } from './chartOptions';
import { createChartFrame, themed, type PanelView } from './chartPanel';

const NO_GPU_NOTE =
  'No GPU detected: GPU utilization and memory are sampled from nvidia-smi when an NVIDIA GPU is present.';

export class UtilizationChart implements PanelView {
  readonly element: HTMLElement;
  private readonly cpu: Chart<'line', XY[]>;
  private readonly gpu: Chart<'line', XY[]>;
  private readonly gpuBox: HTMLElement;
  private readonly gpuNote: HTMLParagraphElement;
  private readonly lastCpu = { theme: null as ChartTheme | null };
  private readonly lastGpu = { theme: null as ChartTheme | null };

  constructor() {
    const cpuFrame = createChartFrame(
      'cpu',
      'CPU utilization',
      'Engine process CPU in percent of one core (solid) and system-wide CPU in percent of all cores (dashed), per strategy.',
    );
    const gpuFrame = createChartFrame(
      'gpu',
      'GPU utilization and memory',
      'GPU utilization (solid, left) and memory used (dashed, right), per strategy.',
    );
    this.element = document.createElement('div');
    this.element.className = 'chart-group';
    this.element.append(cpuFrame.section, gpuFrame.section);
    this.gpuBox = gpuFrame.canvas.parentElement as HTMLElement;
    this.gpuNote = gpuFrame.note;
    this.cpu = createLineChart(cpuFrame.canvas, { x: timeAxis(), y: zeroBasedAxis('CPU (%)') });
    this.gpu = createLineChart(gpuFrame.canvas, {
      x: timeAxis(),
      y: linearAxis('GPU (%)', { min: 0, max: 100 }),
      mem: rightAxis('memory (MiB)'),
    });
  }

  render(store: RunStore, theme: ChartTheme): void {
    const series = store.allSeries();
    const cpu: ChartDataset<'line', XY[]>[] = [];
    const gpu: ChartDataset<'line', XY[]>[] = [];
    for (const s of series) {
      const label = store.seriesLabel(s);
      const t = Array.from(s.samples.tMs.view(), (ms) => ms / 1000);
      const line = seriesLine(theme, s.colorIndex);
      cpu.push(
        { ...line, label: `${label} process`, data: decimate(t, s.samples.processCpuPercent.view()) },
        {
          ...line,
          label: `${label} system`,
          data: decimate(t, s.samples.systemCpuPercent.view()),
          borderDash: [5, 3],
        },
      );
      if (s.hasGpuSamples)
        gpu.push(
          { ...line, label: `${label} GPU`, data: decimate(t, s.samples.gpuUtilPercent.view()) },
          {
            ...line,
            label: `${label} memory`,
            data: decimate(t, s.samples.gpuMemoryMiB.view()),
            borderDash: [5, 3],
            yAxisID: 'mem',
          },
        );
    }
    this.cpu.data.datasets = cpu;
    themed(this.cpu as unknown as Chart, theme, this.lastCpu).update('none');
    const hasGpu = gpu.length > 0;
    this.gpuBox.hidden = !hasGpu;
    this.gpuNote.hidden = hasGpu || series.length === 0;
    this.gpuNote.textContent = NO_GPU_NOTE;
    if (hasGpu) {
      this.gpu.data.datasets = gpu;
      themed(this.gpu as unknown as Chart, theme, this.lastGpu).update('none');
    }
  }
}
