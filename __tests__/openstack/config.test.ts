import { inspect } from "node:util";
import { ConfigError, resolveCloudConfig, type CloudConfig } from "../../lib/openstack";
import { TempTree } from "../helpers/temp-tree";

let tree: TempTree;
let home: string;
let cwd: string;

beforeEach(() => {
  tree = new TempTree();
  home = tree.dir("home");
  cwd = tree.dir("work");
});
afterEach(() => tree.cleanup());

/** An environment with nothing but a private HOME, so the real ~/.config never leaks in. */
const env = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => ({ HOME: home, ...vars });

const PASSWORD_ENV = {
  OS_AUTH_URL: "http://127.0.0.1:5000/v3",
  OS_USERNAME: "demo",
  OS_PASSWORD: "demo-secret",
  OS_PROJECT_NAME: "demo",
  OS_USER_DOMAIN_NAME: "Default",
  OS_PROJECT_DOMAIN_NAME: "Default",
  OS_REGION_NAME: "RegionOne",
};

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

const CLOUDS = `
clouds:
  prod:
    auth:
      auth_url: https://keystone.example.com:5000/v3
      username: alice
      project_name: web
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionTwo
    interface: internal
    compute_api_version: "2.10"
  lab:
    auth_type: v3applicationcredential
    auth:
      auth_url: http://127.0.0.1:5000
      application_credential_id: 0824
    regions:
      - RegionOne
      - name: RegionTwo
        values:
          interface: admin
          compute_api_version: 2.60
    verify: false
    cacert: /nonexistent/ca.pem
`;

const SECURE = `
clouds:
  prod:
    auth:
      password: alice-secret
  lab:
    auth:
      application_credential_secret: lab-secret
`;

