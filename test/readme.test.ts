// The README's rule index (## Rule index) stays true: every file it names exists, every rule R1–R23
// has its row, and each rule is named by a test (in a describe/it name) in one of the test files the
// row gives as its proof. A file moved or a test renamed without the index fails here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The section's text, from its heading to the next heading of the same level. */
function section(md: string, heading: string): string {
  const start = md.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const rest = md.slice(start + 1);
  const end = rest.indexOf('\n## ', 4);
  return end < 0 ? rest : rest.slice(0, end);
}

interface Row {
  rule: string;
  implemented: string[];
  proven: string[];
}

/** A backticked path: has a slash, no spaces (`utils/sync/decisions.ts`, `utils/pacer/`). */
const paths = (cell: string) => [...cell.matchAll(/`([^`\s]+\/[^`\s]*)`/g)].map((m) => m[1]);

const rows: Row[] = section(readme, 'Rule index')
  .split('\n')
  .filter((l) => /^\| R\d/.test(l))
  .map((l) => {
    const [rule, implemented, proven] = l.split(/\s\|\s/).map((c) => c.replace(/^\|\s*/, '').trim());
    return { rule, implemented: paths(implemented ?? ''), proven: paths(proven ?? '') };
  });

const RULES = Array.from({ length: 23 }, (_, i) => `R${i + 1}`);
/** `R1` but not `R11`. */
const names = (rule: string, text: string) => new RegExp(`(?<![\\w])${rule}(?!\\d)`).test(text);

/** The names given to describe/it/test in a test file. */
function testNames(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/\b(?:describe|it|test)(?:\.\w+)*\(\s*(['"`])((?:(?!\1)[\s\S])*)\1/g)].map((m) => m[2]);
}

describe('the README rule index', () => {
  it('has a row for every rule R1–R23', () => {
    expect(rows.length).toBeGreaterThanOrEqual(RULES.length);
    const missing = RULES.filter((r) => !rows.some((row) => new RegExp(`^${r}(?!\\d)`).test(row.rule)));
    expect(missing, 'rules without a row').toEqual([]);
  });

  it('names only files that exist', () => {
    const named = new Set(rows.flatMap((r) => [...r.implemented, ...r.proven]));
    expect(named.size).toBeGreaterThan(40);
    const missing = [...named].filter((p) => !existsSync(join(root, p)));
    expect(missing, 'files the rule index names that are not there').toEqual([]);
  });

  it('each rule R1–R23 is named by a test in one of the files its row gives as proof', () => {
    const unproven = RULES.filter((rule) => {
      const own = rows.filter((row) => new RegExp(`^${rule}(?!\\d)`).test(row.rule));
      const files = own.flatMap((row) => row.proven).filter((p) => p.endsWith('.test.ts') && existsSync(join(root, p)));
      return !files.some((f) => testNames(f).some((n) => names(rule, n)));
    });
    expect(unproven, 'rules no test of their row names').toEqual([]);
  });
});
