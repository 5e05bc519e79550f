import type { CreatorCategory } from '#libs/contracts';

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

export interface DemoCreator extends DemoPerson {
  handle: string;
  bio: string;
  categories: CreatorCategory[];
  regions: string[];
  languages: string[];
  marketplaceVisible: boolean;
  /** Price of one video in USD cents; other deliverables are priced from it. */
  videoPrice: number;
  /** Assigned to the demo manager ("assigned to me" in the roster). */
  assigned: boolean;
}

const creator = (handle: string, name: string, categories: CreatorCategory[], regions: string[], languages: string[], videoPrice: number, bio: string, extra: Partial<DemoCreator> = {}): DemoCreator => ({
  handle,
  name,
  email: `${handle.replace(/\./g, '-')}@creators.example.com`,
  bio,
  categories,
  regions,
  languages,
  marketplaceVisible: true,
  videoPrice,
  assigned: false,
  ...extra,
});

export const DEMO_CREATORS: readonly DemoCreator[] = [
  creator('mia.moves', 'Mia Moreno', ['dance', 'fitness'], ['US', 'MX'], ['en', 'es'], 450_000, 'Choreography in 30 seconds, every day.', { assigned: true }),
  creator('chef.tomas', 'Tomás Ruiz', ['food', 'lifestyle'], ['ES', 'US'], ['es', 'en'], 320_000, 'Weeknight dinners from a tiny kitchen.', { assigned: true }),
  creator('pixel.pete', 'Pete Park', ['gaming', 'tech'], ['US', 'CA'], ['en'], 600_000, 'Speedruns and hardware teardowns.', { assigned: true }),
  creator('lena.lifts', 'Lena Larsen', ['fitness', 'health'], ['DE', 'GB'], ['de', 'en'], 280_000, 'Strength training for beginners.'),
  creator('ravi.codes', 'Ravi Rao', ['tech', 'education'], ['IN', 'US'], ['en', 'hi'], 220_000, 'Programming ideas explained with a whiteboard.'),
  creator('sunny.travels', 'Sunny Sato', ['travel', 'outdoors'], ['JP', 'US'], ['ja', 'en'], 520_000, 'Hiking trails and night trains.', { assigned: true }),
  creator('glam.by.ines', 'Inês Costa', ['beauty', 'fashion'], ['BR', 'PT'], ['pt', 'en'], 380_000, 'Everyday make-up, honest reviews.'),
  creator('paws.and.kai', 'Kai Kealoha', ['pets', 'comedy'], ['US'], ['en'], 260_000, 'A very dramatic husky and his human.'),
  creator('nora.reads', 'Nora Novak', ['education', 'art'], ['GB', 'IE'], ['en'], 150_000, 'Book reviews in a minute.', { marketplaceVisible: false }),
  creator('beats.by.jay', 'Jay Jordan', ['music', 'entertainment'], ['US', 'GB'], ['en'], 700_000, 'Beats made from street sounds.', { marketplaceVisible: false }),
];

/** What each creator grants the agency; the last one keeps its rates to itself. */
export const DEMO_SCOPES = ['campaigns:read', 'offers:negotiate', 'feedback:write', 'rates:write', 'metrics:read'] as const;
export const scopesFor = (c: DemoCreator): string[] => (c.handle === 'beats.by.jay' ? DEMO_SCOPES.filter((s) => s !== 'rates:write') : [...DEMO_SCOPES]);

/** The offers the brand sends, by creator handle, and how far each one goes. */
export const DEMO_OFFERS = [
  { handle: 'mia.moves', reaches: 'awaiting_response' },
  { handle: 'sunny.travels', reaches: 'changes_proposed' },
  { handle: 'chef.tomas', reaches: 'accepted' },
  { handle: 'pixel.pete', reaches: 'completed' },
] as const;

/** Metrics per creator: 120 days of videos (a few observations each), daily follower counts, the audience today. */
export const DEMO_METRICS = { videos: 40, observationsPerVideo: 4, days: 120 } as const;

/** Every login the demo creates, for the launcher's banner and docs/portal.md. */
export function demoLogins(): { role: string; email: string }[] {
  return [
    { role: `agency owner (${DEMO_AGENCY.name})`, email: DEMO_AGENCY.owner.email },
    { role: 'agency manager', email: DEMO_AGENCY.manager.email },
    { role: 'agency viewer', email: DEMO_AGENCY.viewer.email },
    { role: `brand owner (${DEMO_BRAND.name})`, email: DEMO_BRAND.owner.email },
    { role: 'creator', email: DEMO_CREATORS[0]!.email },
    { role: 'platform operator', email: DEMO_OPERATOR.email },
  ];
}
