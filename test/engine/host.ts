// Call a host builtin as the SDK does and read what it hands back to the Wasm runtime.
import { expect } from "vitest";
import { BuiltinError, HOST_BUILTINS, sdkResultText } from "../../src/engine/builtins/index.js";

/** The JSON text the SDK would load for a call (exact even beyond 2^53), or undefined. */
export function text(name: string, ...args: unknown[]): string | undefined {
  return sdkResultText(HOST_BUILTINS[name]!(...args));
}

/** The call's result as a JS value, or undefined. */
export function value(name: string, ...args: unknown[]): unknown {
  const t = text(name, ...args);
  return t === undefined ? undefined : JSON.parse(t);
}

/** The BuiltinError (code and message) the call throws; fails the test when there is none. */
export function error(name: string, ...args: unknown[]): { code: string; message: string } {
  try {
    HOST_BUILTINS[name]!(...args);
  } catch (e) {
    expect(e).toBeInstanceOf(BuiltinError);
    return { code: (e as BuiltinError).code, message: (e as BuiltinError).message };
  }
  throw new Error(`${name} did not fail`);
}
