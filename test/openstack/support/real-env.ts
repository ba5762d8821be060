/**
 * What test/real-openstack/up.sh wrote to $REAL_OPENSTACK_BASE/env.sh: the OS_*
 * settings of the admin user, the seeded servers' ids, the suite's application
 * credential. A missing file is a setup error, not a reason to skip.
 */
import { readFileSync } from "node:fs";

export interface RealOpenStack {
  /** OS_* settings of user admin in project admin (password auth). */
  osEnv: Record<string, string>;
  authUrl: string;
  computeUrl: string;
  adminPassword: string;
  /** Password of users viewer (reader on project admin) and demo (member of project demo). */
  demoPassword: string;
  adminProjectId: string;
  demoProjectId: string;
  servers: { active: string; shutoff: string; paused: string; unscheduled: string; demo: string };
  appCredential: { id: string; name: string; secret: string; user: string };
  mysqlSocket: string;
  /** The console chain up.sh runs: nova-novncproxy's base URL, the VNC server's port, the colour it is painted. */
  consoleChain: { novncUrl: string; vncPort: number; vncColour: string };
  /** The services' logs (keystone.log, nova-api.log, ...). */
  logDir: string;
}

const REAL_BASE = process.env.REAL_OPENSTACK_BASE ?? "/var/lib/real-openstack";

function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2].replace(/^'(.*)'$/, "$1");
  }
  return out;
}

let cached: RealOpenStack | undefined;

export function realOpenStack(): RealOpenStack {
  if (cached) return cached;
  const file = `${REAL_BASE}/env.sh`;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      code === "EACCES"
        ? `${file} is readable by root only: run the suite as root (sudo npm run test:openstack)`
        : `${file} is missing: start the services with "sudo npm run test:openstack" (or sudo bash test/real-openstack/up.sh)`,
    );
  }
  const v = parseEnvFile(text);
  const need = (k: string): string => {
    const value = v[k];
    if (!value) throw new Error(`${file} has no ${k}: rerun bash test/real-openstack/up.sh`);
    return value;
  };
  const osEnv = Object.fromEntries(Object.entries(v).filter(([k]) => k.startsWith("OS_")));
  cached = {
    osEnv,
    authUrl: need("OS_AUTH_URL"),
    computeUrl: need("REAL_OPENSTACK_COMPUTE_URL"),
    adminPassword: need("OS_PASSWORD"),
    demoPassword: need("REAL_OPENSTACK_DEMO_PASSWORD"),
    adminProjectId: need("REAL_OPENSTACK_ADMIN_PROJECT_ID"),
    demoProjectId: need("REAL_OPENSTACK_DEMO_PROJECT_ID"),
    servers: {
      active: need("REAL_OPENSTACK_SERVER_ACTIVE"),
      shutoff: need("REAL_OPENSTACK_SERVER_SHUTOFF"),
      paused: need("REAL_OPENSTACK_SERVER_PAUSED"),
      unscheduled: need("REAL_OPENSTACK_SERVER_UNSCHEDULED"),
      demo: need("REAL_OPENSTACK_SERVER_DEMO"),
    },
    appCredential: {
      id: need("REAL_OPENSTACK_APPCRED_ID"),
      name: need("REAL_OPENSTACK_APPCRED_NAME"),
      secret: need("REAL_OPENSTACK_APPCRED_SECRET"),
      user: need("REAL_OPENSTACK_APPCRED_USER"),
    },
    mysqlSocket: need("REAL_OPENSTACK_MYSQL_SOCKET"),
    consoleChain: {
      novncUrl: need("REAL_OPENSTACK_NOVNC_URL"),
      vncPort: Number(need("REAL_OPENSTACK_VNC_PORT")),
      vncColour: need("REAL_OPENSTACK_VNC_COLOUR"),
    },
    logDir: `${REAL_BASE}/log`,
  };
  return cached;
}

/** OS_* for one of the seeded users, on top of a clean environment (no inherited OS_*). */
export function passwordEnv(user: "admin" | "viewer" | "demo"): Record<string, string> {
  const real = realOpenStack();
  return {
    OS_AUTH_URL: real.authUrl,
    OS_AUTH_TYPE: "password",
    OS_USERNAME: user,
    OS_PASSWORD: user === "admin" ? real.adminPassword : real.demoPassword,
    OS_PROJECT_NAME: user === "demo" ? "demo" : "admin",
    OS_USER_DOMAIN_NAME: "Default",
    OS_PROJECT_DOMAIN_NAME: "Default",
    OS_REGION_NAME: "RegionOne",
    OS_INTERFACE: "public",
  };
}

/** The process environment without any OS_* variable, so a test's settings are the only ones. */
export function envWithoutOpenStack(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OS_")));
}

/** Every secret a test run knows about: none may ever show in output. */
export function knownSecrets(): string[] {
  const real = realOpenStack();
  return [real.adminPassword, real.demoPassword, real.appCredential.secret];
}
