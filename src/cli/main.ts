// `kesu` — the command line of Kesu.
import { processIo, type Io } from './args.ts';
import type { ModelCommandDeps } from './commands/model.ts';
import type { Runtime } from '../runtime.ts';

type Command = (args: string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: { summary: '启动服务 / start the server (API, console, portal, worker)', load: async () => (await import('./commands/serve.ts')).run },
  migrate: { summary: '执行数据库迁移 / run database migrations', load: async () => (await import('./commands/migrate.ts')).run },
  admin: { summary: 'admin create --username U --display-name N（密码从标准输入读取 / password from stdin）', load: async () => (await import('./commands/admin.ts')).run },
  apikey: { summary: 'apikey create --name NAME --scopes complaint:create,…', load: async () => (await import('./commands/apikey.ts')).run },
  audit: { summary: 'audit verify — 校验审计链 / verify the audit hash chain', load: async () => (await import('./commands/audit.ts')).run },
  keys: { summary: 'keys rotate — 轮换数据密钥并重新加密 / rotate the data key and re-encrypt', load: async () => (await import('./commands/keys.ts')).run },
  calendar: { summary: 'calendar import FILE — 导入年度节假日 / import a year of holidays', load: async () => (await import('./commands/calendar.ts')).run },
  deadlines: { summary: '计算时限 / explain the deadlines of a hypothetical complaint', load: async () => (await import('./commands/deadlines.ts')).run },
  model: {
    summary: 'model train|eval — 训练或评估分类模型（--from-db 用已办结投诉）/ train (also from closed complaints) or evaluate a classifier',
    load: async () => {
      const { run } = await import('./commands/model.ts');
      return (args, io) => withModelDatabase((deps) => run(args, io, deps));
    },
  },
  report: { summary: 'report regulatory --from DATE --to DATE --out FILE.xlsx [--csv DIR] — 监管统计报表 / regulatory statistics; report refresh — 重算汇总 / rebuild the rollups', load: async () => (await import('./commands/report.ts')).run },
  'seed-demo': { summary: 'seed-demo --complaints N — 生成演示数据 / generate a demo dataset', load: async () => (await import('./commands/seed-demo.ts')).run },
  classify: { summary: '对文本分类 / classify texts (JSONL)', load: async () => (await import('./commands/classify.ts')).run },
};

/** The database side of `kesu model train --from-db [--register]`: opened on first use, closed at the end. */
async function withModelDatabase(fn: (deps: ModelCommandDeps) => Promise<number>): Promise<number> {
  let rt: Runtime | undefined;
  const runtime = async (): Promise<Runtime> => (rt ??= await (await import('../runtime.ts')).openRuntime());
  try {
    return await fn({
      loadLabelledFromDb: async (label, opts) => {
        const { labelledFromDb, isHeadName } = await import('../app/classifier/training-data.ts');
        if (!isHeadName(label)) throw new Error(`unknown label ${label}`);
        return labelledFromDb((await runtime()).deps.db, label, opts);
      },
      registerModel: async (model, head, name) => {
        const r = await runtime();
        const { registerModel } = await import('../app/classifier/models.ts');
        const { systemCtx } = await import('../app/context.ts');
        return registerModel(r.deps, systemCtx(r.deps.clock(), 'cli'), { head: head as 'category', json: model, ...(name ? { name } : {}) });
      },
    });
  } finally {
    await rt?.database.close();
  }
}

export function usage(): string {
  const lines = ['用法 / usage: kesu <command> [options]', ''];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${c.summary}`);
  return lines.join('\n') + '\n';
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help' || name === '-h') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr(`未知命令 / unknown command: ${name}\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await cmd.load())(rest, io);
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'DATA_DIR_LOCKED' || err.code === 'KEY_ERROR') {
      io.stderr(`${err.message}\n`);
      return 3;
    }
    io.stderr(`错误 / error: ${err.message}\n`);
    return 1;
  }
}
