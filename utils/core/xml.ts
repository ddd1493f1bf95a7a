// A small, strict XML 1.0 + Namespaces parser for SOAP answers. There is no DOMParser in an MV3
// service worker and the bundle must stay small, hence our own. Strict on purpose: a truncated
// or garbled answer must fail loudly instead of yielding a partial tree. DTDs are refused
// (SOAP forbids them, and it rules out entity-expansion tricks).

export interface XmlAttr {
  /** Local name. */
  name: string;
  /** Resolved namespace URI; null for unprefixed attributes. */
  ns: string | null;
  value: string;
}

export interface XmlElement {
  /** Local name (prefix removed). */
  name: string;
  /** Resolved namespace URI, or null when in no namespace. */
  ns: string | null;
  /** Attributes other than namespace declarations. */
  attrs: XmlAttr[];
  children: XmlElement[];
  /** Concatenated character data (text and CDATA) directly inside this element. */
  text: string;
}

export class XmlParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (line ${line}, column ${column})`);
    this.name = 'XmlParseError';
  }
}

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

const NCNAME = '[\\p{L}_][\\p{L}\\p{N}\\p{M}._\\-\\u00B7]*';
const QNAME_RE = new RegExp(`${NCNAME}(?::${NCNAME})?`, 'uy');
const ENTITY_RE = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([A-Za-z][A-Za-z0-9]*));/y;
const ILLEGAL_CHAR_RE = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const XML_DECL_RE =
  /<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>/y;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const isWs = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r';

interface Frame {
  qname: string;
  el: XmlElement;
  scope: Map<string, string>;
  text: string[];
}

/** Parses a complete document into its root element. Throws XmlParseError on anything malformed. */
export function parseXml(input: string): XmlElement {
  let s = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  // XML §2.11: line ends are normalised before parsing.
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');

  const fail = (msg: string, at: number): never => {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < s.length; i++)
      if (s.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    throw new XmlParseError(msg, at, line, at - lineStart + 1);
  };

  const bad = ILLEGAL_CHAR_RE.exec(s);
  if (bad) fail(`character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, bad.index);

  let pos = 0;
  XML_DECL_RE.lastIndex = 0;
  if (s.startsWith('<?xml') && (isWs(s[5]) || s[5] === '?')) {
    if (!XML_DECL_RE.test(s)) fail('malformed XML declaration', 0);
    pos = XML_DECL_RE.lastIndex;
  }

  const rootScope = new Map<string, string>([['xml', XML_NS]]);
  const stack: Frame[] = [];
  let root: XmlElement | null = null;

  const readName = (what: string): string => {
    QNAME_RE.lastIndex = pos;
    const m = QNAME_RE.exec(s);
    if (!m) fail(`expected ${what} name`, pos);
    pos = QNAME_RE.lastIndex;
    return m![0];
  };
  const skipWs = () => {
    while (isWs(s[pos])) pos++;
  };

  const decode = (raw: string, base: number): string => {
    if (!raw.includes('&')) return raw;
    let out = '';
    let last = 0;
    for (let i = raw.indexOf('&'); i !== -1; i = raw.indexOf('&', last)) {
      out += raw.slice(last, i);
      ENTITY_RE.lastIndex = i;
      const m = ENTITY_RE.exec(raw);
      if (!m) fail('"&" must start an entity reference like &amp;', base + i);
      if (m![3] !== undefined) {
        const v = NAMED_ENTITIES[m![3]];
        if (v === undefined) fail(`unknown entity &${m![3]};`, base + i);
        out += v;
      } else {
        const cp = m![1] !== undefined ? parseInt(m![1], 16) : parseInt(m![2]!, 10);
        if (!isXmlChar(cp)) fail(`character reference ${m![0]} is not an XML character`, base + i);
        out += String.fromCodePoint(cp);
      }
      last = ENTITY_RE.lastIndex;
    }
    return out + raw.slice(last);
  };

  const resolve = (prefix: string, scope: Map<string, string>, at: number): string | null => {
    const uri = scope.get(prefix);
    if (uri === undefined) {
      if (prefix === '') return null;
      fail(`namespace prefix "${prefix}" is not declared`, at);
    }
    return uri === '' ? null : uri!;
  };

  const splitQName = (q: string): [string, string] => {
    const i = q.indexOf(':');
    return i === -1 ? ['', q] : [q.slice(0, i), q.slice(i + 1)];
  };

  const parseStartTag = () => {
    const tagStart = pos;
    pos++; // '<'
    const qname = readName('element');
    const raw: { qname: string; value: string; at: number }[] = [];
    for (;;) {
      const hadWs = isWs(s[pos]);
      skipWs();
      if (pos >= s.length) fail('unexpected end of document inside a start tag', pos);
      if (s[pos] === '>' || s.startsWith('/>', pos)) break;
      if (!hadWs) fail('expected whitespace before attribute', pos);
      const at = pos;
      const an = readName('attribute');
      skipWs();
      if (s[pos] !== '=') fail(`expected "=" after attribute ${an}`, pos);
      pos++;
      skipWs();
      const q = s[pos];
      if (q !== '"' && q !== "'") fail(`attribute ${an} value must be quoted`, pos);
      const end = s.indexOf(q!, pos + 1);
      if (end === -1) fail('unexpected end of document inside an attribute value', s.length);
      const rawVal = s.slice(pos + 1, end);
      const lt = rawVal.indexOf('<');
      if (lt !== -1) fail('"<" is not allowed in an attribute value', pos + 1 + lt);
      // §3.3.3 attribute-value normalisation (literal whitespace → space; char refs kept).
      const value = decode(rawVal.replace(/[\t\n]/g, ' '), pos + 1);
      if (raw.some((r) => r.qname === an)) fail(`duplicate attribute ${an}`, at);
      raw.push({ qname: an, value, at });
      pos = end + 1;
    }
    const selfClosing = s[pos] === '/';
    pos += selfClosing ? 2 : 1;

    const parent = stack.length ? stack[stack.length - 1]!.scope : rootScope;
    let scope = parent;
    for (const r of raw) {
      const [p, local] = splitQName(r.qname);
      if (p === 'xmlns' || (p === '' && local === 'xmlns')) {
        const prefix = p === '' ? '' : local;
        if (prefix === 'xmlns') fail('the prefix "xmlns" cannot be declared', r.at);
        if ((prefix === 'xml') !== (r.value === XML_NS)) fail('the "xml" prefix is bound to its own namespace only', r.at);
        if (prefix !== '' && r.value === '') fail(`prefix "${prefix}" cannot be undeclared in XML 1.0`, r.at);
        if (scope === parent) scope = new Map(parent);
        scope.set(prefix, r.value);
      }
    }
    const [ep, elocal] = splitQName(qname);
    const el: XmlElement = { name: elocal, ns: resolve(ep, scope, tagStart + 1), attrs: [], children: [], text: '' };
    const seen = new Set<string>();
    for (const r of raw) {
      const [p, local] = splitQName(r.qname);
      if (p === 'xmlns' || (p === '' && local === 'xmlns')) continue;
      const ns = p === '' ? null : resolve(p, scope, r.at);
      const key = `${ns ?? ''}|${local}`;
      if (seen.has(key)) fail(`attribute ${local} appears twice in the same namespace`, r.at);
      seen.add(key);
      el.attrs.push({ name: local, ns, value: r.value });
    }

    if (stack.length) stack[stack.length - 1]!.el.children.push(el);
    else if (root) fail('only one root element is allowed', tagStart);
    else root = el;
    if (!selfClosing) stack.push({ qname, el, scope, text: [] });
  };

  const parseEndTag = () => {
    const at = pos;
    pos += 2;
    const qname = readName('element');
    skipWs();
    if (s[pos] !== '>') fail(pos >= s.length ? 'unexpected end of document inside an end tag' : 'expected ">"', pos);
    pos++;
    const top = stack.pop();
    if (!top) fail(`end tag </${qname}> without a start tag`, at);
    if (top!.qname !== qname) fail(`end tag </${qname}> does not match <${top!.qname}>`, at);
    top!.el.text = top!.text.join('');
  };

  while (pos < s.length) {
    const lt = s.indexOf('<', pos);
    const textEnd = lt === -1 ? s.length : lt;
    if (textEnd > pos) {
      const raw = s.slice(pos, textEnd);
      if (stack.length === 0) {
        if (raw.trim() !== '') fail(root ? 'content after the root element' : 'content before the root element', pos);
      } else {
        const cdEnd = raw.indexOf(']]>');
        if (cdEnd !== -1) fail('"]]>" is not allowed in text', pos + cdEnd);
        stack[stack.length - 1]!.text.push(decode(raw, pos));
      }
      pos = textEnd;
      continue;
    }
    // pos is at '<'
    if (s.startsWith('</', pos)) {
      parseEndTag();
    } else if (s.startsWith('<!--', pos)) {
      const end = s.indexOf('-->', pos + 4);
      if (end === -1) fail('unexpected end of document inside a comment', s.length);
      const body = s.slice(pos + 4, end);
      if (body.includes('--') || body.endsWith('-')) fail('"--" is not allowed in a comment', pos);
      pos = end + 3;
    } else if (s.startsWith('<![CDATA[', pos)) {
      if (stack.length === 0) fail('CDATA outside the root element', pos);
      const end = s.indexOf(']]>', pos + 9);
      if (end === -1) fail('unexpected end of document inside CDATA', s.length);
      stack[stack.length - 1]!.text.push(s.slice(pos + 9, end));
      pos = end + 3;
    } else if (s.startsWith('<?', pos)) {
      const at = pos;
      pos += 2;
      const target = readName('processing instruction');
      if (target.toLowerCase() === 'xml') fail('XML declaration is only allowed at the very start', at);
      if (target.includes(':')) fail('processing instruction target cannot contain ":"', at);
      const end = s.indexOf('?>', pos);
      if (end === -1) fail('unexpected end of document inside a processing instruction', s.length);
      if (end !== pos && !isWs(s[pos])) fail('malformed processing instruction', pos);
      pos = end + 2;
    } else if (s.startsWith('<!', pos)) {
      fail(s.startsWith('<!DOCTYPE', pos) ? 'DTDs are not allowed' : 'unexpected markup "<!"', pos);
    } else {
      parseStartTag();
    }
  }

  if (stack.length) fail(`unexpected end of document: <${stack[stack.length - 1]!.qname}> is not closed`, s.length);
  if (!root) fail('no root element', s.length);
  return root!;
}

