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

export interface BenchFlags<T extends Options> {
  values: Values<T>;
  /** The flag as a whole number within [min, max] (`raw`: a part of it, e.g. one of a list), or the usage. */
  int(flag: keyof T & string, min: number, max: number, raw?: string): number;
  /** Stops with the problem and the usage. */
  fail(problem: string): never;
}

export function benchFlags<T extends Options>(name: string, usage: string, options: T): BenchFlags<T> {
  const fail = (problem: string): never => {
    console.error(`${name}: ${problem}\n${usage}`);
    process.exit(2);
  };
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) {
    console.log(usage);
    process.exit(0);
  }
  return {
    values: values as Values<T>,
    int(flag, min, max, raw = String(values[flag])) {
      const value = Number(raw);
      if (!Number.isInteger(value) || value < min || value > max) fail(`--${flag}: ${min}–${max}`);
      return value;
    },
    fail,
  };
}
