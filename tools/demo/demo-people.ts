// No imports: `npm start` reads the operator's email from here with plain Node (type stripping,
// no development build of the libraries), before anything is built.

/**
 * The demo world, fixed so every run (and every reader of docs/portal.md) gets the same logins. Demo
 * only: the passwords are public, and the loader refuses to run with NODE_ENV=production.
 */
export const DEMO_PASSWORD = 'demo-password';

export const DEMO_SEED = 2026;

export interface DemoPerson {
  email: string;
  name: string;
}

export const DEMO_AGENCY = {
  name: 'Northstar Talent',
  owner: { email: 'owner@northstar.example.com', name: 'Olivia Owens' },
  manager: { email: 'manager@northstar.example.com', name: 'Marco Mendes' },
  viewer: { email: 'viewer@northstar.example.com', name: 'Vera Vance' },
} as const;

export const DEMO_BRAND = {
  name: 'Lumen Outdoor',
  owner: { email: 'brand@lumen.example.com', name: 'Bianca Brandt' },
  campaign: 'Trail Season',
} as const;

/** The platform operator who issues the API key the demo metrics are ingested with. */
export const DEMO_OPERATOR: DemoPerson = { email: 'operator@talent-portal.example.com', name: 'Platform Operator' };
