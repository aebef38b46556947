// `--format F` (repeatable) and `--output FILE` (repeatable): which format goes where.
//
//   --format table                         the table on stdout (the default when no --format is given)
//   --format sarif --output r.sarif        --output values pair, in order, with the --format values
//   --format json --format sarif -o a -o b that do not name their own file
//   --format sarif=r.sarif                 the format=file form names the file directly
//   --format github --format sarif=r.sarif at most one format without a file: it goes to stdout
import { isFormat, FORMATS, type Format } from "../report/index.js";

export interface OutputTarget {
  format: Format;
  /** undefined: stdout */
  file?: string;
}

export class UsageError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

export function resolveOutputs(formats: readonly string[], outputs: readonly string[]): OutputTarget[] {
  const specs = formats.length ? formats : ["table"];
  const targets: OutputTarget[] = [];
  const unpaired: OutputTarget[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    const name = (eq < 0 ? spec : spec.slice(0, eq)).trim().toLowerCase();
    if (!isFormat(name)) throw new UsageError(`unknown format ${JSON.stringify(name)} (formats: ${FORMATS.join(", ")})`);
    const t: OutputTarget = { format: name };
    if (eq >= 0) {
      const file = spec.slice(eq + 1);
      if (!file) throw new UsageError(`--format ${spec}: no file after "="`);
      t.file = file;
    } else unpaired.push(t);
    targets.push(t);
  }
  if (outputs.length > unpaired.length) {
    throw new UsageError(`${outputs.length} --output value(s) but only ${unpaired.length} --format value(s) without a file to pair them with`);
  }
  outputs.forEach((file, i) => (unpaired[i]!.file = file));
  const toStdout = targets.filter((t) => t.file === undefined || t.file === "-");
  if (toStdout.length > 1) {
    throw new UsageError(`formats ${toStdout.map((t) => t.format).join(" and ")} would both go to stdout; give all but one a file (--output FILE or --format F=FILE)`);
  }
  for (const t of targets) if (t.file === "-") delete t.file;
  const files = targets.filter((t) => t.file !== undefined).map((t) => t.file!);
  const dup = files.find((f, i) => files.indexOf(f) !== i);
  if (dup) throw new UsageError(`two formats would write the same file ${dup}`);
  return targets;
}
