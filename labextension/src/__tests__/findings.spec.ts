import {
  applyFilter,
  categoryLabel,
  collect,
  controlMessage,
  countByCategory,
  countBySeverity,
  frameworkOf,
  group,
  IFinding,
  MIME,
  NO_FILTER,
  parseFinding,
  parsePayload,
  parseReply,
  placeRecheck,
  cellContext,
  cellLabel,
  newFromRecheck,
  reportHeader,
  whereLabel,
  worstSeverity
} from '../findings';

function finding(over: Partial<IFinding> = {}): IFinding {
  return {
    rule: 'DLF-L001',
    taxonomy: 'model.layers.choice',
    severity: 'error',
    silent: true,
    cell: 2,
    line: 3,
    subject: 'model',
    message: '`model` ends in `Softmax` but `loss_fn` is `CrossEntropyLoss`.',
    beginner: 'plain words',
    expert: 'log-softmax twice',
    fix: 'model = nn.Sequential(...)',
    ...over
  };
}

function payload(findings: unknown[], extra: Record<string, unknown> = {}) {
  return {
    version: 1,
    cell_id: 'abc',
    execution_count: 4,
    findings,
    notes: [],
    ...extra
  };
}

describe('parseFinding', () => {
  it('accepts a contract finding', () => {
    expect(parseFinding(finding())).toEqual(finding());
  });
  it('accepts null line, subject and fix', () => {
    const f = finding({ line: null, subject: null, fix: null });
    expect(parseFinding(f)).toEqual(f);
  });
  it.each([
    ['no rule', { rule: undefined }],
    ['bad severity', { severity: 'fatal' }],
    ['silent not bool', { silent: 'yes' }],
    ['cell not int', { cell: 1.5 }],
    ['line string', { line: '3' }],
    ['message missing', { message: undefined }],
    ['fix number', { fix: 3 }]
  ])('rejects %s', (_name, over) => {
    expect(parseFinding({ ...finding(), ...(over as object) })).toBeNull();
  });
  it.each([null, 3, 'x', [], undefined])('rejects non-objects (%p)', v => {
    expect(parseFinding(v)).toBeNull();
  });
});

describe('parsePayload', () => {
  it('keeps valid findings and drops invalid ones', () => {
    const p = parsePayload(
      payload([finding(), { rule: 'x' }], { notes: ['n', 3] })
    );
    expect(p?.findings).toHaveLength(1);
    expect(p?.notes).toEqual(['n']);
    expect(p?.execution_count).toBe(4);
  });
  it('rejects other versions and shapes', () => {
    expect(parsePayload({ ...payload([]), version: 2 })).toBeNull();
    expect(parsePayload({ version: 1 })).toBeNull();
    expect(parsePayload('{"version":1}')).toBeNull();
  });
});

describe('collect', () => {
  it('places findings by notebook cell, ignores other outputs, de-duplicates', () => {
    const f1 = finding();
    const f2 = finding({
      rule: 'DLF-T001',
      taxonomy: 'training.process',
      line: 5
    });
    const { findings } = collect([
      { id: 'c0', outputs: [] },
      {
        id: 'c1',
        outputs: [{ 'text/plain': 'hi' }, null, { [MIME]: payload([f1, f2]) }]
      },
      {
        id: 'c2',
        outputs: [{ [MIME]: payload([f1]) }, { [MIME]: payload([f1]) }]
      },
      { id: 'c3', outputs: [{ [MIME]: 'garbage' }] }
    ]);
    expect(findings.map(f => [f.cellIndex, f.cellId, f.rule])).toEqual([
      [1, 'c1', 'DLF-L001'],
      [1, 'c1', 'DLF-T001'],
      [2, 'c2', 'DLF-L001']
    ]);
    expect(new Set(findings.map(f => f.key)).size).toBe(3);
    expect(findings[0].executionCount).toBe(4);
  });
  it('is empty for cleared outputs', () => {
    expect(collect([{ id: 'a', outputs: [] }]).findings).toEqual([]);
  });
});

