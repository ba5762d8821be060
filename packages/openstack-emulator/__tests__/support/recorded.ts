/**
 * The recorded real-Nova cases (shared/reference/recorded-real-nova-zed.md)
 * as data: each "### heading" whose code block starts with a curl command
 * becomes a request (method, URL, headers, body) and the recorded response
 * (status line, headers, body; no status when curl ran without -i).
 */
import path from "node:path";
import { readFileSync } from "node:fs";

/** A committed copy of shared/reference/recorded-real-nova-zed.md, so the suite needs nothing outside the repo. */
export const RECORDING_PATH = path.join(__dirname, "..", "fixtures", "recorded-real-nova-zed.md");

export interface RecordedCase {
  heading: string;
  request: { method: string; url: string; headers: [string, string][]; body?: string };
  response: { status?: number; statusText?: string; headers: [string, string][]; body: string };
}

/** Splits a shell command into words, honouring single quotes (as the recordings use them). */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i];
    if (ch === "'") {
      const end = command.indexOf("'", i + 1);
      word = (word ?? "") + command.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? "") + ch;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** The command is everything up to the first line where the single quotes balance. */
function splitCommand(lines: string[]): { command: string; rest: string[] } {
  let quotes = 0;
  for (let i = 0; i < lines.length; i++) {
    quotes += (lines[i].match(/'/g) ?? []).length;
    if (quotes % 2 === 0) return { command: lines.slice(0, i + 1).join("\n").replace(/^\$ /, ""), rest: lines.slice(i + 1) };
  }
  throw new Error("unbalanced quotes in a recorded command");
}

function parseCurl(command: string): RecordedCase["request"] {
  const words = shellWords(command).slice(1);
  const request: RecordedCase["request"] = { method: "GET", url: "", headers: [] };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === "-X") request.method = words[++i];
    else if (w === "-H") {
      const h = words[++i];
      const colon = h.indexOf(":");
      request.headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
    } else if (w === "-d") {
      request.body = words[++i];
      if (request.method === "GET") request.method = "POST";
    } else if (/^https?:\/\//.test(w)) request.url = w;
  }
  return request;
}

function parseResponse(lines: string[]): RecordedCase["response"] {
  const status = /^HTTP\/1\.1 (\d{3}) (.*)$/.exec(lines[0] ?? "");
  if (!status) return { headers: [], body: lines.join("\n") };
  const blank = lines.indexOf("");
  const headerLines = lines.slice(1, blank < 0 ? lines.length : blank);
  return {
    status: Number(status[1]),
    statusText: status[2],
    headers: headerLines.map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]),
    body: blank < 0 ? "" : lines.slice(blank + 1).join("\n"),
  };
}

export function recordedCases(path = RECORDING_PATH): RecordedCase[] {
  const text = readFileSync(path, "utf8");
  const cases: RecordedCase[] = [];
  const block = /^### (.+)\n\n```\n([\s\S]*?)\n```/gm;
  for (let m = block.exec(text); m; m = block.exec(text)) {
    const lines = m[2].split("\n");
    if (!lines[0].startsWith("$ curl ")) continue;
    const { command, rest } = splitCommand(lines);
    cases.push({ heading: m[1], request: parseCurl(command), response: parseResponse(rest) });
  }
  return cases;
}
