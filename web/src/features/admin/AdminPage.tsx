// Administration: users (roles, MFA reset), org units, API keys, the audit log, and the policy data — calendar, SLA
// policy, routing rules, code tables, notification templates, classifier models — each tab only with its permission.
import { useState } from 'react';
import { Space, Tabs, Typography } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../app/session.tsx';
import { UsersTab } from './UsersTab.tsx';
import { OrgUnitsTab } from './OrgUnitsTab.tsx';
import { ApiKeysTab } from './ApiKeysTab.tsx';
import { AuditTab } from './AuditTab.tsx';
import { RolesTab } from './RolesTab.tsx';
import { CalendarTab } from './CalendarTab.tsx';
import { SlaPolicyTab } from './SlaPolicyTab.tsx';
import { RoutingRulesTab } from './RoutingRulesTab.tsx';
import { CodeTablesTab } from './CodeTablesTab.tsx';
import { TemplatesTab } from './TemplatesTab.tsx';
import { ModelsTab } from './ModelsTab.tsx';

export default function AdminPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const items = [
    ...(can('user:manage') ? [{ key: 'users', label: t('admin.users'), children: <UsersTab /> }] : []),
    ...(can('user:manage') ? [{ key: 'roles', label: t('admin.roleMatrix'), children: <RolesTab /> }] : []),
    ...(can('org:manage') ? [{ key: 'units', label: t('admin.units'), children: <OrgUnitsTab /> }] : []),
    ...(can('apikey:manage') ? [{ key: 'keys', label: t('admin.apiKeys'), children: <ApiKeysTab /> }] : []),
    ...(can('audit:read') ? [{ key: 'audit', label: t('admin.audit'), children: <AuditTab /> }] : []),
    ...(can('calendar:manage') ? [{ key: 'calendar', label: t('admin.calendar'), children: <CalendarTab /> }] : []),
    ...(can('policy:manage') ? [{ key: 'sla', label: t('admin.sla'), children: <SlaPolicyTab editable /> }] : []),
    ...(can('policy:manage') ? [{ key: 'routing', label: t('admin.routing'), children: <RoutingRulesTab /> }] : []),
    ...(can('codetable:manage') ? [{ key: 'codes', label: t('admin.codes'), children: <CodeTablesTab editable /> }] : []),
    ...(can('template:manage', 'notification:manage') ? [{ key: 'templates', label: t('admin.templates'), children: <TemplatesTab templates={can('template:manage')} deadLetters={can('notification:manage')} /> }] : []),
    ...(can('model:manage') ? [{ key: 'models', label: t('admin.models'), children: <ModelsTab agreement={can('report:read')} /> }] : []),
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
