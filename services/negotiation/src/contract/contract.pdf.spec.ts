import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pdfPageTexts } from '#libs/testing';
import type { ContractDocument } from '#libs/contracts';
import { renderContractPdf } from './contract.pdf.js';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../libs/contracts/fixtures/negotiation.contracts.get.v1/response.json');
const doc = JSON.parse(readFileSync(fixture, 'utf8')) as ContractDocument;

describe('contract PDF', () => {
  it('is a PDF with its font embedded, naming the terms hash on every page', async () => {
    // Enough schedule lines for a second page.
    const long: ContractDocument = { ...doc, schedule: Array.from({ length: 40 }, (_, i) => ({ ...doc.schedule[0]!, seq: i + 1, name: `Payment ${i + 1}` })) };
    const pdf = await renderContractPdf(long);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2 \d+ 0 R/);
    const pages = pdfPageTexts(pdf);
    expect(pages.length).toBeGreaterThan(1);
    for (const text of pages) expect(text).toContain(`Terms hash ${doc.termsHash}`);
    const all = pages.join('\n');
    expect(all).toContain('Maya Lopez (@maya.makes)');
    expect(all).toContain('Price: 3000.00 USD');
    expect(all).toContain('brand: signed by');
  });
});

describe('contract PDF text, read back', () => {
  it('reads every page of a document whose compressed stream ends in a carriage return', async () => {
    // About one stream in 256 ends in the byte 0x0D: vary the text until one does, then read it.
    // With this fixture the first is "Payment 1019"; the search starts a little before it to stay
    // fast, and goes on past it if the renderer's output changes.
    for (let i = 1_000; i < 4_000; i++) {
      const varied: ContractDocument = { ...doc, schedule: doc.schedule.map((line) => ({ ...line, name: `Payment ${i}` })) };
      const pdf = await renderContractPdf(varied);
      if (!pdf.toString('latin1').includes('\r\nendstream')) continue;
      const all = pdfPageTexts(pdf).join('\n');
      expect(all).toContain(`Terms hash ${doc.termsHash}`);
      expect(all).toContain(`Payment ${i}`);
      return;
    }
    throw new Error('no rendering ended a stream in a carriage return');
  });
});
