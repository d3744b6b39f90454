// The working-day calendar in force: the shipped 2024–2026 data, plus years administrators imported, plus the
// organisation's switch for adjusted working days. Cached per process; reloaded after an import here and by the
// worker every minute (other processes), so every process computes the same due times.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { DEFAULT_HANDLING_RULES, handlingRulesFrom, validateHandlingRules, type HandlingRules } from '../../core/complaints/index.ts';
import { appendAudit } from '../../db/audit.ts';
import { CN_CALENDAR_DATA, DEFAULT_CALENDAR, DEFAULT_SLA_POLICY, createCalendar, mergeCalendarData, parseCalendarImport, validateSlaPolicy, type Calendar, type CalendarData, type SlaPolicy } from '../../core/sla/index.ts';

let calendar: Calendar = DEFAULT_CALENDAR;
let policy: SlaPolicy = DEFAULT_SLA_POLICY;
let handlingRules: HandlingRules = DEFAULT_HANDLING_RULES;

export function currentCalendar(): Calendar {
  return calendar;
}

export function currentSlaPolicy(): SlaPolicy {
  return policy;
}

/** The complaint handling rules in force (repeat window, in-person feedback for major complaints, first-extension
 * notice), reloaded like the SLA policy. */
export function currentHandlingRules(): HandlingRules {
  return handlingRules;
}

async function setting<T>(db: Kysely<DB>, key: string): Promise<T | undefined> {
  const r = await db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst();
  return r ? (r.value as unknown as T) : undefined;
}

export async function reloadConfig(db: Kysely<DB>): Promise<void> {
  const rows = await db.selectFrom('calendar_year').selectAll().orderBy('year').execute();
  const imported: CalendarData = { years: Object.fromEntries(rows.map((r) => [String(r.year), { holidays: r.holidays, workdays: r.workdays }])) };
  const adjusted = (await setting<{ enabled: boolean }>(db, 'calendar.adjustedWorkdaysAreWorkingDays'))?.enabled ?? true;
  calendar = createCalendar(mergeCalendarData(CN_CALENDAR_DATA, imported), { adjustedWorkdaysAreWorkingDays: adjusted });
  const p = await setting<SlaPolicy>(db, 'sla.policy');
  policy = p ?? DEFAULT_SLA_POLICY;
  handlingRules = handlingRulesFrom(await setting<unknown>(db, 'complaint.policy'));
}

/**
 * Imports years of the working-day calendar: `json` is the file's text or its parsed value, in any form
 * parseCalendarImport accepts (the CLI and the API share it). Each year records its notice (or the file's source).
 */
export async function importCalendar(deps: Deps, ctx: Ctx, json: unknown): Promise<{ years: number[] }> {
  const parsed = parseCalendarImport(json);
  if (!parsed.ok) throw new AppError('CALENDAR_INVALID', { errors: parsed.errors.map((e) => ({ code: e.code, path: e.path, message: e.message })) });
  await deps.db.transaction().execute(async (trx) => {
    for (const [year, data] of Object.entries(parsed.data.years)) {
      const source = parsed.sources[year] ?? null;
      await trx
        .insertInto('calendar_year')
        .values({ year: Number(year), holidays: [...data.holidays], workdays: [...data.workdays], source, imported_by: ctx.actor.id, imported_at: ctx.now })
        .onConflict((oc) => oc.column('year').doUpdateSet({ holidays: [...data.holidays], workdays: [...data.workdays], source, imported_by: ctx.actor.id, imported_at: ctx.now }))
        .execute();
    }
    await appendAudit(trx, ctx, { stream: 'config', entityType: 'calendar', entityId: parsed.years.join(','), kind: 'CALENDAR_IMPORTED', data: { years: parsed.years, source: parsed.source, holidays: Object.values(parsed.data.years).reduce((n, y) => n + y.holidays.length, 0) } });
  });
  await reloadConfig(deps.db);
  return { years: [...parsed.years] };
}

/** Stores a setting and audits the change (`data`), in the caller's transaction. */
async function saveSetting(trx: Transaction<DB>, ctx: Ctx, key: string, value: unknown, data: Record<string, unknown>): Promise<void> {
  const json = JSON.stringify(value);
  await trx.insertInto('setting').values({ key, value: json, updated_at: ctx.now }).onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: ctx.now })).execute();
  await appendAudit(trx, ctx, { stream: 'config', entityType: 'setting', entityId: key, kind: 'CONFIG_CHANGED', data });
}

export async function setAdjustedWorkdays(deps: Deps, ctx: Ctx, enabled: boolean): Promise<void> {
  await deps.db.transaction().execute((trx) => saveSetting(trx, ctx, 'calendar.adjustedWorkdaysAreWorkingDays', { enabled }, { enabled }));
  await reloadConfig(deps.db);
}

export async function setSlaPolicy(deps: Deps, ctx: Ctx, p: SlaPolicy): Promise<void> {
  // The body is free-form JSON: check its shape against the default before the detailed rules.
  const keys = Object.keys(DEFAULT_SLA_POLICY).sort().join(',');
  if (!p || typeof p !== 'object' || Object.keys(p).sort().join(',') !== keys) throw new AppError('VALIDATION_FAILED', { expectedKeys: Object.keys(DEFAULT_SLA_POLICY) });
  let problems: string[];
  try {
    problems = validateSlaPolicy(p);
  } catch {
    problems = ['malformed policy'];
  }
  if (problems.length) throw new AppError('VALIDATION_FAILED', { problems });
  await deps.db.transaction().execute((trx) => saveSetting(trx, ctx, 'sla.policy', p, { policy: p }));
  await reloadConfig(deps.db);
}

export async function calendarInfo(db: Kysely<DB>) {
  const rows = await db.selectFrom('calendar_year').select(['year', 'source', 'imported_at', 'holidays', 'workdays']).orderBy('year').execute();
  return {
    coverage: [...calendar.coverage],
    adjustedWorkdaysAreWorkingDays: calendar.adjustedWorkdaysAreWorkingDays,
    imported: rows.map((r) => ({ year: r.year, source: r.source, importedAt: r.imported_at.toISOString(), holidays: r.holidays.length, workdays: r.workdays.length })),
  };
}

/** Replaces the handling rules (every field, validated; nothing changes on a refusal), audited. */
export async function setHandlingRules(deps: Deps, ctx: Ctx, rules: unknown): Promise<HandlingRules> {
  const problems = validateHandlingRules(rules);
  if (problems.length) throw new AppError('VALIDATION_FAILED', { problems });
  const value = rules as HandlingRules; // every field, and no other (validated above)
  await deps.db.transaction().execute(async (trx) => {
    // What was stored (not this process's copy, which another process may have made stale), locked until the change.
    const stored = await trx.selectFrom('setting').select('value').where('key', '=', 'complaint.policy').forUpdate().executeTakeFirst();
    const previous = handlingRulesFrom(stored?.value);
    await saveSetting(trx, ctx, 'complaint.policy', value, { rules: value, previous });
  });
  await reloadConfig(deps.db);
  return currentHandlingRules();
}
