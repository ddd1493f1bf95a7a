import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attr, child, escapeXml, isNil, parseXml, XmlParseError, XSI_NS } from '../../utils/core/xml';

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const TNS = 'http://24sevenOffice.com/webservices';

describe('parseXml: well-formed documents', () => {
  it('resolves prefixes and the default namespace to URIs, with local names', () => {
    const doc = parseXml(
      `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="${SOAP}" xmlns:xsi="${XSI_NS}">
  <soap:Body><LoginResponse xmlns="${TNS}"><LoginResult>abc</LoginResult></LoginResponse></soap:Body>
</soap:Envelope>`,
    );
    expect(doc).toMatchObject({ name: 'Envelope', ns: SOAP });
    const body = child(doc, 'Body', SOAP)!;
    const resp = body.children[0]!;
    expect(resp).toMatchObject({ name: 'LoginResponse', ns: TNS });
    expect(resp.children[0]).toMatchObject({ name: 'LoginResult', ns: TNS, text: 'abc' });
  });

  it('an inner xmlns="" puts unprefixed children back in no namespace', () => {
    const doc = parseXml(`<a xmlns="urn:x"><b xmlns=""><c/></b></a>`);
    expect(doc.ns).toBe('urn:x');
    expect(doc.children[0]!.ns).toBeNull();
    expect(doc.children[0]!.children[0]!.ns).toBeNull();
  });

  it('self-closing tags are empty elements', () => {
    const doc = parseXml('<r><a/><b x="1" /></r>');
    expect(doc.children.map((c) => [c.name, c.text, c.children.length])).toEqual([
      ['a', '', 0],
      ['b', '', 0],
    ]);
    expect(attr(doc.children[1]!, 'x')).toBe('1');
  });

  it('decodes the five named entities and decimal/hex character references', () => {
    const doc = parseXml('<r a="&quot;&apos;">&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#x1F600;</r>');
    expect(doc.text).toBe(`&<>"'AB😀`);
    expect(attr(doc, 'a')).toBe(`"'`);
  });

  it('keeps æøå, emoji and XML-special characters through escapeXml → parseXml', () => {
    const s = `Blåbærsyltetøy & <Ærlig> "Øl" 'Å' 😀 ]]> tab\there\nline\r\nCRLF`;
    const doc = parseXml(`<r a="${escapeXml(s)}">${escapeXml(s)}</r>`);
    expect(doc.text).toBe(s);
  });

  it('CDATA is text, markup inside it is not parsed', () => {
    expect(parseXml('<r>a<![CDATA[<b>&amp;</b>]]>c</r>').text).toBe('a<b>&amp;</b>c');
  });

  it('xsi:nil is read through the namespace, whatever the prefix', () => {
    const doc = parseXml(`<r xmlns:i="${XSI_NS}"><v i:nil="true"/><w/></r>`);
    expect(isNil(doc.children[0]!)).toBe(true);
    expect(isNil(doc.children[1]!)).toBe(false);
  });

  it('skips comments and processing instructions, accepts a BOM and CRLF line ends', () => {
    const doc = parseXml('\uFEFF<?xml version="1.0"?>\r\n<!-- c --><?pi data?><r>a\r\nb<!-- x --></r>\r\n<!-- after -->');
    expect(doc.text).toBe('a\nb');
  });

  it('normalises literal whitespace in attribute values but keeps character references', () => {
    expect(attr(parseXml('<r a="x\ty&#9;z"/>'), 'a')).toBe('x y\tz');
  });

  // Parsing speed is the benchmark's business (npm run bench); this checks a large answer whole.
  it('a 5,000-element answer parses completely', () => {
    const items = Array.from({ length: 5000 }, (_, i) => `<Item><Id>${i}</Id><Name>Prosjekt ${i} &amp; co</Name></Item>`).join('');
    const doc = parseXml(`<List>${items}</List>`);
    expect(doc.children).toHaveLength(5000);
    expect(doc.children[4999]!.children[1]!.text).toBe('Prosjekt 4999 & co');
  });
});

