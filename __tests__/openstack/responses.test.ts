/**
 * Parsing and error mapping on responses recorded from real Keystone and Nova
 * (Zed): the bodies in fixtures/ are verbatim from recorded-real-nova-zed.md.
 */
import { novaFailure } from "../../lib/openstack/compute/errors";
import { parseConsole } from "../../lib/openstack/compute/legacy-actions";
import { parseCreated } from "../../lib/openstack/compute/remote-consoles";
import { keystoneFailure, parseIssuedToken } from "../../lib/openstack/identity/tokens";
import { Deadline } from "../../lib/openstack/http/deadline";
import { errorBodyMessage } from "../../lib/openstack/http/error-body";
import { Secret, cloudSaid } from "../../lib/openstack";
import { outcomeOf, recorded } from "./support/fixtures";

const CALL = "POST /servers/{id}/remote-consoles (vnc/novnc at 2.8)";
const SERVER = { id: "2adc7bdc-0dbd-49ea-85a9-fe63084c178a", name: "vm1" };
const consoleFailure = (name: string, extra: Parameters<typeof outcomeOf>[1] = {}, pair = "vnc/novnc") =>
  novaFailure(outcomeOf(name, extra), { call: CALL, server: SERVER, pair, deadline: new Deadline(30_000) });

describe("successful answers", () => {
  it("reads a remote console", () => {
    const r = recorded("remote-console-2.8");
    expect(parseCreated(r.body, CALL)).toEqual({ protocol: "vnc", type: "novnc", url: "http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3D9abda91b-4924-4ad8-a220-e9e2c5335edd" });
  });

  it("reads a legacy os-getVNCConsole answer", () => {
    expect(parseConsole(recorded("legacy-vnc-2.1").body, "POST /servers/{id}/action")).toEqual({
      type: "novnc",
      url: "http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3Ddc0d940c-9bbe-4657-b5eb-fa42772c466d",
    });
  });

  it("reads a token (password and application credential): header token, lifetime, catalog, project", () => {
    for (const name of ["keystone-token-password", "keystone-token-appcred"]) {
      const r = recorded(name);
      const t = parseIssuedToken({ status: r.status, headers: r.headers, text: r.body }, "POST /v3/auth/tokens");
      expect(t.token).toBe(r.headers["x-subject-token"]);
      // issued_at 23:47, expires_at 00:47: Keystone's default hour.
      expect(t.lifetimeMs).toBe(3_600_000);
      expect(t.catalog).toHaveLength(5);
      expect(t.project).toMatchObject({ id: "5a93652a423c42c1af3d413cc7c46f74", name: "admin" });
    }
  });

  it("refuses a 200 without a URL rather than returning an empty console", () => {
    expect(() => parseCreated('{"remote_console": {"protocol": "vnc"}}', CALL)).toThrow("answered 200 without a remote_console URL");
    expect(() => parseCreated(recorded("get-remote-consoles-html-404").body, CALL)).toThrow("without a remote_console URL");
  });
});

