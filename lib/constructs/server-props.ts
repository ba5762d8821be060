import { KeyPairSpec } from "./key-pair";
import { ServerFlavor } from "./server-flavor";
import { ServerImage } from "./server-image";

/** One network interface. Set exactly one of `uuid`, `name` or `port`. */
export interface ServerNetwork {
  /** Neutron network UUID. */
  readonly uuid?: string;
  /** Neutron network name. */
  readonly name?: string;
  /** UUID of an existing Neutron port to attach. */
  readonly port?: string;
  /** Fixed IPv4 address on the network. Not with `port` (the port fixes its own address). @default DHCP */
  readonly fixedIpV4?: string;
  /** Use this network's address for `accessIpV4`/`accessIpV6`. @default false */
  readonly accessNetwork?: boolean;
}

/** Boot from a new Cinder volume made from the image, instead of the flavor's local disk. */
export interface BootVolume {
  /** Size of the root volume in GiB: a whole number of at least 1. */
  readonly sizeGb: number;
  /** Cinder volume type. @default the cloud's default type */
  readonly volumeType?: string;
  /** Delete the volume with the server. @default true */
  readonly deleteOnTermination?: boolean;
}

/** Placement hints for Nova's scheduler. */
export interface ServerSchedulerHints {
  /** UUID of a server group (affinity / anti-affinity policy). @default none */
  readonly group?: string;
  /** Place on a different host than these server UUIDs. @default none */
  readonly differentHost?: string[];
  /** Place on the same host as these server UUIDs. @default none */
  readonly sameHost?: string[];
  /** Further hints passed as is. @default none */
  readonly additionalProperties?: { [key: string]: string };
}

/**
 * Everything that describes a server except its name, image and flavor: what
 * ServerSpec and a fleet file's entry (which names its image and flavor by
 * its own keys) share.
 */
export interface ServerSettings {
  /** Network interfaces, in order. Not with `networkMode`. @default none: Nova picks the project's only network (fails when there are several) */
  readonly networks?: ServerNetwork[];
  /**
   * Instead of `networks`: `"none"` boots the server with no network interface
   * (a console-only or isolated server; also what a cloud without Neutron
   * ports, such as Nova's fake driver, needs); `"auto"` lets Nova allocate one.
   * @default unset: `networks`, or Nova's choice when they are left out
   */
  readonly networkMode?: string;
  /** SSH key pair. @default none */
  readonly keyPair?: KeyPairSpec;
  /** Security group names. @default Nova's `default` group */
  readonly securityGroups?: string[];
  /** cloud-init user data (plain text; the provider encodes it). At most 65535 bytes once base64-encoded. @default none */
  readonly userData?: string;
  /** Server metadata: keys 1-255 characters, values up to 255. @default none */
  readonly metadata?: { [key: string]: string };
  /** Server tags: each 1-60 characters without `/` or `,`, at most 50. @default none */
  readonly tags?: string[];
  /** Availability zone. @default Nova's default zone */
  readonly availabilityZone?: string;
  /** Boot from a new volume of this size instead of the flavor's disk. @default boot from the flavor's local disk */
  readonly bootVolume?: BootVolume;
  /** Scheduler hints, including the server group. @default none */
  readonly schedulerHints?: ServerSchedulerHints;
}

/** Everything that describes a server except its name: shared by OpenStackServer and ServerFleet. */
export interface ServerSpec extends ServerSettings {
  /** What the server boots from: `ServerImage.fromId(uuid)` or `ServerImage.fromName(name)`. */
  readonly image: ServerImage;
  /** The server's size: `ServerFlavor.fromName(name)` or `ServerFlavor.fromId(id)`. */
  readonly flavor: ServerFlavor;
}

export interface OpenStackServerProps extends ServerSpec {
  /** Server name: 1-255 printable characters, no leading or trailing whitespace (Nova's rule); unique in the stack. */
  readonly name: string;
}
