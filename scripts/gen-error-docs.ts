// Writes docs/errors.md from the error catalogue (src/app/errors.ts). `npm run docs:errors`.
import { writeFileSync } from 'node:fs';
import { ERRORS } from '../src/app/errors.ts';

export function renderErrorDocs(): string {
  const lines = [
    '# Error codes / 错误码',
    '',
    'Every error the API returns has this shape, with the message in zh-CN or en by `Accept-Language` (zh-CN by default):',
    '',
    '```json',
    '{"error": {"code": "INVALID_TRANSITION", "message": "当前状态下不允许此操作", "details": {"state": "closed"}}}',
    '```',
    '',
    'Codes are stable; messages may be reworded. Generated from `src/app/errors.ts` by `npm run docs:errors`.',
    '',
    '| code | HTTP | 中文 | English |',
    '|---|---|---|---|',
  ];
  for (const [code, e] of Object.entries(ERRORS)) lines.push(`| \`${code}\` | ${e.status} | ${e.zh} | ${e.en} |`);
  return lines.join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync('docs/errors.md', renderErrorDocs());
  console.log('docs/errors.md written');
}
