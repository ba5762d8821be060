/**
 * Hook queries that must be refused, each with the line that says why (the
 * field first, then the problem and the fix). query.test.ts checks every case
 * on the query parser; reliability/bad-input.test.ts runs the ones marked
 * `process` (one per kind of mistake) through the bundled hook, as Terraform
 * runs it.
 */
export interface BadQuery {
  readonly what: string;
  /** The hook's stdin. */
  readonly stdin: string;
  /** QueryError.field: "" when stdin is not a JSON object at all. */
  readonly field: string;
  /** The whole message (the hook prints it after "console-hook: "). */
  readonly message: RegExp;
  readonly process?: true;
}

export const ID = "2adc7bdc-0dbd-49ea-85a9-fe63084c178a";
export const SERVERS = JSON.stringify({ "web-1": ID });
/** A credential planted in a query: no refusal may echo it. */
export const PLANTED = "hunter2-planted";

const query = (q: Record<string, unknown>): string => JSON.stringify(q);
const servers = (fleet: unknown): string => query({ servers: JSON.stringify(fleet) });

export const BAD_QUERIES: readonly BadQuery[] = [
  { what: "not JSON", stdin: "{servers: web}", field: "", message: /^the query: stdin is not JSON; run this program from a Terraform data "external" block/, process: true },
  { what: "empty", stdin: "", field: "", message: /^the query: stdin is not JSON;/ },
  { what: "a JSON array", stdin: JSON.stringify([SERVERS]), field: "", message: /^the query: stdin holds JSON array, not an object; send a JSON object of strings/, process: true },
  { what: "a JSON string", stdin: JSON.stringify("servers"), field: "", message: /^the query: stdin holds JSON string, not an object;/ },
  { what: "JSON null", stdin: "null", field: "", message: /^the query: stdin holds JSON null, not an object;/ },
  { what: "a number value", stdin: query({ servers: SERVERS, timeout: 120 }), field: "timeout", message: /^query "timeout": is a JSON number, not a string; Terraform's query is a map of strings/, process: true },
  { what: "a boolean value", stdin: query({ servers: SERVERS, tolerate_unavailable: true }), field: "tolerate_unavailable", message: /^query "tolerate_unavailable": is a JSON boolean, not a string;/ },
  { what: "an object value", stdin: query({ servers: { "web-1": ID } }), field: "servers", message: /^query "servers": is a JSON object, not a string;/ },
  { what: "missing servers", stdin: query({ protocol: "vnc" }), field: "servers", message: /^query "servers": is missing; set it to jsonencode\(\{ name = server.id, ... \}\)/, process: true },
  { what: "servers not JSON", stdin: query({ servers: `web-1=${ID}` }), field: "servers", message: /^query "servers": is not JSON;/ },
  { what: "servers a JSON list", stdin: servers([ID]), field: "servers", message: /^query "servers": is not a JSON object of server name to id;/ },
  { what: "a server id that is not a string", stdin: servers({ a: 1 }), field: "servers", message: /^query "servers": server "a" has a number id, not a string;/ },
  { what: "a server id that is a name", stdin: servers({ "web-1": "web-1" }), field: "servers", message: /^query "servers": server "web-1" has id "web-1", which is not a UUID; pass the servers' ids/ },
  { what: "a server id that is not a UUID", stdin: servers({ "web-1": "1234" }), field: "servers", message: /^query "servers": server "web-1" has id "1234", which is not a UUID;/, process: true },
  { what: "an empty server name", stdin: servers({ "": ID }), field: "servers", message: /^query "servers": has an empty server name/ },
  { what: "unknown protocol", stdin: query({ servers: SERVERS, protocol: "telnet" }), field: "protocol", message: /^query "protocol": unknown protocol "telnet"; use one of vnc, spice, serial, rdp, mks; choose a protocol\/type pair/, process: true },
  { what: "unknown type", stdin: query({ servers: SERVERS, protocol: "vnc", type: "vnc-html" }), field: "type", message: /^query "type": unknown console type "vnc-html"/, process: true },
  { what: "a type of another protocol", stdin: query({ servers: SERVERS, protocol: "vnc", type: "spice-html5" }), field: "type", message: /^query "type": type "spice-html5" does not belong to protocol "vnc"/ },
  {
    what: "a pair the profile does not allow",
    stdin: query({ servers: SERVERS, profile: "virtuozzo", protocol: "spice", type: "spice-html5" }),
    field: "protocol/type",
    message: /^query "protocol\/type": the virtuozzo profile offers vnc\/novnc only, not spice\/spice-html5/,
    process: true,
  },
  { what: "unknown profile", stdin: query({ servers: SERVERS, profile: "aws" }), field: "profile", message: /^query "profile": "aws" is not a known profile; use one of upstream, zed, virtuozzo/ },
  { what: "microversion not X.Y", stdin: query({ servers: SERVERS, microversion: "2" }), field: "microversion", message: /^query "microversion": "2" is not a compute microversion; give one of the form 2.N, e.g. 2.8/, process: true },
  { what: "microversion with three parts", stdin: query({ servers: SERVERS, microversion: "2.8.1" }), field: "microversion", message: /^query "microversion": "2.8.1" is not a compute microversion/ },
  { what: "microversion a word", stdin: query({ servers: SERVERS, microversion: "latest" }), field: "microversion", message: /^query "microversion": "latest" is not a compute microversion/ },
  { what: "microversion below 2.1", stdin: query({ servers: SERVERS, microversion: "1.9" }), field: "microversion", message: /^query "microversion": "1.9" is not a compute microversion/ },
  {
    what: "microversion above the profile's maximum",
    stdin: query({ servers: SERVERS, profile: "virtuozzo", microversion: "2.9" }),
    field: "microversion",
    message: /^query "microversion": 2.9 is above the virtuozzo profile's maximum 2.8; ask for 2.8 or less/,
  },
  { what: "timeout zero", stdin: query({ servers: SERVERS, timeout: "0" }), field: "timeout", message: /^query "timeout": 0 is not a positive number of seconds/ },
  { what: "timeout negative", stdin: query({ servers: SERVERS, timeout: "-5" }), field: "timeout", message: /^query "timeout": -5 is not a positive number of seconds;/, process: true },
  { what: "timeout not a number", stdin: query({ servers: SERVERS, timeout: "2m" }), field: "timeout", message: /^query "timeout": "2m" is not a number of seconds/ },
  { what: "timeout empty", stdin: query({ servers: SERVERS, timeout: "" }), field: "timeout", message: /^query "timeout": "" is not a number of seconds/ },
  { what: "tolerate_unavailable not a boolean", stdin: query({ servers: SERVERS, tolerate_unavailable: "yes" }), field: "tolerate_unavailable", message: /^query "tolerate_unavailable": "yes" is not "true" or "false"/ },
  { what: "insecure not a boolean", stdin: query({ servers: SERVERS, insecure: "1" }), field: "insecure", message: /^query "insecure": "1" is not "true" or "false"/ },
  { what: "unknown interface", stdin: query({ servers: SERVERS, interface: "publicURL" }), field: "interface", message: /^query "interface": "publicURL" is not a catalog interface; use public, internal or admin/ },
  { what: "compute_endpoint without a scheme", stdin: query({ servers: SERVERS, compute_endpoint: "nova:8774" }), field: "compute_endpoint", message: /^query "compute_endpoint": "nova:8774" is not an http\(s\) URL/ },
  { what: "compute_endpoint not http(s)", stdin: query({ servers: SERVERS, compute_endpoint: "ftp://nova:8774/v2.1" }), field: "compute_endpoint", message: /^query "compute_endpoint": "ftp:\/\/nova:8774\/v2.1" is not an http\(s\) URL/ },
  { what: "cacert a relative path", stdin: query({ servers: SERVERS, cacert: "ca.pem" }), field: "cacert", message: /^query "cacert": "ca.pem" is a relative path, but the hook runs in cdktf.out\/stacks\/<stack>; give an absolute path/ },
  { what: "an empty cloud", stdin: query({ servers: SERVERS, cloud: "" }), field: "cloud", message: /^query "cloud": is empty; name one, or leave it out to use the environment/ },
  { what: "an unknown key", stdin: query({ servers: SERVERS, protocl: "vnc" }), field: "protocl", message: /^query "protocl": is not a query key the hook knows; use only servers, protocol, type/ },
  { what: "a credential in the query", stdin: query({ servers: SERVERS, password: PLANTED }), field: "password", message: /^query "password": credentials must not travel in the query/, process: true },
];
