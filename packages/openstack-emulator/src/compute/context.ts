/** What compute handlers get: the negotiated request and the services behind it. */
import type { EmulatorConfig } from "../config";
import type { FaultBox } from "../faults";
import type { IncomingCall } from "../http/call";
import type { Token } from "../identity/tokens";
import type { ImageStore } from "../image/images";
import type { NetworkStore } from "../network/store";
import type { ConsoleTokens } from "./console-tokens";
import type { FlavorStore } from "./flavors";
import type { KeypairStore } from "./keypairs";
import type { ServerEntry, ServerStore } from "./server-store";
import type { LinkBase } from "./server-views";

export interface Caller {
  token: Token;
  /** The token's project, null for unscoped and system tokens. */
  projectId: string | null;
  userId: string;
  isAdmin: boolean;
  /** Nova's default policy for changes: project member, or admin. */
  canWrite: boolean;
}

export interface ApiCall {
  call: IncomingCall;
  version: string;
  caller: Caller;
  /** The decoded JSON body; null when the request had none. */
  body: unknown;
  links: LinkBase;
  /** The {server_id} of /servers/{server_id}/..., if any. */
  serverId?: string;
}

export interface ComputeDeps {
  config: EmulatorConfig;
  servers: ServerStore;
  consoles: ConsoleTokens;
  faults: FaultBox;
  /** Where the console proxy connects (GET /os-console-auth-tokens reports it). */
  consoleTarget?: () => { host: string; port: number } | undefined;
  flavors: FlavorStore;
  keypairs: KeypairStore;
  images: ImageStore;
  networks: NetworkStore;
}

/** common.get_instance: admins see every server; others only their project's (else 404). */
export function visibleServer(deps: ComputeDeps, caller: Caller, id: string): ServerEntry | undefined {
  const entry = deps.servers.get(id);
  if (!entry) return undefined;
  return caller.isAdmin || entry.projectId === caller.projectId ? entry : undefined;
}
