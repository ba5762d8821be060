/**
 * Issued Keystone tokens. A token is an opaque Fernet-looking string; the
 * store knows who holds it, its scope and roles, the expiry it promises
 * (expiresAt) and when it really stops working (validUntil: earlier when a
 * fault shortens lifetimes, or now when tokens are expired on purpose).
 */
import { randomBytes } from "node:crypto";
import type { ApplicationCredential, Domain, Project, Role, User } from "./directory";

export type Scope =
  | { kind: "unscoped" }
  | { kind: "project"; project: Project }
  | { kind: "domain"; domain: Domain }
  | { kind: "system" };

export interface Token {
  value: string;
  user: User;
  scope: Scope;
  roles: Role[];
  methods: string[];
  auditId: string;
  issuedAt: number;
  expiresAt: number;
  validUntil: number;
  applicationCredential?: ApplicationCredential;
}

export type TokenGrant = Omit<Token, "value" | "auditId" | "validUntil"> & { validUntil?: number };

/** What issue() makes: "gAAAAAB" and 132 random bytes in base64url. */
const FERNET_SHAPE = /^gAAAAAB[A-Za-z0-9_-]{176}$/;

/** The store drops dead tokens when it has grown past this, and then past twice what survived. */
const FIRST_SWEEP = 10_000;

export class TokenStore {
  private readonly tokens = new Map<string, Token>();
  private sweepAbove = FIRST_SWEEP;

  issue(grant: TokenGrant): Token {
    if (this.tokens.size > this.sweepAbove) {
      this.sweep(Date.now());
      this.sweepAbove = Math.max(FIRST_SWEEP, 2 * this.tokens.size);
    }
    // "gAAAAAB" + base64url, about 180 characters, like a Fernet token.
    const value = "gAAAAAB" + randomBytes(132).toString("base64url");
    const token: Token = {
      ...grant,
      value,
      auditId: randomBytes(16).toString("base64url").slice(0, 22),
      validUntil: Math.min(grant.validUntil ?? grant.expiresAt, grant.expiresAt),
    };
    this.tokens.set(value, token);
    return token;
  }

  /** The token if it is known and still valid. */
  valid(value: string | undefined, now = Date.now()): Token | undefined {
    if (!value) return undefined;
    const token = this.tokens.get(value);
    return token && now < token.validUntil ? token : undefined;
  }

  /**
   * Keystone's 404 for a token it will not validate: a string that is not a token of
   * its shape fails to decrypt ("Could not recognize Fernet token"); one that decrypts
   * but has expired or been revoked "Failed to validate token".
   */
  static notFoundMessage(value: string | undefined): string {
    return value !== undefined && FERNET_SHAPE.test(value) ? "Failed to validate token" : "Could not recognize Fernet token";
  }

  revoke(value: string): void {
    this.tokens.delete(value);
  }

  /** Every token issued so far stops working now. */
  expireAll(): void {
    const now = Date.now();
    for (const token of this.tokens.values()) token.validUntil = Math.min(token.validUntil, now);
  }

  private sweep(now: number): void {
    for (const [value, token] of this.tokens) if (token.validUntil <= now) this.tokens.delete(value);
  }
}
