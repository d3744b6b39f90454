// Fuzzing intake (POST /api/v1/complaints) through app.inject with seeded fast-check: malformed and hostile
// bodies and headers — wrong types, unknown fields, huge strings, NUL bytes, lone surrogates, prototype-pollution
// keys, deep nesting, bad dates, bad ID and phone numbers, C3 authentication data, SQL- and HTML-looking text.
// For every request: never a 5xx; every non-2xx answer is the error envelope {error:{code,message}} with a known
// code; a refused request stores nothing and an accepted one exactly one complaint (complaint, audit, outbox and
// idempotency rows counted every 100 requests; a mismatch replays the batch one request at a time to name the
// culprit). Object.prototype is never polluted.
// Runs: 10,000 on PGlite (about 55 s on 2 cores); 3,000 on PostgreSQL, which runs the whole suite a second time
// (about 20 s; same seed, so these are the first 3,000 cases of the PGlite pass). KESU_FUZZ_RUNS overrides,
// KESU_FUZZ_SEED changes the seed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { testKesu, standardTree, type TestKesu } from '../support/app.ts';
import { onPostgres } from '../support/db.ts';
import { BODY } from '../support/fixtures.ts';
import { createApiKey } from '../../src/app/admin/api-keys.ts';
import { systemCtx } from '../../src/app/context.ts';
import { ERRORS } from '../../src/app/errors.ts';

const RUNS = Number(process.env.KESU_FUZZ_RUNS ?? (onPostgres ? 3000 : 10_000));
const SEED = Number(process.env.KESU_FUZZ_SEED ?? 20261127);

let k: TestKesu;
let token: string;
before(async () => {
  k = await testKesu();
  await standardTree(k);
  const key = await createApiKey(k.deps, systemCtx(k.clock.now()), { name: 'fuzz', scopes: ['complaint:create', 'complaint:read'], orgUnitId: k.units.BJ! });
  token = key.token;
});
after(async () => k?.close());

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface Case {
  label: string;
  payload: string;
  headers: Record<string, string>;
}

const base = (): Record<string, Json> => JSON.parse(JSON.stringify(BODY)) as Record<string, Json>;

/** The body's complainant as an object (an earlier mutation may have replaced it). */
function person(b: Record<string, Json>): Record<string, Json> {
  const c = b.complainant;
  if (c && typeof c === 'object' && !Array.isArray(c)) return c;
  return (b.complainant = {});
}

/** Sets an own property (also `__proto__`, which plain assignment would turn into a prototype change). */
function setOwn(o: Record<string, Json>, key: string, v: Json): void {
  Object.defineProperty(o, key, { value: v, enumerable: true, writable: true, configurable: true });
}

const FIELDS = ['channel', 'receivedAt', 'complainant', 'content', 'demand', 'amount', 'orgUnitCode', 'businessCode', 'productName', 'complainantCount', 'referral'] as const;
const PERSON = ['name', 'idNumber', 'phone', 'email', 'customerNo'] as const;
const POLLUTERS = ['__proto__', 'constructor', 'prototype', 'isAdmin', 'toString', 'hasOwnProperty', 'valueOf'] as const;

const hostileText = fc.oneof(
  fc.constantFrom(
    '\u0000', 'abc\u0000def', '\uD800', 'x\uDC00y', '\uDBFF\uDBFF', '\uFFFE\uFFFF', '\u202E\u2066反转', '\u200B\u200D\uFEFF',
    "'; DROP TABLE complaint; --", "1' OR '1'='1", "$$; DELETE FROM audit_entry; $$", "\\'); SELECT pg_sleep(5); --", 'E\'\\x00\'',
    '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg/onload=alert(document.cookie)>', '{{constructor.constructor("return process")()}}', '${process.exit(1)}',
    '我的取款密码是 843921，卡被盗刷了', '信用卡 CVV2 是 417，请核实', '卡片有效期 12/28 已告知客服', '%B6222021234567890^ZHANG/SAN^2812101',
    '\u001b[31m红色\u001b[0m', '\r\n\t\v\f', '𠀀𪚥𫝀🙂👨‍👩‍👧', 'Ａ１２３　全角', '',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.integer({ min: 2001, max: 12_000 }).map((n) => '投'.repeat(n)), // over a field's maxLength
  fc.integer({ min: 90_000, max: 400_000 }).map((n) => 'x'.repeat(n)), // over the body limit
);

const wrongType: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1e308, -0, 3.14, [], {}, [null], { $gt: '' }, ['phone'], '0', 'true', 'null'),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

