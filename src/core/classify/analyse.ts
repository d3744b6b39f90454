// analyseComplaint: everything the intake needs from a complaint's text in one call — the guide's category,
// JR/T 0169 reason (C) and business (B) codes with calibrated confidences, urgency with its reasons, and entities
// (sensitive numbers masked).
import { decodeBootstrap, type BootstrapModel } from './bootstrap.ts';
import type { Category } from './codes.ts';
import { extractEntities, type Entity } from './entities.ts';
import { createMultiHead, predictMultiHead, type LinearModel, type MultiHead, type Prediction } from './linear.ts';
import { shippedBootstrapJson } from './shipped-model.ts';
import { assessUrgency, type Urgency, type UrgencyOptions, type UrgencyReason } from './urgency.ts';

export interface ComplaintAnalysis {
  category: Category;
  categoryConfidence: number;
  /** JR/T 0169 C axis, e.g. C08 (pricing and fees); C99 other. */
  reasonCode: string;
  reasonConfidence: number;
  /** JR/T 0169 B axis, e.g. B03 (bank cards); B99 other. */
  businessCode: string;
  businessConfidence: number;
  urgency: Urgency;
  urgencyReasons: UrgencyReason[];
  entities: Entity[];
  modelVersion: string;
}

let shipped: BootstrapModel | undefined;

/**
 * What the analysis needs: the three heads and the version recorded with each suggestion. A BootstrapModel is one;
 * a model set with a head replaced by a generic model (its own vocabulary) is another (src/app/classifier/models.ts).
 */
export interface ClassifierHeads {
  version: string;
  category: LinearModel;
  reason: LinearModel;
  business: LinearModel;
}

/** Heads grouped by vocabulary, each group fused into one weight matrix: one group when all three share one. */
interface Plan {
  groups: { mh: MultiHead; heads: number[] }[];
}
const plans = new WeakMap<ClassifierHeads, Plan>();

function planFor(m: ClassifierHeads): Plan {
  let plan = plans.get(m);
  if (!plan) {
    const heads = [m.category, m.reason, m.business];
    const byVocab = new Map<readonly string[], number[]>();
    heads.forEach((h, i) => {
      const g = byVocab.get(h.vocab);
      if (g) g.push(i);
      else byVocab.set(h.vocab, [i]);
    });
    plan = { groups: [...byVocab.values()].map((idx) => ({ mh: createMultiHead(idx.map((i) => heads[i] as LinearModel)), heads: idx })) };
    plans.set(m, plan);
  }
  return plan;
}

function predictHeads(m: ClassifierHeads, text: string): [Prediction, Prediction, Prediction] {
  const { groups } = planFor(m);
  if (groups.length === 1) return predictMultiHead((groups[0] as Plan['groups'][number]).mh, text) as [Prediction, Prediction, Prediction];
  const out: Prediction[] = [];
  for (const g of groups) {
    const preds = predictMultiHead(g.mh, text);
    g.heads.forEach((h, j) => {
      out[h] = preds[j] as Prediction;
    });
  }
  return out as [Prediction, Prediction, Prediction];
}

/** The bootstrap model shipped in data/models/bootstrap.json (decoded on first use). */
export function loadedBootstrapModel(): BootstrapModel {
  if (!shipped) {
    if (shippedBootstrapJson === undefined)
      throw new Error('找不到引导模型 data/models/bootstrap.json，请运行 npm run train:bootstrap / bootstrap model missing: run npm run train:bootstrap');
    shipped = decodeBootstrap(shippedBootstrapJson);
  }
  return shipped;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/**
 * Analyse one complaint text. `model` defaults to the shipped bootstrap model; a model set whose heads do not share
 * one vocabulary is predicted one vocabulary at a time.
 */
export function analyseComplaint(text: string, model?: ClassifierHeads, options: UrgencyOptions = {}): ComplaintAnalysis {
  const m = model ?? loadedBootstrapModel();
  const [category, reason, business] = predictHeads(m, text);
  const entities = extractEntities(text);
  const { urgency, reasons } = assessUrgency(text, entities, options);
  return {
    category: category.label as Category,
    categoryConfidence: round(category.confidence),
    reasonCode: reason.label,
    reasonConfidence: round(reason.confidence),
    businessCode: business.label,
    businessConfidence: round(business.confidence),
    urgency,
    urgencyReasons: reasons,
    entities,
    modelVersion: m.version,
  };
}
