import type { RouteTable } from './route.js';

/** Metrics, ingestion and API keys (API.md). Declare each route here with `route({ ... })`; see README "Adding a route". */
export const metricsRoutes: RouteTable = {};