const badDate = fc.constantFrom<Json>(
  '', 'yesterday', '2026-13-01T00:00:00Z', '2026-02-30T10:00:00+08:00', '2026-11-27', '27/11/2026', '2026-11-27T25:61:00Z',
  '9999-12-31T23:59:59Z', '2099-01-01T00:00:00+08:00', '0000-00-00T00:00:00Z', '-002026-11-27T00:00:00Z', '2026-11-27T09:00:00+99:00',
  '1970-01-01T00:00:00Z', 'NaN', '2026-11-27T09:00:00.000000000000000000001Z', 1732669200000, '2026-11-27T09:00:00Z'.repeat(3),
);
const badId = fc.oneof(
  fc.constantFrom<Json>('11010519491231002Y', '110105194912310021', '11010519491331002X', '99010519491231002X', '1101051949123100', '11010520991231002X', '１１０１０５１９４９１２３１００２Ｘ', '110105 1949 1231 002X x', ''),
  fc.stringMatching(/^\d{17}[\dX]$/),
);
const badPhone = fc.oneof(
  fc.constantFrom<Json>('12345678901', '1391234567', '139123456789', '+1 2025550123', '00861391234567', '139-1234-567a', '２３９１２３４５６７８', '110', ''),
  fc.stringMatching(/^[0-9+ ()-]{0,20}$/),
);

/** A body built from the valid fixture with one to three mutations. */
const mutation: fc.Arbitrary<(b: Record<string, Json>) => string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...FIELDS), wrongType).map(([f, v]) => (b: Record<string, Json>) => ((b[f] = v), `${f}=wrong type`)) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...PERSON), fc.oneof(wrongType, hostileText)).map(([f, v]) => (b: Record<string, Json>) => ((person(b)[f] = v), `complainant.${f}=${typeof v}`)) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('content', 'demand', 'productName', 'orgUnitCode', 'businessCode'), hostileText).map(([f, v]) => (b: Record<string, Json>) => ((b[f] = v), `${f}=hostile text`)) },
  { weight: 3, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...POLLUTERS), fc.string({ maxLength: 12 })), wrongType, fc.boolean()).map(([key, v, nested]) => (b: Record<string, Json>) => (setOwn(nested ? person(b) : b, key, v), `unknown field ${nested ? 'complainant.' : ''}${key}`)) },
  { weight: 2, arbitrary: fc.constantFrom(...FIELDS, ...PERSON.map((p) => `complainant.${p}`)).map((f) => (b: Record<string, Json>) => (f.startsWith('complainant.') ? delete person(b)[f.slice(12)] : delete b[f], `delete ${f}`)) },
  { weight: 3, arbitrary: badDate.map((d) => (b: Record<string, Json>) => ((b.receivedAt = d), `receivedAt=${String(d).slice(0, 30)}`)) },
  { weight: 3, arbitrary: badId.map((v) => (b: Record<string, Json>) => ((person(b).idNumber = v), 'bad idNumber')) },
  { weight: 3, arbitrary: badPhone.map((v) => (b: Record<string, Json>) => ((person(b).phone = v), 'bad phone')) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('phone', 'regulator', 'fax', 'PHONE', ''), fc.option(fc.record({ source: fc.constantFrom('12378', '12363', 'other', 'x'), ref: fc.string({ maxLength: 70 }), dueAt: badDate }), { nil: undefined })).map(([ch, ref]) => (b: Record<string, Json>) => ((b.channel = ch), ref === undefined ? delete b.referral : (b.referral = ref as Json), `channel=${ch} referral=${ref ? 'yes' : 'no'}`)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('complainant', 'referral', 'content'), fc.integer({ min: 50, max: 2_000 })).map(([f, depth]) => (b: Record<string, Json>) => {
    let v: Json = 1;
    for (let i = 0; i < depth; i++) v = { a: v };
    b[f] = v;
    return `${f} nested ${depth} deep`;
  }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 1e13, Number.MAX_SAFE_INTEGER, 0.001, 1e-7).map((a) => (b: Record<string, Json>) => ((b.amount = a), `amount=${a}`)) },
);

