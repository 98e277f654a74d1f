/** The compact report drawn by the MIME renderer (src/report.ts), on a fake document. */
import { IFinding, IPayload, Level } from '../findings';
import { IHtmlDocument, IReportActions, renderReport } from '../report';

interface IFakeEl {
  tag: string;
  attrs: Record<string, string>;
  children: Array<IFakeEl | IFakeText>;
  listeners: Record<string, Array<(ev: unknown) => void>>;
  appendChild(c: IFakeEl | IFakeText): unknown;
  setAttribute(k: string, v: string): void;
  addEventListener(t: string, f: (ev: unknown) => void): void;
}
interface IFakeText {
  tag: '#text';
  data: string;
}

function fakeDocument(): IHtmlDocument {
  return {
    createElement(tag: string) {
      const el: IFakeEl = {
        tag,
        attrs: {},
        children: [],
        listeners: {},
        appendChild(c) {
          el.children.push(c);
          return c;
        },
        setAttribute(k, v) {
          if (typeof v !== 'string') {
            throw new Error(`attribute ${k} is not a string`);
          }
          el.attrs[k] = v;
        },
        addEventListener(t, f) {
          (el.listeners[t] = el.listeners[t] ?? []).push(f);
        }
      };
      return el;
    },
    createTextNode(data: string) {
      return { tag: '#text', data } as IFakeText;
    }
  } as unknown as IHtmlDocument;
}

function isEl(n: IFakeEl | IFakeText): n is IFakeEl {
  return n.tag !== '#text';
}

function text(n: IFakeEl | IFakeText): string {
  return isEl(n) ? n.children.map(text).join('') : n.data;
}

function all(n: IFakeEl, pred: (e: IFakeEl) => boolean): IFakeEl[] {
  const out: IFakeEl[] = pred(n) ? [n] : [];
  for (const c of n.children) {
    if (isEl(c)) {
      out.push(...all(c, pred));
    }
  }
  return out;
}

const byClass = (n: IFakeEl, cls: string) =>
  all(n, e => (e.attrs.class ?? '').split(' ').includes(cls));

function click(e: IFakeEl): void {
  for (const f of e.listeners.click ?? []) {
    f({ stopPropagation() {} });
  }
}

function finding(over: Partial<IFinding> = {}): IFinding {
  return {
    rule: 'DLF-L001',
    taxonomy: 'model.layers.choice',
    severity: 'error',
    silent: true,
    cell: 3,
    line: 2,
    subject: 'model',
    message:
      '`model` ends with `Softmax`\nbut `loss_fn` is `CrossEntropyLoss`.',
    beginner: 'Plain words.\n\nSecond `paragraph`.',
    expert: 'log-softmax twice',
    fix: 'model = nn.Sequential(nn.Linear(4, 3))',
    ...over
  };
}

function payload(findings: IFinding[], notes: string[] = []): IPayload {
  return {
    version: 1,
    cell_id: null,
    execution_count: 3,
    findings,
    notes,
    level: null
  };
}

function draw(
  p: IPayload,
  opts: { level?: Level; muted?: string[]; expanded?: number[] } = {}
): { root: IFakeEl; calls: string[] } {
  const calls: string[] = [];
  const actions: IReportActions = {
    toggle: i => calls.push(`toggle ${i}`),
    setLevel: l => calls.push(`level ${l}`),
    mute: r => calls.push(`mute ${r}`),
    unmute: r => calls.push(`unmute ${r}`)
  };
  const root = renderReport(
    fakeDocument(),
    {
      payload: p,
      level: opts.level ?? 'beginner',
      muted: new Set(opts.muted ?? []),
      expanded: new Set(opts.expanded ?? []),
      connected: true
    },
    actions
  ) as unknown as IFakeEl;
  return { root, calls };
}

