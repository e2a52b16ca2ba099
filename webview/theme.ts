/**
 * Chart colours from VS Code's theme variables. VS Code sets `--vscode-*` on the document and a
 * `vscode-dark` / `vscode-light` / `vscode-high-contrast` class on <body>; when the user switches
 * theme both change, so we watch the body's class and re-read.
 */

/** One colour per series, in this order (the theme's chart palette). */
const SERIES_VARS = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
];
const SERIES_FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

export interface ChartTheme {
  series: string[];
  foreground: string;
  gridLines: string;
  background: string;
  /** For what went wrong (rejected requests). */
  error: string;
  /** True in high-contrast themes: thicker lines, no translucent fills. */
  highContrast: boolean;
  kind: 'dark' | 'light' | 'high-contrast' | 'high-contrast-light';
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

export function readTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const cls = document.body.classList;
  const kind = cls.contains('vscode-high-contrast-light')
    ? 'high-contrast-light'
    : cls.contains('vscode-high-contrast')
      ? 'high-contrast'
      : cls.contains('vscode-light')
        ? 'light'
        : 'dark';
  const light = kind === 'light' || kind === 'high-contrast-light';
  return {
    series: SERIES_VARS.map((v, i) => cssVar(style, v, SERIES_FALLBACK[i])),
    foreground: cssVar(style, '--vscode-foreground', light ? '#3b3b3b' : '#cccccc'),
    gridLines: cssVar(style, '--vscode-charts-lines', light ? 'rgba(0,0,0,0.15)' : 'rgba(255,255,255,0.15)'),
    background: cssVar(style, '--vscode-editor-background', light ? '#ffffff' : '#1e1e1e'),
    error: cssVar(style, '--vscode-errorForeground', light ? '#a1260d' : '#f48771'),
    highContrast: kind === 'high-contrast' || kind === 'high-contrast-light',
    kind,
  };
}

/** Colour of series `i` (wraps around the palette). */
export function seriesColor(theme: ChartTheme, i: number): string {
  return theme.series[i % theme.series.length];
}

/** `color` with alpha (0..1), resolved by the browser so any CSS colour works on a canvas. */
export function withAlpha(color: string, alpha: number): string {
  const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(resolveColor(color));
  return m ? `rgba(${m[1]}, ${m[2]}, ${m[3]}, ${alpha})` : color;
}

let probe: HTMLElement | null = null;

/** The computed `rgb(...)` form of a CSS colour (theme variables may hold hex, names or rgba). */
function resolveColor(color: string): string {
  if (!probe) {
    probe = document.createElement('span');
    probe.hidden = true;
    document.body.appendChild(probe);
  }
  probe.style.color = '';
  probe.style.color = color;
  return getComputedStyle(probe).color;
}

/** Calls `onChange` whenever the body's theme class (or style) changes. */
export function watchTheme(onChange: () => void): void {
  const observer = new MutationObserver(() => onChange());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
}
