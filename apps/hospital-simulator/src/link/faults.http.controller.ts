import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { notFound, parseInput } from '@meridian/platform';
import { z } from 'zod';

import { faultKnobsSchema } from './faults';
import type { FaultKnobs } from './faults';
import { LinkService } from './link.service';

const INVALID = 'SIMULATOR.INVALID_FAULTS';
const hospitalParam = z
  .string()
  .regex(/^(\*|[A-Za-z0-9._-]{1,64})$/, 'must be a hospital code or *');

export interface FaultsView {
  readonly hospitals: readonly string[];
  /** Knobs by hospital code; `*` applies to every hospital without its own. */
  readonly faults: Readonly<Record<string, FaultKnobs>>;
}

/**
 * Run-time fault knobs of the simulated hospitals, for tests, demos and benchmarks:
 * `PUT /admin/faults/{code}` with a JSON body of knobs (`*` for every hospital),
 * `DELETE /admin/faults/{code}`, `DELETE /admin/faults`, `GET /admin/faults`.
 */
@Controller('admin/faults')
export class FaultsHttpController {
  constructor(private readonly link: LinkService) {}

  @Get()
  list(): FaultsView {
    return { hospitals: this.link.hospitalCodes(), faults: this.link.faults.snapshot() };
  }

  @Put(':code')
  set(@Param('code') code: string, @Body() body: unknown): FaultsView {
    const hospital = this.known(code);
    const knobs = parseInput(faultKnobsSchema, body ?? {}, INVALID);
    this.link.faults.set(hospital, knobs);
    return this.list();
  }

  @Delete(':code')
  @HttpCode(200)
  clear(@Param('code') code: string): FaultsView {
    this.link.faults.clear(this.known(code));
    return this.list();
  }

  @Delete()
  @HttpCode(200)
  clearAll(): FaultsView {
    this.link.faults.clearAll();
    return this.list();
  }

  private known(code: string): string {
    const hospital = parseInput(hospitalParam, code, INVALID);
    if (hospital !== '*' && !this.link.hospitalCodes().includes(hospital)) {
      throw notFound('SIMULATOR.UNKNOWN_HOSPITAL', `This simulator serves no hospital ${hospital}`);
    }
    return hospital;
  }
}
