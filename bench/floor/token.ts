/** The floor's token, issued before its clock starts (the floor measures minting, not Keystone). */
import { request } from "undici";

/** Issues one Keystone token with the password credentials in `env` (the emulator's OS_* set). */
export async function issueToken(env: Record<string, string>): Promise<string> {
  const body = {
    auth: {
      identity: {
        methods: ["password"],
        password: {
          user: { name: env.OS_USERNAME, domain: { name: env.OS_USER_DOMAIN_NAME }, password: env.OS_PASSWORD },
        },
      },
      scope: { project: { name: env.OS_PROJECT_NAME, domain: { name: env.OS_PROJECT_DOMAIN_NAME } } },
    },
  };
  const res = await request(`${env.OS_AUTH_URL.replace(/\/$/, "")}/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await res.body.dump();
  const token = res.headers["x-subject-token"];
  if (res.statusCode !== 201 || typeof token !== "string") {
    throw new Error(`floor: Keystone answered ${res.statusCode} to the token request`);
  }
  return token;
}
