/** The console's `probe` prop and the fleet file's `console.probe`: the hook's query gains probe = "true". */
import { Testing } from "cdktf";
import { OpenStackServer, RemoteConsole, ServerFlavor, ServerImage } from "../../lib/constructs";
import { FleetStack, parseFleetDocument } from "../../lib/stacks";
import { providerStack, stubHookBundle, synthChecked } from "../helpers/checked-synth";

type Query = Record<string, string>;
const hookBundle = stubHookBundle();
const queries = (json: { data?: { external?: unknown } }): Query[] =>
  Object.values(json.data!.external as Record<string, { query: Query }>).map((c) => c.query);

test('probe: true puts probe = "true" in the query; left out, the query has no probe key', () => {
  const { stack } = providerStack();
  const server = (name: string) => new OpenStackServer(stack, name, { name, image: ServerImage.fromId("6f3c2b1a-1111-4222-8333-944455556666"), flavor: ServerFlavor.fromName("m1.small") });
  new RemoteConsole(stack, "probed", { server: server("a"), hookBundle, mode: "data-source", probe: true });
  new RemoteConsole(stack, "plain", { server: server("b"), hookBundle, mode: "data-source" });
  const all = queries(synthChecked(stack));
  const probed = all.find((q) => q.servers.includes('"a"'))!;
  const plain = all.find((q) => q.servers.includes('"b"'))!;
  expect(probed.probe).toBe("true");
  expect(plain).not.toHaveProperty("probe");
});

test("the fleet file's console.probe reaches the query; a non-boolean is refused naming the field", () => {
  const doc = { stack: "s", fleets: [{ name: "web", count: 1, imageName: "ubuntu", flavorName: "m1.small", console: { probe: true, mode: "data-source" as const } }] };
  const [definition] = parseFleetDocument(doc, "fleet.yaml").stacks;
  const stack = new FleetStack(Testing.app(), definition.stack, { definition, source: "fleet.yaml" });
  expect(queries(JSON.parse(Testing.synth(stack)))[0].probe).toBe("true");
  expect(() => parseFleetDocument({ ...doc, fleets: [{ ...doc.fleets[0], console: { probe: "yes" } }] }, "fleet.yaml")).toThrow(/console\.probe/);
});
