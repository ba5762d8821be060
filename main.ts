/**
 * The app `cdktf synth` runs: builds the stacks a fleet file describes (one,
 * or several with `stacks:`). FLEET_FILE names the file (YAML or JSON);
 * default ./fleet.yaml. CONSOLE_MODE sets the console mode of fleets whose
 * `console.mode` names none (resource, ephemeral or data-source; default
 * resource): data-source on Windows, where the provider cannot run.
 */
import { App } from "cdktf";
import { CONSOLE_MODES } from "./lib/constructs";
import { FleetStack, loadFleetFile } from "./lib/stacks";

const file = process.env.FLEET_FILE || "fleet.yaml";
const mode = process.env.CONSOLE_MODE || undefined;

try {
  if (mode !== undefined && !(CONSOLE_MODES as readonly string[]).includes(mode)) {
    throw new Error(`CONSOLE_MODE: ${JSON.stringify(mode)} is not a console mode; use one of ${CONSOLE_MODES.join(", ")}, or unset it`);
  }
  const app = new App();
  for (const definition of loadFleetFile(file).stacks) {
    new FleetStack(app, definition.stack, { definition, source: file, consoleMode: mode });
  }
  app.synth();
} catch (err) {
  // One line naming the field and the fix, never a stack trace.
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
