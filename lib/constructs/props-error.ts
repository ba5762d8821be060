/** Which construct a message is about: its kind and id, shown as `Kind "id"`. */
export class ConstructLabel {
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {}

  toString(): string {
    return `${this.kind} ${JSON.stringify(this.id)}`;
  }
}

export const constructLabel = (kind: string, id: string): ConstructLabel => new ConstructLabel(kind, id);

/**
 * The one error type constructs throw for props that cannot be synthesized.
 * Its message names the construct, the prop, the problem and the fix on one
 * line, so `cdktf synth` (and main.ts) can print it as is.
 */
export class PropsError extends Error {
  constructor(
    readonly construct: ConstructLabel,
    /** The prop's path, e.g. `networks[1].uuid`. */
    readonly prop: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${construct}: ${prop}: ${problem}; ${fix}`);
    this.name = "PropsError";
  }
}
