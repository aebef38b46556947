// A local HTTP server that speaks what the scanner's real AWS SDK clients send:
//   - AWS JSON 1.1 (POST /, X-Amz-Target, application/x-amz-json-1.1) for CloudTrail LookupEvents and
//     AWS Config ListDiscoveredResources, BatchGetResourceConfig, GetDiscoveredResourceCounts,
//     SelectResourceConfig, SelectAggregateResourceConfig, PutEvaluations;
//   - the AWS Query protocol (form body, XML answer) for STS AssumeRole.
// Every request must carry a SigV4 Authorization header, and the signature is verified against the
// secret of the access key it names (the base key, or keys this server issued through AssumeRole):
// the account of a request is the account of its credentials, the region is the one it was signed for.
// Responses paginate with NextToken; ThrottlingException and other faults can be injected.
//
// CloudTrail "ingests" the corpus as CloudTrail would: each event gets an EventId (its eventID when
// that is unique, otherwise a fresh UUID, as some corpus events carry placeholders such as "1") and an
// EventTime (now minus a few days, three events per second so that checkpoints land inside seconds).
// CloudTrailEvent is the corpus record's JSON unchanged.
import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import http from "node:http";

type Obj = Record<string, unknown>;

export interface Call {
  op: string;
  account: string;
  region: string;
  body: Obj;
  /** When the request arrived (ms). */
  at: number;
  status: number;
  errorType?: string;
}

export interface TrailEvent {
  EventId: string;
  EventName: string;
  EventSource: string;
  EventTime: number;
  Username?: string;
  CloudTrailEvent: string;
}

export interface Fault {
  status: number;
  type: string;
  message: string;
}

const CONFIG_OPS = new Set(["ListDiscoveredResources", "BatchGetResourceConfig", "GetDiscoveredResourceCounts", "SelectResourceConfig", "SelectAggregateResourceConfig", "PutEvaluations"]);

export const BASE_KEY = { accessKeyId: "AKIAEVIDENTTEST00001", secretAccessKey: "evident-test-secret-key-0000000000000000" };

const sha256 = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");
const hmac = (k: Buffer | string, s: string) => createHmac("sha256", k).update(s).digest();

function token(o: Obj): string {
  return Buffer.from(JSON.stringify(o)).toString("base64url");
}
function untoken(t: unknown): Obj | undefined {
  if (typeof t !== "string" || t === "") return undefined;
  try {
    return JSON.parse(Buffer.from(t, "base64url").toString()) as Obj;
  } catch {
    return undefined;
  }
}

export class FakeAws {
  readonly calls: Call[] = [];
  readonly events = new Map<string, TrailEvent[]>();
  readonly items = new Map<string, Obj[]>();
  readonly putEvaluations: { account: string; region: string; body: Obj }[] = [];
  aggregatorName = "org";
  /** Return a fault to answer a call with it instead (ThrottlingException, AccessDenied ...). */
  fault: ((call: Omit<Call, "status" | "at">, n: number) => Fault | undefined) | undefined;
  /** Called after each answered call (tests kill a child process from here). */
  onCall: ((c: Call) => void) | undefined;
  /** BatchGetResourceConfig leaves a key unprocessed the first time it is asked for. */
  unprocessedOnce = false;
  /** How long each response waits before it is sent (ms). */
  delayMs = 0;
  private readonly keys = new Map<string, { secret: string; account: string; sessionToken?: string }>();
  private readonly askedOnce = new Set<string>();
  // indexes, so that the endpoint serves 100,000 items quickly (bench/scanner.ts)
  private readonly sortedEvents = new Map<string, TrailEvent[]>();
  private readonly byType = new Map<string, Obj[]>();
  private readonly byKey = new Map<string, Obj>();
  private readonly callCounts = new Map<string, number>();
  private readonly arrivals = new WeakMap<object, number>();
  private current: http.IncomingMessage | undefined;
  private readonly usedIds = new Set<string>();
  private server!: http.Server;
  endpoint = "";

