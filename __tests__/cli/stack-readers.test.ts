/** The stack readers: Terraform state v4, `terraform show -json`, cdktf outputs files, and where they are found. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../../lib/cli/errors";
import { defaultStatePath, readStackServers, serversFromOutputs, serversFromShowJson, serversFromState } from "../../lib/cli/stack-source";
import { ID1, ID2, ID3, stateDocument } from "./helpers/fixtures";

describe("Terraform state v4", () => {
  test("reads managed servers with their names, index keys and addresses; skips data sources, deposed objects and other types", () => {
    expect(serversFromState(stateDocument(), "s.tfstate")).toEqual([
      { name: "web", id: ID1, address: "openstack_compute_instance_v2.fleet_web_4F2A1B3C" },
      { name: "worker-0", id: ID2, address: "openstack_compute_instance_v2.workers[0]" },
      { name: "openstack_compute_instance_v2.workers[1]", id: ID3, address: "openstack_compute_instance_v2.workers[1]" },
    ]);
  });

  test("for_each keys and modules appear in the address", () => {
    const doc = {
      version: 4,
      resources: [
        { module: "module.app", mode: "managed", type: "openstack_compute_instance_v2", name: "vm", instances: [{ index_key: "blue", attributes: { id: ID1, name: "blue" } }] },
      ],
    };
    expect(serversFromState(doc, "s")).toEqual([{ name: "blue", id: ID1, address: 'module.app.openstack_compute_instance_v2.vm["blue"]' }]);
  });

  test("refuses other state versions with the version named", () => {
    expect(() => serversFromState({ version: 3, resources: [] }, "old.tfstate")).toThrow(/old.tfstate: state format version 3 is not supported/);
  });
});

describe("terraform show -json", () => {
  test("reads the root module and nested child modules", () => {
    const doc = {
      format_version: "1.0",
      terraform_version: "1.9.8",
      values: {
        outputs: {},
        root_module: {
          resources: [
            { address: "openstack_compute_instance_v2.web", mode: "managed", type: "openstack_compute_instance_v2", name: "web", values: { id: ID1, name: "web" } },
            { address: "data.external.c", mode: "data", type: "external", name: "c", values: { id: "-" } },
          ],
          child_modules: [
            {
              address: "module.app",
              resources: [{ address: "module.app.openstack_compute_instance_v2.vm[0]", mode: "managed", type: "openstack_compute_instance_v2", name: "vm", index: 0, values: { id: ID2, name: "app-0" } }],
              child_modules: [{ address: "module.app.module.db", resources: [{ address: "module.app.module.db.openstack_compute_instance_v2.db", mode: "managed", type: "openstack_compute_instance_v2", name: "db", values: { id: ID3, name: "db" } }] }],
            },
          ],
        },
      },
    };
    expect(serversFromShowJson(doc, "show.json")).toEqual([
      { name: "web", id: ID1, address: "openstack_compute_instance_v2.web" },
      { name: "app-0", id: ID2, address: "module.app.openstack_compute_instance_v2.vm[0]" },
      { name: "db", id: ID3, address: "module.app.module.db.openstack_compute_instance_v2.db" },
    ]);
  });

  test("an empty state and a plan are told apart", () => {
    expect(() => serversFromShowJson({ format_version: "1.0" }, "e.json")).toThrow(/an empty state/);
    expect(() => serversFromShowJson({ format_version: "1.2", planned_values: {} }, "p.json")).toThrow(/a plan, not a state/);
  });
});

describe("cdktf outputs file", () => {
  const doc = {
    prod: { fleet: { server_ids: { "web-1": ID1, "web-2": ID2 }, console_urls: { "web-1": "http://stale" } } },
    staging: { serverIds: { "web-1": ID3 } },
  };

  test("reads server_ids maps at any depth, keyed by server name", () => {
    expect(serversFromOutputs(doc, "out.json", undefined)).toEqual([
      { name: "web-1", id: ID1, address: "prod.fleet.server_ids.web-1" },
      { name: "web-2", id: ID2, address: "prod.fleet.server_ids.web-2" },
      { name: "web-1", id: ID3, address: "staging.serverIds.web-1" },
    ]);
  });

  test("without server_ids, the names of console_urls (URLs unread); with neither, an error naming the fix", () => {
    const urlsOnly = { prod: { "console-outputs": { console_urls: { "web-1": "http://stale", "db-1": "http://stale" }, console_url_web_1: "http://stale" } } };
    expect(serversFromOutputs(urlsOnly, "out.json", "prod")).toEqual([
      { name: "web-1", address: "prod.console-outputs.console_urls.web-1" },
      { name: "db-1", address: "prod.console-outputs.console_urls.db-1" },
    ]);
    // Written without --outputs-file-include-sensitive-outputs: cdktf leaves sensitive outputs out.
    expect(() => serversFromOutputs({ prod: { "console-outputs": {} } }, "out.json", "prod")).toThrow(
      /out.json has no server_ids or console_urls output for stack "prod"\. Write it with `cdktf deploy --outputs-file out.json --outputs-file-include-sensitive-outputs`/,
    );
  });

  test("--stack picks one stack, and an unknown one names those present", () => {
    expect(serversFromOutputs(doc, "out.json", "staging")).toEqual([{ name: "web-1", id: ID3, address: "staging.serverIds.web-1" }]);
    expect(() => serversFromOutputs(doc, "out.json", "qa")).toThrow(/no outputs for stack "qa" \(it has prod, staging\)/);
  });
});

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a throw");
}

describe("finding and reading the state", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "os-console-stack-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const noStdin = (): string => {
    throw new Error("stdin not expected");
  };

  /** A synthesized stack as cdktf writes it: its local backend names the state file. */
  const synthesized = (stack: string, backend: unknown, out = "cdktf.out"): void => {
    mkdirSync(join(dir, out, "stacks", stack), { recursive: true });
    writeFileSync(join(dir, out, "stacks", stack, "cdk.tf.json"), JSON.stringify({ terraform: { backend } }));
  };

  test("the only stack's local state is the default, where its backend block says (cdktf: <project>/terraform.<stack>.tfstate); several stacks need --stack", () => {
    synthesized("prod", { local: { path: join(dir, "terraform.prod.tfstate") } });
    writeFileSync(join(dir, "terraform.prod.tfstate"), JSON.stringify(stateDocument()));
    expect(readStackServers({}, dir, noStdin).servers).toHaveLength(3);
    synthesized("dev", { local: { path: join(dir, "terraform.dev.tfstate") } });
    expect(() => defaultStatePath(dir, undefined)).toThrow(/2 cdktf stacks under cdktf.out\/stacks \(dev, prod\).*--stack/);
    expect(readStackServers({ stack: "prod" }, dir, noStdin).source).toBe("terraform.prod.tfstate");
  });

  test("a relative local path is the stack directory's; no path is Terraform's terraform.tfstate there; no synthesized stack is cdktf's default", () => {
    synthesized("a", { local: { path: "state/a.tfstate" } });
    expect(defaultStatePath(dir, "a")).toBe("cdktf.out/stacks/a/state/a.tfstate");
    synthesized("b", { local: {} });
    expect(defaultStatePath(dir, "b")).toBe("cdktf.out/stacks/b/terraform.tfstate");
    expect(defaultStatePath(dir, "never-synthesized")).toBe("terraform.never-synthesized.tfstate");
  });

  test("a remote backend has no file to read: say how to get the state", () => {
    synthesized("shared", { pg: { conn_str: "postgres://db/terraform", schema_name: "shared" } });
    expect(() => defaultStatePath(dir, "shared")).toThrow(/stack shared keeps its state in the "pg" backend.*terraform show -json > state.json. in cdktf.out\/stacks\/shared/);
  });

  test("--stack with a remote backend reads the state through `terraform show -json` in the stack's directory", () => {
    synthesized("shared", { pg: { schema_name: "shared" } });
    expect(() => readStackServers({ stack: "shared" }, dir, noStdin)).toThrow(
      /stack shared keeps its state in the "pg" backend, and cdktf.out\/stacks\/shared is not initialized\. Run `cdktf deploy shared`/,
    );
    mkdirSync(join(dir, "cdktf.out/stacks/shared/.terraform"));
    // A stand-in CLI (cdktf's TERRAFORM_BINARY_NAME): prints a show -json document, or fails as Terraform does.
    const fake = join(dir, "fake-terraform");
    const show = { format_version: "1.0", values: { root_module: { resources: [{ address: "openstack_compute_instance_v2.a", mode: "managed", type: "openstack_compute_instance_v2", name: "a", values: { id: "11111111-2222-4333-8444-555555555555", name: "web-1" } }] } } };
    writeFileSync(fake, `#!/bin/sh\n[ "$1 $2" = "show -json" ] || exit 3\n[ -n "$FAIL" ] && { echo "Error: failed to connect to postgres://tf:hunter2@db/state: refused" >&2; exit 1; }\necho '${JSON.stringify(show)}'\n`, { mode: 0o755 });
    const before = process.env.TERRAFORM_BINARY_NAME;
    process.env.TERRAFORM_BINARY_NAME = fake;
    try {
      expect(readStackServers({ stack: "shared" }, dir, noStdin)).toEqual({
        source: 'the pg backend of stack shared',
        servers: [{ name: "web-1", id: "11111111-2222-4333-8444-555555555555", address: "openstack_compute_instance_v2.a" }],
      });
      process.env.FAIL = "1";
      const message = thrown(() => readStackServers({ stack: "shared" }, dir, noStdin)).message;
      expect(message).toMatch(/show -json in cdktf.out\/stacks\/shared failed: Error: failed to connect to postgres:\/\/\*\*\*@db\/state: refused/);
      expect(message).not.toContain("hunter2");
    } finally {
      delete process.env.FAIL;
      if (before === undefined) delete process.env.TERRAFORM_BINARY_NAME;
      else process.env.TERRAFORM_BINARY_NAME = before;
    }
  });

  test("cdktf.json's output directory is honoured", () => {
    writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", output: "build" }));
    synthesized("a", { local: { path: "terraform.a.tfstate" } }, "build");
    expect(defaultStatePath(dir, "a")).toBe("build/stacks/a/terraform.a.tfstate");
  });

  test("read failures are UsageErrors naming the file and the fix, never quoting its content", () => {
    const missing = (): unknown => readStackServers({ state: "nope.tfstate" }, dir, noStdin);
    expect(missing).toThrow(UsageError);
    expect(missing).toThrow(/cannot read state file nope.tfstate: it does not exist.*terraform show -json/);
    writeFileSync(join(dir, "bad.tfstate"), '{"version": 4, "password": "hunter2-secret" ');
    expect(() => readStackServers({ state: "bad.tfstate" }, dir, noStdin)).toThrow(/^state file bad.tfstate is not valid JSON\./);
    expect(thrown(() => readStackServers({ state: "bad.tfstate" }, dir, noStdin)).message).not.toContain("hunter2");
    writeFileSync(join(dir, "empty.tfstate"), JSON.stringify({ version: 4, resources: [] }));
    expect(() => readStackServers({ state: "empty.tfstate" }, dir, noStdin)).toThrow(/holds no openstack_compute_instance_v2 servers/);
    expect(() => readStackServers({}, dir, noStdin)).toThrow(/no cdktf stacks/);
  });

  test('"-" reads the document from stdin', () => {
    expect(readStackServers({ state: "-" }, dir, () => JSON.stringify(stateDocument())).servers[0].id).toBe(ID1);
  });
});