describe("OS_* environment", () => {
  it("resolves password auth with a project scope from OS_* variables", () => {
    const c = resolveCloudConfig({}, env(PASSWORD_ENV), cwd);
    expect(c.source).toBe("the OS_* environment");
    expect(c.authUrl).toBe("http://127.0.0.1:5000/v3");
    expect(c.auth.type).toBe("password");
    expect(c.auth.type === "password" && c.auth.user).toEqual({ name: "demo", domain: { name: "Default" } });
    expect(c.auth.type === "password" && c.auth.password.reveal()).toBe("demo-secret");
    expect(c.scope).toEqual({ kind: "project", project: { name: "demo", domain: { name: "Default" } } });
    expect(c.region).toBe("RegionOne");
    expect(c.interface).toBe("public");
    expect(c.tls).toEqual({ insecure: false, cacert: undefined, cert: undefined, key: undefined });
    expect(c.microversion).toBeUndefined();
    expect(c.concurrency).toBe(16);
  });

  it("takes user and project by id, and OS_DOMAIN_ID fills the domains", () => {
    const c = resolveCloudConfig({}, env({ OS_AUTH_URL: "http://k:5000/v3", OS_USER_ID: "u1", OS_PASSWORD: "p", OS_PROJECT_ID: "p1" }), cwd);
    expect(c.auth.type === "password" && c.auth.user).toEqual({ id: "u1" });
    expect(c.scope).toEqual({ kind: "project", project: { id: "p1" } });
    const d = resolveCloudConfig({}, env({ OS_AUTH_URL: "http://k:5000/v3", OS_USERNAME: "u", OS_PASSWORD: "p", OS_TENANT_NAME: "t", OS_DOMAIN_ID: "default" }), cwd);
    expect(d.auth.type === "password" && d.auth.user).toEqual({ name: "u", domain: { id: "default" } });
    expect(d.scope).toEqual({ kind: "project", project: { name: "t", domain: { id: "default" } } });
  });

  it("resolves an application credential by id (no scope) and by name with its user", () => {
    const byId = resolveCloudConfig({}, env({ OS_AUTH_URL: "http://k:5000/v3", OS_APPLICATION_CREDENTIAL_ID: "ac1", OS_APPLICATION_CREDENTIAL_SECRET: "s3cr3t", OS_PROJECT_NAME: "ignored" }), cwd);
    expect(byId.auth).toMatchObject({ type: "application_credential", credential: { id: "ac1" } });
    expect(byId.scope).toEqual({ kind: "unscoped" });
    const byName = resolveCloudConfig(
      {},
      env({ OS_AUTH_URL: "http://k:5000/v3", OS_APPLICATION_CREDENTIAL_NAME: "ci", OS_APPLICATION_CREDENTIAL_SECRET: "s", OS_USERNAME: "demo", OS_USER_DOMAIN_NAME: "Default" }),
      cwd,
    );
    expect(byName.auth).toMatchObject({ type: "application_credential", credential: { name: "ci", user: { name: "demo", domain: { name: "Default" } } } });
  });

  it("resolves token auth from OS_TOKEN or OS_AUTH_TOKEN", () => {
    for (const name of ["OS_TOKEN", "OS_AUTH_TOKEN"]) {
      const c = resolveCloudConfig({}, env({ OS_AUTH_URL: "http://k:5000/v3", [name]: "gAAAA-token", OS_PROJECT_ID: "p1" }), cwd);
      expect(c.auth.type).toBe("token");
      expect(c.auth.type === "token" && c.auth.token.reveal()).toBe("gAAAA-token");
      expect(c.scope).toEqual({ kind: "project", project: { id: "p1" } });
    }
  });

  it("reads OS_ENDPOINT_TYPE (as the Terraform provider does), OS_INSECURE and OS_COMPUTE_API_VERSION", () => {
    const c = resolveCloudConfig({}, env({ ...PASSWORD_ENV, OS_ENDPOINT_TYPE: "internalURL", OS_INSECURE: "true", OS_COMPUTE_API_VERSION: "2.6" }), cwd);
    expect(c.interface).toBe("internal");
    expect(c.tls.insecure).toBe(true);
    expect(c.microversion).toBe("2.6");
    // OS_INTERFACE wins over OS_ENDPOINT_TYPE.
    expect(resolveCloudConfig({}, env({ ...PASSWORD_ENV, OS_INTERFACE: "admin", OS_ENDPOINT_TYPE: "internal" }), cwd).interface).toBe("admin");
  });

  it("finds OS_CACERT, OS_CERT and OS_KEY files, relative to cwd", () => {
    tree.write("work/ca.pem", "x");
    tree.write("work/client.pem", "x");
    tree.write("work/client.key", "x");
    const c = resolveCloudConfig({}, env({ ...PASSWORD_ENV, OS_CACERT: "ca.pem", OS_CERT: "client.pem", OS_KEY: "client.key" }), cwd);
    expect(c.tls).toEqual({ insecure: false, cacert: tree.path("work/ca.pem"), cert: tree.path("work/client.pem"), key: tree.path("work/client.key") });
  });

  it("lets explicit settings override the environment", () => {
    tree.write("work/other-ca.pem", "x");
    const c = resolveCloudConfig(
      { region: "RegionTwo", interface: "admin", microversion: "2.60", cacert: "other-ca.pem", insecure: false, computeEndpoint: "https://nova.example.com:8774/v2.1/", concurrency: 4, deadlineMs: 5000, requestTimeoutMs: 1000 },
      env({ ...PASSWORD_ENV, OS_INTERFACE: "internal", OS_COMPUTE_API_VERSION: "2.6", OS_INSECURE: "true" }),
      cwd,
    );
    expect(c).toMatchObject({ region: "RegionTwo", interface: "admin", microversion: "2.60", computeEndpoint: "https://nova.example.com:8774/v2.1", concurrency: 4, deadlineMs: 5000, requestTimeoutMs: 1000 });
    expect(c.tls).toMatchObject({ insecure: false, cacert: tree.path("work/other-ca.pem") });
  });
});

