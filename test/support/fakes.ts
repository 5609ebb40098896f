/**
 * In-memory fakes of the ports (STYLE 6.9): they behave like the adapters' contracts and record calls,
 * so unit tests need no vi.mock.
 */
import { RawMailMissingError } from '../../shared/domain/errors.js';
import type { Letter } from '../../shared/domain/letter.js';
import type { Clock, CreateResult, LetterRepository, RawMailStore } from '../../shared/ports.js';

export class InMemoryRawMailStore implements RawMailStore {
  readonly objects = new Map<string, Uint8Array>();
  readonly gets: string[] = [];
  readonly puts: string[] = [];
  /** When set, `get` throws this instead of answering (e.g. a DependencyUnavailableError). */
  failWith: Error | undefined;

  constructor(objects: Record<string, Uint8Array | string> = {}) {
    for (const [key, value] of Object.entries(objects)) {
      this.objects.set(key, typeof value === 'string' ? Buffer.from(value) : value);
    }
  }

  async get(objectKey: string): Promise<Uint8Array> {
    this.gets.push(objectKey);
    if (this.failWith) throw this.failWith;
    const raw = this.objects.get(objectKey);
    if (!raw) throw new RawMailMissingError(`no object ${objectKey}`);
    return raw;
  }

  async put(objectKey: string, raw: Uint8Array): Promise<void> {
    this.puts.push(objectKey);
    this.objects.set(objectKey, raw);
  }
}

export class InMemoryLetterRepository implements LetterRepository {
  readonly letters = new Map<string, Letter>();
  /** Every letter passed to createIfAbsent, in order, including duplicates. */
  readonly createCalls: Letter[] = [];
  readonly getCalls: string[] = [];

  /** The letters that were actually stored. */
  get saved(): Letter[] {
    return [...this.letters.values()];
  }

  async createIfAbsent(letter: Letter): Promise<CreateResult> {
    this.createCalls.push(letter);
    if (this.letters.has(letter.id)) return 'duplicate';
    this.letters.set(letter.id, letter);
    return 'created';
  }

  async get(id: string): Promise<Letter | undefined> {
    this.getCalls.push(id);
    return this.letters.get(id);
  }
}

/** A clock that always says the same time. */
export const fixedClock = (iso = '2026-02-02T09:30:00.000Z'): Clock => ({ now: () => new Date(iso) });
