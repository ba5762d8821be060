import { Construct } from "constructs";
import { DataOpenstackImagesImageV2 } from "../../.gen/providers/openstack/data-openstack-images-image-v2";
import { constructIdFor } from "./literals";
import { stackSingleton } from "./stack-scope";

/**
 * The id of the most recent Glance image called `name`, looked up once per
 * stack and name (a fleet of 50 servers needs one lookup, not 50).
 */
export function imageIdByName(scope: Construct, name: string): string {
  const lookup = stackSingleton(scope, `image:${name}`, (stack) =>
    new DataOpenstackImagesImageV2(stack, `image-${constructIdFor(name)}`, { name, mostRecent: true }),
  );
  return lookup.id;
}
