// Routing rules: territory (an org unit's subtree), business line, category, channel → handling unit. The lowest
// priority number wins, then the most specific rule; with none, the receiving unit keeps the complaint. A rule is
// added, edited in place (the same dialog, filled with the rule) or deleted.
import { useState } from 'react';
import { App, Button, Form, InputNumber, Popconfirm, Select, Space, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/hooks.ts';
import type { RoutingRule } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { CATEGORY_VALUES, CHANNEL_VALUES } from '../../lib/domain.ts';
import { useCodeTable, useOrgUnits } from '../../ui/reference.ts';
import { AdminList, FormDialog, useAction } from '../../ui/admin.tsx';

interface RuleForm {
  orgUnitId?: string;
  businessCode?: string;
  category?: string;
  channel?: string;
  targetUnitId: string;
  priority: number;
}

export function RoutingRulesTab() {
  const { t, te, lang } = useI18n();
  const { message } = App.useApp();
  const rules = useApi<{ items: RoutingRule[] }>('/routing-rules');
  const units = useOrgUnits();
  const codes = useCodeTable();
  const run = useAction();
  const [adding, setAdding] = useState(false);
  /** The rule being edited; null while adding a new one. */
  const [editing, setEditing] = useState<RoutingRule | null>(null);
  const [form] = Form.useForm<RuleForm>();
  const unitOptions = units.map((u) => ({ value: u.id, label: `${lang === 'en' && u.nameEn ? u.nameEn : u.name} (${u.code})` }));
  const unitName = (id: string | null) => (id ? (unitOptions.find((o) => o.value === id)?.label ?? id) : null);
  const businessName = (code: string | null) => {
    if (!code) return null;
    const e = codes?.business.find((b) => b.code === code);
    return e ? `${code} ${lang === 'en' ? e.en : e.zh}` : code;
  };
  const any = <Typography.Text type="secondary">{t('routing.any')}</Typography.Text>;

  const save = async () => {
    const v = await form.validateFields();
    // A condition left empty means "any" (for an edit too: the rule is replaced as a whole).
    const body = {
      priority: v.priority,
      targetUnitId: v.targetUnitId,
      ...(v.orgUnitId ? { orgUnitId: v.orgUnitId } : {}),
      ...(v.businessCode ? { businessCode: v.businessCode } : {}),
      ...(v.category ? { category: v.category } : {}),
      ...(v.channel ? { channel: v.channel } : {}),
    };
    if (editing) await api.put(`/routing-rules/${editing.id}`, body);
    else await api.post('/routing-rules', body);
    message.success(t(editing ? 'routing.updated' : 'routing.added'));
    rules.reload();
  };
  const startEdit = (r: RoutingRule) => {
    form.resetFields();
    form.setFieldsValue({ priority: r.priority, targetUnitId: r.targetUnitId, ...(r.orgUnitId ? { orgUnitId: r.orgUnitId } : {}), ...(r.businessCode ? { businessCode: r.businessCode } : {}), ...(r.category ? { category: r.category } : {}), ...(r.channel ? { channel: r.channel } : {}) });
    setEditing(r);
    setAdding(true);
  };

  return (
    <>
      <AdminList<RoutingRule>
        toolbar={
          <>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                form.resetFields();
                setEditing(null);
                setAdding(true);
              }}
              data-testid="routing-add"
            >
              {t('routing.add')}
            </Button>
            <Typography.Text type="secondary">{t('routing.help')}</Typography.Text>
          </>
        }
        error={rules.error}
        loading={rules.loading}
        rows={rules.data?.items ?? []}
        rowKey="id"
        testId="routing-table"
        locale={{ emptyText: t('routing.none') }}
        columns={[
          { title: t('routing.priority'), dataIndex: 'priority', width: 90 },
          { title: t('routing.territory'), dataIndex: 'orgUnitId', render: (v: string | null) => unitName(v) ?? any },
          { title: t('routing.business'), dataIndex: 'businessCode', render: (v: string | null) => businessName(v) ?? any },
          { title: t('routing.category'), dataIndex: 'category', render: (v: string | null) => (v ? te('category', v) : any) },
          { title: t('routing.channel'), dataIndex: 'channel', render: (v: string | null) => (v ? te('channel', v) : any) },
          { title: t('routing.target'), dataIndex: 'targetUnitId', render: (v: string) => <strong>{unitName(v)}</strong> },
          {
            title: '',
            key: 'act',
            width: 150,
            render: (_v, r) => (
              <Space size="small">
                <Button size="small" onClick={() => startEdit(r)} data-testid="routing-edit">
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('routing.deleteConfirm')}
                  onConfirm={() => void run(() => api.del(`/routing-rules/${r.id}`), t('routing.deleted')).then((ok) => ok && rules.reload())}
                  okText={t('common.ok')}
                  cancelText={t('common.cancel')}
                >
                  <Button size="small" danger data-testid="routing-delete">
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <FormDialog open={adding} title={t(editing ? 'routing.edit' : 'routing.add')} onClose={() => setAdding(false)} onSubmit={save} testId="routing-dialog">
        <Form form={form} layout="vertical" initialValues={{ priority: 100 }}>
          <Form.Item name="orgUnitId" label={t('routing.territory')} extra={t('routing.territoryHelp')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={unitOptions} placeholder={t('routing.any')} data-testid="routing-territory" />
          </Form.Item>
          <Form.Item name="businessCode" label={t('routing.business')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(codes?.business ?? []).map((b) => ({ value: b.code, label: `${b.code} ${lang === 'en' ? b.en : b.zh}` }))} placeholder={t('routing.any')} data-testid="routing-business" />
          </Form.Item>
          <Form.Item name="category" label={t('routing.category')}>
            <Select allowClear options={CATEGORY_VALUES.map((c) => ({ value: c, label: te('category', c) }))} placeholder={t('routing.any')} />
          </Form.Item>
          <Form.Item name="channel" label={t('routing.channel')}>
            <Select allowClear options={CHANNEL_VALUES.map((c) => ({ value: c, label: te('channel', c) }))} placeholder={t('routing.any')} />
          </Form.Item>
          <Form.Item name="targetUnitId" label={t('routing.target')} rules={[{ required: true, message: t('form.required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} data-testid="routing-target" />
          </Form.Item>
          <Form.Item name="priority" label={t('routing.priority')} extra={t('routing.priorityHelp')} rules={[{ required: true, message: t('form.required') }]}>
            <InputNumber min={0} max={10000} precision={0} style={{ width: 160 }} />
          </Form.Item>
        </Form>
      </FormDialog>
    </>
  );
}
