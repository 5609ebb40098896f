import type { RegisterScheme } from '../domain/approval.js';
import { registerList, registerScopesFor, type ListPeriod, type ListSettings, type RegisterList } from '../domain/register-list.js';
import type { LetterRepository } from '../ports.js';

export interface RegisterListDeps {
  readonly letters: Pick<LetterRepository, 'listRegistered'>;
  readonly settings: ListSettings & { readonly municipality: string; readonly registerScheme: RegisterScheme };
}

export interface RegisterListInput {
  readonly period: ListPeriod;
  /** The version for publication (no private person named). */
  readonly public: boolean;
  /** Meeting days (YYYY-MM-DD): a table per meeting instead of per month. */
  readonly meetings?: readonly string[];
}

export type MakeRegisterList = (input: RegisterListInput) => Promise<RegisterList>;

/**
 * The lijst ingekomen stukken of a period: the numbered letters of the period's register counters (a Query per year on
 * the register index, no scan), those registered in the period, a table per meeting period.
 */
export const makeRegisterList =
  ({ letters, settings }: RegisterListDeps): MakeRegisterList =>
  async ({ period, public: publicVersion, meetings }) =>
    registerList(
      await letters.listRegistered(registerScopesFor(period, settings.registerScheme)),
      { municipality: settings.municipality, period, public: publicVersion, ...(meetings && { meetings }) },
      settings,
    );
