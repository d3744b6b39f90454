// Classifier models administrators upload and activate, and the model set every server process predicts with.
//
// A registered model is either a whole bootstrap-format model ('bundle', three heads over one vocabulary) or one
// generic linear model (`kesu model train`) that replaces one head: 'category', 'reason' or 'business'. The model
// set in force = the shipped bootstrap model, or the active bundle, with every active single-head model replacing
// its head; its version names every part (`bootstrap-948dd3cc904a+category-ab12cd34ef56`), and each suggestion
// stores it, so agreement is reported per combination.
//
// Processes hold the set in memory. Activation reloads the process that served it at once; every other process
// reloads within a minute (the per-process reload, reloadEveryMinute in src/runtime.ts, calls reloadClassifier, which reads the active ids and
// decodes only when they changed). A model that fails to decode keeps the previous set in force and is logged.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip as gunzipCb, gzip as gzipCb } from 'node:zlib';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, ClassifierModelTable } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';
import { activeCodeTable } from '../config/code-tables.ts';
import { analyseComplaint, loadedBootstrapModel, type ClassifierHeads, type ComplaintAnalysis } from '../../core/classify/analyse.ts';
import { decodeBootstrap, HEADS, isBootstrapJson, type BootstrapModel, type HeadName } from '../../core/classify/bootstrap.ts';
import { isCategory } from '../../core/classify/codes.ts';
import { isLinearModel, type LinearModel } from '../../core/classify/linear.ts';
import { shippedBootstrapJson } from '../../core/classify/shipped-model.ts';

const gzip = promisify(gzipCb);
const gunzip = promisify(gunzipCb);

export type ModelHead = 'bundle' | HeadName;
export const MODEL_HEADS: readonly ModelHead[] = ['bundle', 'category', 'reason', 'business'];
/** The id under which the shipped bootstrap model is listed (activating it deactivates the active bundle). */
export const SHIPPED_MODEL_ID = 'shipped';

export interface ModelItem {
  id: string;
  name: string;
  head: ModelHead;
  version: string;
  sha256: string;
  /** A bundle: its three heads' labels (categories, then C codes, then B codes). */
  labels: string[];
  sizeBytes: number;
  /** The model's own held-out results: calibration of a generic model, cross-fitting of a bundle; null if none. */
  heldOut: Record<string, unknown> | null;
  active: boolean;
  uploadedAt: string | null;
  uploadedBy: string | null;
  /** The uploader's display name (what the console shows); null for the shipped model or a deleted account. */
  uploadedByName: string | null;
  /** When it was last activated (kept after deactivation). */
  activatedAt: string | null;
  /** True only for the synthetic entry of the shipped bootstrap model. */
  shipped: boolean;
}

/** A model set in force: three heads, the version naming every part, and the rows it was made from. */
export interface ModelSet extends ClassifierHeads {
  /** Active row ids it was made from (sorted); empty = the shipped bootstrap model. */
  ids: readonly string[];
}

interface Log {
  error: (obj: object, msg: string) => void;
  info?: (obj: object, msg: string) => void;
}
const stderrLog: Log = {
  error: (obj, msg) => process.stderr.write(`${JSON.stringify({ level: 'error', msg, ...obj })}\n`),
};

// ---------------------------------------------------------------------------------------------------------------
// Parsing and validation

type Parsed = { head: 'bundle'; model: BootstrapModel } | { head: HeadName; model: LinearModel };

function invalid(reason: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('MODEL_INVALID', { reason, ...extra });
}

function allNumbers(a: unknown[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) return false;
  }
  return true;
}

/** Structural problems of a linear model (shapes, finite numbers, feature options); empty = usable. */
export function linearModelProblems(m: LinearModel, where = ''): string[] {
  const p: string[] = [];
  const at = (s: string) => (where ? `${where}.${s}` : s);
  const k = m.labels.length;
  const v = m.vocab.length;
  if (k < 2) p.push(at('labels: at least two'));
  if (!m.labels.every((l) => typeof l === 'string' && l.length > 0 && l.length <= 64)) p.push(at('labels: non-empty strings'));
  else if (new Set(m.labels).size !== k) p.push(at('labels: duplicates'));
  if (!m.vocab.every((x) => typeof x === 'string')) p.push(at('vocab: strings'));
  if (m.idf.length !== v || !allNumbers(m.idf)) p.push(at('idf: one number per vocab entry'));
  if (m.weights.length !== v * k || !allNumbers(m.weights)) p.push(at('weights: vocab × labels numbers'));
  if (m.bias.length !== k || !allNumbers(m.bias)) p.push(at('bias: one number per label'));
  if (!(Number.isFinite(m.temperature) && m.temperature > 0)) p.push(at('temperature: positive'));
  const f = m.features as unknown as Record<string, unknown> | null;
  const ngram = (x: unknown) => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 8;
  if (
    !f ||
    typeof f !== 'object' ||
    !ngram(f.charNgramMin) ||
    !ngram(f.charNgramMax) ||
    (f.charNgramMin as number) > (f.charNgramMax as number) ||
    typeof f.words !== 'boolean' ||
    typeof f.wordBigrams !== 'boolean'
  )
    p.push(at('features'));
  return p;
}

