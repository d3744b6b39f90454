// Internal notes (staff only; never shown to the complainant).
import { useState } from 'react';
import { Alert, Button, Input, List, Space, Typography } from 'antd';
import { api, errorText } from '../../api/client.ts';
import { useApi } from '../../api/hooks.ts';
import type { Note } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../app/session.tsx';
import { fmtDateTime } from '../../lib/format.ts';

export function NotesPanel({ complaintId, onAdded }: { complaintId: string; onAdded: () => void }) {
  const { t, lang } = useI18n();
  const { can, me } = useSession();
  const notes = useApi<{ items: Note[] }>(`/complaints/${complaintId}/notes`);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = async () => {
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/complaints/${complaintId}/notes`, { body: text.trim() });
      setText('');
      notes.reload();
      onAdded();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="notes">
      <List
        size="small"
        loading={notes.loading}
        dataSource={notes.data?.items ?? []}
        locale={{ emptyText: t('notes.empty') }}
        renderItem={(n) => (
          <List.Item>
            <Space orientation="vertical" size={0} style={{ width: '100%' }}>
              <Typography.Paragraph className="kesu-pre" style={{ marginBottom: 2 }}>
                {n.body}
              </Typography.Paragraph>
              <span className="kesu-muted">
                {n.authorId && n.authorId === me?.id ? t('notes.byMe') : t('notes.byColleague')} · {fmtDateTime(n.createdAt, lang)}
              </span>
            </Space>
          </List.Item>
        )}
      />
      {can('complaint:note') ? (
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} autoSize={{ minRows: 1, maxRows: 5 }} placeholder={t('notes.placeholder')} data-testid="note-input" />
          <Button type="primary" onClick={() => void add()} loading={busy} disabled={!text.trim()} data-testid="note-add">
            {t('notes.add')}
          </Button>
        </Space.Compact>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} role="alert" /> : null}
    </div>
  );
}
