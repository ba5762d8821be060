import type { CloudConfig } from "../config/types";
import type { Authenticator, HttpExecutor } from "../http/executor";
import type { CatalogEntry } from "./catalog";
import { requestToken, tokensEndpoint, type TokensEndpoint } from "./tokens";

/** Renew a token this long before it expires, or a tenth of its lifetime if that is shorter. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The Keystone token of a client. One login serves every request; a 401 on
 * the current token renews it once for all requests in flight (they wait on
 * the same login), and a renewed token that is refused before it ever worked
 * is not renewed again, so bad credentials cannot loop.
 */
export class TokenSession implements Authenticator {
  token = "";
  generation = 0;
  catalog: readonly CatalogEntry[] = [];
  projectId?: string;
  /** Local time after which the token is renewed before use. */
  private renewAt?: number;
  private renewing?: Promise<void>;
  /** A request succeeded with the current token. */
  private proven = false;
  private readonly endpoint: TokensEndpoint;

  constructor(
    private readonly executor: HttpExecutor,
    private readonly config: CloudConfig,
  ) {
    this.endpoint = tokensEndpoint(config.authUrl);
  }

  /** Gets a token (and the catalog with it). */
  async login(): Promise<void> {
    const issued = await requestToken(this.executor, this.config, this.endpoint);
    this.token = issued.token;
    this.renewAt = issued.lifetimeMs === undefined ? undefined : Date.now() + issued.lifetimeMs - Math.min(EXPIRY_MARGIN_MS, issued.lifetimeMs / 10);
    this.catalog = issued.catalog;
    this.projectId = issued.project?.id;
    this.generation++;
    this.proven = false;
  }

  ready(): Promise<void> | undefined {
    if (this.renewing) return this.renewing;
    if (this.renewAt !== undefined && Date.now() > this.renewAt) return this.renew();
    return undefined;
  }

  async renewAfterUnauthorized(generation: number): Promise<boolean> {
    if (generation !== this.generation) return true;
    if (this.renewing) {
      await this.renewing;
      return true;
    }
    // The first token, or one that has worked: it expired (or was revoked), so log in again once.
    if (generation > 1 && !this.proven) return false;
    await this.renew();
    return true;
  }

  confirm(generation: number): void {
    if (generation === this.generation) this.proven = true;
  }

  private renew(): Promise<void> {
    this.renewing ??= this.login().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }
}
