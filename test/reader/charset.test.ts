import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetFromContentType, decodeBody } from '../../src/reader/fetcher/charset.js';

const FRENCH = 'Appel à projets « Inclusion numérique » : dépôt avant le 15 mars, coût de 10 000 €';

describe('decodeBody', () => {
  it('uses the charset of the Content-Type header first', () => {
    const bytes = iconv.encode(`<?xml version="1.0" encoding="utf-8"?><p>${FRENCH.replace(' €', '')}</p>`, 'latin1');
    expect(decodeBody(bytes, 'text/xml; charset=ISO-8859-1').text).toContain('Appel à projets « Inclusion numérique »');
  });

  it('reads the XML prolog when the header says nothing', () => {
    const bytes = iconv.encode(`<?xml version="1.0" encoding="windows-1252"?><p>${FRENCH}</p>`, 'windows-1252');
    expect(decodeBody(bytes, 'application/rss+xml').text).toContain(FRENCH);
  });

  it('reads an HTML meta charset', () => {
    const bytes = iconv.encode(`<html><head><meta charset="iso-8859-15"></head><body>${FRENCH}</body></html>`, 'iso-8859-15');
    expect(decodeBody(bytes, 'text/html').text).toContain(FRENCH);
  });

  it('honours a byte order mark and drops it', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(`<rss>${FRENCH}</rss>`, 'utf-16le')]);
    expect(decodeBody(utf16, null).text).toBe(`<rss>${FRENCH}</rss>`);
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<rss>${FRENCH}</rss>`)]);
    expect(decodeBody(utf8, null).text).toBe(`<rss>${FRENCH}</rss>`);
  });

  it('recognises UTF-16 without a BOM from the shape of "<?xml"', () => {
    const bytes = iconv.encode(`<?xml version="1.0"?><rss>${FRENCH}</rss>`, 'utf-16be');
    expect(decodeBody(bytes, null).text).toContain(FRENCH);
  });

  it('takes valid UTF-8 as UTF-8, and anything else as windows-1252', () => {
    expect(decodeBody(Buffer.from(FRENCH), null).text).toBe(FRENCH);
    const latin = iconv.encode('Dépôt jusqu’au 1er mars', 'windows-1252');
    expect(decodeBody(latin, null)).toEqual({ text: 'Dépôt jusqu’au 1er mars', encoding: 'windows-1252' });
  });

  it('does not trust a header claiming UTF-8 for latin-1 bytes', () => {
    const latin = iconv.encode('<p>Région Sud</p>', 'latin1');
    expect(decodeBody(latin, 'text/html; charset=utf-8').text).toBe('<p>Région Sud</p>');
  });

  it('lets a byte order mark win over a header that contradicts it', () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<rss>${FRENCH}</rss>`)]);
    expect(decodeBody(utf8, 'application/rss+xml; charset=ISO-8859-1')).toEqual({ text: `<rss>${FRENCH}</rss>`, encoding: 'utf-8' });
  });

  it('ignores an unknown charset label', () => {
    expect(decodeBody(Buffer.from(FRENCH), 'text/xml; charset=bogus-123').text).toBe(FRENCH);
  });
});

describe('charsetFromContentType', () => {
  it.each([
    ['text/xml; charset="us-ascii"', 'us-ascii'],
    ["application/atom+xml;charset='gb2312'", 'gb2312'],
    ['text/xml;charset = us-ascii', 'us-ascii'],
    ['text/xml; charset:iso-8859-1', 'iso-8859-1'],
    ['text/xml', null],
    [null, null],
  ])('%s → %s', (header, expected) => {
    expect(charsetFromContentType(header)).toBe(expected);
  });
});
