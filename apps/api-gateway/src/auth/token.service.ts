import { Inject, Injectable } from '@nestjs/common';
import {
  RedisService,
  generateToken,
  parseInput,
  tokenDigest,
  verifySecret,
} from '@meridian/platform';
import { z } from 'zod';

import { AUTH_OPTIONS } from './auth.options';
import type { AuthOptions } from './auth.options';
import { AuthErrorCode, invalidClient, invalidToken, unsupportedGrantType } from './auth.errors';
import type { CallerIdentity } from './partner-client';
import { PartnerClientsRepository } from './partner-clients.repository';

export interface IssuedToken {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope: string;
}

const tokenRequest = z.object({
  grant_type: z.string().min(1),
  client_id: z.string().min(1).max(64).optional(),
  client_secret: z.string().min(1).max(256).optional(),
  scope: z.string().max(500).optional(),
});

const storedIdentity = z.object({
  partnerClientId: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  rateLimitPerMinute: z.number().int().positive(),
});

const TOKEN_KEY = (digest: string) => `token:${digest}`;

/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4). Tokens are opaque; Redis keeps only their digest with
 * the caller's identity, and forgets it when the token expires.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly clients: PartnerClientsRepository,
    private readonly redis: RedisService,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  /** Client id and secret from the form body or from HTTP Basic (RFC 6749 §2.3.1). */
  async issue(body: unknown, basicAuthorization: string | undefined): Promise<IssuedToken> {
    const request = parseInput(tokenRequest, body ?? {}, AuthErrorCode.invalidRequest);
    if (request.grant_type !== 'client_credentials') throw unsupportedGrantType();
    let clientId = request.client_id;
    let clientSecret = request.client_secret;
    if (basicAuthorization?.startsWith('Basic ')) {
      const decoded = Buffer.from(basicAuthorization.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        clientId = decodeURIComponent(decoded.slice(0, colon));
        clientSecret = decodeURIComponent(decoded.slice(colon + 1));
      }
    }
    if (!clientId || !clientSecret) throw invalidClient();
    const client = await this.clients.findByClientId(clientId);
    if (
      !client ||
      client.status !== 'ACTIVE' ||
      !(await verifySecret(clientSecret, client.secretHash))
    ) {
      throw invalidClient();
    }
    const requested = request.scope?.split(' ').filter((s) => s.length > 0);
    const scopes = requested
      ? client.scopes.filter((s) => requested.includes(s))
      : [...client.scopes];
    const identity: CallerIdentity = {
      partnerClientId: client.id,
      clientId: client.clientId,
      scopes,
      rateLimitPerMinute: client.rateLimitPerMinute,
    };
    const token = generateToken();
    await this.redis.client.set(
      TOKEN_KEY(tokenDigest(token)),
      JSON.stringify(identity),
      'EX',
      this.options.accessTokenTtlSeconds,
    );
    return {
      access_token: token,
      token_type: 'Bearer',
      expires_in: this.options.accessTokenTtlSeconds,
      scope: scopes.join(' '),
    };
  }

  async resolve(authorization: string | undefined): Promise<CallerIdentity> {
    if (!authorization) throw invalidToken('Missing bearer token');
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization);
    if (!match?.[1]) throw invalidToken('Authorization must be "Bearer <token>"');
    const stored = await this.redis.client.get(TOKEN_KEY(tokenDigest(match[1])));
    if (!stored) throw invalidToken('The token is unknown or expired');
    const parsed = storedIdentity.safeParse(JSON.parse(stored));
    if (!parsed.success) throw invalidToken('The token is unknown or expired');
    return parsed.data;
  }
}
