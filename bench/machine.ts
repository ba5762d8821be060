/** What the figures were measured on, so runs on different machines can be compared. */
import * as fs from "node:fs";
import * as os from "node:os";

export interface MachineInfo {
  cpu_model: string;
  cores: number;
  memory_gb: number;
  node: string;
  platform: string;
  date: string;
  /** 1-minute load averages when the run started and ended: other work on a shared machine moves every figure. */
  load_average_start: number;
  load_average_end: number;
}

export function loadAverage(): number {
  return Math.round(os.loadavg()[0] * 100) / 100;
}

export function machineInfo(loadAtStart: number): MachineInfo {
  return {
    cpu_model: cpuModel(),
    cores: os.availableParallelism(),
    memory_gb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    load_average_start: loadAtStart,
    load_average_end: loadAverage(),
  };
}

function cpuModel(): string {
  try {
    const line = fs.readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("model name"));
    if (line) return line.split(":").slice(1).join(":").trim();
  } catch {
    // Not Linux: fall through to what Node knows.
  }
  return os.cpus()[0]?.model ?? "unknown";
}
