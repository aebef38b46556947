// providers.aws.sign_req, after OPA's topdown/providers.go and internal/providers/aws (SigV4): the
// request object with its headers signed. Pure computation: the credentials are the second argument,
// the signing time the third, and nothing is sent (http.send stays unsupported).

import { createHash, createHmac } from "node:crypto";
import { RawNumber, compareUtf8, goQuote, num, obj, operandErr, operandTypeErr } from "./common.js";
import { goMarshal } from "./json.js";
import { escapedPath, goParse } from "./uri.js";

/** The request keys http.send accepts (OPA checks sign_req's request against the same list). */
const HTTP_SEND_KEYS = new Set([
  "method", "url", "body", "enable_redirect", "force_json_decode", "force_yaml_decode", "headers", "raw_body",
  "tls_use_system_certs", "tls_ca_cert", "tls_ca_cert_file", "tls_ca_cert_env_variable", "tls_client_cert",
  "tls_client_cert_file", "tls_client_cert_env_variable", "tls_client_key", "tls_client_key_file",
  "tls_client_key_env_variable", "tls_insecure_skip_verify", "tls_server_name", "timeout", "cache", "force_cache",
  "force_cache_duration_seconds", "raise_error", "caching_mode", "max_retry_attempts", "cache_ignored_headers",
]);
/** OPA's check of an http.send (or sign_req) request object's keys: only known ones, method and url present. */
export function checkHttpRequestKeys(req: Record<string, unknown>): void {
  const unknownKeys = Object.keys(req).filter((k) => !HTTP_SEND_KEYS.has(k));
  if (unknownKeys.length) throw operandErr(1, `invalid request parameters(s): ${setText(unknownKeys)}`);
  const missingReq = ["method", "url"].filter((k) => !(k in req));
  if (missingReq.length) throw operandErr(1, `missing required request parameters(s): ${setText(missingReq)}`);
}

const REQUIRED_AWS_KEYS = ["aws_access_key", "aws_region", "aws_secret_access_key", "aws_service"];
// Headers a proxy may change on the way, left out of the signature (as the AWS SDKs do).
const IGNORED_HEADERS = new Set(["authorization", "user-agent", "x-amzn-trace-id"]);

/** A Rego set of strings as OPA prints it in messages: sorted, quoted. */
const setText = (names: string[]) => `{${[...names].sort(compareUtf8).map(goQuote).join(", ")}}`;
const stringOr = (v: unknown) => (typeof v === "string" ? v : "");
const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** time.Unix(0, ns).UTC() as SigV4's date and ISO 8601 basic time. */
function signingTime(ns: bigint): { date: string; time: string } {
  const ms = ns / 1_000_000n - (ns % 1_000_000n < 0n ? 1n : 0n);
  const iso = new Date(Number(ms)).toISOString(); // 2015-08-30T12:36:00.000Z
  const date = iso.slice(0, 10).replace(/-/g, "");
  return { date, time: `${date}T${iso.slice(11, 19).replace(/:/g, "")}Z` };
}

function signRequest(request: unknown, config: unknown, timeNs: unknown): Record<string, unknown> {
  const req = obj(request, 1);
  const aws = obj(config, 1); // sic: OPA numbers both objects 1
  const missing = REQUIRED_AWS_KEYS.filter((k) => !(k in aws));
  if (missing.length) throw operandErr(2, `missing required AWS config parameters(s): ${setText(missing)}`);
  const invalid = REQUIRED_AWS_KEYS.filter((k) => typeof aws[k] !== "string");
  if (invalid.length) throw operandErr(2, `invalid values for required AWS config parameters(s): ${setText(invalid)}`);

  const t = num(timeNs, 1);
  const integral = timeNs instanceof RawNumber ? /^-?\d+$/.test(timeNs.text) : Number.isInteger(t);
  if (!integral) throw operandErr(3, "could not convert time_ns value into a unix timestamp");
  const ns = timeNs instanceof RawNumber ? BigInt(timeNs.text) : BigInt(t);

  checkHttpRequestKeys(req);
  const headers = req.headers ?? {};
  if (typeof headers !== "object" || headers === null || Array.isArray(headers)) throw operandTypeErr(0, headers, "object");
  const badReq = ["method", "url"].filter((k) => typeof req[k] !== "string");
  if (badReq.length) throw operandErr(1, `invalid values for required request parameters(s): ${setText(badReq)}`);

  const url = goParse(req.url as string);
  const method = req.method as string;
  const body = "raw_body" in req ? stringOr(req.raw_body) : "body" in req ? goMarshal(req.body) : "";
  const headerValues = Object.fromEntries(Object.entries(headers as Record<string, unknown>).map(([k, v]) => [k, stringOr(v)]));
  const unsignedPayload = aws.disable_payload_signing;
  if (unsignedPayload !== undefined && typeof unsignedPayload !== "boolean") {
    throw operandErr(2, "invalid value for 'disable_payload_signing' in AWS config");
  }

  const service = aws.aws_service as string;
  const region = aws.aws_region as string;
  const { date, time } = signingTime(ns);
  const contentHash = unsignedPayload ? "UNSIGNED-PAYLOAD" : sha256Hex(Buffer.from(body, "utf8"));
  const awsHeaders: Record<string, string> = { host: url.host, "x-amz-date": time };
  if (service === "s3" || service === "glacier") awsHeaders["x-amz-content-sha256"] = contentHash;
  if (typeof aws.aws_session_token === "string" && aws.aws_session_token !== "") awsHeaders["x-amz-security-token"] = aws.aws_session_token;

  const toSign: Record<string, string> = { ...awsHeaders };
  for (const [k, v] of Object.entries(headerValues)) if (!IGNORED_HEADERS.has(k.toLowerCase())) toSign[k.toLowerCase()] = v;
  const names = Object.keys(toSign).sort(compareUtf8);
  const canonical = [method, escapedPath(url), url.rawQuery, ...names.map((k) => `${k}:${toSign[k]}`), "", names.join(";"), contentHash].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", time, scope, sha256Hex(canonical)].join("\n");
  let key = hmac(`AWS4${aws.aws_secret_access_key as string}`, date);
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");
  const authorization = `AWS4-HMAC-SHA256 Credential=${aws.aws_access_key as string}/${scope},SignedHeaders=${names.join(";")},Signature=${signature}`;

  return { ...req, headers: { ...headerValues, Authorization: authorization, ...awsHeaders } };
}

export const PROVIDERS_BUILTINS = {
  "providers.aws.sign_req": signRequest,
};
