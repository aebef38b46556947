// uri.parse and uri.is_valid (OPA v1.16+, topdown/uri.go): Go's net/url.Parse, then the components a
// policy checks, empty ones left out. Go's parser is reproduced here rather than using WHATWG `URL`,
// which normalises (lower-cases hosts, resolves dots, adds a path "/") and accepts and rejects other
// inputs: a policy's allow-list must see the host OPA sees.

import { GoError, fromUtf8, goQuote, str, utf8 } from "./common.js";

type Mode = "path" | "host" | "zone" | "user" | "fragment";

/** An error of url.parse, before Parse wraps it as `parse "<url>": <error>`. */
class UrlError extends Error {}

/** Go's shouldEscape: whether byte c must be %-escaped in the given URL component. */
function shouldEscape(c: number, mode: Mode): boolean {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return false;
  const ch = String.fromCharCode(c);
  // Hosts may hold sub-delims, ":" (port), "[" "]" (IPv6) and the few bytes Parse would otherwise reject.
  if ((mode === "host" || mode === "zone") && "!$&'()*+,;=:[]<>\"".includes(ch)) return false;
  if ("-_.~".includes(ch)) return false;
  if ("$&+,/:;=?@".includes(ch)) {
    if (mode === "path") return ch === "?";
    if (mode === "user") return "@/?:".includes(ch);
    if (mode === "fragment") return false;
  }
  if (mode === "fragment" && "!()*".includes(ch)) return false;
  return true;
}

const isHex = (c: number | undefined) =>
  c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));

/** Go's unescape: %XX decoding with the per-component rules on which escapes and bytes are allowed. */
function unescape(s: string, mode: Mode): string {
  const b = utf8(s);
  const out: number[] = [];
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c === 0x25) {
      if (!isHex(b[i + 1]) || !isHex(b[i + 2])) {
        throw new UrlError(`invalid URL escape ${goQuote(fromUtf8(b.subarray(i, i + 3)))}`);
      }
      const v = parseInt(String.fromCharCode(b[i + 1]!, b[i + 2]!), 16);
      const esc = fromUtf8(b.subarray(i, i + 3));
      // In a host only non-ASCII bytes may be escaped (RFC 3986 3.2.2), plus %25 for IPv6 zones (RFC 6874);
      // a zone may escape what it could also write directly.
      if (mode === "host" && v < 0x80 && esc !== "%25") throw new UrlError(`invalid URL escape ${goQuote(esc)}`);
      if (mode === "zone" && esc !== "%25" && v !== 0x20 && shouldEscape(v, "host")) {
        throw new UrlError(`invalid URL escape ${goQuote(esc)}`);
      }
      out.push(v);
      i += 3;
      continue;
    }
    if ((mode === "host" || mode === "zone") && c < 0x80 && shouldEscape(c, mode)) {
      throw new UrlError(`invalid character ${goQuote(String.fromCharCode(c))} in host name`);
    }
    out.push(c);
    i++;
  }
  return fromUtf8(Uint8Array.from(out));
}

/** Go's escape for path and fragment: the default encoding, to tell whether the input used another. */
function escape(s: string, mode: Mode): string {
  let out = "";
  for (const c of utf8(s)) {
    out += shouldEscape(c, mode) ? "%" + c.toString(16).toUpperCase().padStart(2, "0") : String.fromCharCode(c);
  }
  return out;
}

/** ":" followed by ASCII digits only, or nothing. */
const validOptionalPort = (p: string) => p === "" || /^:[0-9]*$/.test(p);

function parseHost(host: string): string {
  if (host.startsWith("[")) {
    const i = host.lastIndexOf("]");
    if (i < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new UrlError(`invalid port ${goQuote(colonPort)} after host`);
    const zone = host.slice(0, i).indexOf("%25");
    if (zone >= 0) {
      return unescape(host.slice(0, zone), "host") + unescape(host.slice(zone, i), "zone") + unescape(host.slice(i), "host");
    }
  } else {
    const i = host.lastIndexOf(":");
    if (i >= 0 && !validOptionalPort(host.slice(i))) throw new UrlError(`invalid port ${goQuote(host.slice(i))} after host`);
  }
  return unescape(host, "host");
}

/** Go's validUserinfo: RFC 3986 userinfo characters, ASCII only. */
const validUserinfo = (s: string) => /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);

function parseAuthority(authority: string): string {
  const at = authority.lastIndexOf("@");
  const host = parseHost(authority.slice(at + 1));
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    if (!validUserinfo(userinfo)) throw new UrlError("net/url: invalid userinfo");
    // Go also unescapes the user name and password; only its errors matter here.
    const colon = userinfo.indexOf(":");
    unescape(colon < 0 ? userinfo : userinfo.slice(0, colon), "user");
    if (colon >= 0) unescape(userinfo.slice(colon + 1), "user");
  }
  return host;
}

