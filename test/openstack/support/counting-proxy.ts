/**
 * A loopback HTTP proxy in front of a real service that records every request
 * (method, path, Nova microversion header, body). In front of Keystone it shows
 * how many tokens a process asked for, without trusting that process's own
 * accounting; in front of Nova, exactly what a client sent.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  /** X-OpenStack-Nova-API-Version, if sent. */
  microversion?: string;
  /** Who asked: the hook and the CLI send "openstack-console-cdktf", Terraform's provider gophercloud's. */
  userAgent?: string;
  body: string;
}

export interface CountingProxy {
  /** e.g. "http://127.0.0.1:41234" */
  readonly origin: string;
  readonly requests: ReadonlyArray<ProxiedRequest>;
  count(method: string, path: string): number;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const seen: ProxiedRequest = {
      method: req.method ?? "",
      path: (req.url ?? "").split("?")[0],
      microversion: req.headers["x-openstack-nova-api-version"] as string | undefined,
      userAgent: req.headers["user-agent"],
      body: "",
    };
    requests.push(seen);
    req.on("data", (chunk: Buffer) => (seen.body += chunk.toString("utf8")));
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => {
      res.writeHead(502).end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    count: (method, path) => requests.filter((r) => r.method === method && r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
