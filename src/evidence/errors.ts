// Typed errors of the evidence subsystem. Every error carries a stable `code`; verification errors
// also name the step, the file inside the bundle and the record (chain, seq, id) when there is one.

export interface RecordRef {
  chain?: string;
  seq?: number;
  id?: string;
  line?: number;
}

export class EvidenceError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EvidenceError";
    this.code = code;
  }
}

/** A record input or a record that breaks the JSON Schema or the privacy rules. */
export class RecordInvalidError extends EvidenceError {
  readonly errors: string[];
  constructor(code: string, message: string, errors: string[] = []) {
    super(code, message);
    this.name = "RecordInvalidError";
    this.errors = errors;
  }
}

/** The log cannot be opened or written (lock held, corruption in the middle of a segment ...). */
export class LogError extends EvidenceError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "LogError";
  }
}

export class SigningError extends EvidenceError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "SigningError";
  }
}

export type VerifyStep = "archive" | "signature" | "subjects" | "schemas" | "chains" | "checkpoints" | "report";

/** One reason a bundle does not verify. */
export class VerificationError extends EvidenceError {
  readonly step: VerifyStep;
  readonly file?: string;
  readonly record?: RecordRef;
  constructor(step: VerifyStep, code: string, message: string, where: { file?: string; record?: RecordRef } = {}) {
    super(code, message);
    this.name = "VerificationError";
    this.step = step;
    this.file = where.file;
    this.record = where.record;
  }

  /** "records/x.jsonl, record seq 5 (id ...)" */
  where(): string {
    const parts: string[] = [];
    if (this.file) parts.push(this.file);
    const r = this.record;
    if (r) {
      const bits: string[] = [];
      if (r.seq !== undefined) bits.push(`seq ${r.seq}`);
      if (r.line !== undefined) bits.push(`line ${r.line}`);
      if (r.id) bits.push(`id ${r.id}`);
      if (bits.length) parts.push(`record ${bits.join(", ")}`);
    }
    return parts.join(", ");
  }
}
