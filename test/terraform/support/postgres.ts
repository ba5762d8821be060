/**
 * A PostgreSQL server of the test's own (Debian's postgresql package, installed
 * by test/terraform/run-suite.sh): its own data folder, 127.0.0.1 on a free
 * port, password authentication over TCP, stopped and removed at the end. It
 * holds Terraform state through the pg backend.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { createServer } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

export interface Postgres {
  /** libpq URL without a password: what a fleet file may hold. */
  readonly connStr: string;
  /** The role's password: for PGPASSWORD, never for a file. */
  readonly password: string;
  readonly dataDir: string;
  /** Runs SQL as the superuser in a database (the first by default); rows as tab-separated lines. */
  query(sql: string, database?: string): string;
  stop(): void;
}

function binDir(): string {
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error("PostgreSQL's server is not installed (no /usr/lib/postgresql/*/bin/initdb): run npm run test:terraform, which installs Debian's postgresql, or apt-get install postgresql");
  return path.join(base, versions[0], "bin");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** `cmd` as the postgres user (initdb and the server refuse to run as root). */
function asPostgres(cmd: string, args: string[], input?: string): string {
  return execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8", timeout: 60_000, input, stdio: ["pipe", "pipe", "pipe"] });
}

/** A server with a role and one database per name in `databases` (the first is the one `connStr` names). */
export async function startPostgres(databases: readonly string[] = ["terraform_state"], role = "terraform"): Promise<Postgres> {
  const bin = binDir();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-pg-"));
  fs.chmodSync(dataDir, 0o700);
  execFileSync("chown", ["postgres:postgres", dataDir]);
  const port = await freePort();
  const password = randomBytes(18).toString("base64url");
  asPostgres(path.join(bin, "initdb"), ["-D", path.join(dataDir, "data"), "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8"]);
  asPostgres(path.join(bin, "pg_ctl"), ["-D", path.join(dataDir, "data"), "-l", path.join(dataDir, "server.log"), "-w", "-t", "60", "-o", `-c listen_addresses=127.0.0.1 -p ${port} -k ${dataDir}`, "start"]);
  const psql = (sql: string): string => asPostgres(path.join(bin, "psql"), ["-h", dataDir, "-p", String(port), "-U", "postgres", "-d", "postgres", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-f", "-"], sql);
  // The password goes on stdin, never on a command line.
  psql(`CREATE ROLE ${role} LOGIN PASSWORD '${password}';\n${databases.map((d) => `CREATE DATABASE "${d}" OWNER ${role};`).join("\n")}\n`);
  return {
    connStr: `postgres://${role}@127.0.0.1:${port}/${databases[0]}?sslmode=disable`,
    password,
    dataDir,
    query: (sql, database = databases[0]) => asPostgres(path.join(bin, "psql"), ["-h", dataDir, "-p", String(port), "-U", "postgres", "-d", database, "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-f", "-"], sql),
    stop: () => {
      try {
        asPostgres(path.join(bin, "pg_ctl"), ["-D", path.join(dataDir, "data"), "-m", "fast", "-w", "stop"]);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
