const USER_AGENT = "openstack-console-cdktf";

/** Headers of an authenticated compute call at a microversion: both microversion headers, as Nova accepts either. */
export function computeHeaders(token: string, microversion: string, withBody: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    accept: "application/json",
    "user-agent": USER_AGENT,
    "x-auth-token": token,
    "openstack-api-version": `compute ${microversion}`,
    "x-openstack-nova-api-version": microversion,
  };
  if (withBody) headers["content-type"] = "application/json";
  return headers;
}