/** Whole payloads that are not a body at all: broken JSON, scalars, arrays, deep nesting, proto keys as text. */
const rawPayload = fc.oneof(
  fc.constantFrom(
    '', ' ', '{', '}', '{"channel":', 'null', 'true', '0', '"text"', '[]', '[{}]', '{}', '{"channel":"phone",}', "{'channel':'phone'}",
    '\uFEFF{"channel":"phone"}', '{"channel":NaN}', '{"amount":Infinity}', '{"a":1}{"b":2}', '\u0000', '{"content":"\\u0000"}', '{"content":"\\ud800"}',
    '{"__proto__":{"isAdmin":true},"channel":"phone"}', '{"constructor":{"prototype":{"isAdmin":true}}}',
    `${JSON.stringify(BODY).slice(0, -1)},"__proto__":{"polluted":1}}`, `${JSON.stringify(BODY).slice(0, -1)},"channel":"regulator"}`,
  ),
  fc.integer({ min: 1000, max: 130_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)), // up to the 256 KB body limit
  fc.integer({ min: 1000, max: 50_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

const headerMutation = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Record<string, string>>({}) },
  { weight: 2, arbitrary: fc.constantFrom<Record<string, string>>({ 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'multipart/form-data; boundary=x' }, { 'content-type': 'application/json; charset=latin1' }, { 'content-type': 'application/xml' }, { 'content-type': '' }) },
  { weight: 2, arbitrary: fc.oneof(fc.constantFrom('', ' ', 'x'.repeat(129), '键', 'a b', '\t'), fc.string({ maxLength: 140 })).map((v) => ({ 'idempotency-key': v })) },
  { weight: 1, arbitrary: fc.constantFrom<Record<string, string>>({ 'accept-language': 'en' }, { 'accept-language': 'zh-CN' }, { 'accept-language': '*;q=x' }) },
);

/** Counterexamples print as their label (payloads can be hundreds of kilobytes). */
const labelled = (c: Case): Case => Object.assign(c, { [fc.toStringMethod]: () => `${c.label} ${JSON.stringify(c.headers)}` });

const aCase: fc.Arbitrary<Case> = fc.oneof(
  { weight: 14, arbitrary: fc.tuple(fc.array(mutation, { minLength: 1, maxLength: 3 }), headerMutation).map(([ms, headers]) => {
    const b = base();
    const labels = ms.map((m) => m(b));
    let payload: string;
    try {
      payload = JSON.stringify(b);
    } catch {
      payload = '{"channel":'; // a mutation made the body circular: send broken JSON instead
    }
    return labelled({ label: labels.join('; '), payload, headers });
  }) },
  { weight: 5, arbitrary: fc.tuple(rawPayload, headerMutation).map(([payload, headers]) => labelled({ label: `raw ${JSON.stringify(payload.slice(0, 40))}${payload.length > 40 ? `… (${payload.length} chars)` : ''}`, payload, headers })) },
);

type Counts = { c: number; a: number; o: number; i: number };
async function counts(): Promise<Counts> {
  const r = await sql<Counts>`SELECT (SELECT count(*) FROM complaint)::int AS c,
    (SELECT count(*) FROM audit_entry)::int AS a, (SELECT count(*) FROM outbox)::int AS o, (SELECT count(*) FROM idempotency_key)::int AS i`.execute(k.deps.db);
  return r.rows[0]!;
}

function send(c: Case) {
  return k.app.inject({
    method: 'POST',
    url: '/api/v1/complaints',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...c.headers },
    payload: c.payload,
  });
}

