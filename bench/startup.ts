/**
 * Hook start-up: the bundled hook answering an empty fleet against `node -e 0`,
 * interleaved so both see the same machine. Start-up samples are cheap and
 * noisy, so each recorded run takes three of each.
 */
import { expectSuccess, runChild } from "./child";
import { HOOK_BUNDLE, requireBundle, ROOT } from "./paths";
import { repeat, round, summarize, type Summary } from "./stats";

const STARTUP_SAMPLES_PER_RUN = 3;

export interface StartupFigures {
  hook_ms: number;
  node_ms: number;
  delta_ms: number;
  hook: Summary;
  node: Summary;
}

export async function measureStartup(env: NodeJS.ProcessEnv, runs: number, warmup: number): Promise<StartupFigures> {
  requireBundle(HOOK_BUNDLE);
  const pairs = await repeat(warmup * STARTUP_SAMPLES_PER_RUN, runs * STARTUP_SAMPLES_PER_RUN, async () => {
    const node = expectSuccess("node -e 0", await runChild(process.execPath, ["-e", "0"], { env, cwd: ROOT }));
    const hook = expectSuccess(
      "the hook on an empty fleet",
      await runChild(process.execPath, [HOOK_BUNDLE], { stdin: JSON.stringify({ servers: "{}" }), env, cwd: ROOT }),
    );
    if (hook.stdout.trim() !== "{}") throw new Error("the hook answered an empty fleet with something other than {}");
    return { node: node.wallMs, hook: hook.wallMs };
  });
  const hook = summarize(pairs.map((p) => p.hook));
  const node = summarize(pairs.map((p) => p.node));
  return { hook_ms: hook.median, node_ms: node.median, delta_ms: round(hook.median - node.median), hook, node };
}
