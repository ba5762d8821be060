/** The osconsole provider under OpenTofu. */
import { describeFailures, describeProvider } from "./suite";
import { CLIS } from "./workdir";

jest.setTimeout(240_000);

const cli = CLIS.find((c) => c.name === "tofu")!;
describeProvider(cli);
describeFailures(cli);
