/**
 * The Python cdktf app the suites write: a fleet of the library's constructs with
 * its console (stack outputs on), and one server from the Python provider
 * bindings with a console of its own. What the cloud offers (image, flavor,
 * network) comes from the environment, so the emulator suite and the real-Nova
 * suite run the same app.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PYTHON } from "./python-env";

/** What the app's servers boot from and attach to, as the cloud names them. */
export interface PythonAppCloud {
  readonly image: string;
  readonly flavor: string;
  /** A network name, or undefined for no network interface (networkMode "none", as Nova's fake driver needs). */
  readonly network?: string;
}

/** The app's environment for a cloud. */
export function pythonAppEnv(cloud: PythonAppCloud): Record<string, string> {
  return { APP_IMAGE: cloud.image, APP_FLAVOR: cloud.flavor, ...(cloud.network ? { APP_NETWORK: cloud.network } : {}) };
}

export const MAIN_PY = `"""A cdktf app in Python: a fleet with its console, and one server from the provider bindings."""
import os

from cdktf import App, TerraformOutput, TerraformStack
from constructs import Construct

from openstack_console_cdktf import (
    ConsoleMode,
    FleetConsoleOptions,
    FleetServerSpec,
    OpenStackProviderSetup,
    OpenStackServer,
    RemoteConsole,
    ServerFlavor,
    ServerFleet,
    ServerImage,
    ServerNetwork,
)
from openstack_console_cdktf.provider_openstack.compute_instance_v2 import (
    ComputeInstanceV2,
    ComputeInstanceV2Network,
)

IMAGE = os.environ["APP_IMAGE"]
FLAVOR = os.environ["APP_FLAVOR"]
NETWORK = os.environ.get("APP_NETWORK")


class ConsoleStack(TerraformStack):
    def __init__(self, scope: Construct, stack_id: str, prefix: str) -> None:
        super().__init__(scope, stack_id)
        OpenStackProviderSetup.configure(self, region="RegionOne")

        fleet = ServerFleet(
            self,
            "web",
            specs=[
                FleetServerSpec(
                    name=f"{prefix}web",
                    count=2,
                    image=ServerImage.from_name(IMAGE),
                    flavor=ServerFlavor.from_name(FLAVOR),
                    networks=[ServerNetwork(name=NETWORK)] if NETWORK else None,
                    network_mode=None if NETWORK else "none",
                )
            ],
            console=FleetConsoleOptions(mode=ConsoleMode.RESOURCE, protocol="vnc", type="novnc", stack_outputs=True),
        )

        # A server straight from the typed provider bindings, and a console for it.
        raw = ComputeInstanceV2(
            self,
            "raw",
            name=f"{prefix}raw",
            image_name=IMAGE,
            flavor_name=FLAVOR,
            network=[ComputeInstanceV2Network(name=NETWORK)] if NETWORK else None,
            network_mode=None if NETWORK else "none",
        )
        imported = OpenStackServer.from_server_attributes(self, "raw-server", id=raw.id, name=f"{prefix}raw")
        console = RemoteConsole(self, "raw-console", server=imported)

        TerraformOutput(self, "web_console_urls", value=fleet.console.urls if fleet.console else None, sensitive=True)
        TerraformOutput(self, "raw_console_url", value=console.url_of(f"{prefix}raw"), sensitive=True)
        TerraformOutput(self, "server_names", value=sorted(fleet.servers.keys()))


app = App()
ConsoleStack(app, os.environ["APP_STACK"], os.environ.get("APP_PREFIX", ""))
app.synth()
`;

/** Writes the app and its cdktf.json (language python, run by the venv's Python) into `dir`. */
export function writePythonApp(dir: string): void {
  fs.writeFileSync(path.join(dir, "main.py"), MAIN_PY);
  fs.writeFileSync(
    path.join(dir, "cdktf.json"),
    JSON.stringify({ language: "python", app: `${PYTHON} main.py`, output: "cdktf.out", projectId: "5b1e9d2c-python-suite", sendCrashReports: "false", terraformProviders: [], terraformModules: [] }),
  );
}
