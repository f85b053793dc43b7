/**
 * The development partners' other end for `npm start`: the project's partner simulator
 * (scripts/partner-simulator.ts) on this machine, verifying the development partners' signing
 * keys (src/api/auth/seed-dev-keys.ts). The seed points every development partner at it, so
 * that a new user who assigns one sees deliveries succeed instead of "aflevering mislukt".
 * It prints one line per delivery (type, trajectory, answer), never the body: that holds the
 * person's name.
 */
import { developmentPartnerKeyring } from '../src/api/auth/seed-dev-keys';
import { startPartnerSimulator, type PartnerSimulator } from './partner-simulator';

export const DEFAULT_PARTNER_SIMULATOR_PORT = 4720;

/** Starts the simulator on `port`, or on a free port when that one is taken. */
export async function startDevelopmentPartners(
  options: { port?: number; verbose?: boolean } = {},
): Promise<PartnerSimulator> {
  const settings = {
    partnerId: 'ontwikkelpartners',
    keyring: developmentPartnerKeyring(),
    verbose: options.verbose ?? true,
    printBodies: false,
  };
  try {
    return await startPartnerSimulator({ ...settings, port: options.port ?? DEFAULT_PARTNER_SIMULATOR_PORT });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return startPartnerSimulator({ ...settings, port: 0 });
  }
}
