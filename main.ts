/**
 * The app `cdktf synth` runs: builds the stack a fleet file describes.
 * FLEET_FILE names the file (YAML or JSON); default ./fleet.yaml.
 */
import { App } from "cdktf";
import { FleetStack, loadFleetFile } from "./lib/stacks";

const file = process.env.FLEET_FILE || "fleet.yaml";

try {
  const app = new App();
  const definition = loadFleetFile(file);
  new FleetStack(app, definition.stack, { definition, source: file });
  app.synth();
} catch (err) {
  // One line naming the field and the fix, never a stack trace.
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
