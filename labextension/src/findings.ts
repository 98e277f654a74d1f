/**
 * Pure logic of the sidebar: parse and validate the report payloads stored in cell
 * outputs (`application/vnd.dlfault.findings+json`), infer frameworks, filter, group and
 * count. Imports nothing from JupyterLab, so jest tests it directly.
 */

export const MIME = 'application/vnd.dlfault.findings+json';
export const COMM_TARGET = 'dlfault_jupyter.control';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
export type Framework = 'PyTorch' | 'Keras' | 'any';
export const FRAMEWORKS: Framework[] = ['PyTorch', 'Keras', 'any'];
export type Level = 'beginner' | 'expert';

/** CONTRACT §1: the fifteen taxonomy ids, in the contract's order, with their labels. */
export const CATEGORIES: ReadonlyArray<[string, string]> = [
  ['model.type', 'Model type & properties'],
  ['model.layers.choice', 'Missing / redundant / wrong layer'],
  ['model.layers.properties', 'Layer properties'],
  ['model.layers.activation', 'Activation function'],
  ['tensors.shape', 'Wrong tensor shape'],
  ['tensors.input', 'Wrong input'],
  ['training.hyperparameters', 'Hyperparameters'],
  ['training.loss', 'Loss function'],
  ['training.validation', 'Validation / testing'],
  ['training.preprocessing', 'Preprocessing of training data'],
  ['training.optimizer', 'Optimiser'],
  ['training.data_quality', 'Training data quality'],
  ['training.process', 'Training process'],
  ['gpu', 'GPU usage'],
  ['api', 'API']
];
const CATEGORY_LABEL = new Map(CATEGORIES);
const CATEGORY_ORDER = new Map(CATEGORIES.map(([id], i) => [id, i]));

export function categoryLabel(id: string): string {
  return CATEGORY_LABEL.get(id) ?? id;
}

/** A finding, CONTRACT §2. */
export interface IFinding {
  rule: string;
  taxonomy: string;
  severity: Severity;
  silent: boolean;
  cell: number;
  line: number | null;
  subject: string | null;
  message: string;
  beginner: string;
  expert: string;
  fix: string | null;
}

/** A finding placed in the notebook: which cell holds the output it came from. */
export interface IPlacedFinding extends IFinding {
  /** stable key for React lists and expansion state */
  key: string;
  /** 0-based index of the notebook cell holding the report; -1 for a namespace re-check */
  cellIndex: number;
  /** model id of that cell (null for a re-check) */
  cellId: string | null;
  /** execution count of the report's cell, when known */
  executionCount: number | null;
}

/** One cell's report payload, as the kernel stores it. */
export interface IPayload {
  version: 1;
  cell_id: string | null;
  execution_count: number | null;
  findings: IFinding[];
  notes: string[];
  /** the level the kernel showed the report at (optional) */
  level: Level | null;
}

const RULE_RE = /^DLF-[A-Z]\d{3}$/;

function isStr(v: unknown): v is string {
  return typeof v === 'string';
}
function isStrOrNull(v: unknown): v is string | null {
  return v === null || typeof v === 'string';
}
function isIntOrNull(v: unknown): v is number | null {
  return v === null || (typeof v === 'number' && Number.isInteger(v));
}

/** A finding if `v` is a valid CONTRACT §2 finding, else null (never throws). */
export function parseFinding(v: unknown): IFinding | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    return null;
  }
  const o = v as Record<string, unknown>;
  if (
    !isStr(o.rule) ||
    !isStr(o.taxonomy) ||
    !isStr(o.severity) ||
    !SEVERITIES.includes(o.severity as Severity) ||
    typeof o.silent !== 'boolean' ||
    typeof o.cell !== 'number' ||
    !Number.isInteger(o.cell) ||
    !isIntOrNull(o.line) ||
    !isStrOrNull(o.subject === undefined ? null : o.subject) ||
    !isStr(o.message) ||
    !isStr(o.beginner) ||
    !isStr(o.expert) ||
    !isStrOrNull(o.fix === undefined ? null : o.fix)
  ) {
    return null;
  }
  return {
    rule: o.rule,
    taxonomy: o.taxonomy,
    severity: o.severity as Severity,
    silent: o.silent,
    cell: o.cell,
    line: (o.line as number | null) ?? null,
    subject: (o.subject as string | null | undefined) ?? null,
    message: o.message,
    beginner: o.beginner,
    expert: o.expert,
    fix: (o.fix as string | null | undefined) ?? null
  };
}

