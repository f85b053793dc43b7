/**
 * The flags of a bench script: `--help` prints its usage (exit 0); an unknown flag or a wrong
 * value prints the problem and the usage (exit 2) — a message for the person who typed it, not
 * a stack trace, and before any server or database is started.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

type Values<T extends Options> = {
  [K in keyof T]: T[K]['type'] extends 'boolean' ? boolean | undefined : string | undefined;
};

export function benchFlags<T extends Options>(name: string, usage: string, options: T): Values<T> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    return flagError(name, usage, error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) {
    console.log(usage);
    process.exit(0);
  }
  return values as Values<T>;
}

export function flagError(name: string, usage: string, problem: string): never {
  console.error(`${name}: ${problem}\n${usage}`);
  process.exit(2);
}

/** A whole number within [min, max], or the usage. */
export function intFlag(name: string, usage: string, flag: string, raw: string | undefined, min: number, max: number) {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) flagError(name, usage, `--${flag}: ${min}–${max}`);
  return value;
}
