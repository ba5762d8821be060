import { OpenStackServer, ServerFlavor, ServerImage } from "../../../lib/constructs";
import { ProblemKind, ProviderSchema, SchemaProblem, checkStack, loadProviderSchemas } from "..";
import { providerStack } from "../../../__tests__/helpers/checked-synth";
import { Testing } from "cdktf";

const IMAGE = "6f3c2b1a-1111-4222-8333-944455556666";
const SERVER = "resource.openstack_compute_instance_v2.web";

/**
 * A small valid stack in cdk.tf.json form; each test breaks one thing by
 * reaching into it. Untyped on purpose: the tests write what no type allows.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function stack(): Json {
  return {
    "//": { metadata: { version: "0.21.0" } },
    terraform: {
      required_providers: {
        openstack: { source: "terraform-provider-openstack/openstack", version: "~> 3.4" },
        external: { source: "external", version: "2.3.5" },
      },
    },
    provider: { openstack: [{ cloud: "prod", region: "RegionOne" }], external: [{}] },
    resource: {
      openstack_compute_instance_v2: {
        web: {
          "//": { metadata: { path: "s/web" } },
          name: "web-1",
          image_id: IMAGE,
          flavor_name: "m1.small",
          network: [{ name: "private", access_network: true }],
          block_device: [{ source_type: "image", uuid: IMAGE, destination_type: "volume", volume_size: 20, boot_index: 0 }],
          metadata: { role: "web" },
          tags: ["web"],
          timeouts: { create: "10m" },
        },
      },
      terraform_data: { marker: { input: "anything" } },
    },
    data: {
      external: { console: { program: ["node", "assets/hook.js"], query: { servers: "${jsonencode({})}", protocol: "vnc" } } },
      openstack_images_image_v2: { ubuntu: { name: "ubuntu", most_recent: true } },
    },
    output: { anything: { value: { nested: [1, 2] } } },
    // What the tests' expressions refer to: Terraform refuses undeclared references.
    variable: Object.fromEntries(["access", "cd", "n", "net", "nets", "size", "t", "tags", "x"].map((v) => [v, {}])),
    locals: { metadata: {} },
  };
}

function only(problems: SchemaProblem[]): SchemaProblem {
  expect(problems).toHaveLength(1);
  return problems[0];
}

const expectProblem = (tf: unknown, kind: ProblemKind, path: string, message?: RegExp): void => {
  const p = only(checkStack(tf));
  expect(p.kind).toBe(kind);
  expect(p.path).toBe(path);
  if (message) expect(p.message).toMatch(message);
};

describe("schema check accepts", () => {
  it("a valid stack", () => {
    expect(checkStack(stack())).toEqual([]);
  });

  it("Terraform's conversions: numbers and bools as strings and back", () => {
    const tf = stack();
    Object.assign(tf.resource.openstack_compute_instance_v2.web, { config_drive: "true", name: 42 });
    tf.resource.openstack_compute_instance_v2.web.block_device[0].volume_size = "20";
    expect(checkStack(tf)).toEqual([]);
  });

  it("whole ${...} expressions for any type, templates for strings", () => {
    const tf = stack();
    Object.assign(tf.resource.openstack_compute_instance_v2.web, {
      tags: "${var.tags}",
      metadata: "${local.metadata}",
      config_drive: "${var.cd}",
      flavor_name: "m1-${var.size}",
      network: [{ name: "${var.net}", access_network: "${var.access}" }],
    });
    tf.resource.openstack_compute_instance_v2.web.block_device[0].volume_size = "${var.size * 2}";
    expect(checkStack(tf)).toEqual([]);
  });

  it("meta-arguments, dynamic blocks and builtin types", () => {
    const tf = stack();
    Object.assign(tf.resource.openstack_compute_instance_v2.web, {
      depends_on: ["data.external.console"],
      count: 2,
      provider: "openstack.west",
      lifecycle: { create_before_destroy: true, ignore_changes: ["tags"] },
      dynamic: { network: { for_each: "${var.nets}", content: { name: "${network.value}" } } },
    });
    delete tf.resource.openstack_compute_instance_v2.web.network;
    tf.data.external.console.for_each = "${var.x}";
    tf.provider.openstack.push({ alias: "west", region: "RegionTwo" });
    expect(checkStack(tf)).toEqual([]);
  });
});

describe("schema check catches", () => {
  it("a misspelt attribute, suggesting the right one", () => {
    const tf = stack();
    tf.resource.openstack_compute_instance_v2.web.flavour_name = "m1.small";
    expectProblem(tf, "unknown-attribute", `${SERVER}.flavour_name`, /no attribute named "flavour_name" here; did you mean "flavor_name"\?/);
  });

  it("a misspelt attribute inside a block", () => {
    const tf = stack();
    tf.resource.openstack_compute_instance_v2.web.network[0].nmae = "x";
    expectProblem(tf, "unknown-attribute", `${SERVER}.network[0].nmae`, /did you mean "name"/);
  });

  it("an unknown block", () => {
    const tf = stack();
    tf.resource.openstack_compute_instance_v2.web.networks = [{ name: "x" }];
    expectProblem(tf, "unknown-block", `${SERVER}.networks`, /no block type named "networks"; did you mean "network"|did you mean "network"/);
  });

  it("a missing required attribute (resource, nested block, data source)", () => {
    const tf = stack();
    delete tf.resource.openstack_compute_instance_v2.web.name;
    expectProblem(tf, "missing-required", `${SERVER}.name`, /the required attribute "name" is not set/);
    const nested = stack();
    delete nested.resource.openstack_compute_instance_v2.web.block_device[0].source_type;
    expectProblem(nested, "missing-required", `${SERVER}.block_device[0].source_type`);
    const data = stack();
    delete data.data.external.console.program;
    expectProblem(data, "missing-required", "data.external.console.program");
  });

  it("a missing required block", () => {
    const tf = stack();
    tf.resource.openstack_db_instance_v1 = { db: { name: "db", size: 10 } };
    expectProblem(tf, "missing-required", "resource.openstack_db_instance_v1.db.datastore", /at least 1 "datastore" block/);
  });

  it.each<[string, (tf: Json) => void, string, RegExp]>([
    ["a word for a number", (tf) => (tf.resource.openstack_compute_instance_v2.web.block_device[0].volume_size = "ten"), `${SERVER}.block_device[0].volume_size`, /expected number, got string "ten"/],
    ["a word for a bool", (tf) => (tf.resource.openstack_compute_instance_v2.web.network[0].access_network = "yes"), `${SERVER}.network[0].access_network`, /expected bool/],
    ["a string for a set", (tf) => (tf.resource.openstack_compute_instance_v2.web.tags = "web"), `${SERVER}.tags`, /expected set\(string\), got string "web"/],
    ["a template for a set", (tf) => (tf.resource.openstack_compute_instance_v2.web.tags = "web-${var.x}"), `${SERVER}.tags`, /a template with text around/],
    ["a list for a string", (tf) => (tf.resource.openstack_compute_instance_v2.web.flavor_name = ["m1"]), `${SERVER}.flavor_name`, /expected string, got a list/],
    ["an object in a map of strings", (tf) => (tf.resource.openstack_compute_instance_v2.web.metadata = { role: { a: 1 } }), `${SERVER}.metadata.role`, /expected string, got an object/],
    ["a number in a list of strings", (tf) => (tf.data.external.console.program = ["node", {}]), "data.external.console.program[1]", /expected string/],
    ["a list for a map", (tf) => (tf.data.external.console.query = ["a"]), "data.external.console.query", /expected map\(string\), got a list/],
  ])("a wrong type: %s", (_what, breakIt, path, message) => {
    const tf = stack();
    breakIt(tf);
    expectProblem(tf, "wrong-type", path, message);
  });

  it("an attribute written as a block", () => {
    const tf = stack();
    tf.resource.openstack_compute_instance_v2.web.metadata = [{ role: "web" }];
    expectProblem(tf, "attribute-as-block", `${SERVER}.metadata`, /"metadata" is an attribute of type map\(string\), not a block/);
    const scalar = stack();
    scalar.resource.openstack_compute_instance_v2.web.flavor_name = { name: "m1" };
    expectProblem(scalar, "attribute-as-block", `${SERVER}.flavor_name`);
  });

  it("a block written as an attribute", () => {
    const tf = stack();
    tf.resource.openstack_compute_instance_v2.web.network = "private";
    expectProblem(tf, "block-as-attribute", `${SERVER}.network`, /"network" is a block, not an attribute/);
    const expr = stack();
    expr.resource.openstack_compute_instance_v2.web.timeouts = "${var.t}";
    expectProblem(expr, "block-as-attribute", `${SERVER}.timeouts`);
    const items = stack();
    items.resource.openstack_compute_instance_v2.web.network = ["private"];
    expectProblem(items, "block-as-attribute", `${SERVER}.network[0]`);
  });

  it("a computed-only attribute set", () => {
    const tf = stack();
    tf.resource.openstack_compute_instance_v2.web.access_ip_v4 = "10.0.0.1";
    expectProblem(tf, "computed-only", `${SERVER}.access_ip_v4`, /computed by the provider and cannot be set/);
    const data = stack();
    data.data.external.console.result = {};
    expectProblem(data, "computed-only", "data.external.console.result");
  });

  it("too many blocks for the nesting mode (single, set with max_items 1)", () => {
    const tf = stack();
    tf.resource.openstack_compute_instance_v2.web.timeouts = [{ create: "1m" }, { create: "2m" }];
    expectProblem(tf, "too-many-blocks", `${SERVER}.timeouts`, /at most 1/);
    const set = stack();
    set.resource.openstack_compute_instance_v2.web.vendor_options = [{ ignore_resize_confirmation: true }, { detach_ports_before_destroy: true }];
    expectProblem(set, "too-many-blocks", `${SERVER}.vendor_options`);
  });

  it("too few blocks and map nesting (on a schema that has them)", () => {
    const schema: ProviderSchema = {
      provider: { block: {} },
      resource_schemas: {
        demo_thing: {
          block: {
            block_types: {
              pair: { nesting_mode: "list", min_items: 2, block: { attributes: { v: { type: "number", required: true } } } },
              rule: { nesting_mode: "map", block: { attributes: { port: { type: "number", optional: true } } } },
            },
          },
        },
      },
    };
    const schemas = new Map([["registry.terraform.io/hashicorp/demo", schema]]);
    const few = { resource: { demo_thing: { t: { pair: [{ v: 1 }], rule: { http: { port: 80 } } } } } };
    expect(checkStack(few, schemas).map((p) => [p.kind, p.path])).toEqual([["too-few-blocks", "resource.demo_thing.t.pair"]]);
    const badMap = { resource: { demo_thing: { t: { pair: [{ v: 1 }, { v: 2 }], rule: { http: { prot: 80 } } } } } };
    expect(checkStack(badMap, schemas).map((p) => [p.kind, p.path])).toEqual([["unknown-attribute", "resource.demo_thing.t.rule.http.prot"]]);
  });

  it("an unknown resource type and data source, suggesting the right one", () => {
    const tf = stack();
    tf.resource.openstack_compute_instance_v3 = { x: { name: "x" } };
    expectProblem(tf, "unknown-resource-type", "resource.openstack_compute_instance_v3.x", /did you mean "openstack_compute_instance_v2"/);
    const data = stack();
    data.data.openstack_images_image_v3 = { x: {} };
    expectProblem(data, "unknown-data-source", "data.openstack_images_image_v3.x", /did you mean "openstack_images_image_v2"/);
  });

  it("ephemeral blocks against the provider's ephemeral resources: a wrong type, a misspelt or computed argument", () => {
    const tf: Json = {
      terraform: { required_providers: { osconsole: { source: "openstack-console.invalid/cdktf/osconsole", version: "0.1.0" } } },
      provider: { osconsole: [{}] },
      ephemeral: { osconsole_urls: { ok: { servers: { a: "2adc7bdc-0dbd-49ea-85a9-fe63084c178a" }, timeout: 30 } } },
    };
    expect(checkStack(tf)).toEqual([]);
    // Their references are checked as every section's are.
    tf.ephemeral = { osconsole_urls: { ok: { servers: { a: "${openstack_compute_instance_v2.web.id}" } } } };
    expect(checkStack(tf).map((p) => [p.kind, p.path])).toEqual([["undeclared-reference", "ephemeral.osconsole_urls.ok.servers.a"]]);
    tf.ephemeral = { osconsole_url: { x: { servers: {} } } };
    expect(checkStack(tf).map((p) => [p.kind, p.path, p.message])).toEqual([
      ["unknown-ephemeral-resource", "ephemeral.osconsole_url.x", 'the provider has no ephemeral resource "osconsole_url"; did you mean "osconsole_urls"?'],
    ]);
    tf.ephemeral = { osconsole_urls: { x: { servers: {}, timeuot: 3, urls: {} } } };
    expect(checkStack(tf).map((p) => [p.kind, p.path])).toEqual([
      ["unknown-attribute", "ephemeral.osconsole_urls.x.timeuot"],
      ["computed-only", "ephemeral.osconsole_urls.x.urls"],
    ]);
  });

  it("a provider with no committed schema", () => {
    const tf = stack();
    tf.terraform.required_providers.aws = { source: "hashicorp/aws" };
    tf.resource.aws_instance = { a: { ami: "x" }, b: { ami: "y" } };
    expectProblem(tf, "unknown-provider", "resource.aws_instance.a", /no committed schema for provider "aws" \(registry.terraform.io\/hashicorp\/aws\)/);
  });

  it("a misspelt provider setting", () => {
    const tf = stack();
    tf.provider.openstack[0].regoin = "RegionOne";
    expectProblem(tf, "unknown-attribute", "provider.openstack[0].regoin", /did you mean "region"/);
  });

  it("mistakes inside dynamic blocks", () => {
    const tf = stack();
    tf.resource.openstack_compute_instance_v2.web.dynamic = { network: { for_each: "${var.n}", content: { nmae: "x" } } };
    expectProblem(tf, "unknown-attribute", `${SERVER}.dynamic.network.content.nmae`);
    const unknown = stack();
    unknown.resource.openstack_compute_instance_v2.web.dynamic = { netwerk: { for_each: "${var.n}", content: {} } };
    expectProblem(unknown, "unknown-block", `${SERVER}.dynamic.netwerk`);
  });

  it("bad meta-arguments", () => {
    const tf = stack();
    tf.resource.openstack_compute_instance_v2.web.lifecycle = { prevent_destroyy: true };
    expectProblem(tf, "bad-meta-argument", `${SERVER}.lifecycle.prevent_destroyy`, /lifecycle has no argument "prevent_destroyy"/);
    const deps = stack();
    deps.data.external.console.depends_on = "openstack_compute_instance_v2.web";
    expectProblem(deps, "bad-meta-argument", "data.external.console.depends_on");
    const prov = stack();
    prov.data.external.console.provisioner = [];
    expectProblem(prov, "unknown-attribute", "data.external.console.provisioner"); // provisioners belong to resources only
  });

  it("a misspelling added to a synthesized stack with an override", () => {
    const { stack: s } = providerStack();
    const server = new OpenStackServer(s, "web", { name: "web-1", image: ServerImage.fromId(IMAGE), flavor: ServerFlavor.fromName("m1.small") });
    server.resource.addOverride("flavour_name", "m1.small");
    const problems = checkStack(JSON.parse(Testing.synth(s)));
    expect(problems.map((p) => p.kind)).toEqual(["unknown-attribute"]);
    expect(problems[0].path).toBe(`resource.openstack_compute_instance_v2.${server.resource.friendlyUniqueId}.flavour_name`);
  });

  it("every problem at once, not just the first", () => {
    const tf = stack();
    Object.assign(tf.resource.openstack_compute_instance_v2.web, { flavour_name: "x", access_ip_v4: "1.1.1.1", tags: 5 });
    expect(checkStack(tf).map((p) => p.kind).sort()).toEqual(["computed-only", "unknown-attribute", "wrong-type"]);
  });
});

describe("provider schemas", () => {
  it("load from providers/*/schema.json by source address", () => {
    const schemas = loadProviderSchemas();
    expect([...schemas.keys()].sort()).toEqual([
      "openstack-console.invalid/cdktf/osconsole",
      "registry.terraform.io/hashicorp/external",
      "registry.terraform.io/terraform-provider-openstack/openstack",
    ]);
    expect(Object.keys(schemas.get("registry.terraform.io/terraform-provider-openstack/openstack")!.resource_schemas!)).toHaveLength(108);
  });
});

describe("schema check refuses references to what the stack does not declare, as terraform validate does", () => {
  const withName = (name: string): Json => {
    const tf = stack();
    tf.resource.openstack_compute_instance_v2.web.name = name;
    return tf;
  };

  it.each([
    ["${var.subnet}", /undeclared input variable "subnet"/],
    ["web-${local.suffix}", /undeclared local value "suffix"/],
    ["${data.openstack_images_image_v2.debian.id}", /undeclared data source openstack_images_image_v2\.debian/],
    ["${openstack_compute_instance_v2.db.name}-x", /undeclared resource openstack_compute_instance_v2\.db/],
  ])("%s", (name, message) => {
    expectProblem(withName(name), "undeclared-reference", `${SERVER}.name`, message);
  });

  it("accepts what is declared, literals that only look like references, and escapes", () => {
    const tf = withName('${var.subnet}-${local.suffix}-${data.openstack_images_image_v2.ubuntu.id}-${openstack_compute_instance_v2.web.id}-${"var.nothing"}-$${var.escaped}');
    tf.variable.subnet = { type: "string" };
    tf.locals.suffix = "a";
    expect(checkStack(tf)).toEqual([]);
  });
});
