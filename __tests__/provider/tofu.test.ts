/** The osconsole provider under OpenTofu, and OpenTofu's state encryption over what it stores. */
import * as fs from "node:fs";
import { startEmulator } from "../../packages/openstack-emulator/src";
import { consoleServerOf } from "./cloud";
import { describeFailures, describeProvider } from "./suite";
import { CLIS, Workdir } from "./workdir";

jest.setTimeout(240_000);

const cli = CLIS.find((c) => c.name === "tofu")!;
describeProvider(cli);
describeFailures(cli);

// A pbkdf2 key from a passphrase, AES-GCM, and no plaintext accepted: state and plan files are encrypted at rest.
const ENCRYPTION = `
key_provider "pbkdf2" "passphrase" {
  passphrase = "a test passphrase, long enough"
}
method "aes_gcm" "main" {
  keys = key_provider.pbkdf2.passphrase
}
state {
  method   = method.aes_gcm.main
  enforced = true
}
plan {
  method   = method.aes_gcm.main
  enforced = true
}
`;

test("tofu: with TF_ENCRYPTION the state file holds no URL in clear, and tofu still reads it", async () => {
  const emu = await startEmulator({ servers: 0, profile: "zed" });
  const w = new Workdir(cli, { ...emu.env(), TF_ENCRYPTION: ENCRYPTION });
  try {
    const server = emu.createServer({ name: "web-1" });
    w.configure({ resource: { osconsole_urls: { fleet: { servers: { "web-1": server.id } } } }, output: { urls: { value: "${osconsole_urls.fleet.urls}", sensitive: true } } });
    await w.init();
    await w.ok(["apply", "-auto-approve", "-input=false", "-no-color"]);
    const stored = fs.readFileSync(w.file("terraform.tfstate"), "utf8");
    expect(stored).not.toContain(emu.consoleProxyUrl);
    expect(stored).not.toContain(server.id);
    expect(JSON.parse(stored)).toHaveProperty("encrypted_data");
    const urls = JSON.parse((await w.ok(["output", "-json", "urls"])).stdout) as Record<string, string>;
    expect(await consoleServerOf(emu, urls["web-1"])).toBe(server.id);
    const plan = await w.run(["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
    expect(plan.code).toBe(0);
  } finally {
    w.cleanup();
    await emu.close();
  }
});