describe('frameworkOf', () => {
  it.each([
    ['DLF-L001', 'PyTorch'],
    ['DLF-T042', 'PyTorch'],
    ['DLF-L101', 'Keras'],
    ['DLF-E150', 'Keras'],
    ['DLF-S201', 'any'],
    ['DLF-A300', 'any'],
    ['something', 'any']
  ])('%s is %s', (rule, fw) => {
    expect(frameworkOf(rule)).toBe(fw);
  });
});

describe('filter, count, group', () => {
  const fs = collect([
    {
      id: 'a',
      outputs: [
        {
          [MIME]: payload([
            finding(),
            finding({
              rule: 'DLF-L101',
              severity: 'warning',
              silent: false,
              line: 1
            })
          ])
        }
      ]
    },
    {
      id: 'b',
      outputs: [
        {
          [MIME]: payload([
            finding({
              rule: 'DLF-T001',
              taxonomy: 'training.process',
              severity: 'info'
            })
          ])
        }
      ]
    }
  ]).findings;

  it('filters by severity, category, framework, silent and muted', () => {
    expect(applyFilter(fs, NO_FILTER)).toHaveLength(3);
    expect(
      applyFilter(fs, { ...NO_FILTER, severities: new Set(['error']) })
    ).toHaveLength(1);
    expect(
      applyFilter(fs, { ...NO_FILTER, category: 'training.process' })
    ).toHaveLength(1);
    expect(
      applyFilter(fs, { ...NO_FILTER, framework: 'Keras' }).map(f => f.rule)
    ).toEqual(['DLF-L101']);
    expect(applyFilter(fs, { ...NO_FILTER, silentOnly: true })).toHaveLength(2);
    expect(
      applyFilter(fs, { ...NO_FILTER, muted: new Set(['DLF-L001']) })
    ).toHaveLength(2);
  });

  it('counts per severity and per category', () => {
    expect(countBySeverity(fs)).toEqual({ error: 1, warning: 1, info: 1 });
    expect(countByCategory(fs)).toEqual([
      ['model.layers.choice', 2],
      ['training.process', 1]
    ]);
  });

  it('groups by cell in notebook order, worst first, re-check last', () => {
    const recheck = placeRecheck([
      finding({ rule: 'DLF-M001', taxonomy: 'model.type' })
    ]);
    const g = group([...recheck, ...fs], 'cell');
    // one numbering: a cell is named by its prompt number, its position is context
    expect(g.map(x => x.label)).toEqual([
      'Cell [4]',
      'Cell [4]',
      'Namespace re-check'
    ]);
    expect(g.map(x => x.context)).toEqual(['1st cell', '2nd cell', '']);
    expect(g[0].findings.map(f => f.severity)).toEqual(['error', 'warning']);
    expect(g[0].counts).toEqual({ error: 1, warning: 1, info: 0 });
    expect(g[0].cellIndex).toBe(0);
  });

  it('groups by category in contract order', () => {
    const g = group(fs, 'category');
    expect(g.map(x => x.label)).toEqual([
      categoryLabel('model.layers.choice'),
      categoryLabel('training.process')
    ]);
    expect(g[0].cellIndex).toBe(-1);
  });
});

