import * as fs from "node:fs";
import { Testing } from "cdktf";

// cdktf's jest matchers: toHaveResource, toHaveResourceWithProperties, ...
Testing.setupJest();

// Testing.app() and Testing.fullSynth() each make a temporary outdir and never
// remove it (thousands per run); remove this file's when it ends.
const outdirs: string[] = [];
const app = Testing.app.bind(Testing);
const fullSynth = Testing.fullSynth.bind(Testing);
Testing.app = (options) => {
  const made = app(options);
  if (options?.outdir === undefined) outdirs.push(made.outdir);
  return made;
};
Testing.fullSynth = (stack) => {
  const outdir = fullSynth(stack);
  outdirs.push(outdir);
  return outdir;
};
afterAll(() => {
  for (const dir of outdirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
