/**
 * Debian's headless Chromium (installed by test/real-openstack/up.sh) driven
 * by playwright-core, with the flags the suite uses everywhere and a fresh
 * profile that is removed afterwards.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
/** Screenshots the suite keeps (git-ignored). */
export const ARTIFACTS = path.resolve(__dirname, "../../../test-artifacts");

export interface Chromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(viewport = { width: 1000, height: 760 }): Promise<Chromium> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: test/real-openstack/up.sh installs Debian's chromium; rerun it`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "chromium-profile-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