/**
 * Escapes text for element content or a quoted attribute value. Characters XML 1.0 cannot carry
 * at all (most C0 controls, lone surrogates) are dropped; CR is written as &#13; so it survives
 * line-end normalisation.
 */
export function escapeXml(s: string): string {
  let out = '';
  for (const ch of s) {
    switch (ch) {
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '"':
        out += '&quot;';
        break;
      case "'":
        out += '&apos;';
        break;
      case '\r':
        out += '&#13;';
        break;
      default:
        if (isXmlChar(ch.codePointAt(0)!)) out += ch;
    }
  }
  return out;
}

// ---- small navigation helpers ------------------------------------------------------------

/** Direct children with this local name (and namespace, when given). */
export function childrenNamed(el: XmlElement, name: string, ns?: string | null): XmlElement[] {
  return el.children.filter((c) => c.name === name && (ns === undefined || c.ns === ns));
}

/** The single direct child with this name; undefined when absent. Throws if it repeats. */
export function child(el: XmlElement, name: string, ns?: string | null): XmlElement | undefined {
  const found = childrenNamed(el, name, ns);
  if (found.length > 1) throw new Error(`<${el.name}> has ${found.length} <${name}> children, expected at most one`);
  return found[0];
}

export function attr(el: XmlElement, name: string, ns: string | null = null): string | undefined {
  return el.attrs.find((a) => a.name === name && a.ns === ns)?.value;
}

/** xsi:nil="true" */
export function isNil(el: XmlElement): boolean {
  const v = attr(el, 'nil', XSI_NS);
  return v === 'true' || v === '1';
}
