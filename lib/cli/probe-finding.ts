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
  readonly durationMs: number;
}

export function probeFinding(probe: ProbeOutcome): ProbeFinding {
  const notes = probe.notes.length > 0 ? { notes: probe.notes } : {};
  if (probe.opens) {
    return { opens: true, reached: probe.reached, ...(probe.reached === "server-init" ? { desktop: probe.desktop } : {}), ...notes, durationMs: probe.durationMs };
  }
  return { opens: false, step: probe.step, reason: probe.reason, hint: probe.hint, ...notes, durationMs: probe.durationMs };
}

/** One line: `opens: "fakevm" 800x600`, or the failed step and its reason. */
export function probeLine(finding: ProbeFinding): string {
  if (finding.opens && finding.desktop) return `opens: "${finding.desktop.name}" ${finding.desktop.width}x${finding.desktop.height}`;
  if (finding.opens) return "opens as far as the WebSocket upgrade (the probe does not speak this console's protocol)";
  return `does not open at ${finding.step}: ${finding.reason ?? ""}`;
}
