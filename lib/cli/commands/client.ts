/** One client per command run: configuration resolved by the client (flags over OS_* and clouds.yaml), closed on every path. */
import { OpenStackClient, resolveCloudConfig } from "../../openstack";
import { ConnectionFlags, connectionSettings } from "../options/connection";
import type { Terminal } from "../terminal";

export async function withClient<T>(flags: ConnectionFlags, terminal: Terminal, use: (client: OpenStackClient) => Promise<T>): Promise<T> {
  const config = resolveCloudConfig(connectionSettings(flags), terminal.env, terminal.cwd);
  // Without a logger the client writes only its warnings (e.g. --insecure) to stderr; --verbose adds retry notes.
  const logger = flags.verbose === true ? (line: string) => void terminal.stderr.write(`os-console: ${line}\n`) : undefined;
  const client = await OpenStackClient.connect(config, { logger });
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}