/** The payload if `v` is a version-1 report payload; invalid findings are dropped. */
export function parsePayload(v: unknown): IPayload | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    return null;
  }
  const o = v as Record<string, unknown>;
  if (o.version !== 1 || !Array.isArray(o.findings)) {
    return null;
  }
  const findings = o.findings
    .map(parseFinding)
    .filter((f): f is IFinding => f !== null);
  const notes = Array.isArray(o.notes) ? o.notes.filter(isStr) : [];
  return {
    version: 1,
    cell_id: isStr(o.cell_id) ? o.cell_id : null,
    execution_count:
      typeof o.execution_count === 'number' &&
      Number.isInteger(o.execution_count)
        ? o.execution_count
        : null,
    findings,
    notes,
    level: o.level === 'expert' || o.level === 'beginner' ? o.level : null
  };
}

/** The minimal view of a notebook the collector needs (filled from the model by the panel). */
export interface ICellOutputs {
  id: string;
  /** the `data` of each output of the cell (only display_data/execute_result have any) */
  outputs: ReadonlyArray<Record<string, unknown> | null | undefined>;
}

/**
 * All findings of a notebook, in notebook order. A cell holding several reports (e.g. an
 * old and a new one) contributes each distinct finding once (rule + line + message).
 */
export function collect(cells: ReadonlyArray<ICellOutputs>): {
  findings: IPlacedFinding[];
  notes: string[];
} {
  const findings: IPlacedFinding[] = [];
  const notes: string[] = [];
  cells.forEach((cell, cellIndex) => {
    const seen = new Set<string>();
    for (const data of cell.outputs) {
      if (!data || !(MIME in data)) {
        continue;
      }
      const payload = parsePayload(data[MIME]);
      if (!payload) {
        continue;
      }
      notes.push(...payload.notes);
      for (const f of payload.findings) {
        const sig = `${f.rule}|${f.line}|${f.message}`;
        if (seen.has(sig)) {
          continue;
        }
        seen.add(sig);
        findings.push({
          ...f,
          key: `${cell.id}#${seen.size}`,
          cellIndex,
          cellId: cell.id,
          executionCount: payload.execution_count
        });
      }
    }
  });
  return { findings, notes };
}

/** Findings returned by a namespace re-check, placed in no cell. */
export function placeRecheck(raw: unknown): IPlacedFinding[] {
  if (!Array.isArray(raw)) {
    return [];
  }
  return raw
    .map(parseFinding)
    .filter((f): f is IFinding => f !== null)
    .map((f, i) => ({
      ...f,
      key: `recheck#${i}`,
      cellIndex: -1,
      cellId: null,
      executionCount: null
    }));
}

/**
 * The framework a rule is about, from its id: DLF-<letter>0NN are PyTorch checks,
 * DLF-<letter>1NN Keras/TensorFlow checks, anything else applies to any framework.
 */
export function frameworkOf(rule: string): Framework {
  if (!RULE_RE.test(rule)) {
    return 'any';
  }
  const hundreds = rule.charAt(5);
  if (hundreds === '0') {
    return 'PyTorch';
  }
  if (hundreds === '1') {
    return 'Keras';
  }
  return 'any';
}

export interface IFilter {
  severities: ReadonlySet<Severity>;
  /** empty = all categories */
  category: string | null;
  /** null = all frameworks */
  framework: Framework | null;
  silentOnly: boolean;
  muted: ReadonlySet<string>;
}

export const NO_FILTER: IFilter = {
  severities: new Set(SEVERITIES),
  category: null,
  framework: null,
  silentOnly: false,
  muted: new Set()
};

