/**
 * An audit you look at, on the real chain: `os-console audit --probe
 * --format html --thumbnails DIR` against real Nova, nova-novncproxy and
 * Xtigervnc. The ACTIVE server's thumbnail is the harness's picture (the VNC
 * screen painted one colour), checked by pixels; the report, rendered in
 * headless Chromium, shows as many thumbnails, rows and counts as the JSON
 * report of the same audit says; a screenshot of it is kept as an artifact.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PNG } from "pngjs";
import { runCli } from "../../__tests__/helpers/run";
import { ARTIFACTS, launchChromium, type Chromium } from "./support/browser";
import { envWithoutOpenStack, knownSecrets, passwordEnv, realOpenStack } from "./support/real-env";

const real = realOpenStack();
let dir: string;
let browser: Chromium;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-report-"));
  browser = await launchChromium({ width: 1200, height: 900 });
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Report {
  summary: { checks: number; outcomes: Record<string, number> };
  servers: Array<{ id: string; name: string; checks: Array<{ outcome: string; probe?: { opens: boolean; thumbnail?: { file?: string } } }> }>;
}

test("the ACTIVE server's thumbnail is the VNC screen; the rendered report matches the JSON report", async () => {
  const env = { ...envWithoutOpenStack(), ...passwordEnv("admin") };
  const html = await runCli(["audit", "--probe", "--format", "html", "--thumbnails", "shots"], { env, cwd: dir, killAfterMs: 100_000 });
  const json = await runCli(["audit", "--probe", "--format", "json", "--thumbnails", "shots-json"], { env, cwd: dir, killAfterMs: 100_000 });
  for (const out of [html.stdout, html.stderr, json.stdout, json.stderr]) for (const secret of knownSecrets()) expect(out).not.toContain(secret);
  expect(html.code).toBe(1); // vm-error is never scheduled
  const report = JSON.parse(json.stdout) as Report;

  // the picture of the ACTIVE server, by pixels
  const active = report.servers.find((s) => s.id === real.servers.active)!;
  const file = active.checks[0].probe?.thumbnail?.file;
  expect(file).toBe("shots-json/vm1.png");
  const png = PNG.sync.read(fs.readFileSync(path.join(dir, file!)));
  const m = /^#(..)(..)(..)$/.exec(real.consoleChain.vncColour)!;
  const colour = [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
  let other = 0;
  for (let i = 0; i < png.data.length; i += 4) if (Math.abs(png.data[i] - colour[0]) > 2 || Math.abs(png.data[i + 1] - colour[1]) > 2 || Math.abs(png.data[i + 2] - colour[2]) > 2) other += 1;
  expect([png.width, png.height, other]).toEqual([320, 240, 0]);
  expect(fs.readFileSync(path.join(dir, "shots", "vm1.png")).length).toBeGreaterThan(0);

  // the report in a browser
  const page = await browser.context.newPage();
  try {
    const reportFile = path.join(dir, "report.html");
    fs.writeFileSync(reportFile, html.stdout);
    const blocked: string[] = [];
    page.on("request", (req) => {
      if (!req.url().startsWith("file:") && !req.url().startsWith("data:")) blocked.push(req.url());
    });
    await page.goto(`file://${reportFile}`);
    const thumbnails = await page.locator("img.thumbnail").count();
    const opened = report.servers.filter((s) => s.checks.some((c) => c.probe?.opens)).length;
    expect(thumbnails).toBe(opened);
    expect(await page.locator("tr.check").count()).toBe(report.summary.checks);
    for (const [outcome, n] of Object.entries(report.summary.outcomes)) {
      expect(await page.locator(`[data-count="${outcome}"] b`).textContent()).toBe(String(n));
    }
    // every thumbnail decoded and drawn by the browser
    const drawn = await page.locator("img.thumbnail").evaluateAll((imgs) => imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth));
    expect(drawn).toEqual(Array(opened).fill(320));
    // the filter shows only the chosen outcome
    await page.selectOption("#filter", "not-ready");
    expect(await page.locator("tr.check:visible").count()).toBe(report.summary.outcomes["not-ready"]);
    await page.selectOption("#filter", "");
    await page.screenshot({ path: path.join(ARTIFACTS, "audit-report.png"), fullPage: true });
    expect(blocked).toEqual([]);
  } finally {
    await page.close();
  }
});
