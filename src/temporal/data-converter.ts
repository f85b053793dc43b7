/**
 * The one data converter of the service: worker, client, API and tests all use it, so every
 * payload is encrypted the same way (src/temporal/codec.ts).
 *
 *   const dataConverter = createDataConverter(parseCodecKeys(env.TEMPORAL_CODEC_KEYS, env.TEMPORAL_CODEC_CURRENT_KEY_ID));
 *   Worker.create({ ..., dataConverter });  new Client({ ..., dataConverter });
 */
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, type CodecKeys } from './codec';

export interface DataConverterOptions {
  /**
   * Also encrypt failure messages and stack traces (DefaultFailureConverter with
   * encodeCommonAttributes). Needs the worker to bundle src/temporal/failure-converter.ts
   * (Worker.create with workflowsPath does; a prebuilt bundle must pass the same
   * failureConverterPath to bundleWorkflowCode). Default false.
   */
  encryptFailureAttributes?: boolean;
}

export function createDataConverter(keys: CodecKeys, options: DataConverterOptions = {}): DataConverter {
  return {
    payloadCodecs: [new AesGcmPayloadCodec(keys)],
    ...(options.encryptFailureAttributes ? { failureConverterPath: FAILURE_CONVERTER_PATH } : {}),
  };
}

/** Path of the module exporting `failureConverter` (for bundleWorkflowCode). */
export const FAILURE_CONVERTER_PATH = fileURLToPath(new URL('./failure-converter.ts', import.meta.url));
