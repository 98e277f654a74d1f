import {
  collectCharts,
  fmt,
  HTML_NS,
  IDocumentLike,
  MAX_LAYERS,
  MAX_POINTS,
  parseCharts,
  renderCharts,
  SVG_NS
} from '../charts';
import { MIME } from '../findings';

/** A fake document that records what the drawing does, and refuses HTML parsing. */
interface IFakeNode {
  kind: 'element' | 'text';
  ns?: string;
  tag?: string;
  attrs: Record<string, string>;
  children: IFakeNode[];
  data?: string;
  appendChild(c: IFakeNode): IFakeNode;
  setAttribute(k: string, v: string): void;
}

function fakeDocument(): IDocumentLike & { created: IFakeNode[] } {
  const created: IFakeNode[] = [];
  const node = (kind: 'element' | 'text'): IFakeNode => {
    const n: IFakeNode = {
      kind,
      attrs: {},
      children: [],
      appendChild(c: IFakeNode) {
        n.children.push(c);
        return c;
      },
      setAttribute(k: string, v: string) {
        if (typeof v !== 'string') {
          throw new Error(`attribute ${k} is not a string`);
        }
        n.attrs[k] = v;
      }
    };
    for (const prop of ['innerHTML', 'outerHTML']) {
      Object.defineProperty(n, prop, {
        set() {
          throw new Error(`${prop} must never be used`);
        },
        get() {
          throw new Error(`${prop} must never be used`);
        }
      });
    }
    created.push(n);
    return n;
  };
  return {
    created,
    createElementNS(ns: string, tag: string) {
      const n = node('element');
      n.ns = ns;
      n.tag = tag;
      return n as never;
    },
    createTextNode(data: string) {
      const n = node('text');
      n.data = data;
      return n as never;
    }
  };
}

function texts(n: IFakeNode): string[] {
  return n.kind === 'text' ? [n.data as string] : n.children.flatMap(texts);
}

function elements(n: IFakeNode): IFakeNode[] {
  return n.kind === 'text' ? [] : [n, ...n.children.flatMap(elements)];
}

const GOOD = {
  framework: 'torch',
  steps: 24,
  loss: {
    steps: [0, 1, 2, 3, 4],
    values: [2.3, 1.9, 1.2, 0.8, 0.5],
    bad_step: null
  },
  layers: [
    { name: 'model.0', kind: 'Linear', grad: 0.5, dead: null, saturated: null },
    { name: 'model.1', kind: 'ReLU', grad: null, dead: 1.0, saturated: null },
    {
      name: 'model.2',
      kind: 'Linear',
      grad: 2e-7,
      dead: null,
      saturated: null
    },
    { name: 'model.3', kind: 'Tanh', grad: null, dead: null, saturated: 0.8 }
  ]
};

