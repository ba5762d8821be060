import { QueryError, parseQuery } from "../../lib/hook/query";

const ID1 = "2adc7bdc-0dbd-49ea-85a9-fe63084c178a";
const ID2 = "d04e3a27-b9f0-4649-9058-9d87ae767849";
const servers = JSON.stringify({ "web-1": ID1, "web-2": ID2 });

describe("a valid query", () => {
  it("gives the servers in order, the pair, defaults and the connection settings", () => {
    const q = parseQuery(JSON.stringify({ servers }));
    expect(q.servers).toEqual([
      { name: "web-1", id: ID1 },
      { name: "web-2", id: ID2 },
    ]);
    expect(q.pair).toEqual({ protocol: "vnc", type: "novnc" });
    expect(q.tolerateUnavailable).toBe(false);
    expect(q.timeoutMs).toBe(120_000);
    // No microversion: the client's default (or clouds.yaml's compute_api_version) applies.
    expect(q.settings).toEqual({ deadlineMs: 120_000 });
  });

  it("takes every documented key", () => {
    const q = parseQuery(
      JSON.stringify({
        servers,
        protocol: "spice",
        type: "spice-html5",
        profile: "upstream",
        microversion: "2.60",
        timeout: "7.5",
        tolerate_unavailable: "true",
        cloud: "prod",
        region: "RegionTwo",
        interface: "internal",
        compute_endpoint: "https://nova.example.com:8774/v2.1",
        cacert: "/etc/ssl/cloud-ca.pem",
        insecure: "false",
      }),
    );
    expect(q).toMatchObject({ pair: { protocol: "spice", type: "spice-html5" }, profile: "upstream", tolerateUnavailable: true, timeoutMs: 7500 });
    expect(q.settings).toEqual({
      cloud: "prod",
      region: "RegionTwo",
      interface: "internal",
      computeEndpoint: "https://nova.example.com:8774/v2.1",
      cacert: "/etc/ssl/cloud-ca.pem",
      insecure: false,
      microversion: "2.60",
      deadlineMs: 7500,
    });
  });

  it("accepts an empty fleet", () => {
    expect(parseQuery('{"servers": "{}"}').servers).toEqual([]);
  });
});

describe("bad input: one line naming the field, the problem and the fix", () => {
  const table: Array<[string, string, RegExp]> = [
    ["not JSON", "servers=a", /^the query: stdin is not JSON; run this program from a Terraform data "external" block/],
    ["not an object", "[1,2]", /^the query: stdin holds JSON array, not an object; send a JSON object of strings/],
    ["null", "null", /stdin holds JSON null, not an object/],
    ["non-string value", JSON.stringify({ servers, timeout: 30 }), /^query "timeout": is a JSON number, not a string; Terraform's query is a map of strings/],
    ["missing servers", JSON.stringify({ protocol: "vnc" }), /^query "servers": is missing; set it to jsonencode\(\{ name = server.id, ... \}\)/],
    ["servers not JSON", JSON.stringify({ servers: "web-1" }), /^query "servers": is not JSON;/],
    ["servers a list", JSON.stringify({ servers: JSON.stringify([ID1]) }), /^query "servers": is not a JSON object of server name to id;/],
    ["id not a string", JSON.stringify({ servers: JSON.stringify({ a: 1 }) }), /^query "servers": server "a" has a number id, not a string;/],
    ["id not a UUID", JSON.stringify({ servers: JSON.stringify({ "web-1": "web-1" }) }), /^query "servers": server "web-1" has id "web-1", which is not a UUID; pass the servers' ids/],
    ["empty name", JSON.stringify({ servers: JSON.stringify({ "": ID1 }) }), /^query "servers": has an empty server name/],
    ["unknown protocol", JSON.stringify({ servers, protocol: "telnet" }), /^query "protocol": unknown protocol "telnet"; use one of vnc, spice, serial, rdp, mks; choose a protocol\/type pair/],
    ["unknown type", JSON.stringify({ servers, type: "novnc2" }), /^query "type": unknown console type "novnc2"/],
    ["mismatched pair", JSON.stringify({ servers, protocol: "vnc", type: "spice-html5" }), /^query "type": type "spice-html5" does not belong to protocol "vnc"/],
    ["pair not in profile", JSON.stringify({ servers, protocol: "spice", type: "spice-html5", profile: "virtuozzo" }), /^query "type": the virtuozzo profile offers vnc\/novnc only, not spice\/spice-html5/],
    ["unknown profile", JSON.stringify({ servers, profile: "aws" }), /^query "profile": "aws" is not a known profile; use one of upstream, zed, virtuozzo/],
    ["microversion not X.Y", JSON.stringify({ servers, microversion: "latest" }), /^query "microversion": "latest" is not a microversion of the form X.Y; give one such as 2.8/],
    ["timeout zero", JSON.stringify({ servers, timeout: "0" }), /^query "timeout": "0" is not a positive number of seconds/],
    ["timeout text", JSON.stringify({ servers, timeout: "soon" }), /^query "timeout": "soon" is not a positive number/],
    ["timeout empty", JSON.stringify({ servers, timeout: "" }), /^query "timeout": "" is not a positive number/],
    ["bad boolean", JSON.stringify({ servers, tolerate_unavailable: "yes" }), /^query "tolerate_unavailable": "yes" is not "true" or "false"/],
    ["bad insecure", JSON.stringify({ servers, insecure: "1" }), /^query "insecure": "1" is not "true" or "false"/],
    ["bad interface", JSON.stringify({ servers, interface: "publicURL" }), /^query "interface": "publicURL" is not a catalog interface; use public, internal or admin/],
    ["bad compute endpoint", JSON.stringify({ servers, compute_endpoint: "nova:8774" }), /^query "compute_endpoint": "nova:8774" is not an http\(s\) URL/],
    ["unknown key", JSON.stringify({ servers, colour: "blue" }), /^query "colour": is not a query key the hook knows; use only servers, protocol, type/],
  ];

  it.each(table)("%s", (_label, input, expected) => {
    let error: unknown;
    try {
      parseQuery(input);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(QueryError);
    const message = (error as Error).message;
    expect(message).toMatch(expected);
    expect(message).not.toContain("\n");
  });

  it("refuses credentials in the query without echoing them", () => {
    for (const key of ["password", "os_password", "application_credential_secret", "token", "auth_token"]) {
      const input = JSON.stringify({ servers, [key]: "hunter2-secret" });
      expect(() => parseQuery(input)).toThrow(`query "${key}": credentials must not travel in the query, which Terraform stores in plans and state`);
      try {
        parseQuery(input);
      } catch (err) {
        expect((err as Error).message).not.toContain("hunter2");
      }
    }
  });
});
