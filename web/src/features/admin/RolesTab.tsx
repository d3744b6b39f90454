// Roles and the permissions each carries (read-only: the table is code, reviewed as a permission change).
import { Table, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/index.tsx';
import { ROLE_PERMISSIONS, ROLE_VALUES, MFA_ROLES } from '../../lib/domain.ts';

export function RolesTab() {
  const { t, te } = useI18n();
  return (
    <>
      <Typography.Paragraph type="secondary">{t('admin.rolesHelp')}</Typography.Paragraph>
      <Table
        rowKey="role"
        size="small"
        pagination={false}
        dataSource={ROLE_VALUES.map((role) => ({ role, perms: ROLE_PERMISSIONS[role], mfa: MFA_ROLES.has(role) }))}
        columns={[
          { title: t('admin.role'), dataIndex: 'role', width: 160, render: (r: string) => <strong>{te('role', r)}</strong> },
          { title: t('admin.mfa'), dataIndex: 'mfa', width: 120, render: (m: boolean) => (m ? <Tag color="blue">{t('admin.mfaRequired')}</Tag> : '—') },
          { title: t('admin.permissions'), dataIndex: 'perms', render: (ps: readonly string[]) => ps.map((p) => <Tag key={p}>{p}</Tag>) },
        ]}
      />
    </>
  );
}
