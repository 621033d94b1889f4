import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redaction/index.js';

const redactor = createRedactor();
/** The detected values with their types, in order. */
const found = (text: string) => redactor.detect(text).map((s) => `${s.type}:${text.slice(s.start, s.end)}`);
const none = (text: string) => expect(found(text)).toEqual([]);

describe('EMAIL', () => {
  it.each([
    ['Write to jane.doe@example.com.', 'jane.doe@example.com'],
    ['<ingrid.kumar+github@students.uni-heidelberg.de>', 'ingrid.kumar+github@students.uni-heidelberg.de'],
    ['ELENA.SMITH@GLOBEX.IN', 'ELENA.SMITH@GLOBEX.IN'],
    ['"email":"a_b-c%d@sub.mail.example.co.uk"', 'a_b-c%d@sub.mail.example.co.uk'],
    ['écrivez à josé.garcía@correo.es svp', 'josé.garcía@correo.es'],
    ['mailto:x@xn--bcher-kva.example', 'x@xn--bcher-kva.example'],
  ])('finds the address in %j', (text, value) => {
    expect(found(text)).toEqual([`EMAIL:${value}`]);
  });

  it.each(['@mention in chat', 'a@b', 'user@localhost', 'x@y.c0m', 'a..b@example.com', 'git@github.com:org/repo@v1.2'])(
    'rejects %j',
    (text) => expect(found(text).filter((f) => f.startsWith('EMAIL'))).toEqual(
      text.startsWith('git@') ? ['EMAIL:git@github.com'] : [],
    ),
  );
});

describe('PHONE', () => {
  it.each([
    ['+49 30 607079'],
    ['+49 (0)30 1234 5678'],
    ['+44 20 7949 4177'],
    ['+44 7988 917358'],
    ['+33 6 12 34 56 78'],
    ['+91 83168 91609'],
    ['+12064829078'],
    ['+1 (415) 555-2671'],
    ['(512) 616-1761'],
    ['512-609-8997'],
    ['713.482.2697'],
    ['1-800-275-2273'],
    ['020 7946 0958'],
    ['07700 900123'],
    ['030/1234567'],
    ['0171 1234567'],
    ['01 37 11 14 73'],
    ['01.37.11.14.73'],
    ['612 345 678'],
    ['91 123 45 67'],
    ['06 1234 5678'],
    ['06-12345678'],
    ['98765 43210'],
    ['0049 30 1234567'],
  ])('finds %s', (value) => {
    expect(found(`Call me on ${value} tomorrow.`)).toEqual([`PHONE:${value}`]);
  });

  it('finds a compact national number only after a phone word', () => {
    expect(found('Tel: 0612345678')).toEqual(['PHONE:0612345678']);
    expect(found('Telefonnummer 030123456')).toEqual(['PHONE:030123456']);
    none('Reference 0612345678');
  });

  it('finds compact numbers without a trunk 0 after a phone word, and every national first-group length', () => {
    expect(found('call 4155552671 now')).toEqual(['PHONE:4155552671']);
    expect(found('phone: 612345678')).toEqual(['PHONE:612345678']);
    expect(found('Tel 4930607079')).toEqual(['PHONE:4930607079']);
    // First groups of 1, 2, 3 and 5 digits start national layouts; 4 never does.
    expect(found('Call 1-800-275-2273, 91 123 45 67, 347 1234567 or 98765 43210.')).toEqual([
      'PHONE:1-800-275-2273',
      'PHONE:91 123 45 67',
      'PHONE:347 1234567',
      'PHONE:98765 43210',
    ]);
    // `00` international prefix: compact only after a phone word, or as its own group.
    expect(found('Tel: 00493012345678')).toEqual(['PHONE:00493012345678']);
    none('Ref 00493012345678');
    expect(found('call 00 49 30 1234567')).toEqual(['PHONE:00 49 30 1234567']);
    none('1234 5678 9012 3456');
    none(`${'1234 '.repeat(50)}`);
  });

  it.each([
    'Order #160511297 total €4543.48',
    'tracking 500926598702.',
    'tracking 1ZW9YL6V0937267412.',
    'shipped 2023-12-22 at 23:46:50',
    'released 05/26/2023 and 15/08/2024',
    'Python 3.10.1, Node v19.16.3, 8.18.39',
    'ISBN 978-7-409-70617-7 and 4-832-78874-4',
    'is 9432 * 484 = 4565088 correct?',
    'The office is at 35.1309, 144.0624',
    'price $1,951.57 or 3616.48 USD',
    'call 911 or dial 112, ext. 5311, room 2953',
    'order ORD-2021-605598 and INV-16481',
    'latency 2965ms, took 13.4s',
    '+1 2', // too short
    '+999 123 456 789', // no such country code
  ])('ignores %j', (text) => none(text));
});

describe('IPV4', () => {
  it.each(['10.0.0.1', '192.168.101.194', '8.8.8.8', '255.255.255.255'])('finds %s', (ip) => {
    expect(found(`host ${ip}:8080`)).toEqual([`IPV4:${ip}`]);
  });

  it.each(['256.1.1.1', '1.2.3.4.5', 'v1.2.3.4', 'version 1.2.3.4', 'Build 6.8.24.13', '01.02.03.04', '7.5.703.97'])(
    'ignores %s',
    (text) => none(text),
  );
});

