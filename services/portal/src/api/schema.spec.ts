import { describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';

const read = (relative: string) => readFile(new URL(relative, import.meta.url), 'utf8');

describe('generated API client types', () => {
  it('match the gateway OpenAPI document (run `npm run portal:client`, or `npm run openapi`, after a route changes)', async () => {
    const document = JSON.parse(await read('../../../gateway/openapi.json'));
    const generated = astToString(await openapiTS(document));
    const committed = await read('./schema.d.ts');
    // The CLI adds a banner comment; the types themselves must be identical.
    expect(committed.slice(committed.indexOf('export interface paths'))).toBe(generated.slice(generated.indexOf('export interface paths')));
  }, 60_000);
});
