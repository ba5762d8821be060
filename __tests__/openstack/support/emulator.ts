import { request } from "undici";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../../packages/openstack-emulator/src";
import { OpenStackClient, resolveCloudConfig, type ConnectionSettings, type RetryPolicy } from "../../../lib/openstack";

/** Short waits so retry tests stay fast; the rules are the same as in production. */
export const FAST_RETRY: Partial<RetryPolicy> = { baseDelayMs: 10, maxDelayMs: 100, notReadyMaxDelayMs: 40 };

/** Starts an emulator for each test of the file and closes it after. */
export function useEmulator(options: EmulatorOptions = {}): () => Emulator {
  let emulator: Emulator | undefined;
  beforeEach(async () => {
    emulator = await startEmulator(options);
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  return () => {
    if (!emulator) throw new Error("no emulator running");
    return emulator;
  };
}

export interface ConnectSpec {
  settings?: ConnectionSettings;
  env?: Record<string, string>;
  logger?: (line: string) => void;
  retry?: Partial<RetryPolicy>;
}

/** Resolves config from an explicit env (never the test process's) and connects. */
export async function connectClient(spec: ConnectSpec): Promise<OpenStackClient> {
  const config = resolveCloudConfig(spec.settings ?? {}, { HOME: "/nonexistent", ...spec.env }, "/");
  return OpenStackClient.connect(config, { logger: spec.logger, retry: { ...FAST_RETRY, ...spec.retry } });
}

/** Runs `fn` with a connected client, closing it however `fn` ends. */
export async function withClient<T>(spec: ConnectSpec, fn: (client: OpenStackClient) => Promise<T>): Promise<T> {
  const client = await connectClient(spec);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** A Keystone token and the user's id, got the plain way (for the token-auth and user-id tests). */
export async function rawToken(env: Record<string, string>): Promise<{ token: string; userId: string; projectId: string }> {
  const body = {
    auth: {
      identity: { methods: ["password"], password: { user: { name: env.OS_USERNAME, domain: { name: env.OS_USER_DOMAIN_NAME }, password: env.OS_PASSWORD } } },
      scope: { project: { name: env.OS_PROJECT_NAME, domain: { name: env.OS_PROJECT_DOMAIN_NAME } } },
    },
  };
  const res = await request(`${env.OS_AUTH_URL}/auth/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const doc = (await res.body.json()) as { token: { user: { id: string }; project: { id: string } } };
  return { token: String(res.headers["x-subject-token"]), userId: doc.token.user.id, projectId: doc.token.project.id };
}

export const VNC = { protocol: "vnc", type: "novnc" } as const;

/** The servers of the emulator as the client's fleet calls take them. */
export const fleetOf = (emulator: Emulator) => emulator.listServers().map((s) => ({ name: s.name, id: s.id }));

/** The hook's `servers` value for such a fleet: Terraform's jsonencode() of name -> id. */
export const serversQuery = (servers: ReadonlyArray<{ name: string; id: string }>): string => JSON.stringify(Object.fromEntries(servers.map((s) => [s.name, s.id])));

/** Catches an expected rejection. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { kind?: string; status?: number; hint?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { kind?: string };
  }
  throw new Error("expected a rejection");
}