export function applyFilter<T extends IFinding>(
  findings: ReadonlyArray<T>,
  f: IFilter
): T[] {
  return findings.filter(
    x =>
      f.severities.has(x.severity) &&
      (f.category === null || x.taxonomy === f.category) &&
      (f.framework === null || frameworkOf(x.rule) === f.framework) &&
      (!f.silentOnly || x.silent) &&
      !f.muted.has(x.rule)
  );
}

export type Counts = Record<Severity, number>;

export function countBySeverity(findings: ReadonlyArray<IFinding>): Counts {
  const c: Counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) {
    c[f.severity] += 1;
  }
  return c;
}

/** [category id, count], most frequent first (ties: contract order); zero counts left out. */
export function countByCategory(
  findings: ReadonlyArray<IFinding>
): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const f of findings) {
    m.set(f.taxonomy, (m.get(f.taxonomy) ?? 0) + 1);
  }
  return [...m.entries()].sort(
    (a, b) =>
      b[1] - a[1] ||
      (CATEGORY_ORDER.get(a[0]) ?? 99) - (CATEGORY_ORDER.get(b[0]) ?? 99) ||
      a[0].localeCompare(b[0])
  );
}

export type GroupBy = 'cell' | 'category';

/**
 * One numbering of cells everywhere: a cell is named by its execution count, the number in
 * its prompt (`[3]`) and in the report ("cell [3]"); its position is only context.
 */
export function cellLabel(f: {
  cellIndex: number;
  executionCount: number | null;
}): string {
  return f.executionCount !== null
    ? `Cell [${f.executionCount}]`
    : `Cell ${f.cellIndex + 1}`;
}

/** "5th cell": the position in the notebook, as context for the label. */
export function cellContext(cellIndex: number): string {
  const n = cellIndex + 1;
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13
      ? 'th'
      : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ??
        'th');
  return `${n}${suffix} cell`;
}

/** Where a finding is, for one item: the line only inside its cell's group, else the cell too. */
export function whereLabel(f: IPlacedFinding, by: GroupBy): string {
  if (f.cellIndex < 0) {
    return 'namespace';
  }
  const line = f.line !== null ? `line ${f.line}` : '';
  if (by === 'cell') {
    return line;
  }
  const cell =
    f.executionCount !== null
      ? `cell [${f.executionCount}]`
      : `cell ${f.cellIndex + 1}`;
  return line ? `${cell}, ${line}` : cell;
}

/**
 * The findings of a namespace re-check that are not already shown: a re-check must not
 * list again, or count twice, what a cell's report already holds (same rule, and the same
 * subject, or the same message when there is no subject).
 */
export function newFromRecheck(
  shown: ReadonlyArray<IFinding>,
  recheck: ReadonlyArray<IPlacedFinding>
): IPlacedFinding[] {
  const keys = new Set<string>();
  for (const f of shown) {
    keys.add(`${f.rule}|s|${f.subject}`);
    keys.add(`${f.rule}|m|${f.message}`);
  }
  return recheck.filter(
    f =>
      !(f.subject !== null && keys.has(`${f.rule}|s|${f.subject}`)) &&
      !keys.has(`${f.rule}|m|${f.message}`)
  );
}

/** "dlfault: 1 error, 2 warnings": the one-line summary of a report (render/text.py header). */
export function reportHeader(findings: ReadonlyArray<IFinding>): string {
  if (!findings.length) {
    return 'dlfault: no findings';
  }
  const c = countBySeverity(findings);
  const parts = SEVERITIES.filter(s => c[s] > 0).map(
    s => `${c[s]} ${s}${c[s] !== 1 ? 's' : ''}`
  );
  return parts.length === 1
    ? `dlfault: ${parts[0]}`
    : `dlfault: ${findings.length} findings: ${parts.join(', ')}`;
}

/** The most severe severity of some findings, or null. */
export function worstSeverity(
  findings: ReadonlyArray<IFinding>
): Severity | null {
  for (const s of SEVERITIES) {
    if (findings.some(f => f.severity === s)) {
      return s;
    }
  }
  return null;
}

