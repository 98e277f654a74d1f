import {
  ILabShell,
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';
import { bugIcon } from '@jupyterlab/ui-components';
import { Hub, setHub } from './hub';
import { DLFaultPanel } from './panel';

/** The "DL faults" left-sidebar panel (id `dlfault-panel`). */
const plugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-dlfault:plugin',
  description:
    'Sidebar with the deep-learning faults that dlfault_jupyter found in the notebook.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ILayoutRestorer, ILabShell],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    restorer: ILayoutRestorer | null
  ) => {
    // one state per notebook for the sidebar and the reports (mime.ts) alike
    const hub = new Hub(tracker);
    setHub(hub);
    const panel = new DLFaultPanel(tracker, hub);
    panel.title.icon = bugIcon;
    panel.title.caption = 'DL faults';
    panel.setShellActivate(id => app.shell.activateById(id));
    app.shell.add(panel, 'left', { rank: 600 });
    if (restorer) {
      restorer.add(panel, 'dlfault-panel');
    }
  }
};

export default plugin;
