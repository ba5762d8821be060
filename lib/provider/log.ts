/**
 * The provider's log: stderr, one line each, which Terraform shows under
 * TF_LOG. Never a password, token or URL: callers pass counts, names and
 * the client's messages (which carry none).
 */
export function log(line: string): void {
  process.stderr.write(`osconsole: ${line}\n`);
}
