/**
 * `os-console audit --probe` with pictures, as a subprocess against the
 * emulator: --thumbnails DIR writes one PNG per console named by server (the
 * other formats name the file), --format html is one self-contained page
 * whose thumbnails, rows and counts are the JSON report's, with every text
 * escaped and no URL unless --show-urls.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PNG } from "pngjs";
import { startEmulator, type Emulator } from "../../packages/openstack-emulator/src";
import { runCli } from "../helpers/run";

let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ servers: 0, consoleProxy: { desktop: { colour: "#204080", width: 640, height: 480 } } });
  emulator.createServer({ name: "web-1", project: "admin" });
  emulator.createServer({ name: "web-2", project: "admin" });
  emulator.createServer({ name: `<img src=x onerror=alert(1)>`, project: "admin" });
  emulator.createServer({ name: "broken", project: "admin", status: "ERROR", host: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-report-"));
});
afterEach(() => emulator.setConsoleProxyFaults({}));
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await emulator.close();
});

const cli = (args: string[]) => runCli(args, { env: emulator.env("admin"), cwd: dir });

interface Report {
  summary: { outcomes: Record<string, number>; checks: number };
  servers: Array<{ name: string; checks: Array<{ outcome: string; probe?: { thumbnail?: { file?: string; width?: number; height?: number; missing?: string } } }> }>;
}

test("--thumbnails DIR: a PNG per console that opened, named by server, of the screen; json names each file", async () => {
  const r = await cli(["audit", "--probe", "--thumbnails", "shots", "-f", "json"]);
  expect(r.code).toBe(1); // broken: not ready
  const report = JSON.parse(r.stdout) as Report;
  const files = report.servers.flatMap((s) => s.checks.flatMap((c) => (c.probe?.thumbnail?.file ? [[s.name, c.probe.thumbnail.file]] : [])));
  expect(files.sort()).toEqual([
    ["<img src=x onerror=alert(1)>", "shots/_img_src_x_onerror_alert_1_.png"],
    ["web-1", "shots/web-1.png"],
    ["web-2", "shots/web-2.png"],
  ]);
  expect(fs.readdirSync(path.join(dir, "shots")).sort()).toEqual(["_img_src_x_onerror_alert_1_.png", "web-1.png", "web-2.png"]);
  const png = PNG.sync.read(fs.readFileSync(path.join(dir, "shots", "web-1.png")));
  expect([png.width, png.height]).toEqual([320, 240]);
  expect([...png.data.subarray(0, 4)]).toEqual([0x20, 0x40, 0x80, 255]);
  expect(report.servers.find((s) => s.name === "web-1")!.checks[0].probe!.thumbnail).toEqual({ width: 320, height: 240, file: "shots/web-1.png" });
});

test("table and junit name the thumbnail files", async () => {
  const table = await cli(["audit", "--probe", "--thumbnails", "shots"]);
  expect(table.stdout).toMatch(/web-1 \([0-9a-f-]+\) vnc\/novnc: thumbnail: shots\/web-1\.png/);
  const junit = await cli(["audit", "--probe", "--thumbnails", "shots", "-f", "junit"]);
  expect(junit.stdout).toMatch(/thumbnail: shots\/web-2\.png/);
});

test("--format html: self-contained, thumbnails embedded, rows and counts as in the JSON report, text escaped, no URLs", async () => {
  const [html, json] = await Promise.all([cli(["audit", "--probe", "-f", "html"]), cli(["audit", "--probe", "-f", "json"])]);
  const page = html.stdout;
  const report = JSON.parse(json.stdout) as Report;
  expect(page.startsWith("<!DOCTYPE html>")).toBe(true);
  // nothing fetched from anywhere: no external scripts, styles, images or links
  expect(page).not.toMatch(/<link\b|<script\s+src|src="(?!data:image\/png;base64,)|url\(/i);
  expect(page).toMatch(/Content-Security-Policy" content="default-src 'none'; img-src data:;/);
  expect(page.match(/<img class="thumbnail"/g)).toHaveLength(3);
  expect(page.match(/<tr class="check"/g)).toHaveLength(report.summary.checks);
  for (const [outcome, n] of Object.entries(report.summary.outcomes)) {
    expect(page).toContain(`<div class="count" data-count="${outcome}"><b>${n}</b>`);
  }
  expect(page).not.toContain("<img src=x onerror");
  expect(page).toContain("&lt;img src=x onerror=alert(1)&gt;");
  expect(page).not.toMatch(/token(%3D|=)[0-9a-f-]{36}/);
  expect(page).toMatch(/not ready \(409\)/);
});

test("--format html --show-urls links each console", async () => {
  const r = await cli(["audit", "--probe", "-f", "html", "--show-urls"]);
  expect(r.stdout.match(/<a href="http:\/\/127\.0\.0\.1:\d+\/vnc_auto\.html\?path=%3Ftoken%3D[0-9a-f-]{36}">open<\/a>/g)).toHaveLength(3);
});

test("a console that does not open: its card shows the step and the proxy's words, and no picture", async () => {
  emulator.setConsoleProxyFaults({ vncPasswordOnly: true });
  const r = await cli(["audit", "--probe", "-f", "html"]);
  expect(r.stdout).not.toContain('<img class="thumbnail"');
  expect(r.stdout).toMatch(/does not open \(rfb\)<\/span><p class="why">does not open at rfb: the proxy could not negotiate security with the VNC server: &quot;Unable to negotiate security with server&quot;/);
});

test("--thumbnails without --probe, or into a folder that cannot be written: one line, exit 2", async () => {
  const noProbe = await cli(["audit", "--thumbnails", "shots"]);
  expect([noProbe.code, noProbe.stderr.trim()]).toEqual([2, "os-console: --thumbnails: thumbnails come from the probe. Add --probe."]);
  fs.writeFileSync(path.join(dir, "a-file"), "");
  const notDir = await cli(["audit", "--probe", "--thumbnails", "a-file/shots"]);
  expect(notDir.code).toBe(2);
  expect(notDir.stderr).toMatch(/^os-console: --thumbnails: cannot write to .*a-file\/shots \(ENOTDIR\)\. Give a folder you can write to\.\n$/);
});

test("virtuozzo profile: URLs in the Virtuozzo document's shape are opened by the audit's probe and thumbnailed", async () => {
  const vz = await startEmulator({ servers: 0, profile: "virtuozzo", consoleProxy: { desktop: { colour: "#408020", width: 640, height: 480 } } });
  try {
    vz.createServer({ name: "vz-1", project: "admin" });
    const r = await runCli(["audit", "--probe", "--thumbnails", "vz-shots", "-f", "json", "--show-urls"], { env: vz.env("admin"), cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/vnc_auto\.html\?path=websockify%3Ftoken%3D[0-9a-f-]{36}&token=[0-9a-f-]{36}/);
    const png = PNG.sync.read(fs.readFileSync(path.join(dir, "vz-shots", "vz-1.png")));
    expect([...png.data.subarray(0, 4)]).toEqual([0x40, 0x80, 0x20, 255]);
  } finally {
    await vz.close();
  }
});
