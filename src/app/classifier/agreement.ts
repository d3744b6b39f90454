// Live agreement between the classifier's suggestions and the people who classify: per model version, how often
// the human choice matched the suggestion (overrides are the rest).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

export interface AgreementRow {
  modelVersion: string;
  decided: number;
  auto: number;
  human: number;
  categoryAgreed: number;
  categoryOverridden: number;
  agreementRate: number | null;
}

export async function agreementByModel(db: Kysely<DB>): Promise<AgreementRow[]> {
  const r = await sql<{ v: string; decided: number; auto: number; human: number; agreed: number }>`
    SELECT suggestion->>'modelVersion' AS v,
           count(*)::int AS decided,
           count(*) FILTER (WHERE suggestion->>'decidedBy' = 'auto')::int AS auto,
           count(*) FILTER (WHERE suggestion->>'decidedBy' = 'human')::int AS human,
           count(*) FILTER (WHERE suggestion->>'decidedBy' = 'human' AND (suggestion->'agreed'->>'category')::boolean)::int AS agreed
    FROM complaint
    WHERE suggestion ? 'decidedBy'
    GROUP BY 1 ORDER BY 1`.execute(db);
  return r.rows.map((x) => ({
    modelVersion: x.v ?? 'unknown',
    decided: Number(x.decided),
    auto: Number(x.auto),
    human: Number(x.human),
    categoryAgreed: Number(x.agreed),
    categoryOverridden: Number(x.human) - Number(x.agreed),
    agreementRate: Number(x.human) ? Number(x.agreed) / Number(x.human) : null,
  }));
}
