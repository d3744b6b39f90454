// API keys for integrations: create (the token is shown once), revoke.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, errorText } from '../../api/client.ts';
import { useApi } from '../../api/hooks.ts';
import type { ApiKey } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDateTime } from '../../lib/format.ts';
import { API_KEY_SCOPES } from '../../lib/domain.ts';
import { useOrgUnits } from '../../ui/reference.ts';

export function ApiKeysTab() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const keys = useApi<{ items: ApiKey[] }>('/api-keys');
  const units = useOrgUnits();
  const [creating, setCreating] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ name: string; scopes: string[]; orgUnitId?: string }>();

  const create = async () => {
    let v: { name: string; scopes: string[]; orgUnitId?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<ApiKey & { token: string }>('/api-keys', { name: v.name.trim(), scopes: v.scopes, ...(v.orgUnitId ? { orgUnitId: v.orgUnitId } : {}) });
      setCreating(false);
      setToken(r.token);
      keys.reload();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (k: ApiKey) => {
    try {
      await api.del(`/api-keys/${k.id}`);
      message.success(t('admin.keyRevoked', { name: k.name }));
      keys.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => {
          form.resetFields();
          setError(null);
          setCreating(true);
        }}
      >
        {t('admin.newKey')}
      </Button>
      {keys.error ? <Alert type="error" showIcon title={keys.error.message} /> : null}
      <Table<ApiKey>
        rowKey="id"
        size="middle"
        loading={keys.loading}
        dataSource={keys.data?.items ?? []}
        pagination={false}
        columns={[
          { title: t('admin.keyName'), dataIndex: 'name' },
          { title: t('admin.keyPrefix'), dataIndex: 'prefix', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('admin.keyScopes'), dataIndex: 'scopes', render: (s: string[]) => s.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('admin.created'), dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v, lang) },
          { title: t('admin.lastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => fmtDateTime(v, lang) },
          { title: t('admin.status'), dataIndex: 'revokedAt', render: (v: string | null) => (v ? <Tag>{t('admin.revokedAt', { at: fmtDateTime(v, lang) })}</Tag> : <Tag color="green">{t('admin.active')}</Tag>) },
          {
            title: '',
            key: 'act',
            render: (_v, k) =>
              k.revokedAt ? null : (
                <Popconfirm title={t('admin.revokeConfirm', { name: k.name })} onConfirm={() => void revoke(k)} okText={t('common.ok')} cancelText={t('common.cancel')}>
                  <Button size="small" danger>
                    {t('admin.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={creating} title={t('admin.newKey')} onCancel={() => setCreating(false)} onOk={() => void create()} confirmLoading={busy} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ scopes: ['complaint:create'] }}>
          <Form.Item name="name" label={t('admin.keyName')} rules={[{ required: true, whitespace: true, message: t('form.required') }, { max: 100, message: t('form.tooLong', { n: 100 }) }]}>
            <Input />
          </Form.Item>
          <Form.Item name="scopes" label={t('admin.keyScopes')} rules={[{ required: true, type: 'array', min: 1, message: t('form.required') }]}>
            <Select mode="multiple" options={API_KEY_SCOPES.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
          <Form.Item name="orgUnitId" label={t('admin.keyUnit')}>
            <Select allowClear options={units.map((u) => ({ value: u.id, label: `${lang === 'en' && u.nameEn ? u.nameEn : u.name} (${u.code})` }))} />
          </Form.Item>
        </Form>
        {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
      </Modal>
      <Modal open={!!token} title={t('admin.keyCreated')} onCancel={() => setToken(null)} footer={<Button type="primary" onClick={() => setToken(null)}>{t('admin.keySaved')}</Button>}>
        <Alert type="warning" showIcon title={t('admin.keyOnce')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }}>
          {token}
        </Typography.Paragraph>
      </Modal>
    </Space>
  );
}
