/**
 * The app `cdktf synth` runs: builds the stacks a fleet file describes (one,
 * or several with `stacks:`). FLEET_FILE names the file (YAML or JSON);
 * default ./fleet.yaml.
 */
import { App } from "cdktf";
import { FleetStack, loadFleetFile } from "./lib/stacks";

const file = process.env.FLEET_FILE || "fleet.yaml";

try {
  const app = new App();
  for (const definition of loadFleetFile(file).stacks) {
    new FleetStack(app, definition.stack, { definition, source: file });
  }
  app.synth();
} catch (err) {
  // One line naming the field and the fix, never a stack trace.
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
