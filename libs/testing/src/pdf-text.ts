import { inflateSync } from 'node:zlib';

/**
 * The text drawn on each page of a PDF, as a reader would copy it: enough of PDF for what the
 * platform renders (pdfkit with embedded fonts — hex glyph strings mapped back through each
 * font's ToUnicode CMap, FlateDecode streams). Not a general PDF parser.
 */
export function pdfPageTexts(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const m of raw.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) objects.set(m[1]!, m[2]!);
  const streamOf = (body: string): string => {
    const m = /stream\r?\n([\s\S]*?)\r?\nendstream/.exec(body);
    if (!m) return '';
    // The dictionary's /Length says where the data ends: compressed data may itself end in a
    // carriage return, which the pattern's optional `\r` before `endstream` would cut off.
    const length = /\/Length (\d+)\b(?!\s+\d+\s+R)/.exec(body.slice(0, m.index));
    const data = length ? body.slice(m.index + m[0].indexOf('\n') + 1).slice(0, Number(length[1])) : m[1]!;
    const bytes = Buffer.from(data, 'latin1');
    return (/\/FlateDecode/.test(body) ? inflateSync(bytes) : bytes).toString('latin1');
  };
  const hexText = (hex: string) => Buffer.from(hex.replace(/\s+/g, ''), 'hex');
  /** A font's code → text map, and how many bytes a code takes (its codespace). */
  const cmapOf = (fontBody: string): { map: Map<number, string>; width: number } => {
    const map = new Map<number, string>();
    const ref = /\/ToUnicode (\d+) 0 R/.exec(fontBody);
    if (!ref) return { map, width: 1 };
    const cmap = streamOf(objects.get(ref[1]!) ?? '');
    const width = (/begincodespacerange\s*<([0-9a-fA-F]+)>/.exec(cmap)?.[1]?.length ?? 2) / 2;
    const unicode = (hex: string) => hexText(hex).swap16().toString('utf16le');
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(parseInt(m[1]!, 16), unicode(m[2]!));
    for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
        const lo = parseInt(m[1]!, 16);
        const hi = parseInt(m[2]!, 16);
        // A glyph may stand for several characters (a ligature: `<0066 0066>`).
        if (m[3]!.startsWith('[')) [...m[3]!.matchAll(/<([0-9a-fA-F\s]+)>/g)].forEach((d, i) => map.set(lo + i, unicode(d[1]!)));
        else for (let c = lo, first = parseInt(m[3]!.slice(1, -1), 16); c <= hi; c++) map.set(c, String.fromCharCode(first + c - lo));
      }
    }
    return { map, width };
  };
  const pages = [...objects.entries()].filter(([, body]) => /\/Type\s*\/Page\b/.test(body));
  return pages.map(([, page]) => {
    const fonts = new Map<string, { map: Map<number, string>; width: number }>();
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(page.includes('/Resources') ? page + (objects.get(/\/Resources (\d+) 0 R/.exec(page)?.[1] ?? '') ?? '') : '')?.[1] ?? '';
    for (const m of fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) fonts.set(m[1]!, cmapOf(objects.get(m[2]!) ?? ''));
    const contents = [.../\/Contents\s*(?:\[([^\]]*)\]|(\d+) 0 R)/.exec(page)?.slice(1).join(' ').matchAll(/(\d+)(?: 0 R)?/g) ?? []].map((m) => streamOf(objects.get(m[1]!) ?? ''));
    let text = '';
    let cmap: { map: Map<number, string>; width: number } = { map: new Map(), width: 1 };
    for (const content of contents) {
      for (const op of content.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|(\[[^\]]*\]|<[0-9a-fA-F]*>)\s*T[Jj]|(ET)/g)) {
        if (op[1]) cmap = fonts.get(op[1]) ?? { map: new Map(), width: 1 };
        else if (op[3]) text += '\n';
        else {
          for (const h of op[2]!.matchAll(/<([0-9a-fA-F]*)>/g)) {
            const bytes = hexText(h[1]!);
            for (let i = 0; i + cmap.width <= bytes.length; i += cmap.width) {
              const code = bytes.readUIntBE(i, cmap.width);
              text += cmap.map.get(code) ?? (cmap.width === 1 ? String.fromCharCode(code) : '');
            }
          }
        }
      }
    }
    return text;
  });
}
