import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { HealthController } from './health/health.controller.js';
import { Downstream } from './downstream/downstream.js';
import { ProblemFilter } from './http/problem.filter.js';
import { IdempotencyStore } from './http/idempotency/idempotency-store.js';
import { IdempotencyInterceptor } from './http/idempotency/idempotency.interceptor.js';
import { authProviders, Public } from './auth/auth.providers.js';
import { routeControllers, routeProviders } from './routes/index.js';
import { NotificationStreamController } from './areas/notifications/notification-stream.controller.js';
import { NotificationEventsListener } from './areas/notifications/notification-events.listener.js';

// Every route needs a valid token unless marked public (AccessGuard); health is public.
Public()(HealthController);

@Module({
  controllers: [HealthController, NotificationStreamController, ...routeControllers()],
  providers: [
    Downstream,
    IdempotencyStore,
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    ...authProviders,
    ...routeProviders,
    NotificationEventsListener,
  ],
  exports: [Downstream],
})
export class GatewayModule {}
