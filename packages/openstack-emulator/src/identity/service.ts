/**
 * The Keystone listener's routes: version discovery, token issue, validation
 * and revocation, and application-credential creation.
 */
import type { Reply } from "../http/reply";
import type { IncomingCall, Routed } from "../http/call";
import { Authenticator, type Proof } from "./authenticate";
import type { CatalogEntry } from "./catalog";
import type { Directory, User } from "./directory";
import { AUTH_REQUIRED, MALFORMED_SUFFIX, expecting, keystoneEmpty, keystoneError, keystoneJson } from "./replies";
import { TokenStore, type Token } from "./tokens";

export interface IdentityDeps {
  directory: Directory;
  tokens: TokenStore;
  /** The catalog, known once both listeners have ports. */
  catalog: () => CatalogEntry[];
  origin: () => string;
  tokenTtlSeconds: () => number;
  /** A fault's shorter real lifetime for tokens issued now. */
  tokenLifetimeSeconds: () => number | undefined;
  onTokenRequest: () => void;
  onTokenIssued: () => void;
}

/** Keystone's timestamps: whole seconds with six zero decimals, as Fernet tokens carry them. */
function keystoneTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", ".000000Z");
}

function versionDoc(origin: string): Record<string, unknown> {
  return {
    id: "v3.14",
    status: "stable",
    updated: "2020-04-07T00:00:00Z",
    links: [{ rel: "self", href: `${origin}/v3/` }],
    "media-types": [{ base: "application/json", type: "application/vnd.openstack.identity-v3+json" }],
  };
}

const userView = (user: User) => ({
  domain: { id: user.domain.id, name: user.domain.name },
  id: user.id,
  name: user.name,
  password_expires_at: null,
});

export class IdentityService {
  private readonly authenticator: Authenticator;

  constructor(private readonly deps: IdentityDeps) {
    this.authenticator = new Authenticator(deps.directory, deps.tokens, () => this.authUri());
  }

  private authUri(): string {
    return `${this.deps.origin()}/v3`;
  }

  route(call: IncomingCall): Routed {
    const path = call.path.replace(/\/+$/, "");
    const m = call.method;
    if (path === "" && (m === "GET" || m === "HEAD")) return { key: "identity.versions", handle: () => this.versions() };
    if (path === "/v3" && (m === "GET" || m === "HEAD")) {
      return { key: "identity.versions", handle: () => keystoneJson(200, { version: versionDoc(this.deps.origin()) }) };
    }
    if (path === "/v3/auth/tokens") {
      if (m === "POST") {
        // Counted on arrival, so token requests a fault answers count too.
        this.deps.onTokenRequest();
        return { key: "identity.tokens", handle: () => this.issue(call) };
      }
      if (m === "GET" || m === "HEAD") return { key: "identity.tokens", handle: () => this.validate(call) };
      if (m === "DELETE") return { key: "identity.tokens", handle: () => this.revoke(call) };
    }
    const credentials = /^\/v3\/users\/([^/]+)\/application_credentials$/.exec(path);
    if (credentials && m === "POST") {
      return { key: "identity.credentials", handle: () => this.createCredential(call, decodeURIComponent(credentials[1])) };
    }
    return { key: "identity.other", handle: () => keystoneError(404, "The resource could not be found.") };
  }

  private versions(): Reply {
    const origin = this.deps.origin();
    return keystoneJson(300, { versions: { values: [versionDoc(origin)] } }, { Location: `${origin}/v3/` });
  }

  /** Keystone's JSON body filter: a body must be typed JSON (or untyped) and decode to an object. */
  private parse(call: IncomingCall): { ok: true; body: unknown } | { ok: false; reply: Reply } {
    if (call.body.length === 0) return { ok: true, body: {} };
    const type = (call.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "" && type !== "application/json") return { ok: false, reply: expecting("application/json", "Content-Type header") };
    let body: unknown;
    try {
      body = JSON.parse(call.body.toString("utf8"));
    } catch {
      body = undefined;
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) return { ok: false, reply: expecting("valid JSON", "request body") };
    return { ok: true, body };
  }

  private issue(call: IncomingCall): Reply {
    const parsed = this.parse(call);
    if (!parsed.ok) return parsed.reply;
    const outcome = this.authenticator.authenticate(parsed.body);
    if (!outcome.ok) return outcome.reply;
    const token = this.grant(outcome.proof);
    this.deps.onTokenIssued();
    return keystoneJson(201, this.tokenBody(token), { "X-Subject-Token": token.value });
  }

