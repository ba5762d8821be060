/**
 * The Terraform tools a test runs: the project's (.tools/env.sh) or a CLI
 * config with a provider mirror from the environment (TF_CLI_CONFIG_FILE), as
 * CI has no registry. Without them the suite fails saying how to get them: it
 * never skips.
 */
import { findTerraform, type TerraformTools } from "../../../scripts/terraform-cli";

export type { TerraformTools } from "../../../scripts/terraform-cli";

export function terraformTools(): TerraformTools {
  const tools = findTerraform();
  if (!tools || tools.kind === "user") {
    throw new Error(
      "no offline Terraform tools: run `npm run terraform:tools` (builds terraform and the providers into .tools/), or set TF_CLI_CONFIG_FILE to a CLI config with a provider mirror and put terraform on PATH",
    );
  }
  return tools;
}