describe('IPV6', () => {
  it.each([
    '2001:0db8:2941:c406:3618:0000:a1b4:f857',
    '2001:db8::fd33:de60',
    'fe80::c9ee:406a:4c41:9999',
    '::ffff:166.75.88.114',
    '2001:db8:9c35:6a6e:cb69::52b6',
  ])('finds %s', (ip) => {
    expect(found(`addr [${ip}] ok`)).toEqual([`IPV6:${ip}`]);
    expect(found(`addr ${ip}.`)).toEqual([`IPV6:${ip}`]);
  });

  it.each([
    '23:46:50',
    '00:1a:2b:3c:4d:5e', // MAC
    'std::vector',
    'Foo::Bar::add',
    '::1',
    '1:2:3:4:5:6:7:8:9',
    '2001:db8::1::2',
    '1a5e3a32-9e53-488b-b9e2-cb92a04f27ff',
  ])('ignores %s', (text) => none(text));
});

describe('IBAN', () => {
  it.each([
    'DE89370400440532013000',
    'DE89 3704 0044 0532 0130 00',
    'GB82 WEST 1234 5698 7654 32',
    'FR1420041010050500013M02606',
    'NL91ABNA0417164300',
    'BE71 0961 2345 6769',
    'CH9300762011623852957',
    'NO9386011117947',
  ])('finds %s', (iban) => {
    expect(found(`IBAN: ${iban}.`)).toEqual([`IBAN:${iban}`]);
  });

  it.each([
    'DE88370400440532013000', // wrong check digits
    'DE89 3704 0044 0532 0130 01', // wrong checksum
    'DE8937040044053201300', // one character short for DE
    'XX89370400440532013000', // no such country
    'GB86JQQP73603145457191',
  ])('rejects %s', (text) => none(text));
});

describe('CREDIT_CARD', () => {
  it.each([
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '4111111111111111',
    '5500 0000 0000 0004',
    '2221 0000 0000 0009',
    '3782 822463 10005',
    '378282246310005',
    '6011 1111 1111 1117',
    '3056 930902 5904',
    '3530 1113 3330 0000',
  ])('finds %s', (card) => {
    expect(found(`card ${card} exp`)).toEqual([`CREDIT_CARD:${card}`]);
  });

  it.each([
    '4111 1111 1111 1112', // Luhn-invalid
    '7096 7216 2445 7666', // no issuer
    '1234567812345670', // Luhn-valid, no issuer
    '4111 11111 111 1111', // not a card layout
    '41111111111111111111111', // too long
  ])('ignores %s', (text) => none(text));
});

describe('US_SSN', () => {
  it.each(['123-45-6789', '078-05-1120', '899-99-9999'])('finds dashed %s', (ssn) => {
    expect(found(`SSN (${ssn})`)).toEqual([`US_SSN:${ssn}`]);
  });

  it('finds undashed and spaced numbers only after a social-security word', () => {
    expect(found('SSN: 123456789')).toEqual(['US_SSN:123456789']);
    expect(found('social security number 123 45 6789')).toEqual(['US_SSN:123 45 6789']);
    none('batch 123456789');
  });

  it.each(['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000', '123-45-67890'])(
    'ignores invalid %s',
    (text) => none(`SSN ${text}`),
  );
});

describe('hard negatives', () => {
  it.each([
    'request 1a5e3a32-9e53-488b-b9e2-cb92a04f27ff',
    'commit f676a67595d2a73c1310ee1e8049fafcc00536e1',
    'sha256 d9685125994cffb1bc4c7b74fab3d7ccd75993f467f6e678c148362420a25237',
    'at 2023-09-07T00:28:10Z',
    'release 7.17.21 (2023-08-07)',
    'Order ORD-2019-329118 total $1,951.57',
  ])('%s has no PII', (text) => none(text));
});

describe('mixed text', () => {
  it('finds every value once, sorted, without overlaps', () => {
    const text =
      'Kunde jane@example.com, IBAN DE89 3704 0044 0532 0130 00, Karte 4111 1111 1111 1111, ' +
      'IP ::ffff:10.1.2.3 / 10.9.8.7, Tel +49 30 607079, SSN 123-45-6789';
    expect(found(text)).toEqual([
      'EMAIL:jane@example.com',
      'IBAN:DE89 3704 0044 0532 0130 00',
      'CREDIT_CARD:4111 1111 1111 1111',
      'IPV6:::ffff:10.1.2.3',
      'IPV4:10.9.8.7',
      'PHONE:+49 30 607079',
      'US_SSN:123-45-6789',
    ]);
  });

  it('detects only the requested types', () => {
    const only = createRedactor({ types: ['EMAIL'] });
    expect(only.detect('a@example.com 4111 1111 1111 1111').map((s) => s.type)).toEqual(['EMAIL']);
  });
});
