/**
 * The longest render within `maxChars`: everything when it fits; else the lists are cut in `cutOrder` (least important
 * first), each to the longest prefix that fits, found by bisection. Only renders that were measured are returned, so
 * the result is within the budget unless even the render without any list item is longer.
 */
export function fitLists<Tier extends string>(
  render: (keep: Readonly<Record<Tier, number>>) => string,
  totals: Readonly<Record<Tier, number>>,
  cutOrder: readonly Tier[],
  maxChars: number,
): string {
  const full = render(totals);
  if (full.length <= maxChars) return full;
  let keep = totals;
  for (const tier of cutOrder) {
    const without = { ...keep, [tier]: 0 };
    const cut = render(without);
    if (cut.length > maxChars) {
      keep = without;
      continue;
    }
    let fits = 0;
    let fitting = cut;
    let tooMany = keep[tier];
    while (tooMany - fits > 1) {
      const middle = Math.floor((fits + tooMany) / 2);
      const text = render({ ...keep, [tier]: middle });
      if (text.length <= maxChars) {
        fits = middle;
        fitting = text;
      } else {
        tooMany = middle;
      }
    }
    return fitting;
  }
  return render(keep);
}