/** Parse and check a model's JSON for a head; throws MODEL_INVALID with the reason. */
export function parseModel(head: ModelHead, json: unknown): Parsed {
  if (head === 'bundle') {
    if (!isBootstrapJson(json)) throw invalid(isLinearModel(json) ? 'a single-head model: register it with head=category, reason or business' : 'not a kesu-bootstrap/1 model');
    let model: BootstrapModel;
    try {
      model = decodeBootstrap(json);
    } catch (e) {
      throw invalid((e as Error).message);
    }
    const problems = HEADS.flatMap((h) => linearModelProblems(model[h], h));
    if (problems.length) throw invalid('malformed', { problems: problems.slice(0, 20) });
    return { head, model };
  }
  if (!isLinearModel(json)) throw invalid(isBootstrapJson(json) ? 'a bootstrap model: register it with head=bundle' : 'not a kesu-linear/1 model');
  const problems = linearModelProblems(json);
  if (problems.length) throw invalid('malformed', { problems: problems.slice(0, 20) });
  return { head, model: json };
}

function labelsByHead(p: Parsed): Partial<Record<HeadName, string[]>> {
  return p.head === 'bundle' ? { category: p.model.category.labels, reason: p.model.reason.labels, business: p.model.business.labels } : { [p.head]: p.model.labels };
}

/** Labels a head may predict: the guide's five categories, or the C / B codes of the code table in force. */
async function unknownLabels(db: Kysely<DB>, byHead: Partial<Record<HeadName, readonly string[]>>): Promise<{ unknown: string[]; byHead: Partial<Record<HeadName, string[]>>; codeTableVersion: string }> {
  const table = await activeCodeTable(db);
  const reason = new Set(table.reason.map((e) => e.code));
  const business = new Set(table.business.map((e) => e.code));
  const ok: Record<HeadName, (l: string) => boolean> = { category: isCategory, reason: (l) => reason.has(l), business: (l) => business.has(l) };
  const out: Partial<Record<HeadName, string[]>> = {};
  const all: string[] = [];
  for (const h of HEADS) {
    const bad = (byHead[h] ?? []).filter((l) => !ok[h](l));
    if (bad.length) {
      out[h] = bad;
      all.push(...bad);
    }
  }
  return { unknown: all, byHead: out, codeTableVersion: table.version };
}

async function assertLabels(db: Kysely<DB>, byHead: Partial<Record<HeadName, readonly string[]>>): Promise<void> {
  const r = await unknownLabels(db, byHead);
  if (r.unknown.length) throw new AppError('MODEL_LABELS_INVALID', { unknownLabels: r.unknown.slice(0, 50), byHead: r.byHead, codeTableVersion: r.codeTableVersion });
}

