import type { Loc } from "./ast.js";

/** OPA's error codes, so users of OPA recognise them. */
export type RegoErrorCode =
  | "rego_parse_error"
  | "rego_compile_error"
  | "rego_type_error"
  | "rego_unsafe_var_error"
  | "rego_recursion_error";

export class RegoError extends Error {
  constructor(
    readonly code: RegoErrorCode,
    message: string,
    readonly loc?: Loc,
  ) {
    super(message);
    this.name = "RegoError";
  }

  /** `file:line:col: code: message`, as a compiler prints it. */
  format(): string {
    const where = this.loc ? `${this.loc.file}:${this.loc.row}:${this.loc.col}: ` : "";
    return `${where}${this.code}: ${this.message}`;
  }
}

/** Several compile errors at once; the compiler reports all it found in a stage before stopping. */
export class RegoErrors extends Error {
  constructor(readonly errors: RegoError[]) {
    super(errors.map((e) => e.format()).join("\n"));
    this.name = "RegoErrors";
  }

  get code(): RegoErrorCode {
    return this.errors[0]?.code ?? "rego_compile_error";
  }
}

/** Collects errors during a stage; `throwIfAny` ends the stage. */
export class ErrorList {
  readonly errors: RegoError[] = [];

  add(code: RegoErrorCode, message: string, loc?: Loc): void {
    this.errors.push(new RegoError(code, message, loc));
  }

  throwIfAny(): void {
    if (this.errors.length > 0) {
      const sorted = [...this.errors].sort(
        (a, b) =>
          (a.loc?.file ?? "").localeCompare(b.loc?.file ?? "") ||
          (a.loc?.row ?? 0) - (b.loc?.row ?? 0) ||
          (a.loc?.col ?? 0) - (b.loc?.col ?? 0),
      );
      throw new RegoErrors(sorted);
    }
  }
}
