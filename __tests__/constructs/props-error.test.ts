/**
 * A construct's refusal says where: the construct's path in the app first (as
 * a compiler names a file), then the construct, the prop's path, the problem
 * and the fix, on one line. Two fleets alike in two stacks are told apart.
 */
import { Construct } from "constructs";
import { PropsError, RemoteConsole, ServerFlavor, ServerFleet, ServerImage } from "../../lib/constructs";
import { providerStack, stubHookBundle } from "../helpers/checked-synth";

const hookBundle = stubHookBundle();
const spec = { name: "web", count: 2, image: ServerImage.fromName("ubuntu-24.04"), flavor: ServerFlavor.fromName("m1.small") };

function refusal(make: () => unknown): PropsError {
  try {
    make();
  } catch (err) {
    if (err instanceof PropsError) return err;
    throw err;
  }
  throw new Error("no PropsError");
}

test("a server's mistake inside a fleet names the server's path, the construct and the prop path", () => {
  const { stack } = providerStack("prod");
  const err = refusal(() => new ServerFleet(stack, "web", { specs: [{ ...spec, networks: [{ name: "private" }, { uuid: "not-a-uuid" }] }] }));
  expect(err.construct.path).toBe("prod/web/web-1");
  expect(err.prop).toBe("networks[1].uuid");
  expect(err.message).toMatch(/^prod\/web\/web-1: OpenStackServer "web-1": networks\[1\]\.uuid: .+; .+$/);
});

test("the same fleet in two stacks is told apart by its path", () => {
  const paths = ["eu", "us"].map((name) => refusal(() => new ServerFleet(providerStack(name).stack, "web", { specs: [{ ...spec, count: 0 }] })).construct.path);
  expect(paths).toEqual(["eu/web", "us/web"]);
});

test("a console nested in a construct of the user's names the whole path and the option", () => {
  const { stack } = providerStack("prod");
  const group = new Construct(stack, "team-a");
  const fleet = new ServerFleet(group, "web", { specs: [spec] });
  const err = refusal(() => new RemoteConsole(group, "consoles", { servers: fleet.servers, type: "telnet", hookBundle }));
  expect(err.message).toMatch(/^prod\/team-a\/consoles: RemoteConsole "consoles": type: unknown console type "telnet"/);
  expect(err.message).not.toContain("\n");
});
