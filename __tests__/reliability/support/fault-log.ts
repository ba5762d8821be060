/**
 * Per fault: what was injected, what came out, the retries made and the wall
 * time. Each fault test file prints its table when it ends; the fault files
 * of one jest run also share their rows through a temp folder, and the last
 * of them to end prints the table of the whole run with its totals.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface FaultRow {
  readonly fault: string;
  readonly servers: number;
  readonly outcome: string;
  /** Requests the emulator counted on the faulted route. */
  readonly requests: number;
  /** Requests beyond the first of each call (emulator's count). */
  readonly retries: number;
  readonly tokenRequests: number;
  readonly wallMs: number;
}

/** The fault test files (by part name): the run's table is printed once all of them have reported. */
const FAULT_PARTS = ["consoles", "fleet"] as const;

const COLUMNS: ReadonlyArray<[keyof FaultRow, string]> = [
  ["fault", "fault"],
  ["servers", "servers"],
  ["outcome", "outcome"],
  ["requests", "requests"],
  ["retries", "retries"],
  ["tokenRequests", "token req."],
  ["wallMs", "wall ms"],
];

/** One id per jest run: workers are children of the jest process; in band, tests run in it. */
function runFolder(): string {
  const runId = process.send !== undefined ? process.ppid : process.pid;
  return path.join(os.tmpdir(), `reliability-faults-${runId}`);
}

function sum(rows: readonly FaultRow[], key: "servers" | "requests" | "retries" | "tokenRequests" | "wallMs"): number {
  return rows.reduce((n, r) => n + r[key], 0);
}

function formatTable(title: string, rows: readonly FaultRow[]): string {
  const totals: FaultRow = {
    fault: "TOTAL",
    servers: sum(rows, "servers"),
    outcome: `${rows.length} faults`,
    requests: sum(rows, "requests"),
    retries: sum(rows, "retries"),
    tokenRequests: sum(rows, "tokenRequests"),
    wallMs: sum(rows, "wallMs"),
  };
  const table = [...rows, totals].map((row) => COLUMNS.map(([key]) => String(row[key])));
  const header = COLUMNS.map(([, name]) => name);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ");
  const rule = widths.map((w) => "-".repeat(w)).join("-+-");
  return [title, line(header), rule, ...table.slice(0, -1).map(line), rule, line(table[table.length - 1])].join("\n");
}

/** True for the one caller that creates the marker (two parts may end at once). */
function claim(marker: string): boolean {
  try {
    fs.mkdirSync(marker);
    return true;
  } catch {
    return false;
  }
}

export class FaultLog {
  private readonly rows: FaultRow[] = [];

  constructor(private readonly part: string) {}

  record(row: FaultRow): void {
    this.rows.push(row);
  }

  /** This part's table, and the whole run's when this part is the last to end. */
  report(): string[] {
    const tables = [formatTable(`Fault injection (${this.part}): retries and wall time per fault`, this.rows)];
    const folder = runFolder();
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `${this.part}.json`), JSON.stringify(this.rows));
    const done = FAULT_PARTS.filter((p) => fs.existsSync(path.join(folder, `${p}.json`)));
    if (done.length === FAULT_PARTS.length && claim(path.join(folder, "printed"))) {
      const all = FAULT_PARTS.flatMap((p) => JSON.parse(fs.readFileSync(path.join(folder, `${p}.json`), "utf8")) as FaultRow[]);
      fs.rmSync(folder, { recursive: true, force: true });
      tables.push(formatTable("Fault injection, whole run: retries and wall time per fault", all));
    }
    return tables;
  }
}
