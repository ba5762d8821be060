/**
 * `npm run demo` without Terraform (--no-terraform, or no CLI installed):
 * the synthesized stack's console hooks run against the emulator, so a new
 * user still sees a console URL per server; Ctrl-C stops it. And its
 * refusals: a taken port, a bad flag. (With real Terraform:
 * test/terraform/demo.test.ts.)
 */
import * as net from "node:net";
import { runDemo, tableUrls } from "../helpers/demo-process";

const env = { PATH: process.env.PATH, HOME: "/nonexistent" };
const EXAMPLE_SERVERS = [...Array.from({ length: 40 }, (_, i) => `web-${i + 1}`), ...Array.from({ length: 10 }, (_, i) => `db-${i + 1}`)].sort();

test("--no-terraform: a console URL for every server of the example fleet, then Ctrl-C stops it", async () => {
  const run = await runDemo(["--port", "0", "--no-terraform"], env, "Ctrl-C stops it");
  expect(run.code).toBe(0);
  const urls = tableUrls(run.beforeInterrupt);
  expect(Object.keys(urls).sort()).toEqual(EXAMPLE_SERVERS);
  for (const url of Object.values(urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/vnc_auto\.html\?path=%3Ftoken%3D[0-9a-f-]{36}$/);
  expect(run.stdout.trim().split("\n").pop()).toBe("demo: emulator stopped");
  expect(run.stderr).toBe("");
});

test("without any Terraform CLI it says so in one line and how to get one, then shows the hook's URLs", async () => {
  // As a fresh clone on a machine without terraform: no tools folder, nothing on PATH.
  const run = await runDemo(["--port", "0"], { ...env, PATH: "/nonexistent-bin", TERRAFORM_TOOLS_DIR: "/nonexistent-tools" }, "Ctrl-C stops it");
  const notice = run.stdout.split("\n").filter((l) => l.includes("no Terraform CLI found"));
  expect(notice).toHaveLength(1);
  expect(notice[0]).toContain("https://developer.hashicorp.com/terraform/install");
  expect(notice[0]).toContain("npm run terraform:tools");
  expect(Object.keys(tableUrls(run.beforeInterrupt))).toHaveLength(50);
  expect(run.code).toBe(0);
});

test("terraform but no registry and no Go: one line saying why, then the hook's URLs", async () => {
  // The registry made unreachable on loopback: Terraform's requests go to a proxy on 127.0.0.1 that hangs up.
  const proxy = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  try {
    // /usr/local/bin holds terraform here; Go lives elsewhere (/usr/local/go/bin), so it is not on this PATH.
    const bare = { ...env, PATH: "/usr/local/bin:/usr/bin:/bin", TERRAFORM_TOOLS_DIR: "/nonexistent-tools", HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl };
    const run = await runDemo(["--port", "0"], bare, "Ctrl-C stops it");
    const why = run.stdout.split("\n").filter((l) => l.includes("cannot reach the provider registry"));
    expect(why).toEqual([
      "demo: terraform init cannot reach the provider registry and there is no Go to build the providers with (npm run terraform:tools needs Go 1.24+); showing the console hook against the emulator instead",
    ]);
    expect(Object.keys(tableUrls(run.beforeInterrupt))).toHaveLength(50);
    expect(run.code).toBe(0);
  } finally {
    proxy.close();
  }
});

test("a taken port is refused in one line naming it and the way out", async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const run = await runDemo(["--port", String(port), "--no-terraform"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`demo: port ${port} is taken (127.0.0.1:${port} is already in use); stop what listens there, or run npm run demo -- --port 0 for free ports\n`);
  } finally {
    blocker.close();
  }
});

test("a bad port is refused before anything starts", async () => {
  const run = await runDemo(["--port", "http"], env);
  expect(run.code).toBe(2);
  expect(run.stderr).toBe('demo: --port: "http" is not a port; give e.g. 5000, or 0 for free ones; see npm run demo -- --help\n');
});
