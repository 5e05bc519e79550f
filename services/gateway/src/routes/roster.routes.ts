import type { RouteTable } from './route.js';

/** Roster, creator profiles and rate cards (API.md). Declare each route here with `route({ ... })`; see README "Adding a route". */
export const rosterRoutes: RouteTable = {};
