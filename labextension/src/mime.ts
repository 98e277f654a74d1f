/**
 * The MIME renderer of `application/vnd.dlfault.findings+json` (package.json
 * `jupyterlab.mimeExtension`): JupyterLab and Notebook 7 draw every report from the JSON
 * stored in the cell's output, so a notebook that was saved, closed and reopened (after a
 * kernel restart, in another browser, by another person) shows the same report.
 *
 * Rank: below text/html (50) and below the ipywidgets view, so that the stored JSON wins over
 * the escaped HTML fallback and over a widget view whose model is gone ("model not found").
 * The renderer is `safe`: it builds DOM nodes from validated fields (text nodes only), so an
 * untrusted notebook shows it too. A payload without findings or notes (the charts of a
 * healthy `%%dlcheck` run) shows the bundle's text/html as JupyterLab would (sanitised when
 * the output is not trusted).
 */
import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { NotebookPanel } from '@jupyterlab/notebook';
import { Widget } from '@lumino/widgets';
import { IPayload, Level, MIME, parsePayload } from './findings';
import { getHub, Hub, whenHub } from './hub';
import { IHtmlDocument, renderReport } from './report';

export const RANK = -20;

export class ReportRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(private readonly options: IRenderMime.IRendererOptions) {
    super();
    this.addClass('jp-DLFault-report');
    this.addClass('dlfault-report'); // the class the static HTML and the widget carry
  }

  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this._model = model;
    this._payload = parsePayload(model.data[MIME]);
    this._draw();
    return Promise.resolve();
  }

  protected onAfterAttach(): void {
    whenHub(hub => {
      if (this.isDisposed || this._hub) {
        return;
      }
      this._hub = hub;
      hub.changed.connect(this._onHub, this);
      this._draw();
    });
  }

  protected onBeforeDetach(): void {
    this._hub?.changed.disconnect(this._onHub, this);
    this._hub = null;
    this._nb = null;
  }

  private _onHub(_: Hub, nb: NotebookPanel): void {
    if (nb === this._notebook()) {
      this._draw();
    }
  }

  private _notebook(): NotebookPanel | null {
    if (!this._nb && this._hub && this.isAttached) {
      this._nb = this._hub.notebookOf(this.node);
    }
    return this._nb;
  }

  private _draw(): void {
    const node = this.node;
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
    const payload = this._payload;
    if (!payload) {
      node.textContent = 'dlfault: this report cannot be read (unknown format)';
      return;
    }
    if (!payload.findings.length && !payload.notes.length) {
      this._fallbackHtml();
      return;
    }
    const hub = this._hub ?? getHub();
    const nb = hub ? this._notebook() : null;
    const level: Level =
      (hub && nb ? hub.level(nb) : null) ??
      this._level ??
      payload.level ??
      'beginner';
    const muted = hub && nb ? hub.muted(nb) : this._muted;
    const view = {
      payload,
      level,
      muted,
      expanded: this._expanded,
      connected: hub && nb ? hub.connected(nb) : false
    };
    node.appendChild(
      renderReport(document as unknown as IHtmlDocument, view, {
        toggle: i => {
          if (this._expanded.has(i)) {
            this._expanded.delete(i);
          } else {
            this._expanded.add(i);
          }
          this._draw();
        },
        setLevel: l => {
          this._level = l;
          if (hub && nb) {
            hub.setLevel(nb, l); // every report and the sidebar follow
          } else {
            this._draw();
          }
        },
        mute: r => {
          if (hub && nb) {
            hub.mute(nb, r);
          } else {
            this._muted.add(r);
            this._draw();
          }
        },
        unmute: r => {
          if (hub && nb) {
            hub.unmute(nb, r);
          } else {
            this._muted.delete(r);
            this._draw();
          }
        }
      }) as unknown as Node
    );
  }

  /** No report to draw: show the bundle's HTML (the %%dlcheck charts), as JupyterLab would. */
  private _fallbackHtml(): void {
    const html = this._model?.data['text/html'];
    if (typeof html !== 'string' || !html) {
      return;
    }
    const trusted = this._model?.trusted ?? false;
    this.node.innerHTML = trusted
      ? html
      : this.options.sanitizer.sanitize(html);
  }

  private _model: IRenderMime.IMimeModel | null = null;
  private _payload: IPayload | null = null;
  private _hub: Hub | null = null;
  private _nb: NotebookPanel | null = null;
  private _level: Level | null = null;
  private _muted = new Set<string>();
  private _expanded = new Set<number>();
}

export const rendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [MIME],
  defaultRank: RANK,
  createRenderer: options => new ReportRenderer(options)
};

const extension: IRenderMime.IExtension = {
  id: 'jupyterlab-dlfault:report',
  description:
    'Draws dlfault_jupyter reports from the findings JSON stored in cell outputs.',
  rendererFactory,
  rank: RANK,
  dataType: 'json'
};

export default extension;
