// A fixed-window rate limit over all API requests, timed by the sim clock. Busy's real limits are
// not public [A]; tests and the CLI configure them.
export interface RateLimitConfig {
  limit: number;
  windowSec: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 1000, windowSec: 60 };

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateLimiter {
  private windowStart = 0;
  private used = 0;
  constructor(
    private config: RateLimitConfig,
    private readonly clock: () => Date,
  ) {}

  configure(config: RateLimitConfig): void {
    this.config = config;
    this.windowStart = 0;
    this.used = 0;
  }
  get current(): RateLimitConfig {
    return { ...this.config };
  }

  /** Counts one request and says whether it may proceed, with the `RateLimit-*` headers to send. */
  hit(): RateDecision {
    const now = this.clock().getTime();
    const windowMs = this.config.windowSec * 1000;
    if (now < this.windowStart || now >= this.windowStart + windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    this.used += 1;
    const resetSec = Math.max(1, Math.ceil((this.windowStart + windowMs - now) / 1000));
    const allowed = this.used <= this.config.limit;
    const headers: Record<string, string> = {
      'ratelimit-limit': String(this.config.limit),
      'ratelimit-remaining': String(Math.max(0, this.config.limit - this.used)),
      'ratelimit-reset': String(resetSec),
    };
    if (!allowed) headers['retry-after'] = String(resetSec);
    return { allowed, headers };
  }
}
