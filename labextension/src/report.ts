/**
 * The compact report under a cell, drawn from its stored findings JSON: one line per
 * finding (severity mark, message, "silent" badge, rule and line) that expands to the
 * explanation of the chosen level, the fix, the other level and "Mute"; muted findings
 * stay as one line with "Unmute". Built with DOM calls and text nodes only (never HTML
 * parsing), against a minimal document interface so that jest can test it in node.
 */
import {
  IFinding,
  IPayload,
  Level,
  reportHeader,
  Severity,
  worstSeverity
} from './findings';

export interface IHtmlNode {
  appendChild(child: never): unknown;
}
export interface IHtmlElement extends IHtmlNode {
  setAttribute(name: string, value: string): void;
  addEventListener(type: string, listener: (ev: unknown) => void): void;
}
export interface IHtmlDocument {
  createElement(tag: string): IHtmlElement;
  createTextNode(data: string): IHtmlNode;
}

export interface IReportView {
  payload: IPayload;
  level: Level;
  muted: ReadonlySet<string>;
  /** indices (into payload.findings) of the expanded findings */
  expanded: ReadonlySet<number>;
  /** a kernel with dlfault_jupyter is connected (mutes reach it) */
  connected: boolean;
}

export interface IReportActions {
  toggle(index: number): void;
  setLevel(level: Level): void;
  mute(rule: string): void;
  unmute(rule: string): void;
}

export const SEV_MARK: Record<Severity, string> = {
  error: '✖',
  warning: '▲',
  info: 'ℹ'
};
export const LEVEL_LABEL: Record<Level, string> = {
  beginner: 'For beginners',
  expert: 'For experts'
};
export const SILENT_TITLE = 'No exception, no error message: a silent fault';
let nextId = 0;

class Builder {
  constructor(private readonly doc: IHtmlDocument) {}

  el(
    tag: string,
    cls: string | null,
    parent: IHtmlElement | null,
    attrs: Record<string, string> = {}
  ): IHtmlElement {
    const e = this.doc.createElement(tag);
    if (cls) {
      e.setAttribute('class', cls);
    }
    for (const [k, v] of Object.entries(attrs)) {
      e.setAttribute(k, v);
    }
    if (parent) {
      parent.appendChild(e as never);
    }
    return e;
  }

  text(parent: IHtmlElement, s: string): void {
    parent.appendChild(this.doc.createTextNode(s) as never);
  }

  /** Text with `backtick` code spans, as text nodes and <code> elements. */
  rich(parent: IHtmlElement, s: string): void {
    s.split('`').forEach((part, i) => {
      if (!part) {
        return;
      }
      if (i % 2 === 1) {
        this.text(this.el('code', null, parent), part);
      } else {
        this.text(parent, part);
      }
    });
  }

  /** Paragraphs (blank-line separated) of rich text. */
  paragraphs(parent: IHtmlElement, s: string): void {
    for (const p of s.split(/\n\s*\n/)) {
      const t = p.replace(/\s+/g, ' ').trim();
      if (t) {
        this.rich(this.el('p', 'jp-DLFault-text', parent), t);
      }
    }
  }

  button(
    parent: IHtmlElement,
    cls: string,
    label: string,
    attrs: Record<string, string>,
    onClick: () => void
  ): IHtmlElement {
    const b = this.el('button', cls, parent, { type: 'button', ...attrs });
    this.text(b, label);
    b.addEventListener('click', ev => {
      (ev as { stopPropagation?: () => void }).stopPropagation?.();
      onClick();
    });
    return b;
  }
}

function oneLine(b: Builder, parent: IHtmlElement, f: IFinding): void {
  b.text(
    b.el('span', 'jp-DLFault-mark', parent, { 'aria-hidden': 'true' }),
    SEV_MARK[f.severity]
  );
  b.rich(
    b.el('span', 'jp-DLFault-message', parent),
    f.message.replace(/\s+/g, ' ')
  );
  if (f.silent) {
    b.text(
      b.el('span', 'jp-DLFault-silent', parent, { title: SILENT_TITLE }),
      'silent'
    );
  }
  const meta = b.el('span', 'jp-DLFault-report-where', parent);
  b.text(meta, f.rule + (f.line !== null ? ` · line ${f.line}` : ''));
}

