/**
 * A minted console URL opened in a real browser: Debian's headless Chromium
 * (installed by the harness) driven by playwright-core, loading
 * nova-novncproxy's noVNC 1.3 vnc_lite.html. The test waits for noVNC's own
 * status to read "Connected", keeps a screenshot as an artifact
 * (test-artifacts/, git-ignored), and checks the canvas shows the harness's
 * VNC screen (painted one known colour), not noVNC's error page. A made-up
 * token is opened the same way as the control: no console, no colour.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { PNG } from "pngjs";
import type { OpenStackClient } from "../../lib/openstack";
import { ARTIFACTS, launchChromium, type Chromium } from "./support/browser";
import { NOVNC, sandbox, type Sandbox } from "./support/real-client";
import { passwordEnv, realOpenStack } from "./support/real-env";

const real = realOpenStack();
let box: Sandbox;
let client: OpenStackClient;
let browser: Chromium;

beforeAll(async () => {
  box = sandbox();
  client = await box.connect(passwordEnv("admin"));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await box?.dispose();
});

function rgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)!;
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

/** Share of the PNG's pixels within `box` that are `colour` (each channel within 3). */
function shareOf(png: PNG, colour: [number, number, number], box: { x: number; y: number; width: number; height: number }): number {
  let hits = 0;
  let total = 0;
  for (let y = Math.floor(box.y); y < Math.floor(box.y + box.height); y += 4) {
    for (let x = Math.floor(box.x); x < Math.floor(box.x + box.width); x += 4) {
      const i = (y * png.width + x) * 4;
      total += 1;
      if (Math.abs(png.data[i] - colour[0]) <= 3 && Math.abs(png.data[i + 1] - colour[1]) <= 3 && Math.abs(png.data[i + 2] - colour[2]) <= 3) hits += 1;
    }
  }
  return total === 0 ? 0 : hits / total;
}

async function open(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url, { waitUntil: "load", timeout: 20_000 });
  return page;
}

const statusOf = async (page: Page): Promise<string> => (await page.locator("#status").textContent()) ?? "";

test("noVNC in headless Chromium reads Connected, and its canvas shows the VNC server's screen", async () => {
  const c = await client.createConsole({ id: real.servers.active }, NOVNC);
  const page = await open(c.url);
  try {
    // (a string: it runs in the page, whose DOM types this Node project does not load)
    await page.waitForFunction('/^Connected/.test(document.getElementById("status")?.textContent ?? "")', undefined, { timeout: 30_000 });
    expect(await statusOf(page)).toBe("Connected to fakevm");
    const canvas = page.locator("#screen canvas");
    await canvas.waitFor({ state: "visible", timeout: 10_000 });
    const box = (await canvas.boundingBox())!;
    expect([Math.round(box.width), Math.round(box.height)]).toEqual([800, 600]);
    // the first framebuffer update may land a moment after "Connected"
    const colour = rgb(real.consoleChain.vncColour);
    let png = PNG.sync.read(await page.screenshot());
    for (let i = 0; i < 20 && shareOf(png, colour, box) < 0.99; i++) {
      await page.waitForTimeout(250);
      png = PNG.sync.read(await page.screenshot());
    }
    const file = path.join(ARTIFACTS, "console-novnc-connected.png");
    fs.writeFileSync(file, PNG.sync.write(png));
    expect(shareOf(png, colour, box)).toBeGreaterThan(0.99);
  } finally {
    await page.close();
  }
});

test("the control: a made-up token never connects, and the page shows no VNC screen", async () => {
  const c = await client.createConsole({ id: real.servers.active }, NOVNC);
  const url = c.url.replace(/token%3D[0-9a-f-]{36}/, "token%3D00000000-0000-4000-8000-000000000000");
  const page = await open(url);
  try {
    await page.waitForFunction('/Disconnected|went wrong|Failed/.test(document.getElementById("status")?.textContent ?? "")', undefined, { timeout: 30_000 });
    const png = PNG.sync.read(await page.screenshot());
    fs.writeFileSync(path.join(ARTIFACTS, "console-novnc-refused.png"), PNG.sync.write(png));
    expect(shareOf(png, rgb(real.consoleChain.vncColour), { x: 0, y: 0, width: png.width, height: png.height })).toBe(0);
  } finally {
    await page.close();
  }
});
