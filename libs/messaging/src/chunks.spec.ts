import { chunkBy, chunkByJsonSize } from './chunks.js';

describe('chunkBy', () => {
  it('cuts by count when items weigh one each', () => {
    expect(chunkBy([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('keeps each part within the weight, in order', () => {
    const batches = [{ records: 6 }, { records: 3 }, { records: 2 }, { records: 9 }];
    expect(chunkBy(batches, 10, (b) => b.records).map((part) => part.map((b) => b.records))).toEqual([[6, 3], [2], [9]]);
  });

  it('gives an item heavier than the limit a part of its own', () => {
    expect(chunkBy([1, 50, 1], 10, (n) => n)).toEqual([[1], [50], [1]]);
  });

  it('has no parts for no items', () => {
    expect(chunkBy([], 3)).toEqual([]);
  });
});

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
});
