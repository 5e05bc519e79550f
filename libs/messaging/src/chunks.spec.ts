import { chunkByJsonSize } from './chunks.js';

describe('chunkByJsonSize', () => {
  it('keeps order and puts as many items in a part as fit', () => {
    const items = ['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee']; // 6 bytes of JSON + 1 each
    expect(chunkByJsonSize(items, 15)).toEqual([['aaaa', 'bbbb'], ['cccc', 'dddd'], ['eeee']]);
  });

  it('gives an oversized item a part of its own', () => {
    expect(chunkByJsonSize(['x'.repeat(50), 'y'], 10)).toEqual([['x'.repeat(50)], ['y']]);
  });

  it('counts bytes, not characters', () => {
    expect(chunkByJsonSize(['éé', 'éé'], 8)).toEqual([['éé'], ['éé']]);
  });

  it('has no parts for no items', () => {
    expect(chunkByJsonSize([], 100)).toEqual([]);
  });
});
