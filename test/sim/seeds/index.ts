// Seed names as people and scripts type them: `empty`, `demo`, `overlap`, `large:N`.
import { makeSeed as makeCompanySeed } from './company.js';
import { overlapSeed } from './overlap.js';
import type { SeedCompany, SeedName } from './types.js';

export type { SeedCompany, SeedName } from './types.js';

/** A fresh, deterministic company for `name`. */
export function makeSeed(name: SeedName): SeedCompany {
  return name === 'overlap' ? overlapSeed() : makeCompanySeed(name);
}

export const MAX_LARGE_N = 10_000;

/** Parses a seed name, throwing an Error that says what is accepted. */
export function parseSeedName(s: string): SeedName {
  if (s === 'empty' || s === 'demo' || s === 'overlap') return s;
  const m = /^large:(\d+)$/.exec(s);
  if (m) {
    const n = Number(m[1]);
    if (n >= 1 && n <= MAX_LARGE_N) return `large:${n}`;
    throw new Error(`seed "${s}": N in large:N must be between 1 and ${MAX_LARGE_N}`);
  }
  throw new Error(`unknown seed "${s}": use empty, demo or large:N (N = 1…${MAX_LARGE_N}), or overlap`);
}
