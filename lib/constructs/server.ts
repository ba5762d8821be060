import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { ComputeInstanceV2, ComputeInstanceV2BlockDevice } from "../../.gen/providers/openstack/compute-instance-v2";
import { isUuid } from "../hook-contract";
import { PropsError, constructLabel } from "./props-error";
import { imageIdByName } from "./image";
import { keyPairName } from "./key-pair";
import { isHostnameSafe } from "./nova-name";
import { OpenStackServerProps } from "./server-props";
import { validateServerProps } from "./server-validation";
import { claimStackName } from "./stack-scope";
import { isLiteralString } from "./literals";

/**
 * A Nova server as other constructs use it: made by OpenStackServer, by a
 * raw `openstack_compute_instance_v2` elsewhere, or imported by id
 * (OpenStackServer.fromServerAttributes). RemoteConsole takes any of them.
 */
export interface IOpenStackServer {
  /** The server's Nova id: a literal UUID or a Terraform reference (known after apply). */
  readonly id: string;
  /** The server's name, as its console URL is keyed. */
  readonly name: string;
}

/** A server made outside this construct tree. */
export interface OpenStackServerAttributes {
  /** Nova id: a UUID, or a reference such as `instance.id` of a resource made elsewhere. */
  readonly id: string;
  /** The name its console URL is keyed by (usually the server's Nova name). */
  readonly name: string;
}

class ImportedOpenStackServer extends Construct implements IOpenStackServer {
  readonly id: string;
  readonly name: string;

  constructor(scope: Construct, id: string, attrs: OpenStackServerAttributes) {
    super(scope, id);
    const label = constructLabel("OpenStackServer", id, this.node.path);
    if (!isLiteralString(attrs.name) || attrs.name.trim() === "") {
      throw new PropsError(label, "name", "is empty or not a plain string known at synth", "give the name its console URL is keyed by");
    }
    if (typeof attrs.id !== "string" || (isLiteralString(attrs.id) && !isUuid(attrs.id))) {
      throw new PropsError(label, "id", `${JSON.stringify(attrs.id)} is not a server UUID`, "give the server's Nova id (openstack server show -f value -c id), or a reference to it");
    }
    this.id = attrs.id;
    this.name = attrs.name;
  }
}

/**
 * One Nova server (`openstack_compute_instance_v2`). Props are validated in
 * the constructor, so a mistake fails `cdktf synth` with the prop and the fix.
 */
export class OpenStackServer extends Construct implements IOpenStackServer {
  /** A server made elsewhere (another stack, another tool), by its id and name: for RemoteConsole. */
  static fromServerAttributes(scope: Construct, constructId: string, attrs: OpenStackServerAttributes): IOpenStackServer {
    return new ImportedOpenStackServer(scope, constructId, attrs);
  }


  /** The server's name, as given. */
  readonly name: string;
  /** The underlying resource, for settings these props do not cover. */
  readonly resource: ComputeInstanceV2;

  // Attribute references are made when asked for, not up front: cdktf records
  // a stack trace per token, which dominates synth time for large fleets.

  /** The server's Nova id (known after apply). */
  get id(): string {
    return this.resource.id;
  }

  /** The access IPv4 address (known after apply). */
  get accessIpV4(): string {
    return this.resource.accessIpV4;
  }

  /** The access IPv6 address (known after apply). */
  get accessIpV6(): string {
    return this.resource.accessIpV6;
  }

  constructor(scope: Construct, id: string, props: OpenStackServerProps) {
    super(scope, id);
    const label = constructLabel("OpenStackServer", typeof props.name === "string" ? props.name : id, this.node.path);
    validateServerProps(label, props);
    const holder = claimStackName(this, "server", props.name, this.node.path);
    if (holder !== undefined) {
      throw new PropsError(label, "name", `is already used by ${holder} in this stack`, "give every server a unique name: console outputs are keyed by it");
    }
    if (!isHostnameSafe(props.name)) {
      Annotations.of(this).addWarning(
        `${label}: name is not a valid hostname label; Nova will derive a sanitised hostname from it`,
      );
    }

    const { image, flavor } = props;
    const imageId = image.name !== undefined ? imageIdByName(this, image.name) : image.id!;
    const volume = props.bootVolume;
    const bootDevice: ComputeInstanceV2BlockDevice[] | undefined = volume && [
      {
        sourceType: "image",
        uuid: imageId,
        destinationType: "volume",
        volumeSize: volume.sizeGb,
        volumeType: volume.volumeType,
        bootIndex: 0,
        deleteOnTermination: volume.deleteOnTermination ?? true,
      },
    ];
    const hints = props.schedulerHints;

    this.resource = new ComputeInstanceV2(this, "Resource", {
      name: props.name,
      // Booting from a volume, the image is the volume's source, not the server's.
      imageId: bootDevice ? undefined : imageId,
      blockDevice: bootDevice,
      flavorId: flavor.id,
      flavorName: flavor.name,
      network: props.networks?.map((n) => ({
        uuid: n.uuid,
        name: n.name,
        port: n.port,
        fixedIpV4: n.fixedIpV4,
        accessNetwork: n.accessNetwork,
      })),
      networkMode: props.networkMode,
      keyPair: props.keyPair && keyPairName(this, label, props.keyPair),
      securityGroups: props.securityGroups,
      userData: props.userData,
      metadata: props.metadata,
      tags: props.tags,
      availabilityZone: props.availabilityZone,
      schedulerHints: hints && [
        {
          group: hints.group,
          differentHost: hints.differentHost,
          sameHost: hints.sameHost,
          additionalProperties: hints.additionalProperties,
        },
      ],
    });
    this.name = props.name;
  }
}