describe("Nova's errors, as recorded, become one line with server, call, status, Nova's words and the fix", () => {
  it("404: the server is gone", () => {
    const e = consoleFailure("remote-console-404");
    expect(e.kind).toBe("not-found");
    expect(e.status).toBe(404);
    expect(e.message).toBe(
      `server "vm1" (${SERVER.id}): ${CALL} answered 404 Not Found: "Instance 00000000-0000-4000-8000-000000000000 could not be found." The server is gone: was it deleted outside Terraform? Remove it from the stack or run \`terraform apply -refresh-only\`; or it belongs to another project than the credentials' (check OS_PROJECT_NAME).`,
    );
  });

  it("400 for the pair: the cloud does not offer that console type (Virtuozzo: vnc/novnc only)", () => {
    for (const name of ["remote-console-400-unavailable", "remote-console-400-invalid-type", "remote-console-400-mks-at-2.6"]) {
      const e = consoleFailure(name, {}, "spice/spice-html5");
      expect(e.kind).toBe("unsupported");
      expect(e.message).toContain("This cloud does not offer spice/spice-html5 consoles (Virtuozzo Infrastructure offers vnc/novnc only)");
    }
    expect(consoleFailure("remote-console-400-unavailable").message).toContain('answered 400 Bad Request: "Unavailable console type spice-html5."');
  });

  it("403: the role lacks the console policy", () => {
    const e = consoleFailure("remote-console-403");
    expect(e.kind).toBe("forbidden");
    expect(e.message).toContain(`answered 403 Forbidden: "Policy doesn't allow os_compute_api:os-remote-consoles to be performed." The user's role lacks the console policy (os_compute_api:os-remote-consoles)`);
  });

  it("409 after the deadline: still not ready, naming the server", () => {
    const e = consoleFailure("remote-console-409", { attempts: 7, gaveUp: "deadline" });
    expect(e.kind).toBe("not-ready");
    expect(e.message).toMatch(/^server "vm1" \(2adc7bdc-[^)]+\): still not ready when the deadline of 30 s passed; .* answered 409 Conflict \(7 attempts\): "Instance 2fa2421e-7cc3-44ee-afc6-dc62b1ae8c6e is not ready"/);
  });

  it("500 while the server is being deleted says so", () => {
    const e = consoleFailure("remote-console-500-deleting", { attempts: 6, gaveUp: "attempts" });
    expect(e.kind).toBe("server-error");
    expect(e.message).toContain("The server is being deleted or migrated");
    expect(e.message).toContain("(6 attempts)");
    // The bug-report URL in Nova's text stays, minus nothing it has no query string to lose.
    expect(e.message).toContain("Unexpected API Error");
  });

  it("401 after a fresh login, 406", () => {
    expect(consoleFailure("remote-console-401").kind).toBe("auth");
    const e = consoleFailure("remote-console-406");
    expect(e.kind).toBe("unsupported");
    expect(e.message).toContain("Version 2.94 is not supported by the API. Minimum is 2.1 and maximum is 2.93.");
  });

  it("501: no such console on this hypervisor (Nova's own wording, which the fake driver cannot produce)", () => {
    const outcome = { response: { status: 501, headers: {}, text: '{"notImplemented": {"code": 501, "message": "The requested functionality is not supported."}}' }, attempts: 1 };
    const e = novaFailure(outcome, { call: CALL, server: SERVER, pair: "spice/spice-html5" });
    expect(e.kind).toBe("unsupported");
    expect(e.message).toContain("This cloud's hypervisor offers no spice/spice-html5 console (Virtuozzo Infrastructure offers vnc/novnc only)");
  });

  it("Keystone's 401 names the credentials, never the secret", () => {
    const r = recorded("keystone-401");
    const password = { type: "password" as const, user: { name: "admin", domain: { name: "Default" } }, password: new Secret("admin-secret") };
    const e = keystoneFailure({ response: { status: 401, headers: r.headers, text: r.body }, attempts: 1 }, "POST /v3/auth/tokens", password);
    expect(e.kind).toBe("auth");
    expect(e.message).toBe(
      'POST /v3/auth/tokens with the password of user "admin" (domain "Default"): Keystone answered 401 Unauthorized: "The request you have made requires authentication." Bad credentials: check the user name and password (or the application credential\'s id and secret, or the token, which may have expired).',
    );
  });
});

describe("cloud text is made safe before it reaches a message", () => {
  it("drops query strings (where console tokens live), token-like values, markup and newlines", () => {
    expect(cloudSaid("see http://h:6080/vnc_auto.html?path=%3Ftoken%3Dabc now")).toBe("see http://h:6080/vnc_auto.html?<redacted> now");
    expect(cloudSaid('{"password": "hunter2"} token=abc')).toBe('{"password": "<redacted>"} token=<redacted>');
    expect(errorBodyMessage(recorded("get-remote-consoles-html-404").body)).toBe("404 Not Found 404 Not Found The resource could not be found.");
    expect(cloudSaid("x".repeat(500))).toHaveLength(243);
  });
});