describe('control channel messages', () => {
  it('builds only the closed message set', () => {
    expect(controlMessage('mute', 'DLF-L001')).toEqual({
      op: 'mute',
      rule: 'DLF-L001'
    });
    expect(controlMessage('mute', 'x; import os')).toBeNull();
    expect(controlMessage('level', 'expert')).toEqual({
      op: 'level',
      value: 'expert'
    });
    expect(controlMessage('level', 'guru')).toBeNull();
    expect(controlMessage('recheck')).toEqual({ op: 'recheck' });
  });
  it('parses kernel replies', () => {
    expect(
      parseReply({
        op: 'state',
        level: 'expert',
        muted: ['DLF-L001', 3],
        enabled: true
      })
    ).toEqual({
      op: 'state',
      level: 'expert',
      muted: ['DLF-L001'],
      enabled: true
    });
    const r = parseReply({ op: 'findings', findings: [finding(), { bad: 1 }] });
    expect(r?.op === 'findings' && r.findings.map(f => f.cellIndex)).toEqual([
      -1
    ]);
    expect(parseReply({ op: 'error', error: 'unknown op' })).toEqual({
      op: 'error',
      error: 'unknown op'
    });
    expect(parseReply({ op: 'eval' })).toBeNull();
    expect(parseReply(null)).toBeNull();
  });
  it('labels unknown categories by id', () => {
    expect(categoryLabel('gpu')).toBe('GPU usage');
    expect(categoryLabel('nope')).toBe('nope');
  });
});

describe('one numbering of cells', () => {
  it('names a cell by its execution count and gives the position as context', () => {
    expect(cellLabel({ cellIndex: 4, executionCount: 3 })).toBe('Cell [3]');
    expect(cellLabel({ cellIndex: 4, executionCount: null })).toBe('Cell 5');
    expect([0, 1, 2, 3, 10, 11, 12, 20, 21, 111].map(cellContext)).toEqual([
      '1st cell',
      '2nd cell',
      '3rd cell',
      '4th cell',
      '11th cell',
      '12th cell',
      '13th cell',
      '21st cell',
      '22nd cell',
      '112th cell'
    ]);
  });

  it('says the line inside a cell group and the cell too elsewhere', () => {
    const [f] = collect([
      { id: 'a', outputs: [{ [MIME]: payload([finding()]) }] }
    ]).findings;
    expect(whereLabel(f, 'cell')).toBe('line 3');
    expect(whereLabel(f, 'category')).toBe('cell [4], line 3');
    expect(whereLabel({ ...f, line: null }, 'cell')).toBe('');
    expect(
      whereLabel({ ...f, line: null, executionCount: null }, 'category')
    ).toBe('cell 1');
    expect(whereLabel({ ...f, cellIndex: -1 }, 'category')).toBe('namespace');
  });
});

describe('re-check', () => {
  it('lists only what no report shows already', () => {
    const shown = collect([
      { id: 'a', outputs: [{ [MIME]: payload([finding()]) }] }
    ]).findings;
    const recheck = placeRecheck([
      finding({ message: 'worded a bit differently now' }), // same rule and subject
      finding({ subject: null, rule: 'DLF-T001', message: 'm' }),
      finding({ subject: 'other_model' }), // same message, another object: same finding text
      finding({ rule: 'DLF-M001', subject: 'model' })
    ]);
    expect(newFromRecheck(shown, recheck).map(f => f.rule)).toEqual([
      'DLF-T001',
      'DLF-M001'
    ]);
    expect(newFromRecheck([], recheck)).toHaveLength(4);
  });
});

describe('report header', () => {
  it('summarises like the kernel (render/text.py header)', () => {
    expect(reportHeader([])).toBe('dlfault: no findings');
    expect(reportHeader([finding()])).toBe('dlfault: 1 error');
    expect(
      reportHeader([
        finding(),
        finding({ severity: 'warning' }),
        finding({ severity: 'warning' })
      ])
    ).toBe('dlfault: 3 findings: 1 error, 2 warnings');
    expect(
      worstSeverity([
        finding({ severity: 'info' }),
        finding({ severity: 'warning' })
      ])
    ).toBe('warning');
    expect(worstSeverity([])).toBeNull();
  });

  it('reads the level the report was shown at, and nothing else', () => {
    expect(parsePayload(payload([], { level: 'expert' }))?.level).toBe(
      'expert'
    );
    expect(parsePayload(payload([], { level: '<b>' }))?.level).toBeNull();
    expect(parsePayload(payload([]))?.level).toBeNull();
  });
});
