// The org-unit tree: head office → branches → sub-branches → outlets (and departments).
import { useMemo, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api, errorText } from '../../api/client.ts';
import { useApi } from '../../api/hooks.ts';
import type { OrgUnit } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ORG_LEVELS } from '../../lib/domain.ts';
import { invalidateReference } from '../../ui/reference.ts';

type Node = OrgUnit & { children?: Node[] };

function tree(units: OrgUnit[]): Node[] {
  const byId = new Map<string, Node>(units.map((u) => [u.id, { ...u }]));
  const roots: Node[] = [];
  for (const n of byId.values()) {
    const p = n.parentId ? byId.get(n.parentId) : undefined;
    if (p) (p.children ??= []).push(n);
    else roots.push(n);
  }
  return roots;
}

export function OrgUnitsTab() {
  const { t, te } = useI18n();
  const { message } = App.useApp();
  const list = useApi<{ items: OrgUnit[] }>('/org-units');
  const data = useMemo(() => tree(list.data?.items ?? []), [list.data]);
  const [editing, setEditing] = useState<{ unit: OrgUnit | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();

  const open = (unit: OrgUnit | null) => {
    setError(null);
    form.resetFields();
    form.setFieldsValue(unit ? { name: unit.name, nameEn: unit.nameEn ?? '', active: unit.active } : { level: 'sub_branch' });
    setEditing({ unit });
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
      const nameEn = typeof v.nameEn === 'string' && v.nameEn.trim() ? v.nameEn.trim() : null;
      if (editing.unit) await api.patch(`/org-units/${editing.unit.id}`, { name: v.name, nameEn, active: v.active });
      else await api.post('/org-units', { code: v.code, name: v.name, ...(nameEn ? { nameEn } : {}), level: v.level, ...(v.parentId ? { parentId: v.parentId } : {}) });
      message.success(t('common.saved'));
      invalidateReference('/org-units');
      setEditing(null);
      list.reload();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => open(null)}>
        {t('admin.newUnit')}
      </Button>
      {list.error ? <Alert type="error" showIcon title={list.error.message} /> : null}
      {data.length ? (
        <Table<Node>
          rowKey="id"
          size="middle"
          dataSource={data}
          pagination={false}
          expandable={{ defaultExpandAllRows: true }}
          columns={[
            { title: t('admin.unitName'), dataIndex: 'name' },
            { title: t('admin.unitCode'), dataIndex: 'code' },
            { title: t('admin.unitNameEn'), dataIndex: 'nameEn', render: (v: string | null) => v ?? '—' },
            { title: t('admin.level'), dataIndex: 'level', render: (v: string) => te('level', v) },
            { title: t('admin.status'), dataIndex: 'active', render: (v: boolean) => (v ? <Tag color="green">{t('admin.active')}</Tag> : <Tag>{t('admin.inactive')}</Tag>) },
            { title: '', key: 'act', render: (_v, u) => <Button size="small" onClick={() => open(u)}>{t('common.edit')}</Button> },
          ]}
        />
      ) : null}
      <Modal open={!!editing} title={editing?.unit ? t('admin.editUnit', { unit: editing.unit.name }) : t('admin.newUnit')} onCancel={() => setEditing(null)} onOk={() => void save()} confirmLoading={busy} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
        <Form form={form} layout="vertical">
          {editing?.unit ? null : (
            <>
              <Form.Item name="code" label={t('admin.unitCode')} rules={[{ required: true, message: t('form.required') }, { pattern: /^[A-Za-z0-9_-]{1,32}$/, message: t('admin.unitCodeRule') }]}>
                <Input />
              </Form.Item>
              <Form.Item name="level" label={t('admin.level')} rules={[{ required: true, message: t('form.required') }]}>
                <Select options={ORG_LEVELS.map((l) => ({ value: l, label: te('level', l) }))} />
              </Form.Item>
              <Form.Item name="parentId" label={t('admin.parentUnit')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(list.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }))} />
              </Form.Item>
            </>
          )}
          <Form.Item name="name" label={t('admin.unitName')} rules={[{ required: true, message: t('form.required') }, { max: 100, message: t('form.tooLong', { n: 100 }) }]}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('admin.unitNameEn')} rules={[{ max: 100, message: t('form.tooLong', { n: 100 }) }]}>
            <Input />
          </Form.Item>
          {editing?.unit ? (
            <Form.Item name="active" label={t('admin.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : null}
        </Form>
        {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
      </Modal>
    </Space>
  );
}
