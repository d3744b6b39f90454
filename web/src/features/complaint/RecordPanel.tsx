// What has been recorded on the complaint so far: the decision notice, satisfaction, the review.
import { Descriptions, Typography } from 'antd';
import type { Complaint } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtAmount, fmtDateTime } from '../../lib/format.ts';

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);
const arr = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function RecordPanel({ complaint }: { complaint: Complaint }) {
  const { t, te, lang } = useI18n();
  const d = complaint.decision;
  const s = complaint.satisfaction;
  const r = complaint.review;
  const sep = lang === 'en' ? ', ' : '、';
  if (!d && !s && !r) return null;
  return (
    <div data-testid="records">
      {d ? (
        <Descriptions
          title={t('record.decision')}
          size="small"
          column={1}
          bordered
          style={{ marginBottom: 12 }}
          items={[
            { key: 'o', label: t('field.outcome'), children: te('outcome', str(d.outcome)) },
            { key: 'f', label: t('field.factsChecked'), children: <Typography.Paragraph className="kesu-pre" style={{ margin: 0 }}>{str(d.factsChecked) ?? '—'}</Typography.Paragraph> },
            { key: 'b', label: t('field.basisAndReasons'), children: <Typography.Paragraph className="kesu-pre" style={{ margin: 0 }}>{str(d.basisAndReasons) ?? '—'}</Typography.Paragraph> },
            { key: 'r', label: t('field.remedy'), children: <Typography.Paragraph className="kesu-pre" style={{ margin: 0 }}>{str(d.remedy) ?? '—'}</Typography.Paragraph> },
            ...(arr(d.remedyTypes).length ? [{ key: 'rt', label: t('field.remedyTypes'), children: arr(d.remedyTypes).map((x) => te('remedyType', x)).join(sep) }] : []),
            ...(typeof d.refundAmount === 'number' ? [{ key: 'ra', label: t('field.refundAmount'), children: fmtAmount(d.refundAmount, lang) }] : []),
            { key: 'ro', label: t('field.remediesOpen'), children: arr(d.remediesOpen).map((x) => te('remedyOpen', x)).join(sep) || '—' },
            { key: 'at', label: t('record.decidedAt'), children: fmtDateTime(str(d.decidedAt), lang) },
          ]}
        />
      ) : null}
      {s ? (
        <Descriptions
          title={t('record.satisfaction')}
          size="small"
          column={2}
          bordered
          style={{ marginBottom: 12 }}
          items={[
            { key: 'l', label: t('field.satisfaction'), children: te('satisfaction', str(s.level)), span: 2 },
            ...(['time', 'effect', 'communication', 'followUp'] as const)
              .filter((k) => typeof s[k] === 'number')
              .map((k) => ({ key: k, label: te('satisfactionScore', k), children: `${String(s[k])} / 5` })),
            ...(str(s.comment) ? [{ key: 'c', label: t('field.comment'), children: str(s.comment), span: 2 }] : []),
          ]}
        />
      ) : null}
      {r ? (
        <Descriptions
          title={t('record.review')}
          size="small"
          column={1}
          bordered
          items={[
            { key: 'q', label: t('field.reviewReason'), children: str(r.reason) ?? '—' },
            { key: 'qa', label: t('field.reviewReceivedAt'), children: fmtDateTime(str(r.requestedAt), lang) },
            ...(str(r.result) ? [{ key: 'res', label: t('field.reviewResult'), children: te('reviewResult', str(r.result)) }] : []),
            ...(str(r.reasons) ? [{ key: 'rs', label: t('field.reviewReasons'), children: str(r.reasons) }] : []),
          ]}
        />
      ) : null}
    </div>
  );
}