export function renderReport(
  doc: IHtmlDocument,
  view: IReportView,
  actions: IReportActions
): IHtmlElement {
  const b = new Builder(doc);
  const { payload, level, muted } = view;
  const root = b.el('div', 'jp-DLFault-report-body', null);
  const visible = payload.findings.filter(f => !muted.has(f.rule));
  const mutedCount = payload.findings.length - visible.length;

  if (payload.findings.length) {
    const head = b.el('div', 'jp-DLFault-report-head', root);
    const worst = worstSeverity(visible) ?? 'info';
    const summary = b.el(
      'span',
      `jp-DLFault-report-summary jp-DLFault-sev-${worst}`,
      head
    );
    b.text(
      summary,
      (visible.length ? reportHeader(visible) : 'dlfault: no findings') +
        (mutedCount ? ` · ${mutedCount} muted` : '')
    );
    const seg = b.el('div', 'jp-DLFault-seg', head, {
      role: 'group',
      'aria-label': 'Explanation level'
    });
    for (const l of ['beginner', 'expert'] as Level[]) {
      b.button(
        seg,
        l === level ? 'jp-mod-active' : '',
        l === 'beginner' ? 'Beginner' : 'Expert',
        {
          'aria-pressed': String(l === level),
          'aria-label': `${l} explanations`
        },
        () => actions.setLevel(l)
      );
    }
  }

  const list = b.el('ul', 'jp-DLFault-report-items', root);
  payload.findings.forEach((f, i) => {
    const isMuted = muted.has(f.rule);
    const li = b.el(
      'li',
      `jp-DLFault-report-item jp-DLFault-sev-${f.severity}${isMuted ? ' jp-mod-muted' : ''}`,
      list,
      { 'data-rule': f.rule }
    );
    if (isMuted) {
      const row = b.el('div', 'jp-DLFault-report-line', li);
      b.text(b.el('span', 'jp-DLFault-report-where', row), `${f.rule} muted`);
      b.rich(
        b.el('span', 'jp-DLFault-message', row),
        f.message.replace(/\s+/g, ' ')
      );
      b.button(
        row,
        'jp-DLFault-link',
        'Unmute',
        {
          'aria-label': `Unmute rule ${f.rule}`,
          title: 'Report this check again'
        },
        () => actions.unmute(f.rule)
      );
      return;
    }
    const open = view.expanded.has(i);
    const detailsId = `jp-DLFault-report-${++nextId}`;
    const line = b.el('button', 'jp-DLFault-report-line', li, {
      type: 'button',
      'aria-expanded': String(open),
      'aria-controls': detailsId,
      title: open ? 'Hide the explanation' : 'Show the explanation and the fix'
    });
    line.addEventListener('click', () => actions.toggle(i));
    oneLine(b, line, f);
    if (!open) {
      return;
    }
    const details = b.el('div', 'jp-DLFault-details', li, { id: detailsId });
    const other: Level = level === 'expert' ? 'beginner' : 'expert';
    b.text(b.el('div', 'jp-DLFault-level', details), LEVEL_LABEL[level]);
    b.paragraphs(details, level === 'expert' ? f.expert : f.beginner);
    if (f.fix) {
      b.text(b.el('div', 'jp-DLFault-level', details), 'Fix');
      b.text(b.el('code', null, b.el('pre', 'jp-DLFault-fix', details)), f.fix);
    }
    const more = b.el('details', 'jp-DLFault-other', details);
    b.text(b.el('summary', null, more), LEVEL_LABEL[other]);
    b.paragraphs(more, other === 'expert' ? f.expert : f.beginner);
    const acts = b.el('div', 'jp-DLFault-actions', details);
    b.button(
      acts,
      'jp-DLFault-link',
      'Mute',
      {
        'aria-label': `Mute rule ${f.rule}`,
        title: view.connected
          ? 'Stop reporting this check in this kernel'
          : 'Hide this check here (no kernel with dlfault_jupyter is connected)'
      },
      () => actions.mute(f.rule)
    );
  });

  for (const n of payload.notes) {
    b.text(b.el('div', 'jp-DLFault-note', root), `dlfault note: ${n}`);
  }
  return root;
}
