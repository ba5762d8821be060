/**
 * The probe's RFB client on canned server bytes, split in every way frames
 * can split them: versions, security offers, failures with reasons, Nova's
 * own refusal message, and ServerInit values no VNC server sends.
 */
import { ByteQueue } from "../../lib/openstack/console-probe/byte-queue";
import { ProbeStop } from "../../lib/openstack/console-probe/outcome";
import { novaRefusal, rfbHandshake } from "../../lib/openstack/console-probe/rfb";

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const text = (s: string) => Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s)]);

function serverInit(width: number, height: number, name: string): Buffer {
  const head = Buffer.alloc(20);
  head.writeUInt16BE(width, 0);
  head.writeUInt16BE(height, 2);
  return Buffer.concat([head, text(name)]);
}

/** Feeds the server's side: each element is sent after the client has sent that many messages. */
async function run(script: Buffer[][], options: { chunk?: number; closeAtEnd?: boolean } = { closeAtEnd: true }) {
  const queue = new ByteQueue();
  const sent: Buffer[] = [];
  const feed = (parts: Buffer[] | undefined) => {
    if (!parts) return;
    const all = Buffer.concat(parts);
    const size = options.chunk ?? all.length;
    for (let i = 0; i < all.length; i += size) queue.push(all.subarray(i, i + size));
  };
  let step = 0;
  const next = () => {
    feed(script[step]);
    // the server hangs up after its last message (unless the test wants it to stay)
    if (step === script.length - 1 && options.closeAtEnd !== false) setImmediate(() => queue.close());
  };
  next();
  const done = rfbHandshake(queue, (b) => {
    sent.push(b);
    step += 1;
    setImmediate(next);
  });
  try {
    return { result: await done, sent };
  } catch (err) {
    return { error: err as Error, sent };
  }
}

const V38 = Buffer.from("RFB 003.008\n");

test.each([1, 3, 1000])("3.8 with None, in chunks of %i bytes: ServerInit, after ClientInit shared=1", async (chunk) => {
  const { result, sent } = await run([[V38], [Buffer.from([2, 2, 1])], [u32(0)], [serverInit(1024, 768, "web-1")]], { chunk, closeAtEnd: false });
  expect(result).toEqual({ version: "3.8", desktop: { name: "web-1", width: 1024, height: 768 } });
  // the version, security type 1 (None), ClientInit with shared-flag 1; nothing else (no input, ever)
  expect(sent.map((b) => [...b])).toEqual([[...Buffer.from("RFB 003.008\n")], [1], [1]]);
});

test("3.3: the server picks None; no SecurityResult", async () => {
  const { result, sent } = await run([[Buffer.from("RFB 003.003\n")], [u32(1)], [serverInit(640, 480, "old")]], { closeAtEnd: false });
  expect(result).toMatchObject({ version: "3.3", desktop: { name: "old", width: 640, height: 480 } });
  expect(sent[0].toString()).toBe("RFB 003.003\n");
});

test("a newer minor version is answered with 3.8", async () => {
  const { result, sent } = await run([[Buffer.from("RFB 003.889\n")], [Buffer.from([1, 1])], [u32(0)], [serverInit(800, 600, "mac")]], { closeAtEnd: false });
  expect([result?.version, sent[0].toString()]).toEqual(["3.8", "RFB 003.008\n"]);
});

async function stop(script: Buffer[][]): Promise<ProbeStop> {
  const { error } = await run(script);
  expect(error).toBeInstanceOf(ProbeStop);
  return error as ProbeStop;
}

test.each([
  ["not RFB", [[Buffer.from("HTTP/1.1 400\r\n\r\n")]], /sent "HTTP\/1\.1 400" where an RFB ProtocolVersion belongs/],
  ["RFB 4", [[Buffer.from("RFB 004.000\n")]], /speaks RFB 4\.0/],
  ["no types, with a reason", [[V38], [Buffer.from([0]), text("Too many security failures")]], /the server refused the connection: Too many security failures/],
  ["VNC authentication and VeNCrypt only", [[V38], [Buffer.from([2, 2, 19])]], /offers security types 2 \(VNC authentication\), 19 \(VeNCrypt\), not 1 \(None\)/],
  ["3.3 with VNC authentication", [[Buffer.from("RFB 003.003\n")], [u32(2)]], /requires security type 2 \(VNC authentication\), not None/],
  ["SecurityResult failed", [[V38], [Buffer.from([1, 1])], [u32(1), text("no access")]], /SecurityResult is failed: no access/],
  ["an absurd name length", [[V38], [Buffer.from([1, 1])], [u32(0)], [Buffer.concat([Buffer.alloc(20), u32(0x7fffffff)])]], /names a desktop of 2147483647 bytes/],
  ["a screen of 0x0", [[V38], [Buffer.from([1, 1])], [u32(0)], [serverInit(0, 0, "headless")]], /gives a 0x0 screen/],
])("%s: rfb step with what the server did", async (_name, script, reason) => {
  const err = await stop(script as Buffer[][]);
  expect(err.step).toBe("rfb");
  expect(err.reason).toMatch(reason);
});

const NOVA_FAIL = Buffer.concat([Buffer.from([0]), text("Unable to negotiate security with server")]);

test.each([1, 2, 4, 5, 45])("Nova's refusal after None was chosen, split every %i bytes, is read as the proxy's words", async (chunk) => {
  const { error } = await run([[V38], [Buffer.from([1, 1])], [NOVA_FAIL]], { chunk });
  expect(error).toBeInstanceOf(ProbeStop);
  expect((error as ProbeStop).reason).toBe('the proxy could not negotiate security with the VNC server: "Unable to negotiate security with server"');
});

test("novaRefusal recognises only the exact shape", () => {
  expect(novaRefusal(NOVA_FAIL)).toBe("Unable to negotiate security with server");
  expect(novaRefusal(u32(0))).toBeUndefined();
  expect(novaRefusal(Buffer.concat([NOVA_FAIL, Buffer.from("x")]))).toBeUndefined();
  expect(novaRefusal(Buffer.concat([Buffer.from([0]), text("\x00\x01binary")]))).toBeUndefined();
});
