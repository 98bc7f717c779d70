import { Inject, Injectable, Logger } from '@nestjs/common';

import type { HospitalSimulatorConfig } from '../config';
import { SIMULATOR_CONFIG } from '../registration/registration.service';
import { simulatedHospitals } from '../registration/simulated-hospitals';
import { FaultTable } from './faults';
import type { LinkMethod } from './faults';
import { HospitalBook } from './hospital-book';
import { refuse } from './link.errors';

/** Emits 'cancelled' when the caller gives up (deadline or cancel), as grpc-js server calls do. */
export interface CancellableCall {
  once(event: 'cancelled', listener: () => void): unknown;
  readonly cancelled?: boolean;
}

/** Longest a "no answer" fault keeps a call open when the caller set no deadline. */
const NO_ANSWER_MAX_MS = 120_000;

/**
 * The HIS of every hospital this simulator stands in for: one appointment book per hospital, and
 * the fault knobs that make a hospital slow, flaky, silent or obstinate.
 */
@Injectable()
export class LinkService {
  private readonly logger = new Logger(LinkService.name);
  private readonly books = new Map<string, HospitalBook>();
  readonly faults: FaultTable;

  constructor(@Inject(SIMULATOR_CONFIG) config: HospitalSimulatorConfig) {
    for (const hospital of simulatedHospitals(config.SIMULATOR_ID, config.SIMULATOR_HOSPITALS)) {
      this.books.set(hospital.code, new HospitalBook(hospital, config.SIMULATOR_MAX_HOLD_MS));
    }
    this.faults = new FaultTable(config.SIMULATOR_FAULTS);
    if (Object.keys(config.SIMULATOR_FAULTS).length > 0) {
      this.logger.warn({ faults: config.SIMULATOR_FAULTS }, 'fault knobs set at start-up');
    }
  }

  hospitalCodes(): string[] {
    return [...this.books.keys()];
  }

  book(code: string): HospitalBook {
    const book = this.books.get(code);
    if (!book) throw refuse.notFound('UNKNOWN_HOSPITAL', `This system serves no hospital ${code}`);
    return book;
  }

  /**
   * Applies the hospital's fault knobs to one call before it is served: waits the configured
   * latency, then answers UNAVAILABLE, never answers (until the caller gives up), or lets it through.
   */
  async beforeServing(
    code: string,
    method: LinkMethod,
    call: CancellableCall | undefined,
  ): Promise<void> {
    const decision = this.faults.decide(code, method);
    if (decision.delayMs > 0) await sleepUnlessCancelled(decision.delayMs, call);
    if (decision.outcome === 'unavailable') throw refuse.unavailable();
    if (decision.outcome === 'no-answer') {
      await sleepUnlessCancelled(NO_ANSWER_MAX_MS, call);
      // Nobody is listening any more; the status only ends the call on this side.
      throw refuse.unavailable();
    }
  }
}

function sleepUnlessCancelled(ms: number, call: CancellableCall | undefined): Promise<void> {
  if (call?.cancelled) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    call?.once('cancelled', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
