export * from './grant.js';
export * from './roles.js';
export * from './policy.js';
export * from './errors.js';
export * from './offer.js';
export * from './audit.js';
