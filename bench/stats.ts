// Small helpers for the benchmarks: timing samples and printing ratios.
export interface Stats {
  median: number;
  p99: number;
  mean: number;
}

/** Runs `fn` `n` times after `warmup` runs; returns per-call microseconds. */
export function sample(fn: () => void, n: number, warmup = Math.min(2000, n)): Stats {
  for (let i = 0; i < warmup; i++) fn();
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    fn();
    t[i] = Number(process.hrtime.bigint() - s) / 1000;
  }
  t.sort();
  let sum = 0;
  for (const x of t) sum += x;
  return { median: t[Math.floor(n / 2)]!, p99: t[Math.floor(n * 0.99)]!, mean: sum / n };
}

export function us(x: number): string {
  return `${x.toFixed(1)} µs`;
}
