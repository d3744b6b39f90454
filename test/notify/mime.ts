// A small MIME reader for tests: enough to decode what nodemailer sends (RFC 2047 headers,
// multipart/alternative, base64 and quoted-printable bodies). No mailparser dependency.

export interface ParsedMail {
  headers: Map<string, string>;
  subject: string;
  text: string | undefined;
  html: string | undefined;
}

function splitHeaderBody(raw: string): { head: string; body: string } {
  const i = raw.indexOf('\r\n\r\n');
  return i < 0 ? { head: raw, body: '' } : { head: raw.slice(0, i), body: raw.slice(i + 4) };
}

function parseHeaders(head: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const c = line.indexOf(':');
    if (c > 0) map.set(line.slice(0, c).trim().toLowerCase(), line.slice(c + 1).trim());
  }
  return map;
}

function decodeQp(s: string): Buffer {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ch, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (whitespace between adjacent encoded words is dropped). */
export function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQp(data.replace(/_/g, ' ')).toString('utf8'),
    );
}

function decodeBody(body: string, encoding: string | undefined): string {
  const e = (encoding ?? '7bit').toLowerCase();
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (e === 'quoted-printable') return decodeQp(body).toString('utf8');
  return body;
}

export function parseMail(raw: string): ParsedMail {
  const { head, body } = splitHeaderBody(raw);
  const headers = parseHeaders(head);
  const out: ParsedMail = { headers, subject: decodeWords(headers.get('subject') ?? ''), text: undefined, html: undefined };
  const visit = (h: Map<string, string>, b: string): void => {
    const type = h.get('content-type') ?? 'text/plain';
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (/^multipart\//i.test(type) && boundary) {
      for (const part of b.split(`--${boundary}`).slice(1)) {
        if (part.startsWith('--')) break;
        const { head: ph, body: pb } = splitHeaderBody(part.replace(/^\r\n/, ''));
        visit(parseHeaders(ph), pb.replace(/\r\n$/, ''));
      }
    } else if (/^text\/plain/i.test(type)) {
      out.text = decodeBody(b, h.get('content-transfer-encoding'));
    } else if (/^text\/html/i.test(type)) {
      out.html = decodeBody(b, h.get('content-transfer-encoding'));
    }
  };
  visit(headers, body);
  return out;
}
