/**
 * Placement, as far as a client's version discovery goes: the root document
 * (1.0 to 1.39, as Zed serves it). Its resource APIs are not emulated; they
 * answer Placement's JSON 404.
 */
import { randomUUID } from "node:crypto";
import type { IncomingCall, Routed } from "../http/call";
import { pythonJson } from "../http/python-format";
import type { Reply } from "../http/reply";

function placementJson(status: number, body: unknown): Reply {
  return {
    status,
    headers: {
      "Content-Type": "application/json",
      "openstack-api-version": "placement 1.0",
      vary: "openstack-api-version",
      "x-openstack-request-id": `req-${randomUUID()}`,
    },
    body: pythonJson(body),
  };
}

export class PlacementService {
  route(call: IncomingCall): Routed {
    const path = call.path.replace(/\/+$/, "");
    if (path === "" && call.method === "GET") {
      return {
        key: "placement.versions",
        handle: () => placementJson(200, { versions: [{ id: "v1.0", max_version: "1.39", min_version: "1.0", status: "CURRENT", links: [{ rel: "self", href: "" }] }] }),
      };
    }
    return {
      key: "placement.other",
      handle: () => placementJson(404, { errors: [{ status: 404, title: "Not Found", detail: "The resource could not be found.", code: "placement.undefined_code", request_id: `req-${randomUUID()}` }] }),
    };
  }
}
