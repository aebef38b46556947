// How the CLI ends: compile errors as `file:line:col: message`, other errors as one line, never a
// stack trace (set EVIDENT_DEBUG=1 to see one).
import { RegoError, RegoErrors } from "../rego/errors.js";

function report(e: unknown): never {
  if (e instanceof RegoErrors) {
    for (const err of e.errors) process.stderr.write(err.format() + "\n");
    process.stderr.write(`${e.errors.length} error${e.errors.length === 1 ? "" : "s"} occurred\n`);
  } else if (e instanceof RegoError) {
    process.stderr.write(e.format() + "\n");
  } else {
    const err = e as { code?: unknown; message?: unknown };
    const code = typeof err?.code === "string" ? `${err.code}: ` : "";
    process.stderr.write(`evident: ${code}${typeof err?.message === "string" ? err.message : String(e)}\n`);
  }
  if (process.env["EVIDENT_DEBUG"] && e instanceof Error) process.stderr.write((e.stack ?? "") + "\n");
  process.exit(typeof (e as { exitCode?: unknown })?.exitCode === "number" ? ((e as { exitCode: number }).exitCode) : 1);
}

/** Wraps a command action: its result (a number) becomes the exit code; errors are reported. */
export function runAction<A extends unknown[]>(fn: (...args: A) => Promise<number | void> | number | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      if (typeof code === "number" && code !== 0) process.exitCode = code;
    } catch (e) {
      report(e);
    }
  };
}
runAction.report = report;
