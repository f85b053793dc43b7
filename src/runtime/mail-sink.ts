/**
 * The embedded default for e-mail: a local SMTP server (the `smtp-server` package) that accepts
 * every message on loopback and writes it as an `.eml` file into a folder (`.data/mail/` for
 * `npm start`), so a new user sees consulent notices arrive without a mail server. Development
 * only (never started in production); the tests mail through it over real SMTP.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface MailSink {
  host: string;
  port: number;
  /** Where the captured mails are written (`<time>-<n>.eml`). */
  dir: string;
  close(): Promise<void>;
}

export interface CapturedMail {
  file: string;
  /** The message as received (headers + encoded body). */
  raw: string;
  /** The same with a quoted-printable body decoded (what a mail program shows). */
  text: string;
}

/** Decodes quoted-printable (soft line breaks, `=XX` bytes) when the message says it uses it. */
export function decodeQuotedPrintable(raw: string): string {
  if (!/^Content-Transfer-Encoding: quoted-printable/im.test(raw)) return raw;
  const joined = raw.replace(/=\r?\n/g, '');
  return Buffer.from(
    joined.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
}

export async function startMailSink(options: { dir: string; port?: number; host?: string }): Promise<MailSink> {
  // A development dependency: loaded only when the sink runs.
  const { SMTPServer } = await import('smtp-server');
  const host = options.host ?? '127.0.0.1';
  await mkdir(options.dir, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    banner: 'Inburgering ontwikkel-mailbox (niets wordt verstuurd)',
    size: 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        count += 1;
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(count).padStart(4, '0')}.eml`;
        writeFile(path.join(options.dir, name), Buffer.concat(chunks)).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      });
    },
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.server.once('error', onError);
      server.listen(port, host, () => {
        server.server.off('error', onError);
        resolve();
      });
    });
  try {
    await listen(options.port ?? 0);
  } catch (error) {
    // The default port is taken (a second checkout running): any free port will do.
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await listen(0);
  }
  const { port } = server.server.address() as AddressInfo;
  return {
    host,
    port,
    dir: options.dir,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The captured mails of a sink folder, oldest first. */
export async function readCapturedMails(dir: string): Promise<CapturedMail[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => file.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (file) => {
      const raw = await readFile(path.join(dir, file), 'utf8');
      return { file, raw, text: decodeQuotedPrintable(raw) };
    }),
  );
}