  private grant(proof: Proof): Token {
    const now = Date.now();
    const expiresAt = proof.inheritedExpiry ?? now + this.deps.tokenTtlSeconds() * 1000;
    const early = this.deps.tokenLifetimeSeconds();
    const { directory } = this.deps;
    const roles =
      proof.applicationCredential?.roles ??
      (proof.scope.kind === "project"
        ? directory.rolesOnProject(proof.user, proof.scope.project)
        : proof.scope.kind === "system"
          ? directory.rolesOnSystem(proof.user)
          : []);
    return this.deps.tokens.issue({
      user: proof.user,
      scope: proof.scope,
      roles,
      methods: proof.methods,
      issuedAt: now,
      expiresAt,
      validUntil: early === undefined ? undefined : now + early * 1000,
      applicationCredential: proof.applicationCredential,
    });
  }

  private tokenBody(token: Token): Record<string, unknown> {
    const body: Record<string, unknown> = {
      methods: token.methods,
      user: userView(token.user),
      audit_ids: [token.auditId],
      expires_at: keystoneTime(token.expiresAt),
      issued_at: keystoneTime(token.issuedAt),
    };
    const { scope } = token;
    if (scope.kind === "project") {
      const { project } = scope;
      body.project = { domain: { id: project.domain.id, name: project.domain.name }, id: project.id, name: project.name };
      body.is_domain = false;
    } else if (scope.kind === "system") {
      body.system = { all: true };
    }
    if (scope.kind !== "unscoped") {
      body.roles = token.roles.map((r) => ({ id: r.id, name: r.name }));
      body.catalog = this.deps.catalog();
    }
    if (token.applicationCredential) {
      const c = token.applicationCredential;
      body.application_credential = { id: c.id, name: c.name, restricted: true };
    }
    return { token: body };
  }

  private caller(call: IncomingCall): Token | undefined {
    return this.deps.tokens.valid(call.header("x-auth-token"));
  }

  private validate(call: IncomingCall): Reply {
    if (!this.caller(call)) return keystoneError(401, AUTH_REQUIRED, this.authUri());
    const subject = this.deps.tokens.valid(call.header("x-subject-token"));
    if (!subject) return keystoneError(404, TokenStore.notFoundMessage(call.header("x-subject-token")));
    return keystoneJson(200, this.tokenBody(subject), { "X-Subject-Token": subject.value });
  }

  private revoke(call: IncomingCall): Reply {
    if (!this.caller(call)) return keystoneError(401, AUTH_REQUIRED, this.authUri());
    const subject = this.deps.tokens.valid(call.header("x-subject-token"));
    if (!subject) return keystoneError(404, TokenStore.notFoundMessage(call.header("x-subject-token")));
    this.deps.tokens.revoke(subject.value);
    return keystoneEmpty(204);
  }

  private createCredential(call: IncomingCall, userId: string): Reply {
    const caller = this.caller(call);
    if (!caller) return keystoneError(401, AUTH_REQUIRED, this.authUri());
    if (caller.user.id !== userId) {
      return keystoneError(403, "You are not authorized to perform the requested action: identity:create_application_credential.");
    }
    const parsed = this.parse(call);
    if (!parsed.ok) return parsed.reply;
    const body = parsed.body as { application_credential?: { name?: unknown; secret?: unknown } } | null;
    const request = body?.application_credential;
    if (!request || typeof request !== "object") return keystoneError(400, `'application_credential' is a required property`);
    if (typeof request.name !== "string" || request.name === "") return keystoneError(400, `Invalid input for field 'name': ${MALFORMED_SUFFIX}`);
    if (this.deps.directory.hasApplicationCredential(caller.user, request.name)) {
      return keystoneError(409, `Conflict occurred attempting to store application_credential - Duplicate entry found with name ${request.name}.`);
    }
    if (caller.scope.kind !== "project") return keystoneError(400, `Application credentials need a project-scoped token. ${MALFORMED_SUFFIX}`);
    const secret = typeof request.secret === "string" ? request.secret : undefined;
    const c = this.deps.directory.createApplicationCredential(caller.user, request.name, caller.scope.project, secret);
    return keystoneJson(201, {
      application_credential: {
        id: c.id,
        name: c.name,
        description: null,
        user_id: c.user.id,
        project_id: c.project.id,
        system: null,
        expires_at: null,
        unrestricted: null,
        roles: c.roles.map((r) => ({ id: r.id, name: r.name, domain_id: null, description: null, options: { immutable: true } })),
        secret: c.secret,
        links: { self: `${this.deps.origin()}/v3/application_credentials/${c.id}` },
      },
    });
  }
}
