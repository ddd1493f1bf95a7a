import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_MESSAGE_KEYS } from '../../utils/core/errors';
import { STORE_ERROR_MESSAGE_KEYS } from '../../utils/store/errors';
import { SYNC_MESSAGE_KEYS } from '../../utils/sync/context';
import { HOURS_MESSAGES } from '../../utils/hours/reasons';
import { PACER_MESSAGE_KEYS } from '../../utils/pacer/errors';
import { CAPABILITY_MESSAGE_KEYS } from '../../utils/capabilities/registry';
import { ASSUMED_MESSAGE_KEYS } from '../../utils/sync/assumed';

// Every user-visible string goes through browser.i18n: each key the code uses exists in both
// locales, and the two locales define the same keys with the same substitutions.

const load = (loc: string) =>
  JSON.parse(readFileSync(`public/_locales/${loc}/messages.json`, 'utf8')) as Record<string, { message: string }>;
const nb = load('nb');
const en = load('en');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.(ts|tsx)$/.test(f) ? [p] : [];
  });
}

function keysUsedInCode(): Set<string> {
  const keys = new Set<string>();
  for (const file of [...sourceFiles('entrypoints'), ...sourceFiles('components'), ...sourceFiles('utils')]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) keys.add(m[1]!);
    for (const m of text.matchAll(/messageKey:\s*'([A-Za-z0-9_]+)'/g)) keys.add(m[1]!);
    for (const m of text.matchAll(/\b(?:label|hint|labelKey):\s*'([A-Za-z0-9_]+)'/g)) keys.add(m[1]!);
    // Plurals (components/say.ts tn): the `_one` and `_other` forms.
    for (const m of text.matchAll(/\btn\(\s*'([A-Za-z0-9_]+)'/g)) keys.add(`${m[1]}_one`).add(`${m[1]}_other`);
    // Keys made per system: `adviceNotLoggedIn${sys}` → adviceNotLoggedInTfso, adviceNotLoggedInBusy.
    for (const m of text.matchAll(/`([A-Za-z]+)\$\{sys\}`/g)) keys.add(`${m[1]}Tfso`).add(`${m[1]}Busy`);
    // Lookup tables of message keys (STATE_KEYS, HOW_KEYS, …).
    for (const block of text.matchAll(/_KEYS = \{([^}]*)\}/g)) {
      for (const m of block[1]!.matchAll(/:\s*'([A-Za-z0-9_]+)'/g)) keys.add(m[1]!);
    }
    for (const m of text.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) keys.add(m[1]!);
  }
  for (const m of readFileSync('wxt.config.ts', 'utf8').matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) keys.add(m[1]!);
  return keys;
}

describe('i18n', () => {
  it('nb and en define exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nb).sort());
  });

  it('every key used in the code exists in both locales', () => {
    const used = keysUsedInCode();
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((k) => !(k in nb) || !(k in en));
    expect(missing).toEqual([]);
  });

  it('every error the clients can raise has a message in both locales', () => {
    const missing = [
      ...ERROR_MESSAGE_KEYS,
      ...STORE_ERROR_MESSAGE_KEYS,
      ...SYNC_MESSAGE_KEYS,
      ...PACER_MESSAGE_KEYS,
      ...Object.keys(HOURS_MESSAGES),
      ...CAPABILITY_MESSAGE_KEYS,
      ...ASSUMED_MESSAGE_KEYS,
      'errCapabilityAbsent',
    ].filter((k) => !(k in nb) || !(k in en));
    expect(missing).toEqual([]);
  });

  it('both locales use the same substitutions ($1, $2 …) for each key', () => {
    const subs = (s: string) =>
      [...s.matchAll(/\$(\d)/g)]
        .map((m) => m[1])
        .sort()
        .join(',');
    const differing = Object.keys(nb).filter((k) => subs(nb[k]!.message) !== subs(en[k]!.message));
    expect(differing).toEqual([]);
  });

  it('issue 17: every plural has its `one` and `other` forms in both locales, and Norwegian ones differ where Norwegian does', () => {
    for (const loc of [en, nb]) {
      const ones = Object.keys(loc).filter((k) => k.endsWith('_one'));
      expect(ones.length).toBeGreaterThan(5);
      expect(ones.filter((k) => !(`${k.slice(0, -4)}_other` in loc))).toEqual([]);
    }
    // "1 godkjente timeføringer venter" was the bug: one entry is singular in Norwegian.
    expect(nb.hoursWaiting_one!.message).toBe('$1 godkjent timeføring venter ($2 t)');
    expect(nb.hoursWaiting_other!.message).toBe('$1 godkjente timeføringer venter ($2 t)');
    expect(nb.countNew_one!.message).not.toBe(nb.countNew_other!.message);
  });

  it('the Norwegian texts are Norwegian (spot check of the connection states)', () => {
    expect(nb.stateNotLoggedIn!.message).toBe('Ikke innlogget');
    expect(en.stateNotLoggedIn!.message).toBe('Not logged in');
  });
});
