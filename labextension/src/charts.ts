/**
 * The `%%dlcheck` charts of the sidebar: the loss curve, the mean gradient norm per layer
 * and the dead / saturated units per activation, drawn from the numbers in the findings
 * payload (`charts` key, dlfault_jupyter/runtime/charts.py `data_for`).
 *
 * Notebook outputs are untrusted (a forged notebook can carry anything in the payload):
 * every number is validated as a finite number before it reaches an attribute, names are
 * only ever text nodes, and the drawing uses createElementNS/createTextNode/setAttribute
 * (never innerHTML). Imports nothing from JupyterLab: jest tests it with a fake document.
 */
import { ICellOutputs, MIME } from './findings';

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const HTML_NS = 'http://www.w3.org/1999/xhtml';
export const MAX_POINTS = 200;
export const MAX_LAYERS = 32;

export interface ILayerRow {
  name: string;
  kind: string;
  grad: number | null;
  dead: number | null;
  saturated: number | null;
}

export interface ICharts {
  framework: 'torch' | 'keras';
  steps: number;
  loss: { steps: number[]; values: number[]; badStep: number | null };
  layers: ILayerRow[];
}

export interface ICellCharts {
  key: string;
  cellIndex: number;
  cellId: string;
  executionCount: number | null;
  charts: ICharts;
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function numOrNull(v: unknown, lo = -Infinity, hi = Infinity): number | null {
  return finite(v) && v >= lo && v <= hi ? v : null;
}

function text(v: unknown, max: number): string {
  return typeof v === 'string' ? v.slice(0, max) : '';
}

/** Validated chart numbers, or null when `v` holds nothing drawable (never throws). */
export function parseCharts(v: unknown): ICharts | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    return null;
  }
  const o = v as Record<string, unknown>;
  const steps: number[] = [];
  const values: number[] = [];
  const loss =
    o.loss && typeof o.loss === 'object'
      ? (o.loss as Record<string, unknown>)
      : {};
  if (Array.isArray(loss.steps) && Array.isArray(loss.values)) {
    const n = Math.min(loss.steps.length, loss.values.length);
    for (let i = 0; i < n && steps.length < MAX_POINTS; i++) {
      const s = loss.steps[i];
      const y = loss.values[i];
      if (finite(s) && finite(y)) {
        steps.push(s);
        values.push(y);
      }
    }
  }
  const layers: ILayerRow[] = [];
  if (Array.isArray(o.layers)) {
    for (const row of o.layers) {
      if (layers.length >= MAX_LAYERS) {
        break;
      }
      if (!row || typeof row !== 'object' || Array.isArray(row)) {
        continue;
      }
      const r = row as Record<string, unknown>;
      const name = text(r.name, 200);
      if (!name) {
        continue;
      }
      const item: ILayerRow = {
        name,
        kind: text(r.kind, 60),
        grad: numOrNull(r.grad, 0),
        dead: numOrNull(r.dead, 0, 1),
        saturated: numOrNull(r.saturated, 0, 1)
      };
      if (item.grad !== null || item.dead !== null || item.saturated !== null) {
        layers.push(item);
      }
    }
  }
  if (values.length < 2 && layers.length === 0) {
    return null;
  }
  return {
    framework: o.framework === 'keras' ? 'keras' : 'torch',
    steps: finite(o.steps) && o.steps >= 0 ? Math.floor(o.steps) : steps.length,
    loss: { steps, values, badStep: numOrNull(loss.bad_step, 0) },
    layers
  };
}

/** The charts of each cell (the last payload with charts in that cell), notebook order. */
export function collectCharts(
  cells: ReadonlyArray<ICellOutputs>
): ICellCharts[] {
  const out: ICellCharts[] = [];
  cells.forEach((cell, cellIndex) => {
    let found: ICellCharts | null = null;
    for (const data of cell.outputs) {
      if (!data || !(MIME in data)) {
        continue;
      }
      const p = data[MIME];
      if (!p || typeof p !== 'object' || Array.isArray(p)) {
        continue;
      }
      const charts = parseCharts((p as Record<string, unknown>).charts);
      if (charts) {
        const ec = (p as Record<string, unknown>).execution_count;
        found = {
          key: `${cell.id}#charts`,
          cellIndex,
          cellId: cell.id,
          executionCount: finite(ec) && Number.isInteger(ec) ? ec : null,
          charts
        };
      }
    }
    if (found) {
      out.push(found);
    }
  });
  return out;
}

