/**
 * `--local`: an operations command runs against the `npm start` on this machine instead of AWS. The running stack is
 * found by the same RAADSPOST_*_PORT variables `npm start` reads (infra/local/local-config.ts), with its fixed
 * bucket and table names and the emulators' dummy credentials: nothing else to set.
 *
 * @example
 * const { values } = parseArgs({ args, options: { ...LOCAL_OPTION, … } });
 * const config = loadForwardConfig(await commandEnvironment(values.local === true, process.env));
 */
import { findLocalStack, type Env } from '../../infra/local/local-config.js';

/** The parseArgs option. */
export const LOCAL_OPTION = { local: { type: 'boolean' } } as const;

/** The usage line, the same in every command. */
export const LOCAL_USAGE =
  '  --local   run against `npm start` on this machine (found by its RAADSPOST_*_PORT variables; nothing else to set)';

/**
 * The environment a command loads its configuration from: the shell's, or with `local` the running local stack's
 * (its values win over the shell's).
 * @throws LocalConfigError (a bad RAADSPOST_*_PORT), LocalStackNotRunningError (nothing listens there)
 */
export const commandEnvironment = async (local: boolean, env: Env): Promise<Env> => (local ? { ...env, ...(await findLocalStack(env)) } : env);
