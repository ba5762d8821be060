/**
 * `npm run emulator -- --port 5000 --servers 20 --profile virtuozzo`:
 * starts the emulator, prints the `export OS_...=...` lines a client needs,
 * and serves until SIGINT or SIGTERM. Bad input gets one line and exit 2.
 */
import { banner, parseCommand, startRefusal } from "./command";
import { startEmulator } from "./index";

function refuse(message: string): never {
  process.stderr.write(`emulator: ${message}\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const parsed = parseCommand(argv);
  if (parsed.kind === "exit") process.exit(parsed.code);
  if (parsed.kind === "refuse") refuse(parsed.message);
  let emulator;
  try {
    emulator = await startEmulator(parsed.options);
  } catch (err) {
    const refusal = startRefusal(err, parsed.options);
    if (refusal) refuse(refusal);
    throw err;
  }
  process.stdout.write(banner(emulator, parsed.user));
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
