/** The osconsole provider under Terraform 1.11 (the CLI this project's stacks are deployed with). */
import { describeFailures, describeProvider } from "./suite";
import { CLIS } from "./workdir";

jest.setTimeout(240_000);

const cli = CLIS.find((c) => c.name === "terraform")!;
describeProvider(cli);
describeFailures(cli);
