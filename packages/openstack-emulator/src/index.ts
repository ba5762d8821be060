/**
 * An OpenStack emulator: Keystone v3 and the Nova compute API on real HTTP(S)
 * listeners, answering as the recorded real Nova does, with profiles,
 * faults, counters and a control endpoint. See docs/emulator.md.
 */
import { resolveConfig } from "./config";
import { ConsoleTokens } from "./compute/console-tokens";
import { unexpectedError, rateLimited as novaRateLimited, novaFault } from "./compute/replies";
import { ServerStore, toRecord, type ServerEntry } from "./compute/server-store";
import { ComputeService } from "./compute/service";
import { startConsoleProxy, type ConsoleProxy } from "./console-proxy/proxy";
import { CONTROL_PREFIX, controlRoute } from "./control";
import { UnknownServer } from "./errors";
import { Counters } from "./counters";
import { planEndpoints } from "./endpoints";
import { FaultBox } from "./faults";
import type { IncomingCall } from "./http/call";
import { dispatcher, type FailureReplies } from "./http/dispatch";
import { listen, type Listener } from "./http/listener";
import { buildCatalog, type CatalogEntry } from "./identity/catalog";
import { Directory } from "./identity/directory";
import { keystoneError, rateLimited as keystoneRateLimited } from "./identity/replies";
import { IdentityService } from "./identity/service";
import { TokenStore } from "./identity/tokens";
import { FlavorStore } from "./compute/flavors";
import { KeypairStore } from "./compute/keypairs";
import { ImageStore } from "./image/images";
import { ImageService } from "./image/service";
import { LatencyModel } from "./latency";
import { NetworkStore } from "./network/store";
import { NetworkService } from "./network/service";
import { PlacementService } from "./placement/service";
import { sleep } from "./http/dispatch";
import { makeTls, type TlsSetup } from "./tls";
import type { Emulator, EmulatorOptions, EmulatorUser, FaultSpec, ServerStatus } from "./types";

export type * from "./types";
export { EmulatorConfigError, UnknownServer } from "./errors";
export { ListenError } from "./http/listener";
export { validateFaultSpec } from "./faults";

const identityFailures: FailureReplies = {
  serverError: (status) => keystoneError(status, "An unexpected error prevented the server from fulfilling your request."),
  rateLimited: keystoneRateLimited,
  tooLarge: () => keystoneError(413, "Request Entity Too Large"),
};

