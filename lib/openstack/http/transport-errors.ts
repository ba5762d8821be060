import { OpenStackError } from "../errors";

const RETRYABLE_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);

const TLS_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "EPROTO",
  "ERR_SSL_WRONG_VERSION_NUMBER",
]);

export function isTlsErrorCode(code: string): boolean {
  return TLS_CODES.has(code) || code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS");
}

/** The error code of a transport failure, looking through undici's wrappers. */
export function transportErrorCode(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return "unknown";
}

export function isRetryableTransportError(code: string): boolean {
  return RETRYABLE_CODES.has(code);
}

/** A connection-level failure as a typed error naming the host and what to check. */
export function transportFailure(code: string, call: string, host: string, attempts: number): OpenStackError {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  if (isTlsErrorCode(code)) {
    return new OpenStackError(
      "tls",
      `${call}: the TLS connection to ${host} failed (${code})`,
      "The server's certificate is not trusted: pass its CA bundle with --os-cacert, OS_CACERT or cacert in clouds.yaml (insecure skips verification, for test clouds only).",
      { call },
    );
  }
  if (TIMEOUT_CODES.has(code)) {
    return new OpenStackError("timeout", `${call}: ${host} did not answer in time (${code})${tries}`, "Check that the endpoint is reachable, or raise the request timeout.", { call });
  }
  return new OpenStackError(
    "network",
    `${call}: cannot reach ${host} (${code})${tries}`,
    code === "ENOTFOUND" ? "Check the host name in the URL." : "Check that the endpoint is up and reachable from here (URL, port, proxy, firewall).",
    { call },
  );
}
