import express from 'express';
import { problemMiddleware } from '../../src/api/http/problem-middleware';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  AesGcmPayloadCodec,
  CodecKeyError,
  ENCODING_ENCRYPTED,
  METADATA_ENCRYPTION_KEY_ID,
  codecKeysFromRecord,
  generateCodecKey,
  parseCodecKeys,
} from '../../src/temporal/codec';
import { createCodecServerRouter } from '../../src/api/codec-server';
import type { Principal } from '../../src/api/auth/principal';
import { AppError } from '../../src/api/http/errors';
import { createDataConverter } from '../../src/temporal/data-converter';

const OLD_KEY = generateCodecKey();
const NEW_KEY = generateCodecKey();
const SECRET = { bsn: '123456782', naam: 'Fatima El Amrani', note: 'diabetes, slaapt slecht' };

function text(payload: Payload, key: string): string {
  return Buffer.from(payload.metadata?.[key] ?? new Uint8Array()).toString('utf8');
}

describe('AesGcmPayloadCodec', () => {
  const codec = new AesGcmPayloadCodec(codecKeysFromRecord({ k1: OLD_KEY }, 'k1'));

  it('round-trips a payload and hides its content and original encoding', async () => {
    const plain = defaultPayloadConverter.toPayload(SECRET);
    const [encoded] = await codec.encode([plain]);

    expect(text(encoded!, 'encoding')).toBe(ENCODING_ENCRYPTED);
    expect(text(encoded!, 'encryption-key-id')).toBe('k1');
    const raw = Buffer.from(encoded!.data!).toString('latin1');
    expect(raw).not.toContain('123456782');
    expect(raw).not.toContain('Fatima');
    expect(raw).not.toContain('json/plain');

    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(SECRET);
    expect(text(decoded!, 'encoding')).toBe('json/plain');
  });

  it('uses a fresh IV: the same value encrypts differently each time', async () => {
    const plain = defaultPayloadConverter.toPayload(SECRET);
    const [a, b] = await codec.encode([plain, plain]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('rotation: encrypts with the current key and still decrypts payloads of the old key', async () => {
    const before = await codec.encode([defaultPayloadConverter.toPayload(SECRET)]);
    const rotated = new AesGcmPayloadCodec(codecKeysFromRecord({ k1: OLD_KEY, k2: NEW_KEY }, 'k2'));

    const after = await rotated.encode([defaultPayloadConverter.toPayload('nieuw')]);
    expect(text(after[0]!, 'encryption-key-id')).toBe('k2');

    const decoded = await rotated.decode([...before, ...after]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([SECRET, 'nieuw']);
  });

  it('refuses a tampered payload', async () => {
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(SECRET)]);
    const data = Buffer.from(encoded!.data!);
    data[20] = data[20]! ^ 0x01;
    await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow(/failed authentication/);
  });

  it('refuses a payload whose key id was swapped to another known key', async () => {
    const both = new AesGcmPayloadCodec(codecKeysFromRecord({ k1: OLD_KEY, k2: NEW_KEY }, 'k1'));
    const [encoded] = await both.encode([defaultPayloadConverter.toPayload(SECRET)]);
    const swapped: Payload = {
      ...encoded!,
      metadata: { ...encoded!.metadata, 'encryption-key-id': new Uint8Array(Buffer.from('k2')) },
    };
    await expect(both.decode([swapped])).rejects.toThrow(/failed authentication with key "k2"/);
  });

  it('fails clearly on an unknown key id', async () => {
    const other = new AesGcmPayloadCodec(codecKeysFromRecord({ k9: NEW_KEY }, 'k9'));
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(SECRET)]);
    await expect(other.decode([encoded!])).rejects.toThrow(/unknown key id "k1"/);
  });

  it('passes through payloads that were never encrypted', async () => {
    const plain = defaultPayloadConverter.toPayload('legacy');
    const [decoded] = await codec.decode([plain]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toBe('legacy');
  });

  it('is the codec of createDataConverter', () => {
    const converter = createDataConverter(codecKeysFromRecord({ k1: OLD_KEY }, 'k1'));
    expect(converter.payloadCodecs?.[0]).toBeInstanceOf(AesGcmPayloadCodec);
    expect(converter.failureConverterPath).toBeUndefined();
    expect(
      createDataConverter(codecKeysFromRecord({ k1: OLD_KEY }, 'k1'), { encryptFailureAttributes: true })
        .failureConverterPath,
    ).toMatch(/failure-converter\.ts$/);
  });
});

describe('parseCodecKeys', () => {
  it('reads id:base64 pairs and the current id', () => {
    const keys = parseCodecKeys(` k1:${OLD_KEY} , k2:${NEW_KEY}`, 'k2');
    expect([...keys.keys.keys()]).toEqual(['k1', 'k2']);
    expect(keys.currentKeyId).toBe('k2');
  });

  it('refuses a key of the wrong length, a duplicate id and an unknown current id', () => {
    expect(() => parseCodecKeys(`k1:${Buffer.alloc(16).toString('base64')}`, 'k1')).toThrow(CodecKeyError);
    expect(() => parseCodecKeys(`k1:${OLD_KEY},k1:${NEW_KEY}`, 'k1')).toThrow(/twice/);
    expect(() => parseCodecKeys(`k1:${OLD_KEY}`, 'k2')).toThrow(/current codec key id "k2"/);
    expect(() => parseCodecKeys('', 'k1')).toThrow(/no codec keys/);
  });
});

describe('createCodecServerRouter', () => {
  const codec = new AesGcmPayloadCodec(codecKeysFromRecord({ k1: OLD_KEY }, 'k1'));
  const principal = (gemeente: string | null): Principal => ({
    subject: `beheerder@${gemeente ?? 'regio'}`,
    role: 'beheerder',
    gemeente,
    partnerId: null,
    partnerKind: null,
    credentialId: `key-${gemeente ?? 'regio'}`,
    method: 'test',
  });
  /** Bearer regio | altena; anything else is refused as invalid credentials. */
  const authenticate = async (req: express.Request): Promise<Principal> => {
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    if (token === 'regio') return principal(null);
    if (token === 'altena') return principal('altena');
    throw new AppError('UNAUTHENTICATED', 'Geef een geldige API-sleutel mee.');
  };
  const appWith = (options: Partial<Parameters<typeof createCodecServerRouter>[1]> = {}) => {
    const app = express();
    app.use(
      '/codec',
      createCodecServerRouter(codec, { authenticate, allowedOrigins: ['http://localhost:8233'], ...options }),
    );
    app.use(problemMiddleware);
    return app;
  };
  const app = appWith();
  const toJson = (p: Payload) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  });

  it('decodes what the codec encoded, for the regional beheerder (Temporal codec server protocol)', async () => {
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(SECRET)]);
    const res = await request(app)
      .post('/codec/decode')
      .set('Authorization', 'Bearer regio')
      .set('Origin', 'http://localhost:8233')
      .set('X-Namespace', 'default')
      .send({ payloads: [toJson(encoded!)] });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:8233');
    const payload = res.body.payloads[0];
    expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(payload.data, 'base64').toString())).toEqual(SECRET);
  });

  it('authenticates before it reads the body: 3 MB without a key is a 401 with WWW-Authenticate, not a parse', async () => {
    const res = await request(app)
      .post('/codec/decode')
      .set('Content-Type', 'application/json')
      .send(`{"payloads":["${'x'.repeat(3 * 1024 * 1024)}"]}`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('Bearer');
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('tenancy: a beheerder of one gemeente gets only payloads that name that gemeente decoded; others stay encrypted', async () => {
    const own = { gemeente: 'altena', trajectoryId: 'trj_1', phase: 'PIP' };
    const other = { view: { gemeente: 'oosterhout', phase: 'PIP' } };
    const encoded = await codec.encode([
      defaultPayloadConverter.toPayload(own),
      defaultPayloadConverter.toPayload(other),
      defaultPayloadConverter.toPayload(SECRET), // names no gemeente
    ]);
    const sent = encoded.map(toJson);
    const res = await request(app).post('/codec/decode').set('Authorization', 'Bearer altena').send({ payloads: sent });
    expect(res.status).toBe(200);
    const [first, second, third] = res.body.payloads;
    expect(JSON.parse(Buffer.from(first.data, 'base64').toString())).toEqual(own);
    expect(second).toEqual(sent[1]);
    expect(third).toEqual(sent[2]);
    expect(JSON.stringify(res.body)).not.toContain('oosterhout');
    expect(JSON.stringify(res.body)).not.toContain(SECRET.naam);
    // The regional beheerder gets all three.
    const regio = await request(app)
      .post('/codec/decode')
      .set('Authorization', 'Bearer regio')
      .send({ payloads: sent });
    expect(JSON.parse(Buffer.from(regio.body.payloads[1].data, 'base64').toString())).toEqual(other);
  });

  it('a consulent (or partner) gets 403: decoded payloads are for beheerders', async () => {
    const consulent = appWith({
      authenticate: async () => ({ ...principal('altena'), role: 'consulent' }),
    });
    const res = await request(consulent).post('/codec/decode').set('Authorization', 'Bearer x').send({ payloads: [] });
    expect(res.status).toBe(403);
  });

  it('development: the embedded UI (its origin, no credentials) decodes as the given principal; without the option a 401', async () => {
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(SECRET)]);
    const dev = appWith({
      anonymous: (req) => (req.headers.origin === 'http://localhost:8233' ? principal(null) : null),
    });
    const ok = await request(dev)
      .post('/codec/decode')
      .set('Origin', 'http://localhost:8233')
      .send({ payloads: [toJson(encoded!)] });
    expect(ok.status).toBe(200);
    expect(JSON.parse(Buffer.from(ok.body.payloads[0].data, 'base64').toString())).toEqual(SECRET);
    expect((await request(dev).post('/codec/decode').send({ payloads: [] })).status).toBe(401);
    const prod = await request(app).post('/codec/decode').set('Origin', 'http://localhost:8233').send({ payloads: [] });
    expect(prod.status).toBe(401);
  });

  it('offers no /encode: no ciphertext mint, for anyone', async () => {
    const res = await request(app)
      .post('/codec/encode')
      .set('Authorization', 'Bearer regio')
      .send({ payloads: [toJson(defaultPayloadConverter.toPayload('x'))] });
    expect(res.status).toBe(404);
  });

  it('an undecodable payload is a 400 that names no key id and no codec internals', async () => {
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(SECRET)]);
    const forged = toJson(encoded!);
    forged.metadata[METADATA_ENCRYPTION_KEY_ID] = Buffer.from('geheime-sleutel-k9').toString('base64');
    const res = await request(app)
      .post('/codec/decode')
      .set('Authorization', 'Bearer regio')
      .send({ payloads: [forged] });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/k9|k1|geheime-sleutel|aes|gcm/i);
  });

  it('limits the body (413) and the rate per credential (429)', async () => {
    const small = appWith({ bodyLimit: '1kb', perMinute: 2 });
    const big = await request(small)
      .post('/codec/decode')
      .set('Authorization', 'Bearer regio')
      .send({ payloads: [{ data: 'x'.repeat(4096) }] });
    expect(big.status).toBe(413);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await request(small).post('/codec/decode').set('Authorization', 'Bearer regio').send({ payloads: [] })).status,
      );
    }
    expect(statuses).toEqual([200, 429, 429]);
  });

  it('rate-limits failed authentication per address', async () => {
    const guarded = appWith({ authFailuresPer15Minutes: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await request(guarded).post('/codec/decode').set('Authorization', `Bearer wrong-${i}`)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('answers CORS preflight without credentials and gives no CORS to other origins', async () => {
    const preflight = await request(app).options('/codec/decode').set('Origin', 'http://localhost:8233');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('X-Namespace');
    const foreign = await request(app).options('/codec/decode').set('Origin', 'https://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });
});
