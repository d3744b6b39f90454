// Administration: users (roles, MFA reset), org units, API keys, and the audit log — each tab only with its permission.
import { useState } from 'react';
import { Space, Tabs, Typography } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../app/session.tsx';
import { UsersTab } from './UsersTab.tsx';
import { OrgUnitsTab } from './OrgUnitsTab.tsx';
import { ApiKeysTab } from './ApiKeysTab.tsx';
import { AuditTab } from './AuditTab.tsx';
import { RolesTab } from './RolesTab.tsx';

export default function AdminPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const items = [
    ...(can('user:manage') ? [{ key: 'users', label: t('admin.users'), children: <UsersTab /> }] : []),
    ...(can('user:manage') ? [{ key: 'roles', label: t('admin.roleMatrix'), children: <RolesTab /> }] : []),
    ...(can('org:manage') ? [{ key: 'units', label: t('admin.units'), children: <OrgUnitsTab /> }] : []),
    ...(can('apikey:manage') ? [{ key: 'keys', label: t('admin.apiKeys'), children: <ApiKeysTab /> }] : []),
    ...(can('audit:read') ? [{ key: 'audit', label: t('admin.audit'), children: <AuditTab /> }] : []),
  ];
  const [tab, setTab] = useState(items[0]?.key ?? 'users');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('admin.title')}
      </Typography.Title>
      <Tabs activeKey={tab} onChange={setTab} items={items} destroyOnHidden />
    </Space>
  );
}
