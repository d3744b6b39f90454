// JR/T 0169 code tables: the versions loaded and the one in force (its codes below), loading a new version
// (JSON: version, channel, business, reason), optionally putting it in force at once, and putting a loaded version in
// force later (a staged one, or an earlier one to roll back to; confirmed).
import { useState } from 'react';
import { App, Button, Card, Popconfirm, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { ImportOutlined } from '@ant-design/icons';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/hooks.ts';
import type { CodeEntry, CodeTable, CodeTableVersion } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDateTime } from '../../lib/format.ts';
import { invalidateReference } from '../../ui/reference.ts';
import { AdminList, FormDialog, JsonField, parseJsonInput, useAction } from '../../ui/admin.tsx';

const EXAMPLE = JSON.stringify({ version: 'bank-2027.1', channel: [{ code: 'A01', zh: '…', en: '…' }], business: [{ code: 'B01', zh: '…', en: '…' }], reason: [{ code: 'C01', zh: '…', en: '…' }] }, null, 2);

export function CodeTablesTab({ editable }: { editable: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const list = useApi<{ versions: CodeTableVersion[]; active: CodeTable }>('/code-tables');
  const [loading, setLoading] = useState(false);
  const [text, setText] = useState('');
  const [activate, setActivate] = useState(true);
  const active = list.data?.active;
  const run = useAction();
  const putInForce = (v: CodeTableVersion) =>
    void run(() => api.post(`/code-tables/${encodeURIComponent(v.version)}/activate`), t('codes.activated', { version: v.version })).then((ok) => {
      if (!ok) return;
      invalidateReference('/code-tables');
      list.reload();
    });

  const submit = async () => {
    const table = parseJsonInput(text, t);
    const r = await api.post<{ version: string }>('/code-tables', { activate, table });
    message.success(t('codes.loaded', { version: r.version }));
    if (activate) invalidateReference('/code-tables');
    setText('');
    list.reload();
  };

  const codeColumns = [
    { title: t('codes.code'), dataIndex: 'code', width: 100 },
    { title: t('codes.name'), key: 'name', render: (_v: unknown, e: CodeEntry) => (lang === 'en' ? e.en : e.zh) },
    { title: t('codes.nameOther'), key: 'other', render: (_v: unknown, e: CodeEntry) => (lang === 'en' ? e.zh : e.en) },
    { title: t('codes.parent'), dataIndex: 'parent', width: 100, render: (v: string | undefined) => v ?? '—' },
  ];

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <AdminList<CodeTableVersion>
        toolbar={
          editable ? (
            <Button
              type="primary"
              icon={<ImportOutlined />}
              onClick={() => {
                setActivate(true);
                setLoading(true);
              }}
              data-testid="codes-load"
            >
              {t('codes.load')}
            </Button>
          ) : null
        }
        error={list.error}
        loading={list.loading}
        rows={[...(list.data?.versions ?? [])].reverse()}
        rowKey="version"
        testId="codes-versions"
        columns={[
          { title: t('codes.version'), dataIndex: 'version', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('admin.status'), dataIndex: 'active', render: (v: boolean) => (v ? <Tag color="green">{t('codes.inForce')}</Tag> : <Tag>{t('codes.notInForce')}</Tag>) },
          { title: t('codes.loadedAt'), dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v, lang) },
          { title: t('codes.loadedBy'), dataIndex: 'loadedBy', render: (v: string | null, r) => r.loadedByName ?? (v === 'system' ? t('codes.loadedBySystem') : v) ?? '—' },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'act',
                  render: (_v: unknown, r: CodeTableVersion) =>
                    r.active ? null : (
                      <Popconfirm title={t('codes.activateConfirm', { version: r.version })} onConfirm={() => putInForce(r)} okText={t('common.ok')} cancelText={t('common.cancel')}>
                        <Button size="small" data-testid={`codes-activate-${r.version}`}>
                          {t('codes.putInForce')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
      {active ? (
        <Card size="small" title={t('codes.activeTitle', { version: active.version })}>
          <Tabs
            size="small"
            items={(['channel', 'business', 'reason'] as const).map((k) => ({
              key: k,
              label: t(`codes.kind.${k}`, { n: active[k].length }),
              children: <Table<CodeEntry> size="small" rowKey="code" pagination={{ pageSize: 20, hideOnSinglePage: true }} dataSource={active[k]} columns={codeColumns} />,
            }))}
          />
        </Card>
      ) : null}
      <FormDialog open={loading} title={t('codes.load')} onClose={() => setLoading(false)} onSubmit={submit} okText={t('codes.loadOk')} width={720} testId="codes-dialog">
        <Typography.Paragraph type="secondary">{t('codes.format')}</Typography.Paragraph>
        <JsonField value={text} onChange={setText} placeholder={EXAMPLE} testId="codes-json" />
        <Space style={{ marginTop: 12 }}>
          <Switch checked={activate} onChange={setActivate} aria-label={t('codes.activate')} />
          <span>{t('codes.activate')}</span>
        </Space>
      </FormDialog>
    </Space>
  );
}