// -- drawing ----------------------------------------------------------------------------

/** The parts of a DOM the drawing needs (a real `document`, or a fake one in tests). */
export interface INodeLike {
  appendChild(child: never): unknown;
}
export interface IElementLike extends INodeLike {
  setAttribute(name: string, value: string): void;
}
export interface IDocumentLike {
  createElementNS(ns: string, tag: string): IElementLike;
  createTextNode(data: string): INodeLike;
}

/** A number as chart text: 3 significant digits, exponent for tiny or huge values. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) {
    return '–';
  }
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-2 || a >= 1e4)) {
    return v.toExponential(1);
  }
  return String(Number(v.toPrecision(3)));
}

/** A coordinate for an attribute: always a plain finite decimal. */
function c(v: number): string {
  return Number.isFinite(v) ? v.toFixed(1) : '0';
}

class Draw {
  constructor(private readonly doc: IDocumentLike) {}

  el(
    tag: string,
    attrs: Record<string, string | number>,
    parent?: IElementLike
  ): IElementLike {
    const e = this.doc.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) {
      e.setAttribute(k, typeof v === 'number' ? c(v) : v);
    }
    if (parent) {
      parent.appendChild(e as never);
    }
    return e;
  }

  text(
    parent: IElementLike,
    x: number,
    y: number,
    s: string,
    attrs: Record<string, string> = {}
  ): IElementLike {
    const t = this.el(
      'text',
      { x, y, class: 'jp-DLFault-chart-text', ...attrs },
      parent
    );
    t.appendChild(this.doc.createTextNode(s) as never);
    return t;
  }

  title(parent: IElementLike, s: string): void {
    const t = this.el('title', {}, parent);
    t.appendChild(this.doc.createTextNode(s) as never);
  }

  svg(width: number, height: number, label: string): IElementLike {
    const s = this.el('svg', {
      width,
      height,
      viewBox: `0 0 ${c(width)} ${c(height)}`,
      role: 'img',
      class: 'jp-DLFault-chart-svg'
    });
    this.title(s, label);
    return s;
  }
}

const W = 240;

export function lossSvg(doc: IDocumentLike, ch: ICharts): IElementLike | null {
  const { steps, values } = ch.loss;
  if (values.length < 2) {
    return null;
  }
  const d = new Draw(doc);
  const H = 124;
  const L = 38;
  const R = 8;
  const T = 18;
  const B = 22;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const logy = lo > 0 && hi / lo > 100;
  const f = (v: number) => (logy ? Math.log10(v) : v);
  let ylo = f(lo);
  let yhi = f(hi);
  if (!(yhi - ylo > 1e-12)) {
    ylo -= 1;
    yhi += 1;
  }
  const s0 = steps[0];
  let s1 = steps[steps.length - 1];
  if (!(s1 > s0)) {
    s1 = s0 + 1;
  }
  const X = (s: number) => L + ((s - s0) / (s1 - s0)) * (W - L - R);
  const Y = (v: number) => T + (1 - (f(v) - ylo) / (yhi - ylo)) * (H - T - B);
  const svg = d.svg(W, H, 'Loss per step');
  d.text(svg, L, 12, `Loss per step${logy ? ' (log scale)' : ''}`, {
    class: 'jp-DLFault-chart-text jp-DLFault-chart-title'
  });
  d.el(
    'rect',
    {
      x: L,
      y: T,
      width: W - L - R,
      height: H - T - B,
      fill: 'none',
      class: 'jp-DLFault-chart-frame'
    },
    svg
  );
  const pts = steps.map((s, i) => `${c(X(s))},${c(Y(values[i]))}`).join(' ');
  d.el(
    'polyline',
    { points: pts, fill: 'none', class: 'jp-DLFault-chart-line' },
    svg
  );
  if (ch.loss.badStep !== null) {
    const x = X(Math.min(Math.max(ch.loss.badStep, s0), s1));
    d.el(
      'line',
      { x1: x, y1: T, x2: x, y2: H - B, class: 'jp-DLFault-chart-bad' },
      svg
    );
    d.text(
      svg,
      x + 2,
      T + 10,
      `NaN/Inf at step ${Math.round(ch.loss.badStep)}`,
      {
        class: 'jp-DLFault-chart-text jp-DLFault-chart-badtext'
      }
    );
  }
  d.text(svg, L - 3, T + 8, fmt(hi), { 'text-anchor': 'end' });
  d.text(svg, L - 3, H - B, fmt(lo), { 'text-anchor': 'end' });
  d.text(svg, L, H - 6, `step ${Math.round(s0)}`);
  d.text(svg, W - R, H - 6, String(Math.round(s1)), { 'text-anchor': 'end' });
  return svg;
}

