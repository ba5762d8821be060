/** Which construct a message is about: its kind and id, shown as `Kind "id"`, and where it sits in the app. */
export class ConstructLabel {
  constructor(
    readonly kind: string,
    readonly id: string,
    /** The construct's path in the app (`node.path`, e.g. `prod/web/web-1`): which of several alike it is. */
    readonly path: string,
  ) {}

  toString(): string {
    return `${this.kind} ${JSON.stringify(this.id)}`;
  }
}

export const constructLabel = (kind: string, id: string, path: string): ConstructLabel => new ConstructLabel(kind, id, path);

/**
 * The one error type constructs throw for props that cannot be synthesized.
 * Its message names where (the construct's path, as a compiler names a file),
 * the construct, the prop's path, the problem and the fix on one line, so
 * `cdktf synth` (and main.ts) can print it as is:
 * `prod/web/web-1: OpenStackServer "web-1": networks[1].uuid: ...; ...`.
 *
 * @jsii ignore Error subclasses cannot cross jsii; other languages get the same one-line message from the JavaScript error.
 */
export class PropsError extends Error {
  constructor(
    readonly construct: ConstructLabel,
    /** The prop's path, e.g. `networks[1].uuid`. */
    readonly prop: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${construct.path}: ${construct}: ${prop}: ${problem}; ${fix}`);
    this.name = "PropsError";
    // The message is the whole story: jsii hands a JavaScript error's stack to Python, Go, Java and C# to print
    // beside their own traceback, where frames inside this package would only bury the one line.
    this.stack = `${this.name}: ${this.message}`;
  }
}
