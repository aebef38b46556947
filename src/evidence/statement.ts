// The in-toto Statement v1 of a bundle: subjects are every file of the bundle (except the envelope),
// the predicate is the period's summary, chain heads and checkpoints.
import type { ControlStats, DecisionCounts } from "./summary.js";
import type { SigAlg } from "./keys.js";

export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const INTOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
export const PREDICATE_TYPE = "https://evident.dev/attestations/evidence-bundle/v1";

export interface ChainHeadInfo {
  chain: string;
  file: string;
  firstSeq: number;
  lastSeq: number;
  count: number;
  firstPrevHash: string;
  headHash: string;
}

export interface CheckpointInfo {
  chain: string;
  file: string;
  fromSeq: number;
  toSeq: number;
  merkleRoot: string;
  keyId: string;
}

export interface EvidencePredicate {
  v: 1;
  period: { from: string; to: string };
  filters: { controls: string[] | null; sources: string[] | null };
  generatedAt: string;
  generator: { name: string; version: string };
  signer: { keyId: string; algorithm: SigAlg; name: string };
  totals: { records: number; decisions: DecisionCounts; findings: number; failures: number; waived: number };
  controls: ControlStats[];
  chains: ChainHeadInfo[];
  checkpoints: CheckpointInfo[];
  policyBundles: { name: string; file: string; digest: string; revision?: string }[];
  catalog: { file: string; digest: string } | null;
}

export interface Subject {
  name: string;
  digest: { sha256: string };
}

export interface EvidenceStatement {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: typeof PREDICATE_TYPE;
  predicate: EvidencePredicate;
}

export function buildStatement(files: { path: string; sha256: string }[], predicate: EvidencePredicate): EvidenceStatement {
  return {
    _type: STATEMENT_TYPE,
    subject: [...files].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => ({ name: f.path, digest: { sha256: f.sha256 } })),
    predicateType: PREDICATE_TYPE,
    predicate,
  };
}
