/**
 * The console probe: given a minted console URL, do what a browser does and
 * report the first step that fails, by name (connect, tls, page, websocket,
 * rfb), or that the console opens, with the desktop's name and size.
 *
 * Nova's proxy answers a bad token, a refused Origin and an unreachable VNC
 * server alike: it upgrades the WebSocket, then closes it without a byte
 * (noVNC's "code 1006"). So when that happens the probe asks twice more:
 * the same upgrade without an Origin (non-browser clients send none, and the
 * proxy skips the check then) tells a refused Origin apart; then Nova itself
 * (GET /os-console-auth-tokens, admin only) tells an unknown token from a
 * console the proxy cannot reach. A console that opens costs one handshake.
 */
import type { Dispatcher } from "undici";
import { cloudSaid } from "../errors";
import type { TlsConnectOptions } from "../http/transport";
import { StreamClosed } from "./byte-queue";
import { DEFAULT_THUMBNAIL_WIDTH, FrameProblem, captureThumbnail, type Thumbnail } from "./framebuffer";
import { ProbeStop, type ProbeOutcome, type ProbeStep } from "./outcome";
import { checkPage } from "./page";
import { rfbHandshake } from "./rfb";
import { probeTarget, type ProbeTarget } from "./target";
import { openWebSocket, type OpenedSocket } from "./websocket";

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

/** What Nova says about a console token (GET /os-console-auth-tokens/{token}). */
export type TokenVerdict =
  | { readonly known: true; readonly host?: string; readonly port?: number }
  | { readonly known: false }
  | { readonly known: "unknown"; readonly why: string };

export interface ProbeOptions {
  /** The console type the URL was minted for (novnc, spice-html5, serial, webmks). */
  readonly type: string;
  readonly tls: TlsConnectOptions;
  /** Carries the page request (the client's pool). */
  readonly dispatcher: Dispatcher;
  /** The whole probe's time limit; default 10 s. */
  readonly timeoutMs?: number;
  /** The Origin to send instead of the page's own (to check a page served from another host). */
  readonly origin?: string;
  /** Asked when the proxy closes right after the upgrade without a byte: does Nova know this token? */
  readonly checkToken?: (token: string, signal: AbortSignal) => Promise<TokenVerdict>;
  /** After ServerInit (noVNC), one framebuffer update more as a PNG this wide at most (aspect kept); default width 320. */
  readonly thumbnail?: { readonly width?: number };
}

class ProbeTimeout extends Error {
  constructor() {
    super("probe timeout");
    this.name = "ProbeTimeout";
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type OutcomeBody = DistributiveOmit<ProbeOutcome, "durationMs" | "notes">;

type Phase = "url" | "page" | "upgrade" | "version" | "handshake" | "origin-check" | "token-check";

const STEP_OF_PHASE: Record<Phase, ProbeStep> = {
  url: "url",
  page: "page",
  upgrade: "websocket",
  version: "rfb",
  handshake: "rfb",
  "origin-check": "websocket",
  "token-check": "websocket",
};

const HINT_SLOW =
  "Something accepts connections at the console URL but does not answer: check nova-novncproxy (and any load balancer in front of it), or give the probe more time (--probe-timeout).";
const HINT_TOKEN =
  "Mint a fresh URL (os-console url) and open it within the cloud's [consoleauth] token_ttl (600 s by default); behind several proxies, every proxy must use the same Nova cell database.";
const HINT_ORIGIN =
  "Nova accepts an Origin whose host is the Host the browser asked for, or one listed in [console] allowed_origins, with the scheme of novncproxy_base_url: fix the URL users open, or add the host to allowed_origins.";
const HINT_REACH =
  "The proxy host must reach the hypervisor's VNC server: check [vnc] server_listen and server_proxyclient_address on the compute host, that the guest is running, and nova-novncproxy's log for the cause.";
const HINT_CANNOT_TELL =
  "Nova's proxy closes the same way for an unknown token and for a VNC server it cannot reach; with admin credentials the probe asks Nova which (GET /os-console-auth-tokens), else read nova-novncproxy's log.";

export async function probeConsole(url: string, options: ProbeOptions): Promise<ProbeOutcome> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const notes: string[] = [];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ProbeTimeout()), timeoutMs);
  const state: { phase: Phase; received: number } = { phase: "url", received: 0 };
  const finish = (outcome: OutcomeBody): ProbeOutcome => ({ ...outcome, notes, durationMs: Date.now() - started }) as ProbeOutcome;
  try {
    const target = probeTarget(url, options.type);
    if (target.pageUrl) {
      state.phase = "page";
      notes.push(...(await checkPage(target, target.pageUrl, options.dispatcher, controller.signal)).notes);
    }
    const origin = options.origin ?? target.origin;
    state.phase = "upgrade";
    const socket = await openWebSocket(target, { origin, tls: options.tls, signal: controller.signal });
    if (target.depth === "upgrade") {
      socket.close();
      notes.push(`the probe went as far as the WebSocket upgrade with the token: it does not speak ${target.type}'s protocol, so the proxy's token check and the console behind it were not tried`);
      return finish({ opens: true, reached: "websocket" });
    }
    try {
      state.phase = "version";
      const handshake = await rfbHandshake(socket.queue, (bytes) => {
        state.phase = "handshake";
        socket.send(bytes);
      });
      const thumbnail = options.thumbnail ? await picture(socket, handshake.desktop, options.thumbnail.width ?? DEFAULT_THUMBNAIL_WIDTH, timeoutMs) : undefined;
      return finish({ opens: true, reached: "server-init", desktop: handshake.desktop, rfbVersion: handshake.version, ...(thumbnail ? { thumbnail } : {}) });
    } catch (err) {
      state.received = socket.queue.received;
      if (!(err instanceof StreamClosed) || err.received > 0) throw err;
    } finally {
      socket.close();
    }
    // Upgraded, then closed without a byte: find out which refusal it was.
    state.phase = "origin-check";
    if (await opensWithoutOrigin(target, options, controller.signal)) {
      const whose = options.origin === undefined ? ", the one a browser on this URL sends" : "";
      throw new ProbeStop("websocket", `the proxy refused the Origin ${origin}${whose} (the same token opens without an Origin)`, HINT_ORIGIN);
    }
    state.phase = "token-check";
    throw await silentCloseStop(target, options, controller.signal);
  } catch (err) {
    if (err instanceof ProbeStop) return finish({ opens: false, step: err.step, reason: err.reason, hint: err.hint });
    if (err instanceof ProbeTimeout || controller.signal.aborted) return finish({ opens: false, ...timeoutFailure(state, timeoutMs) });
    if (err instanceof StreamClosed) {
      const code = err.closeCode && err.closeCode !== 1005 && err.closeCode !== 1006 ? `, close code ${err.closeCode}${err.closeReason ? ` "${cloudSaid(err.closeReason)}"` : ""}` : "";
      return finish({ opens: false, step: "rfb", reason: `the connection closed in the middle of the RFB handshake, after ${err.received} bytes${code}`, hint: HINT_REACH });
    }
    const message = err instanceof Error ? err.message : String(err);
    return finish({ opens: false, step: STEP_OF_PHASE[state.phase], reason: `unexpected failure: ${cloudSaid(message)}`, hint: "Retry; if it persists, report it with the command you ran." });
  } finally {
    clearTimeout(timer);
  }
}

