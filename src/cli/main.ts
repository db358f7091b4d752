import { DeskError, toErrorInfo } from '../domain/errors';
import { explainStorageError } from '../store/sqliteErrors';
import { parseCommandLine, USAGE } from './args';
import { ceEmulatorCommand } from './commands/ceEmulatorCommand';
import { exportCommand, importCommand, keywordsCommand, pasteCommand, revertCommand } from './commands/jobCommands';
import { scrubCommand } from './commands/scrubCommand';
import { serveCommand } from './commands/serveCommand';
import { syncCommand } from './commands/syncCommand';
import { auditCommand, doctorCommand, jobsCommand, searchCommand, statsCommand, unblockCommand } from './commands/queryCommands';
import { CommandContext, type Output } from './context';
import { cliMessage } from './cliWording';

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') || text.startsWith('{"entries"') || text.startsWith(',') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.startsWith('\r') ? text : `${text}\n`),
  isTTY: process.stderr.isTTY === true,
};

/** Exit codes: 0 success; 1 the job failed or was refused; 2 usage error. */
export async function main(argv: string[], io: Output = processOutput, stdin: () => Promise<string> = readStdin): Promise<number> {
  // Everything this process writes — the database, job files, backups, exports — holds
  // personal data: readable by its owner only (0600 files, 0700 folders) on POSIX.
  if (process.platform !== 'win32') process.umask(0o077);
  let ctx: CommandContext | null = null;
  try {
    const { command, positionals, flags } = parseCommandLine(argv);
    if (command === 'help') {
      io.out(USAGE);
      return 0;
    }
    ctx = new CommandContext(flags, io, stdin);
    switch (command) {
      case 'import':
        return await importCommand(ctx, positionals);
      case 'paste':
        return await pasteCommand(ctx);
      case 'export':
        return await exportCommand(ctx);
      case 'revert':
        return await revertCommand(ctx, positionals[0]);
      case 'keywords':
        return await keywordsCommand(ctx, positionals);
      case 'scrub':
        return await scrubCommand(ctx, positionals);
      case 'search':
        return searchCommand(ctx, positionals.join(' '));
      case 'unblock':
        return unblockCommand(ctx, positionals.join(' '));
      case 'audit':
        return auditCommand(ctx);
      case 'jobs':
        return jobsCommand(ctx);
      case 'stats':
        return statsCommand(ctx);
      case 'doctor':
        return doctorCommand(ctx);
      case 'serve':
        return await serveCommand(ctx);
      case 'sync':
        return await syncCommand(ctx);
      case 'ce-emulator':
        return await ceEmulatorCommand(ctx);
      default:
        throw new DeskError('usage', `"${command}" is not available yet`);
    }
  } catch (err) {
    const info = toErrorInfo(explainStorageError(err, ctx?.dataFolder));
    if (info.code === 'usage') {
      io.err(`blocklist-desk: ${cliMessage(info)}\n${USAGE.split('\n')[0]}`);
      return 2;
    }
    if (info.code === 'internal') io.err(`blocklist-desk: internal error: ${info.message}`);
    else io.err(`blocklist-desk: ${cliMessage(info)}`);
    return 1;
  } finally {
    ctx?.close();
  }
}
