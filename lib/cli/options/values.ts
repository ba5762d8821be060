/**
 * Commander argument parsers for the CLI's option values. Each throws
 * commander's InvalidArgumentError, which commander turns into one line
 * naming the option and the value.
 */
import { InvalidArgumentError } from "commander";
import { isMicroversion } from "../../openstack";

export function positiveSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError("expected a positive number of seconds, for example 120.");
  }
  return n;
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError("expected a whole number of 1 or more, for example 10.");
  }
  return n;
}

export function microversion(value: string): string {
  if (!isMicroversion(value)) {
    throw new InvalidArgumentError("expected a compute microversion of the form X.Y, for example 2.8.");
  }
  return value;
}

/** An Origin as a browser sends it: scheme, host and port, nothing else. */
export function webOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError("expected an origin such as https://dashboard.example.com.");
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || (url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) {
    throw new InvalidArgumentError("expected an http(s) origin without a path, such as https://dashboard.example.com:443.");
  }
  return url.origin;
}
