/**
 * What a console probe found: the console opens (and how far the probe went),
 * or the first step that failed, by name, with the proxy's own words. Every
 * text here is one line without the console token or URL query.
 */

import type { Thumbnail } from "./framebuffer";

/** The steps a browser goes through to open a console, in order. */
export const PROBE_STEPS = ["url", "connect", "tls", "page", "websocket", "rfb"] as const;
export type ProbeStep = (typeof PROBE_STEPS)[number];

export interface Desktop {
  /** The desktop name from RFB ServerInit (Nova's fake driver on the harness: "fakevm"). */
  readonly name: string;
  readonly width: number;
  readonly height: number;
}

/** How far a successful probe went: RFB ServerInit for noVNC; the WebSocket upgrade for types whose protocol it does not speak. */
export type ProbeReach = "server-init" | "websocket";

export type ProbeOutcome =
  | {
      readonly opens: true;
      readonly reached: "server-init";
      readonly desktop: Desktop;
      /** The RFB version the server announced, e.g. "3.8". */
      readonly rfbVersion: string;
      /** When asked for: a PNG of the screen, or why there is none. */
      readonly thumbnail?: Thumbnail;
      readonly notes: readonly string[];
      readonly durationMs: number;
    }
  | {
      readonly opens: true;
      readonly reached: "websocket";
      readonly notes: readonly string[];
      readonly durationMs: number;
    }
  | {
      readonly opens: false;
      readonly step: ProbeStep;
      /** What failed, one line, including what the proxy said. */
      readonly reason: string;
      /** What to do about it. */
      readonly hint: string;
      readonly notes: readonly string[];
      readonly durationMs: number;
    };

/** Thrown inside the probe to end it at a step; turned into a failed ProbeOutcome at the top. */
export class ProbeStop extends Error {
  constructor(
    readonly step: ProbeStep,
    readonly reason: string,
    readonly hint: string,
  ) {
    super(`${step}: ${reason}`);
    this.name = "ProbeStop";
  }
}

/** One line for a person: "opens: 'fakevm' 800x600 (RFB 3.8)" or "does not open at websocket: ...". */
export function describeProbe(outcome: ProbeOutcome): string {
  if (outcome.opens && outcome.reached === "server-init") {
    const { name, width, height } = outcome.desktop;
    return `opens: "${name}" ${width}x${height} (RFB ${outcome.rfbVersion})`;
  }
  if (outcome.opens) return "opens as far as the WebSocket upgrade (the probe does not speak this console's protocol)";
  return `does not open at step ${outcome.step}: ${outcome.reason}`;
}