  constructor(readonly baseAccount = "111111111111") {
    this.keys.set(BASE_KEY.accessKeyId, { secret: BASE_KEY.secretAccessKey, account: baseAccount });
  }

  /** Ingests bare CloudTrail records into an account/region, in the given order, 3 per second. */
  addEvents(account: string, region: string, records: Obj[], startSec = Math.floor(Date.now() / 1000) - 3 * 86400): TrailEvent[] {
    const key = `${account}/${region}`;
    const list = this.events.get(key) ?? [];
    records.forEach((r, i) => {
      let id = typeof r.eventID === "string" && r.eventID !== "" ? r.eventID : "";
      if (!id || this.usedIds.has(id)) id = randomUUID();
      this.usedIds.add(id);
      const ui = (r.userIdentity ?? {}) as Obj;
      const ev: TrailEvent = {
        EventId: id,
        EventName: typeof r.eventName === "string" ? r.eventName : "",
        EventSource: typeof r.eventSource === "string" ? r.eventSource : "",
        EventTime: startSec + Math.floor(i / 3),
        CloudTrailEvent: JSON.stringify(r),
      };
      if (typeof ui.userName === "string") ev.Username = ui.userName;
      list.push(ev);
    });
    this.events.set(key, list);
    this.sortedEvents.delete(key);
    return list;
  }

  addItems(account: string, region: string, cis: Obj[]): void {
    const key = `${account}/${region}`;
    this.items.set(key, [...(this.items.get(key) ?? []), ...cis]);
    for (const c of cis) {
      this.byKey.set(`${key}/${String(c.resourceType)}/${String(c.resourceId)}`, c);
      this.byType.delete(`${key}/${String(c.resourceType)}`);
    }
  }

  private typeList(scope: string, type: string): Obj[] {
    let l = this.byType.get(`${scope}/${type}`);
    if (!l) {
      l = (this.items.get(scope) ?? []).filter((c) => c.resourceType === type).sort((x, y) => String(x.resourceId).localeCompare(String(y.resourceId)));
      this.byType.set(`${scope}/${type}`, l);
    }
    return l;
  }

