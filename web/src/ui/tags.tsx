// Small shared pieces: state and status tags, due-time cells with both clocks, error results.
import { Alert, Result, Space, Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { fmtDateTime, durationParts } from '../lib/format.ts';
import type { ApiError } from '../api/client.ts';
import type { Deadline, DueBrief } from '../api/types.ts';

const STATE_COLOURS: Record<string, string> = {
  registered: 'default',
  accepted: 'cyan',
  classified: 'geekblue',
  assigned: 'blue',
  in_progress: 'processing',
  awaiting_info: 'warning',
  decided: 'purple',
  feedback_sent: 'lime',
  review_requested: 'magenta',
  review_decided: 'purple',
  followed_up: 'green',
  closed: 'success',
  archived: 'default',
  merged: 'default',
};

export function StateTag({ state }: { state: string }) {
  const { te } = useI18n();
  return (
    <Tag color={STATE_COLOURS[state] ?? 'default'} data-state={state}>
      {te('state', state)}
    </Tag>
  );
}

const STATUS_COLOURS: Record<string, string> = { ok: 'blue', at_risk: 'orange', breached: 'red', met: 'green' };

export function DueStatusTag({ status }: { status: string }) {
  const { te } = useI18n();
  return <Tag color={STATUS_COLOURS[status] ?? 'default'}>{te('dueStatus', status)}</Tag>;
}

export function BindingTag({ binding }: { binding: string }) {
  const { te } = useI18n();
  return <Tag color={binding === 'statutory' ? 'volcano' : binding === 'referral' ? 'gold' : 'default'}>{te('binding', binding)}</Tag>;
}

export function useRelative() {
  const { t } = useI18n();
  return (iso: string, now: number = Date.now()): string => {
    const ms = new Date(iso).getTime() - now;
    const text = durationParts(ms)
      .map(([u, n]) => t(`unit.${u}`, { n }))
      .join(' ');
    return ms >= 0 ? t('due.left', { d: text }) : t('due.overdue', { d: text });
  };
}

/** The next deadline of a complaint: effective due (colour by status), which clock binds, and the other clock. */
export function DueCell({ due, statutoryDue, fallbackIso, breached }: { due: DueBrief | Deadline | null; statutoryDue?: string | null; fallbackIso?: string | null; breached?: boolean }) {
  const { t, te, lang } = useI18n();
  const rel = useRelative();
  if (!due) {
    if (!fallbackIso) return <span className="kesu-muted">—</span>;
    return <span className={breached ? 'kesu-due-breached' : undefined}>{fmtDateTime(fallbackIso, lang)}</span>;
  }
  const status = due.status;
  const other = due.binding === 'statutory' ? due.policyDue : (due.statutoryDue ?? statutoryDue ?? null);
  return (
    <Space orientation="vertical" size={0} data-due-status={status}>
      <Tooltip title={`${te('step', due.step)} · ${te('binding', due.binding)}`}>
        <span className={`kesu-due-${status}`}>
          {fmtDateTime(due.effectiveDue, lang)} <span className="kesu-muted">({rel(due.effectiveDue)})</span>
        </span>
      </Tooltip>
      <span className="kesu-muted">
        {te('step', due.step)} · {te('binding', due.binding)}
        {status === 'at_risk' || status === 'breached' ? <> · {te('dueStatus', status)}</> : null}
      </span>
      {other ? (
        <span className="kesu-muted">
          {due.binding === 'statutory' ? t('due.policyClock') : t('due.statutoryClock')}: {fmtDateTime(other, lang)}
        </span>
      ) : null}
    </Space>
  );
}

export function ErrorResult({ error, notFoundTitle }: { error: ApiError; notFoundTitle?: string }) {
  const { t } = useI18n();
  if (error.status === 404) return <Result status="404" title={notFoundTitle ?? t('common.notFound')} subTitle={error.message} />;
  if (error.status === 403) return <Result status="403" title={t('common.noAccess')} subTitle={error.message} />;
  return <Alert type="error" showIcon title={error.message} role="alert" />;
}

export function Section({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <section style={{ marginBottom: 16 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
        <h3 style={{ margin: 0, fontSize: 15 }}>{title}</h3>
        {extra}
      </div>
      {children}
    </section>
  );
}
