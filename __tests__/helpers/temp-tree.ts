import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A throwaway folder tree in the temp folder; `write` and `dir` create parents. Removed by `cleanup`. */
export class TempTree {
  readonly root: string;

  constructor(prefix = "os-console-test-") {
    this.root = mkdtempSync(join(tmpdir(), prefix));
  }

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  /** Writes a file under the tree and returns its path. */
  write(relative: string, text: string): string {
    const file = this.path(relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  dir(relative: string): string {
    const d = this.path(relative);
    mkdirSync(d, { recursive: true });
    return d;
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
