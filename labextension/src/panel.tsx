/**
 * The "DL faults" sidebar: the findings of the notebook in focus, read from the report
 * payloads in its cells' outputs (notebook model), with filters, grouping, a per-category
 * chart, and actions on the kernel through the control channel.
 * All text is rendered as React text nodes: never innerHTML.
 */
import { ICodeCellModel } from '@jupyterlab/cells';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IOutputAreaModel } from '@jupyterlab/outputarea';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';
import {
  collectCharts,
  ICellCharts,
  ICharts,
  IDocumentLike,
  renderCharts
} from './charts';
import { Control } from './control';
import { Hub } from './hub';
import { SILENT_TITLE } from './report';
import {
  applyFilter,
  categoryLabel,
  cellLabel,
  collect,
  ControlMessage,
  controlMessage,
  countByCategory,
  countBySeverity,
  Framework,
  frameworkOf,
  FRAMEWORKS,
  GroupBy,
  group,
  ICellOutputs,
  IPlacedFinding,
  Level,
  newFromRecheck,
  Severity,
  SEVERITIES,
  whereLabel
} from './findings';

const SEV_MARK: Record<Severity, string> = {
  error: '✖',
  warning: '▲',
  info: 'ℹ'
};
const SEV_PLURAL: Record<Severity, string> = {
  error: 'errors',
  warning: 'warnings',
  info: 'info'
};

/** Inline text with `backtick` code spans, as React nodes (no HTML parsing). */
function RichText(props: { text: string }): JSX.Element {
  const parts = props.text.split('`');
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <code key={i}>{p}</code>
        ) : (
          <React.Fragment key={i}>{p}</React.Fragment>
        )
      )}
    </>
  );
}

/**
 * The charts of one %%dlcheck run, drawn with DOM calls (charts.ts: createElementNS and
 * text nodes on validated numbers), mounted into a React-owned element.
 */
function RunCharts(props: { charts: ICharts }): JSX.Element {
  const ref = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    const host = ref.current;
    if (!host) {
      return;
    }
    while (host.firstChild) {
      host.removeChild(host.firstChild);
    }
    host.appendChild(
      renderCharts(
        document as unknown as IDocumentLike,
        props.charts
      ) as unknown as Node
    );
  }, [props.charts]);
  return <div ref={ref} className="jp-DLFault-charts-host" />;
}

export class DLFaultPanel extends ReactWidget {
  constructor(
    private readonly tracker: INotebookTracker,
    private readonly hub: Hub
  ) {
    super();
    this.id = 'dlfault-panel';
    this.addClass('jp-DLFault');
    this.title.caption = 'DL faults';
    tracker.currentChanged.connect(this._onCurrent, this);
    // the kernel's pushed state (mute/level/off from a cell), a report's clicks: redraw
    hub.changed.connect(this._onHub, this);
    this._onCurrent();
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    window.clearTimeout(this._timer);
    this._unwatch();
    this.hub.changed.disconnect(this._onHub, this);
    super.dispose();
  }

  // -- following the notebook in focus -------------------------------------------------
  private _onCurrent(): void {
    const nb = this.tracker.currentWidget;
    if (nb === this._nb) {
      return;
    }
    this._unwatch();
    this._nb = nb;
    this._expanded.clear();
    if (nb) {
      nb.context.model.cells.changed.connect(this._onCells, this);
      nb.content.modelChanged.connect(this._onCells, this);
      this.hub.control(nb);
      nb.disposed.connect(() => {
        if (this._nb === nb) {
          this._nb = null;
          this._unwatch();
          this.update();
        }
      });
    }
    this._onCells();
  }

  private _unwatch(): void {
    const nb = this._nb;
    if (nb && !nb.isDisposed) {
      nb.context.model.cells.changed.disconnect(this._onCells, this);
      nb.content.modelChanged.disconnect(this._onCells, this);
    }
    for (const [outputs, slot] of this._watched) {
      outputs.changed.disconnect(slot, this);
    }
    this._watched.clear();
  }

  /** Cells added/removed/moved: re-wire each code cell's outputs, then refresh. */
  private _onCells(): void {
    for (const [outputs, slot] of this._watched) {
      outputs.changed.disconnect(slot, this);
    }
    this._watched.clear();
    const model = this._nb?.model;
    if (model) {
      for (let i = 0; i < model.cells.length; i++) {
        const cell = model.cells.get(i);
        if (cell.type === 'code') {
          const outputs = (cell as ICodeCellModel).outputs;
          const slot = () => this._schedule();
          outputs.changed.connect(slot, this);
          this._watched.set(outputs, slot);
        }
      }
    }
    this._schedule();
  }

