import { languageTagSchema, regionCodeSchema } from './locale-codes.js';

describe('region codes (ISO 3166-1 alpha-2)', () => {
  it.each(['US', 'BR', 'JP', 'XK'])('accepts %s', (code) => expect(regionCodeSchema.safeParse(code).success).toBe(true));
  it.each(['us', 'USA', 'ZZ', 'EU', 'AA', ''])('refuses %j', (code) => expect(regionCodeSchema.safeParse(code).success).toBe(false));
});

describe('language tags (BCP 47)', () => {
  it('canonicalizes case', () => {
    expect(languageTagSchema.parse('en-us')).toBe('en-US');
    expect(languageTagSchema.parse('zh-hant')).toBe('zh-Hant');
  });
  it.each(['123', 'english', 'e', 'en_US'])('refuses %j', (tag) => expect(languageTagSchema.safeParse(tag).success).toBe(false));
});