export interface GoURL {
  scheme: string;
  host: string;
  path: string;
  rawPath: string;
  rawQuery: string;
  fragment: string;
}

/** Go's getScheme: letters first, then letters, digits, "+", "-", "."; a leading ":" is an error. */
function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ["", raw];
      continue;
    }
    if (c === ":") {
      if (i === 0) throw new UrlError("missing protocol scheme");
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ["", raw];
  }
  return ["", raw];
}

/** url.parse(rawURL, viaRequest=false): everything but the fragment. */
function parseNoFragment(raw: string): GoURL {
  const url: GoURL = { scheme: "", host: "", path: "", rawPath: "", rawQuery: "", fragment: "" };
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new UrlError("net/url: invalid control character in URL");
  if (raw === "*") return { ...url, path: "*" };
  const [scheme, afterScheme] = getScheme(raw);
  url.scheme = scheme.toLowerCase();
  let rest = afterScheme;
  if (rest.endsWith("?") && rest.indexOf("?") === rest.length - 1) rest = rest.slice(0, -1);
  else if (rest.includes("?")) {
    url.rawQuery = rest.slice(rest.indexOf("?") + 1);
    rest = rest.slice(0, rest.indexOf("?"));
  }
  if (!rest.startsWith("/")) {
    if (url.scheme !== "") return url; // opaque (mailto:x@y): no host or path
    if (rest.split("/")[0]!.includes(":")) throw new UrlError("first path segment in URL cannot contain colon");
  }
  if ((url.scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    url.host = parseAuthority(slash < 0 ? rest.slice(2) : rest.slice(2, slash));
    rest = slash < 0 ? "" : rest.slice(slash);
  }
  url.path = unescape(rest, "path");
  // RawPath only when the input is not the default encoding of Path (setPath).
  url.rawPath = escape(url.path, "path") === rest ? "" : rest;
  return url;
}

/** url.Parse, with its `parse "<url>": ...` errors. */
export function goParse(raw: string): GoURL {
  const hash = raw.indexOf("#");
  const beforeFragment = hash < 0 ? raw : raw.slice(0, hash);
  const at = (u: string, e: unknown) => (e instanceof UrlError ? new GoError(`parse ${goQuote(u)}: ${e.message}`) : e);
  let url: GoURL;
  try {
    url = parseNoFragment(beforeFragment);
  } catch (e) {
    throw at(beforeFragment, e);
  }
  if (hash >= 0) {
    try {
      url.fragment = unescape(raw.slice(hash + 1), "fragment");
    } catch (e) {
      throw at(raw, e);
    }
  }
  return url;
}

/** url.URL's EscapedPath: RawPath when it is a valid encoding of Path, else Path's default encoding. */
export function escapedPath(url: GoURL): string {
  const validEncoded = [...url.rawPath].every((c) => "!$&'()*+,;=:@[]%".includes(c) || !shouldEscape(c.charCodeAt(0), "path"));
  if (url.rawPath !== "" && validEncoded) return url.rawPath;
  return url.path === "*" ? "*" : escape(url.path, "path");
}

/** url.URL's splitHostPort: a trailing ":digits" is the port; brackets around an IPv6 host are dropped. */
function splitHostPort(hostPort: string): [string, string] {
  let host = hostPort;
  let port = "";
  const colon = host.lastIndexOf(":");
  if (colon >= 0 && validOptionalPort(host.slice(colon))) {
    port = host.slice(colon + 1);
    host = host.slice(0, colon);
  }
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return [host, port];
}

export const URI_BUILTINS = {
  "uri.parse": (s: unknown): Record<string, string> => {
    const url = goParse(str(s, 1));
    const [hostname, port] = splitHostPort(url.host);
    const out: Record<string, string> = {};
    if (url.scheme) out.scheme = url.scheme;
    if (hostname) out.hostname = hostname;
    if (port) out.port = port;
    if (url.path) {
      out.path = url.path;
      out.raw_path = url.rawPath || url.path;
    }
    if (url.rawQuery) out.raw_query = url.rawQuery;
    if (url.fragment) out.fragment = url.fragment;
    return out;
  },
  // Not a type error for a non-string: OPA answers false. "" is a valid relative reference, but OPA says false.
  "uri.is_valid": (s: unknown): boolean => {
    if (typeof s !== "string" || s === "") return false;
    try {
      goParse(s);
      return true;
    } catch (e) {
      if (e instanceof GoError) return false;
      throw e;
    }
  },
};
