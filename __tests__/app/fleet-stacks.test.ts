/**
 * Fleet files with several stacks (clouds, regions) and their state backends:
 * what each stack synthesizes (every stack also goes through the schema check
 * and the real `terraform validate -backend=false` at the end of the run), the
 * refusals naming the stack and the field, and credentials that stay in the
 * environment, never in cdk.tf.json.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { FleetStack, loadFleetFile, parseFleetDocument } from "../../lib/stacks";
import { ROOT } from "../helpers/bundles";
import { TfJson, expectSchemaValid, synthChecked } from "../helpers/checked-synth";
import { runProgram } from "../helpers/run";
import { fleetFileProblem } from "../helpers/fleet-file";
import { TempTree } from "../helpers/temp-tree";

const fleet = { name: "web", count: 1, imageName: "ubuntu", flavorName: "m1.small" };

const problemOf = (doc: unknown): string => fleetFileProblem(doc, "fleets.yaml");

function synthAll(doc: unknown): Record<string, TfJson> {
  const app = Testing.app();
  const out: Record<string, TfJson> = {};
  for (const definition of parseFleetDocument(doc, "fleets.yaml").stacks) {
    out[definition.stack] = synthChecked(new FleetStack(app, definition.stack, { definition, source: "fleets.yaml" }));
  }
  return out;
}

describe("a fleet file with several stacks", () => {
  const doc = {
    defaults: {
      openstack: { cloud: "prod" },
      backend: { pg: { connStr: "postgres://terraform@db.internal/state_{stack}?sslmode=verify-full" } },
      fleet: { imageName: "ubuntu", flavorName: "m1.small", console: { protocol: "vnc", type: "novnc", timeout: 60 } },
    },
    stacks: [
      { name: "prod-region-one", openstack: { region: "RegionOne" }, fleets: [{ name: "web-r1", count: 2 }] },
      { name: "prod-region-two", openstack: { region: "RegionTwo" }, fleets: [{ name: "web-r2", count: 1, flavorName: "m1.large", console: { timeout: 90 } }] },
      { name: "vhi", openstack: { cloud: "virtuozzo" }, backend: { s3: { bucket: "tf-state", region: "us-east-1", endpoint: "https://s3.vhi.example", usePathStyle: true, skipCredentialsValidation: true, skipRegionValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: true, skipS3Checksum: true, encrypt: true, useLockfile: true } }, fleets: [{ name: "app", count: 1, console: { profile: "virtuozzo" } }] },
    ],
  };

  it("synthesizes one stack each, defaults under each stack's own settings, the console provider minting in the stack's cloud and region", () => {
    const stacks = synthAll(doc);
    expect(Object.keys(stacks)).toEqual(["prod-region-one", "prod-region-two", "vhi"]);
    expect(stacks["prod-region-one"].provider?.openstack).toEqual([{ cloud: "prod", region: "RegionOne" }]);
    expect(stacks["prod-region-two"].provider?.openstack).toEqual([{ cloud: "prod", region: "RegionTwo" }]);
    expect(stacks.vhi.provider?.openstack).toEqual([{ cloud: "virtuozzo" }]);

    const server = (tf: TfJson) => Object.values(tf.resource!.openstack_compute_instance_v2);
    expect(server(stacks["prod-region-one"]).map((s) => [s.name, s.flavor_name])).toEqual([["web-r1-1", "m1.small"], ["web-r1-2", "m1.small"]]);
    expect(server(stacks["prod-region-two"]).map((s) => s.flavor_name)).toEqual(["m1.large"]);

    const query = (tf: TfJson) => Object.values(tf.resource!.osconsole_urls)[0];
    expect(query(stacks["prod-region-one"])).toMatchObject({ cloud: "prod", region: "RegionOne", protocol: "vnc", type: "novnc", timeout: 60 });
    expect(query(stacks["prod-region-two"])).toMatchObject({ cloud: "prod", region: "RegionTwo", timeout: 90 });
    expect(query(stacks.vhi)).toMatchObject({ cloud: "virtuozzo", profile: "virtuozzo" });
  });

  it("gives each stack its own state: a pg database by {stack} and a schema per stack by default, an s3 key per stack", () => {
    const stacks = synthAll(doc);
    expect(stacks["prod-region-one"].terraform?.backend).toEqual({ pg: { conn_str: "postgres://terraform@db.internal/state_prod-region-one?sslmode=verify-full", schema_name: "terraform_prod_region_one" } });
    expect(stacks["prod-region-two"].terraform?.backend).toEqual({ pg: { conn_str: "postgres://terraform@db.internal/state_prod-region-two?sslmode=verify-full", schema_name: "terraform_prod_region_two" } });
    expect(stacks.vhi.terraform?.backend).toEqual({
      s3: {
        bucket: "tf-state",
        key: "vhi/terraform.tfstate",
        region: "us-east-1",
        endpoints: { s3: "https://s3.vhi.example" },
        encrypt: true,
        use_lockfile: true,
        use_path_style: true,
        skip_credentials_validation: true,
        skip_region_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_s3_checksum: true,
      },
    });
  });

  it("pg without connStr leaves it to PG_CONN_STR; http fills {stack} in its addresses; local keeps cdktf's path unless given", () => {
    const stacks = synthAll({
      stacks: [
        { name: "a", backend: { pg: {} }, fleets: [fleet] }, // the only stack on PG_CONN_STR
        {
          name: "b",
          backend: { http: { address: "https://gitlab.example/api/v4/projects/7/terraform/state/{stack}", lockAddress: "https://gitlab.example/api/v4/projects/7/terraform/state/{stack}/lock", unlockAddress: "https://gitlab.example/api/v4/projects/7/terraform/state/{stack}/lock", lockMethod: "POST", unlockMethod: "DELETE", username: "deployer", retryMax: 5 } },
          fleets: [fleet],
        },
        { name: "c", backend: { local: { path: "state/{stack}.tfstate" } }, fleets: [fleet] },
        { name: "d", fleets: [fleet] },
      ],
    });
    expect(stacks.a.terraform?.backend).toEqual({ pg: { schema_name: "terraform_a" } });
    expect(stacks.b.terraform?.backend).toEqual({
      http: {
        address: "https://gitlab.example/api/v4/projects/7/terraform/state/b",
        lock_address: "https://gitlab.example/api/v4/projects/7/terraform/state/b/lock",
        unlock_address: "https://gitlab.example/api/v4/projects/7/terraform/state/b/lock",
        lock_method: "POST",
        unlock_method: "DELETE",
        username: "deployer",
        retry_max: 5,
      },
    });
    expect(stacks.c.terraform?.backend).toEqual({ local: { path: "state/c.tfstate" } });
    // No block of ours: cdktf adds its default local backend (<project>/terraform.d.tfstate) when the app synthesizes.
    expect(stacks.d.terraform?.backend).toBeUndefined();
  });

  it("the one-stack form takes a backend too", () => {
    const [only] = parseFleetDocument({ stack: "solo", backend: { pg: { schemaName: "team_{stack}" } }, fleets: [fleet] }, "f").stacks;
    expect(synthChecked(new FleetStack(Testing.app(), only.stack, { definition: only })).terraform?.backend).toEqual({ pg: { schema_name: "team_solo" } });
  });

  it.each<[string, unknown, string]>([
    ["two stacks of one name", { stacks: [{ name: "a", fleets: [fleet] }, { name: "a", fleets: [fleet] }] }, 'fleets.yaml: stacks[1] (a).name: "a" is already the name of stacks[0]; give each stack its own name'],
    [
      "two stacks with the same state key",
      { defaults: { backend: { s3: { bucket: "b", key: "shared.tfstate", region: "r" } } }, stacks: [{ name: "a", fleets: [fleet] }, { name: "b", fleets: [fleet] }] },
      "fleets.yaml: stacks[1] (b).backend: keeps the state of b where stacks[0] (a) keeps its own (s3: aws b shared.tfstate); give each stack its own path, schemaName, key or address, or put {stack} in it",
    ],
    [
      "two stacks on one http address",
      { defaults: { backend: { http: { address: "https://state.example/one" } } }, stacks: [{ name: "a", fleets: [fleet] }, { name: "b", fleets: [fleet] }] },
      "fleets.yaml: stacks[1] (b).backend: keeps the state of b where stacks[0] (a) keeps its own (http: https://state.example/one)",
    ],
    [
      "two stacks in one pg database, even in two schemas (the pg backend locks per database)",
      { defaults: { backend: { pg: { connStr: "postgres://tf@db:5432/state?sslmode=require" } } }, stacks: [{ name: "a", fleets: [fleet] }, { name: "b", fleets: [fleet] }] },
      "fleets.yaml: stacks[1] (b).backend.pg.connStr: names the database of stacks[0] (a) too, and Terraform's pg backend locks a whole database (hashicorp/terraform#22833), so the two stacks would lock each other and cannot be deployed in parallel; give each stack its own database, e.g. put {stack} in the database name of connStr",
    ],
    [
      "two stacks on PG_CONN_STR alone",
      { defaults: { backend: { pg: {} } }, stacks: [{ name: "a", fleets: [fleet] }, { name: "b", fleets: [fleet] }] },
      "fleets.yaml: stacks[1] (b).backend.pg.connStr: names the database of stacks[0] (a) too",
    ],
    ["an s3 secret key", { stacks: [{ name: "a", backend: { s3: { bucket: "b", region: "r", secretKey: "AKIA-planted-secret" } }, fleets: [fleet] }] }, "fleets.yaml: stacks[0] (a).backend.s3.secretKey: is a credential, and what the fleet file holds lands in cdk.tf.json; remove it and set AWS_SECRET_ACCESS_KEY in the environment Terraform runs in"],
    ["an s3 access key in the defaults", { defaults: { backend: { s3: { bucket: "b", region: "r", accessKey: "AKIA-planted" } } }, stacks: [{ name: "a", fleets: [fleet] }] }, "fleets.yaml: defaults.backend.s3.accessKey: is a credential, and what the fleet file holds lands in cdk.tf.json; remove it and set AWS_ACCESS_KEY_ID in the environment Terraform runs in"],
    ["an http password", { stack: "x", backend: { http: { address: "https://s", password: "planted-pass" } }, fleets: [fleet] }, "fleets.yaml: backend.http.password: is a credential, and what the fleet file holds lands in cdk.tf.json; remove it and set TF_HTTP_PASSWORD in the environment Terraform runs in"],
    ["a password in a pg URL", { stacks: [{ name: "a", backend: { pg: { connStr: "postgres://tf:planted-pass@db/state" } }, fleets: [fleet] }] }, "fleets.yaml: stacks[0] (a).backend.pg.connStr: holds a password, and what the fleet file holds lands in cdk.tf.json; remove the password from it and set PGPASSWORD"],
    ["a password in a pg keyword string", { stack: "x", backend: { pg: { connStr: "host=db dbname=state password=planted-pass" } }, fleets: [fleet] }, "fleets.yaml: backend.pg.connStr: holds a password"],
    ["two backends in one block", { stacks: [{ name: "a", backend: { pg: {}, local: {} }, fleets: [fleet] }] }, "fleets.yaml: stacks[0] (a).backend: names 2 backends (local, pg); give exactly one of local, pg, s3, http"],
    ["an empty backend", { stack: "x", backend: {}, fleets: [fleet] }, "fleets.yaml: backend: names no backend; give exactly one of local, pg, s3, http"],
    ["an unknown backend", { stacks: [{ name: "a", backend: { consul: {} }, fleets: [fleet] }] }, "fleets.yaml: stacks[0] (a).backend.consul: is not a known key"],
    ["an s3 backend without a bucket", { stacks: [{ name: "a", backend: { s3: { region: "r" } }, fleets: [fleet] }] }, "fleets.yaml: stacks[0] (a).backend.s3.bucket: is missing; add it"],
    ["stacks beside the one-stack keys", { stacks: [{ name: "a", fleets: [fleet] }], fleets: [fleet] }, "fleets.yaml: fleets: is given beside stacks; use either stacks (several stacks, with shared defaults) or the one-stack keys stack, openstack, backend and fleets"],
    ["a stack without fleets", { stacks: [{ name: "a" }] }, "fleets.yaml: stacks[0] (a).fleets: is missing; add it"],
    ["a bad field in a stack's fleet", { stacks: [{ name: "edge", fleets: [{ ...fleet, count: "2" }] }] }, 'fleets.yaml: stacks[0] (edge).fleets[0].count: expected a whole number, got string "2"'],
    ["a bad stack name", { stacks: [{ name: "1st", fleets: [fleet] }] }, 'fleets.yaml: stacks[0] (1st).name: "1st" is not a usable stack name'],
    ["no stacks", { stacks: [] }, "fleets.yaml: stacks: is empty; describe at least one stack"],
  ])("refuses %s in one line naming the stack and the field", (_what, doc, message) => {
    const got = problemOf(doc);
    expect(got.startsWith(message)).toBe(true);
    expect(got).not.toContain("\n");
    expect(got).not.toMatch(/planted/);
  });

  it("a construct's refusal names the stack too", () => {
    const definition = parseFleetDocument({ stacks: [{ name: "edge", fleets: [{ ...fleet, count: 0 }] }] }, "fleets.yaml").stacks[0];
    expect(() => new FleetStack(Testing.app(), definition.stack, { definition, source: "fleets.yaml" })).toThrow(
      /^fleets\.yaml: stacks\[0\] \(edge\): fleets\[0\]\.count: 0 is not a whole number of at least 1/,
    );
  });

  it("a fleet's own imageId or flavorId overrides a default imageName or flavorName: each pair is one choice", () => {
    const image = "6f3c2b1a-1111-4222-8333-944455556666";
    const stacks = synthAll({
      defaults: { fleet: { imageName: "ubuntu", flavorName: "m1.small" } },
      stacks: [{ name: "edge", fleets: [{ name: "own", imageId: image, flavorId: "42" }, { name: "shared" }] }],
    });
    const byName = Object.fromEntries(Object.values(stacks.edge.resource!.openstack_compute_instance_v2).map((s) => [s.name, s]));
    expect(byName["own-1"]).toMatchObject({ image_id: image, flavor_id: "42" });
    expect(byName["own-1"]).not.toHaveProperty("flavor_name");
    expect(byName["shared-1"]).toMatchObject({ image_id: expect.stringContaining("data.openstack_images_image_v2."), flavor_name: "m1.small" });
  });

  it("a fleet's image or flavor in the stack's terms, naming the stack", () => {
    const doc = { stacks: [{ name: "edge", fleets: [{ name: "web", imageId: "ubuntu", imageName: "ubuntu", flavorName: "m1.small" }] }] };
    const definition = parseFleetDocument(doc, "fleets.yaml").stacks[0];
    expect(() => new FleetStack(Testing.app(), definition.stack, { definition, source: "fleets.yaml" })).toThrow(
      "fleets.yaml: stacks[0] (edge): fleets[0].imageId/imageName: both are set; set only one of imageId or imageName",
    );
  });
});

describe("examples/two-regions-pg.yaml", () => {
  it("synthesizes two stacks whose state is in pg, with npm run synth (FLEET_FILE), credentials only from the environment", async () => {
    const tree = new TempTree();
    try {
      const secrets = { PGPASSWORD: "pg-planted-secret", AWS_SECRET_ACCESS_KEY: "aws-planted-secret", TF_HTTP_PASSWORD: "http-planted-secret", PG_CONN_STR: "postgres://tf:connstr-planted-secret@db/state" };
      const run = await runProgram(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "main.ts")], {
        cwd: tree.root,
        env: { FLEET_FILE: path.join(ROOT, "examples/two-regions-pg.yaml"), ...secrets },
        killAfterMs: 120_000,
      });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const stacksDir = path.join(tree.root, "cdktf.out", "stacks");
      expect(fs.readdirSync(stacksDir).sort()).toEqual(["prod-region-one", "prod-region-two"]);
      for (const stack of ["prod-region-one", "prod-region-two"]) {
        const text = fs.readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8");
        for (const secret of Object.values(secrets)) expect(text).not.toContain(secret.replace(/^.*:(\S+)@.*$/, "$1"));
        const tf = JSON.parse(text) as TfJson;
        expect(tf.terraform?.backend).toEqual({ pg: { conn_str: expect.not.stringContaining(":planted"), schema_name: `terraform_${stack.replace(/-/g, "_")}` } });
        expect((tf.terraform?.backend as { pg: { conn_str: string } }).pg.conn_str).toContain(`/terraform_state_${stack}?`);
        expectSchemaValid(tf);
      }
    } finally {
      tree.cleanup();
    }
    expect(loadFleetFile(path.join(ROOT, "examples/two-regions-pg.yaml")).stacks.map((s) => s.stack)).toEqual(["prod-region-one", "prod-region-two"]);
  });
});
