import type { Command } from 'commander';

/**
 * Every CLI command file exports `register(program)`; `cli/commands.ts` lists them.
 * Global options available to every command: `--home <dir>` (data folder) and `--json`
 * where a command prints machine-readable output. Use `globalHome(command)` to read --home.
 */
export type RegisterCommand = (program: Command) => void;

export function globalHome(command: Command): string | undefined {
  return command.optsWithGlobals<{ home?: string }>().home;
}
