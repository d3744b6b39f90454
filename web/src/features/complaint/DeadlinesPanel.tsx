// Every step's deadline: policy and statutory clocks, the effective due time, which binds, status, and the
// deadline engine's own explanation (working days, holidays skipped, pauses).
import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Deadline } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDateTime } from '../../lib/format.ts';
import { BindingTag, DueStatusTag, useRelative } from '../../ui/tags.tsx';

export function DeadlinesPanel({ deadlines }: { deadlines: Deadline[] }) {
  const { t, te, lang } = useI18n();
  const rel = useRelative();
  const columns: ColumnsType<Deadline> = [
    { title: t('deadline.step'), dataIndex: 'step', render: (s: string) => te('step', s), width: 100 },
    { title: t('deadline.policy'), dataIndex: 'policyDue', render: (v: string | null) => fmtDateTime(v, lang), width: 130 },
    { title: t('deadline.statutory'), dataIndex: 'statutoryDue', render: (v: string | null) => fmtDateTime(v, lang), width: 130 },
    {
      title: t('deadline.effective'),
      dataIndex: 'effectiveDue',
      width: 170,
      render: (v: string, d) => (
        <span className={`kesu-due-${d.status}`}>
          {fmtDateTime(v, lang)}
          {d.metAt ? null : <div className="kesu-muted">{rel(v)}</div>}
        </span>
      ),
    },
    { title: t('deadline.binding'), dataIndex: 'binding', render: (b: string) => <BindingTag binding={b} />, width: 100 },
    {
      title: t('deadline.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: string, d) => (
        <>
          <DueStatusTag status={s} />
          {d.metAt ? <div className="kesu-muted">{fmtDateTime(d.metAt, lang)}</div> : null}
        </>
      ),
    },
  ];
  return (
    <Table<Deadline>
      rowKey="step"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={deadlines}
      data-testid="deadlines"
      expandable={{
        expandedRowRender: (d) => <Typography.Paragraph style={{ margin: 0 }}>{(lang === 'en' ? d.explanation.explanation?.en : d.explanation.explanation?.zh) ?? '—'}</Typography.Paragraph>,
        rowExpandable: (d) => !!d.explanation.explanation,
        defaultExpandedRowKeys: deadlines.filter((d) => !d.metAt).slice(0, 1).map((d) => d.step),
      }}
    />
  );
}
