// The limiter is shared with other services' outbound calls; it lives in libs/platform.
export { ConcurrencyLimiter } from '@meridian/platform';
