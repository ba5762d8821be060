/** The JSON `--out` receives: every figure of the run, the machine, and the targets' verdicts. */
import type { MachineInfo } from "./machine";
import type { Figures, TargetResult } from "./targets";

export interface BenchSettings {
  runs: number;
  warmup: number;
  client_concurrency: number;
  terraform_parallelism: number;
  per_process_cap: number;
}

export interface BenchResults extends Figures {
  machine: MachineInfo;
  settings: BenchSettings;
  targets: TargetResult[];
  total_seconds: number;
}
