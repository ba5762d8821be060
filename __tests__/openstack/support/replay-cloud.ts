/**
 * A tiny HTTP server that answers with responses recorded from real Keystone
 * and Nova (fixtures/), for the cases the emulator does not model: a compute
 * root that is not Nova's, a catalog URL with a project id or on /v2.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { recorded } from "./fixtures";

export interface ReplayOptions {
  /** Path of the compute endpoint in the catalog, e.g. "/v2.1" or "/v2.1/{project}". */
  catalogComputePath: string;
  /** What GET / answers: the recorded version list, or a proxy's HTML 404. */
  root: "versions" | "html-404";
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface ReplayCloud {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startReplayCloud(options: ReplayOptions): Promise<ReplayCloud> {
  const seen: SeenRequest[] = [];
  let base = "";
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      seen.push({ method: req.method ?? "", path, headers: req.headers, body });
      const send = (name: string, rewrite = (t: string) => t) => {
        const r = recorded(name);
        const headers = { ...r.headers };
        delete headers["content-length"];
        const text = rewrite(r.body).replaceAll("http://127.0.0.1:8774", base).replaceAll("http://127.0.0.1:5000", base);
        res.writeHead(r.status, headers).end(text);
      };
      if (req.method === "POST" && path === "/v3/auth/tokens") {
        return send("keystone-token-password", (t) => t.replaceAll('"http://127.0.0.1:8774/v2.1"', JSON.stringify(base + options.catalogComputePath)));
      }
      if (req.method === "GET" && path === "/") return options.root === "versions" ? send("versions-root") : send("get-remote-consoles-html-404");
      if (req.method === "GET" && /^\/v2\.1\/?$/.test(path)) return send("version-v2.1");
      if (req.method === "POST" && /^\/v2\.1\/(\w+\/)?servers\/[^/]+\/remote-consoles$/.test(path)) return send("remote-console-2.8");
      res.writeHead(404, { "content-type": "application/json" }).end('{"itemNotFound": {"code": 404, "message": "The resource could not be found."}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
