// A settable clock for the simulators. Sims take `clock?: () => Date`; pass `simClock.fn` and the
// `/_sim/clock` control endpoint can find the SimClock behind it (see `findSimClock`).

const OWNER = Symbol('SimClock');

export type ClockFn = (() => Date) & { [OWNER]?: SimClock };

export const realClock: ClockFn = () => new Date();

export class SimClock {
  /** now = real time + offset (ticking), or `frozenAt` + offset when frozen. */
  private offsetMs: number;
  private readonly frozen: boolean;
  private readonly frozenAt: number;
  /** A plain `() => Date` to hand to a sim. */
  readonly fn: ClockFn;

  constructor(start?: string | Date, opts: { frozen?: boolean } = {}) {
    this.frozen = opts.frozen ?? false;
    this.frozenAt = Date.now();
    this.offsetMs = 0;
    if (start !== undefined) this.set(start);
    const fn: ClockFn = () => this.now();
    fn[OWNER] = this;
    this.fn = fn;
  }

  private base(): number {
    return this.frozen ? this.frozenAt : Date.now();
  }

  now(): Date {
    return new Date(this.base() + this.offsetMs);
  }

  set(at: string | Date): void {
    const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
    if (Number.isNaN(ms)) throw new Error(`SimClock.set: not a date: ${String(at)}`);
    this.offsetMs = ms - this.base();
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new Error(`SimClock.advance: not a number: ${ms}`);
    this.offsetMs += ms;
  }
}

/** The SimClock behind a clock function, if it came from one. */
export function findSimClock(fn: (() => Date) | SimClock | undefined): SimClock | undefined {
  if (!fn) return undefined;
  if (fn instanceof SimClock) return fn;
  return (fn as ClockFn)[OWNER];
}