export interface IGroup<T> {
  key: string;
  label: string;
  /** secondary context for the label (the cell's position in the notebook), or '' */
  context: string;
  /** the cell to jump to for a cell group, else -1 */
  cellIndex: number;
  findings: T[];
  counts: Counts;
}

const SEV_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function bySeverityThenLine(a: IPlacedFinding, b: IPlacedFinding): number {
  return (
    SEV_RANK[a.severity] - SEV_RANK[b.severity] ||
    (a.line ?? 0) - (b.line ?? 0) ||
    a.rule.localeCompare(b.rule)
  );
}

/**
 * Groups in display order: by cell (notebook order, re-check group last) or by category
 * (contract order). Inside a group: severity, then line.
 */
export function group(
  findings: ReadonlyArray<IPlacedFinding>,
  by: GroupBy
): Array<IGroup<IPlacedFinding>> {
  const groups = new Map<string, IGroup<IPlacedFinding>>();
  for (const f of findings) {
    let key: string;
    let label: string;
    let context = '';
    if (by === 'cell') {
      key = f.cellIndex < 0 ? 'recheck' : `cell-${f.cellIndex}`;
      label = f.cellIndex < 0 ? 'Namespace re-check' : cellLabel(f);
      context = f.cellIndex < 0 ? '' : cellContext(f.cellIndex);
    } else {
      key = `cat-${f.taxonomy}`;
      label = categoryLabel(f.taxonomy);
    }
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        label,
        context,
        cellIndex: by === 'cell' ? f.cellIndex : -1,
        findings: [],
        counts: { error: 0, warning: 0, info: 0 }
      };
      groups.set(key, g);
    }
    g.findings.push(f);
    g.counts[f.severity] += 1;
  }
  const out = [...groups.values()];
  for (const g of out) {
    g.findings.sort(
      by === 'cell'
        ? bySeverityThenLine
        : (a, b) => a.cellIndex - b.cellIndex || bySeverityThenLine(a, b)
    );
  }
  if (by === 'cell') {
    out.sort((a, b) => {
      const ia = a.cellIndex < 0 ? Number.MAX_SAFE_INTEGER : a.cellIndex;
      const ib = b.cellIndex < 0 ? Number.MAX_SAFE_INTEGER : b.cellIndex;
      return ia - ib;
    });
  } else {
    out.sort(
      (a, b) =>
        (CATEGORY_ORDER.get(a.findings[0].taxonomy) ?? 99) -
          (CATEGORY_ORDER.get(b.findings[0].taxonomy) ?? 99) ||
        a.label.localeCompare(b.label)
    );
  }
  return out;
}

/** The kernel's replies on the control channel, validated. */
export type KernelReply =
  | { op: 'state'; level: Level; muted: string[]; enabled: boolean }
  | { op: 'findings'; findings: IPlacedFinding[] }
  | { op: 'error'; error: string };

export function parseReply(v: unknown): KernelReply | null {
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    return null;
  }
  const o = v as Record<string, unknown>;
  if (o.op === 'state') {
    const level = o.level === 'expert' ? 'expert' : 'beginner';
    const muted = Array.isArray(o.muted) ? o.muted.filter(isStr) : [];
    return { op: 'state', level, muted, enabled: o.enabled !== false };
  }
  if (o.op === 'findings') {
    return { op: 'findings', findings: placeRecheck(o.findings) };
  }
  if (o.op === 'error') {
    return { op: 'error', error: isStr(o.error) ? o.error : 'unknown error' };
  }
  return null;
}

/** The control messages the panel may send: the kernel's closed set, nothing else. */
export type ControlMessage =
  | { op: 'state' }
  | { op: 'recheck' }
  | { op: 'mute'; rule: string }
  | { op: 'unmute'; rule: string }
  | { op: 'level'; value: Level };

export function controlMessage(
  op: ControlMessage['op'],
  arg?: string
): ControlMessage | null {
  switch (op) {
    case 'state':
    case 'recheck':
      return { op };
    case 'mute':
    case 'unmute':
      return arg && RULE_RE.test(arg) ? { op, rule: arg } : null;
    case 'level':
      return arg === 'beginner' || arg === 'expert' ? { op, value: arg } : null;
    default:
      return null;
  }
}