describe("clouds.yaml and secure.yaml", () => {
  it("reads the cloud named by OS_CLOUD from ~/.config/openstack, with secure.yaml merged over it", () => {
    tree.write("home/.config/openstack/clouds.yaml", CLOUDS);
    tree.write("home/.config/openstack/secure.yaml", SECURE);
    const c = resolveCloudConfig({}, env({ OS_CLOUD: "prod" }), cwd);
    expect(c.cloud).toBe("prod");
    expect(c.source).toContain(`cloud "prod" in ${tree.path("home/.config/openstack/clouds.yaml")}`);
    expect(c.auth.type === "password" && c.auth.password.reveal()).toBe("alice-secret");
    expect(c.region).toBe("RegionTwo");
    expect(c.interface).toBe("internal");
    // The failsafe schema keeps "2.10" as written (a YAML float would make it 2.1).
    expect(c.microversion).toBe("2.10");
  });

  it("prefers the current directory over ~/.config/openstack, and OS_CLIENT_CONFIG_FILE over both", () => {
    tree.write("home/.config/openstack/clouds.yaml", "clouds:\n  a:\n    auth: {auth_url: http://home:5000/v3, token: t}\n");
    tree.write("work/clouds.yaml", "clouds:\n  a:\n    auth: {auth_url: http://cwd:5000/v3, token: t}\n");
    expect(resolveCloudConfig({ cloud: "a" }, env(), cwd).authUrl).toBe("http://cwd:5000/v3");
    const explicit = tree.write("elsewhere/my-clouds.yml", "clouds:\n  a:\n    auth: {auth_url: http://explicit:5000/v3, token: t}\n");
    expect(resolveCloudConfig({ cloud: "a" }, env({ OS_CLIENT_CONFIG_FILE: explicit }), cwd).authUrl).toBe("http://explicit:5000/v3");
  });

  it("uses a file's only cloud without a name, and the settings' cloud over OS_CLOUD", () => {
    tree.write("work/clouds.yaml", "clouds:\n  solo:\n    auth: {auth_url: http://solo:5000/v3, token: t}\n");
    expect(resolveCloudConfig({}, env(), cwd).cloud).toBe("solo");
    tree.write("work/clouds.yaml", CLOUDS);
    tree.write("work/secure.yaml", SECURE);
    expect(resolveCloudConfig({ cloud: "lab" }, env({ OS_CLOUD: "prod" }), cwd).cloud).toBe("lab");
  });

  it("lets OS_* fill what the cloud lacks, never override what it sets", () => {
    tree.write("work/clouds.yaml", CLOUDS);
    const c = resolveCloudConfig({}, env({ OS_CLOUD: "prod", OS_PASSWORD: "from-env", OS_REGION_NAME: "RegionNine", OS_INTERFACE: "public" }), cwd);
    expect(c.auth.type === "password" && c.auth.password.reveal()).toBe("from-env");
    expect(c.region).toBe("RegionTwo");
    expect(c.interface).toBe("internal");
  });

  it("applies regions, their per-region values, auth_type and verify: false (which wins over cacert)", () => {
    tree.write("work/clouds.yaml", CLOUDS);
    tree.write("work/secure.yaml", SECURE);
    const first = resolveCloudConfig({ cloud: "lab" }, env(), cwd);
    expect(first.region).toBe("RegionOne");
    expect(first.interface).toBe("public");
    expect(first.auth).toMatchObject({ type: "application_credential", credential: { id: "0824" } });
    expect(first.tls).toMatchObject({ insecure: true, cacert: undefined });
    const second = resolveCloudConfig({ cloud: "lab", region: "RegionTwo" }, env(), cwd);
    expect(second).toMatchObject({ region: "RegionTwo", interface: "admin", microversion: "2.60" });
  });

  it("reads clouds.json too", () => {
    tree.write("work/clouds.json", JSON.stringify({ clouds: { j: { auth: { auth_url: "http://j:5000/v3", token: "t" }, verify: true } } }));
    expect(resolveCloudConfig({}, env(), cwd)).toMatchObject<Partial<CloudConfig>>({ cloud: "j", authUrl: "http://j:5000/v3" });
  });
});