/** The screen after ServerInit; whatever goes wrong leaves the console open and the thumbnail missing, with the reason. */
async function picture(socket: OpenedSocket, desktop: { name: string; width: number; height: number }, width: number, timeoutMs: number): Promise<Thumbnail> {
  try {
    return await captureThumbnail(socket.queue, (bytes) => socket.send(bytes), desktop, width);
  } catch (err) {
    if (err instanceof FrameProblem) return { ok: false, reason: err.message };
    if (err instanceof StreamClosed) return { ok: false, reason: "the connection closed before the framebuffer update was complete" };
    if (err instanceof ProbeTimeout) {
      return { ok: false, reason: `the server answered ServerInit but sent no framebuffer update within the probe's ${Math.round(timeoutMs / 100) / 10} s` };
    }
    throw err;
  }
}

function timeoutFailure(state: { phase: Phase; received: number }, timeoutMs: number): { step: ProbeStep; reason: string; hint: string } {
  const within = `within ${Math.round(timeoutMs / 100) / 10} s`;
  switch (state.phase) {
    case "page":
      return { step: "page", reason: `the page got no answer ${within}`, hint: HINT_SLOW };
    case "upgrade":
      return { step: "websocket", reason: `the WebSocket upgrade got no answer ${within}`, hint: HINT_SLOW };
    case "version":
      return { step: "rfb", reason: `the proxy upgraded the WebSocket but sent no RFB ProtocolVersion ${within}`, hint: HINT_REACH };
    case "handshake":
      return { step: "rfb", reason: `the RFB handshake stalled: no answer ${within}`, hint: HINT_REACH };
    case "origin-check":
    case "token-check":
      return { step: "websocket", reason: `the proxy closed the WebSocket right after the upgrade without a byte, and the probe ran out of time ${within} finding out why`, hint: HINT_CANNOT_TELL };
    case "url":
      return { step: "url", reason: `no time left ${within}`, hint: HINT_SLOW };
  }
}

/** The same upgrade without an Origin: true if the proxy then starts RFB (so it was the Origin it refused). */
async function opensWithoutOrigin(target: ProbeTarget, options: ProbeOptions, signal: AbortSignal): Promise<boolean> {
  let socket: OpenedSocket | undefined;
  try {
    socket = await openWebSocket(target, { origin: undefined, tls: options.tls, signal });
    await socket.queue.read(1);
    return true;
  } catch (err) {
    if (err instanceof ProbeTimeout || signal.aborted) throw err;
    return false;
  } finally {
    socket?.close();
  }
}

async function silentCloseStop(target: ProbeTarget, options: ProbeOptions, signal: AbortSignal): Promise<ProbeStop> {
  const verdict: TokenVerdict = options.checkToken
    ? await options.checkToken(target.token, signal)
    : { known: "unknown", why: "the probe ran without a cloud connection to ask Nova" };
  const closed = "the proxy closed the WebSocket right after the upgrade without sending a byte";
  if (verdict.known === false) {
    return new ProbeStop("websocket", `${closed}, and Nova does not know the console token: it is invalid or has expired`, HINT_TOKEN);
  }
  if (verdict.known === true) {
    const where = verdict.host !== undefined ? ` at ${verdict.host}${verdict.port !== undefined ? `:${verdict.port}` : ""}` : "";
    return new ProbeStop("rfb", `the proxy accepted the WebSocket but could not reach the console's VNC server${where} (Nova knows the token; the proxy closed without sending RFB)`, HINT_REACH);
  }
  return new ProbeStop("websocket", `${closed}: the token is invalid or expired, or the proxy cannot reach the VNC server (${verdict.why})`, HINT_CANNOT_TELL);
}
