/**
 * Payload encryption for everything that goes through Temporal (workflow inputs, signals,
 * updates, activity arguments and results, memos, search attributes are NOT payloads).
 *
 * AES-256-GCM (node:crypto). Each encoded payload:
 *   metadata.encoding          = "binary/encrypted"
 *   metadata["encryption-key-id"] = id of the key that encrypted it
 *   data                       = 12-byte IV || ciphertext || 16-byte auth tag
 * The plaintext is the whole original Payload (metadata + data) serialised as protobuf, so
 * the original encoding (json/plain, binary/null, ...) is hidden too. The key id is bound
 * as additional authenticated data: moving a payload to another key id fails to decrypt.
 *
 * Rotation: encode always uses the current key; decode uses whichever known key the payload
 * names. Retire an old key only when no open workflow history can still hold payloads
 * encrypted with it (trajectories run for years: keep old keys for the retention period
 * plus the longest trajectory).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ApplicationFailure, type Payload, type PayloadCodec } from '@temporalio/common';
// @temporalio/proto is CommonJS: a named import fails under plain Node ESM (tsx), a default one works.
import proto from '@temporalio/proto';

const { temporal } = proto;

export const ENCODING_ENCRYPTED = 'binary/encrypted';
export const METADATA_ENCODING_KEY = 'encoding';
export const METADATA_ENCRYPTION_KEY_ID = 'encryption-key-id';

const ALGORITHM = 'aes-256-gcm';
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const KEY_LENGTH = 32;

/** Key material: every key that may still be needed to decrypt, and the one to encrypt with. */
export interface CodecKeys {
  /** key id → 32-byte key. */
  keys: ReadonlyMap<string, Buffer>;
  currentKeyId: string;
}

export class CodecKeyError extends Error {
  override name = 'CodecKeyError';
}

/**
 * Builds CodecKeys from configuration text.
 * @param spec `id:base64key` pairs separated by commas, e.g. `2026-11:q83v...=,2025-01:Zm9v...=`
 * @param currentKeyId the id to encrypt with (must be in `spec`)
 */
export function parseCodecKeys(spec: string, currentKeyId: string): CodecKeys {
  const keys = new Map<string, Buffer>();
  for (const entry of spec
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const separator = entry.indexOf(':');
    if (separator <= 0) throw new CodecKeyError(`codec key "${entry.slice(0, 12)}…": expected id:base64key`);
    const id = entry.slice(0, separator).trim();
    const material = entry.slice(separator + 1).trim();
    if (!/^[\w.-]{1,64}$/.test(id)) throw new CodecKeyError(`codec key id "${id}": use letters, digits, . _ -`);
    if (keys.has(id)) throw new CodecKeyError(`codec key id "${id}" appears twice`);
    keys.set(id, decodeKey(id, material));
  }
  return codecKeys(keys, currentKeyId);
}

/** Builds CodecKeys from an id → base64 record (tests, programmatic configuration). */
export function codecKeysFromRecord(record: Record<string, string>, currentKeyId: string): CodecKeys {
  return codecKeys(
    new Map(Object.entries(record).map(([id, material]) => [id, decodeKey(id, material)])),
    currentKeyId,
  );
}

/** A fresh random key, base64 (for `TEMPORAL_CODEC_KEYS`). */
export function generateCodecKey(): string {
  return randomBytes(KEY_LENGTH).toString('base64');
}

function codecKeys(keys: Map<string, Buffer>, currentKeyId: string): CodecKeys {
  if (keys.size === 0) throw new CodecKeyError('no codec keys configured');
  if (!keys.has(currentKeyId)) {
    throw new CodecKeyError(`current codec key id "${currentKeyId}" is not among the configured keys`);
  }
  return { keys, currentKeyId };
}

function decodeKey(id: string, material: string): Buffer {
  const key = Buffer.from(material, 'base64');
  if (key.length !== KEY_LENGTH) {
    throw new CodecKeyError(`codec key "${id}" must be ${KEY_LENGTH} bytes base64 (got ${key.length} bytes)`);
  }
  return key;
}

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly codecKeys: CodecKeys) {}

  get currentKeyId(): string {
    return this.codecKeys.currentKeyId;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.codecKeys.currentKeyId;
    const key = this.codecKeys.keys.get(keyId)!;
    return payloads.map((payload) => ({
      metadata: {
        [METADATA_ENCODING_KEY]: utf8(ENCODING_ENCRYPTED),
        [METADATA_ENCRYPTION_KEY_ID]: utf8(keyId),
      },
      data: encrypt(key, keyId, temporal.api.common.v1.Payload.encode(payload).finish()),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || Buffer.from(encoding).toString('utf8') !== ENCODING_ENCRYPTED) {
        // Not ours (e.g. written before encryption was switched on): pass through.
        return payload;
      }
      const rawKeyId = payload.metadata?.[METADATA_ENCRYPTION_KEY_ID];
      if (!rawKeyId) throw nonRetryable('encrypted payload has no encryption-key-id metadata', 'CodecMissingKeyId');
      const keyId = Buffer.from(rawKeyId).toString('utf8');
      const key = this.codecKeys.keys.get(keyId);
      if (!key) {
        throw nonRetryable(
          `payload encrypted with unknown key id "${keyId}"; configure that key in TEMPORAL_CODEC_KEYS to read it`,
          'CodecUnknownKeyId',
        );
      }
      if (!payload.data) throw nonRetryable('encrypted payload has no data', 'CodecMissingData');
      const plaintext = decrypt(key, keyId, payload.data);
      const decoded = temporal.api.common.v1.Payload.decode(plaintext);
      return { metadata: decoded.metadata ?? {}, data: decoded.data ?? new Uint8Array() };
    });
  }
}

function encrypt(key: Buffer, keyId: string, plaintext: Uint8Array): Uint8Array {
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(utf8(keyId));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function decrypt(key: Buffer, keyId: string, data: Uint8Array): Uint8Array {
  const buffer = Buffer.from(data);
  if (buffer.length < IV_LENGTH + TAG_LENGTH) throw nonRetryable('encrypted payload is too short', 'CodecCorrupt');
  const iv = buffer.subarray(0, IV_LENGTH);
  const tag = buffer.subarray(buffer.length - TAG_LENGTH);
  const body = buffer.subarray(IV_LENGTH, buffer.length - TAG_LENGTH);
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_LENGTH });
  decipher.setAAD(utf8(keyId));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw nonRetryable(`payload failed authentication with key "${keyId}" (tampered or wrong key)`, 'CodecAuthFailed');
  }
}

function nonRetryable(message: string, type: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, type);
}

function utf8(value: string): Uint8Array {
  return new Uint8Array(Buffer.from(value, 'utf8'));
}