function heldOutOf(p: Parsed): Record<string, unknown> | null {
  if (p.head === 'bundle') return (p.model.meta?.crossFit as unknown as Record<string, unknown>) ?? null;
  return (p.model.meta?.calibration as unknown as Record<string, unknown> | null | undefined) ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Model sets

/** The shipped bootstrap model as a model set. */
export function shippedModelSet(): ModelSet {
  const m = loadedBootstrapModel();
  return { version: m.version, category: m.category, reason: m.reason, business: m.business, ids: [] };
}

/** The set made of a bundle (or the shipped model) and single-head replacements; versions joined with '+'. */
export function composeModelSet(base: ClassifierHeads, heads: Partial<Record<HeadName, { model: LinearModel; version: string }>>, ids: readonly string[] = []): ModelSet {
  const set: ModelSet = { version: base.version, category: base.category, reason: base.reason, business: base.business, ids: [...ids].sort() };
  for (const h of HEADS) {
    const r = heads[h];
    if (!r) continue;
    set[h] = r.model;
    set.version += `+${r.version}`;
  }
  return set;
}

function composedVersion(shippedVersion: string, rows: readonly { head: string; version: string }[]): string {
  const bundle = rows.find((r) => r.head === 'bundle');
  let v = bundle?.version ?? shippedVersion;
  for (const h of HEADS) {
    const r = rows.find((x) => x.head === h);
    if (r) v += `+${r.version}`;
  }
  return v;
}

const SAMPLE = '信用卡年费已经申请免收，今年又扣了200元，要求退还';

/** Run the set once: builds the fused weights now (not in the first request) and proves it predicts. */
function warm(set: ClassifierHeads): void {
  const a = analyseComplaint(SAMPLE, set);
  for (const c of [a.categoryConfidence, a.reasonConfidence, a.businessConfidence]) if (!Number.isFinite(c)) throw new Error('prediction is not a number');
}

/**
 * The model set of one process. `reload` reads the active rows and, only when their ids changed, decodes them and
 * swaps the set; reloads run one at a time, so a slow older reload never overwrites a newer one.
 */
export class ClassifierModels {
  private set: ModelSet | undefined;
  private key = '';
  private failedKey: string | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  /** The set in force (the shipped bootstrap model until a reload finds active rows). */
  current(): ModelSet {
    return (this.set ??= shippedModelSet());
  }

  /** The version of the set in force, without decoding the shipped model. */
  version(): string {
    return this.set?.version ?? String((shippedBootstrapJson as { version?: unknown } | undefined)?.version ?? 'bootstrap');
  }

  /** deps.analyse of a server process. */
  analyse = (text: string): ComplaintAnalysis => analyseComplaint(text, this.current());

  reload(db: Kysely<DB>, log: Log = stderrLog): Promise<{ changed: boolean; version: string }> {
    const run = this.chain.then(() => this.doReload(db, log));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async doReload(db: Kysely<DB>, log: Log): Promise<{ changed: boolean; version: string }> {
    const active = await db.selectFrom('classifier_model').select(['id', 'head', 'version']).where('active', '=', true).execute();
    const key = active.map((r) => r.id).sort().join(',');
    if (key === this.key || key === this.failedKey) return { changed: false, version: this.version() };
    // A database error propagates (the next minute retries); a model that does not decode is remembered.
    const rows = active.length ? await db.selectFrom('classifier_model').select(['id', 'head', 'version', 'body']).where('id', 'in', active.map((r) => r.id)).execute() : [];
    let next: ModelSet;
    try {
      next = await decodeSet(rows);
      warm(next);
    } catch (e) {
      this.failedKey = key; // the same rows fail the same way: logged once, retried when the active set changes
      log.error({ err: { message: (e as Error).message }, activeVersions: active.map((r) => r.version), keptVersion: this.version() }, 'classifier model set not loaded; the previous one stays in force');
      return { changed: false, version: this.version() };
    }
    const before = this.version();
    this.set = next;
    this.key = key;
    this.failedKey = null;
    log.info?.({ from: before, to: next.version }, 'classifier model set loaded');
    return { changed: true, version: next.version };
  }
}

async function decodeSet(rows: readonly { id: string; head: string; version: string; body: Buffer }[]): Promise<ModelSet> {
  let base: ClassifierHeads = shippedModelSet();
  const heads: Partial<Record<HeadName, { model: LinearModel; version: string }>> = {};
  for (const r of rows) {
    let json: unknown;
    try {
      json = JSON.parse((await gunzip(r.body)).toString('utf8'));
    } catch (e) {
      throw new Error(`${r.version}: ${(e as Error).message}`);
    }
    const p = parseModel(r.head as ModelHead, json);
    if (p.head === 'bundle') base = { ...p.model, version: r.version };
    else heads[p.head] = { model: p.model, version: r.version };
  }
  return composeModelSet(base, heads, rows.map((r) => r.id));
}

/** The model set of this process (what runtime.ts gives the server as deps.analyse). */
export const processClassifier = new ClassifierModels();

/** Reload this process's model set from the active rows (start-up, after activation, and every minute). */
export function reloadClassifier(db: Kysely<DB>, opts: { log?: Log; models?: ClassifierModels } = {}): Promise<{ changed: boolean; version: string }> {
  return (opts.models ?? processClassifier).reload(db, opts.log);
}

// ---------------------------------------------------------------------------------------------------------------
// Use cases

type Row = Omit<Selectable<ClassifierModelTable>, 'body'>;
const COLUMNS = ['id', 'name', 'head', 'version', 'sha256', 'labels', 'size_bytes', 'held_out', 'uploaded_by', 'uploaded_at', 'active', 'activated_by', 'activated_at'] as const;

function toItem(r: Row): ModelItem {
  return {
    id: r.id,
    name: r.name,
    head: r.head as ModelHead,
    version: r.version,
    sha256: r.sha256,
    labels: HEADS.flatMap((h) => r.labels[h] ?? []),
    sizeBytes: Number(r.size_bytes),
    heldOut: r.held_out,
    active: r.active,
    uploadedAt: r.uploaded_at.toISOString(),
    uploadedBy: r.uploaded_by,
    uploadedByName: null,
    activatedAt: r.activated_at ? r.activated_at.toISOString() : null,
    shipped: false,
  };
}

/** The model file's text as `kesu model train` writes it: its sha256 is what `sha256sum` prints for that file. */
function modelText(json: unknown): string {
  return JSON.stringify(json) + '\n';
}

let shippedInfo: { sha256: string; sizeBytes: number } | undefined;
function shippedItem(active: boolean): ModelItem {
  const m = loadedBootstrapModel();
  if (!shippedInfo) {
    const text = modelText(shippedBootstrapJson);
    shippedInfo = { sha256: createHash('sha256').update(text).digest('hex'), sizeBytes: Buffer.byteLength(text) };
  }
  return {
    id: SHIPPED_MODEL_ID,
    name: '内置引导模型 / shipped bootstrap model',
    head: 'bundle',
    version: m.version,
    sha256: shippedInfo.sha256,
    labels: [...m.category.labels, ...m.reason.labels, ...m.business.labels],
    sizeBytes: shippedInfo.sizeBytes,
    heldOut: (m.meta?.crossFit as unknown as Record<string, unknown>) ?? null,
    active,
    uploadedAt: null,
    uploadedBy: null,
    uploadedByName: null,
    activatedAt: null,
    shipped: true,
  };
}

export interface RegisterModelInput {
  head: ModelHead;
  name?: string;
  /** The model's JSON, as `kesu model train` writes it (a bootstrap JSON for 'bundle'). */
  json: unknown;
}

/** Check and store a model (inactive). Refusals store nothing. */
export async function registerModel(deps: Deps, ctx: Ctx, input: RegisterModelInput): Promise<ModelItem> {
  const parsed = parseModel(input.head, input.json);
  await assertLabels(deps.db, labelsByHead(parsed));
  const trial = parsed.head === 'bundle' ? composeModelSet(parsed.model, {}) : composeModelSet(shippedModelSet(), { [parsed.head]: { model: parsed.model, version: 'trial' } });
  try {
    warm(trial);
  } catch (e) {
    throw invalid(`prediction failed: ${(e as Error).message}`);
  }
  const text = modelText(input.json);
  const sha256 = createHash('sha256').update(text).digest('hex');
  const version = `${input.head}-${sha256.slice(0, 12)}`;
  const labels = labelsByHead(parsed);
  const labelCount = HEADS.reduce((n, h) => n + (labels[h]?.length ?? 0), 0);
  const heldOut = heldOutOf(parsed);
  const description = parsed.head === 'bundle' ? undefined : parsed.model.meta?.description;
  const name = (input.name?.trim() || description || `${input.head} ${version}`).slice(0, 200);
  const body = await gzip(text);
  const exists = await deps.db.selectFrom('classifier_model').select(['id', 'name']).where('version', '=', version).executeTakeFirst();
  if (exists) throw new AppError('MODEL_EXISTS', { id: exists.id, name: exists.name, version });
  const row = await deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('classifier_model')
      .values({ name, head: input.head, version, sha256, labels: JSON.stringify(labels), size_bytes: Buffer.byteLength(text), held_out: heldOut ? JSON.stringify(heldOut) : null, body, uploaded_by: ctx.actor.id, uploaded_at: ctx.now })
      .onConflict((oc) => oc.column('version').doNothing())
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!r) throw new AppError('MODEL_EXISTS', { version });
    await appendAudit(trx, ctx, { stream: 'config', entityType: 'classifier_model', entityId: r.id, kind: 'MODEL_REGISTERED', data: { name, head: input.head, version, sha256, sizeBytes: r.size_bytes, labels: labelCount } });
    return r;
  });
  return (await withUploaderNames(deps.db, [toItem(row)]))[0]!;
}

