// Turning response bytes into text: HTTP charset, then BOM, then the XML prolog or HTML meta, then valid UTF-8,
// else windows-1252 (what French sites that say "iso-8859-1" actually send). Pure.
import iconv from 'iconv-lite';

export interface DecodedText {
  text: string;
  /** The encoding used, as iconv-lite names it. */
  encoding: string;
}

const BOMS: { bytes: number[]; encoding: string }[] = [
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
];

// XML 1.0 Appendix F: the first bytes of "<?xm" in the wide encodings, when no BOM says which.
const WIDE_PROLOGS: { bytes: number[]; encoding: string }[] = [
  { bytes: [0x00, 0x00, 0x00, 0x3c], encoding: 'utf-32be' },
  { bytes: [0x3c, 0x00, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x3c, 0x00, 0x3f], encoding: 'utf-16be' },
  { bytes: [0x3c, 0x00, 0x3f, 0x00], encoding: 'utf-16le' },
];

export function decodeBody(bytes: Uint8Array, contentType: string | null): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const encoding =
    headerEncoding(buffer, contentType) ??
    bomEncoding(buffer) ??
    wideEncoding(buffer) ??
    usable(declaredEncoding(buffer)) ??
    (isValidUtf8(buffer) ? 'utf-8' : 'windows-1252');
  // iconv-lite strips a BOM of the encoding it decodes; a leftover U+FEFF would only confuse parsers.
  const text = iconv.decode(buffer, encoding).replace(/^\uFEFF/, '');
  return { text, encoding };
}

/**
 * The header's charset, unless the bytes contradict it: a BOM (servers add a default `charset=ISO-8859-1` to files
 * saved as UTF-8 with a BOM; browsers let the BOM win too), or a claim of UTF-8 for bytes that are not.
 */
function headerEncoding(buffer: Buffer, contentType: string | null): string | null {
  const encoding = usable(charsetFromContentType(contentType));
  const bom = bomEncoding(buffer);
  if (encoding !== null && bom !== null && bom !== encoding) return null;
  if (encoding === 'utf-8' && !isValidUtf8(buffer) && bom === null) return null;
  return encoding;
}

/** `text/xml; charset="ISO-8859-1"` → `iso-8859-1`; tolerant of the quoting and spacing seen in the wild. */
export function charsetFromContentType(contentType: string | null): string | null {
  if (!contentType) return null;
  const match = /charset\s*[=:]\s*["']?([^"';,\s]+)/i.exec(contentType);
  return match ? match[1]!.toLowerCase() : null;
}

/** Normalises a label, mapping latin-1 to windows-1252 (a superset that browsers use too); null when unknown. */
function usable(label: string | null): string | null {
  if (!label) return null;
  const name = label.toLowerCase().trim();
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii'].includes(name)) return 'windows-1252';
  // A document declaring UTF-16 but read by an ASCII-compatible route would be garbage: trust the bytes instead.
  if (/^(utf-?16|utf-?32|ucs-?2)/.test(name)) return null;
  return iconv.encodingExists(name) ? name : null;
}

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((b, i) => buffer[i] === b);
}

function bomEncoding(buffer: Buffer): string | null {
  return BOMS.find((bom) => startsWith(buffer, bom.bytes))?.encoding ?? null;
}

function wideEncoding(buffer: Buffer): string | null {
  return WIDE_PROLOGS.find((p) => startsWith(buffer, p.bytes))?.encoding ?? null;
}

/** The encoding named by an XML prolog or an HTML meta tag in the first bytes, read as ASCII. */
export function declaredEncoding(buffer: Buffer): string | null {
  const head = buffer.subarray(0, 2048).toString('latin1');
  const prolog = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/i.exec(head);
  if (prolog) return prolog[1]!;
  const metaCharset = /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(head);
  return metaCharset ? metaCharset[1]! : null;
}

function isValidUtf8(buffer: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}
