import { planConsole } from "../../lib/openstack/compute/microversion";
import { ConfigError, OpenStackError } from "../../lib/openstack";

const ZED = { min: "2.1", max: "2.93" };
const plan = (protocol: string, type: string, requested: string | undefined, cloud: { min?: string; max?: string }) => planConsole(protocol, type, requested, cloud);

function refusal(fn: () => unknown): OpenStackError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OpenStackError);
    return err as OpenStackError;
  }
  throw new Error("expected a refusal");
}

describe("microversion negotiation", () => {
  it("uses 2.8 by default and the caller's choice when the pair allows it", () => {
    expect(plan("vnc", "novnc", undefined, ZED)).toMatchObject({ method: "remote-consoles", microversion: "2.8" });
    expect(plan("vnc", "novnc", "2.6", ZED)).toMatchObject({ method: "remote-consoles", microversion: "2.6" });
    expect(plan("vnc", "novnc", "2.93", ZED)).toMatchObject({ method: "remote-consoles", microversion: "2.93" });
  });

  it("raises the microversion to the least the pair needs", () => {
    expect(plan("mks", "webmks", "2.6", ZED)).toMatchObject({ method: "remote-consoles", microversion: "2.8" });
    expect(plan("spice", "spice-direct", undefined, { max: "2.103" })).toMatchObject({ microversion: "2.99" });
  });

  it("refuses a pair the cloud's maximum cannot serve, naming both versions", () => {
    const e = refusal(() => plan("spice", "spice-direct", undefined, ZED));
    expect(e.kind).toBe("unsupported");
    expect(e.message).toBe("console spice/spice-direct needs microversion 2.99 or higher, and this cloud's maximum is 2.93. This cloud cannot serve spice/spice-direct; choose another console type (vnc/novnc works from 2.6).");
    expect(refusal(() => plan("mks", "webmks", undefined, { max: "2.7" })).message).toContain("needs microversion 2.8 or higher, and this cloud's maximum is 2.7");
  });

  it("refuses an explicit microversion above the cloud's maximum, but lowers the default to it", () => {
    expect(refusal(() => plan("vnc", "novnc", "2.95", ZED)).message).toBe("microversion 2.95 was asked for, and this cloud's maximum is 2.93. Ask for 2.93 or lower (the default is 2.8).");
    expect(plan("vnc", "novnc", undefined, { max: "2.7" })).toMatchObject({ method: "remote-consoles", microversion: "2.7" });
  });

  it("uses the legacy action on a cloud whose maximum is below 2.6", () => {
    expect(plan("vnc", "novnc", undefined, { min: "2.1", max: "2.5" })).toMatchObject({ method: "legacy-action", microversion: "2.5", pair: { legacyAction: "os-getVNCConsole" } });
    expect(plan("serial", "serial", undefined, { max: "2.3" })).toMatchObject({ method: "legacy-action", pair: { legacyAction: "os-getSerialConsole" } });
    // The old v2.0 API has no microversions at all.
    expect(plan("spice", "spice-html5", undefined, {})).toMatchObject({ method: "legacy-action", microversion: "2.1", pair: { legacyAction: "os-getSPICEConsole" } });
  });

  it("uses the legacy action when the caller forces a microversion below 2.6", () => {
    expect(plan("vnc", "novnc", "2.1", ZED)).toMatchObject({ method: "legacy-action", microversion: "2.1" });
    expect(plan("rdp", "rdp-html5", "2.5", ZED)).toMatchObject({ method: "legacy-action", microversion: "2.5", pair: { legacyAction: "os-getRDPConsole" } });
  });

  it("refuses types that have no legacy action when only a legacy action would do", () => {
    const cloud = refusal(() => plan("mks", "webmks", undefined, { max: "2.5" }));
    expect(cloud.kind).toBe("unsupported");
    expect(cloud.message).toContain("this cloud's compute API goes up to microversion 2.5, below 2.6 where remote consoles begin, and console mks/webmks has no legacy server action");
    expect(refusal(() => plan("spice", "spice-direct", "2.5", ZED)).message).toContain("console spice/spice-direct has no legacy server action, and microversion 2.5 (below 2.6) asks for one. Ask for microversion 2.99 or higher");
  });

  it("refuses unknown or mismatched pairs as configuration errors", () => {
    expect(() => plan("vnc", "spice-html5", undefined, ZED)).toThrow(ConfigError);
    expect(refusal(() => plan("bogus", "novnc", undefined, ZED)).message).toContain('unknown protocol "bogus"');
  });

  it("never goes below the cloud's minimum", () => {
    expect(plan("vnc", "novnc", "2.6", { min: "2.10", max: "2.93" })).toMatchObject({ microversion: "2.10" });
  });
});
