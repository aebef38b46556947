// The deprecated cast_* builtins (OPA topdown/casts.go): identity on the right type, a type error otherwise.
import { describe, expect, it } from "vitest";
import { HOST_BUILTINS } from "../../src/engine/builtins/index.js";
import { error, text } from "./host.js";


describe("cast_*", () => {
  it("is declared and implemented for every cast", () => {
    for (const n of ["cast_array", "cast_set", "cast_string", "cast_boolean", "cast_null", "cast_object"]) {
      expect(typeof HOST_BUILTINS[n]).toBe("function");
    }
  });

  it("passes values of the right type through", () => {
    expect(text("cast_array", [1, "a", [2]])).toBe('[1,"a",[2]]');
    expect(text("cast_set", [1, 1, 2])).toBe("[1,1,2]"); // the compiled policy rebuilds the set
    expect(text("cast_string", "x")).toBe('"x"');
    expect(text("cast_boolean", false)).toBe("false");
    expect(text("cast_null", null)).toBe("null");
    expect(text("cast_object", { a: 1 })).toBe('{"a":1}');
  });

  it("fails with OPA's operand type errors", () => {
    expect(error("cast_array", "a")).toEqual({ code: "eval_type_error", message: "cast_array: operand 1 must be one of {array, set} but got string" });
    expect(error("cast_set", { a: 1 })).toEqual({ code: "eval_type_error", message: "cast_set: operand 1 must be one of {array, set} but got object" });
    expect(error("cast_string", 1).message).toBe("cast_string: operand 1 must be string but got number");
    expect(error("cast_boolean", "true").message).toBe("cast_boolean: operand 1 must be boolean but got string");
    expect(error("cast_null", false).message).toBe("cast_null: operand 1 must be null but got boolean");
    expect(error("cast_object", [1]).message).toBe("cast_object: operand 1 must be object but got array");
  });
});
