// axe-core in the e2e suite: WCAG 2.0/2.1 A and AA rules, plus axe's best-practice
// rules (heading-order, landmarks), run on the page as it is, open dialogs included.
// A serious or critical violation fails the test with the rule, its impact, the
// selectors of every offending node and the help URL. Moderate and minor ones do not
// fail: they are listed in the test's annotations (the HTML and JSON reports show them).
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const FAILING = new Set(['serious', 'critical']);

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  helpUrl: string;
  targets: string[];
  /** axe's explanation for the first node (e.g. the colours and ratio of a contrast failure). */
  detail: string;
}

export function describeFinding(f: AxeFinding): string {
  return `${f.rule} [${f.impact}] ${f.help} (${f.targets.length}): ${f.targets.join(', ')}\n    ${f.detail}\n    ${f.helpUrl}`;
}

/** Runs axe on the page (or inside `include`, a CSS selector) and returns its violations. */
export async function axeFindings(page: Page, include?: string): Promise<AxeFinding[]> {
  // Legacy mode runs axe.run in the page itself; the default mode opens a blank page per run
  // to merge frame results, which doubles the time. The console has no cross-origin frames.
  let builder = new AxeBuilder({ page })
    .withTags(AXE_TAGS)
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] });
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    helpUrl: v.helpUrl,
    targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    detail: (v.nodes[0]?.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
  }));
}

/**
 * Fails on serious and critical violations; records the others as `axe` annotations.
 * `where` names the page or dialog in both.
 */
export async function expectNoSeriousAxeViolations(
  page: Page,
  testInfo: TestInfo,
  where: string,
  include?: string,
): Promise<void> {
  const findings = await axeFindings(page, include);
  for (const f of findings.filter((x) => !FAILING.has(x.impact)))
    testInfo.annotations.push({ type: 'axe', description: `${where}: ${describeFinding(f)}` });
  const failing = findings.filter((x) => FAILING.has(x.impact));
  expect(
    failing.map((f) => f.rule),
    `serious or critical axe violations on ${where}:\n  ${failing.map(describeFinding).join('\n  ')}`,
  ).toEqual([]);
}
