// Staff users: create, change roles / unit / status / work e-mail, unlock, reset the second factor. The work e-mail
// (where staff notices are mailed) comes back masked: the edit form never holds the address, it only replaces or
// removes it.
import { useState } from 'react';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, errorText } from '../../api/client.ts';
import { ErrorAlert } from '../../ui/admin.tsx';
import { useApi } from '../../api/hooks.ts';
import type { User } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fmtDateTime } from '../../lib/format.ts';
import { ROLE_VALUES } from '../../lib/domain.ts';
import { useOrgUnits } from '../../ui/reference.ts';

interface Editing {
  user: User | null;
}

export function UsersTab() {
  const { t, te, lang } = useI18n();
  const { message } = App.useApp();
  const users = useApi<{ items: User[] }>('/users?limit=500');
  const units = useOrgUnits();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm();
  const clearEmail = Form.useWatch('clearEmail', form) === true;
  const unitOptions = units.map((u) => ({ value: u.id, label: `${lang === 'en' && u.nameEn ? u.nameEn : u.name} (${u.code})` }));
  const unitName = (id: string) => unitOptions.find((o) => o.value === id)?.label ?? '—';

  const open = (user: User | null) => {
    setError(null);
    form.resetFields();
    form.setFieldsValue(user ? { displayName: user.displayName, roles: user.roles, orgUnitId: user.orgUnitId, active: user.status === 'active', unlock: false, email: '', clearEmail: false } : { roles: [], active: true, email: '' });
    setEditing({ user });
  };

  const save = async () => {
    if (!editing) return;
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const email = typeof v.email === 'string' ? v.email.trim() : '';
      if (editing.user) {
        // Empty keeps the address (the server takes '' as "remove"); the checkbox removes it; text replaces it.
        const emailPatch = v.clearEmail ? { email: null } : email ? { email } : {};
        await api.patch(`/users/${editing.user.id}`, { displayName: v.displayName, roles: v.roles, orgUnitId: v.orgUnitId, status: v.active ? 'active' : 'disabled', ...emailPatch, ...(v.unlock ? { unlock: true } : {}) });
      } else {
        await api.post('/users', { username: v.username, displayName: v.displayName, orgUnitId: v.orgUnitId, roles: v.roles, password: v.password, ...(email ? { email } : {}) });
      }
      message.success(t('common.saved'));
      setEditing(null);
      users.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const resetMfa = async (u: User) => {
    try {
      await api.post(`/users/${u.id}/mfa-reset`);
      message.success(t('admin.mfaResetDone', { user: u.username }));
      users.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => open(null)}>
        {t('admin.newUser')}
      </Button>
      {users.error ? <Alert type="error" showIcon title={users.error.message} /> : null}
      <Table<User>
        rowKey="id"
        size="middle"
        loading={users.loading}
        dataSource={users.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('auth.username'), dataIndex: 'username' },
          { title: t('admin.displayName'), dataIndex: 'displayName' },
          { title: t('admin.unit'), dataIndex: 'orgUnitId', render: unitName },
          { title: t('admin.email'), dataIndex: 'email', render: (v: string | null) => (v ? <span data-testid="user-email">{v}</span> : <Typography.Text type="secondary">{t('admin.emailNone')}</Typography.Text>) },
          { title: t('admin.roles'), dataIndex: 'roles', render: (rs: string[]) => rs.map((r) => <Tag key={r}>{te('role', r)}</Tag>) },
          { title: t('admin.status'), dataIndex: 'status', render: (s: string, u) => <>{<Tag color={s === 'active' ? 'green' : 'default'}>{te('userStatus', s)}</Tag>}{u.lockedUntil ? <Tag color="red">{t('admin.lockedUntil', { at: fmtDateTime(u.lockedUntil, lang) })}</Tag> : null}</> },
          { title: t('admin.mfa'), dataIndex: 'mfaEnabled', render: (v: boolean) => (v ? <Tag color="blue">{t('admin.mfaOn')}</Tag> : <Tag>{t('admin.mfaOff')}</Tag>) },
          {
            title: '',
            key: 'act',
            render: (_v, u) => (
              <Space>
                <Button size="small" onClick={() => open(u)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm title={t('admin.mfaResetConfirm', { user: u.username })} onConfirm={() => void resetMfa(u)} okText={t('common.ok')} cancelText={t('common.cancel')}>
                  <Button size="small" danger disabled={!u.mfaEnabled}>
                    {t('admin.mfaReset')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={!!editing} title={editing?.user ? t('admin.editUser', { user: editing.user.username }) : t('admin.newUser')} onCancel={() => setEditing(null)} onOk={() => void save()} confirmLoading={busy} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
        <Form form={form} layout="vertical">
          {editing?.user ? null : (
            <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('form.required') }, { pattern: /^[A-Za-z0-9._-]{3,64}$/, message: t('admin.usernameRule') }]}>
              <Input autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item name="displayName" label={t('admin.displayName')} rules={[{ required: true, message: t('form.required') }, { max: 100, message: t('form.tooLong', { n: 100 }) }]}>
            <Input />
          </Form.Item>
          <Form.Item name="orgUnitId" label={t('admin.unit')} rules={[{ required: true, message: t('form.required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
          </Form.Item>
          <Form.Item
            name="email"
            label={t('admin.email')}
            rules={[{ max: 254, message: t('admin.emailTooLong') }]}
            extra={
              <>
                {editing?.user?.email ? <div data-testid="user-email-current">{t('admin.emailCurrent', { email: editing.user.email })}</div> : null}
                <div>{t('admin.emailHelp')}</div>
              </>
            }
          >
            <Input inputMode="email" autoComplete="off" disabled={clearEmail} placeholder={editing?.user?.email ?? 'name@example.com'} data-testid="user-email-input" />
          </Form.Item>
          {editing?.user?.email ? (
            <Form.Item name="clearEmail" valuePropName="checked" style={{ marginTop: -8 }}>
              <Checkbox data-testid="user-email-clear">{t('admin.emailClear')}</Checkbox>
            </Form.Item>
          ) : null}
          <Form.Item name="roles" label={t('admin.roles')}>
            <Select mode="multiple" options={ROLE_VALUES.map((r) => ({ value: r, label: te('role', r) }))} />
          </Form.Item>
          {editing?.user ? (
            <>
              <Form.Item name="active" label={t('admin.active')} valuePropName="checked">
                <Switch />
              </Form.Item>
              {editing.user.lockedUntil ? (
                <Form.Item name="unlock" label={t('admin.unlock')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              ) : null}
            </>
          ) : (
            <Form.Item name="password" label={t('admin.initialPassword')} rules={[{ required: true, message: t('form.required') }, { min: 12, message: t('form.tooShort', { n: 12 }) }]} extra={t('admin.passwordHint')}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
        </Form>
        {error ? <ErrorAlert error={error} testId="user-form-error" /> : null}
      </Modal>
    </Space>
  );
}
