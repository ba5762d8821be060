/**
 * How a SERVER argument is read: a canonical UUID is a server id; anything
 * else is a name, resolved through Nova's server list. An argument shaped
 * like an id (8-4-4-4-12 groups, or a long run of hex digits) that is not a
 * valid UUID is refused rather than looked up as a name, since it is almost
 * certainly a mistyped id. With --id every argument must be a UUID.
 */
import { isUuid } from "../openstack";
import { usageError } from "./errors";

export type ServerRef = { readonly kind: "id"; readonly id: string } | { readonly kind: "name"; readonly name: string };

const ID_SHAPED = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/i;
const LONG_HEX = /^[0-9a-f-]{32,}$/i;

export function serverRef(arg: string, idsOnly: boolean): ServerRef {
  if (isUuid(arg)) return { kind: "id", id: arg.toLowerCase() };
  if (idsOnly || ID_SHAPED.test(arg) || LONG_HEX.test(arg)) {
    throw usageError(
      `server "${arg}" is not a valid server id`,
      `a server id is a UUID such as 2adc7bdc-0dbd-49ea-85a9-fe63084c178a${idsOnly ? "; leave out --id to look servers up by name" : ""}`,
    );
  }
  if (arg.trim() === "") throw usageError("a server argument is empty", "give a server name or id");
  return { kind: "name", name: arg };
}
