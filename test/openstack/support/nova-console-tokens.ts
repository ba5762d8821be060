/**
 * Proof that a console URL was minted by the real Nova for a given server:
 * nova-compute stores every console token, hashed (sha256), in the cell
 * database's console_auth_tokens table. Read over the harness's MariaDB socket.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { realOpenStack } from "./real-env";

export interface IssuedConsoleToken {
  instanceUuid: string;
  consoleType: string;
  /** Epoch seconds. */
  expires: number;
}

/** The console token a URL carries: noVNC's `path=?token=...`, or a plain `token=` (spice-html5, serial, webmks). */
export function consoleTokenOf(url: string): string {
  const u = new URL(url);
  const direct = u.searchParams.get("token");
  if (direct) return direct;
  const inner = new URLSearchParams((u.searchParams.get("path") ?? "").replace(/^[^?]*\?/, "")).get("token");
  if (!inner) throw new Error("the console URL carries no token");
  return inner;
}

/** What Nova's database holds for each URL's token (one query for all); undefined where Nova never issued it. */
export function issuedConsoleTokens(urls: readonly string[]): Array<IssuedConsoleToken | undefined> {
  const hashes = urls.map((url) => createHash("sha256").update(consoleTokenOf(url)).digest("hex"));
  if (hashes.length === 0) return [];
  const out = execFileSync(
    "mariadb",
    [
      "--no-defaults",
      `--socket=${realOpenStack().mysqlSocket}`,
      "-uroot",
      "-N",
      "-B",
      "-e",
      // the hashes are hex digests: safe to inline
      `select token_hash, instance_uuid, console_type, expires from nova.console_auth_tokens where token_hash in (${hashes.map((h) => `'${h}'`).join(",")})`,
    ],
    { encoding: "utf8", timeout: 20_000 },
  );
  const rows = new Map<string, IssuedConsoleToken>();
  for (const line of out.split("\n").filter(Boolean)) {
    const [hash, instanceUuid, consoleType, expires] = line.split("\t");
    rows.set(hash, { instanceUuid, consoleType, expires: Number(expires) });
  }
  return hashes.map((h) => rows.get(h));
}

export function issuedConsoleToken(url: string): IssuedConsoleToken | undefined {
  return issuedConsoleTokens([url])[0];
}
