/** The scopes a partner client can hold. */
export const SCOPES = ['directory:read', 'consultations:write', 'appointments:write'] as const;
export type Scope = (typeof SCOPES)[number];

export interface PartnerClient {
  readonly id: string;
  readonly clientId: string;
  readonly partnerName: string;
  readonly secretHash: string;
  readonly scopes: readonly string[];
  readonly rateLimitPerMinute: number;
  readonly status: 'ACTIVE' | 'SUSPENDED';
}

/** Who is calling, as established from a bearer token. Attached to the request by the auth guard. */
export interface CallerIdentity {
  readonly partnerClientId: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly rateLimitPerMinute: number;
}
