// Sharding: when N scanner pods share the work (a Kubernetes Indexed Job), pod i takes the units
// (an account+region of a source, a cluster, a path) for which
//
//     shardOf(unitKey, N) = FNV-1a-32(UTF-8 bytes of unitKey) mod N  ==  i
//
// unitKey is "<source name>/<account>/<region>" for AWS sources (cloudtrail, aws-config per account,
// cloudtrail-files), "<source name>/aggregator/<name>" for an aggregator, "<source name>" for the
// kubernetes and files sources. The function is pure, so every pod computes the same split without
// talking to the others; adding an account moves only that account's units. Each shard writes its own
// evidence chain ("scanner-<instance>-<index>of<N>") and its own checkpoint file.

export interface ShardIdentity {
  index: number;
  count: number;
}

export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, "utf8")) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function shardOf(unitKey: string, count: number): number {
  return count <= 1 ? 0 : fnv1a32(unitKey) % count;
}

export function ownsUnit(shard: ShardIdentity, unitKey: string): boolean {
  return shardOf(unitKey, shard.count) === shard.index;
}

/** The shard from the config, else from JOB_COMPLETION_INDEX / EVIDENT_SHARD_COUNT (Indexed Jobs). */
export function shardIdentity(cfg: { index?: number; count?: number } | undefined, env: NodeJS.ProcessEnv = process.env): ShardIdentity {
  const num = (v: string | undefined, what: string): number | undefined => {
    if (v === undefined || v === "") return undefined;
    if (!/^[0-9]+$/.test(v)) throw new Error(`${what} must be a non-negative integer, got ${JSON.stringify(v)}`);
    return Number(v);
  };
  const index = cfg?.index ?? num(env["JOB_COMPLETION_INDEX"], "JOB_COMPLETION_INDEX") ?? 0;
  const count = cfg?.count ?? num(env["EVIDENT_SHARD_COUNT"], "EVIDENT_SHARD_COUNT") ?? 1;
  if (count < 1) throw new Error("the shard count must be at least 1");
  if (index >= count) throw new Error(`shard index ${index} is not below the shard count ${count}`);
  return { index, count };
}
