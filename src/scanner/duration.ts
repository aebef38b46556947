// Durations in the scanner config: "90s", "5m", "1h30m", "2d", "250ms", or a number of seconds.

export const DURATION_PATTERN = "^([0-9]+(ms|s|m|h|d))+$";
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a duration; throws on a malformed one (the schema has already refused those). */
export function parseDuration(v: string | number): number {
  if (typeof v === "number") return Math.round(v * 1000);
  if (!new RegExp(DURATION_PATTERN).test(v)) throw new Error(`invalid duration ${JSON.stringify(v)} (write e.g. 30s, 5m, 1h30m, 2d)`);
  let ms = 0;
  for (const m of v.matchAll(/([0-9]+)(ms|s|m|h|d)/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms;
}

export const durationSchema = {
  anyOf: [
    { type: "string", pattern: DURATION_PATTERN },
    { type: "number", minimum: 0 },
  ],
} as const;
