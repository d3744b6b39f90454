// A real SMTP server inside the test run, collecting what Kesu sends.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMail } from '../notify/mime.ts';
import { EmailTransport } from '../../src/notify/index.ts';
import type { Transports } from '../../src/notify/transport.ts';
import { NotConfiguredTransport } from '../../src/notify/transport.ts';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

export interface Mailbox {
  port: number;
  mails: Mail[];
  transports: Transports;
  close(): Promise<void>;
}

export async function startMailbox(): Promise<Mailbox> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const parsed = parseMail(Buffer.concat(chunks).toString('utf8'));
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: parsed.subject ?? '', text: parsed.text ?? '' });
        cb();
      });
    },
  });
  const port = await new Promise<number>((resolve) => {
    const s = server.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port));
  });
  const email = new EmailTransport({ host: '127.0.0.1', port, secure: false, from: 'kesu@bank.example' });
  return {
    port,
    mails,
    transports: { email, sms: new NotConfiguredTransport('sms', 'not in this test') },
    close: async () => {
      await email.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
