/**
 * Nova's rules for server names, from its API schema (parameter_types.name):
 * 1 to 255 characters, all printable (Unicode categories other than C, and
 * of Z only the space separators Zs), not starting or ending with whitespace.
 * Nova builds its character class from code points below U+FFFF, so characters
 * outside the Basic Multilingual Plane (emoji, for example) are refused too.
 */
export const NOVA_NAME_MAX_LENGTH = 255;

const OTHER = /\p{C}/u;
const SEPARATOR = /\p{Z}/u;
const SPACE_SEPARATOR = /\p{Zs}/u;

function isPrintable(ch: string): boolean {
  if (ch.codePointAt(0)! > 0xfffe) return false;
  return !OTHER.test(ch) && (!SEPARATOR.test(ch) || SPACE_SEPARATOR.test(ch));
}

const isEdgeSafe = (ch: string): boolean => isPrintable(ch) && !SPACE_SEPARATOR.test(ch);

const codePoint = (ch: string): string => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** Why Nova would refuse this server name (as "<problem>; <fix>" parts), or undefined. */
export function novaNameProblem(name: string): { problem: string; fix: string } | undefined {
  const chars = [...name];
  if (chars.length === 0) return { problem: "is empty", fix: "give every server a name of 1 to 255 characters" };
  if (chars.length > NOVA_NAME_MAX_LENGTH) {
    return { problem: `is ${chars.length} characters long, Nova allows at most ${NOVA_NAME_MAX_LENGTH}`, fix: "shorten it" };
  }
  const bad = chars.findIndex((ch) => !isPrintable(ch));
  if (bad >= 0) {
    return {
      problem: `contains ${codePoint(chars[bad])} at position ${bad + 1}, which Nova refuses (control, format or non-BMP character)`,
      fix: "use printable characters only",
    };
  }
  if (!isEdgeSafe(chars[0]) || !isEdgeSafe(chars[chars.length - 1])) {
    return { problem: "starts or ends with whitespace, which Nova refuses", fix: "trim the name" };
  }
  return undefined;
}

const HOSTNAME_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Nova derives the guest hostname from the name (sanitising what does not fit
 * RFC 952/1123), so a name that is not already a hostname label gets a
 * hostname the user did not choose. Worth a warning, not an error.
 */
export function isHostnameSafe(name: string): boolean {
  return HOSTNAME_LABEL.test(name);
}
