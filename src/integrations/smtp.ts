/**
 * E-mail to consulenten (src/activities/notice-delivery.ts; in-app via the werkvoorraad is
 * always there). A mail says only that there is something to do and where: task titles (no
 * personal data: src/domain/notifications.ts) and links into the werkplek. Never a name or BSN.
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
  /** Base URL of the werkplek, for the links in the mail. */
  linkBaseUrl?: string;
  timeoutMs?: number;
}

export interface ConsulentMail {
  to: string;
  subject: string;
  /** One line per task: its title and the werkplek path that opens it (e.g. `/taken/<id>`). */
  items: Array<{ title: string; path: string }>;
}

export interface Mailer {
  sendConsulentMail(mail: ConsulentMail): Promise<{ messageId: string }>;
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
  const base = (config.linkBaseUrl ?? '').replace(/\/+$/, '');
  return {
    async sendConsulentMail(mail) {
      const info = await transport.sendMail({
        from: config.from,
        to: mail.to,
        subject: `[Inburgering] ${mail.subject}`.slice(0, 200),
        text: [
          mail.items.length === 1
            ? 'Er staat een taak voor u klaar in de werkvoorraad:'
            : `Er staan ${mail.items.length} taken voor u klaar in de werkvoorraad:`,
          '',
          ...mail.items.flatMap((item) => [`- ${item.title}`, `  ${base}${item.path}`]),
          '',
          'Deze e-mail bevat bewust geen persoonsgegevens: u leest de rest na het inloggen in de werkplek.',
          'Hoe u meldingen krijgt (direct, dagoverzicht of uit) stelt u in onder Meldingen in de werkplek.',
        ].join('\n'),
      });
      return { messageId: String(info.messageId) };
    },
    close() {
      transport.close();
    },
  };
}
