// The working-day calendar: years covered, imported years, the adjusted-working-day switch, and importing a year
// (the JSON `POST /calendar/import` takes, pasted or from a file; the server's validation errors listed).
import { useState } from 'react';
import { App, Button, Descriptions, Space, Switch, Tag, Typography } from 'antd';
import { ImportOutlined } from '@ant-design/icons';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/hooks.ts';
import type { CalendarInfo } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDateTime } from '../../lib/format.ts';
import { AdminList, ErrorAlert, FormDialog, JsonField, parseJsonInput, useAction } from '../../ui/admin.tsx';

const EXAMPLE = JSON.stringify({ source: '…', years: { '2027': { holidays: ['2027-01-01', '2027-10-01'], workdays: ['2027-09-26'] } } }, null, 2);

export function CalendarTab() {
  const { t, lang } = useI18n();
  const info = useApi<CalendarInfo>('/calendar');
  const run = useAction();
  const { message } = App.useApp();
  const [importing, setImporting] = useState(false);
  const [text, setText] = useState('');
  const [switching, setSwitching] = useState(false);
  const cal = info.data;

  const submit = async () => {
    // Sent as written: the server's parser takes every form `kesu calendar import` reads (docs/deadlines.md).
    const body = parseJsonInput(text, t);
    const r = await api.post<{ years: number[] }>('/calendar/import', body);
    setText('');
    info.reload();
    message.success(t('calendar.imported', { years: r.years.join(', ') }));
  };

  const setAdjusted = async (enabled: boolean) => {
    setSwitching(true);
    await run(() => api.put('/calendar/settings', { adjustedWorkdaysAreWorkingDays: enabled }), t('common.saved'));
    setSwitching(false);
    info.reload();
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      {info.error ? <ErrorAlert error={info.error} /> : null}
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('calendar.coverage')}>
          <span data-testid="calendar-coverage">
            {(cal?.coverage ?? []).map((y) => (
              <Tag key={y}>{y}</Tag>
            ))}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('calendar.adjusted')}>
          <Space>
            <Switch checked={cal?.adjustedWorkdaysAreWorkingDays ?? true} disabled={!cal} loading={switching} onChange={(v) => void setAdjusted(v)} data-testid="calendar-adjusted" aria-label={t('calendar.adjusted')} />
            <Typography.Text type="secondary">{cal ? (cal.adjustedWorkdaysAreWorkingDays ? t('calendar.adjustedOn') : t('calendar.adjustedOff')) : null}</Typography.Text>
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <AdminList
        toolbar={
          <>
            <Button type="primary" icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="calendar-import">
              {t('calendar.import')}
            </Button>
            <Typography.Text type="secondary">{t('calendar.importHelp')}</Typography.Text>
          </>
        }
        loading={info.loading}
        rows={cal?.imported ?? []}
        rowKey="year"
        testId="calendar-years"
        locale={{ emptyText: t('calendar.noneImported') }}
        columns={[
          { title: t('calendar.year'), dataIndex: 'year', width: 90 },
          { title: t('calendar.source'), dataIndex: 'source', render: (v: string | null) => v ?? '—' },
          { title: t('calendar.holidays'), dataIndex: 'holidays', width: 110 },
          { title: t('calendar.workdays'), dataIndex: 'workdays', width: 130 },
          { title: t('calendar.importedAt'), dataIndex: 'importedAt', width: 170, render: (v: string) => fmtDateTime(v, lang) },
        ]}
      />
      <FormDialog open={importing} title={t('calendar.import')} onClose={() => setImporting(false)} onSubmit={submit} okText={t('calendar.importOk')} width={720} testId="calendar-dialog">
        <Typography.Paragraph type="secondary">{t('calendar.format')}</Typography.Paragraph>
        <JsonField value={text} onChange={setText} placeholder={EXAMPLE} testId="calendar-json" />
      </FormDialog>
    </Space>
  );
}
