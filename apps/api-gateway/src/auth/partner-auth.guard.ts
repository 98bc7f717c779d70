import { Injectable, SetMetadata } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { RateLimiter } from '../rate-limit/rate-limiter';
import { insufficientScope } from './auth.errors';
import type { CallerIdentity, Scope } from './partner-client';
import { TokenService } from './token.service';

const REQUIRED_SCOPE = 'meridian:required-scope';

/** Marks a route as needing a bearer token with `scope`. */
export const RequireScope = (scope: Scope) => SetMetadata(REQUIRED_SCOPE, scope);

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  caller?: CallerIdentity;
}

interface ReplyWithHeaders {
  header(name: string, value: string): unknown;
}

/**
 * Authenticates the partner client, checks the route's scope, and applies the client's rate limit —
 * in that order, so an unauthenticated flood cannot spend a real client's budget.
 */
@Injectable()
export class PartnerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.get<Scope | undefined>(REQUIRED_SCOPE, context.getHandler());
    if (!scope) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const authorization = request.headers['authorization'];
    const caller = await this.tokens.resolve(
      Array.isArray(authorization) ? authorization[0] : authorization,
    );
    if (!caller.scopes.includes(scope)) throw insufficientScope(scope);
    const decision = await this.rateLimiter.consume(caller.clientId, caller.rateLimitPerMinute);
    const reply = context.switchToHttp().getResponse<ReplyWithHeaders>();
    reply.header('ratelimit-limit', String(decision.limit));
    reply.header('ratelimit-remaining', String(decision.remaining));
    reply.header('ratelimit-reset', String(decision.resetSeconds));
    decision.enforce();
    request.caller = caller;
    return true;
  }
}
