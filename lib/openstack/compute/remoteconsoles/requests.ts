/** {"remote_console": {"protocol": P, "type": T}}: both keys required, no others (Nova's schema). */
export function createBody(protocol: string, type: string): string {
  return JSON.stringify({ remote_console: { protocol, type } });
}
