/** TLS against the emulator's HTTPS listeners and the CA it makes at start. */
import { INSECURE_WARNING, OpenStackError } from "../../lib/openstack";
import { connectClient, fleetOf, rejection, useEmulator, VNC, withClient } from "./support/emulator";

const emulator = useEmulator({ servers: 1, tls: true });

it("verifies the cloud's certificate with the CA bundle from OS_CACERT", async () => {
  const emu = emulator();
  expect(emu.identityUrl).toMatch(/^https:/);
  expect(emu.env().OS_CACERT).toBe(emu.caFile);
  const lines: string[] = [];
  await withClient({ env: emu.env(), logger: (l) => lines.push(l) }, async (client) => {
    expect(emu.isIssuedConsoleUrl((await client.createConsole(fleetOf(emu)[0], VNC)).url)).toBe(true);
  });
  expect(lines).toEqual([]);
});

it("refuses the self-signed certificate without the CA bundle, pointing to --os-cacert", async () => {
  const emu = emulator();
  const { OS_CACERT: _ca, ...env } = emu.env();
  const err = await rejection(connectClient({ env }));
  expect(err).toBeInstanceOf(OpenStackError);
  expect((err as OpenStackError).kind).toBe("tls");
  expect(err.message).toMatch(/^POST \/v3\/auth\/tokens: the TLS connection to 127\.0\.0\.1:\d+ failed \([A-Z_]+\)\. The server's certificate is not trusted: pass its CA bundle with --os-cacert, OS_CACERT or cacert in clouds.yaml/);
  // Not retried: a certificate does not become trusted by asking again.
  expect(emu.counters().tokenIssues).toBe(0);
});

it("insecure is an explicit opt-in that works and warns", async () => {
  const emu = emulator();
  const { OS_CACERT: _ca, ...env } = emu.env();
  const lines: string[] = [];
  await withClient({ env: { ...env, OS_INSECURE: "true" }, logger: (l) => lines.push(l) }, async (client) => {
    expect(emu.isIssuedConsoleUrl((await client.createConsole(fleetOf(emu)[0], VNC)).url)).toBe(true);
  });
  expect(lines).toEqual([INSECURE_WARNING]);
  expect(INSECURE_WARNING).toMatch(/^WARNING: TLS certificate verification is off/);
});
