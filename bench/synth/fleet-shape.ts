/** The servers both sides of the synth comparison declare: same image, flavor and network on every server. */
export const SYNTH_IMAGE_ID = "4c1a2b7e-2f0d-4a8e-9d1b-6a3c5e7f9b10";
export const SYNTH_FLAVOR = "m1.tiny";
export const SYNTH_NETWORK = "private";
/** Servers are named `<prefix>-1` ... `<prefix>-N`, as a ServerFleet names them. */
export const SYNTH_NAME_PREFIX = "server";
