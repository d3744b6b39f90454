// Shared pieces of the administration tabs: a list (toolbar, load error, table), a dialog that submits and shows
// the server's refusal with its details, a JSON field (paste or pick a file), and one-click actions with a toast.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Input, Modal, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { ApiError, errorText } from '../api/client.ts';
import { useI18n, type Lang } from '../i18n/index.tsx';

/** A problem found in the browser before anything is sent (e.g. text that is not JSON). */
export class InputError extends Error {
  override name = 'InputError';
}

type Translate = ReturnType<typeof useI18n>['t'];

/** '/years/2027/holidays/0' → 'years.2027.holidays[0]' */
function pointer(path: string): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((p, i) => (/^\d+$/.test(p) && i > 0 && !/^\d{4}$/.test(p) ? `[${p}]` : `${i ? '.' : ''}${p}`))
    .join('');
}

const KEYWORDS = new Set(['required', 'format', 'type', 'pattern', 'additionalProperties', 'maxItems', 'minItems', 'maxLength', 'minLength', 'minimum', 'maximum', 'enum', 'const', 'anyOf', 'maxProperties']);

/**
 * The lines of an error envelope's `details`, readable: request-schema issues, calendar-file errors (with their
 * zh-CN / en message), policy problems, template issues, expected keys, a refused field.
 */
export function detailLines(details: unknown, lang: Lang, t: Translate): string[] {
  if (!details || typeof details !== 'object') return [];
  const d = details as Record<string, unknown>;
  const out: string[] = [];
  if (Array.isArray(d.errors)) {
    for (const e of d.errors as Array<{ path?: string; message?: { zh?: string; en?: string } | string; code?: string }>) {
      const msg = typeof e.message === 'string' ? e.message : (lang === 'en' ? e.message?.en : e.message?.zh) ?? e.code ?? '';
      out.push(e.path ? `${e.path}: ${msg}` : msg);
    }
  }
  if (Array.isArray(d.issues)) {
    for (const i of d.issues as Array<Record<string, unknown>>) {
      if (typeof i.keyword === 'string') {
        const where = pointer(String(i.path ?? '')) || String(i.in ?? 'body');
        const what = KEYWORDS.has(i.keyword) ? t(`errorDetail.${i.keyword}` as Parameters<Translate>[0]) : i.keyword;
        out.push(`${where}: ${what}${i.field ? ` (${String(i.field)})` : ''}`);
      } else if (typeof i.message === 'string') {
        const where = [i.locale, i.field].filter((x) => typeof x === 'string').join(' · ');
        out.push(where ? `${where}: ${i.message}` : i.message);
      }
    }
  }
  if (Array.isArray(d.problems)) for (const p of d.problems) out.push(String(p));
  if (Array.isArray(d.expectedKeys)) out.push(t('errorDetail.expectedKeys', { keys: d.expectedKeys.join(', ') }));
  if (typeof d.field === 'string') out.push(d.reason === 'exists' ? t('errorDetail.exists', { field: d.field }) : t('errorDetail.field', { field: d.field }));
  if (!out.length) out.push(JSON.stringify(details).slice(0, 400));
  return out;
}

/** An error as an alert: the server's localised message, and its details one per line. */
export function ErrorAlert({ error, testId }: { error: unknown; testId?: string }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  const title = error instanceof ApiError || error instanceof InputError ? error.message : errorText(error);
  const lines = error instanceof ApiError ? detailLines(error.details, lang, t) : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid={testId}
      title={title}
      description={
        lines.length ? (
          <ul className="kesu-error-details" style={{ margin: 0, paddingInlineStart: 18 }}>
            {lines.slice(0, 30).map((l, i) => (
              <li key={i}>
                <Typography.Text code={false}>{l}</Typography.Text>
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

function isFormValidation(e: unknown): boolean {
  return !!e && typeof e === 'object' && 'errorFields' in e;
}

/**
 * A dialog whose OK runs `onSubmit`; it stays open and shows the refusal when that throws (an antd form's own
 * validation failure just keeps it open), and closes when it succeeds.
 */
export function FormDialog(props: {
  open: boolean;
  title: ReactNode;
  onClose(): void;
  onSubmit(): Promise<unknown>;
  okText?: string;
  width?: number;
  testId?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (props.open) setError(null);
  }, [props.open]);
  const ok = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit();
      props.onClose();
    } catch (e) {
      if (!isFormValidation(e)) setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={props.open}
      title={props.title}
      width={props.width}
      onCancel={props.onClose}
      onOk={() => void ok()}
      confirmLoading={busy}
      okText={props.okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={props.testId ? { 'data-testid': `${props.testId}-ok` } : undefined}
      destroyOnHidden
    >
      <div data-testid={props.testId}>{props.children}</div>
      {error ? (
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={error} testId={props.testId ? `${props.testId}-error` : undefined} />
        </div>
      ) : null}
    </Modal>
  );
}

/** The list shape of every admin tab: a toolbar, the load error if any, and the table. */
export function AdminList<T extends object>({
  toolbar,
  error,
  loading,
  rows,
  testId,
  ...table
}: {
  toolbar?: ReactNode;
  error?: unknown;
  loading?: boolean;
  rows: T[];
  testId?: string;
} & Omit<TableProps<T>, 'dataSource' | 'loading'>) {
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {toolbar ? <Space wrap>{toolbar}</Space> : null}
      {error ? <ErrorAlert error={error} /> : null}
      <Table<T> size="middle" pagination={false} {...table} loading={loading} dataSource={rows} data-testid={testId} />
    </Space>
  );
}

/** Runs an action (delete, resend, activate …) and reports it with a toast; resolves true when it succeeded. */
export function useAction(): (fn: () => Promise<unknown>, success?: string) => Promise<boolean> {
  const { message } = App.useApp();
  return useCallback(
    async (fn, success) => {
      try {
        await fn();
        if (success) message.success(success);
        return true;
      } catch (e) {
        message.error(errorText(e));
        return false;
      }
    },
    [message],
  );
}

/** Parses the text of a JSON field; a syntax error becomes an InputError naming where it is. */
export function parseJsonInput(text: string, t: Translate): unknown {
  if (!text.trim()) throw new InputError(t('json.empty'));
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(t('json.invalid', { reason: (e as Error).message }));
  }
}

/** A JSON text area with "choose a file" (the file's text replaces the area's). */
export function JsonField({ value, onChange, rows = 14, placeholder, testId }: { value: string; onChange(v: string): void; rows?: number; placeholder?: string; testId?: string }) {
  const { t } = useI18n();
  const file = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Button icon={<UploadOutlined />} onClick={() => file.current?.click()}>
          {t('json.chooseFile')}
        </Button>
        <Typography.Text type="secondary">{fileName ?? t('json.orPaste')}</Typography.Text>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          style={{ display: 'none' }}
          data-testid={testId ? `${testId}-file` : undefined}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (!f) return;
            // The name shows once the text is in the field: "import" clicked in between would send the old text.
            void f.text().then((text) => {
              onChange(text);
              setFileName(f.name);
            });
          }}
        />
      </Space>
      <Input.TextArea
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={rows}
        placeholder={placeholder}
        spellCheck={false}
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
        data-testid={testId}
        aria-label={t('json.label')}
      />
    </Space>
  );
}
