/**
 * Builders for the pieces the line charts share: the chart itself (base options, empty data),
 * their axes, and the themed line style of one series. Each chart keeps only what is its own.
 */
import type { ChartOptions, Plugin, ScaleOptions } from 'chart.js';
import { seriesColor, type ChartTheme } from '../theme';
import { baseOptions, Chart, type XY } from './chartSetup';

type AxisOptions = ScaleOptions<'linear'>;

/** A linear axis with a visible title; `extra` adds bounds, ticks and the like. */
export function linearAxis(title: string, extra: AxisOptions = {}): AxisOptions {
  return { type: 'linear', ...extra, title: { display: true, text: title } };
}

/** The x axis of every chart over run time, in seconds. */
export const timeAxis = (): AxisOptions => linearAxis('time (s)');

/** A y axis that starts at zero. */
export const zeroBasedAxis = (title: string): AxisOptions => linearAxis(title, { beginAtZero: true });

/** A second y axis on the right (for the dashed series), without its own grid lines over the plot. */
export const rightAxis = (title: string): AxisOptions =>
  linearAxis(title, { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } });

/**
 * A line chart of {x, y} points with the shared base options, `scales` and any further options
 * (`extra`, e.g. element styles) on top; datasets are filled in by the chart's render().
 */
export function createLineChart(
  canvas: HTMLCanvasElement,
  scales: ChartOptions<'line'>['scales'],
  extra: ChartOptions<'line'> = {},
  plugins: Plugin<'line'>[] = [],
): Chart<'line', XY[]> {
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: { ...baseOptions<'line'>(), ...extra, scales },
    plugins,
  });
}

/** Line width for series: thicker in high-contrast themes. */
export const lineWidth = (theme: ChartTheme): number => (theme.highContrast ? 2.5 : 1.5);

/** Colour and width of a series' lines (and legend swatch) in the current theme. */
export function seriesLine(
  theme: ChartTheme,
  colorIndex: number,
): { borderColor: string; backgroundColor: string; borderWidth: number } {
  const color = seriesColor(theme, colorIndex);
  return { borderColor: color, backgroundColor: color, borderWidth: lineWidth(theme) };
}
