import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import {
  captureRawBody,
  parsePartnerKeyrings,
  requireValidSignatureWhenConfigured,
  signRequest,
  verifySignature,
} from '../../src/integrations/signing';

const OLD = 'old-secret-old-secret-old-secret-0001';
const NEW = 'new-secret-new-secret-new-secret-0002';
const ring = { currentKeyId: 'k2', keys: { k1: OLD, k2: NEW } };
const now = new Date('2026-06-01T12:00:00Z');
const lower = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

describe('HMAC signing', () => {
  it('signs timestamp + "." + body with the current key and verifies it', () => {
    const body = JSON.stringify({ type: 'AANMELDING_LEERROUTE' });
    const headers = signRequest(ring, body, now);
    expect(headers['X-Signature-Key-Id']).toBe('k2');
    expect(headers['X-Signature-Timestamp']).toBe(String(now.getTime() / 1000));
    expect(verifySignature(ring, lower(headers), body, { now })).toEqual({ ok: true, keyId: 'k2' });
  });

  it('rotation: a signature with the previous key still verifies while that key is configured', () => {
    const body = '{"a":1}';
    const headers = signRequest({ currentKeyId: 'k1', keys: { k1: OLD } }, body, now);
    expect(verifySignature(ring, lower(headers), body, { now }).ok).toBe(true);
    expect(verifySignature({ keys: { k2: NEW } }, lower(headers), body, { now })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/onbekende sleutel/),
    });
  });

  it('refuses a changed body, a wrong key, a stale timestamp and missing headers', () => {
    const body = '{"uren":10}';
    const headers = lower(signRequest(ring, body, now));
    expect(verifySignature(ring, headers, '{"uren":99}', { now })).toMatchObject({
      ok: false,
      reason: 'handtekening klopt niet',
    });
    expect(verifySignature({ keys: { k2: 'another-secret-another-secret-0003' } }, headers, body, { now }).ok).toBe(
      false,
    );
    expect(verifySignature(ring, headers, body, { now: new Date(now.getTime() + 301_000) })).toMatchObject({
      ok: false,
    });
    expect(verifySignature(ring, {}, body, { now })).toMatchObject({ ok: false, reason: 'handtekening ontbreekt' });
  });

  it('parses PARTNER_SIGNING_KEYS and refuses a current key id that is not configured', () => {
    expect(parsePartnerKeyrings(JSON.stringify({ taal: ring }))).toEqual({ taal: ring });
    expect(parsePartnerKeyrings(undefined)).toEqual({});
    expect(() => parsePartnerKeyrings(JSON.stringify({ taal: { currentKeyId: 'k9', keys: { k1: OLD } } }))).toThrow();
    expect(() =>
      parsePartnerKeyrings(JSON.stringify({ taal: { currentKeyId: 'k1', keys: { k1: 'short' } } })),
    ).toThrow();
  });

  it('middleware: verifies inbound requests of partners with keys, passes partners without', async () => {
    const app = express();
    app.use(express.json({ verify: captureRawBody }));
    app.use(requireValidSignatureWhenConfigured({ taal: ring }, (req) => req.header('x-partner')));
    app.post('/events', (_req, res) => {
      res.status(202).end();
    });
    const body = JSON.stringify({ type: 'UREN', hours: 4 });
    const signed = signRequest(ring, body);

    await request(app)
      .post('/events')
      .set('x-partner', 'taal')
      .set('content-type', 'application/json')
      .set(signed)
      .send(body)
      .expect(202);
    await request(app)
      .post('/events')
      .set('x-partner', 'taal')
      .set('content-type', 'application/json')
      .send(body)
      .expect(401);
    await request(app)
      .post('/events')
      .set('x-partner', 'taal')
      .set('content-type', 'application/json')
      .set(signed)
      .send(JSON.stringify({ type: 'UREN', hours: 40 }))
      .expect(401);
    await request(app)
      .post('/events')
      .set('x-partner', 'coa')
      .set('content-type', 'application/json')
      .send(body)
      .expect(202);
  });
});
