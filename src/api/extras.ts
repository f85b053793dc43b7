/**
 * The API process's extras, from configuration: DUO's Notificatie API (when DUO is configured)
 * and the codec endpoint for the Temporal Web UI.
 */
import type { Router } from 'express';
import type { Config } from '../config';
import type { DuoNotificationDeps } from '../integrations/duo/notifications';
import { buildDuoClients, gemeenteOins } from '../runtime/composition';
import { AesGcmPayloadCodec, parseCodecKeys } from '../temporal/codec';
import { createCodecServerRouter } from './codec-server';
import { resolveDeps } from './app';
import { authenticateRequest } from './auth/authenticate';
import { createDuoIntegration } from './duo/wiring';
import type { ApiDeps } from './http/deps';

export interface ApiExtras {
  extraRouters: Array<{ path: string; router: Router }>;
  /** DUO's notification processing, for the inbox drain (when DUO is configured). */
  duoNotifications?: DuoNotificationDeps;
}

/** DUO's Notificatie API (when DUO is configured) and the codec endpoint for the Web UI. */
export function buildApiExtras(config: Config, apiDeps: ApiDeps): ApiExtras {
  const resolved = resolveDeps(apiDeps);
  const codec = new AesGcmPayloadCodec(
    parseCodecKeys(config.TEMPORAL_CODEC_KEYS, config.TEMPORAL_CODEC_CURRENT_KEY_ID),
  );
  const extraRouters: ApiExtras['extraRouters'] = [
    {
      path: '/codec',
      router: createCodecServerRouter(codec, {
        // Decoded payloads are for beheerders only.
        authorize: async (req) => {
          try {
            return (await authenticateRequest(resolved.authentication, req)).role === 'beheerder';
          } catch {
            return false;
          }
        },
        allowedOrigins: config.TEMPORAL_CODEC_CORS_ORIGINS,
      }),
    },
  ];
  const duo = buildDuoClients(config);
  if (!duo || !config.DUO_OIN) return { extraRouters };
  const integration = createDuoIntegration({
    apiDeps: resolved,
    duo,
    duoOin: config.DUO_OIN,
    gemeenteByOin: Object.fromEntries([...gemeenteOins(config)].map(([gemeente, oin]) => [oin, gemeente])),
  });
  extraRouters.push({ path: '/duo/v1', router: integration.router });
  return { extraRouters, duoNotifications: integration.deps };
}
