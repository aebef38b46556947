// providers.aws.sign_req: AWS Signature Version 4 as OPA computes it. The first case is the
// "get-vanilla" vector of AWS's SigV4 test suite (credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z).
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { evalError, evalRule } from "./rego.js";

const AWS = { aws_service: "service", aws_access_key: "AKIDEXAMPLE", aws_secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", aws_region: "us-east-1" };
const NS = (BigInt(Date.UTC(2015, 7, 30, 12, 36, 0)) * 1_000_000n).toString();
const sign = (req: unknown, aws: unknown = AWS, strict = false) =>
  evalRule(`p := providers.aws.sign_req(input.req, input.aws, ${NS})`, "p", { input: { req, aws }, strict }) as { headers: Record<string, string> } & Record<string, unknown>;

describe("providers.aws.sign_req", () => {
  it("signs as AWS's SigV4 test suite expects", () => {
    expect(sign({ method: "GET", url: "https://example.amazonaws.com/" })).toEqual({
      method: "GET",
      url: "https://example.amazonaws.com/",
      headers: {
        Authorization:
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,SignedHeaders=host;x-amz-date,Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        host: "example.amazonaws.com",
        "x-amz-date": "20150830T123600Z",
      },
    });
  });

  it("signs the request's headers (not User-Agent), adds S3's content hash and the session token", () => {
    const req = { method: "PUT", url: "https://bucket.s3.amazonaws.com/key", headers: { "X-Custom": "v", "User-Agent": "evident" }, body: { b: 1, a: "<" } };
    const out = sign(req, { ...AWS, aws_service: "s3", aws_session_token: "token" });
    const bodyHash = createHash("sha256").update('{"a":"\\u003c","b":1}').digest("hex"); // Go's json.Marshal of the body
    expect(out.headers).toMatchObject({ "X-Custom": "v", "User-Agent": "evident", "x-amz-content-sha256": bodyHash, "x-amz-security-token": "token" });
    expect(out.headers.Authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20150830\/us-east-1\/s3\/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-custom,Signature=[0-9a-f]{64}$/);
    expect(out.body).toEqual(req.body);
    const unsigned = sign(req, { ...AWS, aws_service: "s3", disable_payload_signing: true });
    expect(unsigned.headers["x-amz-content-sha256"]).toBe("UNSIGNED-PAYLOAD");
  });

  it("checks its arguments with OPA's messages", () => {
    const err = (req: unknown, aws: unknown) => evalError(`p := providers.aws.sign_req(input.req, input.aws, ${NS})`, "p", { input: { req, aws }, strict: true });
    const req = { method: "GET", url: "https://example.com/" };
    expect(err(req, { aws_service: "s3" })).toEqual({
      code: "eval_type_error",
      message: 'providers.aws.sign_req: operand 2 missing required AWS config parameters(s): {"aws_access_key", "aws_region", "aws_secret_access_key"}',
    });
    expect(err(req, { ...AWS, aws_region: 1 }).message).toBe('providers.aws.sign_req: operand 2 invalid values for required AWS config parameters(s): {"aws_region"}');
    expect(err({ ...req, bogus: 1 }, AWS).message).toBe('providers.aws.sign_req: operand 1 invalid request parameters(s): {"bogus"}');
    expect(err({ url: "https://example.com/" }, AWS).message).toBe('providers.aws.sign_req: operand 1 missing required request parameters(s): {"method"}');
    expect(sign({ ...req, bogus: 1 })).toBeUndefined();
  });
});
