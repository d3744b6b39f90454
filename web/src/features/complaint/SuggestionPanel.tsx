// The classifier's suggestion with its confidence: accept it as it is, or override it in the classify form.
import { Button, Descriptions, Progress, Space, Tag, Typography } from 'antd';
import type { Complaint } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCodeTable } from '../../ui/reference.ts';

export function SuggestionPanel({ complaint, canClassify, onClassify }: { complaint: Complaint; canClassify: boolean; onClassify: (initial?: Record<string, unknown>) => void }) {
  const { t, te, lang } = useI18n();
  const codes = useCodeTable();
  const s = complaint.suggestion;
  if (!s || !s.category) return <Typography.Text type="secondary">{t('suggestion.none')}</Typography.Text>;
  const label = (axis: 'reason' | 'business', code: string | null | undefined) => {
    if (!code) return '—';
    const e = codes?.[axis].find((c) => c.code === code);
    return e ? `${code} ${lang === 'en' ? e.en : e.zh}` : code;
  };
  const pct = (x: number | undefined) => (typeof x === 'number' ? Math.round(x * 100) : null);
  const conf = (x: number | undefined) => {
    const p = pct(x);
    return p === null ? null : <Progress percent={p} size="small" style={{ width: 140, margin: 0 }} status={p < 60 ? 'exception' : 'normal'} format={(v) => `${v}%`} />;
  };
  return (
    <div data-testid="suggestion">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'c', label: t('field.category'), children: <Space>{te('category', s.category)}{conf(s.categoryConfidence)}</Space> },
          { key: 'r', label: t('field.reasonCode'), children: <Space>{label('reason', s.reasonCode)}{conf(s.reasonConfidence)}</Space> },
          { key: 'b', label: t('field.businessCode'), children: <Space>{label('business', s.businessCode)}{conf(s.businessConfidence)}</Space> },
          {
            key: 'u',
            label: t('field.urgency'),
            children: (
              <Space wrap>
                <Tag color={s.urgency === 'critical' ? 'red' : s.urgency === 'high' ? 'orange' : 'default'}>{te('urgency', s.urgency ?? 'normal')}</Tag>
                {(s.urgencyReasons ?? []).map((r) => (
                  <Tag key={r}>{r}</Tag>
                ))}
              </Space>
            ),
          },
          ...(s.modelVersion ? [{ key: 'm', label: t('suggestion.model'), children: <span className="kesu-muted">{s.modelVersion}</span> }] : []),
        ]}
      />
      {canClassify ? (
        <Space style={{ marginTop: 8 }}>
          <Button
            type="primary"
            ghost
            data-testid="suggestion-accept"
            onClick={() =>
              onClassify({
                category: s.category,
                ...(s.reasonCode ? { reasonCode: s.reasonCode } : {}),
                ...(s.businessCode ? { businessCode: s.businessCode } : {}),
              })
            }
          >
            {t('suggestion.accept')}
          </Button>
          <Button onClick={() => onClassify()}>{t('suggestion.override')}</Button>
        </Space>
      ) : null}
    </div>
  );
}