function short(name: string): string {
  return name.length <= 14 ? name : '…' + name.slice(-13);
}

function bars(
  doc: IDocumentLike,
  title: string,
  rows: Array<{ name: string; value: number; cls: string; label: string }>,
  frac: (v: number) => number
): IElementLike {
  const d = new Draw(doc);
  const x0 = 84;
  const width = W - x0 - 58;
  const H = 22 + 15 * rows.length + 4;
  const svg = d.svg(W, H, title);
  d.text(svg, 2, 12, title, {
    class: 'jp-DLFault-chart-text jp-DLFault-chart-title'
  });
  rows.forEach((r, i) => {
    const y = 20 + 15 * i;
    const w = Math.max(1, Math.min(1, Math.max(0, frac(r.value))) * width);
    const label = d.text(svg, x0 - 4, y + 10, short(r.name), {
      'text-anchor': 'end'
    });
    d.title(label, r.name); // the full name on hover
    d.el('rect', { x: x0, y: y + 2, width: w, height: 10, class: r.cls }, svg);
    d.text(svg, x0 + w + 3, y + 10, r.label);
  });
  return svg;
}

export function gradSvg(doc: IDocumentLike, ch: ICharts): IElementLike | null {
  const rows = ch.layers.filter(l => l.grad !== null);
  if (rows.length === 0) {
    return null;
  }
  const pos = rows.map(r => r.grad as number).filter(v => v > 0);
  const lv = pos.map(v => Math.log10(v));
  const hi = lv.length ? Math.max(...lv) : 0;
  let lo = lv.length ? Math.min(...lv) - 0.5 : -1;
  if (hi - lo < 1) {
    lo = hi - 1;
  }
  return bars(
    doc,
    'Mean gradient norm per layer (log)',
    rows.map(r => {
      const g = r.grad as number;
      return {
        name: r.name,
        value: g,
        cls:
          g > 1e3
            ? 'jp-DLFault-bar-bad'
            : g < 1e-6
              ? 'jp-DLFault-bar-warn'
              : 'jp-DLFault-bar-ok',
        label: fmt(g)
      };
    }),
    v => (v > 0 ? (Math.log10(v) - lo) / (hi - lo) : 0)
  );
}

export function deadSvg(doc: IDocumentLike, ch: ICharts): IElementLike | null {
  const rows: Array<{
    name: string;
    value: number;
    cls: string;
    label: string;
  }> = [];
  for (const l of ch.layers) {
    if (l.dead !== null) {
      rows.push({
        name: l.name,
        value: l.dead,
        cls: l.dead >= 0.5 ? 'jp-DLFault-bar-bad' : 'jp-DLFault-bar-ok',
        label: `${Math.round(l.dead * 100)}% dead`
      });
    } else if (l.saturated !== null) {
      rows.push({
        name: l.name,
        value: l.saturated,
        cls: l.saturated >= 0.5 ? 'jp-DLFault-bar-warn' : 'jp-DLFault-bar-ok',
        label: `${Math.round(l.saturated * 100)}% sat.`
      });
    }
  }
  if (rows.length === 0) {
    return null;
  }
  return bars(doc, 'Dead / saturated units', rows, v => v);
}

/** All charts of one run in a container element (class `jp-DLFault-charts`). */
export function renderCharts(doc: IDocumentLike, ch: ICharts): IElementLike {
  const box = doc.createElementNS(HTML_NS, 'div');
  box.setAttribute('class', 'jp-DLFault-charts');
  for (const part of [lossSvg(doc, ch), gradSvg(doc, ch), deadSvg(doc, ch)]) {
    if (part) {
      box.appendChild(part as never);
    }
  }
  return box;
}
