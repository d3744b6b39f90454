// The complaint's audit trail as readable events (who, when, what), newest last.
import { Timeline, Typography } from 'antd';
import type { TimelineEntry } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDateTime } from '../../lib/format.ts';

const COLOURS: Record<string, string> = { SLA_BREACHED: 'red', SLA_AT_RISK: 'orange', CUSTOMER_PII_VIEWED: 'gray', COMPLAINT_CLOSED: 'green' };
const ENUMS: Partial<Record<string, string>> = { outcome: 'outcome', category: 'category', channel: 'channel' };
const SHOWN = ['reason', 'note', 'outcome', 'channel', 'category', 'level', 'extensionLevel', 'fields'] as const;

export function TimelinePanel({ items }: { items: TimelineEntry[] }) {
  const { t, te, lang } = useI18n();
  if (!items.length) return <Typography.Text type="secondary">{t('timeline.empty')}</Typography.Text>;
  return (
    <div data-testid="timeline">
      <Timeline
        items={items.map((e) => {
          const details = SHOWN.flatMap((k) => {
            const v = e.data[k];
            if (typeof v === 'string' && v) return [`${te('timelineField', k)}: ${ENUMS[k] ? te(k === 'channel' && e.kind === 'RESULT_FEEDBACK_SENT' ? 'feedbackChannel' : ENUMS[k]!, v) : v}`];
            if (typeof v === 'number') return [`${te('timelineField', k)}: ${v}`];
            if (Array.isArray(v) && v.length) return [`${te('timelineField', k)}: ${v.map((x) => (k === 'fields' ? te('piiField', String(x)) : String(x))).join(lang === 'en' ? ', ' : '、')}`];
            return [];
          });
          return {
            key: e.id,
            color: COLOURS[e.kind] ?? 'blue',
            content: (
              <div data-kind={e.kind}>
                <div>
                  <strong>{lang === 'en' ? e.label.en : e.label.zh}</strong> <span className="kesu-muted">{fmtDateTime(e.at, lang)}</span>
                </div>
                <div className="kesu-muted">{e.actor.name ?? te('actorType', e.actor.type)}</div>
                {details.map((d) => (
                  <div key={d} className="kesu-pre" style={{ fontSize: 12 }}>
                    {d}
                  </div>
                ))}
              </div>
            ),
          };
        })}
      />
    </div>
  );
}
