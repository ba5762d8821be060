/**
 * The tree holds to docs/layout.md: every relative import from one folder
 * into another must be listed in that folder's row of the table there, so
 * lib/ (what the package ships) imports no tooling, the console matrix
 * imports nothing, the client no cdktf-side code, and the emulator only the
 * console matrix. The rule set is the page itself, so the two cannot drift.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../helpers/bundles";

const LAYOUT = path.join(ROOT, "docs", "layout.md");

/** The first table of docs/layout.md: folder -> the folders it may import. */
function rules(): Map<string, Set<string>> {
  const table = new Map<string, Set<string>>();
  const text = fs.readFileSync(LAYOUT, "utf8");
  const section = text.slice(text.indexOf("| folder | holds | may import |"), text.indexOf("What the other folders are"));
  for (const line of section.split("\n").slice(2)) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 5) continue;
    const folder = cells[1].replace(/`/g, "");
    const allowed = [...cells[3].matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    table.set(folder, new Set(allowed));
  }
  return table;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!["node_modules", "__tests__", "dist", "fixtures"].includes(entry.name)) sourceFiles(full, out);
    } else if (/\.(ts|js|cjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

/** The folder a repository path belongs to: the longest known folder containing it, else its first segment. */
function folderOf(relative: string, known: readonly string[]): string {
  const posix = relative.split(path.sep).join("/");
  // Only the entry files sit directly in lib/; lib/<name> without an extension is a folder's index.
  if (/^lib\/[^/]+\.ts$/.test(posix) || (/^lib\/[^/]+$/.test(posix) && fs.existsSync(path.join(ROOT, `${posix}.ts`)))) return "lib";
  const match = known.filter((k) => k !== "lib" && (posix === k || posix.startsWith(`${k}/`))).sort((a, b) => b.length - a.length)[0];
  return match ?? posix.split("/")[0];
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'](\.{1,2}\/[^"']*)["']/g;

test("docs/layout.md's table names every folder's allowed imports", () => {
  const table = rules();
  expect([...table.keys()]).toEqual(expect.arrayContaining(["lib/console-matrix", "lib/openstack", "lib/constructs", "lib/cli", "packages/openstack-emulator/src", "tooling/schema-check"]));
  expect(table.get("lib/console-matrix")!.size).toBe(0);
});

test("every relative import crossing folders is one docs/layout.md allows (lib/ imports no tooling)", () => {
  const table = rules();
  const known = [...new Set([...table.keys(), ...[...table.values()].flatMap((s) => [...s])])];
  const violations: string[] = [];
  for (const folder of table.keys()) {
    const dir = path.join(ROOT, folder);
    if (!fs.existsSync(dir)) continue;
    const files = folder === "lib" ? fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => path.join(dir, f)) : sourceFiles(dir);
    for (const file of files) {
      const from = folderOf(path.relative(ROOT, file), known);
      if (from !== folder) continue;
      for (const m of fs.readFileSync(file, "utf8").matchAll(IMPORT)) {
        const target = folderOf(path.relative(ROOT, path.resolve(path.dirname(file), m[1])), known);
        if (target !== folder && !table.get(folder)!.has(target)) violations.push(`${path.relative(ROOT, file)} imports "${m[1]}" (${target}), which docs/layout.md does not allow ${folder}`);
      }
    }
  }
  expect(violations).toEqual([]);
});
