/** DI tokens for what every service gets from the shared defaults. */
export const SERVICE_NAME = Symbol('service-name');
export const SERVICE_CONFIG = Symbol('service-config');
export const LOGGER = Symbol('logger');
export const NATS_CONNECTION = Symbol('nats-connection');
