/**
 * The harness's console chain (nova-novncproxy, the VNC server behind it),
 * driven through the harness's own scripts: stopping the VNC server as
 * down.sh would stop it, and bringing everything back with up.sh, which
 * starts only what is not running.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as path from "node:path";
import { realOpenStack } from "./real-env";

const HARNESS = path.resolve(__dirname, "../../real-openstack");

/** Stops the VNC server the harness started (its pid file; nothing else is signalled). */
export function stopVncServer(): void {
  execFileSync("bash", ["-c", `. "${HARNESS}/lib.sh"; stop_service vnc-server`], { stdio: "pipe", timeout: 30_000 });
}

/** up.sh: restarts what is down (here the VNC server, painted again); seconds when the rest is up. */
export function restoreConsoleChain(): void {
  execFileSync("bash", [path.join(HARNESS, "up.sh")], { stdio: "pipe", timeout: 300_000 });
}

/** Makes Nova's record of this noVNC URL's token expire now (what token_ttl does after 600 s). */
export function expireConsoleToken(url: string): void {
  const pathParam = new URL(url).searchParams.get("path") ?? "";
  const token = new URLSearchParams(pathParam.replace(/^\?/, "")).get("token") ?? "";
  const hash = createHash("sha256").update(token).digest("hex");
  execFileSync(
    "mariadb",
    // a hex digest: safe to inline
    ["--no-defaults", `--socket=${realOpenStack().mysqlSocket}`, "-uroot", "-e", `update nova.console_auth_tokens set expires = unix_timestamp() - 1 where token_hash = '${hash}'`],
    { timeout: 20_000 },
  );
}