describe('compact report', () => {
  const two = payload([
    finding(),
    finding({
      rule: 'DLF-T001',
      severity: 'warning',
      silent: false,
      line: null,
      message: 'm2'
    })
  ]);

  it('shows one line per finding and no explanation until asked', () => {
    const { root } = draw(two);
    expect(text(byClass(root, 'jp-DLFault-report-summary')[0])).toBe(
      'dlfault: 2 findings: 1 error, 1 warning'
    );
    const lines = byClass(root, 'jp-DLFault-report-line');
    expect(lines).toHaveLength(2);
    expect(lines.map(l => l.attrs['aria-expanded'])).toEqual([
      'false',
      'false'
    ]);
    expect(text(lines[0])).toBe(
      '✖model ends with Softmax but loss_fn is CrossEntropyLoss.silentDLF-L001 · line 2'
    );
    expect(byClass(lines[0], 'jp-DLFault-silent')).toHaveLength(1);
    expect(byClass(lines[1], 'jp-DLFault-silent')).toHaveLength(0);
    expect(text(lines[1])).toContain('DLF-T001');
    expect(text(lines[1])).not.toContain('line');
    expect(byClass(root, 'jp-DLFault-details')).toHaveLength(0);
    expect(all(root, e => e.tag === 'code').map(text)).toEqual([
      'model',
      'Softmax',
      'loss_fn',
      'CrossEntropyLoss'
    ]);
  });

  it('expands to the chosen level, the fix, the other level and Mute', () => {
    const { root, calls } = draw(two, { expanded: [0], level: 'expert' });
    const [details] = byClass(root, 'jp-DLFault-details');
    expect(
      byClass(root, 'jp-DLFault-report-line')[0].attrs['aria-expanded']
    ).toBe('true');
    expect(byClass(details, 'jp-DLFault-level').map(text)).toEqual([
      'For experts',
      'Fix'
    ]);
    expect(text(byClass(details, 'jp-DLFault-text')[0])).toBe(
      'log-softmax twice'
    );
    expect(text(byClass(details, 'jp-DLFault-fix')[0])).toBe(
      'model = nn.Sequential(nn.Linear(4, 3))'
    );
    const [other] = all(details, e => e.tag === 'details');
    expect(text(all(other, e => e.tag === 'summary')[0])).toBe('For beginners');
    expect(byClass(other, 'jp-DLFault-text').map(text)).toEqual([
      'Plain words.',
      'Second paragraph.'
    ]);
    const mute = all(
      details,
      e => e.attrs['aria-label'] === 'Mute rule DLF-L001'
    );
    click(mute[0]);
    click(byClass(root, 'jp-DLFault-report-line')[1]);
    expect(calls).toEqual(['mute DLF-L001', 'toggle 1']);
  });

  it('has the level toggle of the sidebar (one control style)', () => {
    const { root, calls } = draw(two);
    const seg = byClass(root, 'jp-DLFault-seg')[0];
    const [beg, exp] = all(seg, e => e.tag === 'button');
    expect([beg.attrs['aria-pressed'], exp.attrs['aria-pressed']]).toEqual([
      'true',
      'false'
    ]);
    expect(beg.attrs.class).toBe('jp-mod-active');
    click(exp);
    expect(calls).toEqual(['level expert']);
  });

  it('keeps a muted finding as one line that unmutes where it was muted', () => {
    const { root, calls } = draw(two, { muted: ['DLF-L001'], expanded: [0] });
    expect(text(byClass(root, 'jp-DLFault-report-summary')[0])).toBe(
      'dlfault: 1 warning · 1 muted'
    );
    const [item] = byClass(root, 'jp-mod-muted');
    expect(item.attrs['data-rule']).toBe('DLF-L001');
    expect(byClass(item, 'jp-DLFault-details')).toHaveLength(0);
    click(all(item, e => e.attrs['aria-label'] === 'Unmute rule DLF-L001')[0]);
    expect(calls).toEqual(['unmute DLF-L001']);
  });

  it('renders hostile strings as text, never markup', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const { root } = draw(
      payload([finding({ message: evil, rule: evil, fix: evil })], [evil]),
      {
        expanded: [0]
      }
    );
    expect(all(root, e => e.tag === 'img')).toHaveLength(0);
    expect(text(root)).toContain(evil);
    expect(text(byClass(root, 'jp-DLFault-note')[0])).toBe(
      `dlfault note: ${evil}`
    );
    expect(
      all(root, e => Object.keys(e.attrs).some(k => k.startsWith('on')))
    ).toHaveLength(0);
  });

  it('shows notes without a header when there is no finding', () => {
    const { root } = draw(payload([], ['time budget used up']));
    expect(byClass(root, 'jp-DLFault-report-head')).toHaveLength(0);
    expect(byClass(root, 'jp-DLFault-note').map(text)).toEqual([
      'dlfault note: time budget used up'
    ]);
  });
});