describe('parseXml: malformed or truncated documents are rejected', () => {
  const bad: [string, string][] = [
    ['mismatched end tag', '<a><b></a></b>'],
    ['unclosed element at end of input', '<a><b></b>'],
    ['document cut in the middle of a tag', '<soap:Envelope xmlns:soap="urn:s"><soap:Bo'],
    ['document cut in an attribute value', '<a x="abc'],
    ['garbage that is not XML', 'this is not xml'],
    ['JSON instead of XML', '{"data": []}'],
    ['empty document', ''],
    ['two root elements', '<a/><b/>'],
    ['text after the root element', '<a/>junk'],
    ['unknown named entity', '<a>&nbsp;</a>'],
    ['bare ampersand', '<a>fish & chips</a>'],
    ['character reference to a non-XML character', '<a>&#0;</a>'],
    ['raw control character', '<a>\u0001</a>'],
    ['"<" in an attribute value', '<a x="<"/>'],
    ['unquoted attribute', '<a x=1/>'],
    ['duplicate attribute', '<a x="1" x="2"/>'],
    ['same attribute through two prefixes of one namespace', '<a xmlns:p="urn:x" xmlns:q="urn:x" p:v="1" q:v="2"/>'],
    ['undeclared element prefix', '<p:a/>'],
    ['undeclared attribute prefix', '<a p:x="1"/>'],
    ['DOCTYPE (entity expansion)', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
    ['XML declaration not at the start', ' <?xml version="1.0"?><a/>'],
    ['malformed XML declaration', '<?xml version="2"?><a/>'],
    ['"--" inside a comment', '<a><!-- a -- b --></a>'],
    ['"]]>" in text', '<a>]]></a>'],
    ['unterminated CDATA', '<a><![CDATA[abc</a>'],
    ['end tag without start', '</a>'],
    ['missing whitespace between attributes', '<a x="1"y="2"/>'],
    ['HTML login page', '<!DOCTYPE html><html><body><form></form></body></html>'],
  ];
  for (const [what, xml] of bad) {
    it(`rejects ${what}`, () => {
      expect(() => parseXml(xml)).toThrow(XmlParseError);
    });
  }

  it('the error names line and column', () => {
    try {
      parseXml('<a>\n  <b>\n</a>');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(XmlParseError);
      expect((e as XmlParseError).line).toBe(3);
      expect((e as Error).message).toMatch(/does not match <b>/);
    }
  });

  it('every proper prefix of a valid SOAP answer is rejected (truncation is always detected)', () => {
    const full = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${SOAP}"><soap:Body><R xmlns="${TNS}"><X>æ&amp;ø</X><Y/></R></soap:Body></soap:Envelope>`;
    expect(() => parseXml(full)).not.toThrow();
    for (let n = 0; n < full.length; n++) {
      expect(() => parseXml(full.slice(0, n)), `prefix of ${n} chars`).toThrow(XmlParseError);
    }
  });
});

describe('parseXml ∘ escapeXml round trip (property)', () => {
  type Tree = { name: string; text: string; attr: string; children: Tree[] };
  const name = fc.constantFrom('a', 'Navn', 'æøå', 'x-1', 'p.q', '_z');
  const treeAt = (depth: number): fc.Arbitrary<Tree> =>
    fc.record({
      name,
      text: fc.string({ unit: 'binary', maxLength: 12 }),
      attr: fc.string({ unit: 'binary', maxLength: 8 }),
      children: depth === 0 ? fc.constant([]) : fc.array(treeAt(depth - 1), { maxLength: 3 }),
    });
  const tree = treeAt(3);
  const write = (t: Tree): string =>
    `<${t.name} v="${escapeXml(t.attr)}">${escapeXml(t.text)}${t.children.map(write).join('')}</${t.name}>`;
  // What survives: characters XML can carry; in attributes literal tab/newline become spaces.
  const legal = (s: string) => [...s].filter((c) => /[\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(c)).join('');
  const check = (t: Tree, el: ReturnType<typeof parseXml>): void => {
    expect(el.name).toBe(t.name);
    expect(el.text).toBe(legal(t.text));
    expect(attr(el, 'v')).toBe(legal(t.attr).replace(/[\t\n]/g, ' '));
    expect(el.children).toHaveLength(t.children.length);
    t.children.forEach((c, i) => check(c, el.children[i]!));
  };

  it('any tree of any Unicode text comes back unchanged (minus characters XML cannot carry)', () => {
    fc.assert(
      fc.property(tree, (t) => check(t, parseXml(write(t)))),
      { numRuns: 300 },
    );
  });
});

describe('escapeXml', () => {
  it('escapes & < > " \' and leaves æøå and emoji alone', () => {
    expect(escapeXml(`a&b<c>d"e'f æøå 😀`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f æøå 😀');
  });

  it('drops characters XML 1.0 cannot carry (controls, lone surrogates) and writes CR as a reference', () => {
    expect(escapeXml('a\u0000b\u0008c\uD800d\re')).toBe('abcd&#13;e');
  });
});
