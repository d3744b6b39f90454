// What the console promises without a browser: Beijing times whatever the machine's zone, yuan amounts with
// thousands separators, one message catalogue per language with the same keys, and no Chinese text written
// into components (it belongs in web/src/i18n).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtAmount, fmtDate, fmtDateTime, fromShanghaiLocalInput, shanghaiLocalInput } from '../../web/src/lib/format.ts';
import zhCN from '../../web/src/i18n/zh-CN.ts';
import en from '../../web/src/i18n/en.ts';

const WEB_SRC = fileURLToPath(new URL('../../web/src', import.meta.url));

test('times are shown in Asia/Shanghai whatever the process time zone', () => {
  // 16:30 UTC is 00:30 the next day in Beijing (and 11:30 the same day in New York).
  assert.equal(fmtDateTime('2026-11-27T16:30:00.000Z', 'zh-CN'), '2026/11/28 00:30');
  assert.equal(fmtDateTime('2026-11-27T16:30:00.000Z', 'en'), '28/11/2026, 00:30');
  assert.equal(fmtDate('2026-11-27T16:30:00.000Z', 'zh-CN'), '2026/11/28');
  assert.equal(fmtDateTime(null, 'zh-CN'), '—');
  // Date-time inputs are Beijing wall time.
  assert.equal(shanghaiLocalInput(new Date('2026-11-27T01:00:00Z')), '2026-11-27T09:00');
  assert.equal(fromShanghaiLocalInput('2026-11-27T09:00'), '2026-11-27T09:00:00+08:00');
  assert.equal(new Date(fromShanghaiLocalInput(shanghaiLocalInput(new Date('2026-02-10T15:45:00Z')))).toISOString(), '2026-02-10T15:45:00.000Z');
});

test('amounts are yuan with thousands separators and two decimals', () => {
  assert.equal(fmtAmount(1234567.5, 'zh-CN'), '¥1,234,567.50');
  assert.equal(fmtAmount(200, 'en'), '¥200.00');
  assert.equal(fmtAmount(-12, 'en'), '-¥12.00');
  assert.equal(fmtAmount(null, 'zh-CN'), '—');
});

test('the zh-CN and English catalogues have the same keys and no empty message', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zhCN).sort());
  for (const [k, v] of [...Object.entries(zhCN), ...Object.entries(en)]) assert.ok(v.trim(), `${k} is empty`);
  // Placeholders match: a {name} in one language is in the other.
  for (const k of Object.keys(zhCN) as Array<keyof typeof zhCN>) {
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(vars(en[k]), vars(zhCN[k]), `placeholders of ${k}`);
  }
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'i18n' || n === 'portal' ? [] : sources(p);
    return /\.(ts|tsx)$/.test(n) ? [p] : [];
  });
}

test('no Chinese text is written into console components (strings live in the catalogues)', () => {
  const offenders: string[] = [];
  for (const file of sources(WEB_SRC)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/[\u3400-\u9fff\uff00-\uffef]/.test(line)) offenders.push(`${relative(WEB_SRC, file)}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(offenders, []);
});

test('no console screen renders markup from data (no dangerouslySetInnerHTML, no innerHTML)', () => {
  for (const file of sources(WEB_SRC)) {
    const text = readFileSync(file, 'utf8');
    assert.ok(!/dangerouslySetInnerHTML|\.innerHTML\s*=/.test(text), relative(WEB_SRC, file));
  }
});
