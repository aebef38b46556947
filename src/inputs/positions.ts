// Text positions: offset -> line/column (lazily indexed), and where exactly a JSON text goes wrong
// (V8's JSON.parse messages carry no position on Node 20).

/** Maps offsets of one text to 1-based line/column. The newline index is built on first use. */
export class LineIndex {
  private starts: Uint32Array | number[] | undefined;
  constructor(private readonly text: string) {}

  private build(): Uint32Array | number[] {
    const starts: number[] = [0];
    let i = this.text.indexOf("\n");
    while (i >= 0) {
      starts.push(i + 1);
      i = this.text.indexOf("\n", i + 1);
    }
    return starts.length > 1024 ? Uint32Array.from(starts) : starts;
  }

  position(offset: number): { line: number; column: number } {
    const starts = (this.starts ??= this.build());
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function describeChar(text: string, i: number): string {
  if (i >= text.length) return "end of input";
  const ch = text[i]!;
  return JSON.stringify(ch);
}

/**
 * Finds the first syntax error of a JSON text: its offset and a short description. Returns undefined
 * when the text is valid JSON. Only used on the error path (after JSON.parse failed).
 */
export function findJsonError(text: string): { offset: number; message: string } | undefined {
  const n = text.length;
  let i = 0;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const fail = (message: string): never => {
    throw new JsonSyntaxError(i, message);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describeChar(text, i)}`);
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= n) fail("unterminated string");
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("invalid \\u escape in string");
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(`invalid escape ${JSON.stringify("\\" + (e ?? ""))} in string`);
        continue;
      }
      if (c < 0x20) fail("control character (e.g. a raw newline) inside a string");
      i++;
    }
  };
  const value = (depth: number): void => {
    if (depth > 5000) fail("nesting too deep");
    ws();
    if (i >= n) fail("unexpected end of input, expected a value");
    const ch = text[i]!;
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(text[i] === "}" ? "trailing comma before '}'" : `expected a double-quoted key, found ${describeChar(text, i)}`);
        string();
        ws();
        if (text[i] !== ":") fail(`expected ':' after the key, found ${describeChar(text, i)}`);
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return;
        }
        fail(`expected ',' or '}', found ${describeChar(text, i)}`);
      }
    }
    if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === "]") fail("trailing comma before ']'");
        value(depth + 1);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return;
        }
        fail(`expected ',' or ']', found ${describeChar(text, i)}`);
      }
    }
    if (ch === '"') return string();
    if (ch === "t") return literal("true");
    if (ch === "f") return literal("false");
    if (ch === "n") return literal("null");
    if (ch === "-" || (ch >= "0" && ch <= "9")) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) fail("invalid number");
      i += m![0].length;
      return;
    }
    fail(`unexpected ${describeChar(text, i)}, expected a value`);
  };
  try {
    value(0);
    ws();
    if (i < n) fail(`unexpected ${describeChar(text, i)} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { offset: e.offset, message: e.message };
    return { offset: 0, message: (e as Error).message };
  }
}

/** Offset of the first non-whitespace character (or -1). */
export function firstNonSpace(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xfeff) return i;
  }
  return -1;
}
