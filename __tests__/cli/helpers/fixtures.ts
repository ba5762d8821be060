/** Documents shaped like the ones Terraform and cdktf write, shared by the CLI tests. */

export const ID1 = "2adc7bdc-0dbd-49ea-85a9-fe63084c178a";
export const ID2 = "f84d7bb2-bbb6-412f-a3bd-275f41b04fc8";
export const ID3 = "d04e3a27-b9f0-4649-9058-9d87ae767849";
export const PROVIDER = 'provider["registry.terraform.io/terraform-provider-openstack/openstack"]';

/** A state as Terraform 1.x writes it: a single server, a counted pair, a data source, a deposed object. */
export function stateDocument(): Record<string, unknown> {
  return {
    version: 4,
    terraform_version: "1.9.8",
    serial: 7,
    lineage: "3f1c2a4e-8d65-4b8e-a0f1-2b7c9d1e0a11",
    outputs: { console_urls: { value: { web: "http://stale" }, type: ["map", "string"], sensitive: true } },
    resources: [
      {
        mode: "managed",
        type: "openstack_compute_instance_v2",
        name: "fleet_web_4F2A1B3C",
        provider: PROVIDER,
        instances: [
          { schema_version: 0, attributes: { id: ID1, name: "web", access_ip_v4: "" }, sensitive_attributes: [], dependencies: [] },
          { schema_version: 0, deposed: "00000001", attributes: { id: "00000000-0000-4000-8000-000000000000", name: "web" } },
        ],
      },
      {
        mode: "managed",
        type: "openstack_compute_instance_v2",
        name: "workers",
        provider: PROVIDER,
        instances: [
          { index_key: 0, schema_version: 0, attributes: { id: ID2, name: "worker-0" } },
          { index_key: 1, schema_version: 0, attributes: { id: ID3, name: "" } },
        ],
      },
      {
        mode: "data",
        type: "external",
        name: "fleet_consoles_1A2B",
        provider: 'provider["registry.terraform.io/hashicorp/external"]',
        instances: [{ schema_version: 0, attributes: { id: "-", result: { web: "http://stale" } } }],
      },
      {
        mode: "managed",
        type: "openstack_networking_network_v2",
        name: "net",
        provider: PROVIDER,
        instances: [{ schema_version: 0, attributes: { id: "5b7a3e2d-1c4f-4a6b-9e8d-7f6a5b4c3d2e", name: "net" } }],
      },
    ],
    check_results: null,
  };
}


export interface NamedServer {
  readonly name: string;
  readonly id: string;
}

/**
 * The state cdktf's local backend writes for a ServerFleet: one
 * openstack_compute_instance_v2 per server (resource names carry cdktf's
 * hash suffix), the fleet's console data source, and the console outputs.
 */
export function fleetState(servers: readonly NamedServer[]): Record<string, unknown> {
  return {
    version: 4,
    terraform_version: "1.9.8",
    serial: 12,
    lineage: "9b2f6a0e-51c3-4d2a-8f7e-0c1d2e3f4a5b",
    outputs: {
      console_urls: { value: Object.fromEntries(servers.map((s) => [s.name, "http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3Dstale"])), type: ["map", "string"], sensitive: true },
    },
    resources: [
      ...servers.map((s, i) => ({
        mode: "managed",
        type: "openstack_compute_instance_v2",
        name: `fleet_${s.name.replace(/[^A-Za-z0-9_-]/g, "_")}_${(0x1a2b3c4d + i).toString(16).toUpperCase()}`,
        provider: PROVIDER,
        instances: [
          {
            schema_version: 0,
            attributes: { id: s.id, name: s.name, flavor_name: "m1.small", image_name: "cirros", power_state: "active", access_ip_v4: "", metadata: null },
            sensitive_attributes: [],
            private: "eyJzY2hlbWFfdmVyc2lvbiI6IjAifQ==",
            dependencies: [],
          },
        ],
      })),
      {
        mode: "data",
        type: "external",
        name: "fleet_console_6C1F2A",
        provider: 'provider["registry.terraform.io/hashicorp/external"]',
        instances: [{ schema_version: 0, attributes: { id: "-", program: ["node", "assets/console-hook/console-hook.js"], query: { servers: "{}" }, result: {} }, sensitive_attributes: [] }],
      },
    ],
    check_results: null,
  };
}

/** `terraform show -json` of the same state. */
export function fleetShowJson(servers: readonly NamedServer[]): Record<string, unknown> {
  return {
    format_version: "1.0",
    terraform_version: "1.9.8",
    values: {
      outputs: { console_urls: { sensitive: true, type: ["map", "string"] } },
      root_module: {
        resources: servers.map((s) => ({
          address: `openstack_compute_instance_v2.fleet_${s.name}`,
          mode: "managed",
          type: "openstack_compute_instance_v2",
          name: `fleet_${s.name}`,
          provider_name: "registry.terraform.io/terraform-provider-openstack/openstack",
          schema_version: 0,
          values: { id: s.id, name: s.name },
          sensitive_values: {},
        })),
      },
    },
  };
}

/** `cdktf deploy --outputs-file out.json --outputs-file-include-sensitive-outputs` for the fleet's stack. */
export function fleetOutputsFile(stack: string, servers: readonly NamedServer[]): Record<string, unknown> {
  const urls = Object.fromEntries(servers.map((s) => [s.name, "http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3Dstale"]));
  return {
    [stack]: {
      "console-outputs": {
        console_urls: urls,
        ...Object.fromEntries(servers.map((s) => [`console_url_${s.name.replace(/[^A-Za-z0-9_]/g, "_")}`, urls[s.name]])),
      },
    },
  };
}
