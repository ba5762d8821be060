import { OpenStackError, type ErrorKind } from "../errors";
import type { Deadline } from "../http/deadline";
import { errorBodyMessage, statusLine } from "../http/error-body";
import type { Outcome } from "../http/executor";

export interface FailureContext {
  /** e.g. "POST /servers/{id}/remote-consoles (vnc/novnc at 2.8)" */
  readonly call: string;
  readonly server?: { readonly id: string; readonly name?: string };
  /** "vnc/novnc" when the call mints a console. */
  readonly pair?: string;
  readonly deadline?: Deadline;
}

const VIRTUOZZO = "Virtuozzo Infrastructure offers vnc/novnc only";

/** A Nova answer that is not a success, as an error saying which server, which call, what Nova said and what to do. */
export function novaFailure(outcome: Outcome, context: FailureContext): OpenStackError {
  const { status, text } = outcome.response;
  const said = errorBodyMessage(text);
  const retried = outcome.attempts > 1 ? ` (${outcome.attempts} attempts)` : "";
  const problem = `${context.call} answered ${statusLine(status)}${retried}: "${said}"`;
  const fail = (kind: ErrorKind, hint: string, detail: string = problem) =>
    new OpenStackError(kind, detail, hint, { status, call: context.call, serverId: context.server?.id, serverName: context.server?.name });
  const console = context.pair !== undefined;

  switch (status) {
    case 400:
      return console
        ? fail("unsupported", `This cloud does not offer ${context.pair} consoles (${VIRTUOZZO}); choose a type the cloud enables.`)
        : fail("bad-request", "The cloud refused the request as malformed; report it with this message.");
    case 401:
      return fail("auth", "Nova refused the token even after a fresh login: check that the credentials are still valid and that Keystone and Nova belong to the same cloud and region.");
    case 403:
      return console
        ? fail("forbidden", "The user's role lacks the console policy (os_compute_api:os-remote-consoles): it needs the member or admin role on the server's project; a reader is refused.")
        : fail("forbidden", "The user's role may not do this (listing all projects' servers needs admin).");
    case 404:
      return context.server
        ? fail("not-found", "The server is gone: was it deleted outside Terraform? Remove it from the stack or run `terraform apply -refresh-only`; or it belongs to another project than the credentials' (check OS_PROJECT_NAME).")
        : fail("not-found", "Check the compute endpoint (catalog region and interface, or --os-compute-endpoint).");
    case 406:
      return fail("unsupported", "The cloud refused the microversion; ask for a lower one (the default is 2.8).");
    case 409:
      return outcome.gaveUp === "deadline" && context.deadline
        ? fail(
            "not-ready",
            "The server has no host yet (still building, or it failed scheduling: see `openstack server show`); retry later or raise the timeout.",
            `still not ready when the deadline of ${context.deadline.describe()} passed; ${problem}`,
          )
        : fail("not-ready", "The server has no host (still building, or it failed scheduling or was shelved: see `openstack server show`); retry once it is ACTIVE.");
    case 429:
      return fail("server-error", "The cloud is rate-limiting requests; wait and retry, or lower the concurrency.");
    case 501:
      return fail("unsupported", `This cloud's hypervisor offers no ${context.pair ?? "such"} console (${VIRTUOZZO}); choose another console type.`);
    default:
      if (status >= 500) {
        const deleting = /InstanceInvalidState/.test(text);
        const detail = outcome.gaveUp === "deadline" && context.deadline ? `still failing when the deadline of ${context.deadline.describe()} passed; ${problem}` : problem;
        return fail(
          "server-error",
          deleting
            ? "The server is being deleted or migrated (Nova answers 500 then); wait for that to finish, and check that the server still exists."
            : `Nova is failing${outcome.gaveUp ? `, still after ${outcome.attempts} attempts` : ""}; try again later or tell the cloud's operator.`,
          detail,
        );
      }
      return fail("bad-request", "Unexpected answer from Nova; report it with this message.");
  }
}