  private _schedule(): void {
    window.clearTimeout(this._timer);
    this._timer = window.setTimeout(() => this._refresh(), 120);
  }

  private _refresh(): void {
    const model = this._nb?.model;
    const cells: ICellOutputs[] = [];
    if (model) {
      for (let i = 0; i < model.cells.length; i++) {
        const cell = model.cells.get(i);
        const outs: Array<Record<string, unknown> | null> = [];
        if (cell.type === 'code') {
          const outputs = (cell as ICodeCellModel).outputs;
          for (let j = 0; j < outputs.length; j++) {
            outs.push(outputs.get(j).data as Record<string, unknown>);
          }
        }
        cells.push({ id: cell.id, outputs: outs });
      }
    }
    const { findings } = collect(cells);
    const before = this._findings.length;
    this._findings = findings;
    this._runs = collectCharts(cells);
    // findings appeared: the extension is loaded now, (re)open the channel if needed
    if (findings.length > before) {
      this._control()?.retry();
    }
    this.update();
  }

  private _control(): Control | null {
    return this._nb && !this._nb.isDisposed ? this.hub.control(this._nb) : null;
  }

  private _onHub(_: Hub, nb: NotebookPanel): void {
    if (nb === this._nb) {
      this.update();
    }
  }

  // -- actions -------------------------------------------------------------------------
  private async _jump(f: IPlacedFinding): Promise<void> {
    return this._jumpTo(f.cellIndex, f.cellId);
  }

  private async _jumpTo(
    cellIndex: number,
    cellId: string | null
  ): Promise<void> {
    const nb = this._nb;
    if (!nb || cellIndex < 0) {
      return;
    }
    const content = nb.content;
    // find the cell by id (the notebook may have changed since the last refresh)
    let index = cellIndex;
    const cells = content.model?.cells;
    if (cells && cellId) {
      for (let i = 0; i < cells.length; i++) {
        if (cells.get(i).id === cellId) {
          index = i;
          break;
        }
      }
    }
    if (index >= content.widgets.length) {
      return;
    }
    this._shellActivate?.(nb.id);
    content.mode = 'command';
    content.deselectAll();
    content.activeCellIndex = index;
    const cell = content.widgets[index];
    await content.scrollToCell(cell, 'center');
    content.activate();
  }

  /** Set by the plugin: activates a main-area widget by id. */
  setShellActivate(fn: (id: string) => void): void {
    this._shellActivate = fn;
  }

  /** Send one message of the closed set (built by controlMessage, which rejects others). */
  private _send(msg: ControlMessage | null): void {
    if (msg) {
      this._control()?.send(msg);
    }
  }

  private _mute(rule: string): void {
    if (this._nb) {
      this.hub.mute(this._nb, rule);
    }
  }

  private _unmute(rule: string): void {
    if (this._nb) {
      this.hub.unmute(this._nb, rule);
    }
  }

  private _setLevel(level: Level): void {
    if (this._nb) {
      this.hub.setLevel(this._nb, level);
    }
  }

  private _toggle(key: string): void {
    if (this._expanded.has(key)) {
      this._expanded.delete(key);
    } else {
      this._expanded.add(key);
    }
    this.update();
  }

  private _toggleSeverity(s: Severity): void {
    if (this._severities.has(s)) {
      this._severities.delete(s);
    } else {
      this._severities.add(s);
    }
    this.update();
  }

