// An independent reference implementation of the two seed schemes, in JavaScript with
// Node's `crypto`, written from SCHEMES.md rather than from Sigscope's Python code.
// The tests use it to compute every expected value in tests/vectors/ and to sign the
// mistaken strings they build by hand.
//
//   node reference.mjs vectors < file.json   -> the file with every case's "expected" filled
//   node reference.mjs hmac    < batch.json  -> [[alg, key_b64, msg_b64], ...] -> [hex, ...]
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";

// Python's str.strip() removes the characters for which str.isspace() is true; JavaScript's
// trim() uses a different set (it strips U+FEFF, and keeps U+001C..U+001F and U+0085).
const PY_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

function pyStrip(s) {
  const cps = Array.from(s);
  let start = 0;
  let end = cps.length;
  while (start < end && PY_SPACE.has(cps[start].codePointAt(0))) start++;
  while (end > start && PY_SPACE.has(cps[end - 1].codePointAt(0))) end--;
  return cps.slice(start, end).join("");
}

// Python sorts strings by code point; JavaScript's default sort compares UTF-16 code units.
function byCodePoint(a, b) {
  const x = Array.from(a).map((c) => c.codePointAt(0));
  const y = Array.from(b).map((c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
}

function pairs(value) {
  if (value == null) return [];
  const list = Array.isArray(value) ? value : Object.entries(value);
  return list.map(([k, v]) => [k, String(v)]);
}

function dictString(list, sdk) {
  const map = new Map();
  for (const [k, v] of list) map.set(k, v); // a dict: first position, last value
  const keys = [...map.keys()].sort(byCodePoint);
  if (sdk) return keys.map((k) => `${k}: ${map.get(k)}\n`).join("");
  return keys.map((k) => `${k}: ${map.get(k)}`).join("\n");
}

function normalizePath(path) {
  let p = path.startsWith("/") ? path : "/" + path;
  if (p.endsWith("/") && p.length > 1) p = p.slice(0, -1);
  return p;
}

function hmacHex(algorithm, key, message) {
  return createHmac(algorithm, Buffer.from(key, "utf8")).update(Buffer.from(message, "utf8")).digest();
}

function actionstreamer(input) {
  const sdk = input.variant === "sdk";
  let headers = pairs(input.headers);
  if (sdk) headers = headers.filter(([k]) => k !== "Content-Type");
  const method = input.method ?? "GET";
  const path = normalizePath(input.path ?? "");
  const headerString = dictString(headers, sdk);
  const paramString = dictString(pairs(input.params), sdk);
  const body = input.body ? input.body : "";
  const join = [method, path, headerString, paramString, body].join("\n");
  const steps = {
    method,
    normalize_path: path,
    header_string: headerString,
    param_string: paramString,
    body,
    join,
  };
  let stringToSign = join;
  if (sdk) stringToSign = steps.strip = pyStrip(join);
  const digest = hmacHex("sha256", input.secret, stringToSign);
  steps.hmac = digest.toString("hex");
  return { steps, string_to_sign: stringToSign, signature: encodings(digest) };
}

function encodings(digest) {
  return { hex: digest.toString("hex"), base64: digest.toString("base64") };
}

function windowOffsets(setting) {
  if (setting === null) return [0]; // an API with no setting: the exact second only
  const n = Math.max(setting ?? 3, 1); // a setting of 0 still allows one second either way
  const out = [0];
  for (let d = 1; d <= n; d++) out.push(-d, d);
  return out;
}

function apiaxle(input) {
  const epoch = String(input.timestamp);
  const key = input.api_key ?? "";
  const message = epoch + key;
  const digest = hmacHex("sha1", input.secret, message);
  const sent = digest.toString("hex");
  const now = input.server_time ?? input.timestamp;
  const window = windowOffsets(input.window).map((offset) => {
    const d = hmacHex("sha1", input.secret, String(now + offset) + key);
    return { epoch: now + offset, offset, signature: encodings(d), accepted: d.toString("hex") === sent };
  });
  return {
    steps: { epoch, api_key: key, concat: message, hmac: sent },
    string_to_sign: message,
    signature: encodings(digest),
    window,
  };
}

const SCHEMES = { actionstreamer, apiaxle };
const stdin = JSON.parse(readFileSync(0, "utf8"));
let out;
if (process.argv[2] === "vectors") {
  for (const c of stdin.cases) c.expected = SCHEMES[c.input.scheme](c.input);
  out = stdin;
} else if (process.argv[2] === "hmac") {
  out = stdin.map(([alg, key, msg]) =>
    createHmac(alg, Buffer.from(key, "base64")).update(Buffer.from(msg, "base64")).digest("hex"),
  );
} else if (process.argv[2] === "schemes") {
  out = Object.keys(SCHEMES);
} else {
  throw new Error("usage: node reference.mjs vectors|hmac|schemes < input.json");
}
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