/** Asserts one answer; returns how many complaints it says were created (201: one; 200, an idempotent replay: none). */
function checkAnswer(c: Case, res: { statusCode: number; body: string }, codes: Map<string, number>): number {
  assert.ok(res.statusCode < 500, `${c.label}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  if (res.statusCode >= 200 && res.statusCode < 300) {
    assert.equal(typeof (JSON.parse(res.body) as { id?: unknown }).id, 'string', `${c.label}: answer has the complaint`);
    return res.statusCode === 201 ? 1 : 0;
  }
  let body: unknown;
  assert.doesNotThrow(() => (body = JSON.parse(res.body)), `${c.label}: non-JSON error body ${res.body.slice(0, 200)}`);
  assert.deepEqual(Object.keys(body as object), ['error'], `${c.label}: envelope has only "error"`);
  const e = (body as { error?: { code?: unknown; message?: unknown } }).error;
  assert.ok(e && typeof e.code === 'string' && typeof e.message === 'string' && e.message.length > 0, `${c.label}: envelope ${res.body.slice(0, 200)}`);
  assert.ok(Object.hasOwn(ERRORS, e.code as string), `${c.label}: unknown error code ${String(e.code)}`);
  assert.equal(res.statusCode, ERRORS[e.code as keyof typeof ERRORS].status, `${c.label}: status matches the code`);
  codes.set(e.code as string, (codes.get(e.code as string) ?? 0) + 1);
  return 0;
}

// Rows are counted every BATCH requests (a count after each request would double the run time on PGlite): the
// complaints must have grown by exactly the number of 201 answers, and audit, outbox and idempotency rows must not
// have moved unless complaints did. On a mismatch the batch is replayed one request at a time, counting after each,
// to name the request that stored something it refused.
const BATCH = 100;

test(`intake survives ${RUNS} malformed or hostile requests: no 5xx, always the error envelope, nothing stored when refused`, async () => {
  const seen = new Map<number, number>();
  const codes = new Map<string, number>();
  let batch: Case[] = [];
  let created = 0;
  let before = await counts();
  const settle = async () => {
    const after = await counts();
    const fine = after.c === before.c + created && (created > 0 || (after.a === before.a && after.o === before.o && after.i === before.i));
    if (!fine) {
      for (const c of batch) {
        const b = await counts();
        const res = await send(c);
        const made = checkAnswer(c, res, new Map());
        const a = await counts();
        if (made === 0) assert.deepEqual(a, b, `${c.label}: answered ${res.statusCode} but rows changed`);
        else assert.equal(a.c, b.c + 1, `${c.label}: answered 201 but complaints ${b.c} → ${a.c}`);
      }
      assert.fail(`rows changed in a batch (complaints ${before.c} → ${after.c}, ${created} created) but no single request reproduced it`);
    }
    before = after;
    batch = [];
    created = 0;
  };
  await fc.assert(
    fc.asyncProperty(aCase, async (c) => {
      const res = await send(c);
      seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
      created += checkAnswer(c, res, codes);
      batch.push(c);
      if (batch.length >= BATCH) await settle();
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  await settle();
  const proto = Object.prototype as unknown as Record<string, unknown>;
  for (const key of ['isAdmin', 'polluted', 'a']) assert.equal(proto[key], undefined, `Object.prototype.${key} is not set`);
  // The mix really exercised both sides: many refusals with varied codes, and some acceptances.
  const refused = [...seen.entries()].filter(([st]) => st >= 400).reduce((a, [, n]) => a + n, 0);
  const accepted = (seen.get(201) ?? 0) + (seen.get(200) ?? 0);
  assert.ok(refused > RUNS * 0.5, `most cases are refused (${refused}/${RUNS})`);
  assert.ok(accepted > 0, 'some hostile-but-valid texts are accepted');
  for (const code of ['VALIDATION_FAILED', 'UNKNOWN_FIELD', 'INVALID_JSON', 'INVALID_TEXT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'C3_DATA_REFUSED']) {
    assert.ok((codes.get(code) ?? 0) > 0, `at least one ${code} (codes seen: ${JSON.stringify(Object.fromEntries(codes))})`);
  }
  if (process.env.KESU_FUZZ_VERBOSE) console.log({ statuses: Object.fromEntries(seen), codes: Object.fromEntries(codes) });
});
