// Public API of the evidence subsystem.
export { openEvidenceLog, openLogReader, type EvidenceLog, type EvidenceLogConfig, type FileLogConfig, type PgLogConfig, type LogReader, type LogReaderConfig } from "./log.js";
export { actorFromUserIdentity, actorFromUserInfo, clipField, findingsToRecord, GENESIS_HASH, type Decision, type EvidenceRecord, type RecordInput } from "./record.js";
export { subjectDigest, bytesDigest, canonicalJson } from "./digest.js";
export { exportEvidence, type ExportOptions, type ExportResult, type PolicyBundleInput } from "./export.js";
export { verifyBundle, type VerifyResult, type StepReport } from "./verify.js";
export { generateKeyPair, keyIdOf, loadPublicKey } from "./keys.js";
export { fileKeySigner, privateKeySigner, type Signer } from "./signer.js";
export { createKmsSigner } from "./kms.js";
export { migrate as migratePostgres } from "./pglog/migrate.js";
export { keysGenerate, exportCmd, verifyCmd, type CliIO } from "./cli.js";
export { EvidenceError, VerificationError, RecordInvalidError, LogError, SigningError } from "./errors.js";
