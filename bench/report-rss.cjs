// Preloaded into a child (node --require) to report its peak RSS (KiB) on exit.
"use strict";
process.on("exit", () => {
  require("node:fs").writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS));
});