export async function listModels(db: Kysely<DB>): Promise<{ items: ModelItem[]; activeVersion: string }> {
  const rows = await db.selectFrom('classifier_model').select(COLUMNS).orderBy('uploaded_at', 'desc').orderBy('version').execute();
  const active = rows.filter((r) => r.active);
  const shipped = shippedItem(!active.some((r) => r.head === 'bundle'));
  return { items: [shipped, ...(await withUploaderNames(db, rows.map(toItem)))], activeVersion: composedVersion(shipped.version, active) };
}

/** Fills in who uploaded each model by name, in one query. */
async function withUploaderNames(db: Kysely<DB>, items: ModelItem[]): Promise<ModelItem[]> {
  // uploaded_by is text (a staff id, or whatever actor registered a model from the command line): compared as text.
  const ids = [...new Set(items.flatMap((m) => (m.uploadedBy ? [m.uploadedBy] : [])))];
  if (!ids.length) return items;
  const names = new Map((await db.selectFrom('app_user').select(['id', 'display_name']).where(sql<string>`app_user.id::text`, 'in', ids).execute()).map((u) => [u.id, u.display_name]));
  return items.map((m) => ({ ...m, uploadedByName: (m.uploadedBy && names.get(m.uploadedBy)) ?? null }));
}

async function itemById(db: Kysely<DB>, id: string): Promise<ModelItem> {
  if (id === SHIPPED_MODEL_ID) {
    const bundle = await db.selectFrom('classifier_model').select('id').where('head', '=', 'bundle').where('active', '=', true).executeTakeFirst();
    return shippedItem(!bundle);
  }
  const r = await db.selectFrom('classifier_model').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('MODEL_NOT_FOUND');
  return (await withUploaderNames(db, [toItem(r)]))[0]!;
}

