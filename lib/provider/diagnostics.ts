/**
 * Diagnostics as the protocol carries them: summary = the problem, detail =
 * the fix, and the attribute path when one attribute is at fault, so
 * Terraform points at the line in the configuration.
 */
export type PathStep = { attribute_name: string } | { element_key_string: string };

export interface Diagnostic {
  severity: "ERROR" | "WARNING";
  summary: string;
  detail: string;
  attribute?: { steps: PathStep[] };
}

export function attributePath(name: string, key?: string): { steps: PathStep[] } {
  return { steps: key === undefined ? [{ attribute_name: name }] : [{ attribute_name: name }, { element_key_string: key }] };
}

/** A contract's fix ("give an absolute path") as a diagnostic's detail: a sentence. */
export function asDetail(fix: string): string {
  return `${fix.charAt(0).toUpperCase()}${fix.slice(1)}.`;
}

export function error(summary: string, detail: string, attribute?: { steps: PathStep[] }): Diagnostic {
  return { severity: "ERROR", summary, detail, ...(attribute ? { attribute } : {}) };
}

export function warning(summary: string, detail: string): Diagnostic {
  return { severity: "WARNING", summary, detail };
}

/** Thrown inside an RPC handler: answered as these diagnostics. */
export class DiagnosticsError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.summary).join("; "));
  }
}