  callsOf(op: string): Call[] {
    return this.calls.filter((c) => c.op === op);
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.arrivals.set(req, Date.now());
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks);
        const send = () => this.handle(req, raw, res);
        if (this.delayMs > 0) setTimeout(send, this.delayMs);
        else send();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Verifies SigV4; returns the account and region the request was signed for, or an error. */
  private authenticate(req: http.IncomingMessage, raw: Buffer): { account: string; region: string; service: string } | Fault {
    const auth = String(req.headers.authorization ?? "");
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return { status: 403, type: "MissingAuthenticationTokenException", message: "Request is missing a SigV4 Authorization header" };
    const [, akid, date, region, service, signedHeaders, signature] = m as unknown as string[];
    const key = this.keys.get(akid!);
    if (!key) return { status: 403, type: "UnrecognizedClientException", message: `The security token included in the request is invalid (${akid})` };
    if (key.sessionToken !== undefined && req.headers["x-amz-security-token"] !== key.sessionToken) {
      return { status: 403, type: "UnrecognizedClientException", message: "session token does not match the access key" };
    }
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    if (!amzDate.startsWith(date!)) return { status: 403, type: "InvalidSignatureException", message: "x-amz-date does not match the credential scope" };
    const url = new URL(req.url ?? "/", "http://x");
    const query = [...url.searchParams.entries()]
      .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)])
      .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join("&");
    const names = signedHeaders!.split(";");
    if (!names.includes("host") || !names.includes("x-amz-date")) return { status: 403, type: "InvalidSignatureException", message: "host and x-amz-date must be signed" };
    const canonicalHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
    const payloadHash = typeof req.headers["x-amz-content-sha256"] === "string" ? req.headers["x-amz-content-sha256"] : sha256(raw);
    const canonical = [req.method, url.pathname, query, canonicalHeaders, signedHeaders, payloadHash].join("\n");
    const scope = `${date}/${region}/${service}/aws4_request`;
    const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
    const kSigning = hmac(hmac(hmac(hmac(`AWS4${key.secret}`, date!), region!), service!), "aws4_request");
    if (createHmac("sha256", kSigning).update(toSign).digest("hex") !== signature) {
      return { status: 403, type: "InvalidSignatureException", message: "The request signature we calculated does not match the signature you provided" };
    }
    return { account: key.account, region: region!, service: service! };
  }

  private handle(req: http.IncomingMessage, raw: Buffer, res: http.ServerResponse): void {
    this.current = req;
    const who = this.authenticate(req, raw);
    const ctype = String(req.headers["content-type"] ?? "");
    if ("type" in who) return this.jsonError(res, who, { op: "auth", account: "", region: "", body: {} });
    if (ctype.startsWith("application/x-www-form-urlencoded")) return this.sts(raw, who, res);
    const target = String(req.headers["x-amz-target"] ?? "");
    const m = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?(CloudTrail_20131101|StarlingDoveService)\.(\w+)$/.exec(target);
    let body: Obj = {};
    try {
      body = JSON.parse(raw.toString() || "{}") as Obj;
    } catch {
      return this.jsonError(res, { status: 400, type: "SerializationException", message: "body is not JSON" }, { op: target, account: who.account, region: who.region, body: {} });
    }
    const call = { op: m?.[2] ?? target, account: who.account, region: who.region, body };
    if (!m || req.method !== "POST" || !ctype.startsWith("application/x-amz-json-1.1")) {
      return this.jsonError(res, { status: 400, type: "UnknownOperationException", message: `expected a JSON 1.1 POST with a known X-Amz-Target, got ${target}` }, call);
    }
    const svc = m[1] === "CloudTrail_20131101" ? "cloudtrail" : "config";
    if (who.service !== svc) return this.jsonError(res, { status: 403, type: "InvalidSignatureException", message: `signed for ${who.service}, sent to ${svc}` }, call);
    if (svc === "config" && !CONFIG_OPS.has(call.op)) return this.jsonError(res, { status: 400, type: "UnknownOperationException", message: call.op }, call);
    const ck = `${call.op}/${call.account}/${call.region}`;
    const n = this.callCounts.get(ck) ?? 0;
    this.callCounts.set(ck, n + 1);
    const fault = this.fault?.(call, n);
    if (fault) return this.jsonError(res, fault, call);
    let out: Obj | Fault;
    try {
      out = this.operation(call.op, call.account, call.region, body);
    } catch (e) {
      out = { status: 500, type: "InternalFailure", message: (e as Error).message };
    }
    if ("type" in out && "status" in out && typeof out.status === "number") return this.jsonError(res, out as Fault, call);
    this.record({ ...call, status: 200 });
    res.writeHead(200, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomUUID() });
    res.end(JSON.stringify(out));
  }

  private record(c: Omit<Call, "at">): void {
    const call: Call = { ...c, at: (this.current && this.arrivals.get(this.current)) ?? Date.now() };
    this.calls.push(call);
    this.onCall?.(call);
  }

  private jsonError(res: http.ServerResponse, f: Fault, call: Omit<Call, "status" | "at">): void {
    this.record({ ...call, status: f.status, errorType: f.type });
    res.writeHead(f.status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": randomUUID(), "x-amzn-errortype": f.type });
    res.end(JSON.stringify({ __type: f.type, message: f.message }));
  }

  private sts(raw: Buffer, who: { account: string; region: string; service: string }, res: http.ServerResponse): void {
    const p = new URLSearchParams(raw.toString());
    const call = { op: `sts:${p.get("Action") ?? ""}`, account: who.account, region: who.region, body: Object.fromEntries(p) as Obj };
    const xmlError = (status: number, code: string, message: string) => {
      this.record({ ...call, status, errorType: code });
      res.writeHead(status, { "content-type": "text/xml" });
      res.end(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
    };
    if (who.service !== "sts") return xmlError(403, "InvalidSignatureException", "not signed for sts");
    if (p.get("Action") !== "AssumeRole" || p.get("Version") !== "2011-06-15") return xmlError(400, "InvalidAction", "only AssumeRole");
    const arn = /^arn:aws:iam::([0-9]{12}):role\/(.+)$/.exec(p.get("RoleArn") ?? "");
    if (!arn || !p.get("RoleSessionName")) return xmlError(400, "ValidationError", "RoleArn and RoleSessionName are required");
    const akid = `ASIA${arn[1]}${randomBytes(4).toString("hex").toUpperCase()}`;
    const secret = randomBytes(20).toString("base64");
    const sessionToken = randomBytes(32).toString("base64");
    this.keys.set(akid, { secret, account: arn[1]!, sessionToken });
    this.record({ ...call, status: 200 });
    const exp = new Date(Date.now() + 3600_000).toISOString();
    res.writeHead(200, { "content-type": "text/xml" });
    res.end(
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><AssumedRoleUser><AssumedRoleId>AROA:${p.get("RoleSessionName")}</AssumedRoleId><Arn>arn:aws:sts::${arn[1]}:assumed-role/${arn[2]}/${p.get("RoleSessionName")}</Arn></AssumedRoleUser><Credentials><AccessKeyId>${akid}</AccessKeyId><SecretAccessKey>${secret}</SecretAccessKey><SessionToken>${sessionToken}</SessionToken><Expiration>${exp}</Expiration></Credentials></AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  }

  private operation(op: string, account: string, region: string, b: Obj): Obj | Fault {
    const scope = `${account}/${region}`;
    const invalid = (message: string, type = "ValidationException"): Fault => ({ status: 400, type, message });
    switch (op) {
      case "LookupEvents": {
        const max = (b.MaxResults as number | undefined) ?? 50;
        if (max < 1 || max > 50) return invalid("MaxResults must be 1-50", "InvalidMaxResultsException");
        const start = b.StartTime as number | undefined;
        const end = b.EndTime as number | undefined;
        if (start !== undefined && end !== undefined && start > end) return invalid("StartTime is after EndTime", "InvalidTimeRangeException");
        const t = untoken(b.NextToken);
        if (b.NextToken !== undefined && (!t || t.s !== start || t.e !== end)) return invalid("NextToken does not belong to this query", "InvalidNextTokenException");
        const offset = (t?.o as number | undefined) ?? 0;
        let sorted = this.sortedEvents.get(scope);
        if (!sorted) {
          sorted = [...(this.events.get(scope) ?? [])].sort((x, y) => y.EventTime - x.EventTime || (x.EventId < y.EventId ? -1 : 1));
          this.sortedEvents.set(scope, sorted);
        }
        // newest first: [from, to) are the events with start <= EventTime <= end
        const firstBelow = (t: number) => {
          let lo = 0;
          let hi = sorted.length;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (sorted[mid]!.EventTime < t) hi = mid;
            else lo = mid + 1;
          }
          return lo;
        };
        const from = end === undefined ? 0 : firstBelow(end + 1);
        const to = start === undefined ? sorted.length : firstBelow(start);
        const page = sorted.slice(from + offset, Math.min(from + offset + max, to));
        const out: Obj = { Events: page };
        if (from + offset + max < to) out.NextToken = token({ o: offset + max, s: start, e: end });
        return out;
      }
      case "ListDiscoveredResources": {
        const limit = (b.limit as number | undefined) || 100;
        if (limit > 100) return invalid("limit must be at most 100");
        const type = b.resourceType as string;
        const t = untoken(b.nextToken);
        if (b.nextToken !== undefined && (!t || t.type !== type)) return invalid("bad nextToken", "InvalidNextTokenException");
        const offset = (t?.o as number | undefined) ?? 0;
        const all = this.typeList(scope, type);
        const out: Obj = {
          resourceIdentifiers: all.slice(offset, offset + limit).map((c) => ({ resourceType: c.resourceType, resourceId: c.resourceId, ...(c.resourceName ? { resourceName: c.resourceName } : {}) })),
        };
        if (offset + limit < all.length) out.nextToken = token({ o: offset + limit, type });
        return out;
      }
      case "BatchGetResourceConfig": {
        const keys = (b.resourceKeys as { resourceType: string; resourceId: string }[]) ?? [];
        if (keys.length < 1 || keys.length > 100) return invalid("resourceKeys must hold 1-100 keys");
        const found: Obj[] = [];
        const unprocessed: Obj[] = [];
        for (const k of keys) {
          const id = `${scope}/${k.resourceType}/${k.resourceId}`;
          if (this.unprocessedOnce && !this.askedOnce.has(id)) {
            this.askedOnce.add(id);
            unprocessed.push(k);
            continue;
          }
          const ci = this.byKey.get(id);
          if (ci) found.push(baseItem(ci));
        }
        return { baseConfigurationItems: found, unprocessedResourceKeys: unprocessed };
      }
      case "GetDiscoveredResourceCounts": {
        const counts = new Map<string, number>();
        for (const c of this.items.get(scope) ?? []) counts.set(String(c.resourceType), (counts.get(String(c.resourceType)) ?? 0) + 1);
        const list = [...counts].sort(([a], [z]) => a.localeCompare(z)).map(([resourceType, count]) => ({ resourceType, count }));
        const limit = (b.limit as number | undefined) || 100;
        const offset = (untoken(b.nextToken)?.o as number | undefined) ?? 0;
        const out: Obj = { totalDiscoveredResources: list.reduce((s, c) => s + c.count, 0), resourceCounts: list.slice(offset, offset + limit) };
        if (offset + limit < list.length) out.nextToken = token({ o: offset + limit });
        return out;
      }
      case "SelectResourceConfig":
      case "SelectAggregateResourceConfig": {
        const expr = String(b.Expression ?? "");
        const q = /^SELECT (.+?)(?: WHERE resourceType IN \((.+)\))?$/.exec(expr);
        if (!q) return invalid(`unsupported expression: ${expr}`, "InvalidExpressionException");
        const fields = q[1]!.split(",").map((s) => s.trim());
        const types = q[2] ? new Set([...q[2].matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1]!.replace(/''/g, "'"))) : undefined;
        let pool: Obj[];
        if (op === "SelectAggregateResourceConfig") {
          if (b.ConfigurationAggregatorName !== this.aggregatorName) return invalid(`no aggregator ${String(b.ConfigurationAggregatorName)}`, "NoSuchConfigurationAggregatorException");
          // an aggregator shows each source account's items under that account and region
          pool = [...this.items.entries()].flatMap(([k, cis]) => {
            const [acc, reg] = k.split("/");
            return cis.map((c) => ({ ...c, accountId: acc, awsRegion: reg }));
          });
        } else pool = this.items.get(scope) ?? [];
        const all = pool.filter((c) => !types || types.has(String(c.resourceType)));
        const limit = (b.Limit as number | undefined) || 100;
        if (limit > 100) return invalid("Limit must be at most 100", "InvalidLimitException");
        const t = untoken(b.NextToken);
        if (b.NextToken !== undefined && (!t || t.x !== expr)) return invalid("bad NextToken", "InvalidNextTokenException");
        const offset = (t?.o as number | undefined) ?? 0;
        const out: Obj = {
          Results: all.slice(offset, offset + limit).map((c) => JSON.stringify(selectRow(c, fields))),
          QueryInfo: { SelectFields: fields.map((Name) => ({ Name })) },
        };
        if (offset + limit < all.length) out.NextToken = token({ o: offset + limit, x: expr });
        return out;
      }
      case "PutEvaluations": {
        const evs = (b.Evaluations as Obj[] | undefined) ?? [];
        if (!b.ResultToken) return invalid("ResultToken is required", "InvalidResultTokenException");
        if (evs.length > 100) return invalid("at most 100 evaluations per call");
        for (const e of evs) {
          if (!e.ComplianceResourceType || !e.ComplianceResourceId) return invalid("ComplianceResourceType and ComplianceResourceId are required");
          if (!["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"].includes(String(e.ComplianceType))) return invalid(`ComplianceType ${String(e.ComplianceType)}`);
          if (typeof e.OrderingTimestamp !== "number") return invalid("OrderingTimestamp is required");
          if (typeof e.Annotation === "string" && [...e.Annotation].length > 256) return invalid("Annotation longer than 256 characters");
        }
        this.putEvaluations.push({ account, region, body: b });
        return { FailedEvaluations: [] };
      }
    }
    return invalid(`unknown operation ${op}`, "UnknownOperationException");
  }
}

