import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import { CALL_RECORD_HOOK } from '../completions/call-recorder';
import { BudgetOverridesRepository } from './budget-overrides.repository';
import { BudgetStore } from './budget-store';
import { BUDGET_OPTIONS } from './budget.config';
import type { BudgetOptions } from './budget.config';
import { BudgetsService } from './budgets.service';
import { UsageLedgerHook } from './usage-ledger.hook';
import { UsageLedgerRepository } from './usage-ledger.repository';

/**
 * Budgets and the usage ledger. Global so that the call recorder finds the ledger hook and
 * writes each bill in the transaction of its call's audit row.
 */
@Module({})
export class BudgetsModule {
  static forRoot(options: BudgetOptions): DynamicModule {
    return {
      module: BudgetsModule,
      global: true,
      providers: [
        { provide: BUDGET_OPTIONS, useValue: options },
        BudgetStore,
        BudgetOverridesRepository,
        BudgetsService,
        UsageLedgerRepository,
        { provide: CALL_RECORD_HOOK, useClass: UsageLedgerHook },
      ],
      exports: [BudgetsService, UsageLedgerRepository, CALL_RECORD_HOOK],
    };
  }
}
