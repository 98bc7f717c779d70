import { ConfigError, loadConfig, secret, statefulServiceEnv } from '@meridian/platform';
import { z } from 'zod';

import { KEY_ID_PATTERN, Keyring, KeyringError } from './profile/envelope-cipher';

export const SERVICE_NAME = 'consultation';

export const consultationEnv = {
  ...statefulServiceEnv,
  /**
   * Key-encryption keys for health profiles: `<id>:<base64 of 32 bytes>[,<id>:<key>…]`. Keep every key
   * that still wraps stored data keys (see `dist/cli/rewrap-health-profiles.js`).
   */
  PROFILE_ENCRYPTION_KEYS: secret(z.string().min(1, 'is required')),
  /**
   * The key new data keys are wrapped under; must be one of PROFILE_ENCRYPTION_KEYS. Not sensitive
   * itself, but delivered in the same Secret as the keys so that both always change together.
   */
  PROFILE_ENCRYPTION_ACTIVE_KEY: secret(z.string().regex(KEY_ID_PATTERN, 'must be a key id')),
};

export type ConsultationConfig = ReturnType<typeof loadConsultationConfig>;

export function loadConsultationConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(SERVICE_NAME, consultationEnv, env);
  try {
    profileKeyring(config);
  } catch (error) {
    if (error instanceof KeyringError) {
      throw new ConfigError(SERVICE_NAME, [`PROFILE_ENCRYPTION_KEYS ${error.message}`]);
    }
    throw error;
  }
  return config;
}

/** The health-profile keyring. Built on demand so key material never sits in the logged config. */
export function profileKeyring(
  config: Pick<ConsultationConfig, 'PROFILE_ENCRYPTION_KEYS' | 'PROFILE_ENCRYPTION_ACTIVE_KEY'>,
): Keyring {
  return Keyring.parse(config.PROFILE_ENCRYPTION_KEYS, config.PROFILE_ENCRYPTION_ACTIVE_KEY);
}
