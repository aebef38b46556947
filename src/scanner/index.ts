// Public API of the periodic scanner.
export { Scanner, buildSource, type ScannerOptions, type SourceRunReport, type UnitReport } from "./scanner.js";
export { loadScannerConfig, parseScannerConfig, checkScannerConfig, ScannerConfigError, type ConfigProblem } from "./config.js";
export type { ScannerConfig, SourceConfig } from "./config-schema.js";
export { shardOf, ownsUnit, shardIdentity, fnv1a32, type ShardIdentity } from "./shard.js";
export { Schedule } from "./schedule.js";
export { ScannerMetrics, startMetricsServer } from "./metrics.js";
export { CheckpointStore, writeFileAtomic } from "./checkpoint.js";
export { evaluationOf, putEvaluations, truncateAnnotation, MAX_EVALUATIONS_PER_CALL, MAX_ANNOTATION } from "./aws/put-evaluations.js";
export { buildReports } from "./k8s/policyreport.js";
export { KubeClient } from "./k8s/client.js";
export type { ScannerSource, Unit, UnitContext, EvalItem, Outcome } from "./types.js";
