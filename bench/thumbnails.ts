/**
 * `os-console audit --probe --thumbnails DIR` over the largest fleet: every
 * console opened through the emulator's console proxy, one 800x600 Raw
 * framebuffer update from its built-in VNC server turned into a 320-pixel
 * PNG and written out as it arrives. Wall time and the CLI's peak memory
 * (maxRSS, reported by a preload on exit), the largest over the runs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expectSuccess, runChild } from "./child";
import type { EmulatorProcess } from "./emulator-client";
import { CLI_LAUNCHER, envWith, ROOT } from "./paths";
import { repeat, summarize, type Summary } from "./stats";

export interface ThumbnailFigures {
  servers: number;
  wall_ms: Summary;
  peak_rss_mb: number;
  thumbnails_written: number;
}

const RSS_PRELOAD = path.join(__dirname, "report-rss.cjs");

export async function measureThumbnails(emulator: EmulatorProcess, runs: number, warmup: number): Promise<ThumbnailFigures> {
  const size = emulator.handle.servers.length;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-thumbnails-"));
  try {
    let peakKb = 0;
    let written = 0;
    const samples = await repeat(warmup, runs, async () => {
      const shots = path.join(work, "shots");
      fs.rmSync(shots, { recursive: true, force: true });
      const rssFile = path.join(work, "rss");
      const args = ["--require", RSS_PRELOAD, CLI_LAUNCHER, "audit", "--types", "vnc/novnc", "--probe", "--thumbnails", shots, "--format", "json"];
      const env = { ...envWith(emulator.handle.env), PEAK_RSS_FILE: rssFile };
      const result = expectSuccess("os-console audit --probe --thumbnails", await runChild(process.execPath, args, { env, cwd: ROOT, timeoutMs: 240_000 }));
      peakKb = Math.max(peakKb, Number(fs.readFileSync(rssFile, "utf8")));
      written = fs.readdirSync(shots).length;
      if (written !== size) throw new Error(`os-console audit --probe --thumbnails wrote ${written} thumbnails for ${size} servers`);
      return result.wallMs;
    });
    return { servers: size, wall_ms: summarize(samples), peak_rss_mb: Math.round(peakKb / 1024), thumbnails_written: written };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
