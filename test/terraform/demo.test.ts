/**
 * `npm run demo` with the real Terraform tools: the example fleet deployed to
 * the emulator, a console URL per server printed from the stack outputs, and
 * on Ctrl-C the fleet destroyed and the emulator stopped.
 */
import { runDemo, tableUrls } from "../../__tests__/helpers/demo-process";
import { loadToolsManifest, manifestEnv } from "../../__tests__/helpers/terraform";

jest.setTimeout(300_000);

test("deploys, prints every server's console URL, and destroys on Ctrl-C, even when the Ctrl-C comes again during the destroy", async () => {
  // The project's tools, as the demo finds them itself (scripts/terraform-cli.ts); their absence fails here, never skips.
  const env = manifestEnv(loadToolsManifest(), { PATH: process.env.PATH, HOME: process.env.HOME });
  const started = Date.now();
  let urlsAfterMs = 0;
  // The second SIGINT: what npm and tsx add to a terminal's Ctrl-C (each passes it on); it must not cut the destroy short.
  const run = await runDemo(["--port", "0"], env, "Ctrl-C destroys it and stops", 240_000, () => (urlsAfterMs = Date.now() - started), "demo: terraform destroy");
  expect(run.code).toBe(0);
  const urls = tableUrls(run.beforeInterrupt);
  expect(Object.keys(urls)).toHaveLength(50);
  // 50 servers, the key pair, and one osconsole_urls per fleet (the default resource mode).
  expect(run.beforeInterrupt).toContain("terraform apply: 53 resources on the emulator");
  expect(run.stdout).toContain("demo: destroyed; 0 servers left on the emulator");
  expect(run.stdout.trim().split("\n").pop()).toBe("demo: emulator stopped");
  // Measured, not asserted (speed targets belong to npm run bench): the budget is a minute.
  process.stdout.write(`demo with Terraform: URLs after ${(urlsAfterMs / 1000).toFixed(1)} s, destroyed and stopped after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
});
