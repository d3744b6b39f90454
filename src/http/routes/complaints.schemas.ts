// JSON schemas of the complaint API (intake contract is stable: integrations depend on it).
import { Type } from 'typebox';
import { CHANNELS, CATEGORIES, COMPLEXITIES, OUTCOMES, REMEDIES_OPEN, FEEDBACK_CHANNELS, SATISFACTION_LEVELS, COMPLETENESS_FIELDS } from '../../core/complaints/index.ts';
import { obj, Text, Uuid } from '../schemas.ts';

const lit = <T extends readonly string[]>(xs: T) => Type.Union(xs.map((x) => Type.Literal(x)));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time', maxLength: 40 });

export const IntakeBody = obj({
  channel: lit(CHANNELS),
  receivedAt: DateTime,
  complainant: obj({
    name: Type.Optional(Text(100)),
    idNumber: Type.Optional(Text(32)),
    phone: Type.Optional(Text(24)),
    email: Type.Optional(Text(254)),
    customerNo: Type.Optional(Text(64)),
  }),
  content: Type.Optional(Text(5000)),
  demand: Type.Optional(Text(2000)),
  amount: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
  orgUnitCode: Type.Optional(Text(32, 1)),
  businessCode: Type.Optional(Text(16, 1)),
  productName: Type.Optional(Text(200)),
  complainantCount: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  referral: Type.Optional(obj({ source: lit(['12378', '12363', 'other'] as const), ref: Text(64, 1), dueAt: Type.Optional(DateTime) })),
});

export const DeadlineSchema = Type.Object({
  step: Type.String(),
  startsAt: Type.String(),
  policyDue: Nullable(Type.String()),
  statutoryDue: Nullable(Type.String()),
  referralDue: Nullable(Type.String()),
  effectiveDue: Type.String(),
  binding: Type.String(),
  metAt: Nullable(Type.String()),
  status: Type.String(),
  explanation: Type.Record(Type.String(), Type.Unknown()),
});

const Json = Nullable(Type.Record(Type.String(), Type.Unknown()));

export const ComplaintSchema = Type.Object({
  id: Type.String(),
  trackingNo: Type.String(),
  state: Type.String(),
  channel: Type.String(),
  receivedAt: Type.String(),
  registeredAt: Type.String(),
  missing: Type.Array(Type.String()),
  complainant: Type.Object({
    name: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    hasIdNumber: Type.Boolean(),
    hasEmail: Type.Boolean(),
    hasCustomerNo: Type.Boolean(),
  }),
  content: Type.String(),
  demand: Type.String(),
  amount: Nullable(Type.Number()),
  productName: Nullable(Type.String()),
  orgUnitId: Nullable(Type.String()),
  handlingUnitId: Nullable(Type.String()),
  handlerId: Nullable(Type.String()),
  category: Nullable(Type.String()),
  channelCode: Nullable(Type.String()),
  businessCode: Nullable(Type.String()),
  reasonCode: Nullable(Type.String()),
  complexity: Type.String(),
  urgency: Type.String(),
  major: Type.Boolean(),
  mass: Type.Boolean(),
  complainantCount: Type.Number(),
  tier: Type.Number(),
  referral: Nullable(Type.Object({ source: Type.String(), ref: Nullable(Type.String()), dueAt: Nullable(Type.String()) })),
  extensionLevel: Type.Number(),
  extensionPending: Type.Boolean(),
  reassignmentCount: Type.Number(),
  reopenCount: Type.Number(),
  repeatOf: Nullable(Type.String()),
  mergedInto: Nullable(Type.String()),
  suggestion: Json,
  decision: Json,
  satisfaction: Json,
  review: Json,
  effectiveDueAt: Nullable(Type.String()),
  deadlines: Type.Array(DeadlineSchema),
  allowedActions: Type.Array(Type.String()),
  version: Type.Number(),
  updatedAt: Type.String(),
});

export const ListItem = Type.Object({
  id: Type.String(),
  trackingNo: Type.String(),
  state: Type.String(),
  channel: Type.String(),
  category: Nullable(Type.String()),
  tier: Type.Number(),
  major: Type.Boolean(),
  urgency: Type.String(),
  complainantName: Nullable(Type.String()),
  summary: Type.String(),
  handlingUnitId: Nullable(Type.String()),
  handlerId: Nullable(Type.String()),
  receivedAt: Type.String(),
  effectiveDueAt: Nullable(Type.String()),
  breached: Type.Boolean(),
});

