import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import type { BookingConfig } from './booking.config';
import { BOOKING_CONFIG } from './booking.config';
import { HOSPITAL_PORT, INSURANCE_PORT, PAYMENTS_PORT } from './booking-ports';
import type { BookingPorts, HospitalPort, InsurancePort, PaymentsPort } from './booking-ports';
import { BookingGrpcController } from './booking.grpc.controller';
import { BookingRepository } from './booking.repository';
import { BookingRunner } from './booking-runner';
import { BookingService } from './booking.service';
import { BookingStepper } from './booking-stepper';
import { InsuranceGrpcPort } from './insurance.port';
import { LinkHospitalPort } from './link-hospital.port';
import { PaymentEventsHandler } from './payment-events.handler';
import { PaymentsGrpcPort } from './payments.port';

/** The booking saga: its runner, its gRPC face (Bookings) and the payment events it waits for. */
@Module({})
export class BookingModule {
  static forRoot(config: BookingConfig): DynamicModule {
    return {
      module: BookingModule,
      controllers: [BookingGrpcController],
      providers: [
        { provide: BOOKING_CONFIG, useValue: config },
        { provide: HOSPITAL_PORT, useClass: LinkHospitalPort },
        { provide: INSURANCE_PORT, useClass: InsuranceGrpcPort },
        { provide: PAYMENTS_PORT, useClass: PaymentsGrpcPort },
        {
          provide: BookingStepper,
          inject: [HOSPITAL_PORT, INSURANCE_PORT, PAYMENTS_PORT],
          useFactory: (
            hospital: HospitalPort,
            insurance: InsurancePort,
            payments: PaymentsPort,
          ) => {
            const ports: BookingPorts = { hospital, insurance, payments };
            return new BookingStepper(ports, {
              maxForwardAttempts: config.BOOKING_MAX_STEP_ATTEMPTS,
              baseBackoffMs: config.BOOKING_RETRY_BASE_MS,
              maxBackoffMs: config.BOOKING_RETRY_MAX_MS,
              holdSafetyMarginMs: config.BOOKING_HOLD_SAFETY_MARGIN_MS,
              maxPaymentWindowMs: config.BOOKING_MAX_PAYMENT_WINDOW_MS,
              paymentGraceMs: config.BOOKING_PAYMENT_GRACE_MS,
            });
          },
        },
        BookingRepository,
        BookingRunner,
        BookingService,
        PaymentEventsHandler,
      ],
    };
  }
}