describe('parseCharts', () => {
  it('keeps valid numbers and names', () => {
    const c = parseCharts(GOOD)!;
    expect(c.framework).toBe('torch');
    expect(c.steps).toBe(24);
    expect(c.loss.values).toEqual([2.3, 1.9, 1.2, 0.8, 0.5]);
    expect(c.loss.badStep).toBeNull();
    expect(c.layers.map(l => l.name)).toEqual([
      'model.0',
      'model.1',
      'model.2',
      'model.3'
    ]);
    expect(c.layers[1].dead).toBe(1);
  });

  it('rejects what is not chart data', () => {
    for (const v of [
      null,
      undefined,
      3,
      'x',
      [],
      {},
      { loss: 'x', layers: 'y' }
    ]) {
      expect(parseCharts(v)).toBeNull();
    }
  });

  it('drops non-finite or non-numeric values and bounds the sizes', () => {
    const n = 1000;
    const c = parseCharts({
      loss: {
        steps: Array.from({ length: n }, (_, i) => i),
        values: Array.from({ length: n }, (_, i) =>
          i % 3 === 0 ? 'NaN' : i % 3 === 1 ? 1 / i : null
        )
      },
      layers: Array.from({ length: 100 }, (_, i) => ({
        name: `l${i}`,
        grad: 1
      }))
    })!;
    expect(c.loss.values.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(c.loss.values.every(Number.isFinite)).toBe(true);
    expect(c.layers.length).toBe(MAX_LAYERS);
    const d = parseCharts({
      loss: { steps: [0, 1], values: [NaN, Infinity] },
      layers: [
        { name: 'a', grad: -1, dead: 3, saturated: 'x' },
        { name: 7, grad: 1 },
        { name: 'b', grad: '1e3', dead: 0.25 }
      ]
    })!;
    expect(d.loss.values).toEqual([]);
    expect(d.layers).toEqual([
      { name: 'b', kind: '', grad: null, dead: 0.25, saturated: null }
    ]);
  });
});

describe('collectCharts', () => {
  it('takes the last payload with charts of each cell', () => {
    const payload = (charts: unknown, n: number) => ({
      [MIME]: {
        version: 1,
        cell_id: null,
        execution_count: n,
        findings: [],
        notes: [],
        charts
      }
    });
    const got = collectCharts([
      { id: 'a', outputs: [{ 'text/plain': 'x' }] },
      {
        id: 'b',
        outputs: [payload(GOOD, 3), payload({ ...GOOD, steps: 99 }, 4)]
      },
      { id: 'c', outputs: [payload('garbage', 5), null, undefined] }
    ]);
    expect(got.length).toBe(1);
    expect(got[0].cellIndex).toBe(1);
    expect(got[0].executionCount).toBe(4);
    expect(got[0].charts.steps).toBe(99);
  });
});

describe('renderCharts', () => {
  it('draws three SVG charts with the layer names as text', () => {
    const doc = fakeDocument();
    const box = renderCharts(doc, parseCharts(GOOD)!) as unknown as IFakeNode;
    expect(box.ns).toBe(HTML_NS);
    const svgs = box.children;
    expect(svgs.map(s => s.tag)).toEqual(['svg', 'svg', 'svg']);
    expect(svgs.every(s => s.ns === SVG_NS)).toBe(true);
    const all = texts(box);
    expect(all).toContain('model.0');
    expect(all).toContain('100% dead');
    expect(all).toContain('80% sat.');
    expect(elements(box).some(e => e.tag === 'polyline')).toBe(true);
  });

  it('keeps a hostile payload inert: names only as text, numbers validated', () => {
    const evil = {
      framework: '<script>alert(1)</script>',
      steps: 'NaN',
      loss: {
        steps: [0, 1, 2, '3" onload="alert(1)', 4],
        values: [1, 'NaN', 0.5, 0.4, '<img src=x onerror=alert(1)>'],
        bad_step: '"><script>alert(2)</script>'
      },
      layers: [
        { name: '<script>alert(3)</script>', grad: 0.5, dead: 0.9 },
        {
          name: '<img src=x onerror=alert(4)>',
          kind: '<b>',
          grad: NaN,
          dead: '1'
        },
        {
          name: 'x" onmouseover="alert(5)',
          grad: { valueOf: () => 1 },
          saturated: Infinity
        },
        { name: 'ok', grad: 1e308 * 10, dead: 0.1 }
      ]
    };
    const c = parseCharts(evil)!;
    expect(c.framework).toBe('torch');
    expect(c.loss.badStep).toBeNull();
    expect(c.loss.values).toEqual([1, 0.5]);
    const doc = fakeDocument();
    const box = renderCharts(doc, c) as unknown as IFakeNode;
    const els = elements(box);
    const allowed = new Set([
      'div',
      'svg',
      'title',
      'text',
      'rect',
      'polyline',
      'line'
    ]);
    for (const e of els) {
      expect(allowed.has(e.tag as string)).toBe(true);
      for (const [k, v] of Object.entries(e.attrs)) {
        expect(k.toLowerCase().startsWith('on')).toBe(false);
        // every attribute is a number list or one of our own constants
        expect(v).toMatch(/^([-0-9., ]*|[a-zA-Z -]+|0 0 [0-9.]+ [0-9.]+)$/);
        expect(v).not.toMatch(/[<>"]/);
      }
    }
    // the hostile names are there, verbatim, as text nodes only
    const t = texts(box);
    expect(t).toContain('<script>alert(3)</script>');
    expect(t.some(s => s.includes('onerror'))).toBe(false); // its grad/dead were invalid
    expect(els.some(e => e.tag === 'script' || e.tag === 'img')).toBe(false);
    expect(
      doc.created
        .filter(n => n.kind === 'text')
        .every(n => typeof n.data === 'string')
    ).toBe(true);
  });
});

describe('fmt', () => {
  it('formats numbers for the axes', () => {
    expect(fmt(0.5)).toBe('0.5');
    expect(fmt(2e-7)).toBe('2.0e-7');
    expect(fmt(123456)).toBe('1.2e+5');
    expect(fmt(NaN)).toBe('–');
  });
});
