/**
 * Nova's request schemas for consoles (nova/api/openstack/compute/schemas/
 * remote_consoles.py). Which values each microversion accepts comes from the
 * console matrix; the order of the enums is Nova's, because its 400 messages
 * print them.
 */
import { CONSOLE_PAIRS, PROTOCOL_MIN_MICROVERSION, type ConsoleProtocol, type LegacyAction } from "../../../../lib/console-matrix";
import { novaVersionAtLeast } from "./microversion";
import type { Schema } from "./schema";

const PROTOCOL_ORDER: readonly ConsoleProtocol[] = ["vnc", "spice", "rdp", "serial", "mks"];
const TYPE_ORDER = ["novnc", "xvpvnc", "rdp-html5", "spice-html5", "serial", "webmks", "spice-direct"];

const byTypeOrder = (a: string, b: string) => TYPE_ORDER.indexOf(a) - TYPE_ORDER.indexOf(b);

const closedObject = (properties: Record<string, Schema>, required: string[]): Schema => ({
  type: "object",
  properties,
  required,
  additionalProperties: false,
});

export function remoteConsoleSchema(version: string): Schema {
  const protocols = PROTOCOL_ORDER.filter((p) => novaVersionAtLeast(version, PROTOCOL_MIN_MICROVERSION[p]));
  const types = CONSOLE_PAIRS.filter((p) => novaVersionAtLeast(version, p.minMicroversion))
    .map((p) => p.type as string)
    .sort(byTypeOrder);
  return closedObject(
    {
      remote_console: closedObject(
        { protocol: { type: "string", enum: protocols }, type: { type: "string", enum: types } },
        ["protocol", "type"],
      ),
    },
    ["remote_console"],
  );
}

export const LEGACY_ACTIONS: readonly LegacyAction[] = ["os-getVNCConsole", "os-getSPICEConsole", "os-getRDPConsole", "os-getSerialConsole"];

export function isLegacyAction(name: string): name is LegacyAction {
  return (LEGACY_ACTIONS as readonly string[]).includes(name);
}

export function legacyProtocol(action: LegacyAction): ConsoleProtocol {
  return CONSOLE_PAIRS.find((p) => p.legacyAction === action)!.protocol;
}

export function legacySchema(action: LegacyAction): Schema {
  const types = CONSOLE_PAIRS.filter((p) => p.legacyAction === action)
    .map((p) => p.type as string)
    .sort(byTypeOrder);
  return closedObject({ [action]: closedObject({ type: { type: "string", enum: types } }, ["type"]) }, [action]);
}
