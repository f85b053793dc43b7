// Shared by the db scripts. Prisma 7 does not load .env; neither do these scripts.
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/inburgering';

export function databaseUrlFromEnv(): string {
  return process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/** Runs a script's main function: prints the error message (no stack for expected errors) and exits 1. */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`error: ${message}`);
      if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
      process.exit(1);
    },
  );
}
