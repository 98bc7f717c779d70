import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import type { IssuedToken } from './token.service';
import { TokenService } from './token.service';

/** OAuth 2.0 token endpoint for partner clients (client credentials grant). */
@ApiTags('auth')
@Controller('oauth')
export class OAuthController {
  constructor(private readonly tokens: TokenService) {}

  @Post('token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Issue an access token',
    description:
      'Client credentials grant (RFC 6749 §4.4). Send `grant_type=client_credentials` with `client_id` and `client_secret` as a form or JSON body, or the credentials with HTTP Basic.',
  })
  token(
    @Body() body: unknown,
    @Headers('authorization') authorization?: string,
  ): Promise<IssuedToken> {
    return this.tokens.issue(body, authorization);
  }
}
