import { OpenStackError, type ErrorKind } from "../errors";
import { errorBodyMessage, statusLine } from "../http/error-body";
import type { Outcome } from "../http/executor";
import type { AuthMethod } from "../config/types";
import { describeAuth } from "./requests";

/** A token request that did not end in 201, as an error saying what to fix. */
export function keystoneFailure(outcome: Outcome, call: string, auth: AuthMethod): OpenStackError {
  const credentials = describeAuth(auth);
  const { status, text } = outcome.response;
  const said = `Keystone answered ${statusLine(status)}: "${errorBodyMessage(text)}"`;
  const context = { status, call };
  const fail = (kind: ErrorKind, hint: string) => new OpenStackError(kind, `${call} with ${credentials}: ${said}`, hint, context);
  switch (status) {
    case 400:
      return fail("bad-request", "Check the user, project and domain settings (names need their domain: OS_USER_DOMAIN_NAME, OS_PROJECT_DOMAIN_NAME).");
    case 401:
      return fail("auth", "Bad credentials: check the user name and password (or the application credential's id and secret, or the token, which may have expired).");
    case 403:
      return fail("forbidden", "The user may not get a token for this scope: check the project, or ask for a role on it.");
    case 404:
      // The token method answers 404 for a token Keystone no longer knows.
      if (auth.type === "token") return fail("auth", "The token has expired or was revoked: get a new one (openstack token issue) or use a password or application credential.");
      return fail("not-found", "Check the auth URL (it should be Keystone's, usually ending in /v3) and the project and domain names.");
    case 429:
      return fail("server-error", "Keystone is rate-limiting token requests; wait a minute and try again.");
    default:
      return status >= 500
        ? fail("server-error", `Keystone is failing${outcome.gaveUp ? ` (gave up after ${outcome.attempts} attempts)` : ""}; try again later or tell the cloud's operator.`)
        : fail("auth", "Keystone did not issue a token; check the credentials and the auth URL.");
  }
}