  // -- view ----------------------------------------------------------------------------
  protected render(): JSX.Element {
    const nb = this._nb;
    const control = this._control();
    // one state for the sidebar and the reports: the kernel's once connected (hub.ts)
    const level: Level = (nb && this.hub.level(nb)) || 'beginner';
    const muted = new Set<string>(nb ? this.hub.muted(nb) : []);
    // a re-check lists only what no report shows already
    const rechecked = control?.recheck ?? null;
    const fresh = newFromRecheck(this._findings, rechecked ?? []);
    const all = [...this._findings, ...fresh];
    const unmuted = all.filter(f => !muted.has(f.rule));
    const shown = applyFilter(all, {
      severities: this._severities,
      category: this._category,
      framework: this._framework,
      silentOnly: this._silentOnly,
      muted
    });
    const counts = countBySeverity(unmuted);
    const perCat = countByCategory(unmuted);
    const max = Math.max(1, ...perCat.map(([, n]) => n));
    const groups = group(shown, this._groupBy);

    return (
      <div className="jp-DLFault-body">
        <header className="jp-DLFault-header">
          <h2 className="jp-DLFault-title">DL faults</h2>
          <div className="jp-DLFault-notebook" title={nb?.context.path ?? ''}>
            {nb ? nb.title.label : 'No notebook open'}
          </div>
        </header>
        {nb && this._renderChannel(control)}
        {nb && rechecked !== null && (
          <div className="jp-DLFault-recheck-note" role="status">
            {fresh.length
              ? `Re-check: ${fresh.length} new finding${fresh.length === 1 ? '' : 's'} (listed last)`
              : rechecked.length
                ? 'Re-check: nothing new, every finding is listed already'
                : 'Re-check: no namespace finding'}
          </div>
        )}
        <div
          className="jp-DLFault-counts"
          role="group"
          aria-label="Filter by severity"
        >
          {SEVERITIES.map(s => (
            <button
              key={s}
              className={`jp-DLFault-chip jp-DLFault-sev-${s}`}
              aria-pressed={this._severities.has(s)}
              aria-label={`${counts[s]} ${SEV_PLURAL[s]}: ${
                this._severities.has(s)
                  ? 'shown, press to hide'
                  : 'hidden, press to show'
              }`}
              title={`Show or hide ${SEV_PLURAL[s]}`}
              onClick={() => this._toggleSeverity(s)}
            >
              <span className="jp-DLFault-chip-num" aria-hidden="true">
                <span className="jp-DLFault-mark">{SEV_MARK[s]}</span>{' '}
                {counts[s]}
              </span>
              <span className="jp-DLFault-chip-label" aria-hidden="true">
                {SEV_PLURAL[s]}
              </span>
            </button>
          ))}
        </div>
        {perCat.length > 0 && (
          <div
            className="jp-DLFault-chart"
            role="list"
            aria-label="Findings per category"
          >
            {perCat.map(([cat, n]) => (
              <div key={cat} role="listitem">
                <button
                  className={`jp-DLFault-bar${this._category === cat ? ' jp-mod-active' : ''}`}
                  aria-label={`${categoryLabel(cat)}: ${n} finding${n === 1 ? '' : 's'}. Press to filter`}
                  aria-pressed={this._category === cat}
                  onClick={() => {
                    this._category = this._category === cat ? null : cat;
                    this.update();
                  }}
                >
                  <span
                    className="jp-DLFault-bar-label"
                    title={categoryLabel(cat)}
                  >
                    {categoryLabel(cat)}
                  </span>
                  <span className="jp-DLFault-bar-track" aria-hidden="true">
                    <span
                      className="jp-DLFault-bar-fill"
                      style={{ width: `${Math.round((100 * n) / max)}%` }}
                    />
                  </span>
                  <span className="jp-DLFault-bar-count">{n}</span>
                </button>
              </div>
            ))}
          </div>
        )}
        <div className="jp-DLFault-toolbar">
          <div
            className="jp-DLFault-seg"
            role="group"
            aria-label="Group findings by"
          >
            <span className="jp-DLFault-seg-label">Group</span>
            {(['cell', 'category'] as GroupBy[]).map(g => (
              <button
                key={g}
                aria-pressed={this._groupBy === g}
                aria-label={`Group by ${g}`}
                className={this._groupBy === g ? 'jp-mod-active' : ''}
                onClick={() => {
                  this._groupBy = g;
                  this.update();
                }}
              >
                {g === 'cell' ? 'Cell' : 'Category'}
              </button>
            ))}
          </div>
          <div
            className="jp-DLFault-seg"
            role="group"
            aria-label="Explanation level"
          >
            <span className="jp-DLFault-seg-label">Level</span>
            {(['beginner', 'expert'] as Level[]).map(l => (
              <button
                key={l}
                aria-pressed={level === l}
                aria-label={`${l} explanations`}
                className={level === l ? 'jp-mod-active' : ''}
                onClick={() => this._setLevel(l)}
              >
                {l === 'beginner' ? 'Beginner' : 'Expert'}
              </button>
            ))}
          </div>
        </div>
        <div className="jp-DLFault-filters">
          <label>
            Category{' '}
            <select
              aria-label="Filter by category"
              value={this._category ?? ''}
              onChange={e => {
                this._category = e.currentTarget.value || null;
                this.update();
              }}
            >
              <option value="">all</option>
              {perCat.map(([cat]) => (
                <option key={cat} value={cat}>
                  {categoryLabel(cat)}
                </option>
              ))}
              {this._category &&
                !perCat.some(([c]) => c === this._category) && (
                  <option value={this._category}>
                    {categoryLabel(this._category)}
                  </option>
                )}
            </select>
          </label>
          <label>
            Framework{' '}
            <select
              aria-label="Filter by framework"
              value={this._framework ?? ''}
              onChange={e => {
                this._framework = (e.currentTarget.value ||
                  null) as Framework | null;
                this.update();
              }}
            >
              <option value="">all</option>
              {FRAMEWORKS.map(fw => (
                <option key={fw} value={fw}>
                  {fw === 'any' ? 'framework-independent' : fw}
                </option>
              ))}
            </select>
          </label>
          <label className="jp-DLFault-check">
            <input
              type="checkbox"
              checked={this._silentOnly}
              onChange={e => {
                this._silentOnly = e.currentTarget.checked;
                this.update();
              }}
            />{' '}
            Silent only
          </label>
        </div>
        <div className="jp-DLFault-list" aria-live="polite">
          {!nb && (
            <p className="jp-DLFault-empty">
              Open a notebook to see its faults.
            </p>
          )}
          {nb && all.length === 0 && (
            <p className="jp-DLFault-empty">
              No deep-learning faults found in this notebook.
            </p>
          )}
          {nb && all.length > 0 && shown.length === 0 && (
            <p className="jp-DLFault-empty">No finding matches the filters.</p>
          )}
          {groups.map(g => (
            <section
              key={g.key}
              className="jp-DLFault-group"
              aria-label={g.label}
            >
              <h3 className="jp-DLFault-group-title">
                <span>
                  {g.label}
                  {g.context && (
                    <span className="jp-DLFault-group-context">
                      {' '}
                      · {g.context}
                    </span>
                  )}
                </span>
                <span className="jp-DLFault-group-counts">
                  {SEVERITIES.filter(s => g.counts[s] > 0).map(s => (
                    <span
                      key={s}
                      className={`jp-DLFault-sev-${s}`}
                      title={SEV_PLURAL[s]}
                    >
                      {SEV_MARK[s]} {g.counts[s]}
                    </span>
                  ))}
                </span>
              </h3>
              <ul className="jp-DLFault-items">
                {g.findings.map(f =>
                  this._renderFinding(f, level, this._groupBy)
                )}
              </ul>
            </section>
          ))}
        </div>
        {nb && this._runs.length > 0 && this._renderRuns()}
        {muted.size > 0 && (
          <div className="jp-DLFault-muted">
            <h3 className="jp-DLFault-group-title">Muted checks</h3>
            <ul>
              {[...muted].sort().map(r => (
                <li key={r}>
                  <code>{r}</code>{' '}
                  <button
                    className="jp-DLFault-link"
                    aria-label={`Unmute rule ${r}`}
                    onClick={() => this._unmute(r)}
                  >
                    Unmute
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    );
  }

  private _renderRuns(): JSX.Element {
    // one line per run; only the latest run (highest execution count) shows its charts
    const latest = this._runs.reduce(
      (best, r, i, all) =>
        (r.executionCount ?? -1) >= (all[best].executionCount ?? -1) ? i : best,
      0
    );
    return (
      <section
        className="jp-DLFault-runs"
        aria-label="Training runs checked with %%dlcheck"
      >
        <h3 className="jp-DLFault-group-title">Training runs (%%dlcheck)</h3>
        {this._runs.map((r, i) => (
          <details key={r.key} className="jp-DLFault-run" open={i === latest}>
            <summary className="jp-DLFault-run-summary">
              <button
                className="jp-DLFault-link jp-DLFault-run-title"
                aria-label={`Go to cell ${r.cellIndex + 1}`}
                onClick={e => {
                  e.preventDefault(); // jump to the cell, do not fold the run
                  void this._jumpTo(r.cellIndex, r.cellId);
                }}
              >
                {cellLabel(r) +
                  ` · ${r.charts.framework === 'keras' ? 'Keras' : 'PyTorch'} · ${r.charts.steps} steps`}
              </button>
            </summary>
            <RunCharts charts={r.charts} />
          </details>
        ))}
      </section>
    );
  }

  private _renderChannel(control: Control | null): JSX.Element {
    const status = control?.status ?? 'no-kernel';
    let text: React.ReactNode;
    if (status === 'connected' && control?.state?.enabled === false) {
      text = (
        <>
          Checks are off: <code>%dlcheck --on</code> resumes them
        </>
      );
    } else if (status === 'connected') {
      text = control?.lastError
        ? `Kernel refused: ${control.lastError}`
        : 'Kernel connected';
    } else if (status === 'connecting') {
      text = 'Connecting to the kernel…';
    } else if (status === 'not-loaded') {
      text = (
        <>
          Run <code>%load_ext dlfault_jupyter</code> in this notebook
        </>
      );
    } else {
      text = 'No kernel: showing the findings saved in the notebook';
    }
    return (
      <div
        className={`jp-DLFault-channel jp-DLFault-channel-${status}`}
        role="status"
      >
        <span className="jp-DLFault-channel-text">{text}</span>
        {status === 'connected' && (
          <button
            className="jp-DLFault-button"
            aria-label="Re-check the namespace now"
            title="Run the namespace checks now"
            onClick={() => this._send(controlMessage('recheck'))}
          >
            Re-check now
          </button>
        )}
        {status === 'not-loaded' && (
          <button
            className="jp-DLFault-button"
            aria-label="Try to connect to the kernel again"
            onClick={() => control?.open()}
          >
            Retry
          </button>
        )}
      </div>
    );
  }

  private _renderFinding(
    f: IPlacedFinding,
    level: Level,
    by: GroupBy
  ): JSX.Element {
    const open = this._expanded.has(f.key);
    const where = whereLabel(f, by);
    const fw = frameworkOf(f.rule);
    const detailsId = `jp-DLFault-details-${f.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    return (
      <li
        key={f.key}
        className={`jp-DLFault-item jp-DLFault-sev-${f.severity}`}
        tabIndex={0}
        data-rule={f.rule}
        aria-label={`${f.severity} ${f.rule}${where ? `, ${where}` : ''}: ${f.message}. Press Enter to go to the cell`}
        onClick={e => {
          if (
            (e.target as HTMLElement).closest(
              'button, pre, .jp-DLFault-details'
            )
          ) {
            return;
          }
          void this._jump(f);
        }}
        onKeyDown={e => {
          if (e.key === 'Enter' && e.target === e.currentTarget) {
            e.preventDefault();
            void this._jump(f);
          }
        }}
      >
        <div className="jp-DLFault-item-head">
          <span
            className="jp-DLFault-mark"
            aria-hidden="true"
            title={f.severity}
          >
            {SEV_MARK[f.severity]}
          </span>
          <span className="jp-DLFault-message">
            <RichText text={f.message} />
          </span>
        </div>
        <div className="jp-DLFault-meta">
          <span className="jp-DLFault-rule">{f.rule}</span>
          <span className="jp-DLFault-cat">{categoryLabel(f.taxonomy)}</span>
          {fw !== 'any' && <span className="jp-DLFault-fw">{fw}</span>}
          {f.silent && (
            <span className="jp-DLFault-silent" title={SILENT_TITLE}>
              silent
            </span>
          )}
          {where && <span className="jp-DLFault-where">{where}</span>}
        </div>
        <div className="jp-DLFault-actions">
          <button
            className="jp-DLFault-link"
            aria-expanded={open}
            aria-controls={detailsId}
            aria-label={`${open ? 'Hide' : 'Show'} the ${level} explanation of ${f.rule}`}
            onClick={() => this._toggle(f.key)}
          >
            {open ? 'Hide explanation' : 'Explain'}
          </button>
          <button
            className="jp-DLFault-link"
            aria-label={`Mute rule ${f.rule}`}
            title="Mute this check in this kernel"
            onClick={() => this._mute(f.rule)}
          >
            Mute
          </button>
        </div>
        {open && (
          <div className="jp-DLFault-details" id={detailsId}>
            <div className="jp-DLFault-level">
              {level === 'expert' ? 'For experts' : 'For beginners'}
            </div>
            <p className="jp-DLFault-text">
              <RichText text={level === 'expert' ? f.expert : f.beginner} />
            </p>
            {f.fix && (
              <>
                <div className="jp-DLFault-level">Fix</div>
                <pre className="jp-DLFault-fix">
                  <code>{f.fix}</code>
                </pre>
              </>
            )}
          </div>
        )}
      </li>
    );
  }

  private _nb: NotebookPanel | null = null;
  private _watched = new Map<IOutputAreaModel, () => void>();
  private _timer = 0;
  private _findings: IPlacedFinding[] = [];
  private _runs: ICellCharts[] = [];
  private _expanded = new Set<string>();
  private _severities = new Set<Severity>(SEVERITIES);
  private _category: string | null = null;
  private _framework: Framework | null = null;
  private _silentOnly = false;
  private _groupBy: GroupBy = 'cell';
  private _shellActivate: ((id: string) => void) | null = null;
}
