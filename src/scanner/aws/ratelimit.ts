// Client-side request pacing: CloudTrail's LookupEvents allows 2 requests per second per account and
// region; each (account, region) gets its own limiter so scopes read in parallel do not slow each other.

export class RateLimiter {
  private next = 0;
  private readonly intervalMs: number;
  /**
   * `margin` widens the interval (default 10%): between letting a request through and its bytes
   * reaching the wire the event loop may be busy evaluating, which would squeeze two requests closer
   * than the limit at the endpoint.
   */
  constructor(perSecond: number, margin = 0.1) {
    this.intervalMs = (1000 / perSecond) * (1 + margin);
  }

  /**
   * Resolves when the next request may go out; the interval counts from the moment a request is let
   * through (not from when its timer was due), so a busy event loop never squeezes two requests.
   */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (now >= this.next) {
        this.next = now + this.intervalMs;
        return;
      }
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, this.next - now);
        const onAbort = () => {
          clearTimeout(t);
          reject(signal!.reason ?? new Error("aborted"));
        };
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    }
  }
}

/** One limiter per key ("<account>/<region>"). */
export class RateLimiters {
  private readonly map = new Map<string, RateLimiter>();
  constructor(private readonly perSecond: number) {}
  for(key: string): RateLimiter {
    let l = this.map.get(key);
    if (!l) this.map.set(key, (l = new RateLimiter(this.perSecond)));
    return l;
  }
}
