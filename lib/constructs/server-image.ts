// A brand rather than `instanceof`: an app that ends up with two copies of the package (a nested install) still
// passes the choice made with one copy to the construct of the other. Symbol.for is shared across copies.
const IMAGE_BRAND = Symbol.for("openstack-console-cdktf.ServerImage");

/**
 * What a server boots from: one Glance image, by id or by name. A server's
 * (or fleet spec's) `image`, in place of two props of which exactly one
 * could be set: `ServerImage.fromId(uuid)` or `ServerImage.fromName(name)`.
 * The value is checked by the construct that takes it, so a mistake names
 * the construct's path.
 */
export class ServerImage {
  /** The image by its Glance UUID, or a Terraform reference to one (e.g. an image resource's `id`). */
  static fromId(id: string): ServerImage {
    return new ServerImage(id, undefined);
  }

  /**
   * The most recent Glance image called `name`, looked up at plan time
   * (`openstack_images_image_v2` with `most_recent`), once per stack and name
   * however many servers boot from it.
   */
  static fromName(name: string): ServerImage {
    return new ServerImage(undefined, name);
  }

  /** Whether `x` is a ServerImage (made by fromId or fromName, with any copy of this package). */
  static isServerImage(x: any): x is ServerImage {
    return typeof x === "object" && x !== null && IMAGE_BRAND in x;
  }

  /** The image's UUID or a reference to it, when made by fromId. */
  readonly id?: string;
  /** The image's name, when made by fromName. */
  readonly name?: string;

  private constructor(id: string | undefined, name: string | undefined) {
    this.id = id;
    this.name = name;
    Object.defineProperty(this, IMAGE_BRAND, { value: true });
  }
}
