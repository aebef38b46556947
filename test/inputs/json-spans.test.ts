// The spans of JSON values that let a CloudTrail record be evaluated from its file's own text.
import { describe, expect, it } from "vitest";
import { arrayElementSpans, topLevelValueOffset } from "../../src/inputs/json-spans.js";
import { loadText } from "../../src/inputs/index.js";

const slices = (text: string, key: string) => {
  const at = topLevelValueOffset(text, key);
  if (at === undefined) return undefined;
  return arrayElementSpans(text, at)?.map(([a, b]) => text.slice(a, b));
};

describe("JSON spans", () => {
  it("finds each element of a top-level array through strings with escapes, nesting and whitespace", () => {
    const text = ` { "a\\"Records": [1], "x": {"Records": "no"} ,\n "Records" : [ {"k": "v \\\\\\" ] } ["}, [1, [2]] ,"s",-1.5e3 , true,null,{} ] , "z": 0 }`;
    const got = slices(text, "Records")!;
    expect(got).toEqual([`{"k": "v \\\\\\" ] } ["}`, "[1, [2]]", `"s"`, "-1.5e3", "true", "null", "{}"]);
    expect(got.map((s) => JSON.parse(s))).toEqual(JSON.parse(text).Records);
  });

  it("handles an empty array, keys written with escapes, and says undefined for what it cannot place", () => {
    expect(slices(`{"Records":[ ]}`, "Records")).toEqual([]);
    expect(slices(`{"Rec\\u006frds":[{"a":1}]}`, "Records")).toEqual([`{"a":1}`]);
    expect(slices(`{"Other":[1]}`, "Records")).toBeUndefined();
    expect(slices(`[{"Records":[1]}]`, "Records")).toBeUndefined();
    expect(slices(`{"Records":{"a":1}}`, "Records")).toBeUndefined();
  });
});

describe("CloudTrail records evaluated from their own text", () => {
  it("gives each record of a Records file an input equal to the parsed record, numbers exactly as written", () => {
    const text = `{"Records": [\n {"eventID": "e1", "eventName": "PutBucketPolicy", "eventSource": "s3.amazonaws.com", "eventVersion": "1.08", "n": 12345678901234567890},\n {"eventID": "e2", "eventName": "Get\\"Object", "eventSource": "s3.amazonaws.com", "eventVersion": "1.08"} ]}`;
    const { documents } = loadText("trail.json", text);
    expect(documents).toHaveLength(2);
    for (const d of documents) expect(JSON.parse(d.inputJson!())).toEqual(d.input);
    expect(documents[0]!.inputJson!()).toContain('"n": 12345678901234567890');
  });

  it("does not keep the parsed file: a record's input is parsed again from its span, and survives a spread", () => {
    const records = [{ eventID: "e1", eventName: "ConsoleLogin", userIdentity: { type: "Root", arn: "arn:aws:iam::1:root" } }, { eventID: "e2", eventName: "GetObject", n: 1.5 }];
    const text = JSON.stringify({ Records: records }, null, 1);
    const { documents } = loadText("trail.json", text);
    expect(documents.map((d) => d.input)).toEqual(records.map((event) => ({ event })));
    expect(documents[0]!.input).toBe(documents[0]!.input);
    expect({ ...documents[1]! }.input).toEqual({ event: records[1] });
    expect(documents.map((d) => d.resource.eventID)).toEqual(["e1", "e2"]);
    expect(documents[0]!.resource.actor).toBe("arn:aws:iam::1:root");
  });

  it("keeps JSON.parse's reading of a file whose text holds \"Records\" twice (the last key wins)", () => {
    const text = `{"Records": [{"eventID": "old"}], "Records": [{"eventID": "a", "eventName": "X"}, {"eventID": "b", "eventName": "Records"}]}`;
    const { documents } = loadText("trail.json", text);
    expect(documents.map((d) => (d.input as { event: { eventID: string } }).event.eventID)).toEqual(["a", "b"]);
    for (const d of documents) expect(JSON.parse(d.inputJson!())).toEqual(d.input);
    expect(documents[0]!.group).toBeUndefined();
  });
});
