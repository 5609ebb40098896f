import { letterRepositoryContract } from '../support/letter-repository-contract.js';
import { InMemoryLetterRepository } from '../support/fakes.js';

letterRepositoryContract('in-memory fake', async () => {
  const letters = new InMemoryLetterRepository();
  return { letters, tokens: letters.tokens };
});
