/** The emulator's console proxy: options and fault switches (see docs/emulator.md, "Console proxy"). */

/** One switch per step a browser goes through; all off by default. */
export interface ConsoleProxyFaults {
  /** The console page answers 404 (novncproxy_base_url pointing at a page the proxy does not serve). */
  page404?: boolean;
  /** WebSocket upgrades are answered 400 (a load balancer that does not pass upgrades through). */
  upgradeRefused?: boolean;
  /** Every console token counts as expired, for the proxy (upgraded, then closed without a byte) and for Nova's API. */
  tokenExpired?: boolean;
  /** The proxy cannot reach the VNC server: upgraded, then closed without a byte. */
  vncUnreachable?: boolean;
  /** The built-in VNC server offers only VNC-password authentication, which the proxy (auth_schemes none) cannot do. */
  vncPasswordOnly?: boolean;
  /** The proxy accepts connections and never answers. */
  hang?: boolean;
}

export interface ConsoleDesktop {
  /** Desktop name in ServerInit; default "emulator". */
  name?: string;
  /** Default 800 x 600. */
  width?: number;
  height?: number;
  /** The screen's colour, "#rrggbb"; default "#2e8b57". */
  colour?: string;
}

export interface ConsoleProxyOptions {
  /** Listener port; default 0 (ephemeral). */
  port?: number;
  /** A VNC server to bridge to (RFB 3.8, security type None); default: the built-in one. */
  vncServer?: { host: string; port: number };
  /** Origins' host names accepted besides the proxy's own Host ([console] allowed_origins). */
  allowedOrigins?: string[];
  /** The built-in VNC server's screen. */
  desktop?: ConsoleDesktop;
  faults?: ConsoleProxyFaults;
}
