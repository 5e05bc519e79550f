import type { RouteTable } from './route.js';

/** Campaigns and offers (API.md). Declare each route here with `route({ ... })`; see README "Adding a route". */
export const campaignsRoutes: RouteTable = {};
