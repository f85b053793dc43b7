/**
 * Who is calling DUO's Notificatie API. DUO calls over Diginetwerk with a PKIoverheid client
 * certificate (mutual TLS); the certificate's subject `serialNumber` holds the sender's OIN,
 * which must be the `bron` header (checked by the router: 403 otherwise). Two ways to verify the
 * certificate, chosen explicitly in configuration (`DUO_NOTIFICATIE_AUTH`):
 *
 * - `mtls`: this process terminates TLS itself (`requestCert`), trusting only the configured CA
 *   bundle (`DUO_NOTIFICATIE_CLIENT_CA_PATH`); see `listener.ts`.
 * - `proxy`: a named reverse proxy terminates TLS and verifies the certificate, and passes it
 *   on in a header (`DUO_NOTIFICATIE_CERT_HEADER`, URL-encoded PEM as nginx's
 *   `$ssl_client_escaped_cert`). The header is believed only from the proxy's addresses
 *   (`DUO_NOTIFICATIE_TRUSTED_PROXIES`); when a CA bundle is configured, the certificate must
 *   also be signed by it and be valid now.
 *
 * No certificate, an untrusted one, or one without an OIN → 401 (DUO's spec: "De afzender kan
 * niet geauthentiseerd en/of geïdentificeerd worden").
 */
import { X509Certificate } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Request } from 'express';

export type SenderResult = { authenticated: true; oin: string } | { authenticated: false; reason: string };

export type SenderAuthentication = (req: Request) => SenderResult;

const OIN = /^\d{20}$/;

/** The OIN of a PKIoverheid certificate subject (`serialNumber=<20 digits>`), or undefined. */
export function oinFromSubject(subject: string | Record<string, unknown> | undefined): string | undefined {
  if (!subject) return undefined;
  const value =
    typeof subject === 'string'
      ? /(?:^|\n)serialNumber=([^\n]*)/.exec(subject)?.[1]
      : (subject.serialNumber as string | string[] | undefined);
  const candidate = Array.isArray(value) ? value[0] : value;
  return candidate && OIN.test(candidate) ? candidate : undefined;
}

/** `mtls`: the TLS socket verified the client certificate against the configured CA bundle. */
export function mutualTlsSender(): SenderAuthentication {
  return (req) => {
    const socket = req.socket as TLSSocket;
    if (typeof socket.getPeerCertificate !== 'function') {
      return { authenticated: false, reason: 'geen TLS-verbinding' };
    }
    const certificate = socket.getPeerCertificate();
    if (!certificate || Object.keys(certificate).length === 0) {
      return { authenticated: false, reason: 'geen clientcertificaat' };
    }
    if (!socket.authorized) {
      return { authenticated: false, reason: `certificaat niet vertrouwd (${String(socket.authorizationError)})` };
    }
    const oin = oinFromSubject(certificate.subject as unknown as Record<string, unknown>);
    return oin ? { authenticated: true, oin } : { authenticated: false, reason: 'geen OIN in het certificaat' };
  };
}

export interface ProxyHeaderOptions {
  /** Header carrying the verified client certificate (URL-encoded PEM), e.g. `x-ssl-client-cert`. */
  header: string;
  /** Addresses of the reverse proxy; the header from anyone else is ignored (→ 401). */
  trustedProxies: string[];
  /** PEM bundle of the CA(s) the certificate must be signed by (optional second check). */
  caPem?: string;
  now?: () => Date;
}

/** `proxy`: a named reverse proxy verified the certificate and passes it on in a header. */
export function proxyHeaderSender(options: ProxyHeaderOptions): SenderAuthentication {
  const trusted = new BlockList();
  for (const address of options.trustedProxies) {
    const [ip, prefix] = address.split('/') as [string, string | undefined];
    const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    if (prefix) trusted.addSubnet(ip, Number(prefix), type);
    else trusted.addAddress(ip, type);
  }
  const authorities = options.caPem ? splitPem(options.caPem).map((pem) => new X509Certificate(pem)) : [];
  const header = options.header.toLowerCase();
  return (req) => {
    const remote = normaliseAddress(req.socket.remoteAddress ?? '');
    if (!remote || !trusted.check(remote, isIP(remote) === 6 ? 'ipv6' : 'ipv4')) {
      return { authenticated: false, reason: 'niet via de vertrouwde proxy' };
    }
    const value = req.headers[header];
    if (typeof value !== 'string' || value.length === 0) {
      return { authenticated: false, reason: 'geen clientcertificaat van de proxy' };
    }
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(decodeURIComponent(value));
    } catch {
      return { authenticated: false, reason: 'onleesbaar clientcertificaat' };
    }
    if (authorities.length > 0) {
      const now = (options.now ?? (() => new Date()))();
      const signed = authorities.some((ca) => certificate.checkIssued(ca) && certificate.verify(ca.publicKey));
      const valid = new Date(certificate.validFrom) <= now && now <= new Date(certificate.validTo);
      if (!signed || !valid) return { authenticated: false, reason: 'certificaat niet vertrouwd' };
    }
    const oin = oinFromSubject(certificate.subject);
    return oin ? { authenticated: true, oin } : { authenticated: false, reason: 'geen OIN in het certificaat' };
  };
}

function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function splitPem(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
