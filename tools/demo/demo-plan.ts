import type { CreatorCategory } from '#libs/contracts';
import { seededRandom, syntheticCreator, type SyntheticCreator } from '#libs/synthetic-data';

export { DEMO_AGENCY, DEMO_BRAND, DEMO_OPERATOR, DEMO_PASSWORD, DEMO_SEED, type DemoPerson } from './demo-people.js';
import { DEMO_AGENCY, DEMO_BRAND, DEMO_OPERATOR, DEMO_SEED, type DemoPerson } from './demo-people.js';

export interface DemoCreator extends DemoPerson {
  handle: string;
  bio: string;
  /** The first is the primary category: with the follower band, the creator's benchmark cohort. */
  categories: CreatorCategory[];
  /** Where the audience lives, largest first: the generated audience follows it. */
  regions: string[];
  languages: string[];
  marketplaceVisible: boolean;
  /** Price of one video in USD cents; other deliverables are priced from it. */
  videoPrice: number;
  /** Followers on the first day of the demo's metrics; they grow from there, within one band. */
  followers: number;
  /** Assigned to the demo manager ("assigned to me" in the roster). */
  assigned: boolean;
}

type CreatorExtra = Partial<Pick<DemoCreator, 'marketplaceVisible' | 'assigned'>>;

const creator = (handle: string, name: string, categories: CreatorCategory[], regions: string[], languages: string[], followers: number, videoPrice: number, bio: string, extra: CreatorExtra = {}): DemoCreator => ({
  handle,
  name,
  email: `${handle.replace(/\./g, '-')}@creators.example.com`,
  bio,
  categories,
  regions,
  languages,
  marketplaceVisible: true,
  videoPrice,
  followers,
  assigned: false,
  ...extra,
});

/**
 * The agency's roster. Categories and follower counts are chosen with the marketplace's own
 * creators below so every benchmark cohort (primary category × follower band) has at least the
 * five creators a comparison needs: fitness, entertainment and travel at 100k–1m followers,
 * lifestyle and education at 10k–100k.
 */
export const DEMO_CREATORS: readonly DemoCreator[] = [
  creator('mia.moves', 'Mia Moreno', ['fitness', 'dance'], ['US', 'MX'], ['en', 'es'], 240_000, 450_000, 'Choreography in 30 seconds, every day.', { assigned: true }),
  creator('chef.tomas', 'Tomás Ruiz', ['lifestyle', 'food'], ['ES', 'US'], ['es', 'en'], 38_000, 320_000, 'Weeknight dinners from a tiny kitchen.', { assigned: true }),
  creator('pixel.pete', 'Pete Park', ['entertainment', 'gaming', 'tech'], ['US', 'CA'], ['en'], 310_000, 600_000, 'Speedruns and hardware teardowns.', { assigned: true }),
  creator('lena.lifts', 'Lena Larsen', ['fitness', 'health'], ['DE', 'GB'], ['de', 'en'], 160_000, 280_000, 'Strength training for beginners.'),
  creator('ravi.codes', 'Ravi Rao', ['education', 'tech'], ['IN', 'US'], ['en', 'hi'], 45_000, 220_000, 'Programming ideas explained with a whiteboard.'),
  creator('sunny.travels', 'Sunny Sato', ['travel', 'outdoors'], ['JP', 'US'], ['ja', 'en'], 280_000, 520_000, 'Hiking trails and night trains.', { assigned: true }),
  creator('glam.by.ines', 'Inês Costa', ['lifestyle', 'beauty', 'fashion'], ['BR', 'PT'], ['pt', 'en'], 48_000, 380_000, 'Everyday make-up, honest reviews.'),
  creator('paws.and.kai', 'Kai Kealoha', ['entertainment', 'pets', 'comedy'], ['US'], ['en'], 190_000, 260_000, 'A very dramatic husky and his human.'),
  creator('nora.reads', 'Nora Novak', ['education', 'art'], ['GB', 'IE'], ['en'], 22_000, 150_000, 'Book reviews in a minute.', { marketplaceVisible: false }),
  creator('beats.by.jay', 'Jay Jordan', ['entertainment', 'music'], ['US', 'GB'], ['en'], 420_000, 700_000, 'Beats made from street sounds.', { marketplaceVisible: false }),
];

