/**
 * Every relative link in the README, CONTRIBUTING, docs/ and the emulator
 * package's README resolves: the file exists, and an #anchor names a heading
 * of it, slugged as GitHub does. Links to the web are not fetched (tests send
 * traffic only to 127.0.0.1).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../helpers/bundles";

const PAGES = [
  "README.md",
  "CONTRIBUTING.md",
  "packages/openstack-emulator/README.md",
  ...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`),
];

/** GitHub's heading anchor: lower case, punctuation dropped except - and _, spaces to dashes; repeats get -1, -2. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const base = heading[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** [text](target) outside code fences and code spans. */
function links(markdown: string): string[] {
  const found: string[] = [];
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) {
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    for (const m of line.replace(/`[^`]*`/g, "").matchAll(/\]\(([^)\s]+)\)/g)) found.push(m[1]);
  }
  return found;
}

test("the pages checked include the README and every docs/ page", () => {
  expect(PAGES).toEqual(expect.arrayContaining(["README.md", "CONTRIBUTING.md", "docs/constructs.md", "docs/layout.md"]));
});

test.each(PAGES)("every relative link in %s resolves, anchors included", (page) => {
  const text = fs.readFileSync(path.join(ROOT, page), "utf8");
  const broken: string[] = [];
  for (const link of links(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:: not fetched
    const [file, anchor] = link.split("#", 2) as [string, string | undefined];
    const target = file === "" ? path.join(ROOT, page) : path.resolve(path.dirname(path.join(ROOT, page)), decodeURIComponent(file));
    if (!fs.existsSync(target)) {
      broken.push(`${link}: no such file`);
      continue;
    }
    if (anchor !== undefined && target.endsWith(".md") && !anchors(fs.readFileSync(target, "utf8")).has(anchor)) {
      broken.push(`${link}: no heading with anchor #${anchor} in ${path.relative(ROOT, target)}`);
    }
  }
  expect(broken).toEqual([]);
});
