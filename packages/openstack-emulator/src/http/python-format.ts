/**
 * Text the way Python writes it. Nova and Keystone serialise with Python's
 * json.dumps (", " and ": " separators, ASCII only), and Nova's validation
 * messages quote values with repr(), so byte-for-byte fidelity needs both.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const NON_ASCII = /[\u007f-\uffff]/g;

function jsonString(value: string): string {
  return JSON.stringify(value).replace(NON_ASCII, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** A number Python holds as a float, so json.dumps writes 1.0, not 1. */
export class PythonFloat {
  constructor(readonly value: number) {}
}

/** json.dumps(value) with Python's default separators and ensure_ascii. */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof PythonFloat) return Number.isInteger(value.value) ? value.value.toFixed(1) : String(value.value);
  if (typeof value === "string") return jsonString(value);
  if (typeof value === "number" || typeof value === "boolean") return JSON.stringify(value);
  if (Array.isArray(value)) return "[" + value.map(pythonJson).join(", ") + "]";
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return "{" + entries.map(([k, v]) => jsonString(k) + ": " + pythonJson(v)).join(", ") + "}";
}

function reprString(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch < " " || ch === "\u007f") out += "\\x" + ch.charCodeAt(0).toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}

/** Python's repr() of a value decoded from JSON. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return reprString(value);
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return "[" + value.map(pythonRepr).join(", ") + "]";
  const entries = Object.entries(value as Record<string, Json>);
  return "{" + entries.map(([k, v]) => reprString(k) + ": " + pythonRepr(v)).join(", ") + "}";
}

/** Python's str(): strings bare, everything else as repr(). */
export function pythonStr(value: unknown): string {
  return typeof value === "string" ? value : pythonRepr(value);
}
