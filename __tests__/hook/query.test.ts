import fc from "fast-check";
import { QueryError, parseQuery } from "../../lib/hook/query";
import { BAD_QUERIES, PLANTED, SERVERS } from "./bad-queries";

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
  it.each(BAD_QUERIES.map((c) => [c.what, c] as const))("%s", (_what, c) => {
    let error: unknown;
    try {
      parseQuery(c.stdin);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).field).toBe(c.field);
    const message = (error as Error).message;
    expect(message).toMatch(c.message);
    expect(message).not.toContain("\n");
    expect(message).not.toContain(PLANTED);
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

// The same rules over many generated inputs (on the parser: a process per input would be slow).
describe("property-based, on the query parser", () => {
  const refusal = (query: Record<string, unknown>): QueryError => {
    try {
      parseQuery(JSON.stringify(query));
    } catch (err) {
      if (err instanceof QueryError) return err;
      throw err;
    }
    throw new Error(`accepted ${JSON.stringify(query)}`);
  };
  const oneLine = (e: QueryError): boolean => !e.message.includes("\n");
  const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  test("any server id that is not a UUID is refused naming servers and the server", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }).filter((n) => n.trim() !== ""),
        fc.string().filter((id) => !UUID_RE.test(id)),
        (name, id) => {
          const e = refusal({ servers: JSON.stringify({ [name]: id }) });
          return e.field === "servers" && e.message.includes(name) && oneLine(e);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("any microversion not of the form X.Y is refused naming microversion", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((v) => !/^\d+\.\d+$/.test(v)),
        (v) => {
          const e = refusal({ servers: SERVERS, microversion: v });
          return e.field === "microversion" && oneLine(e);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("any timeout that is not a positive number is refused naming timeout", () => {
    const notPositive = fc.oneof(
      fc.double({ max: 0, noNaN: true }).map(String),
      fc.string().filter((t) => !(Number(t) > 0) || t.trim() === ""),
    );
    fc.assert(
      fc.property(notPositive, (t) => {
        const e = refusal({ servers: SERVERS, timeout: t });
        return e.field === "timeout" && oneLine(e);
      }),
      { numRuns: 300 },
    );
  });

  test("any non-string value of any known key is refused naming that key", () => {
    const keys = ["servers", "protocol", "type", "profile", "microversion", "timeout", "tolerate_unavailable", "cloud", "region", "interface", "compute_endpoint", "cacert", "insecure"];
    const nonString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }));
    fc.assert(
      fc.property(fc.constantFrom(...keys), nonString, (key, value) => {
        const e = refusal({ servers: SERVERS, [key]: value });
        return e.field === key && oneLine(e);
      }),
      { numRuns: 300 },
    );
  });

  test("any stdin that is not a JSON object is refused without naming a field", () => {
    const notObject = fc.oneof(fc.string().filter((t) => !t.trim().startsWith("{")), fc.jsonValue().filter((v) => typeof v !== "object" || v === null || Array.isArray(v)).map((v) => JSON.stringify(v)));
    fc.assert(
      fc.property(notObject, (text) => {
        try {
          parseQuery(text);
          return false;
        } catch (err) {
          return err instanceof QueryError && err.field === "" && !err.message.includes("\n");
        }
      }),
      { numRuns: 300 },
    );
  });
});
