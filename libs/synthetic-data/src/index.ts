export { regionalCountries, seededRandom, seededUuid, syntheticCreator, syntheticShares, type SyntheticCreator, type SyntheticCreatorOptions } from './synthetic-metrics.js';