/**
 * Put a model in force for its head (the head's previous model stops). Activating `shipped` stops the active
 * bundle. This process reloads at once; the others within a minute.
 */
export async function activateModel(deps: Deps, ctx: Ctx, id: string, opts: { log?: Log; models?: ClassifierModels } = {}): Promise<ModelItem> {
  const head: ModelHead | null = id === SHIPPED_MODEL_ID ? 'bundle' : null;
  const changed = await deps.db.transaction().execute(async (trx) => {
    let target: Row | undefined;
    if (!head) {
      target = await trx.selectFrom('classifier_model').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      if (!target) throw new AppError('MODEL_NOT_FOUND');
    }
    const h = head ?? (target as Row).head;
    // Lock the head's rows, in one order (no deadlock between two activations): two activations for one head run one
    // after the other (the partial unique index holds).
    const rows = await trx.selectFrom('classifier_model').select(['id', 'version', 'active']).where('head', '=', h).orderBy('id').forUpdate().execute();
    const previous = rows.find((r) => r.active);
    if (target ? previous?.id === target.id : !previous) return false;
    if (target) await assertLabels(trx, target.labels);
    if (previous) await trx.updateTable('classifier_model').set({ active: false }).where('id', '=', previous.id).execute();
    if (target) await trx.updateTable('classifier_model').set({ active: true, activated_by: ctx.actor.id, activated_at: ctx.now }).where('id', '=', target.id).execute();
    await appendAudit(trx, ctx, {
      stream: 'config',
      entityType: 'classifier_model',
      entityId: target?.id ?? SHIPPED_MODEL_ID,
      kind: 'MODEL_ACTIVATED',
      data: { head: h, version: target?.version ?? loadedBootstrapModel().version, replaced: previous?.version ?? null },
    });
    return true;
  });
  if (changed) await reloadClassifier(deps.db, opts);
  return itemById(deps.db, id);
}

/** Stop a model: its head falls back to the active bundle's, or the shipped model's. */
export async function deactivateModel(deps: Deps, ctx: Ctx, id: string, opts: { log?: Log; models?: ClassifierModels } = {}): Promise<ModelItem> {
  if (id === SHIPPED_MODEL_ID) throw new AppError('MODEL_IS_SHIPPED');
  const changed = await deps.db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('classifier_model').select(['id', 'head', 'version', 'active']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r) throw new AppError('MODEL_NOT_FOUND');
    if (!r.active) return false;
    await trx.updateTable('classifier_model').set({ active: false }).where('id', '=', id).execute();
    await appendAudit(trx, ctx, { stream: 'config', entityType: 'classifier_model', entityId: id, kind: 'MODEL_DEACTIVATED', data: { head: r.head, version: r.version } });
    return true;
  });
  if (changed) await reloadClassifier(deps.db, opts);
  return itemById(deps.db, id);
}