const computeFailures: FailureReplies = {
  // The commonest real cause of a Nova 500: an RPC call to a compute host timing out.
  serverError: (status) =>
    status === 500 ? unexpectedError(null, "oslo_messaging.exceptions.MessagingTimeout") : novaFault(null, status, "Unexpected API Error."),
  rateLimited: novaRateLimited,
  tooLarge: () => novaFault(null, 413, "Request is too large."),
};

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const config = resolveConfig(options);
  const directory = new Directory();
  const tokens = new TokenStore();
  const servers = new ServerStore();
  const counters = new Counters();
  const faults = new FaultBox(config.seed, config.faults);
  const consoles = new ConsoleTokens(config.consoleTokenTtlSeconds, config.tls, config.profile.name === "virtuozzo" ? "virtuozzo" : "nova", config.novncPage);
  const endpoints = planEndpoints(config.regions, config.interfacePaths);
  const timers = new Set<NodeJS.Timeout>();
  const flavors = new FlavorStore(config.flavors);
  const keypairs = new KeypairStore();
  const images = new ImageStore(config.images, directory.projects.admin.id);
  const networks = new NetworkStore(config.networks, { demo: directory.projects.demo.id, admin: directory.projects.admin.id });
  servers.onRemoved = (entry) => networks.releasePorts(entry.id);
  const latency = config.latency ? new LatencyModel(config.latency, (ms) => sleep(ms, timers), () => counters.tokenValidated()) : undefined;
  const seedFlavor = flavors.sorted()[0]?.id;
  const seedImage = images.first()?.id;

  const demo = directory.projects.demo;
  for (let i = 1; i <= config.servers; i++) {
    servers.add({ name: `server-${i}`, projectId: demo.id, userId: directory.users.demo.id, flavorRef: seedFlavor, imageRef: seedImage });
  }

  let identityOrigin = "";
  let computeOrigin = "";
  let imageOrigin = "";
  let networkOrigin = "";
  let catalog: CatalogEntry[] = [];
  const identity = new IdentityService({
    directory,
    tokens,
    catalog: () => catalog,
    origin: () => identityOrigin,
    tokenTtlSeconds: () => config.tokenTtlSeconds,
    tokenLifetimeSeconds: () => faults.tokenLifetimeSeconds(),
    onTokenRequest: () => counters.tokenRequest(),
    onTokenIssued: () => counters.tokenIssued(),
  });
  const compute = new ComputeService({
    config,
    servers,
    consoles,
    faults,
    flavors,
    keypairs,
    images,
    networks,
    endpoints,
    tokens,
    origin: () => computeOrigin,
    keystoneUri: () => `${identityOrigin}/`,
    consoleTarget: () => proxy?.vncTarget,
  });
  let proxy: ConsoleProxy | undefined;

  const find = (id: string): ServerEntry => {
    const entry = servers.get(id);
    if (!entry) throw new UnknownServer(id);
    return entry;
  };

  let tls: TlsSetup | undefined;
  const listeners: Listener[] = [];
  const emulator: Emulator = {
    identityUrl: "",
    computeUrl: "",
    controlUrl: "",
    consoleProxyUrl: "",
    imageUrl: "",
    networkUrl: "",
    placementUrl: "",
    env(user: EmulatorUser = "demo") {
      const u = directory.users[user];
      const env: Record<string, string> = {
        OS_AUTH_URL: emulator.identityUrl,
        OS_USERNAME: u.name,
        OS_PASSWORD: u.password,
        OS_PROJECT_NAME: u.home.name,
        OS_USER_DOMAIN_NAME: u.domain.name,
        OS_PROJECT_DOMAIN_NAME: u.home.domain.name,
        OS_REGION_NAME: config.regions[0],
      };
      if (tls) env.OS_CACERT = tls.caFile;
      return env;
    },
    createServer(spec) {
      const project = directory.projects[spec.project ?? "demo"];
      const owner = spec.project === "admin" ? directory.users.admin : directory.users.demo;
      return toRecord(
        servers.add({ name: spec.name, projectId: project.id, userId: owner.id, status: spec.status, host: spec.host, flavorRef: seedFlavor, imageRef: seedImage }),
      );
    },
    setServerStatus(id: string, status: ServerStatus) {
      servers.setStatus(find(id), status);
    },
    deleteServer(id) {
      if (!servers.remove(id)) throw new UnknownServer(id);
    },
    markDeleting(id) {
      servers.markDeleting(find(id));
    },
    listServers: () => servers.records(),
    createApplicationCredential(user, name) {
      const c = directory.createApplicationCredential(directory.users[user], name);
      return { id: c.id, name: c.name, secret: c.secret };
    },
    expireTokens: () => tokens.expireAll(),
    setFaults: (spec: FaultSpec) => faults.set(spec),
    clearFaults: () => faults.set({}),
    currentFaults: () => faults.current(),
    counters: () => counters.snapshot(),
    resetCounters: () => counters.reset(),
    isIssuedConsoleUrl: (url) => consoles.isIssued(url, (id) => servers.has(id)),
    setConsoleProxyFaults(f) {
      proxy?.setFaults(f);
      consoles.expireAll = f.tokenExpired === true;
    },
    consoleProxyFaults: () => proxy?.faults() ?? {},
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all([...listeners.splice(0).map((l) => l.close()), proxy?.close()]);
      tls?.remove();
    },
  };

  try {
    if (config.tls) tls = await makeTls(config.host);
    const identityListener = await listen(
      config.host,
      config.identityPort,
      dispatcher({ route: (call) => identity.route(call), counters, faults, failures: identityFailures, timers, latency }),
      tls?.material,
    );
    listeners.push(identityListener);
    const computeRoute = (call: IncomingCall) =>
      call.path === CONTROL_PREFIX || call.path.startsWith(`${CONTROL_PREFIX}/`) ? controlRoute(emulator, call) : compute.route(call);
    const computeListener = await listen(
      config.host,
      config.computePort,
      dispatcher({ route: computeRoute, counters, faults, failures: computeFailures, timers, latency }),
      tls?.material,
      latency && ((socket) => latency.accept(socket)),
    );
    listeners.push(computeListener);
    identityOrigin = identityListener.origin;
    computeOrigin = computeListener.origin;
    proxy = await startConsoleProxy(config.host, config.consoleProxy, (token) => consoles.check(token, (id) => servers.has(id)), tls?.material);
    consoles.useProxy(proxy.origin);
    consoles.expireAll = config.consoleProxy.faults?.tokenExpired === true;
    const keystoneUri = () => `${identityOrigin}/`;
    const serve = (route: (call: IncomingCall) => ReturnType<typeof compute.route>, port: number) =>
      listen(config.host, port, dispatcher({ route, counters, faults, failures: computeFailures, timers, latency }), tls?.material);
    const image = new ImageService({ images, tokens, origin: () => imageOrigin, keystoneUri });
    const network = new NetworkService({ networks, tokens, origin: () => networkOrigin, keystoneUri });
    const placement = new PlacementService();
    const imageListener = await serve((call) => image.route(call), config.imagePort);
    listeners.push(imageListener);
    const networkListener = await serve((call) => network.route(call), config.networkPort);
    listeners.push(networkListener);
    const placementListener = await serve((call) => placement.route(call), config.placementPort);
    listeners.push(placementListener);
    imageOrigin = imageListener.origin;
    networkOrigin = networkListener.origin;
    emulator.placementUrl = placementListener.origin;
  } catch (err) {
    await emulator.close();
    throw err;
  }
  catalog = buildCatalog(endpoints, computeOrigin, identityOrigin, [
    { type: "image", name: "glance", url: imageOrigin },
    { type: "network", name: "neutron", url: networkOrigin },
    { type: "placement", name: "placement", url: emulator.placementUrl },
  ]);
  emulator.imageUrl = imageOrigin;
  emulator.networkUrl = networkOrigin;
  emulator.identityUrl = `${identityOrigin}/v3`;
  emulator.computeUrl = `${computeOrigin}/v2.1`;
  emulator.controlUrl = `${computeOrigin}${CONTROL_PREFIX}`;
  emulator.consoleProxyUrl = proxy.origin;
  if (tls) emulator.caFile = tls.caFile;
  return emulator;
}
