/**
 * The control channel of one notebook: a comm to the kernel's `dlfault_jupyter.control`
 * target. Re-opened when the kernel changes or restarts. If the kernel has no such target
 * (the extension is not loaded), the kernel closes the comm right away: status `not-loaded`.
 */
import { ISessionContext } from '@jupyterlab/apputils';
import { Kernel } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';
import {
  COMM_TARGET,
  ControlMessage,
  IPlacedFinding,
  Level,
  parseReply
} from './findings';

export type ChannelStatus =
  'no-kernel' | 'connecting' | 'connected' | 'not-loaded';

export interface IKernelState {
  level: Level;
  muted: string[];
  enabled: boolean;
}

export class Control {
  constructor(private readonly session: ISessionContext) {
    session.kernelChanged.connect(this._onKernelChanged, this);
    session.statusChanged.connect(this._onStatus, this);
    void session.ready.then(() => this.open());
  }

  get status(): ChannelStatus {
    return this._status;
  }
  get state(): IKernelState | null {
    return this._state;
  }
  get lastError(): string | null {
    return this._lastError;
  }
  /** Anything changed: status, state, re-check result, error. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }
  get recheck(): IPlacedFinding[] | null {
    return this._recheck;
  }

  /** (Re-)open the comm to the current kernel. */
  open(): void {
    if (this._disposed) {
      return;
    }
    this._closeComm();
    const kernel = this.session.session?.kernel ?? null;
    if (!kernel) {
      this._set('no-kernel');
      return;
    }
    this._set('connecting');
    let comm: Kernel.IComm;
    try {
      comm = kernel.createComm(COMM_TARGET);
    } catch {
      this._set('not-loaded');
      return;
    }
    this._comm = comm;
    comm.onMsg = msg => {
      if (this._comm !== comm) {
        return;
      }
      const reply = parseReply(msg.content.data);
      if (!reply) {
        return;
      }
      if (reply.op === 'state') {
        this._state = {
          level: reply.level,
          muted: reply.muted,
          enabled: reply.enabled
        };
        this._lastError = null;
      } else if (reply.op === 'findings') {
        this._recheck = reply.findings;
      } else {
        this._lastError = reply.error;
      }
      this._status = 'connected';
      this._changed.emit();
    };
    comm.onClose = () => {
      if (this._comm === comm) {
        this._comm = null;
        this._set('not-loaded');
      }
    };
    try {
      comm.open({});
    } catch {
      this._comm = null;
      this._set('not-loaded');
    }
  }

  /** Re-open only when not connected (e.g. the user has just run %load_ext). */
  retry(): void {
    if (this._status === 'not-loaded' || this._status === 'no-kernel') {
      this.open();
    }
  }

  send(msg: ControlMessage): boolean {
    if (!this._comm || this._status !== 'connected') {
      return false;
    }
    try {
      this._comm.send({ ...msg });
      return true;
    } catch {
      return false;
    }
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this._closeComm();
    Signal.clearData(this);
  }

  private _onKernelChanged(): void {
    this._state = null;
    this._recheck = null;
    this.open();
  }

  private _onStatus(_: ISessionContext, status: Kernel.Status): void {
    if (
      status === 'restarting' ||
      status === 'autorestarting' ||
      status === 'dead'
    ) {
      this._restarting = true;
      this._state = null;
      this._recheck = null;
      this._closeComm();
      this._set('connecting');
    } else if (status === 'idle' && this._restarting) {
      this._restarting = false;
      this.open();
    }
  }

  private _closeComm(): void {
    const comm = this._comm;
    this._comm = null;
    if (comm && !comm.isDisposed) {
      try {
        comm.close();
      } catch {
        // the kernel may be gone already
      }
    }
  }

  private _set(status: ChannelStatus): void {
    this._status = status;
    if (status !== 'connected') {
      this._state = null;
    }
    this._changed.emit();
  }

  private _comm: Kernel.IComm | null = null;
  private _status: ChannelStatus = 'no-kernel';
  private _state: IKernelState | null = null;
  private _recheck: IPlacedFinding[] | null = null;
  private _lastError: string | null = null;
  private _restarting = false;
  private _disposed = false;
  private _changed = new Signal<this, void>(this);
}