/** Creators of the marketplace with no agency: they fill the cohorts and a brand's searches. */
export const DEMO_MARKETPLACE_CREATORS: readonly DemoCreator[] = [
  creator('core.with.cam', 'Cam Carter', ['fitness'], ['US'], ['en'], 210_000, 400_000, 'Ten-minute core workouts.'),
  creator('yoga.with.yara', 'Yara Youssef', ['fitness', 'health'], ['GB', 'US'], ['en'], 130_000, 250_000, 'Yoga for stiff backs.'),
  creator('run.with.rosa', 'Rosa Rivera', ['fitness', 'outdoors'], ['MX', 'US'], ['es', 'en'], 175_000, 300_000, 'Trail running at dawn.'),
  creator('home.with.hana', 'Hana Hill', ['lifestyle', 'home'], ['US'], ['en'], 30_000, 120_000, 'Small flats, big ideas.'),
  creator('thrift.theo', 'Theo Turner', ['lifestyle', 'fashion'], ['GB'], ['en'], 26_000, 110_000, 'Second-hand outfits under twenty pounds.'),
  creator('slow.mornings.sol', 'Sol Santos', ['lifestyle'], ['BR'], ['pt'], 41_000, 140_000, 'Coffee, plants and slow mornings.'),
  creator('magic.milo', 'Milo Marsh', ['entertainment', 'comedy'], ['US', 'CA'], ['en'], 230_000, 420_000, 'Card tricks on strangers.'),
  creator('sketch.sadie', 'Sadie Shaw', ['entertainment', 'comedy'], ['US'], ['en'], 160_000, 300_000, 'One-minute sketches about office life.'),
  creator('history.hugo', 'Hugo Hahn', ['education'], ['DE'], ['de', 'en'], 33_000, 130_000, 'History in the places it happened.'),
  creator('math.with.mei', 'Mei Matsuda', ['education', 'science'], ['JP'], ['ja'], 28_000, 120_000, 'Mathematics with paper and scissors.'),
  creator('money.maya', 'Maya Mills', ['education', 'finance'], ['US'], ['en'], 44_000, 180_000, 'Money basics nobody taught you.'),
  creator('trail.tess', 'Tess Tanner', ['travel', 'outdoors'], ['US', 'CA'], ['en'], 260_000, 480_000, 'Long trails, light packs.'),
  creator('van.life.leo', 'Leo Lambert', ['travel', 'outdoors'], ['FR', 'DE'], ['fr', 'de', 'en'], 150_000, 300_000, 'Europe from a converted van.'),
  creator('peak.priya', 'Priya Patel', ['travel', 'outdoors'], ['IN', 'GB'], ['en', 'hi'], 185_000, 320_000, 'Himalayan treks on a budget.'),
  creator('camp.carlos', 'Carlos Castillo', ['travel', 'outdoors'], ['MX', 'US'], ['es', 'en'], 140_000, 280_000, 'Camp cooking and desert nights.'),
];

/** Every demo creator: the roster first, then the marketplace's own (the order metrics are generated in). */
export const ALL_DEMO_CREATORS: readonly DemoCreator[] = [...DEMO_CREATORS, ...DEMO_MARKETPLACE_CREATORS];

/** What each creator grants the agency; the last one keeps its rates to itself. */
export const DEMO_SCOPES = ['campaigns:read', 'offers:negotiate', 'feedback:write', 'rates:write', 'metrics:read'] as const;
export const scopesFor = (c: DemoCreator): string[] => (c.handle === 'beats.by.jay' ? DEMO_SCOPES.filter((s) => s !== 'rates:write') : [...DEMO_SCOPES]);

/**
 * The offers the brand sends, by creator handle, and how far each one goes. The completed one
 * has the creator's video, posted after the deal was made, observed by metrics and linked to
 * its approved submission, so its results show figures.
 */
export const DEMO_OFFERS = [
  { handle: 'mia.moves', reaches: 'awaiting_response' },
  { handle: 'sunny.travels', reaches: 'changes_proposed' },
  { handle: 'chef.tomas', reaches: 'accepted' },
  { handle: 'pixel.pete', reaches: 'completed' },
] as const;

/** Metrics per creator: 120 days of videos (a few observations each), daily follower counts, the audience today. */
export const DEMO_METRICS = { videos: 40, observationsPerVideo: 4, days: 120 } as const;

/**
 * A creator's demo metrics up to `until`: the same for the same creator on every run (each
 * creator has its own seed), followers from the planned count, audience led by its regions.
 */
export function demoMetrics(plan: DemoCreator, creatorId: string, until: Date): SyntheticCreator {
  const seed = DEMO_SEED + ALL_DEMO_CREATORS.indexOf(plan);
  return syntheticCreator(seededRandom(seed), { creatorId, ...DEMO_METRICS, until, followers: plan.followers, regions: plan.regions });
}

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
