/**
 * POST /v3/auth/tokens: reading the auth request and deciding who it proves
 * and which scope it gets, in Keystone's order (methods, then scope), with
 * Keystone's statuses: 400 for malformed requests, 401 for every credential
 * or scope that does not check out (without saying which), 404 for an
 * unknown token in the token method.
 */
import { pythonRepr } from "../http/python-format";
import type { Reply } from "../http/reply";
import type { ApplicationCredential, Directory, NamedRef, User } from "./directory";
import { AUTH_REQUIRED, expecting, keystoneError } from "./replies";
import { TokenStore, type Scope } from "./tokens";

export interface Proof {
  user: User;
  methods: string[];
  scope: Scope;
  /** The token method keeps the expiry of the token it presents. */
  inheritedExpiry?: number;
  applicationCredential?: ApplicationCredential;
}

interface Refusal {
  ok: false;
  reply: Reply;
}
type Outcome = { ok: true; proof: Proof } | Refusal;
type Step<T> = ({ ok: true } & T) | Refusal;

const SUPPORTED_METHODS = ["password", "token", "application_credential"];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

const fail = (reply: Reply): Refusal => ({ ok: false, reply });

interface Identified {
  user: User;
  inheritedExpiry?: number;
  inheritedMethods?: string[];
  applicationCredential?: ApplicationCredential;
}

export class Authenticator {
  constructor(
    private readonly directory: Directory,
    private readonly tokens: TokenStore,
    private readonly authUri: () => string,
  ) {}

  private unauthorized(message = AUTH_REQUIRED): Refusal {
    return { ok: false, reply: keystoneError(401, message, this.authUri()) };
  }

  authenticate(body: unknown): Outcome {
    const auth = (isObject(body) ? body.auth : undefined) ?? {};
    if (!isObject(auth)) return fail(keystoneError(400, `${pythonRepr(auth)} is not of type 'object'`));
    const identity = auth.identity;
    if (identity === undefined) return fail(keystoneError(400, "'identity' is a required property"));
    if (!isObject(identity)) return fail(keystoneError(400, "Invalid input for field 'identity': it is not of type 'object'"));
    const methods = identity.methods;
    if (methods === undefined) return fail(keystoneError(400, "Invalid input for field 'identity': 'methods' is a required property"));
    if (!Array.isArray(methods) || methods.length === 0 || !methods.every((m) => typeof m === "string")) {
      return fail(keystoneError(400, "Invalid input for field 'identity/methods': it must be a non-empty list of strings"));
    }
    const names = methods as string[];
    for (const method of names) {
      if (!SUPPORTED_METHODS.includes(method)) return this.unauthorized("Attempted to authenticate with an unsupported method.");
      if (!isObject(identity[method])) return fail(expecting(method, "identity"));
    }
    if (names.includes("application_credential") && auth.scope !== undefined) {
      // Application credentials fix their own scope; Keystone refuses one in the request.
      return this.unauthorized();
    }

    let who: Identified | undefined;
    for (const method of new Set(names)) {
      const step = this.identify(method, identity[method] as Record<string, unknown>);
      if (!step.ok) return step;
      if (who && who.user !== step.who.user) return this.unauthorized();
      who = { ...who, ...step.who };
    }
    const found = who!;
    const methodNames = [...new Set([...names, ...(found.inheritedMethods ?? [])])];
    const scoped: Step<{ scope: Scope }> = found.applicationCredential
      ? { ok: true, scope: { kind: "project", project: found.applicationCredential.project } }
      : this.scope(auth.scope, found.user);
    if (!scoped.ok) return scoped;
    return {
      ok: true,
      proof: {
        user: found.user,
        methods: methodNames,
        scope: scoped.scope,
        inheritedExpiry: found.inheritedExpiry,
        applicationCredential: found.applicationCredential,
      },
    };
  }

  private identify(method: string, data: Record<string, unknown>): Step<{ who: Identified }> {
    switch (method) {
      case "password": {
        const ref = data.user;
        if (!isObject(ref)) return fail(expecting("user", "password"));
        if (ref.id === undefined && ref.name === undefined) return fail(expecting("id or name", "user"));
        if (ref.id === undefined && !isObject(ref.domain)) return fail(expecting("domain", "user"));
        const user = this.directory.findUser(ref as NamedRef);
        if (!user || ref.password !== user.password) return this.unauthorized();
        return { ok: true, who: { user } };
      }
      case "application_credential": {
        if (typeof data.secret !== "string") return fail(expecting("secret", "application_credential"));
        if (data.id === undefined && (data.name === undefined || !isObject(data.user))) {
          return fail(expecting("id or name and user", "application_credential"));
        }
        const user = isObject(data.user) ? this.directory.findUser(data.user as NamedRef) : undefined;
        const credential = this.directory.findApplicationCredential(data, user);
        if (!credential || credential.secret !== data.secret) return this.unauthorized();
        return { ok: true, who: { user: credential.user, applicationCredential: credential } };
      }
      default: {
        if (typeof data.id !== "string") return fail(expecting("id", "token"));
        const token = this.tokens.valid(data.id);
        if (!token) return fail(keystoneError(404, TokenStore.notFoundMessage(data.id)));
        return {
          ok: true,
          who: { user: token.user, inheritedExpiry: token.expiresAt, inheritedMethods: token.methods },
        };
      }
    }
  }

  private scope(request: unknown, user: User): Step<{ scope: Scope }> {
    if (request === undefined || request === "unscoped") return { ok: true, scope: { kind: "unscoped" } };
    if (!isObject(request)) return fail(keystoneError(400, "Invalid input for field 'scope': it is not of type 'object'"));
    if (isObject(request.project)) {
      const ref = request.project as NamedRef;
      if (ref.id === undefined && !isObject(ref.domain)) return fail(expecting("domain", "project"));
      const project = this.directory.findProject(ref);
      if (!project || this.directory.rolesOnProject(user, project).length === 0) return this.unauthorized();
      return { ok: true, scope: { kind: "project", project } };
    }
    if (isObject(request.system)) {
      if (request.system.all !== true || this.directory.rolesOnSystem(user).length === 0) return this.unauthorized();
      return { ok: true, scope: { kind: "system" } };
    }
    if (isObject(request.domain)) {
      // No user here holds a role on a domain, so Keystone refuses every domain scope.
      return this.unauthorized();
    }
    return fail(expecting("project, domain or system", "scope"));
  }
}
