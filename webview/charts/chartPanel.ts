/**
 * The frame every chart sits in: a titled <section> with a canvas (an image with a text
 * description for screen readers) and an optional note.
 */
import type { RunStore } from '../data/runStore';
import type { ChartTheme } from '../theme';
import { applyChartTheme, type Chart } from './chartSetup';

/** A chart (or table) that redraws itself from the store. */
export interface PanelView {
  readonly element: HTMLElement;
  /** Redraw from the store; called at most once per animation frame. */
  render(store: RunStore, theme: ChartTheme): void;
}

export interface ChartFrame {
  section: HTMLElement;
  canvas: HTMLCanvasElement;
  note: HTMLParagraphElement;
  /** Extra controls go here (above the canvas). */
  toolbar: HTMLDivElement;
}

export function createChartFrame(id: string, title: string, description: string): ChartFrame {
  const section = document.createElement('section');
  section.className = 'chart';
  section.id = `chart-${id}`;
  const heading = document.createElement('h3');
  heading.textContent = title;
  heading.id = `chart-${id}-title`;
  const toolbar = document.createElement('div');
  toolbar.className = 'chart-toolbar';
  const box = document.createElement('div');
  box.className = 'chart-canvas';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-labelledby', heading.id);
  canvas.setAttribute('aria-describedby', `chart-${id}-desc`);
  canvas.dataset.chart = id;
  const desc = document.createElement('p');
  desc.className = 'chart-desc';
  desc.id = `chart-${id}-desc`;
  desc.textContent = description;
  const note = document.createElement('p');
  note.className = 'chart-note';
  note.hidden = true;
  box.appendChild(canvas);
  section.append(heading, desc, toolbar, box, note);
  return { section, canvas, note, toolbar };
}

/** Applies the theme when it changed since the last call for this chart; returns the chart. */
export function themed(chart: Chart, theme: ChartTheme, last: { theme: ChartTheme | null }): Chart {
  if (last.theme !== theme) {
    applyChartTheme(chart, theme);
    last.theme = theme;
  }
  return chart;
}
