/** The floor's token, issued before its clock starts (the floor measures minting, not Keystone). */
import { request } from "undici";
import { Secret } from "../../lib/openstack/config/secret";
import { tokenRequestBody } from "../../lib/openstack/identity/tokens";

/** Issues one Keystone token with the password credentials in `env` (the emulator's OS_* set). */
export async function issueToken(env: Record<string, string>): Promise<string> {
  const body = tokenRequestBody(
    { type: "password", user: { name: env.OS_USERNAME, domain: { name: env.OS_USER_DOMAIN_NAME } }, password: new Secret(env.OS_PASSWORD) },
    { kind: "project", project: { name: env.OS_PROJECT_NAME, domain: { name: env.OS_PROJECT_DOMAIN_NAME } } },
  );
  const res = await request(`${env.OS_AUTH_URL.replace(/\/$/, "")}/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  await res.body.dump();
  const token = res.headers["x-subject-token"];
  if (res.statusCode !== 201 || typeof token !== "string") {
    throw new Error(`floor: Keystone answered ${res.statusCode} to the token request`);
  }
  return token;
}
