// The benchmark figures, taken from the benchmarks' JSON results: each with its value, the target it is held to
// (none for the figures that only give context) and whether it met it. Nothing here enforces a target: run.mjs
// reports them, and fails only on a figure that is missing or not a number.

/** results: { local, emulator, plan, apply, audit, header } as each benchmark wrote them with --json. */
export function figures({ local, emulator, plan, apply, audit, header }) {
  const list = [];
  const add = (id, name, value, extra = {}) => list.push({ id, name, value, ...extra });
  const atMost = (value, limit) => ({ target: `≤ ${limit}`, pass: value <= limit });
  const atLeast = (value, limit) => ({ target: `≥ ${limit}`, pass: value >= limit });
  const context = { pass: null };

  add('plan.requests', '`plan` requests', plan.requests, { digits: 0, ...context });
  add('plan.lowerBound', 'fewest requests that read the same state (lower bound)', plan.lowerBound.total, {
    digits: 0,
    ...context,
  });
  add('plan.overLowerBound', 'plan ÷ lower bound', plan.ratio, atMost(plan.ratio, 1.05));
  add('plan.rowAtATime.requests', 'row-at-a-time baseline requests', plan.rowAtATime.requests, {
    digits: 0,
    ...context,
  });
  add('plan.rowAtATime.overPlan', 'row-at-a-time ÷ plan', plan.rowAtATime.overPlan, {
    digits: 1,
    ...atLeast(plan.rowAtATime.overPlan, 10),
  });
  add('plan.rowAtATime.overLowerBound', 'row-at-a-time ÷ lower bound', plan.rowAtATime.overLowerBound, {
    digits: 1,
    ...context,
  });
  add(
    'plan.perResource.requests',
    'per-resource (Terraform-style) refresh requests',
    plan.perResource.requests,
    {
      digits: 0,
      ...context,
    },
  );
  add('plan.perResource.overPlan', 'per-resource refresh ÷ plan', plan.perResource.overPlan, {
    digits: 1,
    ...context,
  });
  add(
    'plan.perResource.overLowerBound',
    'per-resource refresh ÷ lower bound',
    plan.perResource.overLowerBound,
    {
      digits: 1,
      ...context,
    },
  );

  const [small, wide] = plan.scoped ?? [];
  for (const [id, scoped] of [
    ['small', small],
    ['wide', wide],
  ]) {
    if (scoped === undefined) continue;
    add(`plan.scoped.${id}.requests`, `scoped plan, ${scoped.name}: requests`, scoped.requests, {
      digits: 0,
      ...atMost(scoped.requests, scoped.target),
    });
    add(
      `plan.scoped.${id}.overLowerBound`,
      `scoped plan, ${scoped.name}: ÷ scoped lower bound`,
      scoped.overLowerBound,
      { digits: 3, ...atMost(scoped.overLowerBound, 1.05) },
    );
    add(`plan.scoped.${id}.overFull`, `scoped plan, ${scoped.name}: ÷ full plan requests`, scoped.overFull, {
      digits: 3,
      ...context,
    });
  }

  add(
    'apply.overAllowed',
    'apply achieved rate ÷ allowed rate',
    apply.efficiency,
    atLeast(apply.efficiency, 0.9),
  );
  add('apply.share429', 'apply 429s ÷ requests', apply.rate429, {
    percent: true,
    target: '≤ 1 %',
    pass: apply.rate429 <= 0.01,
  });
  add('apply.overFloor', 'apply wall time ÷ floor', apply.wallOverFloor, context);
  add(
    'apply.projected60',
    'apply achieved ÷ allowed, projected to 60-second windows',
    apply.projected60,
    context,
  );

  add('local.overParse', 'load + validate + diff ÷ csv-parse', local.ratio, {
    digits: 2,
    ...atMost(local.ratio, 4),
  });
  add('local.peakMiB', 'peak memory, load + validate + diff', local.peakMiB, {
    digits: 0,
    unit: 'MiB',
    target: '< 2048 MiB',
    pass: local.peakMiB < 2048,
  });
  add('local.cpuOverParse', 'load + validate + diff ÷ csv-parse, CPU time', local.cpuRatio, {
    digits: 2,
    ...context,
  });
  add('local.rows', 'rows loaded, validated and diffed', local.rows, { digits: 0, ...context });

  const single = emulator.results[0].perSecond;
  const headroom = single / apply.allowedPerSecond;
  add('emulator.perSecond', 'emulator: single-resource GETs per second', single, { digits: 0, ...context });
  add('emulator.pagesPerSecond', 'emulator: 200-user pages per second', emulator.results[1].perSecond, {
    digits: 0,
    ...context,
  });
  add('emulator.headroom', 'emulator rate ÷ apply allowed rate', headroom, {
    digits: 0,
    ...atLeast(headroom, 10),
  });

  add('audit.whoHasSeconds', 'audit who-has (middle of the history), wall time', audit.whoHas.wallMs / 1000, {
    digits: 1,
    unit: 's',
    ...context,
  });
  add('audit.historySeconds', 'audit history --user, wall time', audit.history.wallMs / 1000, {
    digits: 1,
    unit: 's',
    ...context,
  });
  add('audit.historyPeakMiB', 'audit history --user, peak memory', audit.history.maxRssKiB / 1024, {
    digits: 0,
    unit: 'MiB',
    ...context,
  });
  add('header.overNarrow', 'validate, 80,000-column header ÷ 10,000-column header', header.ratio, {
    digits: 2,
    ...atMost(header.ratio, 10),
  });
  // The headline ratios, shown in bold in the summary.
  const headline = new Set([
    'plan.overLowerBound',
    'plan.rowAtATime.overPlan',
    'plan.perResource.overPlan',
    'plan.scoped.small.requests',
    'plan.scoped.small.overLowerBound',
    'apply.overAllowed',
    'apply.share429',
    'local.overParse',
    'local.peakMiB',
    'emulator.headroom',
    'header.overNarrow',
  ]);
  return list.map((figure) => ({ ...figure, headline: headline.has(figure.id) }));
}
