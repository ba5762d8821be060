/**
 * terraform-provider-osconsole: the project's own Terraform provider
 * (plugin protocol 6), bundled into one executable JavaScript file. Terraform
 * and OpenTofu start it with the go-plugin handshake in the environment;
 * run any other way it says what it is and exits 1.
 */
import * as grpc from "@grpc/grpc-js";
import { CONSOLE_URLS_TYPE } from "../hook-contract";
import { HandshakeError, MAGIC_COOKIE, listen, readHandshake } from "./plugin/handshake";
import { addHostServices } from "./plugin/host-services";
import { providerService } from "./protocol/services";
import { providerHandlers, unaryImplementations } from "./rpc";

async function main(): Promise<void> {
  if (process.env.TF_PLUGIN_MAGIC_COOKIE !== MAGIC_COOKIE) {
    process.stderr.write(
      `This is terraform-provider-osconsole, a Terraform provider for OpenStack console URLs (${CONSOLE_URLS_TYPE}); Terraform and OpenTofu start it themselves: declare its resource in a configuration and run terraform init/apply, not this program.\n`,
    );
    process.exit(1);
  }
  // Terraform forwards Ctrl-C as StopProvider (and ends the process with Shutdown): the signal itself is not ours to act on.
  process.on("SIGINT", () => undefined);
  followHostOut(process.ppid);
  const handshake = readHandshake(process.env);
  const server = new grpc.Server();
  const handlers = providerHandlers();
  server.addService(providerService(), unaryImplementations(handlers));
  addHostServices(server);
  const line = await listen(server, handshake);
  process.stdout.write(`${line}\n`);
}

/**
 * A host killed outright (SIGKILL, the OOM killer, a cancelled CI job) sends
 * no Shutdown: once this process is re-parented, nobody can use its answers,
 * so it ends instead of lingering with the cloud's credentials in its environment.
 */
function followHostOut(host: number): void {
  setInterval(() => {
    if (process.ppid !== host) process.exit(0);
  }, HOST_CHECK_MS).unref();
}

const HOST_CHECK_MS = 1000;

main().catch((err: unknown) => {
  process.stderr.write(`osconsole: ${err instanceof HandshakeError ? err.message : "could not start: " + (err instanceof Error ? err.message : String(err))}\n`);
  process.exit(1);
});
