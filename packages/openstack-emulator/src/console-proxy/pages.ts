/**
 * The pages the emulator's proxy serves: stand-ins for noVNC's vnc_lite.html,
 * vnc_auto.html and vnc.html (same markers a client checks: an HTML document
 * titled noVNC with a module script; vnc.html has the Connect button) and
 * spice-html5's spice_auto.html, and the error pages Python's http.server
 * (under websockify) and HAProxy send.
 */

export function novncPage(path: string): string {
  // vnc_lite.html and vnc_auto.html connect by themselves (noVNC 0.x's vnc_auto.html did, and Virtuozzo's
  // URLs rely on it); vnc.html is noVNC 1.x's full client, which waits for a click on Connect.
  const full = path === "/vnc.html";
  return `<!DOCTYPE html>
<html lang="en">
<head>
    <title>noVNC</title>
    <meta charset="utf-8">
    <script type="module" crossorigin="anonymous">
        // The emulator's stand-in for noVNC: it opens the WebSocket the way noVNC does.
        const path = new URLSearchParams(window.location.search).get("path") || "websockify";
        const url = (window.location.protocol === "https:" ? "wss" : "ws") + "://" + window.location.host + "/" + path;
        const status = (text) => { document.getElementById("status").textContent = text; };
        ${full ? 'document.getElementById("noVNC_connect_button").onclick = () => ' : ""}(() => {
            const ws = new WebSocket(url, ["binary"]);
            ws.onopen = () => status("Connecting");
            ws.onclose = (e) => status("Failed to connect to server (code: " + e.code + ")");
        })();
    </script>
</head>
<body>
    <div id="status">Loading</div>${full ? '\n    <div id="noVNC_connect_button">Connect</div>' : ""}
</body>
</html>
`;
}

export function spicePage(): string {
  return `<!DOCTYPE html>
<html>
<head>
    <title>Spice Javascript client</title>
    <script type="module" src="src/main.js"></script>
</head>
<body><div id="spice-area"><div id="spice-screen" class="spice-screen"></div></div></body>
</html>
`;
}

/** http.server's DEFAULT_ERROR_MESSAGE for 404, as websockify serves it. */
export function notFoundPage(): string {
  return `<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: 404</p>
        <p>Message: File not found.</p>
        <p>Error code explanation: 404 - Nothing matches the given URI.</p>
    </body>
</html>
`;
}

/** HAProxy's 400: what a balancer that does not pass upgrades answers. */
export function upgradeRefusedPage(): string {
  return "<html><body><h1>400 Bad request</h1>\nYour browser sent an invalid request.\n</body></html>\n";
}
