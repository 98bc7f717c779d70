import { grpcTarget } from '@meridian/platform';
import { z } from 'zod';

const ms = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** Environment of the booking saga, spread into hospital-integration's config. */
export const bookingEnv = {
  /** payments' gRPC endpoint. */
  PAYMENTS_GRPC_URL: grpcTarget,
  /** insurance-certificates' gRPC endpoint (Settlement). */
  SETTLEMENT_GRPC_URL: grpcTarget,
  /** Deadline of each call the saga makes to payments and insurance. */
  BOOKING_CALL_DEADLINE_MS: ms(100, 60_000, 3_000),
  /** How often the runner looks for due sagas (it is also woken by requests and events). */
  BOOKING_POLL_INTERVAL_MS: ms(10, 60_000, 200),
  /** How long a runner owns a saga it advances; a crashed runner's sagas are taken over after it. */
  BOOKING_LEASE_MS: ms(1_000, 600_000, 30_000),
  /** Sagas advanced at once by one runner. */
  BOOKING_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(32),
  /** Tries of a forward step before the booking fails and compensates. */
  BOOKING_MAX_STEP_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  BOOKING_RETRY_BASE_MS: ms(10, 60_000, 200),
  BOOKING_RETRY_MAX_MS: ms(100, 3_600_000, 60_000),
  /** The payment window closes this long before the hospital's hold lapses. */
  BOOKING_HOLD_SAFETY_MARGIN_MS: ms(0, 600_000, 30_000),
  BOOKING_MAX_PAYMENT_WINDOW_MS: ms(1_000, 3_600_000, 15 * 60_000),
  /** How long after the payment window the saga asks payments itself when no event came. */
  BOOKING_PAYMENT_GRACE_MS: ms(0, 600_000, 5_000),
  /** How long BookAppointment / CancelAppointment wait for the saga before answering. */
  BOOKING_REQUEST_WAIT_MS: ms(100, 60_000, 5_000),
};

export type BookingConfig = z.infer<z.ZodObject<typeof bookingEnv>>;

/** Injection token of the booking configuration. */
export const BOOKING_CONFIG = Symbol('BOOKING_CONFIG');
