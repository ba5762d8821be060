/**
 * `from-stack --stored`: the URLs each console mode leaves in a state, a
 * `terraform show -json` document or an outputs file, read without a cloud;
 * and the server readers unchanged by the console provider's resources.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readStackServers, serversFromShowJson, serversFromState } from "../../lib/cli/stack-source";
import { readStoredConsoles } from "../../lib/cli/stored-urls";
import { runCli } from "../helpers/run";
import { ID1, ID2, ID3 } from "./helpers/fixtures";

const URL1 = "https://console.example:6080/vnc_auto.html?path=%3Ftoken%3Daaa";
const URL2 = "https://console.example:6080/vnc_auto.html?path=%3Ftoken%3Dbbb";
const URL3 = "https://console.example:6080/vnc_auto.html?path=%3Ftoken%3Dccc";

const server = (name: string, id: string) => ({ mode: "managed", type: "openstack_compute_instance_v2", name: `fleet_${name}`, instances: [{ attributes: { id, name } }] });

/** A state with both stored modes: web in resource mode, db in data-source mode, and an unrelated external data source. */
function state(): Record<string, unknown> {
  return {
    version: 4,
    terraform_version: "1.11.4",
    outputs: { console_urls: { value: { "web-1": URL1, "web-2": URL2, "db-1": URL3 }, sensitive: true } },
    resources: [
      server("web-1", ID1),
      server("web-2", ID2),
      server("db-1", ID3),
      {
        mode: "managed",
        type: "osconsole_urls",
        name: "web_console_urls_1A2B3C4D",
        provider: 'provider["openstack-console.invalid/cdktf/osconsole"]',
        instances: [
          {
            attributes: {
              id: "0b0d5c1e-6a43-4e4e-9f0b-5d2a8f2a7c11",
              servers: { "web-1": ID1, "web-2": ID2 },
              protocol: "vnc",
              type: "novnc",
              keepers: { rotation: "1" },
              urls: { "web-1": URL1, "web-2": URL2 },
              minted_at: { "web-1": "2026-12-07T05:00:00Z", "web-2": "2026-12-07T05:00:01Z" },
            },
          },
        ],
      },
      {
        mode: "data",
        type: "external",
        name: "db_console_hook_5E6F7A8B",
        instances: [{ attributes: { id: "-", query: { servers: JSON.stringify({ "db-1": ID3 }), protocol: "vnc", type: "novnc" }, result: { "db-1": URL3 } } }],
      },
      { mode: "data", type: "external", name: "other", instances: [{ attributes: { query: { x: "1" }, result: { answer: "42" } } }] },
    ],
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "stored-urls-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, doc: unknown): string => {
  writeFileSync(join(dir, name), JSON.stringify(doc));
  return name;
};

test("servers are read as before: the console provider's resources and data sources are not servers", () => {
  expect(serversFromState(state(), "s").map((s) => s.name)).toEqual(["web-1", "web-2", "db-1"]);
});

test("a state: each osconsole_urls resource's urls with ids, pair and minted_at, and the hook's results; other external data sources ignored", () => {
  const { consoles } = readStoredConsoles({ state: write("s.tfstate", state()) }, dir, () => "");
  expect(consoles).toEqual([
    { name: "web-1", url: URL1, id: ID1, protocol: "vnc", type: "novnc", mintedAt: "2026-12-07T05:00:00Z", address: 'osconsole_urls.web_console_urls_1A2B3C4D.urls["web-1"]' },
    { name: "web-2", url: URL2, id: ID2, protocol: "vnc", type: "novnc", mintedAt: "2026-12-07T05:00:01Z", address: 'osconsole_urls.web_console_urls_1A2B3C4D.urls["web-2"]' },
    { name: "db-1", url: URL3, id: ID3, protocol: "vnc", type: "novnc", address: 'data.external.db_console_hook_5E6F7A8B.result["db-1"]' },
  ]);
});

test("terraform show -json: the same from values, child modules included", () => {
  const doc = {
    format_version: "1.0",
    values: {
      root_module: {
        resources: [{ address: "openstack_compute_instance_v2.w", mode: "managed", type: "openstack_compute_instance_v2", name: "w", values: { id: ID1, name: "web-1" } }],
        child_modules: [
          {
            address: "module.m",
            resources: [{ address: "module.m.osconsole_urls.c", mode: "managed", type: "osconsole_urls", name: "c", values: { servers: { "web-1": ID1 }, urls: { "web-1": URL1 }, minted_at: { "web-1": "2026-12-07T05:00:00Z" } } }],
          },
        ],
      },
    },
  };
  expect(serversFromShowJson(doc, "show.json")).toHaveLength(1);
  expect(readStoredConsoles({ state: write("show.json", doc) }, dir, () => "").consoles).toEqual([
    { name: "web-1", url: URL1, id: ID1, mintedAt: "2026-12-07T05:00:00Z", address: 'module.m.osconsole_urls.c.urls["web-1"]' },
  ]);
});

test("an outputs file: console_urls of every stack, or of the one --stack names", () => {
  const file = write("out.json", { prod: { console_urls: { "web-1": URL1 }, server_ids: { "web-1": ID1 } }, dev: { console_urls: { "db-1": URL3 } } });
  expect(readStoredConsoles({ outputsFile: file }, dir, () => "").consoles.map((c) => [c.name, c.address])).toEqual([
    ["web-1", "prod.console_urls.web-1"],
    ["db-1", "dev.console_urls.db-1"],
  ]);
  expect(readStoredConsoles({ outputsFile: file, stack: "dev" }, dir, () => "").consoles.map((c) => c.url)).toEqual([URL3]);
  // The servers still come from server_ids.
  expect(readStackServers({ outputsFile: file, stack: "prod" }, dir, () => "").servers).toEqual([{ name: "web-1", id: ID1, address: "prod.server_ids.web-1" }]);
});

test("a stack in ephemeral mode keeps none: refused in one line saying so", () => {
  const doc = { version: 4, resources: [server("web-1", ID1)] };
  expect(() => readStoredConsoles({ state: write("e.tfstate", doc) }, dir, () => "")).toThrow(
    "e.tfstate keeps no console URLs. Its consoles may be in ephemeral mode, which stores none: leave out --stored to mint fresh URLs.",
  );
});

test("os-console from-stack --stored prints them in every format without asking a cloud", async () => {
  const file = write("s.tfstate", state());
  // No OS_* settings at all: a cloud call would fail with a configuration error (exit 2).
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir };
  const json = await runCli(["from-stack", "--state", file, "--stored", "-f", "json"], { cwd: dir, env });
  expect(json.stderr).toBe("");
  expect(json.code).toBe(0);
  expect((JSON.parse(json.stdout) as Array<{ name: string; url: string }>).map((r) => [r.name, r.url])).toEqual([
    ["web-1", URL1],
    ["web-2", URL2],
    ["db-1", URL3],
  ]);
  const values = await runCli(["from-stack", "--state", file, "--stored", "-f", "value"], { cwd: dir, env });
  expect(values.stdout).toBe(`${URL1}\n${URL2}\n${URL3}\n`);
  const probe = await runCli(["from-stack", "--state", file, "--stored", "--probe"], { cwd: dir, env });
  expect(probe.code).toBe(2);
  expect(probe.stderr).toMatch(/--stored.*cannot be used with option '--probe'|--probe.*--stored/);
});
