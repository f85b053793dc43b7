/**
 * E-mail notices to consulenten (optional; in-app via the werkvoorraad is always there).
 * The mail says only that there is something to do and where: type, a title without
 * personal data, and a link with the pseudonymous trajectory id. Never a name or BSN.
 */
import nodemailer from 'nodemailer';

export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  user?: string;
  password?: string;
  from: string;
  /** Base URL of the werkvoorraad UI/API, for the link in the mail. */
  linkBaseUrl?: string;
  timeoutMs?: number;
}

export interface ConsulentNotice {
  to: string;
  type: string;
  trajectoryId: string;
  /** A text without personal data (task titles qualify). */
  title: string;
}

export interface Mailer {
  sendConsulentNotice(notice: ConsulentNotice): Promise<{ messageId: string }>;
  close(): void;
}

export function createSmtpMailer(config: SmtpConfig): Mailer {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure ?? false,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
    connectionTimeout: config.timeoutMs ?? 10_000,
    greetingTimeout: config.timeoutMs ?? 10_000,
    socketTimeout: config.timeoutMs ?? 10_000,
  });
  return {
    async sendConsulentNotice(notice) {
      const link = config.linkBaseUrl
        ? `${config.linkBaseUrl.replace(/\/+$/, '')}/trajectories/${notice.trajectoryId}`
        : undefined;
      const info = await transport.sendMail({
        from: config.from,
        to: notice.to,
        subject: `[Inburgering] ${notice.title}`.slice(0, 200),
        text: [
          'Er staat iets voor u klaar in de werkvoorraad.',
          '',
          `Soort: ${notice.type}`,
          `Traject: ${notice.trajectoryId}`,
          ...(link ? ['', `Openen: ${link}`] : []),
          '',
          'Deze e-mail bevat bewust geen persoonsgegevens.',
        ].join('\n'),
      });
      return { messageId: String(info.messageId) };
    },
    close() {
      transport.close();
    },
  };
}
