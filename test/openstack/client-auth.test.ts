/**
 * lib/openstack against the real Keystone: every way of authenticating and of
 * giving the settings (OS_* variables, clouds.yaml with secure.yaml), each
 * proven by a console URL the real Nova issued for the server.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { OpenStackError } from "../../lib/openstack";
import { passwordToken } from "./support/raw-http";
import { NOVNC, expectIssuedFor, sandbox, type Sandbox } from "./support/real-client";
import { knownSecrets, passwordEnv, realOpenStack } from "./support/real-env";

const real = realOpenStack();
const vm1 = { id: real.servers.active, name: "vm1" };
let box: Sandbox;

beforeEach(() => {
  box = sandbox();
});

afterEach(async () => {
  for (const secret of knownSecrets()) expect(box.log.join("\n")).not.toContain(secret);
  await box.dispose();
});

/** OS_* for the suite's application credential, with nothing of the password user left. */
function appCredentialEnv(extra: Record<string, string>): Record<string, string> {
  return {
    OS_AUTH_URL: real.authUrl,
    OS_AUTH_TYPE: "v3applicationcredential",
    OS_APPLICATION_CREDENTIAL_SECRET: real.appCredential.secret,
    OS_REGION_NAME: "RegionOne",
    ...extra,
  };
}

/** Writes `file` (clouds.yaml or secure.yaml) in the sandbox with these cloud entries. */
function writeClouds(file: "clouds.yaml" | "secure.yaml", clouds: Record<string, unknown>): void {
  writeFileSync(join(box.dir, file), stringify({ clouds }));
}

test("password from OS_* variables: one token, project admin, a real console", async () => {
  const client = await box.connect(passwordEnv("admin"));
  const minted = await client.createConsole(vm1, NOVNC);

  expectIssuedFor(minted.url, vm1.id);
  expect(client.info.projectId).toBe(real.adminProjectId);
  expect(client.info.source).toMatch(/OS_/);
  expect(client.stats().tokenRequests).toBe(1);
});

test("a project member's password mints a console for a server of its own project", async () => {
  const client = await box.connect(passwordEnv("demo"));
  const minted = await client.createConsole({ id: real.servers.demo, name: "vm-demo" }, NOVNC);

  expectIssuedFor(minted.url, real.servers.demo);
  expect(client.info.projectId).toBe(real.demoProjectId);
});

test("application credential by id and secret", async () => {
  const client = await box.connect(appCredentialEnv({ OS_APPLICATION_CREDENTIAL_ID: real.appCredential.id }));
  const minted = await client.createConsole(vm1, NOVNC);

  expectIssuedFor(minted.url, vm1.id);
  expect(client.info.projectId).toBe(real.adminProjectId);
  expect(client.stats().tokenRequests).toBe(1);
});

test("application credential by name and user", async () => {
  const client = await box.connect(
    appCredentialEnv({
      OS_APPLICATION_CREDENTIAL_NAME: real.appCredential.name,
      OS_USERNAME: real.appCredential.user,
      OS_USER_DOMAIN_NAME: "Default",
    }),
  );
  const minted = await client.createConsole(vm1, NOVNC);

  expectIssuedFor(minted.url, vm1.id);
  expect(client.info.projectId).toBe(real.adminProjectId);
});

test("an existing token (OS_TOKEN) is exchanged for one scoped to the project", async () => {
  const issued = await passwordToken(real.authUrl, "admin", real.adminPassword, "admin");
  const client = await box.connect({
    OS_AUTH_URL: real.authUrl,
    OS_AUTH_TYPE: "v3token",
    OS_TOKEN: issued.token,
    OS_PROJECT_NAME: "admin",
    OS_PROJECT_DOMAIN_NAME: "Default",
  });
  const minted = await client.createConsole(vm1, NOVNC);

  expectIssuedFor(minted.url, vm1.id);
  expect(client.info.projectId).toBe(real.adminProjectId);
  expect(client.stats().tokenRequests).toBe(1);
  expect(box.log.join("\n")).not.toContain(issued.token);
});

test("clouds.yaml in the working directory, the password in secure.yaml, chosen by the cloud setting", async () => {
  writeClouds("clouds.yaml", {
    real: {
      auth: { auth_url: real.authUrl, username: "admin", project_name: "admin", user_domain_name: "Default", project_domain_name: "Default" },
      region_name: "RegionOne",
      interface: "public",
    },
  });
  writeClouds("secure.yaml", { real: { auth: { password: real.adminPassword } } });
  const client = await box.connect({}, { cloud: "real" });
  const minted = await client.createConsole(vm1, NOVNC);

  expectIssuedFor(minted.url, vm1.id);
  expect(client.info.source).toContain("clouds.yaml");
  expect(client.info.source).toContain('"real"');
  expect(client.info.source).not.toContain(real.adminPassword);
});

test("clouds.yaml with an application credential, chosen by OS_CLOUD", async () => {
  writeClouds("clouds.yaml", {
    appcred: {
      auth_type: "v3applicationcredential",
      auth: { auth_url: real.authUrl, application_credential_id: real.appCredential.id, application_credential_secret: real.appCredential.secret },
      region_name: "RegionOne",
    },
  });
  const client = await box.connect({ OS_CLOUD: "appcred" });
  const minted = await client.createConsole(vm1, NOVNC);

  expectIssuedFor(minted.url, vm1.id);
  expect(client.info.source).toContain('"appcred"');
});

test("a wrong password: an auth error quoting Keystone's 401, without the password", async () => {
  const wrong = "not-the-password-1234";
  const failure = await box.connect({ ...passwordEnv("admin"), OS_PASSWORD: wrong }).catch((err: unknown) => err);

  expect(failure).toBeInstanceOf(OpenStackError);
  const error = failure as OpenStackError;
  expect(error.kind).toBe("auth");
  expect(error.message).toBe(
    'POST /v3/auth/tokens with the password of user "admin" (domain "Default"): Keystone answered 401 Unauthorized: ' +
      '"The request you have made requires authentication." Bad credentials: check the user name and password ' +
      "(or the application credential's id and secret, or the token, which may have expired).",
  );
  expect(error.message).not.toContain(wrong);
});

test("a wrong application credential secret: an auth error without the secret", async () => {
  const wrong = "wrong-secret-5678";
  const failure = await box
    .connect(appCredentialEnv({ OS_APPLICATION_CREDENTIAL_ID: real.appCredential.id, OS_APPLICATION_CREDENTIAL_SECRET: wrong }))
    .catch((err: unknown) => err);

  expect(failure).toBeInstanceOf(OpenStackError);
  expect((failure as OpenStackError).kind).toBe("auth");
  expect((failure as OpenStackError).message).toContain("Keystone answered 401 Unauthorized");
  expect((failure as OpenStackError).message).not.toContain(wrong);
});