describe("configuration errors name the setting and the fix", () => {
  it("no credentials at all", () => {
    const e = configError(() => resolveCloudConfig({}, env(), cwd));
    expect(e.message).toMatch(/^no credentials: OS_CLOUD and OS_AUTH_URL are unset, and there is no clouds.yaml in .*Source your cloud's openrc file/);
  });

  it("an unknown cloud name lists the known ones", () => {
    tree.write("work/clouds.yaml", CLOUDS);
    const e = configError(() => resolveCloudConfig({}, env({ OS_CLOUD: "staging" }), cwd));
    expect(e.message).toContain(`OS_CLOUD names cloud "staging", which ${tree.path("work/clouds.yaml")} does not define (it defines: prod, lab)`);
  });

  it("a cloud name without any clouds.yaml", () => {
    const e = configError(() => resolveCloudConfig({ cloud: "prod" }, env(), cwd));
    expect(e.message).toMatch(/the cloud setting names cloud "prod", but there is no clouds.yaml in /);
  });

  it("clouds.yaml that is not YAML reports the spot without quoting the file", () => {
    tree.write("work/clouds.yaml", "clouds:\n  prod:\n    auth: {password: hunter2-secret\n");
    const e = configError(() => resolveCloudConfig({}, env({ OS_CLOUD: "prod" }), cwd));
    expect(e.message).toMatch(/clouds.yaml is not valid YAML \([A-Z_]+ at line \d\)/);
    expect(e.message).not.toContain("hunter2");
  });

  it("clouds.yaml without a clouds: mapping", () => {
    tree.write("work/clouds.yaml", "- just\n- a list\n");
    expect(configError(() => resolveCloudConfig({}, env(), cwd)).message).toContain('has no "clouds:" mapping');
  });

  it("several clouds and none chosen", () => {
    tree.write("work/clouds.yaml", CLOUDS);
    expect(configError(() => resolveCloudConfig({}, env(), cwd)).message).toContain("defines several clouds (prod, lab) and none is chosen. Set OS_CLOUD");
  });

  it("missing auth_url", () => {
    tree.write("work/clouds.yaml", "clouds:\n  x:\n    auth: {username: u, password: p}\n");
    expect(configError(() => resolveCloudConfig({}, env(), cwd)).message).toContain('has no Keystone URL: auth.auth_url of cloud "x"');
  });

  it("auth_url that is not http(s)", () => {
    const e = configError(() => resolveCloudConfig({}, env({ ...PASSWORD_ENV, OS_AUTH_URL: "ftp://k/v3" }), cwd));
    expect(e.message).toBe('OS_AUTH_URL "ftp://k/v3" is not an http(s) URL. Use an http:// or https:// URL.');
    expect(configError(() => resolveCloudConfig({}, env({ ...PASSWORD_ENV, OS_AUTH_URL: "keystone:5000" }), cwd)).message).toContain("OS_AUTH_URL");
  });

  it("credentials inside the auth URL are refused without being echoed", () => {
    const e = configError(() => resolveCloudConfig({}, env({ ...PASSWORD_ENV, OS_AUTH_URL: "http://bob:pa55word@k:5000/v3" }), cwd));
    expect(e.message).toContain("carries credentials in the URL");
    expect(e.message).not.toContain("pa55word");
  });

  it("a CA file that does not exist", () => {
    const e = configError(() => resolveCloudConfig({}, env({ ...PASSWORD_ENV, OS_CACERT: "/nowhere/ca.pem" }), cwd));
    expect(e.message).toBe("OS_CACERT names /nowhere/ca.pem, which does not exist or is not a file. Fix the path, or unset it.");
  });

  it("a microversion that is not X.Y, from each source", () => {
    expect(configError(() => resolveCloudConfig({ microversion: "latest" }, env(PASSWORD_ENV), cwd)).message).toContain('the microversion setting is "latest", not of the form X.Y');
    expect(configError(() => resolveCloudConfig({}, env({ ...PASSWORD_ENV, OS_COMPUTE_API_VERSION: "2.x" }), cwd)).message).toContain('OS_COMPUTE_API_VERSION is "2.x", not a microversion of the form X.Y');
    // A bare major version names the API, not a microversion: it means "unset".
    expect(resolveCloudConfig({}, env({ ...PASSWORD_ENV, OS_COMPUTE_API_VERSION: "2" }), cwd).microversion).toBeUndefined();
  });

  it("a password without a user, a user name without a domain, a project without a domain", () => {
    expect(configError(() => resolveCloudConfig({}, env({ OS_AUTH_URL: "http://k/v3", OS_PASSWORD: "p" }), cwd)).message).toContain("password authentication needs a user, and neither OS_USERNAME nor OS_USER_ID is set");
    expect(configError(() => resolveCloudConfig({}, env({ OS_AUTH_URL: "http://k/v3", OS_USERNAME: "u", OS_PASSWORD: "p" }), cwd)).message).toContain('user "u" needs a domain, and OS_USER_DOMAIN_NAME is not set');
    expect(
      configError(() => resolveCloudConfig({}, env({ OS_AUTH_URL: "http://k/v3", OS_USER_ID: "u", OS_PASSWORD: "p", OS_PROJECT_NAME: "x" }), cwd)).message,
    ).toContain('project "x" needs a domain, and OS_PROJECT_DOMAIN_NAME is not set');
  });

  it("no credentials in the environment beyond the auth URL; an app credential without its secret", () => {
    expect(configError(() => resolveCloudConfig({}, env({ OS_AUTH_URL: "http://k/v3" }), cwd)).message).toMatch(/^no credentials found\. Set OS_USERNAME and OS_PASSWORD/);
    expect(configError(() => resolveCloudConfig({}, env({ OS_AUTH_URL: "http://k/v3", OS_APPLICATION_CREDENTIAL_ID: "a" }), cwd)).message).toContain(
      "application-credential authentication needs OS_APPLICATION_CREDENTIAL_SECRET, which is not set",
    );
  });

  it("an unsupported auth_type, a bad interface, a bad OS_INSECURE, a region outside the cloud's list", () => {
    expect(configError(() => resolveCloudConfig({}, env({ ...PASSWORD_ENV, OS_AUTH_TYPE: "v3oidcpassword" }), cwd)).message).toContain('OS_AUTH_TYPE is "v3oidcpassword", an auth type this client does not support');
    expect(configError(() => resolveCloudConfig({}, env({ ...PASSWORD_ENV, OS_INTERFACE: "private" }), cwd)).message).toContain('OS_INTERFACE is "private", not an endpoint interface');
    expect(configError(() => resolveCloudConfig({}, env({ ...PASSWORD_ENV, OS_INSECURE: "maybe" }), cwd)).message).toContain('OS_INSECURE is "maybe", not a boolean');
    tree.write("work/clouds.yaml", CLOUDS);
    tree.write("work/secure.yaml", SECURE);
    expect(configError(() => resolveCloudConfig({ cloud: "lab", region: "RegionNine" }, env(), cwd)).message).toContain('region "RegionNine" is not among the regions of cloud "lab"');
  });

  it("bad numeric settings", () => {
    expect(configError(() => resolveCloudConfig({ concurrency: 0 }, env(PASSWORD_ENV), cwd)).message).toContain("concurrency is 0, not a positive integer");
    expect(configError(() => resolveCloudConfig({ deadlineMs: -1 }, env(PASSWORD_ENV), cwd)).message).toContain("deadlineMs is -1, not a positive number");
  });

  it("never puts a secret in a message, and a resolved config prints its secrets redacted", () => {
    const c = resolveCloudConfig({}, env(PASSWORD_ENV), cwd);
    const printed = JSON.stringify(c) + String(c.auth.type === "password" ? c.auth.password : "") + inspect(c, { depth: 5 });
    expect(printed).not.toContain("demo-secret");
    expect(printed).toContain("[redacted]");
  });
});
