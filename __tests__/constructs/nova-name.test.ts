import { novaNameProblem } from "../../lib/constructs";

describe("novaNameProblem (Nova's server name rule)", () => {
  it.each(["web-1", "db server 2", "ünïcödé-名前", "a", "x".repeat(255), "name.with.dots", "a\u00a0b"])("accepts %j", (name) => {
    expect(novaNameProblem(name)).toBeUndefined();
  });

  it.each([
    ["", /is empty/],
    ["x".repeat(256), /256 characters long, Nova allows at most 255/],
    [" web", /starts or ends with whitespace/],
    ["web ", /starts or ends with whitespace/],
    ["\u00a0web", /starts or ends with whitespace/],
    ["web\t1", /U\+0009 at position 4/],
    ["web\n", /U\+000A/],
    ["web\u200b1", /U\+200B/], // zero-width space: format character (Cf)
    ["web\u20281", /U\+2028/], // line separator (Zl)
    ["web-😀", /U\+1F600/], // outside the BMP Nova's regex covers
  ])("refuses %j", (name, message) => {
    expect(novaNameProblem(name)?.problem).toMatch(message);
  });
});
