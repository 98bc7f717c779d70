// The breaker is shared with other services' outbound calls; it lives in libs/platform.
export { CircuitBreaker } from '@meridian/platform';
export type { CircuitBreakerOptions, CircuitPermit, CircuitState } from '@meridian/platform';
