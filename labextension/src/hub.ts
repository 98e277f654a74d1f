/**
 * One state per notebook, shared by the sidebar and every report drawn in that notebook:
 * the control channel to its kernel, the explanation level and the muted rules.
 *
 * While the kernel is connected it is the authority (its pushed `state` messages), so a
 * `%dlcheck --mute X` in a cell, a click in a report and a click in the sidebar all end up
 * in the same place and every view redraws from `changed`. Without a kernel (a reopened
 * notebook), the level and mutes are local to the page.
 *
 * The plugin (index.ts) creates the hub; the MIME renderer (mime.ts), which JupyterLab
 * builds from the same package, reaches it through `getHub()`.
 */
import { NotebookPanel, INotebookTracker } from '@jupyterlab/notebook';
import { ISignal, Signal } from '@lumino/signaling';
import { Control } from './control';
import { controlMessage, Level } from './findings';

interface ILocal {
  level: Level | null;
  muted: Set<string>;
}

export class Hub {
  constructor(readonly tracker: INotebookTracker) {}

  /** Something changed for a notebook (its channel, level or mutes). */
  get changed(): ISignal<this, NotebookPanel> {
    return this._changed;
  }

  /** The notebook panel whose DOM holds `node` (a report's output), or null. */
  notebookOf(node: HTMLElement): NotebookPanel | null {
    return this.tracker.find(p => p.node.contains(node)) ?? null;
  }

  /** The control channel of a notebook (created on first use, disposed with it). */
  control(nb: NotebookPanel): Control {
    const known = this._controls.get(nb);
    if (known) {
      return known;
    }
    const control = new Control(nb.sessionContext);
    this._controls.set(nb, control);
    control.changed.connect(() => {
      // remember the kernel's last state: it stays shown while no kernel is connected
      const state = control.state;
      if (state) {
        const local = this._localOf(nb);
        local.level = state.level;
        local.muted = new Set(state.muted);
      }
      this._changed.emit(nb);
    }, this);
    nb.disposed.connect(() => {
      control.dispose();
      this._controls.delete(nb);
      this._local.delete(nb);
    });
    nb.sessionContext.iopubMessage.connect((_, msg) => {
      // the user may just have loaded the extension: try the channel again
      if (
        msg.header.msg_type === 'execute_input' &&
        String((msg.content as { code?: string }).code ?? '').includes(
          'dlfault'
        )
      ) {
        window.setTimeout(() => control.retry(), 500);
      }
    }, this);
    return control;
  }

  connected(nb: NotebookPanel): boolean {
    return (
      this.control(nb).status === 'connected' && this.control(nb).state !== null
    );
  }

  /** The level every view of this notebook shows; null: none chosen yet (use the report's). */
  level(nb: NotebookPanel): Level | null {
    const state = this.control(nb).state;
    return state ? state.level : this._localOf(nb).level;
  }

  setLevel(nb: NotebookPanel, level: Level): void {
    this._localOf(nb).level = level;
    this._send(nb, controlMessage('level', level));
    this._changed.emit(nb);
  }

  muted(nb: NotebookPanel): ReadonlySet<string> {
    const state = this.control(nb).state;
    return state ? new Set(state.muted) : this._localOf(nb).muted;
  }

  mute(nb: NotebookPanel, rule: string): void {
    this._localOf(nb).muted.add(rule);
    this._send(nb, controlMessage('mute', rule));
    this._changed.emit(nb);
  }

  unmute(nb: NotebookPanel, rule: string): void {
    this._localOf(nb).muted.delete(rule);
    this._send(nb, controlMessage('unmute', rule));
    this._changed.emit(nb);
  }

  send(nb: NotebookPanel, msg: ReturnType<typeof controlMessage>): void {
    this._send(nb, msg);
  }

  dispose(): void {
    for (const c of this._controls.values()) {
      c.dispose();
    }
    this._controls.clear();
    Signal.clearData(this);
  }

  private _send(
    nb: NotebookPanel,
    msg: ReturnType<typeof controlMessage>
  ): void {
    if (msg) {
      this.control(nb).send(msg);
    }
  }

  private _localOf(nb: NotebookPanel): ILocal {
    let l = this._local.get(nb);
    if (!l) {
      l = { level: null, muted: new Set() };
      this._local.set(nb, l);
    }
    return l;
  }

  private _controls = new Map<NotebookPanel, Control>();
  private _local = new Map<NotebookPanel, ILocal>();
  private _changed = new Signal<this, NotebookPanel>(this);
}

let hub: Hub | null = null;
const waiting: Array<(h: Hub) => void> = [];

/** Called once by the plugin. */
export function setHub(h: Hub): void {
  hub = h;
  for (const f of waiting.splice(0)) {
    f(h);
  }
}

/** The hub, or null before the plugin has started (or where it is absent). */
export function getHub(): Hub | null {
  return hub;
}

/** Call `f` with the hub now, or as soon as the plugin has created it. */
export function whenHub(f: (h: Hub) => void): void {
  if (hub) {
    f(hub);
  } else {
    waiting.push(f);
  }
}
