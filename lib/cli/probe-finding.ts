/** The console probe's outcome as the CLI reports it, in every command and format (never the URL or its token). */
import type { Desktop, ProbeOutcome, ProbeReach, ProbeStep } from "../openstack";

export interface ProbeFinding {
  readonly opens: boolean;
  /** How far it went when it opens: RFB ServerInit (noVNC) or the WebSocket upgrade (types the probe does not speak). */
  readonly reached?: ProbeReach;
  readonly desktop?: Desktop;
  /** The step that failed when it does not open. */
  readonly step?: ProbeStep;
  readonly reason?: string;
  /** What to do about it, when it does not open. */
  readonly hint?: string;
  readonly notes?: readonly string[];
  /** With thumbnails: the picture's size and the file it was written to (--thumbnails), or why there is none. */
  readonly thumbnail?: { readonly width: number; readonly height: number; readonly file?: string } | { readonly missing: string };
  readonly durationMs: number;
}

/** The finding; `file` is where the thumbnail was written, if it was. */
export function probeFinding(probe: ProbeOutcome, file?: string): ProbeFinding {
  const notes = probe.notes.length > 0 ? { notes: probe.notes } : {};
  if (probe.opens) {
    const shot = probe.reached === "server-init" ? probe.thumbnail : undefined;
    const thumbnail = shot ? { thumbnail: shot.ok ? { width: shot.width, height: shot.height, ...(file ? { file } : {}) } : { missing: shot.reason } } : {};
    return { opens: true, reached: probe.reached, ...(probe.reached === "server-init" ? { desktop: probe.desktop } : {}), ...thumbnail, ...notes, durationMs: probe.durationMs };
  }
  return { opens: false, step: probe.step, reason: probe.reason, hint: probe.hint, ...notes, durationMs: probe.durationMs };
}

/** One line: `opens: "fakevm" 800x600`, or the failed step and its reason. */
export function probeLine(finding: ProbeFinding): string {
  if (finding.opens && finding.desktop) return `opens: "${finding.desktop.name}" ${finding.desktop.width}x${finding.desktop.height}`;
  if (finding.opens) return "opens as far as the WebSocket upgrade (the probe does not speak this console's protocol)";
  return `does not open at ${finding.step}: ${finding.reason ?? ""}`;
}

/** "thumbnail: shots/web-1.png", "no thumbnail: <why>", or undefined when none was asked for. */
export function thumbnailLine(finding: ProbeFinding | undefined): string | undefined {
  const t = finding?.thumbnail;
  if (!t) return undefined;
  if ("missing" in t) return `no thumbnail: ${t.missing}`;
  return t.file ? `thumbnail: ${t.file}` : undefined;
}
