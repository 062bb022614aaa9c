import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { startHttpHost } from '../api/http-host.ts';
import { LecternService } from '../api/lectern-service.ts';
import { globalHome } from './command-context.ts';
import { positiveInteger } from './parse-options.ts';
import { RENDERER_DIR } from './renderer-location.ts';

/** Serves the window on 127.0.0.1 until Ctrl-C; opens a browser when asked and a display exists. */
export async function serveLibrary(library: LecternService, options: { port?: number; open?: boolean }): Promise<void> {
  const host = await startHttpHost(library, { port: options.port, rendererDir: RENDERER_DIR });
  library.startBackgroundWork();
  process.stdout.write(
    `Lectern is running at ${host.url}\nOpen this link (it carries this run's access token):\n  ${host.openUrl}\n`,
  );
  if (process.env.LECTERN_PRINT_TOKEN) process.stdout.write(`token=${host.token}\n`);
  if (options.open && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY || process.platform !== 'linux')) {
    const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
    spawn(opener, [host.openUrl], { stdio: 'ignore', detached: true })
      .on('error', () => {})
      .unref();
  }
  process.stdout.write('Press Ctrl-C to stop.\n');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await library.stopBackgroundWork();
  await host.close();
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('open the Lectern window in your browser (loopback only, per-run token)')
    .option('--port <port>', 'port on 127.0.0.1 (default: any free port)', positiveInteger)
    .option('--open', 'open the browser')
    .action(async (options: { port?: number; open?: boolean }, command: Command) => {
      const library = LecternService.open(globalHome(command));
      try {
        await serveLibrary(library, options);
      } finally {
        library.close();
      }
    });
}