export const ListQuery = obj({
  state: Type.Optional(Text(200)),
  unitId: Type.Optional(Uuid),
  handlerId: Type.Optional(Uuid),
  mine: Type.Optional(Type.Boolean()),
  open: Type.Optional(Type.Boolean()),
  category: Type.Optional(lit(CATEGORIES)),
  channel: Type.Optional(lit(CHANNELS)),
  tier: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
  dueBefore: Type.Optional(DateTime),
  atRisk: Type.Optional(Type.Boolean()),
  breached: Type.Optional(Type.Boolean()),
  q: Type.Optional(Text(100)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  cursor: Type.Optional(Text(200)),
});

const Reason = Text(1000, 1);
export const ActionBodies = {
  accept: obj({}),
  classify: obj({
    category: lit(CATEGORIES),
    complexity: lit(COMPLEXITIES),
    major: Type.Optional(Type.Boolean()),
    mass: Type.Optional(Type.Boolean()),
    channelCode: Type.Optional(Text(16, 1)),
    businessCode: Type.Optional(Text(16, 1)),
    reasonCode: Type.Optional(Text(16, 1)),
  }),
  assign: obj({ handlingUnitId: Uuid, handlerId: Type.Optional(Nullable(Uuid)) }),
  start: obj({}),
  transfer: obj({ toUnitId: Uuid, toHandlerId: Type.Optional(Nullable(Uuid)), reason: Reason }),
  return: obj({ reason: Reason }),
  escalate: obj({ reason: Reason, toUnitId: Type.Optional(Uuid), toHandlerId: Type.Optional(Nullable(Uuid)) }),
  requestInformation: obj({ fields: Type.Optional(Type.Array(lit(COMPLETENESS_FIELDS), { maxItems: 4 })), note: Type.Optional(Text(1000)) }),
  supplyInformation: obj({
    note: Type.Optional(Text(2000)),
    content: Type.Optional(Text(5000)),
    demand: Type.Optional(Text(2000)),
    complainant: Type.Optional(obj({ name: Type.Optional(Text(100)), idNumber: Type.Optional(Text(32)), phone: Type.Optional(Text(24)), email: Type.Optional(Text(254)) })),
  }),
  extend: obj({ level: Type.Union([Type.Literal(1), Type.Literal(2)]), reason: Reason }),
  approveExtension: obj({ approved: Type.Boolean(), note: Type.Optional(Text(1000)) }),
  decision: obj({
    outcome: lit(OUTCOMES),
    remedy: Text(2000, 1),
    remedyTypes: Type.Optional(Type.Array(lit(['refund', 'fee_waiver', 'apology', 'correction', 'other', 'none'] as const), { maxItems: 6 })),
    refundAmount: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
    factsChecked: Text(5000, 1),
    basisAndReasons: Text(5000, 1),
    remediesOpen: Type.Array(lit(REMEDIES_OPEN), { minItems: 1, maxItems: 4 }),
  }),
  feedback: obj({ channel: lit(FEEDBACK_CHANNELS), notifiedAt: Type.Optional(DateTime) }),
  satisfaction: obj({
    level: lit(SATISFACTION_LEVELS),
    scores: Type.Optional(obj({
      handlingTime: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
      resolution: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
      communication: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
      followUpService: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    })),
    comment: Type.Optional(Text(1000)),
  }),
  reviewRequest: obj({ reason: Reason, receivedAt: Type.Optional(DateTime) }),
  reviewDecision: obj({ result: lit(['maintained', 'revised'] as const), reasons: Text(5000, 1), outcome: Type.Optional(lit(OUTCOMES)), remedy: Type.Optional(Text(2000)) }),
  followUp: obj({ reached: Type.Boolean(), note: Type.Optional(Text(2000)) }),
  close: obj({ reason: Type.Optional(Text(1000)) }),
  reopen: obj({ reason: Reason }),
  merge: obj({ targetId: Uuid, reason: Type.Optional(Text(1000)) }),
  archive: obj({}),
};

export const AttachmentBody = obj({ filename: Text(200, 1), contentBase64: Type.String({ minLength: 4, maxLength: 14_000_000 }) });
