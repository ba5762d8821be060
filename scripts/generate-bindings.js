#!/usr/bin/env node
// Generates typed cdktf bindings for terraform-provider-openstack from the
// committed schema snapshot (providers/openstack/schema.json) into .gen/.
// Runs on `npm ci` (prepare), offline: no `cdktf get`, no registry call.
"use strict";
process.env.CHECKPOINT_DISABLE = "1";
// Loading @cdktf/commons runs `terraform version` (this script needs no Terraform).
// A TF_CLI_CONFIG_FILE naming a missing file makes Terraform warn on stderr, which
// cdktf's logger prints as a red [ERROR] during `npm ci`; Terraform ignores such a
// file anyway, so leaving the variable out changes nothing but the noise.
if (process.env.TF_CLI_CONFIG_FILE && !require("node:fs").existsSync(process.env.TF_CLI_CONFIG_FILE)) {
  delete process.env.TF_CLI_CONFIG_FILE;
}
const fs = require("node:fs");
const path = require("node:path");
const { CodeMaker, TerraformProviderGenerator, TerraformProviderConstraint } = require("@cdktf/provider-generator");
const { ConstructsMakerProviderTarget, LANGUAGES } = require("@cdktf/commons");

const root = path.resolve(__dirname, "..");
const provider = JSON.parse(fs.readFileSync(path.join(root, "providers/openstack/provider.json"), "utf8"));
const schemaPath = path.join(root, "providers/openstack/schema.json");
const outDir = path.join(root, ".gen");

async function main() {
  const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  // The constraint is what the generated provider writes into required_providers.
  const constraint = new TerraformProviderConstraint(`${provider.source}@${provider.constraint}`);
  generator.generate(new ConstructsMakerProviderTarget(constraint, LANGUAGES[0]));
  fs.rmSync(path.join(outDir, "providers/openstack"), { recursive: true, force: true });
  await code.save(outDir);
  const count = fs.readdirSync(path.join(outDir, "providers/openstack")).length;
  console.log(`generated OpenStack bindings (${provider.source} ${provider.constraint}, ${count} entries) into .gen/providers/openstack`);
}

main().catch((err) => {
  console.error(`generate-bindings: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
