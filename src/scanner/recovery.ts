// Recovery after a crash: the evidence log is the truth about what was evaluated. A unit's checkpoint
// names the chain and the seq it was saved at; every record of that chain after that seq whose
// reference starts with the unit's prefix was evaluated in the interrupted batch. Those references
// are skipped (not evaluated twice) and count as done.
import type { EvidenceRecord, LogReader } from "../evidence/index.js";

export interface RecoveryQuery {
  unitKey: string;
  refPrefix: string;
  chain: string;
  /** Records with seq greater than this belong to the interrupted batch. */
  afterSeq: number;
}

export async function recoverUnits(reader: LogReader, queries: readonly RecoveryQuery[]): Promise<Map<string, Map<string, EvidenceRecord>>> {
  const out = new Map<string, Map<string, EvidenceRecord>>();
  for (const q of queries) out.set(q.unitKey, new Map());
  const byChain = new Map<string, RecoveryQuery[]>();
  for (const q of queries) {
    const list = byChain.get(q.chain) ?? [];
    list.push(q);
    byChain.set(q.chain, list);
  }
  const chains = new Set(await reader.chains());
  for (const [chain, qs] of byChain) {
    if (!chains.has(chain)) continue;
    const minSeq = Math.min(...qs.map((q) => q.afterSeq));
    // Longest prefixes first, so that a unit whose prefix extends another's takes its own records.
    const sorted = [...qs].sort((a, b) => b.refPrefix.length - a.refPrefix.length);
    for await (const r of reader.records(chain)) {
      if (r.seq <= minSeq || r.source.type !== "scanner") continue;
      const ref = r.subject.reference;
      const q = sorted.find((x) => ref.startsWith(x.refPrefix));
      if (q && r.seq > q.afterSeq) out.get(q.unitKey)!.set(ref, r);
    }
  }
  return out;
}
