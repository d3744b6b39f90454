// analyseComplaint: everything the intake needs from a complaint's text in one call — the guide's category,
// JR/T 0169 reason (C) and business (B) codes with calibrated confidences, urgency with its reasons, and entities
// (sensitive numbers masked).
import { decodeBootstrap, type BootstrapModel } from './bootstrap.ts';
import type { Category } from './codes.ts';
import { extractEntities, type Entity } from './entities.ts';
import { createMultiHead, predictMultiHead, type MultiHead, type Prediction } from './linear.ts';
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
const fused = new WeakMap<BootstrapModel, MultiHead>();

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

/** Analyse one complaint text. `model` defaults to the shipped bootstrap model. */
export function analyseComplaint(text: string, model?: BootstrapModel, options: UrgencyOptions = {}): ComplaintAnalysis {
  const m = model ?? loadedBootstrapModel();
  let mh = fused.get(m);
  if (!mh) {
    mh = createMultiHead([m.category, m.reason, m.business]); // the three heads share one vocabulary
    fused.set(m, mh);
  }
  const [category, reason, business] = predictMultiHead(mh, text) as [Prediction, Prediction, Prediction];
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