const epoch = (v: unknown): number | undefined => {
  if (typeof v !== "string") return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t / 1000;
};

/** A corpus CI as BatchGetResourceConfig sends it: configuration and supplementary values as JSON strings. */
export function baseItem(ci: Obj): Obj {
  const out: Obj = {};
  const s = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
  const set = (k: string, v: unknown) => {
    if (v !== undefined && v !== null) out[k] = v;
  };
  set("version", ci.version ?? ci.configurationItemVersion);
  set("accountId", ci.accountId ?? ci.awsAccountId);
  set("configurationItemCaptureTime", epoch(ci.configurationItemCaptureTime));
  set("configurationItemStatus", ci.configurationItemStatus);
  set("configurationStateId", ci.configurationStateId !== undefined ? String(ci.configurationStateId) : undefined);
  set("arn", ci.arn ?? ci.ARN);
  set("resourceType", ci.resourceType);
  set("resourceId", ci.resourceId);
  set("resourceName", ci.resourceName);
  set("awsRegion", ci.awsRegion);
  set("availabilityZone", ci.availabilityZone);
  set("resourceCreationTime", epoch(ci.resourceCreationTime));
  if (ci.configuration !== undefined) out.configuration = s(ci.configuration);
  let sup = ci.supplementaryConfiguration;
  if (typeof sup === "string") {
    try {
      sup = JSON.parse(sup);
    } catch {
      sup = undefined;
    }
  }
  if (sup && typeof sup === "object") out.supplementaryConfiguration = Object.fromEntries(Object.entries(sup as Obj).map(([k, v]) => [k, s(v)]));
  return out;
}

/** A row of an advanced query: the selected properties, tags as [{key, value}]. */
function selectRow(ci: Obj, fields: string[]): Obj {
  const parse = (v: unknown) => {
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  };
  const row: Obj = {};
  for (const f of fields) {
    let v: unknown = ci[f];
    if (f === "accountId") v = ci.accountId ?? ci.awsAccountId;
    if (f === "arn") v = ci.arn ?? ci.ARN;
    if (f === "configuration") v = parse(ci.configuration);
    if (f === "supplementaryConfiguration") {
      const sup = parse(ci.supplementaryConfiguration);
      v = sup && typeof sup === "object" ? Object.fromEntries(Object.entries(sup as Obj).map(([k, x]) => [k, parse(x)])) : sup;
    }
    if (f === "tags" && v && typeof v === "object" && !Array.isArray(v)) v = Object.entries(v as Obj).map(([key, value]) => ({ key, value }));
    if (v !== undefined && v !== null) row[f] = v;
  }
  return row;
}
