// A brand, as ServerImage's: the check holds across two copies of the package.
const FLAVOR_BRAND = Symbol.for("openstack-console-cdktf.ServerFlavor");

/**
 * The server's size: one Nova flavor, by id or by name. A server's (or
 * fleet spec's) `flavor`, in place of two props of which exactly one could
 * be set: `ServerFlavor.fromName("m1.small")` or `ServerFlavor.fromId("42")`.
 * The value is checked by the construct that takes it.
 */
export class ServerFlavor {
  /** The flavor by its Nova id: free-form (often a number such as `"42"`, sometimes a UUID), or a Terraform reference. */
  static fromId(id: string): ServerFlavor {
    return new ServerFlavor(id, undefined);
  }

  /** The flavor by name (e.g. `m1.small`), which the OpenStack provider resolves at plan time. */
  static fromName(name: string): ServerFlavor {
    return new ServerFlavor(undefined, name);
  }

  /** Whether `x` is a ServerFlavor (made by fromId or fromName, with any copy of this package). */
  static isServerFlavor(x: any): x is ServerFlavor {
    return typeof x === "object" && x !== null && FLAVOR_BRAND in x;
  }

  /** The flavor's Nova id or a reference to it, when made by fromId. */
  readonly id?: string;
  /** The flavor's name, when made by fromName. */
  readonly name?: string;

  private constructor(id: string | undefined, name: string | undefined) {
    this.id = id;
    this.name = name;
    Object.defineProperty(this, FLAVOR_BRAND, { value: true });
  }
}
